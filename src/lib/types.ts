// The typed values that flow between the stages of one run (see ARCHITECTURE.md).
// Every stage module imports its input and output types from here, so no stage depends on another's internals.
import type { ProviderName } from '../providers/table.js';

export type { ProviderName };

/** Stage 1: what detectProject learns about the Django project around the working folder. */
export interface Project {
  /** Absolute folder holding manage.py. */
  root: string;
  /** DJANGO_SETTINGS_MODULE as manage.py sets it, e.g. `config.settings.local`. */
  settingsModule: string | null;
  /** The file shared settings belong in, relative to root (POSIX), e.g. `config/settings/base.py`. */
  settingsFile: string | null;
  /** The project package holding the settings, e.g. `config`. */
  package: string | null;
  /** Dotted module of an existing Celery app, e.g. `config.celery_app`. */
  celeryApp: string | null;
  /** Local apps (INSTALLED_APPS entries that are packages of the project) as dotted package paths, in the
   * order the settings list them: `shop.orders` also for an entry `shop.orders.apps.OrdersConfig`. */
  apps: string[];
  /** The INSTALLED_APPS entry of each app in `apps`, as the settings spell it (same order and length). */
  appLabels: string[];
  /** `major.minor` */
  djangoVersion: string | null;
  /** `major.minor` */
  celeryVersion: string | null;
  /** Null when the project does not say, or its hints disagree. */
  broker: 'redis' | 'rabbitmq' | null;
  /** How the settings reach the broker, as an expression to keep: `redis://localhost:6379/0`,
   * `env REDIS_URL`, `env CLOUDAMQP_URL, default amqp://localhost:5672//`, `CELERY_BROKER_URL as set in x.py`.
   * Never holds a password. */
  brokerUrl: string | null;
  /** The requirements file or pyproject.toml the versions came from, relative to root. */
  requirementsFile: string | null;
}

/** Stage 2: one prompt of the catalog (prompts/<section>/<slug>.md). */
export type QuestionType = 'input' | 'number' | 'select' | 'checkbox' | 'confirm' | 'editor' | 'path';
export type AnswerValue = string | number | boolean | string[];

/** Project fields a question may take its default from; `taskApp` is the first local app holding tasks.py,
 * else the first listed. */
export type ProjectDefault =
  'app' | 'taskApp' | 'djangoVersion' | 'celeryVersion' | 'broker' | 'brokerUrl' | 'package';

/** Project facts a template names as `{{project.<fact>}}` or `{{project.<fact>|fallback}}`; null when unknown.
 * `celeryApp` is the file of the Celery app: the existing one, else where it goes (`<package>/celery.py`). */
export type TemplateFact = 'package' | 'djangoVersion' | 'celeryVersion' | 'celeryApp' | 'settingsFile';
export type TemplateFacts = Record<TemplateFact, string | null>;

export interface Question {
  /** camelCase; the `--answers` key, the template placeholder `{{name}}`; the CLI flag is its kebab-case. */
  name: string;
  message: string;
  type: QuestionType;
  default?: AnswerValue;
  /** Take the default from the detected project when it is known (falls back to `default`). */
  defaultFrom?: ProjectDefault;
  choices?: string[];
  /** A regular expression an input answer must match. */
  pattern?: string;
  min?: number;
  max?: number;
  /** Optional questions may stay empty; required is the default. */
  optional?: boolean;
}

/** Project files a catalog entry wants the model to see. */
export type ContextFile =
  | 'settings'
  | 'packageInit'
  | 'celeryApp'
  | 'appTasks'
  | 'appModels'
  | 'appViews'
  | 'requirements'
  | 'compose'
  | 'dockerfile';

export interface CatalogEntry {
  /** `<section>/<slug>` */
  id: string;
  title: string;
  section: string;
  /** code: files into the project; guide: a Markdown document under docs/celery/. */
  kind: 'code' | 'guide';
  /** A one-line description for menus and `list`. */
  summary: string;
  questions: Question[];
  context: ContextFile[];
  /** The seed's wording with `{{name}}` and `{{project.<fact>|fallback}}` placeholders. */
  body: string;
}

/** Stage 3. */
export type Answers = Record<string, AnswerValue>;

/** Stage 4: what is sent to the model. Secrets are already replaced by placeholders. */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}
export interface LlmRequest {
  system: string;
  user: string;
}
/** One value hidden from the model, and where it was found. */
export interface HiddenSecret {
  value: string;
  /** What it is, e.g. `secret setting`, `.env value`, `URL password`: shown in counts, never with the value. */
  kind: string;
  /** Project files it was found in: the only files it is ever written back into. */
  files: Set<string>;
  /** Everything it was found in, files and non-files such as `your answers`, for messages. */
  sources: Set<string>;
}
/** How many values of one kind were hidden in one file (or non-file such as `your answers`). */
export interface HiddenCount {
  file: string;
  kind: string;
  count: number;
}
/** The run's secret vault. Stays on this machine; restores real values only into the file each came from. */
export interface SecretMap {
  /** Random per run: placeholders read `__SECRET_<marker>_<n>__`, so none can be guessed or collide with text. */
  readonly marker: string;
  /** Placeholder -> the value it stands for. */
  readonly placeholders: Map<string, HiddenSecret>;
  /** Value -> its placeholder: one value, one placeholder. */
  readonly byValue: Map<string, string>;
  /** Values hidden wherever they appear (every long `.env` value, every long value a rule found), by kind. */
  readonly spread: Map<string, string>;
  /** Numbers whose placeholder text already stood in the project: never issued. */
  readonly reserved: Set<number>;
  /** `file\0kind` -> count of values hidden in sent text. */
  readonly counts: Map<string, HiddenCount>;
}

/** Stage 5: the answer the model must return (DESIGN.md, "The answer the model must return"). */
export type FileAction = 'create' | 'replace' | 'append';
export interface AnswerFile {
  path: string;
  action: FileAction;
  content: string;
}
export interface ModelAnswer {
  files: AnswerFile[];
  notes: string;
}
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}
export interface LlmAnswer extends ModelAnswer {
  usage: Usage;
  model: string;
  provider: ProviderName;
  /** Estimated USD at list prices; null unless the model's price is known and it ran on its provider's own API. */
  costUsd: number | null;
  /** The raw text the model returned, kept for run records. */
  raw: string;
}
export interface GenerateProgress {
  /** Characters of output streamed so far. */
  outputChars: number;
}
export interface GenerateOptions {
  signal?: AbortSignal;
  onProgress?: (progress: GenerateProgress) => void;
}
export interface Provider {
  name: ProviderName;
  model: string;
  generate(request: LlmRequest, options?: GenerateOptions): Promise<LlmAnswer>;
}

/** Stage 6: every file of the answer, checked, with the exact bytes to write. */
export type PlannedAction = 'create' | 'update' | 'append' | 'identical';
export interface PlannedWrite {
  /** Relative POSIX path from the project root. */
  path: string;
  action: PlannedAction;
  /** The whole file as it will be on disk (for append: the existing text plus the block). */
  content: string;
  /** The text on disk now, or null for a new file. */
  existing: string | null;
}
export interface WritePlan {
  root: string;
  writes: PlannedWrite[];
}

/** Stage 8. */
/** A note is advice worth reading that may well be fine as written. */
export type Severity = 'error' | 'warning' | 'note';
export interface Finding {
  /** Relative POSIX path from the project root. */
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
  severity: Severity;
  /** The linter that reported it, e.g. `ruff`, `celery`, `yaml`, `compose`. */
  source: string;
  /** Celery rules: a one-line why. */
  why?: string;
}
export interface LintReport {
  findings: Finding[];
  /** e.g. `ruff 0.16.9 (.venv/bin/ruff)`, `ruff-wasm 0.17.4 (embedded)`. */
  linters: string[];
  /** One-line notices such as "shellcheck not installed: shell scripts were not checked". */
  notices: string[];
  /** Files changed by --fix. */
  fixed: string[];
}
