// Every prompt of the catalog runs as a dry run with answers from a file, prints the request, and leaves the
// project byte-for-byte unchanged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/lib/catalog/index.js';
import type { AnswerValue, Question } from '../../src/lib/types.js';
import { copyProject, snapshotTree } from '../support/tree.js';
import { runGenerator } from './run.js';

/** A valid answer for any question, as a user would type it. */
function sampleAnswer(question: Question): AnswerValue {
  if (question.default !== undefined) return question.default;
  if (question.choices) return question.type === 'checkbox' ? [question.choices[0]!] : question.choices[0]!;
  switch (question.type) {
    case 'number':
      return question.min ?? 3;
    case 'confirm':
      return true;
    case 'path':
      return 'orders/views.py';
    default: {
      const candidates = [
        'orders',
        'orders.tasks.send_invoice',
        'send_invoice',
        '03:00',
        'Send the invoice of an order',
      ];
      return candidates.find((c) => !question.pattern || new RegExp(question.pattern).test(c)) ?? 'orders';
    }
  }
}

describe('every catalog prompt as a dry run', () => {
  const project = copyProject('startproject');
  const answersDir = fs.mkdtempSync(path.join(path.dirname(project), 'answers-'));

  it.each(loadCatalog().map((entry) => [entry.id, entry] as const))('%s', async (id, entry) => {
    const answers = Object.fromEntries(entry.questions.map((q) => [q.name, sampleAnswer(q)]));
    const answersFile = path.join(answersDir, `${id.replace('/', '-')}.json`);
    fs.writeFileSync(answersFile, JSON.stringify(answers));
    const before = snapshotTree(project);

    const run = await runGenerator(entry.section, project, {
      prompt: id,
      answers: answersFile,
      dryRun: true,
      json: true,
    });

    expect(run.error).toBeNull();
    const output = JSON.parse(run.stdout);
    expect(output.prompt).toEqual({ id, title: entry.title, section: entry.section, kind: entry.kind });
    const [system, user] = output.messages;
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/How to answer/);
    expect(user.role).toBe('user');
    // Every answer reaches the prompt, and no placeholder is left unfilled.
    for (const value of Object.values(answers)) {
      if (typeof value === 'string' && !value.endsWith('.py')) expect(user.content).toContain(value);
    }
    expect(user.content).not.toMatch(/\{\{\w+\}\}/);
    // A `path` answer brings the file's text into the prompt.
    for (const question of entry.questions.filter((q) => q.type === 'path')) {
      const pasted = fs.readFileSync(path.join(project, String(answers[question.name])), 'utf8');
      expect(user.content).toContain(pasted.trim());
    }
    expect(output.project.package).toBe('shopsite');
    expect(snapshotTree(project)).toEqual(before);
  });
});

describe('outside a Django project', () => {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'not-django-'));

  it('a guide prompt still runs, with no project in the request', async () => {
    const run = await runGenerator('debug', elsewhere, {
      prompt: 'debug/not-running',
      yes: true,
      dryRun: true,
      json: true,
    });
    expect(run.error).toBeNull();
    const output = JSON.parse(run.stdout);
    expect(output.project).toBeNull();
    expect(output.messages[1].content).toMatch(/No Django project was found/);
  });

  it('a code prompt stops with a clear error', async () => {
    const run = await runGenerator('task', elsewhere, {
      prompt: 'task/basic-retry',
      yes: true,
      dryRun: true,
    });
    expect(run.error?.message).toMatch(/No Django project found/);
    expect(run.error?.hint).toMatch(/guide prompt/);
  });
});
