// Every prompt of the catalog runs as a dry run with answers from a file, prints the request, and leaves the
// project byte-for-byte unchanged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/lib/catalog/index.js';
import { PLACEHOLDER, PROJECT_PLACEHOLDER } from '../../src/lib/catalog/template.js';
import type { AnswerValue, CatalogEntry, Question } from '../../src/lib/types.js';
import { copyProject, REPO, snapshotTree } from '../support/tree.js';
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
    expect(user.content).not.toMatch(/\{\{\w+\}\}|\{\{project\./);
    // A `path` answer brings the file's text into the prompt.
    for (const question of entry.questions.filter((q) => q.type === 'path')) {
      const pasted = fs.readFileSync(path.join(project, String(answers[question.name])), 'utf8');
      expect(user.content).toContain(pasted.trim());
    }
    expect(output.project.package).toBe('shopsite');
    expect(snapshotTree(project)).toEqual(before);
  });
});

/** Runs one prompt as a JSON dry run with these answers (and --yes for the rest); returns the parsed output. */
async function dryRun(project: string, entry: CatalogEntry, answers: Record<string, AnswerValue> = {}) {
  const answersFile = path.join(path.dirname(project), `${entry.id.replace('/', '-')}.json`);
  fs.writeFileSync(answersFile, JSON.stringify(answers));
  const run = await runGenerator(entry.section, project, {
    prompt: entry.id,
    answers: answersFile,
    yes: true,
    dryRun: true,
    json: true,
  });
  expect(run.error).toBeNull();
  return JSON.parse(run.stdout) as {
    messages: { role: string; content: string }[];
    project: Record<string, unknown>;
  };
}

const byId = (id: string) => loadCatalog().find((entry) => entry.id === id)!;

describe('the request speaks of the project it runs in', () => {
  const example = copyProject(path.join(REPO, 'examples', 'shopsite'));
  /** What examples/shopsite is: package shopsite, Django 5.2 and Celery 5.6 pinned, no Celery app yet. */
  const EXAMPLE_FACTS: Record<string, string> = {
    package: 'shopsite',
    djangoVersion: '5.2',
    celeryVersion: '5.6',
    celeryApp: 'shopsite/celery.py',
    settingsFile: 'shopsite/settings.py',
  };
  const codeEntries = loadCatalog().filter((entry) => entry.kind === 'code');

  it.each(codeEntries.map((entry) => [entry.id, entry] as const))(
    '%s names the example project where the library names an example',
    async (_id, entry) => {
      // Questions a project fact can answer are left to --yes, which takes the detected value.
      const answers = Object.fromEntries(
        entry.questions.filter((q) => !q.defaultFrom).map((q) => [q.name, sampleAnswer(q)]),
      );
      const user = (await dryRun(example, entry, answers)).messages[1]!.content;
      // Each line of the template that names a project fact reads with the project's value, not the example.
      for (const line of entry.body.split('\n').filter((text) => text.includes('{{project.'))) {
        const filled = (values: 'project' | 'library') =>
          line
            .replace(PLACEHOLDER, (_match, name: string) => String(answers[name]))
            .replace(PROJECT_PLACEHOLDER, (_match, fact: string, fallback: string) =>
              values === 'project' ? EXAMPLE_FACTS[fact]! : fallback,
            );
        expect(user).toContain(filled('project'));
        expect(user).not.toContain(filled('library'));
      }
      expect(user).not.toMatch(/Django 5\.x|config\/celery\.py|config\/__init__\.py/);
    },
  );

  it('config/setup asks for shopsite/celery.py, shopsite/__init__.py and shopsite/settings.py on Django 5.2', async () => {
    const user = (await dryRun(example, byId('config/setup'))).messages[1]!.content;
    expect(user).toContain('Generate Celery configuration for a Django 5.2 project with:');
    // The broker URL defaults to what the settings use (the variable only: its default holds a password).
    expect(user).toContain('- Broker: redis at env REDIS_URL\n');
    expect(user).toContain(
      '1. shopsite/celery.py with Celery app setup\n2. shopsite/__init__.py update\n3. Relevant shopsite/settings.py entries',
    );
  });

  it('task/basic-retry says Django 5.2, and --yes puts the task in the first app holding tasks.py', async () => {
    const project = copyProject('old-style-apps');
    const output = await dryRun(project, byId('task/basic-retry'), {
      taskName: 'publish_scheduled',
      purpose: 'Publish the articles whose time has come',
      parameters: 'limit: int',
    });
    const user = output.messages[1]!.content;
    expect(user).toContain('Create a Celery task for Django 4.2 with:');
    expect(user).toContain('- Task name: articles.publish_scheduled');
    expect(user).toContain('- Local apps: `newsroom`, `polls`, `articles`, `comments`');
    expect(user).toContain('### articles/tasks.py');
    // A prompt without an app question shows the same app's files, not the project package's.
    const idempotent = await dryRun(project, byId('task/idempotent'), {
      action: 'publish the article once',
      modelName: 'Article',
      idempotencyCheck: 'Article.published_at is set',
    });
    expect(idempotent.messages[1]!.content).toContain('### articles/models.py');
    expect(idempotent.messages[1]!.content).not.toMatch(/### newsroom\/(tasks|models)\.py/);
  });

  it('an existing Celery app and split settings are named as they are', async () => {
    const project = copyProject('split-settings');
    const user = (await dryRun(project, byId('config/setup'))).messages[1]!.content;
    expect(user).toContain('Generate Celery configuration for a Django 5.1 project with:');
    expect(user).toContain('- Broker: redis at env REDIS_URL, default redis://redis:6379/0\n');
    expect(user).toContain('1. config/celery_app.py with Celery app setup');
    expect(user).toContain('3. Relevant config/settings/base.py entries');
  });

  it('prints the project block exactly, with apps as packages and as INSTALLED_APPS spells them', async () => {
    const project = copyProject('package-as-app');
    const output = await dryRun(project, byId('task/progress'));
    expect(output.project).toEqual({
      root: project,
      settingsModule: 'clinic.settings',
      settingsFile: 'clinic/settings.py',
      package: 'clinic',
      celeryApp: null,
      apps: ['clinic', 'clinic.patients', 'scheduling'],
      appLabels: ['clinic', 'clinic.patients.apps.PatientsConfig', 'scheduling.apps.SchedulingConfig'],
      djangoVersion: '5.1',
      celeryVersion: '5.4',
      broker: 'rabbitmq',
      brokerUrl: 'env CLOUDAMQP_URL, default amqp://localhost:5672//',
    });
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
