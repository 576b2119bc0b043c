// Every flag of a run, declared once: the declaration makes the Yeoman options (so yo, our bin and --help agree),
// the question names the catalog may not take, and the one typed RunOptions the stages receive.
import { PRICES_SEEN, PROVIDER_NAMES } from '../providers/table.js';
import { UsageError } from './errors.js';
import type { CatalogEntry } from './types.js';

export interface OptionSpec {
  type: typeof String | typeof Boolean;
  description: string;
  default?: unknown;
  hide?: boolean;
}

export const RUN_OPTIONS = {
  prompt: { type: String, description: 'Catalog id of the prompt to run, e.g. task/basic-retry' },
  answers: { type: String, description: 'JSON file of answers; keys are question names' },
  yes: { type: Boolean, default: false, description: 'Take the default for every question not answered' },
  'dry-run': {
    type: Boolean,
    default: false,
    description: 'Print the request that would be sent; send and write nothing',
  },
  json: { type: Boolean, default: false, description: 'With --dry-run: print one JSON object' },
  provider: {
    type: String,
    description: `${PROVIDER_NAMES.join(', ')} (default: the stored one, else the one whose key is set)`,
  },
  model: {
    type: String,
    description: `Model id (default: $LLM_MODEL, else a current model of the provider; costs use list prices of ${PRICES_SEEN})`,
  },
  api: {
    type: String,
    description:
      "OpenAI's wire API: responses or chat (default: responses on OpenAI's own endpoint, else chat)",
  },
  'base-url': {
    type: String,
    description: 'Server URL for OpenAI-compatible servers (Ollama, vLLM, ...) or a proxy',
  },
  'max-output-tokens': {
    type: String,
    description: "Most tokens the model may write (default: the provider's own limit)",
  },
  timeout: { type: String, description: 'Seconds to wait for the model (default 600)' },
  'max-files': {
    type: String,
    description: 'Most files one answer may write (default 200)',
  },
  'max-bytes': {
    type: String,
    description: 'Most bytes of content one answer may write, all files together (default 2 MB)',
  },
  apply: {
    type: String,
    description: 'Write the answer saved in a run record again, without calling a model',
  },
  lint: { type: Boolean, default: true, description: 'Check the written files (--no-lint skips it)' },
  strict: { type: Boolean, default: false, description: 'Exit 1 when the check finds problems' },
  fix: {
    type: Boolean,
    default: false,
    description: "Apply ruff's safe fixes and format the written Python files",
  },
  repair: {
    type: Boolean,
    default: false,
    description: 'Send findings back to the model (at most two rounds)',
  },
  interactive: {
    type: Boolean,
    description: 'Ask questions (default: when there is a terminal)',
    hide: true,
  },
} satisfies Record<string, OptionSpec>;

/** Yeoman's own flags that act in a run (and names it keeps for itself): no question may take them either. */
export const YEOMAN_OPTIONS = [
  'force',
  'bail',
  'whitespace',
  'skip-cache',
  'skip-install',
  'ask-answered',
  'cwd',
  'help',
] as const;

const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** A flag name for a question name: `taskName` -> `task-name`. */
export const flagName = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Question names that would shadow a flag of the run. */
export const RESERVED_QUESTION_NAMES: readonly string[] = [
  ...Object.keys(RUN_OPTIONS),
  ...YEOMAN_OPTIONS,
].map(camelCase);

/** The run's flags, parsed and checked once. */
export interface RunOptions {
  prompt?: string;
  /** --answers: the path of a JSON file. */
  answersFile?: string;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  provider?: string;
  model?: string;
  baseUrl?: string;
  api?: string;
  maxOutputTokens?: number;
  timeoutMs?: number;
  /** --max-files, --max-bytes: the plan's bounds of one answer (its defaults when not given). */
  maxFiles?: number;
  maxBytes?: number;
  /** --apply: the path of a run record. */
  apply?: string;
  lint: boolean;
  strict: boolean;
  fix: boolean;
  repair: boolean;
  /** Whether a person can be asked (default: stdin and stdout are a terminal). */
  interactive: boolean;
  force: boolean;
  bail: boolean;
  whitespace: boolean;
  skipCache: boolean;
  /** Raw values of the per-question flags, by question name. */
  questionFlags: Record<string, unknown>;
}

/**
 * Reads every flag whichever way it was parsed (yo and commander camelCase them, some paths keep the dashes)
 * and checks the numbers, so a bad flag stops the run before anything else happens.
 */
export function parseRunOptions(raw: Record<string, unknown>, questionNames: Iterable<string>): RunOptions {
  const read = (flag: string): unknown => raw[camelCase(flag)] ?? raw[flag];
  const text = (flag: string): string | undefined => {
    const value = read(flag);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const yes = (flag: string): boolean => read(flag) === true || read(flag) === 'true';
  const timeout = whole(read('timeout'), '--timeout');
  return {
    prompt: text('prompt'),
    answersFile: text('answers'),
    yes: yes('yes'),
    dryRun: yes('dry-run'),
    json: yes('json'),
    provider: text('provider'),
    model: text('model'),
    baseUrl: text('base-url'),
    api: text('api'),
    maxOutputTokens: whole(read('max-output-tokens'), '--max-output-tokens'),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    maxFiles: whole(read('max-files'), '--max-files'),
    maxBytes: whole(read('max-bytes'), '--max-bytes'),
    apply: text('apply'),
    lint: read('lint') !== false,
    strict: yes('strict'),
    fix: yes('fix'),
    repair: yes('repair'),
    interactive:
      typeof read('interactive') === 'boolean'
        ? (read('interactive') as boolean)
        : Boolean(process.stdin.isTTY && process.stdout.isTTY),
    force: yes('force'),
    bail: yes('bail'),
    whitespace: yes('whitespace'),
    skipCache: yes('skip-cache'),
    questionFlags: Object.fromEntries([...questionNames].map((name) => [name, read(flagName(name))])),
  };
}

/**
 * One string flag per question name; a name shared by several prompts is declared once. Hidden from --help
 * when a generator offers the whole catalog (`celery-django list` shows every prompt's flags).
 */
export function questionOptions(entries: CatalogEntry[], hide = false): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  for (const entry of entries) {
    for (const question of entry.questions) {
      options[flagName(question.name)] ??= { type: String, description: question.message, hide };
    }
  }
  return options;
}

function whole(value: unknown, flag: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new UsageError(`${flag} must be a positive whole number, not "${String(value)}".`);
  }
  return n;
}
