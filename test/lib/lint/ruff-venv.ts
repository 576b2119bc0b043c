// The virtual environment holding a real ruff, for the tests of the native-ruff path. CI creates it:
//   python3 -m venv .venv && .venv/bin/pip install ruff django celery redis pytest
// CELERY_DJANGO_TEST_VENV points elsewhere. Without it those tests fail (never skip) and say how to create it.
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../..');

export function testVenv(): string {
  const venv = process.env.CELERY_DJANGO_TEST_VENV ?? path.join(REPO, '.venv');
  const ruff = path.join(venv, process.platform === 'win32' ? 'Scripts/ruff.exe' : 'bin/ruff');
  if (!fs.existsSync(ruff)) {
    throw new Error(
      `No ruff in the test virtual environment ${venv}. Create it from the repository root with\n` +
        '  python3 -m venv .venv && .venv/bin/pip install ruff django celery redis pytest\n' +
        'or point CELERY_DJANGO_TEST_VENV at a virtual environment that has ruff.',
    );
  }
  return venv;
}

/** Makes the project's `.venv` a link to the test venv: the project then "has" its own ruff. */
export function linkVenvInto(root: string): void {
  fs.symlinkSync(testVenv(), path.join(root, '.venv'), 'dir');
}

/** An environment in which no ruff can be found: no PATH, no VIRTUAL_ENV. */
export const NO_TOOLS_ENV: Record<string, string | undefined> = { PATH: '' };

/** The real PATH, without an activated virtual environment that would take precedence over the project's. */
export function pathOnlyEnv(): Record<string, string | undefined> {
  return { PATH: process.env.PATH };
}
