// Stage 2: the prompt catalog. Each prompts/<section>/<slug>.md is strict data (YAML frontmatter + template
// body); a broken file is a programming error, reported with every problem of every file at once.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';
import type { CatalogEntry, ContextFile, ProjectDefault, QuestionType } from './types.js';

export interface Section {
  name: string;
  label: string;
}

/** The sections in the order of the prompt library. */
export const SECTIONS: readonly Section[] = [
  { name: 'task', label: 'Task generation' },
  { name: 'config', label: 'Configuration' },
  { name: 'errors', label: 'Error handling' },
  { name: 'tests', label: 'Testing' },
  { name: 'workflow', label: 'Workflows' },
  { name: 'debug', label: 'Debugging' },
  { name: 'performance', label: 'Performance' },
  { name: 'production', label: 'Production' },
  { name: 'custom', label: 'Custom prompt' },
];

/** Question names that would shadow the CLI's own flags. */
// prettier-ignore
export const RESERVED_QUESTION_NAMES: readonly string[] = [
  'prompt', 'answers', 'yes', 'dryRun', 'json', 'provider', 'model', 'baseUrl', 'force', 'bail', 'lint',
  'strict', 'fix', 'repair', 'apply', 'help', 'maxOutputTokens', 'timeout', 'skipCache', 'skipInstall',
  'askAnswered', 'cwd',
];

/** Both src/lib (tests) and dist/lib (built) sit two levels below the package root, next to prompts/. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

const QUESTION_TYPES: readonly QuestionType[] = [
  'input',
  'number',
  'select',
  'checkbox',
  'confirm',
  'editor',
  'path',
];
// prettier-ignore
const CONTEXT_FILES: readonly ContextFile[] = [
  'settings', 'packageInit', 'celeryApp', 'appTasks', 'appModels', 'appViews', 'requirements', 'compose', 'dockerfile',
];
const PROJECT_DEFAULTS: readonly ProjectDefault[] = [
  'app',
  'djangoVersion',
  'celeryVersion',
  'broker',
  'package',
];
const PLACEHOLDER = /\{\{([a-z][a-zA-Z0-9]*)\}\}/g;

/** Placeholder names of a template body, each once, in order of first use. */
export function placeholdersOf(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(PLACEHOLDER), (match) => match[1] as string))];
}

/** Replaces every `{{name}}`; values go in as they are (never scanned for placeholders again). */
export function fillTemplate(body: string, values: Record<string, string>): string {
  const missing = placeholdersOf(body).filter((name) => typeof values[name] !== 'string');
  if (missing.length > 0) throw new Error(`No value for placeholder(s): ${missing.join(', ')}`);
  return body.replace(PLACEHOLDER, (_match, name: string) => values[name] as string);
}

const catalogs = new Map<string, CatalogEntry[]>();

/**
 * The build writes the validated catalog here (dist/catalog.json), with a fingerprint of the prompt files:
 * parsing 29 YAML headers on every start costs ~150 ms, checking the fingerprint ~1 ms.
 */
export const PREBUILT_CATALOG = fileURLToPath(new URL('../catalog.json', import.meta.url));

export interface PrebuiltCatalog {
  fingerprint: string;
  entries: CatalogEntry[];
}

/** A hash of every catalog file's path and text: a prebuilt catalog is used only while it matches. */
export function catalogFingerprint(dir: string = PROMPTS_DIR): string {
  const hash = createHash('sha256');
  for (const section of readdirSync(dir).sort()) {
    if (!statSync(join(dir, section)).isDirectory()) continue;
    for (const file of readdirSync(join(dir, section)).sort()) {
      hash
        .update(`${section}/${file}\0`)
        .update(readFileSync(join(dir, section, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

function prebuilt(dir: string): CatalogEntry[] | null {
  if (dir !== PROMPTS_DIR || !existsSync(PREBUILT_CATALOG)) return null;
  const built = JSON.parse(readFileSync(PREBUILT_CATALOG, 'utf8')) as PrebuiltCatalog;
  return built.fingerprint === catalogFingerprint(dir) ? built.entries : null;
}

/** Every prompts/<section>/<slug>.md, validated, sections in library order, entries by slug; cached per folder. */
export function loadCatalog(dir: string = PROMPTS_DIR): CatalogEntry[] {
  const cached = catalogs.get(dir) ?? prebuilt(dir);
  if (cached) return (catalogs.set(dir, cached), cached);
  if (!existsSync(dir)) throw new Error(`The prompt catalog folder ${dir} does not exist.`);
  const sectionNames = SECTIONS.map((section) => section.name);
  const entries: CatalogEntry[] = [];
  const problems: string[] = [];
  for (const section of readdirSync(dir).sort()) {
    if (!statSync(join(dir, section)).isDirectory()) continue;
    if (!sectionNames.includes(section))
      problems.push(`${section}/: not a section (${sectionNames.join(', ')})`);
    else {
      for (const file of readdirSync(join(dir, section)).sort()) {
        if (!file.endsWith('.md')) continue;
        const result = parseEntry(
          section,
          file.slice(0, -'.md'.length),
          readFileSync(join(dir, section, file), 'utf8'),
        );
        if ('entry' in result) entries.push(result.entry);
        else
          problems.push(
            `${section}/${file}:\n${result.problems.map((problem) => `  - ${problem}`).join('\n')}`,
          );
      }
    }
  }
  const ids = entries.map((entry) => entry.id);
  if (new Set(ids).size !== ids.length) problems.push(`duplicate ids in ${ids.join(', ')}`);
  if (problems.length > 0) throw new Error(`Invalid prompt catalog in ${dir}:\n${problems.join('\n')}`);
  const bySection = (entry: CatalogEntry) => sectionNames.indexOf(entry.section);
  entries.sort((a, b) => bySection(a) - bySection(b) || a.id.localeCompare(b.id));
  catalogs.set(dir, entries);
  return entries;
}

/** The entry with this id; an unknown id is the user's mistake, answered with the ids they may have meant. */
export function findEntry(id: string): CatalogEntry {
  const catalog = loadCatalog();
  const entry = catalog.find((candidate) => candidate.id === id);
  if (entry) return entry;
  // Close: the same section or the same slug (`tsak/basic-retry`, `task/retry`, `task`, `basic-retry`).
  const [wantedSection, wantedSlug = wantedSection] = id.toLowerCase().split('/');
  const close = catalog
    .filter((candidate) => candidate.section === wantedSection || candidate.id.endsWith(`/${wantedSlug}`))
    .map((candidate) => candidate.id);
  const hint =
    close.length > 0
      ? `Did you mean ${close.join(', ')}? Run "celery-django list" to see every prompt.`
      : `Valid prompt ids: ${catalog.map((candidate) => candidate.id).join(', ')}.`;
  throw new UsageError(`Unknown prompt "${id}".`, hint);
}

/** The entries of one section, by slug. */
export function entriesOf(section: string): CatalogEntry[] {
  if (!SECTIONS.some((known) => known.name === section)) {
    const names = SECTIONS.map((known) => known.name).join(', ');
    throw new UsageError(`Unknown prompt section "${section}".`, `Choose one of: ${names}.`);
  }
  return loadCatalog().filter((entry) => entry.section === section);
}

let system: string | undefined;

/** The system prompt every request shares (prompts/system.md). */
export function systemPrompt(): string {
  system ??= readFileSync(join(PROMPTS_DIR, 'system.md'), 'utf8').replace(/\r\n/g, '\n').trim();
  return system;
}

/** yaml loads only when a catalog file is parsed, not when the prebuilt catalog serves. */
const parseYaml: typeof import('yaml').parseDocument = (...args) =>
  (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parseDocument(...args);

function parseEntry(
  section: string,
  slug: string,
  text: string,
): { entry: CatalogEntry } | { problems: string[] } {
  const match = /^---\n([\s\S]*?)\n---(?:\n|$)([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'));
  if (!match) return { problems: ['must start with YAML frontmatter between two "---" lines'] };
  const document = parseYaml(match[1] as string, { uniqueKeys: true });
  if (document.errors.length > 0)
    return { problems: document.errors.map((error) => `YAML: ${error.message}`) };
  const data: unknown = document.toJS();
  if (!isRecord(data)) return { problems: ['the frontmatter must be a mapping'] };
  const body = (match[2] as string).replace(/^\n+/, '').trimEnd();

  const problems = keyProblems(data, {
    id: [data.id === `${section}/${slug}`, `id must be "${section}/${slug}" (its folder and file name)`],
    title: [isLine(data.title), 'title must be one non-empty line'],
    section: [data.section === section, `section must be "${section}" (its folder)`],
    kind: [data.kind === 'code' || data.kind === 'guide', 'kind must be "code" or "guide"'],
    summary: [isLine(data.summary), 'summary must be one non-empty line'],
    context: [
      isSetOf(data.context, CONTEXT_FILES),
      `context must list distinct ones of ${CONTEXT_FILES.join(', ')}`,
    ],
    questions: [Array.isArray(data.questions), 'questions must be a list (questions: [] for none)'],
  });
  const questions: unknown[] = Array.isArray(data.questions) ? data.questions : [];
  const names = questions.map((question) => (isRecord(question) ? question.name : undefined));
  questions.forEach((question, index) => {
    const label = typeof names[index] === 'string' ? `"${String(names[index])}"` : `#${index + 1}`;
    for (const problem of questionProblems(question)) problems.push(`question ${label}: ${problem}`);
    if (typeof names[index] === 'string' && names.indexOf(names[index]) < index) {
      problems.push(`question ${label} is declared twice`);
    }
  });
  if (body === '') problems.push('the template body is empty');
  const placeholders = placeholdersOf(body);
  for (const name of placeholders) {
    if (!names.includes(name)) problems.push(`placeholder {{${name}}} has no question`);
  }
  for (const name of names) {
    if (typeof name === 'string' && !placeholders.includes(name)) {
      problems.push(`question "${name}" is not used in the body`);
    }
  }
  for (const malformed of body.replace(PLACEHOLDER, '').match(/\{\{[^}]*\}?\}?/g) ?? []) {
    problems.push(`malformed placeholder ${malformed} (write {{camelCaseName}})`);
  }
  if (problems.length > 0) return { problems };
  return { entry: { ...(data as unknown as Omit<CatalogEntry, 'body'>), body } };
}

/** What a default must be, by question type (text types: a string matching the pattern). */
const DEFAULT_RULES: Record<string, string> = {
  number: 'a number within min and max',
  confirm: 'true or false',
  select: 'one of the choices',
  checkbox: 'a list of choices',
};

function questionProblems(question: unknown): string[] {
  if (!isRecord(question)) return ['must be a mapping'];
  const { name, type, min, max } = question;
  const hasChoices = type === 'select' || type === 'checkbox';
  const isText = type === 'input' || type === 'editor' || type === 'path';
  const reserved = typeof name === 'string' && RESERVED_QUESTION_NAMES.includes(name);
  const required = [
    'name',
    'message',
    'type',
    ...(hasChoices ? ['choices'] : []),
    ...(type === 'select' ? ['default'] : []),
  ];
  // prettier-ignore
  return keyProblems(
    question,
    {
      name: [
        typeof name === 'string' && /^[a-z][a-zA-Z0-9]*$/.test(name) && !reserved,
        reserved ? `name "${String(name)}" is taken by a CLI flag` : 'name must be a camelCase identifier',
      ],
      message: [isLine(question.message), 'message must be one non-empty line'],
      type: [QUESTION_TYPES.includes(type as QuestionType), `type must be one of ${QUESTION_TYPES.join(', ')}`],
      default: [defaultFits(question), `default must be ${DEFAULT_RULES[String(type)] ?? 'a string matching the pattern'}`],
      defaultFrom: [PROJECT_DEFAULTS.includes(question.defaultFrom as ProjectDefault), `defaultFrom must be one of ${PROJECT_DEFAULTS.join(', ')}`],
      choices: [hasChoices && isSetOf(question.choices) && (question.choices as unknown[]).length > 0, 'choices (select and checkbox only) must list distinct strings'],
      pattern: [isText && isRegExp(question.pattern), 'pattern (input, editor and path only) must be a regular expression'],
      min: [type === 'number' && typeof min === 'number', 'min (number only) must be a number'],
      max: [type === 'number' && typeof max === 'number' && !(typeof min === 'number' && min > max), 'max (number only) must be a number not below min'],
      optional: [typeof question.optional === 'boolean', 'optional must be true or false'],
    },
    required,
  );
}

function defaultFits(question: Record<string, unknown>): boolean {
  const { default: value, choices, pattern, min, max } = question;
  const choiceList: unknown[] = Array.isArray(choices) ? choices : [];
  switch (question.type) {
    case 'number':
      return (
        typeof value === 'number' &&
        !(typeof min === 'number' && value < min) &&
        !(typeof max === 'number' && value > max)
      );
    case 'confirm':
      return typeof value === 'boolean';
    case 'select':
      return choiceList.includes(value);
    case 'checkbox':
      return Array.isArray(value) && value.every((item) => choiceList.includes(item));
    default:
      return typeof value === 'string' && (!isRegExp(pattern) || new RegExp(pattern).test(value));
  }
}

/** Problems of a mapping checked against rules: [valid, problem] per known key; other keys are unknown. */
function keyProblems(
  data: Record<string, unknown>,
  rules: Record<string, [boolean, string]>,
  required = Object.keys(rules),
): string[] {
  const problems = Object.keys(data)
    .filter((key) => !Object.hasOwn(rules, key))
    .map((key) => `unknown key "${key}"`);
  for (const [key, [valid, problem]] of Object.entries(rules)) {
    if (data[key] === undefined) {
      if (required.includes(key)) problems.push(`missing key "${key}"`);
    } else if (!valid) problems.push(problem);
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLine(value: unknown): boolean {
  return typeof value === 'string' && /^[^\n]*\S[^\n]*$/.test(value);
}

/** A list of distinct non-empty strings, each one of `allowed` when given. */
function isSetOf(value: unknown, allowed?: readonly string[]): boolean {
  if (!Array.isArray(value) || new Set(value).size !== value.length) return false;
  return value.every(
    (item) => typeof item === 'string' && item !== '' && (!allowed || allowed.includes(item)),
  );
}

function isRegExp(pattern: unknown): pattern is string {
  try {
    return typeof pattern === 'string' && new RegExp(pattern) instanceof RegExp;
  } catch {
    return false;
  }
}
