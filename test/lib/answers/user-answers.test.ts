// Stage 3: where each answer comes from, and what a wrong or missing one says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectAnswers, type AnswerSources } from '../../../src/lib/answers/user-answers.js';
import { UsageError } from '../../../src/lib/errors.js';
import type { Project, Question } from '../../../src/lib/types.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'answers-'));
fs.mkdirSync(path.join(root, 'orders'));
fs.writeFileSync(path.join(root, 'orders/tasks.py'), 'x = 1\n');
fs.writeFileSync(path.join(path.dirname(root), 'outside.py'), 'TOKEN = 1\n');

const project: Project = {
  root,
  settingsModule: 'shop.settings',
  settingsFile: 'shop/settings.py',
  package: 'shop',
  celeryApp: null,
  apps: ['orders', 'accounts'],
  appLabels: ['orders', 'accounts'],
  djangoVersion: '5.2',
  celeryVersion: '5.6',
  broker: 'redis',
  brokerUrl: null,
  requirementsFile: 'requirements.txt',
};

const questions: Question[] = [
  { name: 'app', message: 'App', type: 'input', defaultFrom: 'app' },
  { name: 'taskName', message: 'Task name', type: 'input', pattern: '^[a-z_]+$' },
  { name: 'retries', message: 'Retries', type: 'number', default: 3, min: 0 },
  {
    name: 'broker',
    message: 'Broker',
    type: 'select',
    choices: ['redis', 'rabbitmq'],
    defaultFrom: 'broker',
  },
  { name: 'channels', message: 'Channels', type: 'checkbox', choices: ['email', 'sms'], default: ['email'] },
  { name: 'code', message: 'Task file', type: 'path', optional: true },
];

const sources = (overrides: Partial<AnswerSources>): AnswerSources => ({
  flags: {},
  file: {},
  remembered: {},
  yes: false,
  interactive: false,
  ask: async () => ({}),
  ...overrides,
});

describe('collectAnswers', () => {
  it('takes a flag over the file, the file over what was remembered, and detected values as defaults', async () => {
    const answers = await collectAnswers(
      questions,
      project,
      sources({
        flags: { taskName: 'from_flag', retries: '5' },
        file: { taskName: 'from_file', channels: ['sms'] },
        remembered: { retries: 9 },
      }),
    );
    expect(answers).toEqual({
      app: 'orders',
      taskName: 'from_flag',
      retries: 5,
      broker: 'redis',
      channels: ['sms'],
      code: '',
    });
  });

  it('reads a comma list for a checkbox flag', async () => {
    const answers = await collectAnswers(
      questions,
      project,
      sources({ flags: { taskName: 'a', channels: 'email, sms' } }),
    );
    expect(answers.channels).toEqual(['email', 'sms']);
  });

  it('names every missing answer at once, with its flag, when nobody can be asked (exit 2)', async () => {
    const required: Question[] = [
      { name: 'taskName', message: 'Task name', type: 'input' },
      { name: 'purpose', message: 'What it does', type: 'input' },
    ];
    const error = await collectAnswers(required, project, sources({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toMatch(/2 answers missing[\s\S]*--task-name[\s\S]*--purpose/);
  });

  it('lists every invalid answer, and unknown keys of the answers file', async () => {
    const error = (await collectAnswers(
      questions,
      project,
      sources({ flags: { taskName: 'Not-Valid', retries: 'many' }, file: { broker: 'sqs', colour: 'red' } }),
    ).catch((e: unknown) => e)) as UsageError;
    expect(error.message).toMatch(/"colour" in the answers file is not a question/);
    expect(error.message).toMatch(/taskName: must match/);
    expect(error.message).toMatch(/retries: expected a number/);
    expect(error.message).toMatch(/broker: must be one of redis, rabbitmq/);
  });

  it('asks a person only what is still open, offering the defaults', async () => {
    let asked: Question[] = [];
    const answers = await collectAnswers(
      questions,
      project,
      sources({
        interactive: true,
        flags: { taskName: 'given' },
        ask: async (open) => {
          asked = open;
          return { app: 'accounts' };
        },
      }),
    );
    expect(asked.map((q) => q.name)).toEqual(['app', 'retries', 'broker', 'channels', 'code']);
    expect(asked.find((q) => q.name === 'broker')!.default).toBe('redis');
    expect(answers).toEqual({ taskName: 'given', app: 'accounts' });
  });

  it('with --yes takes the defaults even in a terminal', async () => {
    const answers = await collectAnswers(
      questions,
      project,
      sources({
        interactive: true,
        yes: true,
        flags: { taskName: 'a' },
        ask: () => Promise.reject(new Error('asked')),
      }),
    );
    expect(answers.retries).toBe(3);
  });

  it('accepts a pasted file of the project and refuses one outside it', async () => {
    const ok = await collectAnswers(
      questions,
      project,
      sources({ flags: { taskName: 'a', code: 'orders/tasks.py' } }),
    );
    expect(ok.code).toBe('orders/tasks.py');
    const error = (await collectAnswers(
      questions,
      project,
      sources({ flags: { taskName: 'a', code: '../outside.py' } }),
    ).catch((e: unknown) => e)) as UsageError;
    expect(error.message).toMatch(/code: \.\.\/outside\.py is outside the project/);
  });

  it('forgets a remembered answer that is no longer valid', async () => {
    const answers = await collectAnswers(
      questions,
      project,
      sources({ flags: { taskName: 'a' }, remembered: { code: 'orders/gone.py', retries: -4 } }),
    );
    expect(answers.code).toBe('');
    expect(answers.retries).toBe(3);
  });
});
