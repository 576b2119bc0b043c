// What every stage that reads or writes project files agrees on: where the project ends, and what text is.
import path from 'node:path';

/** Whether `target` (a real path) is `root` or inside it. */
export const isInside = (root: string, target: string): boolean =>
  target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** UTF-8 text, or null for binary data (NUL bytes or invalid UTF-8). */
export function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
