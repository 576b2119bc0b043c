// Stage 8 with the model's help: check what was written and, while the check finds problems and the user wants
// it, send the findings back for at most REPAIR_ROUNDS corrected answers, each through the same plan, decisions
// and commit as the first.
import fs from 'node:fs';
import path from 'node:path';
import { learnEnvSecrets } from '../compose/context.js';
import { composeRepair } from '../compose/index.js';
import { UserError } from '../errors.js';
import type { LintReport, LlmRequest, PlannedWrite, SecretMap } from '../types.js';

/** What the model is asked to fix and --strict fails on: errors and warnings (notes are advice only). */
const problems = (report: LintReport) => report.findings.filter((finding) => finding.severity !== 'note');

/** The model may repair what the check found at most this many times. */
export const REPAIR_ROUNDS = 2;

export interface RepairSteps {
  /** Checks these files as they are on disk; null when the check is off. */
  check(paths: string[]): Promise<LintReport | null>;
  /** Whether to send this round's findings to the model. */
  wants(report: LintReport, round: number): Promise<boolean>;
  /** One round: the model's corrections planned, decided and committed; returns the files written. */
  repair(report: LintReport): Promise<PlannedWrite[]>;
}

export interface Confirm {
  type: 'confirm';
  name: 'repair';
  message: string;
  default: boolean;
}

/** --repair says yes to every round; otherwise a person, if there is one, is asked once. */
export async function wantsRepair(
  options: { repair: boolean; interactive: boolean },
  report: LintReport,
  round: number,
  ask: (question: Confirm) => Promise<{ repair: boolean }>,
): Promise<boolean> {
  if (options.repair) return true;
  if (!options.interactive || round > 1) return false;
  const message = `Send the ${problems(report).length} finding(s) back to the model to fix them?`;
  return (await ask({ type: 'confirm', name: 'repair', message, default: false })).repair;
}

/** Updates `written` with every repaired file and returns the last report. */
export async function checkAndRepair(
  written: Map<string, PlannedWrite>,
  steps: RepairSteps,
): Promise<LintReport | null> {
  let report = await steps.check([...written.keys()]);
  for (let round = 1; report && problems(report).length > 0 && round <= REPAIR_ROUNDS; round++) {
    if (!(await steps.wants(report, round))) break;
    const repaired = await steps.repair(report);
    if (repaired.length === 0) break;
    for (const write of repaired) written.set(write.path, write);
    report = await steps.check([...written.keys()]);
  }
  return report;
}

/** The request of a repair round: the findings and the files they are in, as they are on disk now. */
export async function repairRequest(
  root: string,
  report: LintReport,
  original: LlmRequest,
  secrets: SecretMap,
): Promise<LlmRequest> {
  // Files written in the first round hold restored values: learn the .env ones again so they are hidden again.
  learnEnvSecrets(root, secrets);
  const findings = problems(report);
  const files = [...new Set(findings.map((f) => f.file))].map((file) => ({
    path: file,
    content: fs.readFileSync(path.join(root, file), 'utf8'),
  }));
  return composeRepair(original, files, findings, secrets);
}

/** --strict: findings left after the check (and any repair) fail the run. */
export function strictFailure(report: LintReport): void {
  const found = problems(report).length;
  if (found === 0) return;
  throw new UserError(
    `The check found ${found} problem(s) in the written files (--strict).`,
    'Fix them, or run again with --repair to send them back to the model.',
  );
}
