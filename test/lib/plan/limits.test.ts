// What the plan refuses before anything is written: too much, names the disk cannot hold, hidden characters,
// files the project keeps to itself, folders that take no files and disks without room.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanRejectedError, planWrites, type PlanOptions } from '../../../src/lib/plan/index.js';
import type { AnswerFile, ModelAnswer } from '../../../src/lib/types.js';
import { copyProject, snapshotTree } from '../../support/tree.js';

const create = (p: string, content = 'x = 1\n'): AnswerFile => ({ path: p, action: 'create', content });
const answer = (files: AnswerFile[]): ModelAnswer => ({ files, notes: '' });

/** The reasons an answer is refused for, checking that the project did not change. */
function refusal(root: string, files: AnswerFile[], options: Partial<PlanOptions> = {}): string[] {
  const before = snapshotTree(root);
  let error: unknown = null;
  try {
    planWrites(answer(files), root, { kind: 'code', ...options });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PlanRejectedError);
  expect((error as PlanRejectedError).exitCode).toBe(1);
  expect(snapshotTree(root)).toEqual(before);
  return (error as PlanRejectedError).reasons;
}

const mounts: string[] = [];
afterEach(() => {
  for (const folder of mounts.splice(0)) execFileSync('umount', [folder]);
});
function mountTmpfs(folder: string, options: string): void {
  fs.mkdirSync(folder, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', folder]);
  mounts.push(folder);
}

describe('the plan refuses', () => {
  it('an answer of 5,000 files, in one reason, naming the flag that raises the limit', () => {
    const root = copyProject('startproject');
    const files = Array.from({ length: 5000 }, (_, i) => create(`orders/generated/m${i}.py`));
    expect(refusal(root, files)).toEqual([
      'the answer holds 5,000 files, more than the 200 one answer may write (--max-files raises it)',
    ]);
    expect(planWrites(answer(files), root, { kind: 'code', maxFiles: 5000 }).writes).toHaveLength(5000);
  });

  it('more than 2 MB of content in all', () => {
    const root = copyProject('startproject');
    const files = Array.from({ length: 10 }, (_, i) =>
      create(`orders/big${i}.py`, `${'#'.repeat(250_000)}\n`),
    );
    expect(refusal(root, files)).toEqual([
      'the answer holds 2,500,010 bytes of content, more than the 2,097,152 one answer may write (--max-bytes raises it)',
    ]);
  });

  it('a name longer than a file system allows, and a path longer than the system allows', () => {
    const root = copyProject('startproject');
    const long = `orders/${'n'.repeat(300)}.py`;
    const deep = `orders/${Array.from({ length: 20 }, () => 'd'.repeat(250)).join('/')}/x.py`;
    const reasons = refusal(root, [create('orders/fine.py'), create(long), create(deep)]);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/is 303 bytes long, more than the 255 a file system allows/);
    expect(reasons[1]).toMatch(/the full path would be [\d,]+ bytes long, more than the 4,095/);
  });

  it.each([
    ['a C1 control', 'orders/\u009btasks.py', '\\u009b'],
    ['a right-to-left override', 'orders/task\u202eyp.sk', '\\u202e'],
    ['a zero-width space', 'orders/tas\u200bks.py', '\\u200b'],
  ])('a path holding %s, and shows the character as its code', (_, bad, shown) => {
    const root = copyProject('startproject');
    const [reason] = refusal(root, [create(bad)]);
    expect(reason).toContain(`invisible formatting one (${shown})`);
  });

  it.each([
    'manage.py',
    '.env',
    'shopsite/.env.production',
    '.gitmodules',
    '.gitattributes',
    '.github/workflows/deploy.yml',
    '.gitlab-ci.yml',
    '.circleci/config.yml',
  ])('%s, which the project keeps to itself, whatever the action', (protectedPath) => {
    const root = copyProject('startproject');
    for (const action of ['create', 'replace', 'append'] as const) {
      const [reason] = refusal(root, [{ path: protectedPath, action, content: 'import os\n' }]);
      expect(reason).toMatch(/never writes/);
    }
  });

  it('but writes the documented .env templates', () => {
    const root = copyProject('startproject');
    const plan = planWrites(
      answer([create('.env.example', 'REDIS_URL=\n'), create('.env.sample'), create('.env.template')]),
      root,
      { kind: 'code' },
    );
    expect(plan.writes.map((w) => w.action)).toEqual(['create', 'create', 'create']);
  });

  it('a file in a read-only folder, new or replaced', () => {
    const root = copyProject('startproject');
    mountTmpfs(path.join(root, 'orders/locked'), 'size=64k');
    fs.writeFileSync(path.join(root, 'orders/locked/tasks.py'), 'x = 0\n');
    execFileSync('mount', ['-o', 'remount,ro', path.join(root, 'orders/locked')]);
    const reasons = refusal(root, [
      create('orders/fine.py'),
      create('orders/locked/new/deep.py'),
      { path: 'orders/locked/tasks.py', action: 'replace', content: 'x = 1\n' },
    ]);
    expect(reasons).toEqual([
      '"orders/locked/new/deep.py": its folder orders/locked/ is on a read-only file system',
      '"orders/locked/tasks.py": its folder orders/locked/ is on a read-only file system',
    ]);
  });

  it('an answer the disk has no room for', () => {
    const root = copyProject('startproject');
    mountTmpfs(path.join(root, 'orders/small'), 'size=64k');
    const reasons = refusal(root, [
      create('orders/fine.py'),
      create('orders/small/a.py', `${'#'.repeat(40_000)}\n`),
      create('orders/small/b.py', `${'#'.repeat(40_000)}\n`),
    ]);
    expect(reasons).toEqual([
      expect.stringMatching(
        /^the disk holding orders\/small\/ has [\d.]+ kB free, and the answer needs 81\.9 kB$/,
      ),
    ]);
  });
});
