// `celery-django lint [paths...]`: the same checks as after a run, over any files of the project.
import path from 'node:path';
import { defaultLintTargets, formatReport, lint } from './index.js';
import { reportAsJson } from './report.js';
import { detectProject } from '../project/index.js';
import type { LintReport } from '../types.js';

export interface LintCommandOptions {
  cwd: string;
  fix?: boolean;
  strict?: boolean;
  /** Print every finding as one JSON document on stdout. */
  json?: boolean;
  /** List every finding instead of one line for a rule that fires many times. */
  all?: boolean;
}

export async function lintCommand(paths: string[], options: LintCommandOptions): Promise<number> {
  const root = detectProject(options.cwd)?.root ?? options.cwd;
  // lint() takes absolute paths as well as project-relative ones.
  const files = paths.length > 0 ? paths.map((p) => path.resolve(options.cwd, p)) : defaultLintTargets(root);
  let report: LintReport = { findings: [], linters: [], notices: [], fixed: [] };
  if (files.length === 0) {
    process.stderr.write(`Nothing to check in ${root}: no Python, compose, Docker or shell files.\n`);
    if (!options.json) return 0;
  } else report = await lint(files, { root, fix: options.fix });
  process.stdout.write(
    options.json
      ? `${JSON.stringify(reportAsJson(report), null, 2)}\n`
      : `${formatReport(report, { all: options.all })}\n`,
  );
  // Notes are advice that may well be fine as written: they never fail a strict run.
  const problems = report.findings.filter((finding) => finding.severity !== 'note');
  return options.strict && problems.length > 0 ? 1 : 0;
}
