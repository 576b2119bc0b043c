// The report as the user reads it, and the files `celery-django lint` checks by default.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLintTargets, formatReport } from '../../../src/lib/lint/index.js';
import type { LintReport } from '../../../src/lib/types.js';
import { tempProject } from './temp-project.js';

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
