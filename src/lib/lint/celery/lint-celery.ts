// Runs the Celery rules over Python files and honours `# noqa` / `# noqa: CEL00x` as ruff does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, LintReport } from '../../types.js';
import { packageVersion } from '../versions.js';
import { checkedFile, type CheckedFile } from './checked-file.js';
import { checkModelArguments } from './checks-models.js';
import {
  checkAppBeforeSettings,
  checkEagerMode,
  checkGlobalLateAcks,
  checkPickle,
} from './checks-settings.js';
import { checkDelayInTransaction, checkWaitInRequest } from './checks-requests.js';
import { checkCountdownBeyondVisibility, checkPartialCrontab } from './checks-schedules.js';
import {
  checkBinding,
  checkLateAcks,
  checkRequestsTimeout,
  checkRetries,
  checkSyncSubtasks,
  checkTimeLimits,
} from './checks-tasks.js';
import { readProjectFacts } from './project-facts.js';
import { CELERY_CODES, type RawCeleryFinding } from './rules.js';
import { loadPythonParser } from './syntax.js';

const CHECKS: ((checked: CheckedFile) => RawCeleryFinding[])[] = [
  checkEagerMode,
  checkModelArguments,
  checkTimeLimits,
  checkRetries,
  checkBinding,
  checkSyncSubtasks,
  checkPickle,
  checkAppBeforeSettings,
  checkRequestsTimeout,
  checkDelayInTransaction,
  checkCountdownBeyondVisibility,
  checkWaitInRequest,
  checkLateAcks,
  checkGlobalLateAcks,
  checkPartialCrontab,
];

/** ruff's noqa syntax: a bare `# noqa` silences everything on the line, `# noqa: A1, B2` those codes. */
const NOQA = /#\s*noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;

export function silencedByNoqa(line: string, code: string): boolean {
  const match = NOQA.exec(line);
  if (!match) return false;
  if (!match[1]) return true;
  return match[1]
    .split(/[\s,]+/)
    .map((listed) => listed.toUpperCase())
    .includes(code);
}

export async function lintCelery(files: string[], root: string): Promise<LintReport> {
  const parser = await loadPythonParser();
  const facts = readProjectFacts(root, files, parser);
  const findings: Finding[] = [];
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    const tree = parser.parse(source);
    if (!tree) continue;
    try {
      const lines = source.split('\n');
      const checked = checkedFile(file, source, tree.rootNode, facts);
      for (const raw of CHECKS.flatMap((check) => check(checked))) {
        const line = raw.node.startPosition.row + 1;
        const noqaLines = [line, ...(raw.alsoNoqaOn ?? [])];
        if (noqaLines.some((at) => silencedByNoqa(lines[at - 1] ?? '', raw.rule.code))) continue;
        findings.push({
          file,
          line,
          column: raw.node.startPosition.column + 1,
          code: raw.rule.code,
          message: raw.message,
          severity: raw.rule.severity,
          source: 'celery',
          why: raw.rule.why,
        });
      }
    } finally {
      tree.delete();
    }
  }
  const codes = `${CELERY_CODES[0]}-${CELERY_CODES[CELERY_CODES.length - 1]}`;
  return {
    findings,
    linters: [`celery rules ${codes} (tree-sitter-python ${packageVersion('tree-sitter-python')})`],
    notices: [],
    fixed: [],
  };
}
