import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EMPTY_NOTE,
  formatContext,
  gatherContext,
  MISSING_NOTE,
  type ContextDocument,
} from '../../../src/lib/compose/context.js';
import { createVault } from '../../../src/lib/compose/redact/index.js';
import type { ContextFile, Project, SecretMap } from '../../../src/lib/types.js';

const SECRET_KEY = 'django-insecure-q8#z!m2k@x7w$v3n&b1p0r5t4y6u';
const DB_PASSWORD = 'pg-Pa55word-local';
const ENV_ONLY_KEY = 'Zk3r9QmT4xW8vB2nL6pY1sD5';

let root: string;

function write(rel: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function project(overrides: Partial<Project> = {}): Project {
  return {
    root,
    settingsModule: 'config.settings',
    settingsFile: 'config/settings.py',
    package: 'config',
    celeryApp: 'config.celery_app',
    apps: ['shop.orders', 'billing'],
    appLabels: ['shop.orders', 'billing'],
    djangoVersion: '5.2',
    celeryVersion: '5.5',
    broker: 'redis',
    brokerUrl: null,
    requirementsFile: 'requirements/base.txt',
    ...overrides,
  };
}

const ALL: ContextFile[] = [
  'settings',
  'packageInit',
  'celeryApp',
  'appTasks',
  'appModels',
  'appViews',
  'requirements',
  'compose',
  'dockerfile',
];

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'context-'));
  write('manage.py', 'import os\n');
  write(
    'config/settings.py',
    `SECRET_KEY = "${SECRET_KEY}"\nSIGNING = "${ENV_ONLY_KEY}"\nDATABASES = {"default": {"PASSWORD": "${DB_PASSWORD}"}}\n`,
  );
  write('config/__init__.py', '');
  write('config/celery_app.py', 'from celery import Celery\n\napp = Celery("config")\n');
  write('shop/orders/tasks.py', 'from celery import shared_task\n');
  write('shop/orders/models.py', 'from django.db import models\n');
  write('billing/tasks.py', '# billing tasks\n');
  write('requirements/base.txt', 'Django==5.2\ncelery[redis]==5.5.3\n');
  write(
    'docker-compose.yml',
    `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n`,
  );
  write('.env', `DJANGO_SECRET_KEY=${ENV_ONLY_KEY}\nDEBUG=1\n`);
  write('.envs/.local/.postgres', 'POSTGRES_PASSWORD=from-envs-folder-pw\n');
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const gather = (wanted: ContextFile[], p = project(), answers = {}, secrets: SecretMap = createVault()) =>
  gatherContext(wanted, p, answers, secrets);

function allText(docs: ContextDocument[]): string {
  return docs.map((d) => `${d.path}\n${d.content}\n${d.note ?? ''}`).join('\n');
}

describe('gatherContext', () => {
  it('finds each wanted file of the project, and lists the missing ones as new', async () => {
    const docs = await gather(ALL);
    expect(docs.map((d) => [d.path, d.note])).toEqual([
      ['config/settings.py', undefined],
      ['config/__init__.py', EMPTY_NOTE],
      ['config/celery_app.py', undefined],
      ['shop/orders/tasks.py', undefined],
      ['shop/orders/models.py', undefined],
      ['shop/orders/views.py', MISSING_NOTE],
      ['requirements/base.txt', undefined],
      ['docker-compose.yml', undefined],
      ['Dockerfile', MISSING_NOTE],
    ]);
    expect(docs.find((d) => d.path === 'config/celery_app.py')!.content).toContain('app = Celery("config")');
  });

  it('never sends .env files, and hides their values and every secret in what it sends', async () => {
    const secrets = createVault();
    const text = allText(await gather(ALL, project(), {}, secrets));
    expect(text).not.toContain('.env');
    for (const secret of [SECRET_KEY, DB_PASSWORD, ENV_ONLY_KEY]) expect(text).not.toContain(secret);
    expect(text).toMatch(/SIGNING = "__SECRET_[0-9a-f]{4}_\d+__"/);
    expect([...secrets.byValue.keys()]).toEqual(
      expect.arrayContaining([SECRET_KEY, DB_PASSWORD, ENV_ONLY_KEY]),
    );
    // Learned from .envs/, never sent, so never given a placeholder: it stays ready to be hidden.
    expect(secrets.spread.has('from-envs-folder-pw')).toBe(true);
  });

  it('takes the app from the answers, by label or dotted name, else the first local app', async () => {
    const tasks = async (answers: Record<string, string>) =>
      (await gather(['appTasks'], project(), answers))[0]?.path;
    expect(await tasks({})).toBe('shop/orders/tasks.py');
    expect(await tasks({ appName: 'billing' })).toBe('billing/tasks.py');
    expect(await tasks({ app: 'orders' })).toBe('shop/orders/tasks.py');
    expect(await tasks({ appName: 'payments' })).toBe('payments/tasks.py');
    expect(await tasks({ appName: '../../etc' })).toBeUndefined();
    expect(await gather(['appTasks'], project({ apps: [] }))).toEqual([]);
  });

  it('points at the conventional places when there is no Celery app or requirements file yet', async () => {
    const docs = await gather(
      ['celeryApp', 'requirements'],
      project({ celeryApp: null, requirementsFile: null }),
    );
    expect(docs).toEqual([
      { path: 'config/celery.py', content: '', note: MISSING_NOTE },
      { path: 'requirements.txt', content: '', note: MISSING_NOTE },
    ]);
  });

  it('reads a Celery app that is a package', async () => {
    write('config/celery_app/__init__.py', 'app = None\n');
    fs.rmSync(path.join(root, 'config/celery_app.py'));
    expect((await gather(['celeryApp']))[0]).toEqual({
      path: 'config/celery_app/__init__.py',
      content: 'app = None\n',
    });
  });

  it('prefers the compose file Compose itself reads, then its variants', async () => {
    write('compose.yaml', 'services: {}\n');
    write('docker-compose.override.yml', 'services: {}\n');
    write('docker-compose.prod.yml', 'services: {}\n');
    expect((await gather(['compose'])).map((d) => d.path)).toEqual([
      'compose.yaml',
      'docker-compose.override.yml',
      'docker-compose.prod.yml',
    ]);
    fs.rmSync(path.join(root, 'docker-compose.yml'));
    fs.rmSync(path.join(root, 'compose.yaml'));
    fs.rmSync(path.join(root, 'docker-compose.override.yml'));
    fs.rmSync(path.join(root, 'docker-compose.prod.yml'));
    expect(await gather(['compose'])).toEqual([
      { path: 'docker-compose.yml', content: '', note: MISSING_NOTE },
    ]);
  });

  it('summarizes a large file: its start, its length and its top-level names, secrets hidden', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => `def task_${i}():\n    return ${i}\n`).join('\n');
    write('config/settings.py', `SECRET_KEY = "${SECRET_KEY}"\nclass Config:\n    pass\n${body}`);
    const doc = (
      await gatherContext(['settings'], project(), {}, createVault(), {
        maxFileBytes: 4096,
        maxTotalBytes: 96 * 1024,
      })
    )[0]!;
    expect(Buffer.byteLength(doc.content)).toBeLessThanOrEqual(4096);
    expect(doc.note).toMatch(/too large to send whole: 6003 lines/);
    expect(doc.content).toMatch(/^SECRET_KEY = "__SECRET_[0-9a-f]{4}_\d+__"\nclass Config:/);
    expect(doc.content).toContain('Top-level names: SECRET_KEY, Config, task_0, task_1');
    expect(doc.content).toMatch(/more lines not shown/);
    expect(doc.content).not.toContain(SECRET_KEY);
  });

  it('leaves binary files out', async () => {
    write('shop/orders/models.py', Buffer.from([0x66, 0x6f, 0x00, 0x6f]));
    write('shop/orders/tasks.py', Buffer.from([0x78, 0x20, 0x3d, 0x20, 0xff, 0xfe]));
    expect(await gather(['appModels', 'appTasks'])).toEqual([
      { path: 'shop/orders/models.py', content: '', note: 'left out: a binary file' },
      { path: 'shop/orders/tasks.py', content: '', note: 'left out: a binary file' },
    ]);
  });

  it('leaves out a link to a file outside the project', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'context-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM python:3.12\n');
      fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'Dockerfile'));
      expect((await gather(['dockerfile']))[0]).toEqual({
        path: 'Dockerfile',
        content: '',
        note: 'left out: a link to a file outside the project',
      });
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('stays within the total budget, summarizing and then leaving files out', async () => {
    write('shop/orders/tasks.py', `${'# tasks\n'.repeat(400)}`);
    write('shop/orders/models.py', `${'# models\n'.repeat(400)}`);
    const budget = { maxFileBytes: 24 * 1024, maxTotalBytes: 4000 };
    const docs = await gatherContext(
      ['appTasks', 'appModels', 'settings'],
      project(),
      {},
      createVault(),
      budget,
    );
    const total = docs.reduce((sum, d) => sum + Buffer.byteLength(d.content), 0);
    expect(total).toBeLessThanOrEqual(4000);
    expect(docs[0]).toEqual({ path: 'shop/orders/tasks.py', content: '# tasks\n'.repeat(400) }); // 3200 bytes
    expect(docs[1]!.note).toMatch(/too large to send whole: 401 lines/); // summarized into what was left
    expect(docs[1]!.content).toMatch(/^# models\n/);
    expect(docs[2]).toEqual({
      path: 'config/settings.py',
      content: '',
      note: 'left out: the other files used up the size budget',
    });
  });
});

describe('formatContext', () => {
  it('renders each file under its path, in a fence nothing inside can close', async () => {
    const text = formatContext([
      { path: 'docs/README.md', content: 'Run:\n\n```bash\ncelery -A config worker\n```' },
      { path: 'config/settings.py', content: 'DEBUG = True\n' },
      { path: 'orders/tasks.py', content: '', note: MISSING_NOTE },
    ]);
    expect(text).toBe(
      [
        '### docs/README.md',
        '',
        '````',
        'Run:',
        '',
        '```bash',
        'celery -A config worker',
        '```',
        '````',
        '',
        '### config/settings.py',
        '',
        '```python',
        'DEBUG = True',
        '```',
        '',
        '### orders/tasks.py (does not exist yet)',
      ].join('\n'),
    );
  });
});
