// What the disk can be asked before anything is written: whether a folder takes new files, and whether the file
// systems have room for the whole answer. The commit still handles every failure; this only says it early.
import fs from 'node:fs';
import path from 'node:path';
import type { PlannedWrite } from '../types.js';
import { formatSize } from './format.js';

/** Why nothing can be written into `folder`, or null when it can (a read-only mount, no write permission). */
export function unwritableReason(folder: string): string | null {
  try {
    fs.accessSync(folder, fs.constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? 'is on a read-only file system' : 'is not writable for you';
  }
}

/** The nearest folder of `file` that exists now: new files and folders are made inside it. */
export function existingFolderOf(file: string): string {
  let folder = path.dirname(file);
  while (!fs.existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}

/**
 * Each file system must hold the new text of every file written on it, each rounded up to whole blocks (the
 * temporaries exist together with the originals until the last rename). Where the platform does not say how
 * much is free, nothing is refused.
 */
export function checkFreeSpace(root: string, writes: PlannedWrite[]): string[] {
  const needs = new Map<number, { folder: string; bytes: number; free: number | null; block: number }>();
  for (const write of writes) {
    if (write.action === 'identical') continue;
    const folder = existingFolderOf(path.join(root, write.path));
    const device = fs.statSync(folder).dev;
    let need = needs.get(device);
    if (!need) {
      const space = freeSpace(folder);
      need = { folder, bytes: 0, free: space?.free ?? null, block: space?.block ?? 4096 };
      needs.set(device, need);
    }
    const size = Buffer.byteLength(write.content);
    need.bytes += Math.ceil(size / need.block) * need.block;
  }
  return [...needs.values()]
    .filter((need) => need.free !== null && need.bytes > need.free)
    .map((need) => {
      const where = path.relative(root, need.folder) || '.';
      return `the disk holding ${where}/ has ${formatSize(need.free!)} free, and the answer needs ${formatSize(need.bytes)}`;
    });
}

function freeSpace(folder: string): { free: number; block: number } | null {
  try {
    const stats = fs.statfsSync(folder);
    return { free: stats.bavail * stats.bsize, block: stats.bsize };
  } catch {
    return null;
  }
}
