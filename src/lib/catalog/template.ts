// Catalog templates: the library's wording with `{{camelCaseName}}` placeholders, one per question.
export const PLACEHOLDER = /\{\{([a-z][a-zA-Z0-9]*)\}\}/g;

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
