// Whole runs through the generator against the loopback model server: what is sent, what is written, what is kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../../src/lib/runs/index.js';
import type { ModelAnswer } from '../../src/lib/types.js';
import { startLlmServer, type LlmServer } from '../support/llm-server.js';
import { copyProject, REPO, snapshotTree } from '../support/tree.js';
import { runGenerator } from './run.js';

const recorded = (name: string): ModelAnswer =>
  JSON.parse(fs.readFileSync(path.join(REPO, 'test/stack/answers', `${name}.json`), 'utf8'));
const questions = JSON.parse(fs.readFileSync(path.join(REPO, 'test/stack/answers/questions.json'), 'utf8'));

const SECRET_KEY = 'django-insecure-_9t9e3k0no2vgzfnet^c4!$en+d6$$%nx_j3vsq53=8$mgmwo8';
const REDIS_PASSWORD = 'hunter2-redis-pass';

let server: LlmServer;
let answersDir: string;

beforeAll(async () => {
  server = await startLlmServer();
  process.env.XDG_CACHE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-cache-'));
  answersDir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-answers-'));
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function answersFor(id: string): string {
  const file = path.join(answersDir, `${id.replace('/', '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(questions[id]));
  return file;
}

function modelOptions(provider: 'openai' | 'anthropic', id: string) {
  const baseUrl = provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl;
  return { prompt: id, answers: answersFor(id), provider, baseUrl, lint: false };
}

const read = (project: string, file: string) => fs.readFileSync(path.join(project, file), 'utf8');

describe.each(['openai', 'anthropic'] as const)('config/setup through %s', (provider) => {
  it('creates the Celery app, fills the empty package __init__.py and appends the settings (--force)', async () => {
    const project = copyProject('startproject');
    server.script({ kind: 'answer', answer: recorded('config-setup') });

    const run = await runGenerator('config', project, {
      ...modelOptions(provider, 'config/setup'),
      force: true,
    });

    expect(run.error).toBeNull();
    expect(read(project, 'shopsite/celery.py')).toMatch(/app = Celery\(/);
    expect(read(project, 'shopsite/__init__.py')).toMatch(/from \.celery import app as celery_app/);
    const settings = read(project, 'shopsite/settings.py');
    expect(settings).toContain(`SECRET_KEY = '${SECRET_KEY}'`);
    expect(settings).toMatch(/CELERY_TASK_ACKS_LATE = True/);
    // The key of the user never leaves the machine either: none is set, the loopback server needs none.
    const [request] = server.requests;
    expect(JSON.stringify(request!.body)).not.toContain(SECRET_KEY);
  });
});

describe('secrets', () => {
  it('are never sent, and a settings file that comes back whole keeps its real values', async () => {
    const project = copyProject('startproject');
    const settingsFile = path.join(project, 'shopsite/settings.py');
    fs.appendFileSync(settingsFile, `\nCELERY_BROKER_URL = 'redis://:${REDIS_PASSWORD}@localhost:6379/0'\n`);
    const original = fs.readFileSync(settingsFile, 'utf8');

    // What the model sees: the settings with placeholders where the secrets were.
    const dry = await runGenerator('config', project, {
      prompt: 'config/setup',
      answers: answersFor('config/setup'),
      dryRun: true,
      json: true,
    });
    const sent: string = JSON.parse(dry.stdout).messages[1].content;
    expect(sent).not.toContain(SECRET_KEY);
    expect(sent).not.toContain(REDIS_PASSWORD);
    const keyPlaceholder = /SECRET_KEY = '(__\w+__)'/.exec(sent)![1]!;
    const passwordPlaceholder = /redis:\/\/:(__\w+__)@/.exec(sent)![1]!;

    expect(keyPlaceholder).not.toBe(passwordPlaceholder);

    // The model returns the whole settings file with the placeholders of the request it got (each run draws
    // its own), with one setting added.
    server.script({
      kind: 'answer',
      answer: (body) => {
        const live = (body.messages as { role: string; content: string }[]).find((m) => m.role === 'user')!;
        const key = /SECRET_KEY = '(__\w+__)'/.exec(live.content)![1]!;
        const password = /redis:\/\/:(__\w+__)@/.exec(live.content)![1]!;
        const returned = `${original.replace(SECRET_KEY, key).replace(REDIS_PASSWORD, password)}CELERY_TIMEZONE = 'UTC'\n`;
        return { files: [{ path: 'shopsite/settings.py', action: 'replace', content: returned }], notes: '' };
      },
    });
    const run = await runGenerator('config', project, {
      ...modelOptions('openai', 'config/setup'),
      force: true,
    });

    expect(run.error).toBeNull();
    expect(JSON.stringify(server.requests[0]!.body)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(server.requests[0]!.body)).not.toContain(REDIS_PASSWORD);
    expect(fs.readFileSync(settingsFile, 'utf8')).toBe(`${original}CELERY_TIMEZONE = 'UTC'\n`);
  });
});

describe('.env values', () => {
  it('are hidden wherever they appear, answers included', async () => {
    const project = copyProject('startproject');
    fs.writeFileSync(path.join(project, '.env'), 'MAIL_PASSWORD=p4ss-from-dotenv-77\n');
    const answers = path.join(answersDir, 'leak.json');
    fs.writeFileSync(
      answers,
      JSON.stringify({
        ...questions['task/basic-retry'],
        purpose: 'Log in with p4ss-from-dotenv-77 and send',
      }),
    );
    const dry = await runGenerator('task', project, {
      prompt: 'task/basic-retry',
      answers,
      dryRun: true,
      json: true,
    });
    expect(dry.error).toBeNull();
    expect(dry.stdout).not.toContain('p4ss-from-dotenv-77');
    expect(dry.stdout).toMatch(/Log in with __SECRET_[0-9a-f]{4}_\d+__ and send/);
  });
});

describe('a guide', () => {
  it('keeps the placeholders: a document people share never gets the real secrets', async () => {
    const project = copyProject('startproject');
    const dry = await runGenerator('debug', project, {
      prompt: 'debug/not-running',
      yes: true,
      dryRun: true,
      json: true,
    });
    const placeholder = /SECRET_KEY = '(__\w+__)'/.exec(JSON.parse(dry.stdout).messages[1].content)![1]!;
    server.script({
      kind: 'answer',
      answer: {
        files: [{ path: 'docs/celery/not-running.md', action: 'create', content: `Key: ${placeholder}\n` }],
        notes: '',
      },
    });
    const run = await runGenerator('debug', project, {
      prompt: 'debug/not-running',
      yes: true,
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
    });
    expect(run.error).toBeNull();
    expect(read(project, 'docs/celery/not-running.md')).toBe(`Key: ${placeholder}\n`);
  });
});

describe('changed files', () => {
  const userTasks =
    'from celery import shared_task\n\n\n@shared_task\ndef mine():\n    return "the user wrote this"\n';
  let project: string;
  beforeEach(() => {
    project = copyProject('startproject');
    fs.writeFileSync(path.join(project, 'orders/tasks.py'), userTasks);
    server.script({ kind: 'answer', answer: recorded('task-basic-retry') });
  });
  const run = (options: Record<string, unknown>, answers: Record<string, unknown> = {}) =>
    runGenerator('task', project, { ...modelOptions('openai', 'task/basic-retry'), ...options }, answers);

  it('are left alone without a terminal, and the run record says which', async () => {
    const result = await run({});
    expect(result.error).toBeNull();
    expect(read(project, 'orders/tasks.py')).toBe(userTasks);
    expect(listRuns(1)[0]!.record.kept).toEqual(['orders/tasks.py']);
  });

  it('are overwritten with --force', async () => {
    const result = await run({ force: true });
    expect(result.error).toBeNull();
    expect(read(project, 'orders/tasks.py')).toMatch(/def send_order_confirmation/);
  });

  it('are kept when the user answers "do not overwrite", and replaced when they answer "overwrite"', async () => {
    expect((await run({ interactive: true }, { action: 'skip' })).error).toBeNull();
    expect(read(project, 'orders/tasks.py')).toBe(userTasks);
    server.script({ kind: 'answer', answer: recorded('task-basic-retry') });
    expect((await run({ interactive: true }, { action: 'write' })).error).toBeNull();
    expect(read(project, 'orders/tasks.py')).toMatch(/def send_order_confirmation/);
  });

  it('stop the whole run with --bail, writing nothing at all', async () => {
    const before = snapshotTree(project);
    const result = await run({ bail: true, interactive: true });
    expect(result.error?.message).toMatch(/Stopped at the first changed file, orders\/tasks\.py/);
    expect(snapshotTree(project)).toEqual(before);
  });
});

describe('append', () => {
  it('adds its block once when the same answer is applied twice', async () => {
    const project = copyProject('startproject');
    server.script([
      { kind: 'answer', answer: recorded('config-setup') },
      { kind: 'answer', answer: recorded('config-setup') },
    ]);
    const options = { ...modelOptions('openai', 'config/setup'), force: true };
    expect((await runGenerator('config', project, options)).error).toBeNull();
    const once = read(project, 'shopsite/settings.py');
    expect((await runGenerator('config', project, options)).error).toBeNull();
    expect(read(project, 'shopsite/settings.py')).toBe(once);
    expect(once.match(/CELERY_TASK_ACKS_LATE/g)).toHaveLength(1);
  });
});

describe('--apply', () => {
  it('writes a saved answer again without calling a model', async () => {
    const first = copyProject('startproject');
    server.script({ kind: 'answer', answer: recorded('task-basic-retry') });
    expect((await runGenerator('task', first, modelOptions('openai', 'task/basic-retry'))).error).toBeNull();
    const record = listRuns(1)[0]!.file;

    const second = copyProject('startproject');
    const result = await runGenerator('task', second, { apply: record, lint: false });
    expect(result.error).toBeNull();
    expect(server.requests).toHaveLength(1);
    expect(read(second, 'orders/tasks.py')).toBe(read(first, 'orders/tasks.py'));
  });

  it('with --dry-run shows the plan and writes nothing', async () => {
    server.script({ kind: 'answer', answer: recorded('task-basic-retry') });
    const first = copyProject('startproject');
    expect((await runGenerator('task', first, modelOptions('openai', 'task/basic-retry'))).error).toBeNull();
    const record = listRuns(1)[0]!.file;
    const second = copyProject('startproject');
    const before = snapshotTree(second);
    const result = await runGenerator('task', second, { apply: record, dryRun: true });
    expect(result.error).toBeNull();
    expect(snapshotTree(second)).toEqual(before);
    // No record claims files were written.
    expect(listRuns(1)[0]!.file).toBe(record);
  });

  it('refuses to write a code answer outside a Django project', async () => {
    server.script({ kind: 'answer', answer: recorded('task-basic-retry') });
    const project = copyProject('startproject');
    expect(
      (await runGenerator('task', project, modelOptions('openai', 'task/basic-retry'))).error,
    ).toBeNull();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'not-django-'));
    const result = await runGenerator('task', elsewhere, { apply: listRuns(1)[0]!.file });
    expect(result.error?.message).toMatch(/No Django project found/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});

describe('an answer that must not be written', () => {
  it.each([
    ['a path outside the project', '../outside.py'],
    ['an absolute path', '/etc/cron.d/evil'],
    ['a path into .git', '.git/hooks/pre-commit'],
  ])('%s refuses the whole answer and leaves the project unchanged', async (_, badPath) => {
    const project = copyProject('startproject');
    const before = snapshotTree(project);
    const good = recorded('task-basic-retry');
    server.script({
      kind: 'answer',
      answer: { ...good, files: [...good.files, { path: badPath, action: 'create', content: 'x = 1\n' }] },
    });
    const result = await runGenerator('task', project, modelOptions('openai', 'task/basic-retry'));
    expect(result.error?.message).toContain(badPath);
    expect(result.error?.exitCode).toBe(1);
    expect(snapshotTree(project)).toEqual(before);
  });

  it('no key stops the run before any question is asked', async () => {
    const project = copyProject('startproject');
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    const result = await runGenerator('task', project, { provider: 'openai', interactive: true });
    expect(result.error?.message).toMatch(/OPENAI_API_KEY/);
    expect(result.error?.hint).toMatch(/--dry-run/);
    expect(result.askedQuestions).toEqual([]);
  });

  it('a rejected key stops the run with the project unchanged', async () => {
    const project = copyProject('startproject');
    const before = snapshotTree(project);
    server.script({ kind: 'error', status: 401 });
    const result = await runGenerator('task', project, modelOptions('anthropic', 'task/basic-retry'));
    expect(result.error?.exitCode).toBe(1);
    expect(snapshotTree(project)).toEqual(before);
  });
});
