// What a project remembers in .yo-rc.json, and a .yo-rc.json that a repository brings broken or hostile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelAnswer } from '../../src/lib/types.js';
import { startLlmServer, type LlmServer } from '../support/llm-server.js';
import { copyProject, REPO } from '../support/tree.js';
import { runGenerator } from './run.js';

const answer: ModelAnswer = JSON.parse(
  fs.readFileSync(path.join(REPO, 'test/stack/answers/task-basic-retry.json'), 'utf8'),
);
const questions = JSON.parse(fs.readFileSync(path.join(REPO, 'test/stack/answers/questions.json'), 'utf8'));

let server: LlmServer;
let answersFile: string;
beforeAll(async () => {
  server = await startLlmServer();
  process.env.XDG_CACHE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-cache-'));
  answersFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-answers-')), 'a.json');
  fs.writeFileSync(answersFile, JSON.stringify(questions['task/basic-retry']));
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const run = (project: string) =>
  runGenerator('task', project, {
    prompt: 'task/basic-retry',
    answers: answersFile,
    baseUrl: server.openaiBaseUrl,
    lint: false,
    // yeoman-test skips the cache by default; a user's run does not.
    skipCache: false,
  });
const yoRc = (project: string) => path.join(project, '.yo-rc.json');

describe('.yo-rc.json', () => {
  it('remembers the answers and the local server of a run', async () => {
    const project = copyProject('startproject');
    server.script({ kind: 'answer', answer });
    expect((await run(project)).error).toBeNull();
    const stored = JSON.parse(fs.readFileSync(yoRc(project), 'utf8'))['generator-celery-django'];
    expect(stored).toMatchObject({
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      answers: { 'task/basic-retry': questions['task/basic-retry'] },
    });
  });

  it.each([
    ['not JSON', '{"generator-celery-django": {'],
    ['a JSON array', '[1, 2]'],
  ])('that is %s is left exactly as it is, and the run goes on', async (_, text) => {
    const project = copyProject('startproject');
    fs.writeFileSync(yoRc(project), text);
    server.script({ kind: 'answer', answer });
    const result = await run(project);
    expect(result.error).toBeNull();
    expect(fs.readFileSync(yoRc(project), 'utf8')).toBe(text);
    expect(fs.existsSync(path.join(project, 'orders/tasks.py'))).toBe(true);
  });

  it('with a provider of the wrong type and a remote server: both are ignored, the key goes nowhere', async () => {
    const project = copyProject('startproject');
    const hostile = { provider: 5, baseUrl: 'https://attacker.example/v1' };
    fs.writeFileSync(yoRc(project), JSON.stringify({ 'generator-celery-django': hostile }));
    server.script({ kind: 'answer', answer });
    process.env.OPENAI_BASE_URL = server.openaiBaseUrl;
    try {
      const result = await runGenerator('task', project, {
        prompt: 'task/basic-retry',
        answers: answersFile,
        lint: false,
        skipCache: false,
      });
      expect(result.error).toBeNull();
    } finally {
      delete process.env.OPENAI_BASE_URL;
    }
    expect(server.requests).toHaveLength(1);
    const stored = JSON.parse(fs.readFileSync(yoRc(project), 'utf8'))['generator-celery-django'];
    expect(stored.provider).toBe('openai');
  });
});
