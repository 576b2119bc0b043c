// The embedded ruff (@astral-sh/ruff-wasm-nodejs, pinned exactly: its API is experimental), used when
// the project has no ruff of its own. Loaded only when needed: the 10 MB module costs 40-100 ms to load.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as RuffWasm from '@astral-sh/ruff-wasm-nodejs';
import type { Finding, LintReport } from '../../types.js';
import { preferFastWasmStartup } from '../wasm.js';
import { applyFixes, type Edit } from './apply-fixes.js';
import {
  ignoredCodes,
  isExcluded,
  isIgnored,
  readRuffConfig,
  type RuffProjectConfig,
} from './ruff-config.js';
import { isSafeEmbeddedFix, ruffSeverity } from './ruff-findings.js';

interface WasmDiagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
  fix: { edits: Edit[] } | null;
}

let ruffModule: typeof RuffWasm | undefined;

export function loadRuffWasm(): typeof RuffWasm {
  if (!ruffModule) {
    preferFastWasmStartup(); // before the module is compiled
    ruffModule = createRequire(import.meta.url)('@astral-sh/ruff-wasm-nodejs') as typeof RuffWasm;
  }
  return ruffModule;
}

interface EmbeddedWorkspace {
  workspace: RuffWasm.Workspace;
  label: string;
  notices: string[];
}

function openWorkspace(config: RuffProjectConfig): EmbeddedWorkspace {
  const ruff = loadRuffWasm();
  const version = ruff.Workspace.version();
  const notices = config.problem ? [config.problem] : [];
  try {
    const workspace = new ruff.Workspace(config.options, ruff.PositionEncoding.Utf16);
    const rules = config.source
      ? `config: ${config.source}`
      : `ruff ${version} default rules, no ruff config found`;
    return { workspace, label: `ruff-wasm ${version} (embedded; ${rules})`, notices };
  } catch (error) {
    notices.push(
      `ruff-wasm ${version} rejected the ruff config in ${config.source} (${String(error).split('\n')[0]}): ruff's default rules were used`,
    );
    const target = config.options['target-version'];
    const workspace = new ruff.Workspace(
      target ? { 'target-version': target } : {},
      ruff.PositionEncoding.Utf16,
    );
    return { workspace, label: `ruff-wasm ${version} (embedded; ruff ${version} default rules)`, notices };
  }
}

function check(workspace: RuffWasm.Workspace, text: string, ignored: string[]): WasmDiagnostic[] {
  const diagnostics = workspace.check(text) as WasmDiagnostic[];
  return diagnostics.filter((diagnostic) => !isIgnored(diagnostic.code ?? 'invalid-syntax', ignored));
}

/** Applies the allow-listed fixes until none is left (a fix can reveal another), then formats. */
function fixText(workspace: RuffWasm.Workspace, text: string, file: string, ignored: string[]): string {
  let fixed = text;
  for (let pass = 0; pass < 10; pass++) {
    const fixes = check(workspace, fixed, ignored)
      .filter((diagnostic) => diagnostic.fix && diagnostic.code && isSafeEmbeddedFix(diagnostic.code, file))
      .map((diagnostic) => diagnostic.fix?.edits ?? []);
    if (fixes.length === 0) break;
    const next = applyFixes(fixed, fixes);
    if (next === fixed) break;
    fixed = next;
  }
  try {
    return workspace.format(fixed);
  } catch {
    return fixed; // ruff cannot format a file with a syntax error; the check reports it.
  }
}

function lintFile(
  workspace: RuffWasm.Workspace,
  config: RuffProjectConfig,
  root: string,
  file: string,
  fix: boolean,
) {
  const absolute = path.join(root, file);
  const ignored = ignoredCodes(config, file);
  const original = readFileSync(absolute, 'utf8');
  const text = fix ? fixText(workspace, original, file, ignored) : original;
  if (text !== original) writeFileSync(absolute, text);
  const findings = check(workspace, text, ignored).map((diagnostic): Finding => {
    const code = diagnostic.code ?? 'invalid-syntax';
    return {
      file,
      line: diagnostic.start_location.row,
      column: diagnostic.start_location.column,
      code,
      message: diagnostic.message,
      severity: ruffSeverity(code),
      source: 'ruff',
    };
  });
  return { findings, changed: text !== original };
}

export function lintWithEmbeddedRuff(files: string[], root: string, fix: boolean): LintReport {
  const config = readRuffConfig(root);
  const { workspace, label, notices } = openWorkspace(config);
  const report: LintReport = { findings: [], linters: [label], notices, fixed: [] };
  try {
    for (const file of files) {
      if (!existsSync(path.join(root, file)) || isExcluded(config, file)) continue;
      const { findings, changed } = lintFile(workspace, config, root, file, fix);
      report.findings.push(...findings);
      if (changed) report.fixed.push(file);
    }
  } finally {
    workspace.free(); // the wasm heap is not garbage-collected
  }
  return report;
}
