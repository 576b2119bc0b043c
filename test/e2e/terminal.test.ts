// Our bin as built (`npm run build`, which `npm test` runs first), in a process of its own against the loopback
// model, where what reaches the terminal and the exit code can be seen: text from the model or the server never
// drives the terminal, and each expected failure ends in one paragraph, exit 1, no stack trace and an unchanged
// project.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelAnswer } from '../../src/lib/types.js';
import { startLlmServer, type LlmServer, type Reply } from '../support/llm-server.js';
import { copyProject, REPO, snapshotTree } from '../support/tree.js';

const ESC = '\u001b';
const CLI = path.join(REPO, 'dist/cli.js');
const recorded = (name: string): ModelAnswer =>
  JSON.parse(fs.readFileSync(path.join(REPO, 'test/stack/answers', `${name}.json`), 'utf8'));
const questions = JSON.parse(fs.readFileSync(path.join(REPO, 'test/stack/answers/questions.json'), 'utf8'));

let server: LlmServer;
let scratch: string;

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
  server = await startLlmServer();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-terminal-'));
  fs.writeFileSync(path.join(scratch, 'answers.json'), JSON.stringify(questions['task/basic-retry']));
});
afterAll(() => server.close());
beforeEach(() => server.reset());

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `celery-django task --prompt task/basic-retry` in `project`, answering from the loopback server. */
async function runTask(project: string, reply: Reply, extra: string[] = []): Promise<CliRun> {
  server.script(reply);
  const args = ['task', '--prompt', 'task/basic-retry', '--answers', path.join(scratch, 'answers.json')];
  // NO_COLOR turns off Yeoman's own colours (its red ✖ is an escape sequence too): any ESC left came from outside.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CACHE_HOME: path.join(scratch, 'cache'),
    OPENAI_API_KEY: '',
    NO_COLOR: '1',
  };
  delete env.FORCE_COLOR;
  const child = spawn(
    process.execPath,
    [CLI, ...args, '--provider', 'openai', '--base-url', server.openaiBaseUrl, '--no-lint', ...extra],
    { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** One paragraph at the end, exit 1, no stack trace. */
function expectCleanFailure(run: CliRun, what: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(/\n\s+at |Unexpected error/);
  const last = run.stderr
    .trim()
    .split(/\n\s*\n/)
    .at(-1)!;
  expect(last).toMatch(what);
}

const noEscapes = (run: CliRun) => expect(run.stdout + run.stderr).not.toContain(ESC);

describe('text from outside reaches the terminal made visible, never as escape sequences', () => {
  it('in the notes and the model id', async () => {
    const project = copyProject('startproject');
    const notes = `Done.\n${ESC}[2K${ESC}[1APlan: CREATE evil.py\n${ESC}]52;c;ZXZpbA==\u0007 clipboard\n\u202eevil`;
    const run = await runTask(project, {
      kind: 'answer',
      answer: { ...recorded('task-basic-retry'), notes },
      model: `gpt-x${ESC}[31m-red`,
    });
    expect(run.code).toBe(0);
    noEscapes(run);
    expect(run.stderr).toContain('\\x1b[2K\\x1b[1APlan: CREATE evil.py');
    expect(run.stderr).toContain('\\x1b]52;c;ZXZpbA==\\x07 clipboard');
    expect(run.stderr).toContain('\\u202eevil');
    expect(run.stderr).toContain('gpt-x\\x1b[31m-red: ');
  });

  it('in an error text from the server', async () => {
    const project = copyProject('startproject');
    const before = snapshotTree(project);
    const run = await runTask(project, {
      kind: 'error',
      status: 400,
      message: `bad request${ESC}[8m hidden${ESC}]52;c;ZXZpbA==\u0007`,
    });
    noEscapes(run);
    expectCleanFailure(run, /bad request\\x1b\[8m hidden\\x1b\]52;c;ZXZpbA==\\x07/);
    expect(snapshotTree(project)).toEqual(before);
  });

  it('in the diff of a changed file, with each line that held such characters marked', async () => {
    const project = copyProject('startproject');
    fs.writeFileSync(path.join(project, 'orders/tasks.py'), `# mine\nX = 1  # ${ESC}[8mhidden\n`);
    const before = snapshotTree(project);
    const answer = recorded('task-basic-retry');
    answer.files[0]!.content = `# theirs${ESC}[2J\n${answer.files[0]!.content}`;
    const run = await runTask(project, { kind: 'answer', answer }, ['--bail']);
    noEscapes(run);
    expect(run.stderr).toMatch(/-X = 1 {2}# \\x1b\[8mhidden {2}<- held hidden characters/);
    expect(run.stderr).toMatch(/\+# theirs\\x1b\[2J {2}<- held hidden characters/);
    expectCleanFailure(run, /Stopped at the first changed file, orders\/tasks\.py \(--bail\)/);
    expect(snapshotTree(project)).toEqual(before);
  });
});

describe('a failure leaves the project byte for byte as it was, .yo-rc.json included', () => {
  const mounts: string[] = [];
  afterEach(() => {
    for (const folder of mounts.splice(0)) execFileSync('umount', [folder]);
  });
  const mountTmpfs = (folder: string, options: string) => {
    fs.mkdirSync(folder, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', folder]);
    mounts.push(folder);
  };
  const withFile = (file: ModelAnswer['files'][number]): Reply => {
    const answer = recorded('task-basic-retry');
    return { kind: 'answer', answer: { ...answer, files: [...answer.files, file] } };
  };

  it('a 300-character name', async () => {
    const project = copyProject('startproject');
    const before = snapshotTree(project);
    const run = await runTask(
      project,
      withFile({ path: `orders/${'a'.repeat(300)}.py`, action: 'create', content: '' }),
    );
    expectCleanFailure(run, /refused, so nothing was written[\s\S]*255 a file system allows/);
    expect(snapshotTree(project)).toEqual(before);
  });

  it('a disk without room for the answer', async () => {
    const project = copyProject('startproject');
    mountTmpfs(path.join(project, 'orders/reports'), 'size=32k');
    const before = snapshotTree(project);
    const big = `${'#'.repeat(100_000)}\n`;
    const run = await runTask(
      project,
      withFile({ path: 'orders/reports/big.py', action: 'create', content: big }),
    );
    expectCleanFailure(run, /the disk holding orders\/reports\/ has [\d.]+ kB free/);
    expect(snapshotTree(project)).toEqual(before);
  });

  it('a read-only sub-folder', async () => {
    const project = copyProject('startproject');
    mountTmpfs(path.join(project, 'orders/reports'), 'ro,size=32k');
    const before = snapshotTree(project);
    const run = await runTask(
      project,
      withFile({ path: 'orders/reports/r.py', action: 'create', content: 'R = 1\n' }),
    );
    expectCleanFailure(run, /its folder orders\/reports\/ is on a read-only file system/);
    expect(snapshotTree(project)).toEqual(before);
  });

  it('an append to manage.py, even with --force', async () => {
    const project = copyProject('startproject');
    const before = snapshotTree(project);
    const run = await runTask(
      project,
      withFile({ path: 'manage.py', action: 'append', content: 'import os\n' }),
      ['--force'],
    );
    expectCleanFailure(run, /manage\.py is a file the generator never writes/);
    expect(snapshotTree(project)).toEqual(before);
  });
});
