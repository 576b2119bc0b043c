// The report as the user reads it, and the files `celery-django lint` checks by default.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lintCommand } from '../../../src/lib/lint/command.js';
import { defaultLintTargets, formatReport } from '../../../src/lib/lint/index.js';
import type { Finding, LintReport } from '../../../src/lib/types.js';
import { py, tempProject } from './temp-project.js';

function noLimit(file: string, line: number): Finding {
  return {
    file,
    line,
    column: 1,
    code: 'CEL003',
    message: `task 't${line}' has no soft_time_limit or time_limit`,
    severity: 'warning',
    source: 'celery',
    why: 'Hung tasks block workers.',
  };
}

describe('formatReport', () => {
  it('groups by file, says each why once, counts by severity, names linters and notices', () => {
    const report: LintReport = {
      findings: [
        {
          file: 'orders/tasks.py',
          line: 3,
          column: 12,
          code: 'F821',
          message: 'Undefined name `x`',
          severity: 'error',
          source: 'ruff',
        },
        {
          file: 'orders/tasks.py',
          line: 10,
          column: 1,
          code: 'CEL003',
          message: "task 'a' has no limit",
          severity: 'warning',
          source: 'celery',
          why: 'Hung tasks block workers.',
        },
        {
          file: 'orders/tasks.py',
          line: 20,
          column: 1,
          code: 'CEL003',
          message: "task 'b' has no limit",
          severity: 'warning',
          source: 'celery',
          why: 'Hung tasks block workers.',
        },
        {
          file: 'docker-compose.yml',
          line: 13,
          column: 5,
          code: 'compose/additional-property',
          message: "'healtcheck' is not allowed in services.worker",
          severity: 'error',
          source: 'compose',
        },
      ],
      linters: ['ruff 0.16.9 (.venv/bin/ruff)', 'yaml 2.9.1'],
      notices: ['shellcheck is not installed: 1 shell script(s) were not checked'],
      fixed: ['orders/tasks.py'],
    };
    expect(formatReport(report)).toBe(
      [
        'orders/tasks.py',
        '  3:12  F821 Undefined name `x`',
        "  10:1  CEL003 task 'a' has no limit",
        '        why: Hung tasks block workers.',
        "  20:1  CEL003 task 'b' has no limit",
        '',
        'docker-compose.yml',
        "  13:5  compose/additional-property 'healtcheck' is not allowed in services.worker",
        '',
        '2 errors, 2 warnings in 2 files',
        'Fixed and formatted: orders/tasks.py',
        'Checked with: ruff 0.16.9 (.venv/bin/ruff); yaml 2.9.1',
        'Note: shellcheck is not installed: 1 shell script(s) were not checked',
      ].join('\n'),
    );
  });

  it('says plainly when there is nothing to report', () => {
    expect(formatReport({ findings: [], linters: ['yaml 2.9.1'], notices: [], fixed: [] })).toBe(
      'No problems found.\nChecked with: yaml 2.9.1',
    );
  });
});

describe('formatReport for a whole project', () => {
  const many: LintReport = {
    findings: [
      ...[10, 20, 30, 40].map((line) => noLimit('a/tasks.py', line)),
      ...[5, 15].map((line) => noLimit('b/tasks.py', line)),
      { ...noLimit('b/tasks.py', 1), code: 'CEL015', severity: 'note', message: 'acks late', why: undefined },
    ],
    linters: [],
    notices: [],
    fixed: [],
  };

  it('shows a rule that fires more than 5 times once, with its count and first 3 places', () => {
    expect(formatReport(many)).toBe(
      [
        'b/tasks.py',
        '  1:1  CEL015 acks late',
        '',
        'CEL003 6 times: a task without a time limit',
        '  at a/tasks.py:10:1, a/tasks.py:20:1, a/tasks.py:30:1 and 3 more (--all lists every one)',
        '  why: Hung tasks block workers.',
        '',
        '0 errors, 6 warnings, 1 note in 2 files',
      ].join('\n'),
    );
  });

  it('lists every finding with all, and keeps rules that fire 5 times or fewer as they are', () => {
    const all = formatReport(many, { all: true });
    expect(all.split('\n').filter((line) => line.includes('CEL003'))).toHaveLength(6);
    const five = formatReport({ ...many, findings: many.findings.slice(1) });
    expect(five.split('\n').filter((line) => line.includes('CEL003'))).toHaveLength(5);
  });
});

describe('celery-django lint --json', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints every finding as one JSON document on stdout', async () => {
    const root = tempProject({
      'manage.py': '',
      'orders/tasks.py': py(`
        from celery import shared_task


        @shared_task
        def close(order_id):
            return order_id


        @shared_task(bind=True)
        def ship(order_id):
            return order_id
      `),
    });
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    const code = await lintCommand(['orders/tasks.py'], { cwd: root, json: true, strict: true });
    const document = JSON.parse(printed.join(''));
    expect(code).toBe(1);
    expect(document.findings).toEqual([
      {
        rule: 'CEL003',
        file: 'orders/tasks.py',
        line: 4,
        column: 1,
        message: expect.stringMatching(/^task 'close' has no soft_time_limit/),
        severity: 'warning',
      },
      expect.objectContaining({ rule: 'CEL003', line: 9 }),
      expect.objectContaining({ rule: 'CEL006', line: 10, column: 10, severity: 'error' }),
    ]);
    expect(document.linters).toEqual(expect.arrayContaining([expect.stringMatching(/^celery rules/)]));
  });
});

describe('defaultLintTargets', () => {
  it("lists the project's Python, compose, Docker and shell files, skipping venvs, dependencies and migrations", () => {
    const root = tempProject({
      'manage.py': '',
      'orders/tasks.py': '',
      'orders/migrations/0001_initial.py': '',
      'orders/templates/page.html': '',
      'docker-compose.yml': '',
      'compose/production/django/Dockerfile': '',
      'compose/production/django/start': '#!/bin/bash\nexec gunicorn\n',
      'compose/production/django/notes': 'plain text\n',
      'scripts/deploy.sh': '',
      '.github/workflows/ci.yml': '',
      'node_modules/pkg/x.py': '',
      'env/lib/python3.12/site-packages/celery/app.py': '',
      'env/pyvenv.cfg': '',
      '.git/hooks/pre-commit.py': '',
      'monitoring/prometheus.yml': '',
    });
    fs.symlinkSync(path.join(root, 'orders'), path.join(root, 'linked-orders'));
    expect(defaultLintTargets(root)).toEqual([
      'compose/production/django/Dockerfile',
      'compose/production/django/start',
      'docker-compose.yml',
      'manage.py',
      'orders/tasks.py',
      'scripts/deploy.sh',
    ]);
  });
});
