// YAML, compose, Dockerfile and shell checks through lint().
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lib/lint/index.js';
import { NO_TOOLS_ENV } from './ruff-venv.js';
import { located, tempProject } from './temp-project.js';

const COMPOSE = `name: shop
services:
  web:
    image: shop
    develop:
      watch:
        - path: ./orders
          action: sync
          target: /app/orders
  worker: &worker
    image: shop
    command: celery -A config worker -l INFO
    healtcheck:
      test: ["CMD", "celery", "inspect", "ping"]
  beat:
    <<: *worker
    command: celery -A config beat
    depends_on:
      redis:
        restart: true
  redis:
    image: redis:7
`;

describe('compose files', () => {
  it('names a misspelled key with its line, the service, and the likely key', async () => {
    const root = tempProject({ 'docker-compose.yml': COMPOSE });
    const report = await lint(['docker-compose.yml'], { root });
    expect(report.findings).toEqual([
      expect.objectContaining({
        file: 'docker-compose.yml',
        line: 13,
        column: 5,
        code: 'compose/additional-property',
        message: "'healtcheck' is not allowed in services.worker; did you mean 'healthcheck'?",
        severity: 'error',
      }),
      // merged into beat from the anchor: reported on the service that inherits it
      expect.objectContaining({
        line: 15,
        code: 'compose/additional-property',
        message: expect.stringContaining('services.beat'),
      }),
      expect.objectContaining({
        line: 19,
        code: 'compose/required',
        message: "services.beat.depends_on.redis is missing 'condition'",
      }),
    ]);
    expect(report.linters).toEqual([
      expect.stringMatching(/^yaml /),
      expect.stringMatching(/^compose-spec schema \(compose-spec 00655e2/),
    ]);
  });

  it('accepts current keys (top-level name, develop, x- extensions) and reports one problem per oneOf', async () => {
    const root = tempProject({
      'compose.yaml': [
        'name: shop',
        'x-env: &env',
        '  DJANGO_SETTINGS_MODULE: config.settings',
        'services:',
        '  web:',
        '    build: {contxt: .}',
        '    environment: *env',
        '    develop:',
        '      watch:',
        '        - {path: ., action: rebuild}',
        '',
      ].join('\n'),
    });
    const report = await lint(['compose.yaml'], { root });
    expect(
      report.findings.map(
        (finding) => `${finding.line}:${finding.column} ${finding.code} ${finding.message}`,
      ),
    ).toEqual([
      "6:13 compose/additional-property 'contxt' is not allowed in services.web.build; did you mean 'context'?",
    ]);
  });
});

describe('YAML files', () => {
  it('reports a duplicate key with its line, and a syntax error', async () => {
    const root = tempProject({
      'monitoring/prometheus.yml': 'global:\n  scrape_interval: 15s\n  scrape_interval: 30s\n',
      'monitoring/broken.yaml': 'services:\n  web:\n    image: x\n   command: y\n',
    });
    const report = await lint(['monitoring/prometheus.yml', 'monitoring/broken.yaml'], { root });
    expect(
      report.findings.map(
        (finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.code} ${finding.message}`,
      ),
    ).toEqual([
      'monitoring/broken.yaml:4:1 yaml/bad-indent All mapping items must start at the same column',
      "monitoring/prometheus.yml:3:3 yaml/duplicate-key duplicate key 'scrape_interval': a later value silently replaces the earlier one",
    ]);
  });
});

describe('Dockerfiles', () => {
  it('reports unknown instructions as errors and deprecated ones as warnings', async () => {
    const root = tempProject({
      'compose/django/Dockerfile': 'FROM python:3.12-slim\nMAINTAINER me\nRUNN pip install celery\n',
    });
    const report = await lint(['compose/django/Dockerfile'], { root });
    expect(report.findings.map((finding) => `${finding.line} ${finding.code} ${finding.severity}`)).toEqual([
      '2 dockerfile/deprecated-maintainer warning',
      '3 dockerfile/unknown-instruction error',
    ]);
    expect(report.linters).toEqual([expect.stringMatching(/^dockerfile-utils \d/)]);
  });
});

describe('shell scripts', () => {
  const script = '#!/bin/sh\nset -e\nexec celery -A config worker --concurrency $CONCURRENCY\n';

  it('runs shellcheck on .sh files and scripts with a shell shebang', async () => {
    try {
      execFileSync('shellcheck', ['--version']);
    } catch {
      throw new Error(
        'shellcheck is needed for this test: apt-get install shellcheck (or brew install shellcheck)',
      );
    }
    const root = tempProject({ 'compose/start': script, 'scripts/worker.sh': script });
    const report = await lint(['compose/start', 'scripts/worker.sh'], { root });
    expect(located(report.findings)).toEqual(['compose/start:3 SC2086', 'scripts/worker.sh:3 SC2086']);
    expect(report.linters).toEqual([expect.stringMatching(/^shellcheck \d/)]);
  });

  it('says in a notice when shellcheck is not installed', async () => {
    const root = tempProject({ 'scripts/worker.sh': script });
    const report = await lint(['scripts/worker.sh'], { root, env: NO_TOOLS_ENV });
    expect(report.findings).toEqual([]);
    expect(report.notices).toEqual([
      expect.stringMatching(/^shellcheck is not installed: 1 shell script\(s\) were not checked/),
    ]);
  });
});

describe('files lint cannot check', () => {
  it('notes missing files and ignores kinds it has no checker for', async () => {
    const root = tempProject({ 'README.md': '# Shop\n' });
    const report = await lint(['README.md', 'orders/gone.py'], { root });
    expect(report).toEqual({
      findings: [],
      linters: [],
      notices: ['orders/gone.py does not exist: not checked'],
      fixed: [],
    });
  });
});
