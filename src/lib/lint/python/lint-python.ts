// Python: the project's own ruff when it has one, else the embedded ruff.
import type { LintReport } from '../../types.js';
import { findNativeRuff, lintWithNativeRuff } from './native-ruff.js';

export async function lintPython(
  files: string[],
  root: string,
  fix: boolean,
  env: Record<string, string | undefined>,
): Promise<LintReport> {
  const native = await findNativeRuff(root, env);
  if (native) return lintWithNativeRuff(native, files, root, fix, env);
  try {
    // Imported here so that a run with a native ruff (or no Python files) never loads the wasm module.
    const { lintWithEmbeddedRuff } = await import('./embedded-ruff.js');
    return lintWithEmbeddedRuff(files, root, fix);
  } catch (error) {
    return {
      findings: [],
      linters: [],
      notices: [
        `no ruff found and the embedded ruff failed to load (${String(error).split('\n')[0]}): ` +
          'Python files were only checked by the Celery rules; install ruff in the project (pip install ruff)',
      ],
      fixed: [],
    };
  }
}

/** Finds the project's ruff, or loads the embedded one, ahead of a check. */
export async function preparePython(root: string, env: Record<string, string | undefined>): Promise<void> {
  if (await findNativeRuff(root, env)) return;
  const { loadRuffWasm } = await import('./embedded-ruff.js');
  loadRuffWasm();
}
