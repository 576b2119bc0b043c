// Secrets never leave the machine: before any project text goes into a request, secret values are replaced
// by the run's placeholders; when the answer comes back, each value goes back only into the file it came from.
//
// Values are found by syntax: Python from its tree (python.ts), YAML from its tree (yaml.ts), every value of
// a `.env` file (env.ts), secret-named assignments in other files (lines.ts), and known token shapes
// anywhere (shapes.ts). A value is replaced by its exact source text, so a round trip restores a file byte
// for byte. Long values found once are hidden wherever else they appear.
import { loadPythonParser } from '../../lint/celery/syntax.js';
import type { Parser } from 'web-tree-sitter';
import type { ModelAnswer, SecretMap } from '../../types.js';
import { envSpans, isEnvFile } from './env.js';
import { lineSpans } from './lines.js';
import { pythonSpans } from './python.js';
import { shapeSpans } from './shapes.js';
import {
  ANY_PLACEHOLDER,
  placeholderPattern,
  replaceSpans,
  reserveLiterals,
  type Source,
  type Span,
} from './vault.js';
import { yamlSpans } from './yaml.js';

export { isEnvFile } from './env.js';
export { isSecretName } from './names.js';
export { createVault, hiddenCounts, type Source } from './vault.js';

/** The user's answers: not a file, so their secrets are written back nowhere. */
export const ANSWERS: Source = { label: 'your answers' };

/** A `.env` value this long is hidden wherever it appears; a shorter one (`DEBUG=1`) only where it sits in a
 *  secret-looking position, so not every "1" is blanked. */
const MIN_ENV_SPREAD = 6;
/** The same for a value a rule found, e.g. a password in the settings repeated in a comment elsewhere. */
const MIN_FOUND_SPREAD = 8;

export interface Redactable {
  text: string;
  source: Source;
}

export interface RedactOptions {
  /** A repair round: every value already bound to the file is hidden again wherever it stands in it, whatever
   *  its length (the file on disk holds the values restored in the round before). */
  rehide?: boolean;
}

/** Redacts several texts with one vault. Every text is read first, so a secret found in the last one is
 *  hidden in the first too. */
export async function redactAll(
  items: Redactable[],
  secrets: SecretMap,
  options: RedactOptions = {},
): Promise<string[]> {
  const python = items.some((item) => isPython(item.source)) ? await loadPythonParser() : null;
  const found = items.map((item) => ruleSpans(item.text, item.source, python));
  items.forEach((item, i) => learn(item.text, item.source, found[i]!, secrets));
  return items.map((item, i) => {
    const bound = options.rehide && 'file' in item.source ? item.source.file : null;
    const spans = [...found[i]!, ...knownSpans(item.text, secrets, bound)];
    return replaceSpans(item.text, outsidePlaceholders(item.text, spans), item.source, secrets);
  });
}

export async function redactText(
  text: string,
  source: Source,
  secrets: SecretMap,
  options?: RedactOptions,
): Promise<string> {
  const [out] = await redactAll([{ text, source }], secrets, options);
  return out!;
}

/** A `.env` file's values, learned so they are hidden wherever they appear. The file itself is never sent. */
export function learnEnvFile(text: string, file: string, secrets: SecretMap): void {
  learn(text, { file }, envSpans(text), secrets);
}

/** Does an answer hold a secret (a known shape, a secret-named assignment, a long `.env` value)? Such an
 *  answer is never remembered in `.yo-rc.json`. */
export function holdsSecret(text: string, secrets: SecretMap): boolean {
  return ruleSpans(text, ANSWERS, null).length > 0 || knownSpans(text, secrets, null).length > 0;
}

export interface RestoredAnswer<T> {
  answer: T;
  /** One line per placeholder left as it is, and where. */
  warnings: string[];
}

/**
 * The answer with each placeholder's value put back only into a file of the same path as the one it was
 * found in. A placeholder anywhere else (a new file, another file, a number this run never issued) is written
 * as the placeholder, and a warning says so. Notes keep their placeholders: they are printed and recorded.
 */
export function restoreAnswer<T extends ModelAnswer>(answer: T, secrets: SecretMap): RestoredAnswer<T> {
  const warnings = new Set<string>();
  const files = answer.files.map((file) => {
    const target = normalPath(file.path);
    const content = file.content.replace(placeholderPattern(secrets), (placeholder) => {
      const hidden = secrets.placeholders.get(placeholder);
      if (hidden?.files.has(target)) return hidden.value;
      const whose = hidden ? `a secret of ${[...hidden.sources].join(' and ')}` : 'no secret this run sent';
      warnings.add(
        `left ${placeholder} (${whose}) as is in ${file.path}: put the value there yourself if it belongs`,
      );
      return placeholder;
    });
    return { ...file, content };
  });
  return { answer: { ...answer, files }, warnings: [...warnings] };
}

// ---- finding -----------------------------------------------------------------------------------

const isPython = (source: Source): boolean => 'file' in source && /\.pyi?$/.test(source.file);
const isYaml = (source: Source): boolean => 'file' in source && /\.ya?ml$/.test(source.file);

function ruleSpans(text: string, source: Source, python: Parser | null): Span[] {
  if ('file' in source && isEnvFile(source.file)) return envSpans(text);
  const bySyntax =
    isPython(source) && python
      ? pythonSpans(text, python)
      : isYaml(source)
        ? (yamlSpans(text) ?? lineSpans(text))
        : lineSpans(text);
  return [...bySyntax, ...shapeSpans(text)];
}

/** Keeps placeholder-shaped text out of use and records the values to hide wherever they appear. */
function learn(text: string, source: Source, spans: Span[], secrets: SecretMap): void {
  reserveLiterals(text, secrets);
  const min = 'file' in source && isEnvFile(source.file) ? MIN_ENV_SPREAD : MIN_FOUND_SPREAD;
  for (const span of spans) {
    const value = text.slice(span.start, span.end);
    if (value.length >= min && !secrets.spread.has(value)) secrets.spread.set(value, span.kind);
  }
}

/** Known values wherever they stand as a whole word; with `boundFile`, also every value of that file. */
function knownSpans(text: string, secrets: SecretMap, boundFile: string | null): Span[] {
  const spans: Span[] = [];
  for (const [value, kind] of secrets.spread) spans.push(...occurrences(text, value, kind));
  if (boundFile) {
    for (const hidden of secrets.placeholders.values()) {
      if (hidden.files.has(boundFile)) spans.push(...occurrences(text, hidden.value, hidden.kind));
    }
  }
  return spans;
}

function occurrences(text: string, value: string, kind: string): Span[] {
  const spans: Span[] = [];
  const alnum = /[A-Za-z0-9]/;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    const end = at + value.length;
    if (alnum.test(text[at - 1] ?? '') && alnum.test(value[0]!)) continue;
    if (alnum.test(text[end] ?? '') && alnum.test(value.at(-1)!)) continue;
    spans.push({ start: at, end, kind });
  }
  return spans;
}

/** A known value never cuts into a placeholder already in the text. */
function outsidePlaceholders(text: string, spans: Span[]): Span[] {
  const taken = [...text.matchAll(new RegExp(ANY_PLACEHOLDER.source, 'g'))].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (taken.length === 0) return spans;
  return spans.filter((span) => {
    // The last placeholder starting before the span ends (they are in order and never overlap).
    let low = 0;
    let high = taken.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (taken[mid]!.start < span.end) low = mid;
      else high = mid - 1;
    }
    const before = taken[low]!;
    return !(before.start < span.end && before.end > span.start);
  });
}

function normalPath(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/{2,}/g, '/');
}

/** What gets written: code gets the real values back (each only into its own file); a guide is a document people
 *  share, so it keeps the placeholders. */
export function restoreFor(
  kind: 'code' | 'guide',
  answer: ModelAnswer,
  secrets: SecretMap,
): RestoredAnswer<ModelAnswer> {
  return kind === 'code' ? restoreAnswer(answer, secrets) : { answer, warnings: [] };
}
