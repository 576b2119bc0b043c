// Stage 7, the decision half: which planned writes the user accepts. Every change to a file that exists (a
// replacement, an appended block, text put into an empty file) is shown and decided; only new files go without a
// question. Nothing is written here: commitWrites runs once every decision is made, so an abort leaves the project
// as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Conflicter } from '@yeoman/conflicter';
import type { InputOutputAdapter } from '@yeoman/types';
import { UserError } from '../errors.js';
import { forTerminalMarked } from '../report/terminal-text.js';
import type { PlannedWrite, WritePlan } from '../types.js';

export interface ConflictOptions {
  adapter: InputOutputAdapter;
  /** --force: overwrite every changed file without asking. */
  force: boolean;
  /** --bail: stop at the first changed file. */
  bail: boolean;
  /** --whitespace: a change of whitespace only is not a change. */
  ignoreWhitespace?: boolean;
  /** Whether a person can be asked; without one, changes to existing files are left out. */
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
  let review: Review | null = null;
  try {
    for (const write of plan.writes) {
      if (write.action === 'identical') decision.identical.push(write);
      else if (write.existing === null || options.force || options.created?.has(write.path)) {
        decision.accepted.push(write);
      } else if (!options.interactive && !options.bail) decision.kept.push(write);
      else if (await askToReplace((review ??= openReview(options)), write)) decision.accepted.push(write);
      else decision.kept.push(write);
    }
  } finally {
    if (review) fs.rmSync(review.folder, { recursive: true, force: true });
  }
  return decision;
}

/**
 * Yeoman's conflicter asks about a copy of both texts made safe for the terminal (a line that held escape or
 * hidden characters is marked), laid out under the same relative paths in a folder of its own: the diff the user
 * reviews cannot be driven by what the file or the answer holds, and nothing the conflicter does to its folder
 * (`.yo-resolve`, an edit) touches the project. One conflicter for the run, so "overwrite all" holds for the rest.
 */
interface Review {
  folder: string;
  conflicter: Conflicter;
}

function openReview(options: ConflictOptions): Review {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'celery-django-review-'));
  const { force, bail, ignoreWhitespace } = options;
  return {
    folder,
    conflicter: new Conflicter(options.adapter, { force, bail, ignoreWhitespace, cwd: folder }),
  };
}

async function askToReplace({ folder, conflicter }: Review, write: PlannedWrite): Promise<boolean> {
  const shown = path.join(folder, write.path);
  fs.mkdirSync(path.dirname(shown), { recursive: true });
  fs.writeFileSync(shown, forTerminalMarked(write.existing ?? ''));
  const file = { path: shown, contents: Buffer.from(forTerminalMarked(write.content)), stat: null };
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
