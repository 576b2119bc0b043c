// The package as users get it: `npm pack`, installed with yo into a fresh folder, run through `yo` and our bin.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, type InstalledPackage } from '../support/pack.js';
import { copyProject, snapshotTree } from '../support/tree.js';

let installed: InstalledPackage;
let project: string;
let home: string;
let answersFile: string;

beforeAll(() => {
  installed = packAndInstall();
  const tmp = path.dirname(installed.runner);
  project = copyProject('startproject');
  home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  answersFile = path.join(tmp, 'answers.json');
  fs.writeFileSync(
    answersFile,
    JSON.stringify({
      app: 'orders',
      taskName: 'send_invoice',
      purpose: 'Email the invoice PDF of an order',
      parameters: 'order_id: int',
    }),
  );
  // yo runs as uid 1000 when started by root: give that user the folders it needs.
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', '1000:1000', tmp, path.dirname(project)]);
}, 300_000);

function run(bin: string, args: string[]) {
  return spawnSync(installed.bin(bin), args, {
    cwd: path.join(project, 'orders'),
    encoding: 'utf8',
    env: { ...process.env, HOME: home, NO_UPDATE_NOTIFIER: '1', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const dryRun = ['--prompt', 'task/basic-retry', '--dry-run', '--json', '--yes'];

describe.each([
  ['yo', ['celery-django:task']],
  ['generator-celery-django', ['task']],
])('the packed package through %s', (bin, command) => {
  it('prints the request as JSON from inside an app folder and leaves the project unchanged', () => {
    const before = snapshotTree(project);
    const result = run(bin, [...command, ...dryRun, '--answers', answersFile]);
    expect(result.stderr).not.toMatch(/Unexpected error/);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.prompt).toEqual({
      id: 'task/basic-retry',
      title: expect.any(String),
      section: 'task',
      kind: 'code',
    });
    expect(output.project.root).toBe(fs.realpathSync(project));
    expect(output.project.package).toBe('shopsite');
    expect(output.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(output.messages[1].content).toContain('orders.send_invoice');
    expect(snapshotTree(project)).toEqual(before);
  });
});

describe('errors through yo', () => {
  it('say what happened and what to do next', () => {
    const result = run('yo', ['celery-django:task', '--prompt', 'task/basic-retry', '--dry-run']);
    expect(result.status).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/--task-name/);
    expect(output).toMatch(/Pass them as flags or in --answers/);
  });
});

describe('our bin', () => {
  it('names every missing answer at once and exits 2 without a terminal', () => {
    const result = run('generator-celery-django', ['task', '--prompt', 'task/basic-retry', '--dry-run']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--task-name/);
    expect(result.stderr).toMatch(/--purpose/);
  });

  it('lists the catalog as JSON', () => {
    const result = run('celery-django', ['list', '--json']);
    expect(result.status).toBe(0);
    const ids = JSON.parse(result.stdout).map((entry: { id: string }) => entry.id);
    expect(ids).toHaveLength(29);
    expect(ids).toContain('production/docker');
  });
});
