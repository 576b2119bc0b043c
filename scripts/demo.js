// `npm run demo`: config/setup, then task/basic-retry, on a fresh copy of the example project. With an API key
// the model writes the files; without one, the answers recorded in examples/recorded/ are applied through
// --apply, the same plan, checks and writing a real answer goes through.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const bin = path.join(repo, 'dist/cli.js');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-demo-'));
const project = path.join(workspace, 'shopsite');
fs.cpSync(path.join(repo, 'examples/shopsite'), project, { recursive: true });

const hasKey = Boolean(
  process.env.OPENAI_API_KEY || process.env.ANTHROPIC_API_KEY || process.env.OPENAI_BASE_URL,
);
const say = (text) => process.stdout.write(`\n\x1b[1m${text}\x1b[0m\n`);

say(`The example project: ${project}`);
say(
  hasKey
    ? 'An API key is set: the model writes the files.'
    : 'No API key is set (OPENAI_API_KEY or ANTHROPIC_API_KEY), so the demo applies answers a model wrote earlier\n' +
        '(examples/recorded/), through the same plan, checks and writing as a live answer.',
);

for (const [section, record] of [
  ['config', 'config-setup.json'],
  ['task', 'task-basic-retry.json'],
]) {
  const recordFile = path.join(repo, 'examples/recorded', record);
  const { promptId, answers } = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
  let args;
  if (hasKey) {
    const answersFile = path.join(workspace, `${section}.answers.json`);
    fs.writeFileSync(answersFile, JSON.stringify(answers));
    args = [section, '--prompt', promptId, '--answers', answersFile, '--yes'];
  } else {
    args = [section, '--apply', recordFile];
  }
  // In a terminal the run asks about each change to a file of the project; without one, the demo accepts them.
  if (!process.stdin.isTTY) args.push('--force');
  say(`$ celery-django ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: project, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

say('The task the run wrote, orders/tasks.py:');
process.stdout.write(fs.readFileSync(path.join(project, 'orders/tasks.py'), 'utf8'));
say(`Look around: cd ${project}`);
