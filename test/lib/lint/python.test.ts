// Python through ruff: the project's own ruff (found in its .venv) or the embedded ruff-wasm, the
// project's ruff config, and --fix.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lib/lint/index.js';
import { targetVersionFromRequiresPython } from '../../../src/lib/lint/python/ruff-config.js';
import { linkVenvInto, NO_TOOLS_ENV, pathOnlyEnv } from './ruff-venv.js';
import { located, py, tempProject } from './temp-project.js';

const UNDEFINED_NAME = py(`
  def total(order_id):
      return compute(order_id)
`);

const UNFORMATTED = 'import os\nimport sys\ndef first( x ):\n    return sys.argv[x]\n';
const FIXED = 'import sys\n\n\ndef first(x):\n    return sys.argv[x]\n';

describe('embedded ruff (no ruff in the project)', () => {
  it('finds an undefined name with file and line, and says which ruff ran', async () => {
    const root = tempProject({ 'orders/services.py': UNDEFINED_NAME });
    const report = await lint(['orders/services.py'], { root, env: NO_TOOLS_ENV });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        file: 'orders/services.py',
        line: 2,
        column: 12,
        code: 'F821',
        severity: 'error',
      }),
    );
    expect(report.linters[0]).toMatch(
      /^ruff-wasm 0\.17\.4 \(embedded; ruff 0\.17\.4 default rules, no ruff config found\)$/,
    );
  });

  it('uses the project config: selected rules, per-file-ignores and excludes', async () => {
    const root = tempProject({
      'pyproject.toml': [
        '[project]',
        'name = "shop"',
        'requires-python = ">=3.11"',
        '[tool.ruff]',
        'extend-exclude = ["legacy"]',
        '[tool.ruff.lint]',
        'select = ["F"]',
        '[tool.ruff.lint.per-file-ignores]',
        '"tests/*" = ["F401"]',
      ].join('\n'),
      'orders/a.py': 'import os\n',
      'tests/test_a.py': 'import os\n',
      'legacy/old.py': 'import os\n',
      'orders/b.py': 'def f():\n    try:\n        pass\n    except:\n        pass\n',
    });
    const files = ['orders/a.py', 'tests/test_a.py', 'legacy/old.py', 'orders/b.py'];
    const report = await lint(files, { root, env: NO_TOOLS_ENV });
    // F401 only where not ignored; no E722 for the bare except, since only F is selected.
    expect(located(report.findings)).toEqual(['orders/a.py:1 F401']);
    expect(report.linters[0]).toBe('ruff-wasm 0.17.4 (embedded; config: pyproject.toml [tool.ruff])');
  });

  it('--fix removes an unused import and formats the file', async () => {
    const root = tempProject({ 'orders/a.py': UNFORMATTED, 'orders/clean.py': 'X = 1\n' });
    const report = await lint(['orders/a.py', 'orders/clean.py'], { root, env: NO_TOOLS_ENV, fix: true });
    expect(fs.readFileSync(path.join(root, 'orders/a.py'), 'utf8')).toBe(FIXED);
    expect(report.fixed).toEqual(['orders/a.py']);
    expect(report.findings).toEqual([]);
  });

  it('maps requires-python to a target version', () => {
    expect(targetVersionFromRequiresPython('>=3.11')).toBe('py311');
    expect(targetVersionFromRequiresPython('~=3.10.2')).toBe('py310');
    expect(targetVersionFromRequiresPython('>=3.8,<4')).toBe('py38');
    expect(targetVersionFromRequiresPython('any')).toBeNull();
  });
});

describe("the project's own ruff (in its .venv)", () => {
  it('is preferred, named in the report, and finds the undefined name', async () => {
    const root = tempProject({ 'orders/services.py': UNDEFINED_NAME });
    linkVenvInto(root);
    const report = await lint(['orders/services.py'], { root, env: pathOnlyEnv() });
    expect(report.linters[0]).toMatch(/^ruff \d+\.\d+\.\d+ \(\.venv\/bin\/ruff\)$/);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        file: 'orders/services.py',
        line: 2,
        column: 12,
        code: 'F821',
        source: 'ruff',
      }),
    );
  });

  it('reads the project config itself (per-file-ignores)', async () => {
    const root = tempProject({
      'ruff.toml': '[lint]\nselect = ["F"]\n[lint.per-file-ignores]\n"tests/*" = ["F401"]\n',
      'orders/a.py': 'import os\n',
      'tests/test_a.py': 'import os\n',
    });
    linkVenvInto(root);
    const report = await lint(['orders/a.py', 'tests/test_a.py'], { root, env: pathOnlyEnv() });
    expect(located(report.findings)).toEqual(['orders/a.py:1 F401']);
  });

  it('--fix removes an unused import and formats the file', async () => {
    const root = tempProject({ 'orders/a.py': UNFORMATTED, 'orders/clean.py': 'X = 1\n' });
    linkVenvInto(root);
    const report = await lint(['orders/a.py', 'orders/clean.py'], { root, env: pathOnlyEnv(), fix: true });
    expect(fs.readFileSync(path.join(root, 'orders/a.py'), 'utf8')).toBe(FIXED);
    expect(report.fixed).toEqual(['orders/a.py']);
    expect(report.findings).toEqual([]);
  });

  it('does not change files without --fix, even when the project config says fix = true', async () => {
    const root = tempProject({ 'ruff.toml': 'fix = true\n', 'orders/a.py': UNFORMATTED });
    linkVenvInto(root);
    const report = await lint(['orders/a.py'], { root, env: pathOnlyEnv() });
    expect(fs.readFileSync(path.join(root, 'orders/a.py'), 'utf8')).toBe(UNFORMATTED);
    expect(located(report.findings)).toContain('orders/a.py:1 F401');
  });

  it('reports a ruff failure (exit 2) as a notice', async () => {
    const root = tempProject({ 'ruff.toml': 'line-lenght = 80\n', 'orders/a.py': 'X = 1\n' });
    linkVenvInto(root);
    const report = await lint(['orders/a.py'], { root, env: pathOnlyEnv() });
    expect(report.notices).toEqual([
      expect.stringMatching(/^ruff failed \(exit 2\): .*Python files were not linted$/),
    ]);
  });
});
