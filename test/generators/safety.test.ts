// Whole runs against the loopback model where the answer must not change the project unasked: every change to a
// file that exists is reviewed, and what the plan refuses leaves the whole tree as it was, .yo-rc.json included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../../src/lib/runs/index.js';
import type { AnswerFile, ModelAnswer } from '../../src/lib/types.js';
import { startLlmServer, type LlmServer } from '../support/llm-server.js';
import { copyProject, REPO, snapshotTree } from '../support/tree.js';
import { runGenerator } from './run.js';

const recorded = (name: string): ModelAnswer =>
  JSON.parse(fs.readFileSync(path.join(REPO, 'test/stack/answers', `${name}.json`), 'utf8'));
const questions = JSON.parse(fs.readFileSync(path.join(REPO, 'test/stack/answers/questions.json'), 'utf8'));

let server: LlmServer;
let answersFile: string;

beforeAll(async () => {
  server = await startLlmServer();
  process.env.XDG_CACHE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-cache-'));
  answersFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-answers-')), 'setup.json');
  fs.writeFileSync(answersFile, JSON.stringify(questions['config/setup']));
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const read = (project: string, file: string) => fs.readFileSync(path.join(project, file), 'utf8');
const setup = (options: Record<string, unknown> = {}) => ({
  prompt: 'config/setup',
  answers: answersFile,
  provider: 'openai',
  baseUrl: server.openaiBaseUrl,
  lint: false,
  ...options,
});

describe('every change to a file that exists is reviewed', () => {
  it('in a terminal, the empty __init__.py and the appended settings are asked about; "no" keeps both', async () => {
    const project = copyProject('startproject');
    const settings = read(project, 'shopsite/settings.py');
    server.script({ kind: 'answer', answer: recorded('config-setup') });

    const run = await runGenerator('config', project, setup({ interactive: true }), { action: 'skip' });

    expect(run.error).toBeNull();
    expect(run.askedQuestions.filter((name) => name === 'action')).toHaveLength(2);
    expect(read(project, 'shopsite/__init__.py')).toBe('');
    expect(read(project, 'shopsite/settings.py')).toBe(settings);
    expect(read(project, 'shopsite/celery.py')).toMatch(/Celery\(/);
    expect(listRuns(1)[0]!.record.kept).toEqual(['shopsite/__init__.py', 'shopsite/settings.py']);
  });

  it('without a terminal, they are kept unless --force, and the run record says which', async () => {
    const project = copyProject('startproject');
    const settings = read(project, 'shopsite/settings.py');
    server.script({ kind: 'answer', answer: recorded('config-setup') });

    const run = await runGenerator('config', project, setup());

    expect(run.error).toBeNull();
    expect(read(project, 'shopsite/__init__.py')).toBe('');
    expect(read(project, 'shopsite/settings.py')).toBe(settings);
    expect(listRuns(1)[0]!.record.kept).toEqual(['shopsite/__init__.py', 'shopsite/settings.py']);
  });
});

describe('an answer the plan refuses leaves the whole project as it was', () => {
  const withFile = (...files: AnswerFile[]): ModelAnswer => {
    const good = recorded('config-setup');
    return { ...good, files: [...good.files, ...files] };
  };

  it.each([
    [
      'an append to manage.py',
      { path: 'manage.py', action: 'append', content: 'import os\n' },
      /never writes/,
    ],
    ['an append to .env', { path: '.env', action: 'append', content: 'DEBUG=1\n' }, /never writes/],
    ['a CI workflow', { path: '.github/workflows/x.yml', action: 'create', content: 'on: push\n' }, /CI/],
    ['a 300-character name', { path: `orders/${'a'.repeat(300)}.py`, action: 'create', content: '' }, /255/],
    ['a bidi override in a path', { path: 'orders/\u202eyp.py', action: 'create', content: '' }, /\\u202e/],
  ] as [string, AnswerFile, RegExp][])('%s', async (_, file, reason) => {
    const project = copyProject('startproject');
    const before = snapshotTree(project);
    server.script({ kind: 'answer', answer: withFile(file) });

    const run = await runGenerator('config', project, setup({ force: true }));

    expect(run.error?.exitCode).toBe(1);
    expect(run.error?.message).toMatch(reason);
    expect(run.error?.message).not.toMatch(/\n\s*\n/);
    expect(snapshotTree(project)).toEqual(before);
  });

  it('5,000 files', async () => {
    const project = copyProject('startproject');
    const before = snapshotTree(project);
    const files = Array.from({ length: 5000 }, (_, i) => ({
      path: `orders/many/m${i}.py`,
      action: 'create' as const,
      content: `N = ${i}\n`,
    }));
    server.script({ kind: 'answer', answer: { files, notes: '' } });

    const run = await runGenerator('config', project, setup({ force: true }));

    expect(run.error?.exitCode).toBe(1);
    expect(run.error?.message).toMatch(/5,000 files, more than the 200 .*--max-files/);
    expect(snapshotTree(project)).toEqual(before);
  });
});
