// The "Done when": a generated answer holding an undefined name, eager mode in base settings,
// a task that takes an Order object and a compose file with `healtcheck:` gives a report naming each
// with file, line and code, with the project's own ruff and with the embedded one.
import { describe, expect, it } from 'vitest';
import { formatReport, lint } from '../../../src/lib/lint/index.js';
import { linkVenvInto, NO_TOOLS_ENV, pathOnlyEnv } from './ruff-venv.js';
import { py, tempProject } from './temp-project.js';

function generatedAnswer(): string {
  return tempProject({
    'config/settings/base.py': py(`
      CELERY_BROKER_URL = "redis://redis:6379/0"
      CELERY_TASK_ALWAYS_EAGER = True
      CELERY_TASK_TIME_LIMIT = 300
    `),
    'orders/models.py': py(`
      from django.db import models


      class Order(models.Model):
          status = models.CharField(max_length=20)
    `),
    'orders/tasks.py': py(`
      from celery import shared_task

      from .models import Order


      @shared_task
      def process_order(order: Order):
          order.status = "paid"
          order.save()
          send_receipt(order.pk)
    `),
    'docker-compose.yml': [
      'services:',
      '  worker:',
      '    image: shop',
      '    command: celery -A config worker',
      '    healtcheck:',
      '      test: ["CMD", "celery", "inspect", "ping"]',
      '',
    ].join('\n'),
  });
}

const FILES = ['config/settings/base.py', 'orders/models.py', 'orders/tasks.py', 'docker-compose.yml'];
const EXPECTED = [
  'config/settings/base.py:2:1 CEL001',
  'docker-compose.yml:5:5 compose/additional-property',
  'orders/tasks.py:7:19 CEL002',
  'orders/tasks.py:10:5 F821',
];

describe('done when', () => {
  it.each([
    ['the embedded ruff', NO_TOOLS_ENV, /^ruff-wasm 0\.17\.4 \(embedded/, false],
    ["the project's ruff", pathOnlyEnv(), /^ruff \d+\.\d+\.\d+ \(\.venv\/bin\/ruff\)$/, true],
  ])('names each problem with file, line and code, with %s', async (_name, env, linter, withVenv) => {
    const root = generatedAnswer();
    if (withVenv) linkVenvInto(root);
    const report = await lint(FILES, { root, env });
    expect(
      report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.code}`),
    ).toEqual(EXPECTED);
    expect(report.linters[0]).toMatch(linter);
    const text = formatReport(report);
    expect(text).toContain('orders/tasks.py\n  7:19  CEL002 ');
    expect(text).toContain('  10:5  F821 Undefined name `send_receipt`');
    expect(text).toContain(
      "docker-compose.yml\n  5:5  compose/additional-property 'healtcheck' is not allowed in services.worker",
    );
    expect(text).toContain('2 errors, 2 warnings in 3 files');
  });
});
