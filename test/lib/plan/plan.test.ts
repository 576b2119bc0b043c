import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/lib/errors.js';
import { formatPlan, PlanRejectedError, planWrites } from '../../../src/lib/plan/index.js';
import type { AnswerFile, FileAction, ModelAnswer } from '../../../src/lib/types.js';
import { snapshotTree } from '../../support/tree.js';

let base: string;
let root: string;
let outside: string;

/** A small Django project next to a folder that is not part of it. */
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
  root = path.join(base, 'shop');
  outside = path.join(base, 'elsewhere');
  write('manage.py', 'import os\n');
  write('config/__init__.py', '');
  write('config/settings.py', 'DEBUG = True\n');
  write('orders/tasks.py', 'from celery import shared_task\n');
  write('.git/config', '[core]\n');
  write('tools/env/pyvenv.cfg', 'home = /usr/bin\n');
  write('env/pyvenv.cfg', 'home = /usr/bin\n');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secrets.py'), 'TOKEN = "outside"\n');
  fs.symlinkSync(outside, path.join(root, 'linked'));
  fs.symlinkSync(path.join(outside, 'secrets.py'), path.join(root, 'config/local.py'));
  fs.symlinkSync(path.join(root, 'orders'), path.join(root, 'orders_alias'));
  fs.symlinkSync(path.join(root, 'gone.py'), path.join(root, 'dangling.py'));
});

afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

const file = (p: string, content = 'x = 1\n', action: FileAction = 'create'): AnswerFile => ({
  path: p,
  action,
  content,
});
const answer = (...files: AnswerFile[]): ModelAnswer => ({ files, notes: '' });

/** Plan an answer that must be refused; returns the reasons and checks nothing changed on disk. */
function refused(a: ModelAnswer, kind: 'code' | 'guide' = 'code', maxFileBytes?: number): string[] {
  const before = [snapshotTree(root), snapshotTree(outside)];
  let error: unknown;
  try {
    planWrites(a, root, { kind, maxFileBytes });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PlanRejectedError);
  expect(error).toBeInstanceOf(UserError);
  expect([snapshotTree(root), snapshotTree(outside)]).toEqual(before);
  return (error as PlanRejectedError).reasons;
}

describe('planWrites refuses', () => {
  const forbidden: [string, RegExp][] = [
    ['../escape.py', /\.\./],
    ['orders/../../escape.py', /\.\./],
    ['/etc/cron.d/job', /absolute/],
    ['C:/Users/x.py', /drive letter/],
    ['c:x.py', /drive letter/],
    ['orders\\tasks.py', /backslash/],
    ['orders/ta\u0000sks.py', /control character/],
    ['orders/\ntasks.py', /control character/],
    ['orders/\u001b[31m.py', /control character/],
    ['', /empty/],
    ['orders//tasks.py', /empty segment/],
    ['orders/', /folder/],
    ['.git/hooks/pre-commit', /\.git/],
    ['.GIT/config', /\.git/i],
    ['node_modules/x/index.js', /node_modules/],
    ['.venv/lib/python3.12/x.py', /\.venv/],
    ['venv/bin/activate', /venv/],
    ['env/lib/x.py', /virtual environment/],
    ['tools/env/x.py', /virtual environment/],
    ['lib/python3.12/site-packages/celery/app.py', /site-packages/],
    ['orders/__pycache__/tasks.cpython-312.pyc', /__pycache__/],
    ['.yo-rc.json', /generator's own configuration/],
    ['orders/.yo-resolve', /generator's own configuration/],
  ];
  for (const [bad, reason] of forbidden) {
    it(`the path ${JSON.stringify(bad)}`, () => {
      const reasons = refused(answer(file('orders/ok.py'), file(bad)));
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(reason);
    });
  }

  it('a file where the same answer needs a folder (it could only half happen)', () => {
    const reasons = refused(answer(file('reports.py'), file('reports.py/daily.py')));
    expect(reasons).toEqual([
      expect.stringMatching(/"reports\.py\/daily\.py".*writes "reports\.py" as a file/),
    ]);
  });

  it('an existing link that leads into .git', () => {
    fs.symlinkSync(path.join(root, '.git/config'), path.join(root, 'hooks.py'));
    expect(refused(answer(file('hooks.py')))).toEqual([expect.stringMatching(/leads into \.git\//)]);
  });

  it('a whole answer with every reason listed, each with its path', () => {
    const bad = forbidden.map(([p]) => file(p));
    const reasons = refused(answer(file('orders/ok.py'), ...bad));
    expect(reasons.length).toBeGreaterThanOrEqual(forbidden.length);
    const error = (() => {
      try {
        planWrites(answer(...bad), root, { kind: 'code' });
      } catch (e) {
        return e as PlanRejectedError;
      }
    })()!;
    expect(error.message).toContain(`${forbidden.length} problems`);
    expect(error.message).toContain('"../escape.py": the path climbs out with ".."');
    expect(error.message).toContain('"orders/ta\\u0000sks.py"');
    expect(error.message).toContain('file #');
    expect(error.hint).toBeTruthy();
    expect(error.exitCode).toBe(1);
  });

  it('a symlinked folder that leads outside the project', () => {
    const reasons = refused(answer(file('linked/secrets.py'), file('linked/new/deeper.py')));
    expect(reasons).toEqual([
      expect.stringMatching(/^"linked\/secrets\.py": linked is a link that leads outside the project/),
      expect.stringMatching(/^"linked\/new\/deeper\.py": linked is a link that leads outside the project/),
    ]);
  });

  it('a symlinked file that leads outside the project', () => {
    const reasons = refused(answer(file('config/local.py', 'X = 1\n', 'replace')));
    expect(reasons[0]).toMatch(/config\/local\.py is a link that leads outside the project/);
  });

  it('a dangling symlink', () => {
    expect(refused(answer(file('dangling.py')))[0]).toMatch(/does not exist/);
  });

  it('a file used as a folder, and a folder used as a file', () => {
    const reasons = refused(answer(file('manage.py/x.py'), file('orders', 'x\n', 'replace')));
    expect(reasons[0]).toMatch(/manage\.py is a file, not a folder/);
    expect(reasons[1]).toMatch(/folder or special file/);
  });

  it('two entries for one file, also when spelled differently', () => {
    const reasons = refused(
      answer(
        file('orders/tasks.py'),
        file('./orders/tasks.py'),
        file('Orders/Tasks.py'),
        file('orders/a.py'),
      ),
    );
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/^"\.\/orders\/tasks\.py": the answer already writes "orders\/tasks\.py"/);
    expect(reasons[1]).toMatch(/^"Orders\/Tasks\.py": the answer already writes/);
  });

  it('an oversized file', () => {
    expect(refused(answer(file('orders/big.py', 'x'.repeat(1001))), 'code', 1000)[0]).toMatch(
      /1,001 bytes, over the limit of 1,000 bytes per file/,
    );
    expect(refused(answer(file('orders/big.py', '#'.repeat(300 * 1024))))[0]).toMatch(
      /307,200 bytes, over the limit of 262,144 bytes/,
    );
  });

  it('binary content', () => {
    const reasons = refused(
      answer(file('orders/blob.py', 'PNG\u0000\u0001'), file('orders/half.py', 'a\uD800b')),
    );
    expect(reasons[0]).toMatch(/binary/);
    expect(reasons[1]).toMatch(/not valid UTF-8/);
  });

  it('an existing binary file as the target', () => {
    fs.writeFileSync(path.join(root, 'orders/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]));
    expect(refused(answer(file('orders/logo.png', 'text\n', 'replace')))[0]).toMatch(/not a text file/);
  });

  it('a guide writing anything but Markdown under docs/celery/', () => {
    const reasons = refused(
      answer(
        file('docs/celery/retry.md'),
        file('README.md'),
        file('docs/celery/run.py'),
        file('docs/retry.md'),
      ),
      'guide',
    );
    expect(reasons).toHaveLength(3);
    for (const reason of reasons)
      expect(reason).toMatch(/a guide may only write Markdown files under docs\/celery\//);
  });

  it('entries that are not files at all', () => {
    const broken = {
      files: [{ path: 'a.py', action: 'delete', content: '' }, { path: 'b.py' }, null],
      notes: '',
    };
    const reasons = refused(broken as unknown as ModelAnswer);
    expect(reasons).toEqual([
      expect.stringMatching(/"a\.py": the action "delete" is not one of create, replace, append/),
      expect.stringMatching(/"b\.py": the content is missing/),
      expect.stringMatching(/"b\.py": the action is missing/),
      expect.stringMatching(/file #3: not a file entry/),
    ]);
  });
});

describe('planWrites decides', () => {
  it('create, update, identical, append, each with the final text', () => {
    const plan = planWrites(
      answer(
        file('orders/emails.py', 'def send():\n    pass', 'create'),
        file('orders/tasks.py', 'from celery import shared_task\n', 'create'),
        file('config/settings.py', 'DEBUG = False\n', 'replace'),
        file('config/celery.py', 'app = None\n', 'append'),
        file('config/__init__.py', 'from .celery import app\n', 'append'),
      ),
      root,
      { kind: 'code' },
    );
    expect(plan.root).toBe(path.resolve(root));
    expect(plan.writes).toEqual([
      { path: 'orders/emails.py', action: 'create', content: 'def send():\n    pass\n', existing: null },
      {
        path: 'orders/tasks.py',
        action: 'identical',
        content: 'from celery import shared_task\n',
        existing: 'from celery import shared_task\n',
      },
      {
        path: 'config/settings.py',
        action: 'update',
        content: 'DEBUG = False\n',
        existing: 'DEBUG = True\n',
      },
      { path: 'config/celery.py', action: 'create', content: 'app = None\n', existing: null },
      { path: 'config/__init__.py', action: 'append', content: 'from .celery import app\n', existing: '' },
    ]);
  });

  it('writes through links that stay inside the project, and into env/ without pyvenv.cfg', () => {
    fs.rmSync(path.join(root, 'env/pyvenv.cfg'));
    const plan = planWrites(
      answer(file('orders_alias/tasks.py', 'x\n', 'replace'), file('env/settings.py')),
      root,
      {
        kind: 'code',
      },
    );
    expect(plan.writes.map((w) => [w.path, w.action])).toEqual([
      ['orders_alias/tasks.py', 'update'],
      ['env/settings.py', 'create'],
    ]);
  });

  it('appends once: running the same answer twice adds the block once', () => {
    write('config/settings.py', 'DEBUG = True');
    const block = '\n# Celery\nCELERY_BROKER_URL = "redis://localhost:6379/0"\n';
    const a = answer(file('config/settings.py', block, 'append'));
    const first = planWrites(a, root, { kind: 'code' }).writes[0]!;
    expect(first.action).toBe('append');
    expect(first.content).toBe(`DEBUG = True\n${block}`);
    fs.writeFileSync(path.join(root, 'config/settings.py'), first.content);

    const second = planWrites(a, root, { kind: 'code' }).writes[0]!;
    expect(second.action).toBe('identical');
    expect(second.content).toBe(first.content);
  });

  it('keeps the line endings of a CRLF file when appending, and still sees the block as present', () => {
    write('config/settings.py', 'DEBUG = True\r\nCELERY_TIMEZONE = "UTC"\r\n');
    const plan = planWrites(
      answer(file('config/settings.py', 'CELERY_TASK_ACKS_LATE = True\n', 'append')),
      root,
      {
        kind: 'code',
      },
    );
    expect(plan.writes[0]!.content).toBe(
      'DEBUG = True\r\nCELERY_TIMEZONE = "UTC"\r\nCELERY_TASK_ACKS_LATE = True\r\n',
    );
    const again = planWrites(
      answer(file('config/settings.py', 'CELERY_TIMEZONE = "UTC"\n', 'append')),
      root,
      {
        kind: 'code',
      },
    );
    expect(again.writes[0]!.action).toBe('identical');
  });

  it('lets a guide write its Markdown under docs/celery/', () => {
    const plan = planWrites(answer(file('docs/celery/retry.md', '# Retries\n')), root, { kind: 'guide' });
    expect(plan.writes).toEqual([
      { path: 'docs/celery/retry.md', action: 'create', content: '# Retries\n', existing: null },
    ]);
  });
});

describe('formatPlan', () => {
  it('prints one aligned line per file with its size', () => {
    write('config/settings.py', 'DEBUG = True\n');
    const plan = planWrites(
      answer(
        file('orders/emails.py', `${'#'.repeat(1199)}\n`),
        file('config/settings.py', 'CELERY_TIMEZONE = "UTC"\n', 'append'),
        file('orders/tasks.py', 'from celery import shared_task\n', 'replace'),
        file('config/__init__.py', 'x = 1\n', 'replace'),
      ),
      root,
      { kind: 'code' },
    );
    expect(formatPlan(plan)).toEqual([
      'CREATE     orders/emails.py (1.2 kB)',
      'APPEND     config/settings.py (+24 B)',
      'IDENTICAL  orders/tasks.py (31 B)',
      'UPDATE     config/__init__.py (6 B)',
    ]);
  });
});
