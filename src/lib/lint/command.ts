// `celery-django lint [paths...]`: the same checks as after a run, over any files of the project.
import path from 'node:path';
import { defaultLintTargets, formatReport, lint } from './index.js';
import { detectProject } from '../project/index.js';

export async function lintCommand(
  paths: string[],
  options: { cwd: string; fix?: boolean; strict?: boolean },
): Promise<number> {
  const root = detectProject(options.cwd)?.root ?? options.cwd;
  // lint() takes absolute paths as well as project-relative ones.
  const files = paths.length > 0 ? paths.map((p) => path.resolve(options.cwd, p)) : defaultLintTargets(root);
  if (files.length === 0) {
    process.stderr.write(`Nothing to check in ${root}: no Python, compose, Docker or shell files.\n`);
    return 0;
  }
  const report = await lint(files, { root, fix: options.fix });
  process.stdout.write(`${formatReport(report)}\n`);
  return options.strict && report.findings.length > 0 ? 1 : 0;
}
