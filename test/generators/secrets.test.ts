// Secrets through whole runs against the loopback model server: nothing secret is sent (dry run and live), a
// file echoed back comes back byte for byte, a placeholder is filled in only in its own file, run records and
// remembered answers hold no secret, and a repair round hides again what the first round restored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listRuns } from '../../src/lib/runs/index.js';
import type { ModelAnswer } from '../../src/lib/types.js';
import { copyCorpus, corpus, sentFiles } from '../lib/compose/corpus.js';
import { startLlmServer, type LlmServer } from '../support/llm-server.js';
import { copyProject, REPO, snapshotTree } from '../support/tree.js';
import { runGenerator } from './run.js';

let server: LlmServer;
let answersDir: string;

beforeAll(async () => {
  server = await startLlmServer();
  process.env.XDG_CACHE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-cache-'));
  answersDir = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-answers-'));
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const DOCKER = { prompt: 'production/docker', lint: false };
const live = (provider: 'openai' | 'anthropic' = 'openai') => ({
  ...DOCKER,
  provider,
  baseUrl: provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl,
  force: true,
});

/** What a request put before the model, whichever protocol carried it. */
function sentText(body: Record<string, unknown>): string {
  type Part = { text?: string };
  const flatten = (content: unknown): string =>
    typeof content === 'string'
      ? content
      : ((content ?? []) as Part[]).map((part) => part.text ?? '').join('');
  const messages = body.messages as { role: string; content: unknown }[];
  return [flatten(body.system), ...messages.map((m) => flatten(m.content))].join('\n');
}

/** The model's answer: every file of the request back as it came, placeholders and all. */
const echo = (body: Record<string, unknown>): ModelAnswer => ({
  files: [...sentFiles(sentText(body))].map(([file, content]) => ({
    path: file,
    action: 'replace',
    content,
  })),
  notes: '',
});

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const withoutConfig = (tree: Record<string, string>) =>
  Object.fromEntries(Object.entries(tree).filter(([file]) => file !== '.yo-rc.json'));

/** Every project file holding `value`, by relative path. */
function filesHolding(root: string, value: string): string[] {
  return Object.keys(snapshotTree(root))
    .filter((file) => !file.endsWith('/') && read(root, file).includes(value))
    .sort();
}

describe('the secrets corpus', () => {
  it('shows none of its values in a dry run, and counts what it hid', async () => {
    const project = copyCorpus();
    const run = await runGenerator('production', project, { ...DOCKER, dryRun: true, json: true });
    expect(run.error).toBeNull();
    const output = JSON.parse(run.stdout);
    const sent = output.messages.map((m: { content: string }) => m.content).join('\n');
    for (const { shape, value } of corpus.secrets) expect(sent, shape).not.toContain(value);
    const hidden: { count: number }[] = output.hidden;
    // The system prompt shows what a placeholder looks like: count those of the project only.
    const placeholders = output.messages[1].content.match(/__SECRET_[0-9a-f]{4}_\d+__/g) ?? [];
    expect(hidden.reduce((sum, h) => sum + h.count, 0)).toBe(placeholders.length);
    for (const { shape, value } of corpus.secrets) expect(JSON.stringify(hidden), shape).not.toContain(value);
  });

  it.each(['openai', 'anthropic'] as const)(
    'sends none of its values through %s, and files echoed back are written back byte for byte',
    async (provider) => {
      const project = copyCorpus();
      const before = snapshotTree(project);
      server.script({ kind: 'answer', answer: echo });

      const run = await runGenerator('production', project, live(provider));

      expect(run.error).toBeNull();
      expect(server.requests).toHaveLength(1);
      const sent = sentText(server.requests[0]!.body);
      expect(sentFiles(sent).size).toBe(4);
      for (const { shape, value } of corpus.secrets) expect(sent, shape).not.toContain(value);
      expect(withoutConfig(snapshotTree(project))).toEqual(before);
    },
  );
});

describe('a placeholder outside its own file', () => {
  const SECRET_KEY = corpus.secrets.find((s) => s.shape.startsWith('SECRET_KEY'))!.value;

  /** The model puts the settings' SECRET_KEY placeholder into a new file and another existing file, and
   *  makes up a placeholder of its own in the settings. */
  const exfiltrate = (body: Record<string, unknown>): ModelAnswer => {
    const files = sentFiles(sentText(body));
    const settings = files.get('corpus/settings.py')!;
    const placeholder = /"DJANGO_SECRET_KEY",\n {4}"(__SECRET_\w+__)"/.exec(settings)![1]!;
    const guessed = placeholder.replace(/_\d+__$/, '_999__');
    return {
      files: [
        { path: 'docs/x.md', action: 'create', content: `Key: ${placeholder}\n` },
        {
          path: 'docker-compose.yml',
          action: 'replace',
          content: `${files.get('docker-compose.yml')}# ${placeholder}\n`,
        },
        { path: 'corpus/settings.py', action: 'replace', content: `${settings}GUESSED = "${guessed}"\n` },
      ],
      notes: '',
    };
  };

  it('is written as the placeholder, and the value stays in its own file only', async () => {
    const project = copyCorpus();
    const original = {
      settings: read(project, 'corpus/settings.py'),
      compose: read(project, 'docker-compose.yml'),
    };
    server.script({ kind: 'answer', answer: exfiltrate });

    const run = await runGenerator('production', project, live());

    expect(run.error).toBeNull();
    expect(filesHolding(project, SECRET_KEY)).toEqual(['corpus/settings.py']);
    expect(read(project, 'docs/x.md')).toMatch(/^Key: __SECRET_[0-9a-f]{4}_\d+__\n$/);
    // The other file gets its own values back, and the foreign placeholder as it is.
    expect(read(project, 'docker-compose.yml')).toMatch(
      new RegExp(`^${escape(original.compose)}# __SECRET_[0-9a-f]{4}_\\d+__\\n$`),
    );
    // Its own file gets its values; a guessed placeholder stays a placeholder.
    expect(read(project, 'corpus/settings.py')).toMatch(
      new RegExp(`^${escape(original.settings)}GUESSED = "__SECRET_[0-9a-f]{4}_999__"\\n$`),
    );
  });

  it('is kept out of the run record, and --apply fills each value in again in its own file only', async () => {
    const first = copyCorpus();
    server.script({ kind: 'answer', answer: exfiltrate });
    expect((await runGenerator('production', first, live())).error).toBeNull();
    const { file: record } = listRuns(1)[0]!;
    const saved = fs.readFileSync(record, 'utf8');
    for (const { shape, value } of corpus.secrets) {
      expect(saved, shape).not.toContain(JSON.stringify(value).slice(1, -1));
    }

    const second = copyCorpus();
    const result = await runGenerator('production', second, { apply: record, lint: false, force: true });
    expect(result.error).toBeNull();
    expect(server.requests).toHaveLength(1);
    for (const file of ['corpus/settings.py', 'docker-compose.yml', 'docs/x.md']) {
      expect(read(second, file), file).toBe(read(first, file));
    }
    expect(filesHolding(second, SECRET_KEY)).toEqual(['corpus/settings.py']);
  });
});

describe('a repair round', () => {
  it('hides again what the first round restored, whatever its length', async () => {
    const project = copyCorpus();
    fs.appendFileSync(path.join(project, 'corpus/settings.py'), 'EMAIL_PW = "pw9"\n');
    const original = read(project, 'corpus/settings.py');
    const settingsOf = (body: Record<string, unknown>) =>
      sentFiles(sentText(body)).get('corpus/settings.py')!;
    server.script([
      {
        kind: 'answer',
        answer: (body) => ({
          files: [
            {
              path: 'corpus/settings.py',
              action: 'replace',
              content: `${settingsOf(body)}BROKEN = undefined_name\n`,
            },
          ],
          notes: '',
        }),
      },
      {
        kind: 'answer',
        forever: true,
        answer: (body) => ({
          files: [
            {
              path: 'corpus/settings.py',
              action: 'replace',
              content: settingsOf(body).replace('BROKEN = undefined_name\n', ''),
            },
          ],
          notes: '',
        }),
      },
    ]);

    const run = await runGenerator('production', project, { ...live(), lint: true, repair: true });

    expect(run.error).toBeNull();
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    const repair = sentText(server.requests[1]!.body);
    expect(repair).toContain('undefined_name');
    expect(repair).toMatch(/EMAIL_PW = "__SECRET_[0-9a-f]{4}_\d+__"/);
    for (const { shape, value, file } of corpus.secrets) {
      if (file === 'corpus/settings.py') expect(repair, shape).not.toContain(value);
    }
    expect(read(project, 'corpus/settings.py')).toBe(original);
  });
});

describe('answers', () => {
  it('holding a secret are hidden from the request, the record and .yo-rc.json', async () => {
    const project = copyProject('startproject');
    const answers = path.join(answersDir, 'setup.json');
    const password = 'answer-pw-31x';
    fs.writeFileSync(
      answers,
      JSON.stringify({
        djangoVersion: '5.2',
        broker: 'redis',
        brokerUrl: `redis://:${password}@redis:6379/0`,
        resultBackend: 'redis',
      }),
    );
    server.script({
      kind: 'answer',
      answer: {
        files: [{ path: 'shopsite/celery_check.py', action: 'create', content: 'OK = True\n' }],
        notes: '',
      },
    });
    const run = await runGenerator('config', project, {
      prompt: 'config/setup',
      answers,
      provider: 'openai',
      baseUrl: server.openaiBaseUrl,
      lint: false,
      // yeoman-test skips the cache unless told not to; a user's run remembers answers.
      skipCache: false,
    });
    expect(run.error).toBeNull();
    expect(sentText(server.requests[0]!.body)).toMatch(/redis:\/\/:__SECRET_[0-9a-f]{4}_\d+__@redis:6379\/0/);
    const remembered = JSON.parse(read(project, '.yo-rc.json'))['generator-celery-django'].answers[
      'config/setup'
    ];
    expect(remembered).toEqual({ djangoVersion: '5.2', broker: 'redis', resultBackend: 'redis' });
    const record = listRuns(1)[0]!;
    expect(fs.readFileSync(record.file, 'utf8')).not.toContain(password);
    expect(record.record.answers.brokerUrl).toMatch(/^redis:\/\/:__SECRET_[0-9a-f]{4}_\d+__@redis:6379\/0$/);
  });
});

describe('the bundled example', () => {
  it('sends no django-insecure key and no .env value in its dry run', async () => {
    const project = copyProject(path.join(REPO, 'examples/shopsite'));
    const env = read(project, '.env');
    const answers = path.join(answersDir, 'example.json');
    fs.writeFileSync(answers, JSON.stringify({ brokerUrl: 'redis://localhost:6379/0' }));
    const run = await runGenerator('config', project, {
      prompt: 'config/setup',
      answers,
      yes: true,
      dryRun: true,
      json: true,
    });
    expect(run.error).toBeNull();
    const sent: string = JSON.parse(run.stdout).messages[1].content;
    expect(sent).toContain('SECRET_KEY = os.environ.get(');
    expect(sent).not.toContain('django-insecure');
    const values = [...env.matchAll(/^\w+=(.{6,})$/gm)].map((m) => m[1]!);
    expect(values).toHaveLength(5);
    for (const value of values) expect(sent).not.toContain(value);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
