// Dockerfiles with dockerfile-utils (the checks of VS Code's Docker support): syntax and semantics.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../types.js';

export async function lintDockerfile(root: string, file: string): Promise<Finding[]> {
  let source: string;
  try {
    source = readFileSync(path.join(root, file), 'utf8');
  } catch {
    return [];
  }
  const { validate, ValidationCode } = await import('dockerfile-utils');
  return validate(source).map((diagnostic) => {
    const name =
      typeof diagnostic.code === 'number' ? ValidationCode[diagnostic.code] : String(diagnostic.code ?? '');
    return {
      file,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      code: `dockerfile/${(name ?? 'problem').toLowerCase().replace(/_/g, '-')}`,
      message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
      severity: diagnostic.severity === 1 ? 'error' : 'warning',
      source: 'dockerfile',
    };
  });
}
