// Runs before `npm test`: makes the Python environment the tests use (.venv, with Django, Celery, redis-py and
// ruff from test/stack/requirements.txt) when it is missing, and says which system programs are missing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const venv = process.env.CELERY_DJANGO_TEST_VENV || path.join(repo, '.venv');
const python = path.join(venv, 'bin', 'python');
const requirements = path.join(repo, 'test/stack/requirements.txt');

const imports = (code) => spawnSync(python, ['-c', code], { stdio: 'ignore' }).status === 0;

if (!imports('import django, celery, redis, ruff')) {
  console.log(`Creating the test Python environment in ${path.relative(repo, venv) || venv} ...`);
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  // --no-deps: the pins are complete; Celery's CLI extras (click-repl, ...) are not needed and not always
  // available. The indexes pip is configured with are passed directly, so pip does not wait on one it cannot
  // reach.
  execFileSync(
    path.join(venv, 'bin', 'pip'),
    ['install', '-q', '--no-deps', ...indexArgs(), '-r', requirements],
    {
      stdio: 'inherit',
    },
  );
}

const missing = ['redis-server', 'shellcheck'].filter(
  (program) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status !== 0,
);
if (missing.length > 0) {
  console.log(
    `Missing for the tests: ${missing.join(', ')}. On Debian: apt-get install -y ${missing.join(' ')}`,
  );
}

/** `--index-url first --extra-index-url rest` from `pip config list` (local folders that exist), or nothing. */
function indexArgs() {
  const config = spawnSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8' }).stdout ?? '';
  const urls = [...config.matchAll(/index-url='([^']*)'/g)]
    .flatMap((m) => m[1].split(/\s+/))
    .filter((url) => url && (!url.startsWith('file:') || fs.existsSync(new URL(url))));
  return urls.flatMap((url, i) => [i === 0 ? '--index-url' : '--extra-index-url', url]);
}
