// Small synchronous file helpers: detection runs on every start and must never throw on an odd project.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The file's text, or null when it cannot be read (missing, a folder, no permission). */
export function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** `to` relative to `from`, with POSIX separators as every path in a Project is. */
export function relativePosix(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}
