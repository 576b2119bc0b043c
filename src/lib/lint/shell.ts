// Shell scripts with shellcheck (GPL, run as an external program) when it is installed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { Finding, LintReport } from '../types.js';

type Env = Record<string, string | undefined>;

interface ShellcheckComment {
  file: string;
  line: number;
  column: number;
  level: 'error' | 'warning' | 'info' | 'style';
  code: number;
  message: string;
}

function onPath(command: string, env: Env): string | null {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = path.join(dir, command + extension);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export async function lintShell(files: string[], root: string, env: Env): Promise<LintReport> {
  const report: LintReport = { findings: [], linters: [], notices: [], fixed: [] };
  const shellcheck = onPath('shellcheck', env);
  if (!shellcheck) {
    report.notices.push(
      `shellcheck is not installed: ${files.length} shell script(s) were not checked (apt-get install shellcheck, brew install shellcheck)`,
    );
    return report;
  }
  const run = (args: string[]) =>
    execa(shellcheck, args, { cwd: root, env, extendEnv: false, reject: false, timeout: 60_000 });
  const version = /version: (\S+)/.exec(String((await run(['--version'])).stdout))?.[1] ?? '?';
  report.linters.push(`shellcheck ${version}`);
  const result = await run(['-f', 'json1', '--', ...files]);
  let comments: ShellcheckComment[];
  try {
    comments = (JSON.parse(String(result.stdout)) as { comments: ShellcheckComment[] }).comments;
  } catch {
    report.notices.push(
      `shellcheck failed (exit ${result.exitCode ?? result.code}): ${String(result.stderr).split('\n')[0]}`,
    );
    return report;
  }
  report.findings = comments.map((comment): Finding => ({
    file: comment.file.split(path.sep).join('/'),
    line: comment.line,
    column: comment.column,
    code: `SC${comment.code}`,
    message: comment.message,
    severity: comment.level === 'error' ? 'error' : 'warning',
    source: 'shellcheck',
  }));
  return report;
}
