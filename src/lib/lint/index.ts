// Stage 8: checks written files the way the project's CI would (ruff, YAML, compose schema, Dockerfile,
// shellcheck), plus Celery rules only an expert would know. Heavy checkers load only when a file
// needs them: a run without Python files never loads ruff or tree-sitter.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Finding, LintReport } from '../types.js';
import { COMPOSE_SPEC_REVISION } from './compose-schema.js';
import { classify, readFirstLine, toProjectPath, type FileKind } from './files.js';
import { packageVersion } from './versions.js';

export { defaultLintTargets } from './files.js';
export { formatReport } from './report.js';

export interface LintOptions {
  /** The Django project root; files are relative to it. */
  root: string;
  /** Apply ruff's safe fixes and format the Python files. */
  fix?: boolean;
  /** Where to look for ruff and shellcheck (default: process.env). */
  env?: Record<string, string | undefined>;
}

const empty = (): LintReport => ({ findings: [], linters: [], notices: [], fixed: [] });

function merge(reports: LintReport[]): LintReport {
  const merged = empty();
  for (const report of reports) {
    merged.findings.push(...report.findings);
    merged.linters.push(...report.linters);
    merged.notices.push(...report.notices);
    merged.fixed.push(...report.fixed);
  }
  return merged;
}

/**
 * Starts the slow parts of a Python check (finding the project's ruff, loading the embedded one and the
 * Python parser) so they overlap with the model's writing; lint() then finds them ready. Never throws.
 */
export function prepareLint(root: string, env: Record<string, string | undefined> = process.env): void {
  const warm = async () => {
    const [{ preparePython }, { loadPythonParser }] = await Promise.all([
      import('./python/lint-python.js'),
      import('./celery/syntax.js'),
    ]);
    await Promise.all([preparePython(root, env), loadPythonParser()]);
  };
  warm().catch(() => {});
}

async function lintPythonFiles(
  files: string[],
  options: LintOptions,
  env: Record<string, string | undefined>,
) {
  if (!files.length) return empty();
  // The Python parser for the Celery rules loads while ruff is looked for (a wait on child processes).
  const parser = import('./celery/syntax.js').then(({ loadPythonParser }) => loadPythonParser());
  parser.catch(() => {}); // lintCelery reports a parser that cannot load
  const { lintPython } = await import('./python/lint-python.js');
  // Ruff first: with --fix it rewrites the files, and the Celery rules must see the final lines.
  const ruff = await lintPython(files, options.root, options.fix ?? false, env);
  const { lintCelery } = await import('./celery/lint-celery.js');
  return merge([ruff, await lintCelery(files, options.root)]);
}

async function lintYamlFiles(files: string[], composeFiles: Set<string>, root: string): Promise<LintReport> {
  if (!files.length) return empty();
  const { parseYamlFile } = await import('./yaml.js');
  const { lintCompose } = await import('./compose.js');
  const findings: Finding[] = [];
  for (const file of files) {
    const { findings: syntax, parsed } = parseYamlFile(root, file);
    findings.push(...syntax);
    if (parsed && composeFiles.has(file)) findings.push(...(await lintCompose(parsed)));
  }
  const linters = [`yaml ${packageVersion('yaml')}`];
  if (composeFiles.size)
    linters.push(`compose-spec schema (${COMPOSE_SPEC_REVISION}, ajv ${packageVersion('ajv')})`);
  return { findings, linters, notices: [], fixed: [] };
}

async function lintDockerfiles(files: string[], root: string): Promise<LintReport> {
  if (!files.length) return empty();
  const { lintDockerfile } = await import('./dockerfile.js');
  const findings = (await Promise.all(files.map((file) => lintDockerfile(root, file)))).flat();
  return {
    findings,
    linters: [`dockerfile-utils ${packageVersion('dockerfile-utils')}`],
    notices: [],
    fixed: [],
  };
}

async function lintShellFiles(files: string[], root: string, env: Record<string, string | undefined>) {
  if (!files.length) return empty();
  const { lintShell } = await import('./shell.js');
  return lintShell(files, root, env);
}

/** A checker that breaks must not hide the others' findings, nor fail the run: it becomes a notice. */
async function guarded(name: string, check: Promise<LintReport>): Promise<LintReport> {
  try {
    return await check;
  } catch (error) {
    return {
      ...empty(),
      notices: [`the ${name} check failed and was skipped: ${String(error).split('\n')[0]}`],
    };
  }
}

/** Lints files (relative POSIX paths from root, or absolute). Never throws for a finding or a broken checker. */
export async function lint(files: string[], options: LintOptions): Promise<LintReport> {
  const env = options.env ?? process.env;
  const byKind = new Map<FileKind, string[]>();
  const notices: string[] = [];
  for (const file of [...new Set(files.map((given) => toProjectPath(options.root, given)))]) {
    const absolute = path.join(options.root, file);
    if (!existsSync(absolute)) {
      notices.push(`${file} does not exist: not checked`);
      continue;
    }
    const kind = classify(file, path.posix.basename(file).includes('.') ? '' : readFirstLine(absolute));
    byKind.set(kind, [...(byKind.get(kind) ?? []), file]);
  }
  const of = (kind: FileKind) => byKind.get(kind) ?? [];
  const composeFiles = of('compose');
  const reports = await Promise.all([
    guarded('Python', lintPythonFiles(of('python'), options, env)),
    guarded('YAML', lintYamlFiles([...composeFiles, ...of('yaml')], new Set(composeFiles), options.root)),
    guarded('Dockerfile', lintDockerfiles(of('dockerfile'), options.root)),
    guarded('shell', lintShellFiles(of('shell'), options.root, env)),
  ]);
  const report = merge(reports);
  report.notices.unshift(...notices);
  report.findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
  return report;
}
