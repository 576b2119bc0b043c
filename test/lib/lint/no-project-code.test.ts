// Looking for ruff runs nothing the project planted: no `ruff.py` or `ruff/` imported by a Python started in the
// project, no `ruff` found through a relative PATH entry. The report says which ruff ran and from where.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lib/lint/index.js';
import { copyProject } from '../../support/tree.js';
import { linkVenvInto, testVenv } from './ruff-venv.js';

/** A project where each planted ruff would leave a marker file if it ran. */
function projectWithPlantedRuff(): { root: string; markers: () => string[] } {
  const root = copyProject('startproject');
  const plant = (file: string, text: string, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text, { mode });
  };
  const marker = (name: string) =>
    `open(${JSON.stringify(path.join(root, `ran-${name}`))}, "w").write("x")\n`;
  plant('ruff.py', marker('ruff.py'));
  plant('orders/ruff.py', marker('orders-ruff.py'));
  plant(
    'bin/ruff',
    `#!/bin/sh\ntouch ${JSON.stringify(path.join(root, 'ran-bin-ruff'))}\necho ruff 9.9.9\n`,
    0o755,
  );
  plant(
    'ruff',
    `#!/bin/sh\ntouch ${JSON.stringify(path.join(root, 'ran-root-ruff'))}\necho ruff 9.9.9\n`,
    0o755,
  );
  const markers = () => fs.readdirSync(root).filter((name) => name.startsWith('ran-'));
  return { root, markers };
}

/** PATH with python3 but no ruff, and relative entries that lead into the project. */
function hostileEnv(): Record<string, string | undefined> {
  const python = path.dirname(fs.realpathSync(path.join(testVenv(), 'bin/python3')));
  return { PATH: ['.', 'bin', python, '/usr/bin', '/bin'].join(path.delimiter) };
}

describe('the check runs no code of the project', () => {
  it('imports no planted ruff.py and runs no ruff through a relative PATH entry', async () => {
    const { root, markers } = projectWithPlantedRuff();
    const report = await lint(['orders/models.py'], { root, fix: false, env: hostileEnv() });
    expect(markers()).toEqual([]);
    // No native ruff is found this way: the embedded one checked, and says so.
    expect(report.linters.join('\n')).toMatch(/ruff-wasm [\d.]+ \(embedded/);
  });

  it("uses the project's own .venv ruff by absolute path, and says where it came from", async () => {
    const { root, markers } = projectWithPlantedRuff();
    linkVenvInto(root);
    const report = await lint(['orders/models.py'], { root, fix: false, env: hostileEnv() });
    expect(markers()).toEqual([]);
    expect(report.linters).toContainEqual(
      expect.stringMatching(/^ruff \d+\.\d+\.\d+ \(\.venv\/bin\/ruff\)$/),
    );
  });

  it('names the absolute path of a ruff found on PATH', async () => {
    const { root, markers } = projectWithPlantedRuff();
    const env = { PATH: ['.', 'bin', path.join(testVenv(), 'bin'), '/usr/bin'].join(path.delimiter) };
    const report = await lint(['orders/models.py'], { root, fix: false, env });
    expect(markers()).toEqual([]);
    expect(report.linters).toContainEqual(
      `ruff ${/\d+\.\d+\.\d+/.exec(report.linters[0]!)![0]} (ruff on PATH, ${path.join(testVenv(), 'bin/ruff')})`,
    );
  });
});
