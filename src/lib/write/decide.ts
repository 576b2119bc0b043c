// Stage 7, the decision half: which planned writes the user accepts. Nothing is written here; the generator puts
// the accepted files into mem-fs only after every decision is made, so an abort leaves the project as it was.
import path from 'node:path';
import { Conflicter } from '@yeoman/conflicter';
import type { InputOutputAdapter } from '@yeoman/types';
import { UserError } from '../errors.js';
import type { PlannedWrite, WritePlan } from '../types.js';

export interface ConflictOptions {
  adapter: InputOutputAdapter;
  /** --force: overwrite every changed file without asking. */
  force: boolean;
  /** --bail: stop at the first changed file. */
  bail: boolean;
  /** --whitespace: a change of whitespace only is not a change. */
  ignoreWhitespace?: boolean;
  /** Whether a person can be asked; without one, changed files are left alone. */
  interactive: boolean;
  /** Files this run created: a repair round may rewrite them without asking. */
  created?: ReadonlySet<string>;
}

export interface WriteDecision {
  accepted: PlannedWrite[];
  /** Changed files the user (or the lack of a terminal) kept as they are. */
  kept: PlannedWrite[];
  /** Files whose content is already what the model wants. */
  identical: PlannedWrite[];
}

export async function decideWrites(plan: WritePlan, options: ConflictOptions): Promise<WriteDecision> {
  const decision: WriteDecision = { accepted: [], kept: [], identical: [] };
  const { force, bail, ignoreWhitespace } = options;
  const conflicter = new Conflicter(options.adapter, { force, bail, ignoreWhitespace, cwd: plan.root });
  for (const write of plan.writes) {
    if (write.action === 'identical') decision.identical.push(write);
    else if (changesNothingWritten(write) || options.force || options.created?.has(write.path)) {
      decision.accepted.push(write);
    } else if (!options.interactive && !options.bail) decision.kept.push(write);
    else if (await askToReplace(conflicter, plan.root, write)) decision.accepted.push(write);
    else decision.kept.push(write);
  }
  return decision;
}

/** New files, appended blocks and filled-in empty files (a fresh package __init__.py); the plan listed them. */
const changesNothingWritten = (write: PlannedWrite) =>
  write.action === 'create' || write.action === 'append' || write.existing?.trim() === '';

async function askToReplace(conflicter: Conflicter, root: string, write: PlannedWrite): Promise<boolean> {
  const file = { path: path.join(root, write.path), contents: Buffer.from(write.content), stat: null };
  try {
    const checked = await conflicter.checkForCollision(file as never);
    return checked.conflicter === 'force' || checked.conflicter === 'create';
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('Process aborted by conflict')) {
      throw new UserError(
        `Stopped at the first changed file, ${write.path} (--bail). Nothing was written.`,
        'Run again without --bail to review each change, or with --force to accept them all.',
      );
    }
    if (message.startsWith('Process aborted by user')) {
      throw new UserError(
        'Aborted. Nothing was written.',
        'The answer is kept in the run record named above: --apply <record> reviews it again.',
      );
    }
    throw error;
  }
}
