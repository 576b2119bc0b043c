// Stage 3: collect the answers of one catalog entry. Each answer comes from the first source that has it:
// a flag, the --answers file, the user (when there is a terminal), a remembered answer, a detected project value,
// the declared default. One question declaration drives all of them.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { flagName } from '../run-options.js';
import { taskApp } from '../project/index.js';
import { decodeText, isInside } from '../text-files.js';
import type { AnswerValue, Answers, Project, ProjectDefault, Question } from '../types.js';

export interface AnswerSources {
  /** Values of the per-question flags, as strings from the command line. */
  flags: Record<string, unknown>;
  /** The parsed --answers file. */
  file: Answers;
  /** Answers remembered from the last run of this prompt (.yo-rc.json). */
  remembered: Answers;
  /** --yes: take defaults instead of asking. */
  yes: boolean;
  /** Whether a person can be asked. */
  interactive: boolean;
  /** Ask the user; receives the questions with their defaults filled in. */
  ask: (questions: Question[]) => Promise<Answers>;
}

/** The default a question offers on this project: detected value, else declared default. */
export function defaultFor(question: Question, project: Project | null): AnswerValue | undefined {
  return detectedDefault(question, project) ?? question.default;
}

/** The value the detected project offers as this question's default, if it has one that fits the question. */
export function detectedDefault(question: Question, project: Project | null): AnswerValue | undefined {
  if (!project || !question.defaultFrom) return undefined;
  const value = projectValue(question.defaultFrom, project);
  if (value == null) return undefined;
  if (question.type === 'select')
    // Match a detected `redis` to a choice spelled `Redis`.
    return question.choices?.find((choice) => choice.toLowerCase() === value.toLowerCase());
  return question.pattern && !new RegExp(question.pattern).test(value) ? undefined : value;
}

function projectValue(from: ProjectDefault, project: Project): string | null | undefined {
  switch (from) {
    case 'app':
      return project.apps[0];
    case 'taskApp':
      return taskApp(project);
    default:
      return project[from];
  }
}

/** Reads and checks an --answers file: a JSON object whose keys are question names. */
export function readAnswersFile(file: string): Answers {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `Could not read the answers file ${file}: ${(error as Error).message}`,
      'Pass a JSON object whose keys are question names, e.g. {"taskName": "send_invoice"}.',
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`The answers file ${file} must hold a JSON object whose keys are question names.`);
  }
  return parsed as Answers;
}

export async function collectAnswers(
  questions: Question[],
  project: Project | null,
  sources: AnswerSources,
): Promise<Answers> {
  const given: Answers = {};
  const problems: string[] = [];
  const known = new Set(questions.map((q) => q.name));
  for (const key of Object.keys(sources.file)) {
    if (!known.has(key)) problems.push(`"${key}" in the answers file is not a question of this prompt`);
  }
  for (const question of questions) {
    const raw = sources.flags[question.name] ?? sources.file[question.name];
    if (raw === undefined) continue;
    const value = coerce(question, raw);
    const problem =
      value === undefined ? `expected ${describeType(question)}` : checkAnswer(question, value, project);
    if (problem) problems.push(`${question.name}: ${problem}`);
    else given[question.name] = value!;
  }
  if (problems.length > 0) throw invalidAnswers(problems, questions);

  const open = questions.filter((q) => !(q.name in given));
  // A remembered answer is offered again only while it is still valid (a pasted file may be gone).
  const remembered = (q: Question) => {
    const value = sources.remembered[q.name];
    return value !== undefined && !checkAnswer(q, value, project) ? value : undefined;
  };
  const withDefaults = open.map((q) => ({ ...q, default: remembered(q) ?? defaultFor(q, project) }));
  if (sources.interactive && !sources.yes) {
    const asked = await sources.ask(withDefaults);
    return { ...given, ...asked };
  }

  const answers: Answers = { ...given };
  const missing: Question[] = [];
  for (const question of withDefaults) {
    if (question.default !== undefined) answers[question.name] = question.default;
    else if (question.optional) answers[question.name] = question.type === 'checkbox' ? [] : '';
    else missing.push(question);
  }
  if (missing.length > 0) {
    const list = missing.map((q) => `  --${flagName(q.name)}  ${q.message}`).join('\n');
    throw new UsageError(
      `${missing.length} answer${missing.length === 1 ? '' : 's'} missing and no terminal to ask:\n${list}`,
      'Pass them as flags or in --answers <file.json> (keys are the names above in camelCase).',
    );
  }
  return answers;
}

/** Turns a flag or file value into the question's type; undefined when it cannot be. */
export function coerce(question: Question, raw: unknown): AnswerValue | undefined {
  switch (question.type) {
    case 'number': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'confirm':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'yes') return true;
      if (raw === 'false' || raw === 'no') return false;
      return undefined;
    case 'checkbox':
      if (Array.isArray(raw)) return raw.map(String);
      return typeof raw === 'string'
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
    default:
      return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  }
}

/** Validates one answer; returns a problem or undefined. Shared by flags, files and interactive prompts. */
export function checkAnswer(
  question: Question,
  value: AnswerValue,
  project: Project | null,
): string | undefined {
  const { choices, pattern, min, max } = question;
  if (question.type === 'select' && choices && !choices.includes(String(value))) {
    return `must be one of ${choices.join(', ')}`;
  }
  if (question.type === 'checkbox' && choices && Array.isArray(value)) {
    const unknown = value.filter((v) => !choices.includes(v));
    if (unknown.length > 0) return `${unknown.join(', ')} not among ${choices.join(', ')}`;
  }
  if (typeof value === 'number') {
    if (min !== undefined && value < min) return `must be at least ${min}`;
    if (max !== undefined && value > max) return `must be at most ${max}`;
  }
  if (typeof value === 'string') {
    if (value.trim() === '' && !question.optional) return 'must not be empty';
    if (pattern && value !== '' && !new RegExp(pattern).test(value)) return `must match ${pattern}`;
    if (question.type === 'path' && value !== '') return checkProjectFile(value, project);
  }
  return undefined;
}

/** A pasted file must be a text file of the project: its text goes into the request. */
function checkProjectFile(file: string, project: Project | null): string | undefined {
  const base = project?.root ?? process.cwd();
  const absolute = path.resolve(base, file);
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) return `no file ${file} in ${base}`;
  const real = fs.realpathSync(absolute);
  if (!isInside(fs.realpathSync(base), real)) return `${file} is outside the project`;
  if (fs.statSync(real).size > MAX_PASTED_BYTES) return `${file} is over ${MAX_PASTED_BYTES / 1000} kB`;
  if (decodeText(fs.readFileSync(real)) === null) return `${file} is not a text file`;
  return undefined;
}

const MAX_PASTED_BYTES = 64_000;

function describeType(question: Question): string {
  if (question.type === 'number') return 'a number';
  if (question.type === 'confirm') return 'true or false';
  if (question.type === 'checkbox') return 'a list (JSON array or comma-separated)';
  return 'text';
}

function invalidAnswers(problems: string[], questions: Question[]): UsageError {
  return new UsageError(
    `Some answers are not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    `This prompt's questions: ${questions.map((q) => q.name).join(', ')}.`,
  );
}

/** The interactive form of a question (Yeoman's prompt); its answer passes the same checks as flags and files. */
export function toPromptQuestion(question: Question, project: Project | null) {
  // The app a task belongs to is picked from the apps the project has, not typed.
  const pickable = question.defaultFrom === 'app' || question.defaultFrom === 'taskApp';
  const apps = pickable && question.type === 'input' ? (project?.apps ?? []) : [];
  const pickApp = apps.length > 0;
  return {
    type: question.type === 'path' ? 'input' : pickApp ? 'select' : question.type,
    name: question.name,
    message: question.message,
    default: question.default,
    choices: pickApp ? apps : question.choices,
    validate: (value: unknown) => {
      const coerced = coerce(question, value);
      if (coerced === undefined) return `Please enter ${describeType(question)}`;
      return checkAnswer(question, coerced, project) ?? true;
    },
    filter: (value: unknown) => coerce(question, value) ?? value,
  };
}
