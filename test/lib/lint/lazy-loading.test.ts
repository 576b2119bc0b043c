// The CLI imports the lint stage at start-up: the heavy checkers must load only when a file needs them.
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { lint } from '../../../src/lib/lint/index.js';
import { tempProject } from './temp-project.js';

const loadedModules = () => Object.keys(createRequire(import.meta.url).cache);

it('loads neither ruff-wasm, dockerfile-utils nor ajv to check a plain YAML file', async () => {
  const root = tempProject({ 'monitoring/prometheus.yml': 'global:\n  scrape_interval: 15s\n' });
  const report = await lint(['monitoring/prometheus.yml'], { root });
  expect(report.findings).toEqual([]);
  const loaded = loadedModules();
  expect(loaded.filter((file) => /ruff_wasm|dockerfile-utils|node_modules\/ajv\//.test(file))).toEqual([]);
});

it('loads ruff-wasm once Python files are linted without a project ruff', async () => {
  const root = tempProject({ 'orders/a.py': 'X = 1\n' });
  await lint(['orders/a.py'], { root, env: { PATH: '' } });
  expect(loadedModules().some((file) => file.includes('ruff_wasm'))).toBe(true);
});
