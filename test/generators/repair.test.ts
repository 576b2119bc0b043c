// The repair round: findings of the check go back to the model, at most twice, through the same plan and checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelAnswer } from '../../src/lib/types.js';
import { startLlmServer, type LlmServer } from '../support/llm-server.js';
import { copyProject } from '../support/tree.js';
import { runGenerator } from './run.js';

const task = (body: string) =>
  `from celery import shared_task\n\n\n@shared_task(soft_time_limit=60, time_limit=120)\ndef total(order_id: int) -> int:\n    ${body}\n`;
const answerWith = (content: string): ModelAnswer => ({
  files: [{ path: 'orders/tasks.py', action: 'create', content }],
  notes: '',
});
const BROKEN = answerWith(task('return undefined_total(order_id)'));
const FIXED = answerWith(task('return order_id * 2'));

let server: LlmServer;
let answers: string;
beforeAll(async () => {
  server = await startLlmServer();
  process.env.XDG_CACHE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-cache-'));
  answers = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'answers-')), 'a.json');
  fs.writeFileSync(
    answers,
    JSON.stringify({ app: 'orders', taskName: 'total', purpose: 'Sum', parameters: 'order_id: int' }),
  );
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const options = {
  prompt: 'task/basic-retry',
  provider: 'openai',
  repair: true,
  get answers() {
    return answers;
  },
  get baseUrl() {
    return server.openaiBaseUrl;
  },
};

describe('--repair', () => {
  it('sends the findings back and writes the corrected file, then stops once the check is clean', async () => {
    const project = copyProject('startproject');
    server.script([
      { kind: 'answer', answer: BROKEN },
      { kind: 'answer', answer: FIXED },
    ]);
    const run = await runGenerator('task', project, { ...options });
    expect(run.error).toBeNull();
    expect(server.requests).toHaveLength(2);
    const repairRequest = JSON.stringify(server.requests[1]!.body);
    expect(repairRequest).toContain('F821');
    expect(repairRequest).toContain('undefined_total');
    expect(fs.readFileSync(path.join(project, 'orders/tasks.py'), 'utf8')).toBe(FIXED.files[0]!.content);
  });

  it('gives up after two rounds, leaving the last answer and failing with --strict', async () => {
    const project = copyProject('startproject');
    server.script(
      ['first', 'second', 'third'].map((name) => ({
        kind: 'answer' as const,
        answer: answerWith(task(`return ${name}_undefined(order_id)`)),
      })),
    );
    const run = await runGenerator('task', project, { ...options, strict: true });
    expect(server.requests).toHaveLength(3);
    expect(run.error?.message).toMatch(/found 1 problem/);
    expect(run.error?.exitCode).toBe(1);
  });
});
