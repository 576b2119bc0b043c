// The project's own ruff, run with the project's own config (ruff finds pyproject.toml / ruff.toml
// itself, with per-file-ignores and excludes): the same verdict as the project's CI.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { LintReport } from '../../types.js';
import { ruffSeverity } from './ruff-findings.js';

type Env = Record<string, string | undefined>;

export interface NativeRuff {
  command: string;
  /** Arguments before ruff's own, e.g. `['-m', 'ruff']`. */
  prefix: string[];
  version: string;
  /** Where it was found, as the report shows it: `.venv/bin/ruff`, `ruff on PATH`, `python3 -m ruff`. */
  where: string;
}

interface Candidate {
  command: string;
  prefix: string[];
  where: string;
}

function candidates(root: string, env: Env): Candidate[] {
  const windows = process.platform === 'win32';
  const inVenv = (venv: string): string =>
    path.join(venv, windows ? 'Scripts' : 'bin', windows ? 'ruff.exe' : 'ruff');
  const shown = (file: string): string => {
    const relative = path.relative(root, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
  };
  const files = [env.VIRTUAL_ENV, path.join(root, '.venv'), path.join(root, 'venv')]
    .filter((venv): venv is string => Boolean(venv))
    .map(inVenv)
    .filter((file) => existsSync(file))
    .map((file) => ({ command: file, prefix: [], where: shown(file) }));
  const python = windows ? 'python' : 'python3';
  return [
    ...files,
    { command: 'ruff', prefix: [], where: 'ruff on PATH' },
    { command: python, prefix: ['-m', 'ruff'], where: `${python} -m ruff` },
  ];
}

/** `--version` of a candidate, or null when it does not run. */
function versionOf(candidate: Candidate, root: string, env: Env): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      candidate.command,
      [...candidate.prefix, '--version'],
      { cwd: root, env, timeout: 20_000, windowsHide: true },
      (error, stdout) => resolve(error ? null : (/ruff (\d+\.\d+\.\d+)/.exec(stdout)?.[1] ?? null)),
    );
  });
}

/**
 * The first ruff, in the order of preference, that answers `--version`; null when the project has none.
 * All candidates are asked at once (starting Python alone takes ~170 ms), and through node's execFile:
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
  const versions = found.map((candidate) => versionOf(candidate, root, env));
  // In order of preference: a project's own ruff answers before `python3 -m ruff` has even started Python.
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
    execa(ruff.command, [...ruff.prefix, ...args], {
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
