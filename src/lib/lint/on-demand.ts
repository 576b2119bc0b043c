// The check as a run uses it: the lint stage (ruff-wasm, the Python parser, the linters) loads only when a run
// checks files, and can start getting ready while the model writes.
import type { LintReport } from '../types.js';

/** Starts loading and warming the check; a failure here only means lint loads it later. */
export function prepareLintSoon(root: string): void {
  import('./index.js').then(
    ({ prepareLint }) => prepareLint(root),
    () => {},
  );
}

/** Checks the files (unless --no-lint, or there are none) and shows the report; null when nothing ran. */
export async function checkFiles(
  paths: string[],
  options: { root: string; fix: boolean; lint: boolean },
  show: (text: string) => void,
): Promise<LintReport | null> {
  if (!options.lint || paths.length === 0) return null;
  const { formatReport, lint } = await import('./index.js');
  const report = await lint(paths, { root: options.root, fix: options.fix });
  show(formatReport(report));
  return report;
}
