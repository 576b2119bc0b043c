import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  entriesOf,
  fillTemplate,
  findEntry,
  loadCatalog,
  placeholdersOf,
  SECTIONS,
  systemPrompt,
} from '../../../src/lib/catalog/index.js';
import { RESERVED_QUESTION_NAMES } from '../../../src/lib/run-options.js';
import { catalogAsJson } from '../../../src/lib/catalog/list.js';
import { PROJECT_PLACEHOLDER, projectPlaceholdersOf } from '../../../src/lib/catalog/template.js';
import { detectProject } from '../../../src/lib/project/index.js';
import { UsageError } from '../../../src/lib/errors.js';
import { FIXTURES } from '../../support/tree.js';
import type { QuestionType } from '../../../src/lib/types.js';

const IDS = [
  'task/basic-retry', 'task/idempotent', 'task/progress', 'task/long-running', 'config/setup', 'config/routing',
  'config/beat', 'config/production', 'errors/retry-strategy', 'errors/dead-letter-queue', 'errors/circuit-breaker',
  'tests/unit', 'tests/integration', 'tests/view', 'workflow/chain', 'workflow/group', 'workflow/chord',
  'workflow/fan-out', 'debug/not-running', 'debug/stuck', 'debug/memory-leak', 'performance/optimize',
  'performance/scaling', 'performance/rate-limit', 'production/deploy-checklist', 'production/docker',
  'production/monitoring', 'production/incident-runbook', 'custom/template',
]; // prettier-ignore
const TYPES: QuestionType[] = ['input', 'number', 'select', 'checkbox', 'confirm', 'editor', 'path'];

// The prompt library the catalog was written from, as the user gave it (a copy kept with the tests).
const seed = readFileSync(
  fileURLToPath(new URL('../../fixtures/prompt-library/celery-prompts.md', import.meta.url)),
  'utf8',
);

/** Seed heading -> its prompt (a bare code fence right below a `###` heading). */
function seedPrompts(text: string): Map<string, string> {
  return new Map(Array.from(text.matchAll(/^### (.+)\n\n```\n([\s\S]*?)\n```$/gm), (m) => [m[1]!, m[2]!]));
}
/** The error a call throws (or a failure if it returns). */
function thrownBy(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/**
 * Where a template names a project fact instead of the library's example, exactly these placeholders, each
 * with the library's own words as its fallback. The seed comparison below fills them with their fallbacks,
 * which must give the library's text back; any other project placeholder fails the test.
 */
const PROJECT_FACTS_USED: Record<string, string[]> = {
  'task/basic-retry': ['{{project.djangoVersion|5.x}}'],
  'config/setup': [
    '{{project.celeryApp|config/celery.py}}',
    '{{project.package|config}}',
    '{{project.settingsFile|settings.py}}',
  ],
};
/** The template as the library wrote it: every project placeholder replaced by its fallback. */
const asLibrary = (body: string) =>
  body.replace(PROJECT_PLACEHOLDER, (_match, _fact: string, fallback: string) => fallback);

const SEED_PLACEHOLDER = /\{[^{}\n]+\}/g;
const NAMED_PLACEHOLDER = /\{\{([a-zA-Z0-9]+)\}\}/g;

describe('the catalog', () => {
  const catalog = loadCatalog();

  it('holds exactly the 29 prompts of the library, each id once', () => {
    expect(catalog.map((entry) => entry.id).sort()).toEqual([...IDS].sort());
  });

  it('groups them into the 9 sections in library order, none empty', () => {
    expect(SECTIONS.map((section) => section.name)).toEqual([
      'task', 'config', 'errors', 'tests', 'workflow', 'debug', 'performance', 'production', 'custom',
    ]); // prettier-ignore
    for (const section of SECTIONS) {
      expect(section.label).not.toBe('');
      expect(entriesOf(section.name).length).toBeGreaterThan(0);
    }
    expect(entriesOf('debug').map((entry) => entry.id)).toEqual([
      'debug/memory-leak',
      'debug/not-running',
      'debug/stuck',
    ]);
  });

  it.each(IDS)('%s: every placeholder has one question and every question is used', (id) => {
    const entry = findEntry(id);
    const names = entry.questions.map((question) => question.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...placeholdersOf(entry.body)].sort()).toEqual([...names].sort());
    expect(asLibrary(entry.body)).not.toMatch(/\{\{(?![a-z][a-zA-Z0-9]*\}\})/);
  });

  it.each(IDS)('%s: names project facts exactly where the library names an example', (id) => {
    const used = projectPlaceholdersOf(findEntry(id).body).map((placeholder) => placeholder.text);
    expect(used).toEqual(PROJECT_FACTS_USED[id] ?? []);
  });

  it.each(IDS)('%s: questions are well formed and never shadow a CLI flag', (id) => {
    const entry = findEntry(id);
    expect(entry.title).not.toBe('');
    expect(entry.summary).not.toBe('');
    expect(entry.context.length).toBeGreaterThan(0);
    for (const question of entry.questions) {
      expect(question.message.trim()).not.toBe('');
      expect(TYPES).toContain(question.type);
      expect(question.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(RESERVED_QUESTION_NAMES).not.toContain(question.name);
      if (question.type === 'select') {
        expect(question.choices?.length).toBeGreaterThan(1);
        expect(question.choices).toContain(question.default);
      }
      if (question.pattern !== undefined && typeof question.default === 'string') {
        expect(question.default).toMatch(new RegExp(question.pattern));
      }
    }
  });

  it('takes defaults from the detected project where the project knows the answer', () => {
    const questionsNamed = (name: string) =>
      catalog.flatMap((entry) => entry.questions.filter((question) => question.name === name));
    expect(questionsNamed('broker').length).toBeGreaterThan(0);
    for (const broker of questionsNamed('broker')) {
      expect(broker).toMatchObject({ type: 'select', defaultFrom: 'broker', choices: ['redis', 'rabbitmq'] });
    }
    for (const version of questionsNamed('djangoVersion')) expect(version.defaultFrom).toBe('djangoVersion');
    for (const version of questionsNamed('celeryVersion')) expect(version.defaultFrom).toBe('celeryVersion');
    expect(findEntry('task/basic-retry').questions[0]).toMatchObject({ name: 'app', defaultFrom: 'taskApp' });
    expect(findEntry('config/setup').questions.find((q) => q.name === 'brokerUrl')).toMatchObject({
      defaultFrom: 'brokerUrl',
    });
  });

  it('asks for the task file (not pasted code) where the library says "paste task code"', () => {
    for (const id of ['tests/unit', 'performance/optimize']) {
      const taskFile = findEntry(id).questions.find((question) => question.name === 'taskFile');
      expect(taskFile?.type).toBe('path');
      expect(taskFile?.message).toMatch(/inserted/);
    }
  });

  it('keeps the seed rule "soft limit + 60" for the hard time limit', () => {
    const [operation, soft, hard] = findEntry('task/long-running').questions;
    expect(operation?.name).toBe('operation');
    expect(soft).toMatchObject({ name: 'softTimeLimit', type: 'number', default: 300 });
    expect(hard).toMatchObject({ name: 'timeLimit', type: 'number', default: 360 });
    expect(hard?.message).toMatch(/soft limit \+ 60/);
  });

  it('answers with a guide for diagnoses, checklists and runbooks, with code for the rest', () => {
    const guides = catalog.filter((entry) => entry.kind === 'guide').map((entry) => entry.id);
    expect(guides.sort()).toEqual([
      'debug/memory-leak',
      'debug/not-running',
      'debug/stuck',
      'performance/scaling',
      'production/deploy-checklist',
      'production/incident-runbook',
    ]);
  });

  it('loads once and serves the cached catalog afterwards', () => {
    expect(loadCatalog()).toBe(catalog);
  });
});

describe('the wording of the library', () => {
  it('has a prompt for every prompt of the library, matched by title', () => {
    const titles = [...seedPrompts(seed).keys()].sort();
    expect(titles).toHaveLength(29);
    expect(
      loadCatalog()
        .map((entry) => entry.title)
        .sort(),
    ).toEqual(titles);
  });

  it.for(IDS)('%s reproduces the seed prompt when filled with the seed placeholders', (id) => {
    const entry = findEntry(id);
    const original = seedPrompts(seed).get(entry.title);
    expect(original, `no seed prompt titled "${entry.title}"`).toBeDefined();
    // Project placeholders read as their fallbacks, the library's own words (PROJECT_FACTS_USED)...
    const body = asLibrary(entry.body);
    // ...same text between the placeholders...
    expect(body.split(NAMED_PLACEHOLDER).filter((_, i) => i % 2 === 0)).toEqual(
      original!.split(SEED_PLACEHOLDER),
    );
    // ...and filling each name with the seed's placeholder text gives the seed's prompt back.
    const seedTexts = original!.match(SEED_PLACEHOLDER) ?? [];
    const names = Array.from(entry.body.matchAll(NAMED_PLACEHOLDER), (match) => match[1]!);
    expect(names).toHaveLength(seedTexts.length);
    const values: Record<string, string> = {};
    names.forEach((name, index) => {
      expect(values[name] ?? seedTexts[index], `{{${name}}} stands for two seed placeholders`).toBe(
        seedTexts[index],
      );
      values[name] = seedTexts[index]!;
    });
    // Outside a project (no facts) the template reads exactly as the library's prompt.
    expect(fillTemplate(entry.body, values)).toBe(original);
  });

  it('shares one system prompt: the engineer, the tips, the anti-patterns and the quick reference', () => {
    const system = systemPrompt();
    expect(system).toMatch(/senior Django and Celery engineer/);
    expect(system).toContain(
      '| `task_always_eager=True` | Not realistic testing | Use celery_worker fixture |',
    );
    expect(system).toContain(
      'celery -A config beat --scheduler django_celery_beat.schedulers:DatabaseScheduler',
    );
    expect(system).not.toMatch(/\{\{|"files"|json/i);
    const section = (heading: string) =>
      seed
        .split(`### ${heading}\n`)[1]!
        .split(/\n(?:###? |---\n)/)[0]!
        .trim();
    const tips = section('Effective Prompts');
    const table = section('Anti-patterns to Avoid').split('\n\n')[1]!;
    for (const block of [tips, table, section('Common Task Options'), section('Common Commands')]) {
      expect(system).toContain(block);
    }
  });
});

describe('a broken catalog file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function catalogWith(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, dirname(path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  const valid = `---
id: task/good
title: Good
section: task
kind: code
summary: A fine prompt
context: [settings]
questions:
  - name: purpose
    type: editor
    message: What the task does
  - name: broker
    type: select
    message: Broker
    default: redis
    choices: [redis, rabbitmq]
---

Create a task that {{purpose}} on {{broker}}, then {{purpose}} again.
`;

  /** The same prompt as another file of another section. */
  const moved = (text: string, id: string) =>
    text.replace('id: task/good', `id: ${id}`).replace('section: task', `section: ${id.split('/')[0]}`);

  it('is rejected with the file named and every problem listed at once', () => {
    const bad = valid
      .replace('id: task/good', 'id: task/other')
      .replace('kind: code', 'kind: code\ntags: [retry]')
      .replace('    default: redis\n', '')
      .replace(
        '  - name: purpose',
        '  - name: unused\n    type: input\n    message: Nobody asks\n  - name: purpose',
      )
      .replace('again.', 'again, for {{missing}}.');
    const broken = catalogWith({
      'task/good.md': bad,
      'config/fine.md': moved(valid, 'config/fine'),
      'errors/flag.md': moved(valid.replace(/purpose/g, 'timeout'), 'errors/flag'),
      'deploy/extra.md': moved(valid, 'deploy/extra'),
    });
    const { message } = thrownBy(() => loadCatalog(broken));
    expect(message).toContain('task/good.md:');
    expect(message).toContain('id must be "task/good"');
    expect(message).toContain('unknown key "tags"');
    expect(message).toContain('question "broker": missing key "default"');
    expect(message).toContain('question "unused" is not used in the body');
    expect(message).toContain('placeholder {{missing}} has no question');
    expect(message).toContain('errors/flag.md:');
    expect(message).toContain('name "timeout" is taken by a CLI flag');
    expect(message).toContain('deploy/: not a section');
    expect(message).not.toContain('config/fine.md');
  });

  it('accepts a valid file and reads its body as written, ignoring files that are not prompts', () => {
    const [entry] = loadCatalog(catalogWith({ 'task/good.md': valid, 'notes.txt': 'not a prompt' }));
    expect(entry).toMatchObject({ id: 'task/good', kind: 'code', context: ['settings'] });
    expect(entry?.body).toBe('Create a task that {{purpose}} on {{broker}}, then {{purpose}} again.');
  });

  it('rejects wrong types, a default outside the choices and malformed placeholders', () => {
    const bad = valid
      .replace('context: [settings]', 'context: [settings, database]')
      .replace('default: redis', 'default: kafka')
      .replace('type: editor', 'type: textarea')
      .replace('on {{broker}}', 'on {{broker}} with {{ spaced }}');
    expect(() => loadCatalog(catalogWith({ 'task/good.md': bad }))).toThrow(
      /context must list distinct ones of[^\n]*\n[\s\S]*type must be one of[\s\S]*default must be one of the choices[\s\S]*malformed placeholder \{\{ spaced \}\}/,
    );
  });
  it('checks project placeholders: known facts only, a non-empty fallback, always one in a guide', () => {
    const body = (text: string) => valid.replace('again.', `again, ${text}.`);
    const { message } = thrownBy(() =>
      loadCatalog(
        catalogWith({
          'task/good.md': body(
            'in {{project.pakage|config}} and {{project.package|}} and {{project.package}}',
          ),
          'debug/guide.md': moved(body('on Django {{project.djangoVersion}}'), 'debug/guide').replace(
            'kind: code',
            'kind: guide',
          ),
          'config/fine.md': moved(
            body('in {{project.celeryApp|config/celery.py}} and {{project.package}}'),
            'config/fine',
          ),
        }),
      ),
    );
    expect(message).toContain('placeholder {{project.pakage|config}}: "pakage" is not a project fact');
    expect(message).toContain('placeholder {{project.package|}}: the fallback after "|" is empty');
    expect(message).toContain('placeholder {{project.djangoVersion}} needs a fallback');
    expect(message).not.toContain('malformed');
    expect(message).not.toContain('config/fine.md');
    expect(message).not.toMatch(/task\/good\.md:[\s\S]*\{\{project\.package\}\}/);
  });
});

describe('fillTemplate', () => {
  it("names the project's facts, else the fallback, else says the fact is unknown", () => {
    const body =
      'Django {{project.djangoVersion|5.x}}: {{project.celeryApp|config/celery.py}}, {{project.package}}';
    expect(
      fillTemplate(body, {}, { djangoVersion: '5.2', celeryApp: 'shopsite/celery.py', package: 'shopsite' }),
    ).toBe('Django 5.2: shopsite/celery.py, shopsite');
    expect(fillTemplate(body, {}, { djangoVersion: null })).toBe('Django 5.x: config/celery.py, (unknown)');
    // An answer that looks like a project placeholder is text, not a placeholder.
    expect(fillTemplate('{{a}} {{project.package|x}}', { a: '{{project.package}}' }, { package: 'p' })).toBe(
      '{{project.package}} p',
    );
  });

  it('fills every placeholder, repeated ones too, inserting values as they are', () => {
    expect(placeholdersOf('{{a}} and {{b}} and {{a}}')).toEqual(['a', 'b']);
    expect(fillTemplate('{{a}} and {{b}} and {{a}}', { a: '$& {{b}}', b: 'two' })).toBe(
      '$& {{b}} and two and $& {{b}}',
    );
  });

  it('refuses to fill when a value is missing, naming all of them', () => {
    expect(() => fillTemplate('{{a}} {{b}} {{c}}', { b: 'x' })).toThrow('No value for placeholder(s): a, c');
  });
});

describe('findEntry', () => {
  it('finds a prompt by id', () => {
    expect(findEntry('config/beat').title).toBe('Beat Schedule Configuration');
  });

  it('answers a typo with a usage error suggesting the close ids', () => {
    const error = thrownBy(() => findEntry('task/basic-retyr'));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toMatch(
      /Unknown prompt "task\/basic-retyr"[\s\S]*task\/basic-retry/,
    );
    expect((thrownBy(() => findEntry('retry-strategy')) as UsageError).hint).toBe(
      'Did you mean errors/retry-strategy? Run "celery-django list" to see every prompt.',
    );
  });

  it('lists every valid id when nothing is close', () => {
    const error = thrownBy(() => findEntry('kubernetes'));
    expect(error).toBeInstanceOf(UsageError);
    for (const id of IDS) expect((error as UsageError).hint).toContain(id);
  });

  it('refuses an unknown section', () => {
    expect(() => entriesOf('deploy')).toThrow(UsageError);
  });
});

describe('list --json', () => {
  const fixture = (name: string) => join(FIXTURES, name);
  const question = (catalog: ReturnType<typeof catalogAsJson>, id: string, name: string) =>
    catalog.find((entry) => entry.id === id)?.questions.find((q) => q.name === name);

  it("gives each question's pattern and the default detected in the project, in the project's order", () => {
    const catalog = catalogAsJson(detectProject(fixture('old-style-apps')));
    // newsroom is listed first, but a new task goes to articles, the first app holding tasks.py.
    expect(question(catalog, 'task/basic-retry', 'app')).toMatchObject({
      defaultFrom: 'taskApp',
      detectedDefault: 'articles',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$',
    });
    expect(question(catalog, 'config/setup', 'djangoVersion')).toMatchObject({
      default: '5.x',
      detectedDefault: '4.2',
    });
    expect(question(catalog, 'config/setup', 'broker')?.detectedDefault).toBe('redis');
    expect(question(catalog, 'task/basic-retry', 'purpose')).toMatchObject({
      pattern: null,
      detectedDefault: null,
    });
  });

  it('offers the broker URL expression the settings use, and nothing outside a project', () => {
    expect(
      question(catalogAsJson(detectProject(fixture('package-as-app'))), 'config/setup', 'brokerUrl'),
    ).toMatchObject({
      detectedDefault: 'env CLOUDAMQP_URL, default amqp://localhost:5672//',
    });
    // Without tasks.py anywhere the first listed app is the default.
    expect(
      question(catalogAsJson(detectProject(fixture('startproject'))), 'task/basic-retry', 'app')
        ?.detectedDefault,
    ).toBe('orders');
    expect(question(catalogAsJson(null), 'config/setup', 'brokerUrl')?.detectedDefault).toBeNull();
  });
});
