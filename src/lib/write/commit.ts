// Stage 7, the writing half: every accepted file reaches the disk whole, or none does. Each file is first written
// and flushed to a temporary file in its own folder; only when every temporary exists are they renamed into place,
// each replaced original kept (as a hard link) until the last rename is done. Any failure removes the temporaries
// and puts every original back, so the project is as it was.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { PlannedWrite } from '../types.js';

export interface CommitOptions {
  /** Runs before the rename of file `index` (in order); what it throws is a fault at that step. Tests use it. */
  beforeRename?: (index: number) => void;
}

/** One file on its way: where it goes, its flushed temporary, and the kept original of a file it replaces. */
interface Staged {
  write: PlannedWrite;
  target: string;
  temp: string;
  kept: string | null;
  renamed: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Writes the accepted files into the project, all or nothing. A SIGINT, SIGTERM or SIGHUP that arrives meanwhile
 * waits until the commit is whole (or rolled back), then takes effect as it would have.
 */
export async function commitWrites(
  root: string,
  writes: PlannedWrite[],
  options: CommitOptions = {},
): Promise<void> {
  if (writes.length === 0) return;
  const received: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => received.push(signal);
  for (const signal of SIGNALS) process.on(signal, hold);
  let failure: unknown = null;
  try {
    commitNow(root, writes, options);
  } catch (error) {
    failure = error;
  }
  // A signal that came during the synchronous commit reaches its listener in the poll phase of the event loop:
  // the first turn ends in some check phase, the second has passed a whole poll phase.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  for (const signal of SIGNALS) process.off(signal, hold);
  // Rolled back: the failure says so, and stops the run anyway.
  if (failure) throw failure;
  // Whole: now the signal takes effect, as it would have without the commit.
  const signal = received[0];
  if (signal && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function commitNow(root: string, writes: PlannedWrite[], options: CommitOptions): void {
  const staged: Staged[] = [];
  const madeFolders: string[] = [];
  let step: 'write' | 'rename' = 'write';
  let current = '';
  try {
    for (const [index, write] of writes.entries()) {
      current = write.path;
      // An existing file may be a link inside the project (the plan checked where it leads): update what it names.
      const target =
        write.existing === null ? path.join(root, write.path) : fs.realpathSync(path.join(root, write.path));
      makeFolders(path.dirname(target), root, madeFolders);
      const mode = write.existing === null ? undefined : fs.statSync(target).mode & 0o7777;
      const item: Staged = {
        write,
        target,
        temp: siblingName(target, index, 'tmp'),
        kept: null,
        renamed: false,
      };
      staged.push(item);
      writeFlushed(item.temp, write.content, mode);
      if (write.existing !== null) {
        // The original stays reachable under a second name until the whole commit is done.
        item.kept = siblingName(target, index, 'orig');
        keepOriginal(target, item.kept);
      }
    }
    step = 'rename';
    for (const [index, item] of staged.entries()) {
      current = item.write.path;
      options.beforeRename?.(index);
      fs.renameSync(item.temp, item.target);
      item.renamed = true;
    }
    syncFolders(staged.map((item) => path.dirname(item.target)));
  } catch (error) {
    const leftBehind = rollBack(staged, madeFolders);
    throw commitError(error as NodeJS.ErrnoException, step, current, leftBehind);
  }
  for (const item of staged) if (item.kept) removeQuietly(item.kept);
}

/** Creates the missing folders down to `folder`, outermost first, noting each one made as soon as it exists. */
function makeFolders(folder: string, root: string, made: string[]): void {
  const missing: string[] = [];
  for (let dir = folder; dir !== root && !fs.existsSync(dir); dir = path.dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    fs.mkdirSync(dir);
    made.push(dir);
  }
}

/** A second name for the original: a hard link, or a copy where the file system has no links. */
function keepOriginal(target: string, kept: string): void {
  try {
    fs.linkSync(target, kept);
  } catch (error) {
    if (
      !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK'].includes(
        (error as NodeJS.ErrnoException).code ?? '',
      )
    )
      throw error;
    fs.copyFileSync(target, kept, fs.constants.COPYFILE_EXCL);
  }
}

/** A short name beside the target: the target's own name may already be near the length limit. */
const siblingName = (target: string, index: number, kind: 'tmp' | 'orig'): string =>
  path.join(path.dirname(target), `.celery-django-${process.pid}-${index}.${kind}`);

function writeFlushed(file: string, content: string, mode: number | undefined): void {
  const fd = fs.openSync(file, 'wx', mode ?? 0o666);
  try {
    fs.writeFileSync(fd, content);
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the renames themselves durable; a platform that cannot sync a folder simply skips it. */
function syncFolders(folders: string[]): void {
  for (const folder of new Set(folders)) {
    try {
      const fd = fs.openSync(folder, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // Best effort: the files are already in place.
    }
  }
}

/** Undoes everything, newest first; returns the paths it could not restore (none, short of a failing disk). */
function rollBack(staged: Staged[], madeFolders: string[]): string[] {
  const leftBehind: string[] = [];
  for (const item of [...staged].reverse()) {
    try {
      if (item.renamed && item.kept) fs.renameSync(item.kept, item.target);
      else if (item.renamed) fs.unlinkSync(item.target);
      else {
        removeQuietly(item.temp);
        if (item.kept) removeQuietly(item.kept);
      }
    } catch {
      leftBehind.push(item.write.path);
    }
  }
  for (const folder of [...madeFolders].reverse()) {
    try {
      fs.rmdirSync(folder);
    } catch {
      // Not empty: something else was put there meanwhile, so it stays.
    }
  }
  return leftBehind;
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone.
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file passes the size limit set for this process, see ulimit -f',
  EROFS: 'the folder is on a read-only file system',
  EACCES: 'the folder is not writable for you',
  EPERM: 'the operation is not permitted there',
  ENAMETOOLONG: 'the name is too long for the file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder with that name is in the way',
  EEXIST: 'a leftover temporary file is in the way',
  EIO: 'the disk reported an input/output error',
};

function commitError(
  error: NodeJS.ErrnoException,
  step: 'write' | 'rename',
  file: string,
  leftBehind: string[],
) {
  const reason = REASONS[error.code ?? ''] ?? error.message;
  const what = step === 'rename' ? 'put' : 'write';
  const outcome =
    leftBehind.length === 0
      ? 'Nothing was changed: every file is as it was.'
      : `These files could not be restored and need a look: ${leftBehind.join(', ')}.`;
  return new UserError(
    `Could not ${what} ${file} into the project: ${reason}. ${outcome}`,
    'Fix that, then run again with --apply <record> (the run record named above) to write the same answer without calling the model again.',
  );
}
