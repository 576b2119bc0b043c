// Byte-for-byte snapshots of a folder, to prove a run left a project exactly as it was.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function snapshotTree(root: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const key = path.relative(root, full);
      if (entry.isSymbolicLink()) snapshot[key] = `link:${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) {
        snapshot[`${key}/`] = 'dir';
        walk(full);
      } else snapshot[key] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(root);
  return snapshot;
}

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/projects');
export const REPO = path.resolve(import.meta.dirname, '../..');

/** A fresh copy of a fixture project (or examples/shopsite) in a temp folder; returns its path. */
export function copyProject(source: string): string {
  const from = path.isAbsolute(source) ? source : path.join(FIXTURES, source);
  const to = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-')), path.basename(from));
  fs.cpSync(from, to, { recursive: true });
  return to;
}
