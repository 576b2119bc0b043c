// Run records: every run leaves a JSON record in the user's cache folder, so nothing the user paid for is lost and
// a saved answer can be written again with --apply, without calling a model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { forTerminal } from '../report/terminal-text.js';
import type { Answers, LlmRequest, ModelAnswer, Usage } from '../types.js';

export interface RunRecord {
  version: 1;
  promptId: string;
  createdAt?: string;
  projectRoot?: string;
  answers: Answers;
  dryRun?: boolean;
  /** The request as sent (secrets replaced by placeholders). */
  request?: LlmRequest;
  provider?: string;
  model?: string;
  usage?: Usage;
  /** The model's text as it came. */
  raw?: string;
  /** The validated answer as the model wrote it, placeholders and all: no secret value is ever recorded. */
  answer?: ModelAnswer;
  /** Repair rounds: what each cost and what the model wrote. */
  repairs?: { model: string; usage: Usage; raw: string }[];
  written?: string[];
  kept?: string[];
  error?: string;
}

/** `$XDG_CACHE_HOME/generator-celery-django/runs`, else `~/.cache/...`. */
export function runsDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'generator-celery-django', 'runs');
}

/** Saves the record (readable by the user only: it may hold project secrets) and returns its path. */
export function saveRun(record: RunRecord, file?: string): string {
  const name = `${timestamp(record.createdAt)}-${process.pid}-${record.promptId.replace('/', '-')}.json`;
  const target = file ?? path.join(runsDir(), name);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  fs.writeFileSync(target, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  return target;
}

export async function loadRun(file: string): Promise<RunRecord & { answer: ModelAnswer }> {
  let parsed: Partial<RunRecord>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Could not read the run record ${file}: ${(error as Error).message}`, historyHint);
  }
  if (parsed?.version !== 1 || typeof parsed.promptId !== 'string') {
    throw new UsageError(`${file} is not a run record of this tool.`, historyHint);
  }
  if (!parsed.answer) {
    throw new UsageError(
      `The run record ${file} holds no answer to apply (a dry run, or a failed call).`,
      historyHint,
    );
  }
  // A record is as untrusted as a live answer: the same validation (loaded only when a record is applied).
  const { validateAnswer } = await import('../generate/model-answer.js');
  return { ...(parsed as RunRecord), answers: parsed.answers ?? {}, answer: validateAnswer(parsed.answer) };
}

export interface RunSummary {
  file: string;
  record: RunRecord;
}

export function listRuns(limit = 20, dir = runsDir()): RunSummary[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .reverse()
    .slice(0, limit)
    .flatMap((name) => {
      const file = path.join(dir, name);
      try {
        return [{ file, record: JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord }];
      } catch {
        return [];
      }
    });
}

/** A record is read back from disk and may hold anything a model or server sent: shown through forTerminal. */
export function formatHistory(runs: RunSummary[]): string {
  if (runs.length === 0) return `No runs yet (records are kept in ${runsDir()}).`;
  return runs
    .map(({ file, record }) => {
      const what = record.dryRun
        ? 'dry run'
        : record.error
          ? `failed: ${record.error.split('\n')[0]}`
          : outcome(record);
      return `${record.createdAt ?? '?'}  ${String(record.promptId).padEnd(28)} ${what}\n  ${file}`;
    })
    .map(forTerminal)
    .join('\n');
}

function outcome(record: RunRecord): string {
  const written = record.written?.length ?? 0;
  return `${record.model ?? 'model'}: ${written} file${written === 1 ? '' : 's'} written`;
}

const historyHint = 'List saved runs with `celery-django history`.';

const timestamp = (iso = new Date().toISOString()) => iso.replace(/[:.]/g, '-');
