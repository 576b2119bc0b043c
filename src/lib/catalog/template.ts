// Catalog templates: the library's wording with `{{camelCaseName}}` placeholders, one per question, and
// `{{project.<fact>}}` / `{{project.<fact>|fallback}}` placeholders where the library names an example that the
// detected project can replace (`{{project.package|config}}/celery.py`). The fallback is the library's own
// example, used outside a project or when the project does not say.
import type { TemplateFact, TemplateFacts } from '../types.js';

export const PLACEHOLDER = /\{\{([a-z][a-zA-Z0-9]*)\}\}/g;

/** Any `{{project.…}}` placeholder, valid or not: group 1 the fact, group 2 the fallback (undefined without `|`). */
export const PROJECT_PLACEHOLDER = /\{\{project\.([^|{}\n]*)(?:\|([^{}\n]*))?\}\}/g;

export const TEMPLATE_FACTS: readonly TemplateFact[] = [
  'package',
  'djangoVersion',
  'celeryVersion',
  'celeryApp',
  'settingsFile',
];

/** What an unknown fact without a fallback reads as. */
export const UNKNOWN_FACT = '(unknown)';

export interface ProjectPlaceholder {
  /** The whole placeholder as written. */
  text: string;
  fact: string;
  fallback: string | undefined;
}

/** Placeholder names of a template body, each once, in order of first use. */
export function placeholdersOf(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(PLACEHOLDER), (match) => match[1] as string))];
}

/** The `{{project.…}}` placeholders of a template body, in order, repeats included. */
export function projectPlaceholdersOf(body: string): ProjectPlaceholder[] {
  return Array.from(body.matchAll(PROJECT_PLACEHOLDER), (match) => ({
    text: match[0],
    fact: match[1] as string,
    fallback: match[2],
  }));
}

const isFact = (name: string): name is TemplateFact => (TEMPLATE_FACTS as readonly string[]).includes(name);

/**
 * Replaces every `{{name}}` with its answer and every `{{project.fact|fallback}}` with the fact, else the
 * fallback, else "(unknown)". Values go in as they are (never scanned for placeholders again).
 */
export function fillTemplate(
  body: string,
  values: Record<string, string>,
  facts: Partial<TemplateFacts> = {},
): string {
  const missing = placeholdersOf(body).filter((name) => typeof values[name] !== 'string');
  if (missing.length > 0) throw new Error(`No value for placeholder(s): ${missing.join(', ')}`);
  const unknown = projectPlaceholdersOf(body).filter(({ fact }) => !isFact(fact));
  if (unknown.length > 0)
    throw new Error(`Unknown project fact(s): ${unknown.map((p) => p.text).join(', ')}`);
  const either = new RegExp(`${PLACEHOLDER.source}|${PROJECT_PLACEHOLDER.source}`, 'g');
  return body.replace(
    either,
    (_match, name: string | undefined, fact: string, fallback: string | undefined) =>
      name !== undefined
        ? (values[name] as string)
        : (facts[fact as TemplateFact] ?? fallback ?? UNKNOWN_FACT),
  );
}
