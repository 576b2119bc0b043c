// The Python the real-stack test runs Django and Celery with: a virtualenv, by default <repo>/.venv.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../..');
/** Modules the stack test needs; their import names, not their package names. */
const REQUIRED_MODULES = ['django', 'celery', 'redis'];

/** The folder of the virtualenv: $CELERY_DJANGO_TEST_VENV, else <repo>/.venv. */
export function stackVenv(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CELERY_DJANGO_TEST_VENV || path.join(REPO, '.venv'));
}

/**
 * The virtualenv's python, checked to import Django, Celery and redis-py.
 * Throws an error saying how to create the virtualenv when it is missing or incomplete.
 */
export function findVenvPython(env: NodeJS.ProcessEnv = process.env): string {
  const venv = stackVenv(env);
  const python =
    process.platform === 'win32'
      ? path.join(venv, 'Scripts', 'python.exe')
      : path.join(venv, 'bin', 'python');
  if (!fs.existsSync(python)) {
    throw new Error(`No Python virtualenv at ${venv} (looked for ${python}).\n${howToCreate(venv)}`);
  }
  const probe = spawnSync(python, ['-c', `import ${REQUIRED_MODULES.join(', ')}`], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || '').trim().split('\n').pop();
    throw new Error(
      `The virtualenv at ${venv} cannot import ${REQUIRED_MODULES.join(', ')}: ${why}\n${howToCreate(venv)}`,
    );
  }
  return python;
}

function howToCreate(venv: string): string {
  const requirements = path.relative(process.cwd(), path.join(REPO, 'test/stack/requirements.txt'));
  return [
    'Create it with:',
    `  python3 -m venv ${venv}`,
    `  ${path.join(venv, 'bin', 'pip')} install --no-deps -r ${requirements}`,
    'or point CELERY_DJANGO_TEST_VENV at a virtualenv that has Django 5.2, Celery 5.6 and redis-py.',
  ].join('\n');
}
