// The pieces the real-stack test stands on: a throwaway Redis, the venv's python, a startproject-made
// project, and a harness that says clearly what is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStackHarness } from './harness.js';
import { createStackProject } from './project.js';
import { findVenvPython } from './python.js';
import { startRedis } from './redis.js';

/** Sends one inline command and returns Redis's first reply line, or the connection error's code. */
function ask(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.split('\r\n')[0]!);
      }
    });
  });
}

describe('startRedis', () => {
  it('serves a loopback Redis that saves nothing, and stop() shuts it down', async () => {
    const redis = await startRedis();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}/0`);
      expect(await ask(redis.port, 'PING')).toBe('+PONG');
      expect(await ask(redis.port, 'CONFIG GET save')).toBe('*2');
    } finally {
      await redis.stop();
    }
    expect(await ask(redis.port, 'PING')).toBe('ECONNREFUSED');
  });
});

describe('findVenvPython', () => {
  it('says how to create the virtualenv when there is none', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-novenv-'));
    expect(() => findVenvPython({ CELERY_DJANGO_TEST_VENV: empty })).toThrow(
      /No Python virtualenv at [\s\S]*python3 -m venv[\s\S]*pip install --no-deps -r .*test\/stack\/requirements\.txt/,
    );
  });
});

describe('createStackProject and the harness', () => {
  it('makes a Django project with the orders app whose migration matches its model', () => {
    const python = findVenvPython();
    const root = createStackProject(python);
    const settings = fs.readFileSync(path.join(root, 'shopsite/settings.py'), 'utf8');
    expect(settings).toMatch(/INSTALLED_APPS = \[[^\]]*'django\.contrib\.staticfiles',\n {4}'orders',\n\]/);
    const run = (...args: string[]) =>
      execFileSync(python, ['manage.py', ...args], { cwd: root, encoding: 'utf8' });
    expect(run('check')).toMatch(/no issues/);
    // Exits non-zero (and the test fails) if the model changed without a migration.
    expect(run('makemigrations', '--check', '--dry-run', 'orders')).toMatch(/No changes detected/);
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it('reports a project without the Celery setup as a failed check, not a crash', async () => {
    const python = findVenvPython();
    const root = createStackProject(python);
    // Nothing listens there: the harness must stop before it needs a broker.
    const report = await runStackHarness(python, root, 'redis://127.0.0.1:9/0', 5);
    expect(report).toMatchObject({ ok: false, failed: 'settings', exitCode: 1, checks: [] });
    expect(report.error).toBe('shopsite/__init__.py does not expose `celery_app`');
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });
});
