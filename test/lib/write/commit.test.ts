// The commit is all or nothing: every fault, at any step, leaves each file of the project old, never half written.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/lib/errors.js';
import type { PlannedWrite } from '../../../src/lib/types.js';
import { commitWrites } from '../../../src/lib/write/commit.js';
import { transpiled } from '../../support/transpile.js';
import { copyProject, snapshotTree } from '../../support/tree.js';

const SETTINGS = 'shopsite/settings.py';
const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** An answer that creates files in new and old folders and replaces two of the user's files. */
function answerFor(root: string): PlannedWrite[] {
  const existing = (file: string) => read(root, file);
  return [
    {
      path: 'orders/tasks.py',
      action: 'create',
      content: 'from celery import shared_task\n',
      existing: null,
    },
    {
      path: SETTINGS,
      action: 'update',
      content: `${existing(SETTINGS)}X = 1\n`,
      existing: existing(SETTINGS),
    },
    { path: 'orders/jobs/__init__.py', action: 'create', content: '', existing: null },
    { path: 'orders/jobs/nightly.py', action: 'create', content: 'N = 2\n', existing: null },
    {
      path: 'manage.py',
      action: 'update',
      content: `${existing('manage.py')}# end\n`,
      existing: existing('manage.py'),
    },
  ];
}

/** The failure a user reads: one paragraph, saying the project is as it was. */
function expectCleanFailure(error: unknown, what: RegExp): void {
  expect(error).toBeInstanceOf(UserError);
  const message = (error as UserError).message;
  expect(message).toMatch(what);
  expect(message).toMatch(/Nothing was changed/);
  expect(message).not.toMatch(/\n\s*\n|\n\s+at /);
}

const mounts: string[] = [];
afterEach(() => {
  for (const folder of mounts.splice(0)) execFileSync('umount', [folder]);
});
/** A small file system of its own inside the project: full or read-only for root too. */
function mountTmpfs(folder: string, options: string): void {
  fs.mkdirSync(folder, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', folder]);
  mounts.push(folder);
}

describe('commitWrites', () => {
  it('writes every file whole, keeps the mode of replaced files and leaves no temporary behind', async () => {
    const root = copyProject('startproject');
    fs.chmodSync(path.join(root, 'manage.py'), 0o755);
    const writes = answerFor(root);
    await commitWrites(root, writes);
    for (const write of writes) expect(read(root, write.path)).toBe(write.content);
    expect(fs.statSync(path.join(root, 'manage.py')).mode & 0o777).toBe(0o755);
    expect(Object.keys(snapshotTree(root)).filter((file) => file.includes('.celery-django-'))).toEqual([]);
  });

  it.each([0, 1, 2, 3, 4])('a fault at rename %i puts every file back as it was', async (k) => {
    const root = copyProject('startproject');
    const before = snapshotTree(root);
    const fault = () => {
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    };
    const error = await commitWrites(root, answerFor(root), {
      beforeRename: (index) => index === k && fault(),
    }).catch((e: unknown) => e);
    expectCleanFailure(error, /input\/output error/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a folder in the way of the last file undoes the renames already done', async () => {
    const root = copyProject('startproject');
    const writes = answerFor(root);
    // Appeared after the plan was made: the rename of the last new file meets a folder that holds something.
    fs.mkdirSync(path.join(root, 'orders/jobs/nightly.py'), { recursive: true });
    fs.writeFileSync(path.join(root, 'orders/jobs/nightly.py/keep'), 'k');
    const before = snapshotTree(root);
    const error = await commitWrites(root, writes).catch((e: unknown) => e);
    expectCleanFailure(error, /nightly\.py/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a name too long for the file system fails cleanly', async () => {
    const root = copyProject('startproject');
    const before = snapshotTree(root);
    const writes = [
      ...answerFor(root),
      {
        path: `orders/made/${'x'.repeat(300)}/deep.py`,
        action: 'create' as const,
        content: '',
        existing: null,
      },
    ];
    const error = await commitWrites(root, writes).catch((e: unknown) => e);
    expectCleanFailure(error, /name is too long/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a full disk fails cleanly, the replaced settings neither cut short nor lost', async () => {
    const root = copyProject('startproject');
    mountTmpfs(path.join(root, 'orders'), 'size=64k');
    fs.writeFileSync(path.join(root, 'orders/models.py'), 'class Order: ...\n');
    const before = snapshotTree(root);
    const existing = read(root, 'orders/models.py');
    const writes: PlannedWrite[] = [
      { path: 'orders/a.py', action: 'create', content: 'a = 1\n', existing: null },
      {
        path: 'orders/models.py',
        action: 'update',
        content: `${existing}${'#'.repeat(200_000)}\n`,
        existing,
      },
    ];
    const error = await commitWrites(root, writes).catch((e: unknown) => e);
    expectCleanFailure(error, /disk is full/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('a read-only folder fails cleanly, with nothing written elsewhere and no new folder left', async () => {
    const root = copyProject('startproject');
    mountTmpfs(path.join(root, 'orders/locked'), 'ro,size=64k');
    const before = snapshotTree(root);
    const writes: PlannedWrite[] = [
      { path: 'orders/fresh/tasks.py', action: 'create', content: 'x = 1\n', existing: null },
      { path: 'orders/locked/deeper/tasks.py', action: 'create', content: 'y = 2\n', existing: null },
    ];
    const error = await commitWrites(root, writes).catch((e: unknown) => e);
    expectCleanFailure(error, /read-only/);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('commitWrites in a process of its own', () => {
  const commitModule = transpiled('lib/write/commit');
  // `pause` holds the commit after its first rename for a moment, so that the parent's signal lands in the middle.
  const script = `
    import fs from 'node:fs';
    const { commitWrites } = await import(${JSON.stringify(commitModule)});
    const [root, answer, pause] = process.argv.slice(1);
    const writes = JSON.parse(fs.readFileSync(answer, 'utf8'));
    const beforeRename = (index) => {
      if (index !== 1 || !pause) return;
      process.stdout.write('renaming\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    };
    try {
      await commitWrites(root, writes, { beforeRename });
      process.stdout.write('done\\n');
    } catch (error) {
      process.stderr.write(error.message);
      process.exitCode = 1;
    }`;

  function answerFile(writes: PlannedWrite[]): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-answer-')), 'answer.json');
    fs.writeFileSync(file, JSON.stringify(writes));
    return file;
  }

  it('past the file-size limit (ulimit -f, EFBIG) leaves the project as it was', () => {
    const root = copyProject('startproject');
    const before = snapshotTree(root);
    const settings = read(root, SETTINGS);
    const writes: PlannedWrite[] = [
      { path: 'orders/tasks.py', action: 'create', content: 'x = 1\n', existing: null },
      { path: SETTINGS, action: 'update', content: `${settings}${'#'.repeat(64_000)}\n`, existing: settings },
    ];
    const run = () =>
      execFileSync(
        'sh',
        [
          '-c',
          'ulimit -f 32; exec "$0" --input-type=module -e "$1" "$2" "$3"',
          process.execPath,
          script,
          root,
          answerFile(writes),
        ],
        {
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
    let stderr = '';
    try {
      run();
    } catch (error) {
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(stderr).toMatch(/size limit set for this process, see ulimit -f\. Nothing was changed/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('SIGTERM in the middle of a commit of 1,000 files lets it finish whole, then ends the process', async () => {
    const root = copyProject('startproject');
    const settings = read(root, SETTINGS);
    const writes: PlannedWrite[] = [
      { path: SETTINGS, action: 'update', content: `${settings}Y = 2\n`, existing: settings },
      ...Array.from({ length: 1000 }, (_, i) => ({
        path: `orders/generated/part${i % 20}/module_${i}.py`,
        action: 'create' as const,
        content: `VALUE = ${i}\n`,
        existing: null,
      })),
    ];
    const before = snapshotTree(root);
    const child = spawn(process.execPath, [
      '--input-type=module',
      '-e',
      script,
      root,
      answerFile(writes),
      'pause',
    ]);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('renaming')) child.kill('SIGTERM');
    });
    const [, signal] = (await new Promise((resolve) => child.on('exit', (...end) => resolve(end)))) as [
      number | null,
      NodeJS.Signals | null,
    ];
    expect(stderr).toBe('');
    expect(signal).toBe('SIGTERM');
    expect(stdout).not.toContain('done');
    // Whole: every file new (the signal waited), and nothing else than the answer added.
    for (const write of writes) expect(read(root, write.path)).toBe(write.content);
    const added = Object.keys(snapshotTree(root)).filter((key) => !(key in before));
    expect(added.filter((key) => !key.endsWith('/'))).toHaveLength(1000);
    expect(added.filter((key) => key.includes('.celery-django-'))).toEqual([]);
  });
});
