// Stage 7, the commit half: the accepted files reach the disk.
import fs from 'node:fs';
import path from 'node:path';
import type { PlannedWrite } from '../types.js';

/** Writes the accepted files of one round. */
export function commitWrites(root: string, writes: PlannedWrite[]): void {
  for (const write of writes) {
    const file = path.join(root, write.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, write.content);
  }
}
