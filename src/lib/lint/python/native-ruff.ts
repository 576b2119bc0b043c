// The project's own ruff, run with the project's own config (ruff finds pyproject.toml / ruff.toml
// itself, with per-file-ignores and excludes): the same verdict as the project's CI.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LintReport } from '../../types.js';
import { ruffSeverity } from './ruff-findings.js';

type Env = Record<string, string | undefined>;

export interface NativeRuff {
  /** An absolute path: a bare name would be looked up in folders the project may control. */
  command: string;
  version: string;
  /** Where it was found, as the report shows it: `.venv/bin/ruff`, `ruff on PATH, /usr/bin/ruff`. */
  where: string;
}

interface Candidate {
  command: string;
  where: string;
}

/**
 * Ruff executables by absolute path, in the order of preference: the active virtual environment, the project's
 * `.venv` and `venv`, then `ruff` in the absolute folders of PATH. Never `python -m ruff`: Python would import a
 * `ruff.py` or `ruff/` planted in the project before the real one, and PATH entries such as `.` are skipped.
 */
function candidates(root: string, env: Env): Candidate[] {
  const windows = process.platform === 'win32';
  const executable = windows ? 'ruff.exe' : 'ruff';
  const inVenv = (venv: string): string => path.join(venv, windows ? 'Scripts' : 'bin', executable);
  const shown = (file: string): string => {
    const relative = path.relative(root, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
  };
  const venvs = [env.VIRTUAL_ENV, path.join(root, '.venv'), path.join(root, 'venv')]
    .filter((venv): venv is string => Boolean(venv) && path.isAbsolute(venv!))
    .map(inVenv)
    .filter(isExecutable)
    .map((file) => ({ command: file, where: shown(file) }));
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((folder) => path.isAbsolute(folder))
    .map((folder) => path.join(folder, executable))
    .find(isExecutable);
  return onPath ? [...venvs, { command: onPath, where: `ruff on PATH, ${onPath}` }] : venvs;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `--version` of a candidate, or null when it does not run. Asked from outside the project. */
function versionOf(candidate: Candidate, env: Env): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      candidate.command,
      ['--version'],
      { cwd: os.tmpdir(), env, timeout: 20_000, windowsHide: true },
      (error, stdout) => resolve(error ? null : (/ruff (\d+\.\d+\.\d+)/.exec(stdout)?.[1] ?? null)),
    );
  });
}

/**
 * The first ruff, in the order of preference, that answers `--version`; null when the project has none.
 * All candidates are asked at once, and through node's execFile:
 * importing execa costs 100-160 ms, which a project without ruff should not pay.
 */
export function findNativeRuff(root: string, env: Env = process.env): Promise<NativeRuff | null> {
  // One probe per project and search path: prepareLint starts it while the model writes, lint reuses it.
  const key = JSON.stringify([root, env.VIRTUAL_ENV, env.PATH]);
  let probe = probes.get(key);
  if (!probe) probes.set(key, (probe = probeRuff(root, env)));
  return probe;
}

const probes = new Map<string, Promise<NativeRuff | null>>();

async function probeRuff(root: string, env: Env): Promise<NativeRuff | null> {
  const found = candidates(root, env);
  const versions = found.map((candidate) => versionOf(candidate, env));
  // In order of preference: the first that answers wins.
  for (const [index, pending] of versions.entries()) {
    const version = await pending;
    if (version) return { ...found[index]!, version };
  }
  return null;
}

interface RuffJsonDiagnostic {
  code: string | null;
  message: string;
  filename: string;
  location: { row: number; column: number };
}

function firstLine(text: unknown): string {
  return (
    String(text ?? '')
      .split('\n')
      .find((line) => line.trim()) ?? ''
  );
}

export async function lintWithNativeRuff(
  ruff: NativeRuff,
  files: string[],
  root: string,
  fix: boolean,
  env: Env = process.env,
): Promise<LintReport> {
  const report: LintReport = {
    findings: [],
    linters: [`ruff ${ruff.version} (${ruff.where})`],
    notices: [],
    fixed: [],
  };
  const { execa } = await import('execa');
  const run = (args: string[]) =>
    execa(ruff.command, args, {
      cwd: root,
      env,
      extendEnv: false,
      reject: false,
      timeout: 120_000,
    });

  if (fix) {
    const read = (file: string) =>
      existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : null;
    const before = new Map(files.map((file) => [file, read(file)]));
    const fixRun = await run(['check', '--fix', '--force-exclude', '--quiet', '--', ...files]);
    if ((fixRun.exitCode ?? 2) > 1)
      report.notices.push(`ruff check --fix failed: ${firstLine(fixRun.stderr)}`);
    const formatRun = await run(['format', '--force-exclude', '--quiet', '--', ...files]);
    if ((formatRun.exitCode ?? 2) > 1)
      report.notices.push(`ruff format failed: ${firstLine(formatRun.stderr)}`);
    report.fixed = files.filter((file) => read(file) !== before.get(file));
  }

  // --no-fix: a project config with `fix = true` would otherwise make a plain check rewrite files.
  const result = await run([
    'check',
    '--output-format',
    'json',
    '--force-exclude',
    '--no-fix',
    '--',
    ...files,
  ]);
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    report.notices.push(
      `ruff failed (exit ${result.exitCode ?? result.code}): ${firstLine(result.stderr)}; Python files were not linted`,
    );
    return report;
  }
  const realRoot = realpathSync(root);
  const projectPath = (filename: string): string => {
    const relative = path.relative(root, filename);
    return (relative.startsWith('..') ? path.relative(realRoot, filename) : relative)
      .split(path.sep)
      .join('/');
  };
  for (const diagnostic of JSON.parse(String(result.stdout || '[]')) as RuffJsonDiagnostic[]) {
    const code = diagnostic.code ?? 'invalid-syntax';
    report.findings.push({
      file: projectPath(diagnostic.filename),
      line: diagnostic.location.row,
      column: diagnostic.location.column,
      code,
      message: diagnostic.message,
      severity: ruffSeverity(code),
      source: 'ruff',
    });
  }
  return report;
}
