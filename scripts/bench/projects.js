// Throwaway copies of the example Django project for the benchmarks, the answers files the runs read, and the
// lint project: the ten generated files the lint benchmark checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(REPO, 'dist', 'cli.js');
export const REPO_RUFF = path.join(REPO, '.venv', 'bin', 'ruff');
const EXAMPLE = path.join(REPO, 'examples', 'shopsite');

export const readJson = (file) => JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8'));

/** A scratch folder for one bench run, removed by `cleanup`. */
export function createWorkspace() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-bench-'));
  let copies = 0;
  return {
    root,
    /** A fresh copy of the example project. */
    copyExample(label = 'project') {
      const target = path.join(root, `${label}-${++copies}`);
      fs.cpSync(EXAMPLE, target, { recursive: true });
      return target;
    },
    writeJson(name, value) {
      const file = path.join(root, name);
      fs.writeFileSync(file, JSON.stringify(value, null, 2));
      return file;
    },
    /**
     * The environment of every measured process: no keys (a loopback base URL needs none), no virtualenv that
     * would hand the lint stage a native ruff, run records kept out of the user's cache.
     */
    env: (() => {
      const env = { ...process.env, XDG_CACHE_HOME: path.join(root, 'cache'), NO_COLOR: '1' };
      for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_BASE_URL', 'VIRTUAL_ENV']) {
        delete env[name];
      }
      return env;
    })(),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Writes answer files into a project the way the write stage does: create/replace, or append to what is there. */
function applyFiles(project, files, prefix = '') {
  const written = [];
  for (const file of files) {
    const target = path.join(project, prefix, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const base = path.join(project, file.path);
    const existing =
      file.action === 'append' && fs.existsSync(target)
        ? fs.readFileSync(target, 'utf8')
        : file.action === 'append' && fs.existsSync(base)
          ? fs.readFileSync(base, 'utf8')
          : '';
    const content = file.content.endsWith('\n') ? file.content : `${file.content}\n`;
    fs.writeFileSync(
      target,
      existing && !existing.endsWith('\n') ? `${existing}\n${content}` : existing + content,
    );
    written.push(path.posix.join(prefix, file.path));
  }
  return [...new Set(written)];
}

/**
 * The example project with the generated files of the recorded answers (at their own paths) and of the
 * real-stack answers (under `stack/`, as they would land in a second project), plus a compose file:
 * nine Python files and one compose file, ten in all.
 */
export function buildLintProject(workspace, label) {
  const project = workspace.copyExample(label);
  const recorded = ['config-setup', 'task-basic-retry'].flatMap(
    (name) => readJson(`examples/recorded/${name}.json`).answer.files,
  );
  const stack = ['config-setup', 'task-basic-retry', 'config-beat', 'workflow-chain'].flatMap(
    (name) => readJson(`test/stack/answers/${name}.json`).files,
  );
  // The stack files first: their appends must start from the example's own files, not the recorded ones.
  const files = [...applyFiles(project, stack, 'stack'), ...applyFiles(project, recorded)];
  fs.copyFileSync(
    path.join(REPO, 'bench', 'fixtures', 'docker-compose.yml'),
    path.join(project, 'docker-compose.yml'),
  );
  return { project, files: [...new Set(files)].concat('docker-compose.yml') };
}

/** Gives a project its own ruff the way a developer's virtualenv does: `.venv/bin/ruff`. */
export function giveProjectRuff(project) {
  fs.mkdirSync(path.join(project, '.venv', 'bin'), { recursive: true });
  fs.symlinkSync(REPO_RUFF, path.join(project, '.venv', 'bin', 'ruff'));
}
