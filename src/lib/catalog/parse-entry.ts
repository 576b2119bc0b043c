// One catalog file, checked strictly: YAML frontmatter with known keys only, questions of known types, and
// placeholders and questions matching one to one. Returns the entry, or every problem of the file at once.
import { createRequire } from 'node:module';
import { RESERVED_QUESTION_NAMES } from '../run-options.js';
import type { CatalogEntry, ContextFile, ProjectDefault, QuestionType } from '../types.js';
import {
  PLACEHOLDER,
  PROJECT_PLACEHOLDER,
  placeholdersOf,
  projectPlaceholdersOf,
  TEMPLATE_FACTS,
} from './template.js';

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
  'taskApp',
  'djangoVersion',
  'celeryVersion',
  'broker',
  'brokerUrl',
  'package',
];

/** yaml loads only when a catalog file is parsed, not when the prebuilt catalog serves. */
const parseYaml: typeof import('yaml').parseDocument = (...args) =>
  (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parseDocument(...args);

export function parseEntry(
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
  problems.push(...projectPlaceholderProblems(body, data.kind));
  const rest = body.replace(PLACEHOLDER, '').replace(PROJECT_PLACEHOLDER, '');
  for (const malformed of rest.match(/\{\{[^}]*\}?\}?/g) ?? []) {
    problems.push(
      `malformed placeholder ${malformed} (write {{camelCaseName}} or {{project.fact|fallback}})`,
    );
  }
  if (problems.length > 0) return { problems };
  return { entry: { ...(data as unknown as Omit<CatalogEntry, 'body'>), body } };
}

/** `{{project.fact}}` names a known fact; a guide, which also runs outside a project, gives a fallback. */
function projectPlaceholderProblems(body: string, kind: unknown): string[] {
  const problems: string[] = [];
  for (const { text, fact, fallback } of projectPlaceholdersOf(body)) {
    if (!(TEMPLATE_FACTS as readonly string[]).includes(fact))
      problems.push(`placeholder ${text}: "${fact}" is not a project fact (${TEMPLATE_FACTS.join(', ')})`);
    else if (fallback !== undefined && fallback.trim() === '')
      problems.push(`placeholder ${text}: the fallback after "|" is empty`);
    else if (fallback === undefined && kind === 'guide')
      problems.push(
        `placeholder ${text} needs a fallback ({{project.${fact}|example}}): guides run outside projects`,
      );
  }
  return problems;
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
