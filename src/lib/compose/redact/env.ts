// `.env` files: every value is secret, whatever its name. They are never sent; their values are learned
// first so they are hidden wherever else they appear.
import { stringBody, valueSpans } from './values.js';
import type { Span } from './vault.js';

export const ENV_KIND = '.env value';

/** `.env`, `.env.production`, `production.env`, and anything under cookiecutter-django's `.envs/`. */
export function isEnvFile(file: string): boolean {
  const segments = file.split(/[\\/]/);
  const name = segments.at(-1) ?? '';
  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env') || segments.includes('.envs');
}

/** `[export ]KEY=value`: quoted values (double quotes may span lines) up to their quote, others up to ` #`. */
const ENV_LINE = /^[ \t]*(?:export[ \t]+)?[A-Za-z_][\w.-]*[ \t]*=[ \t]*(?<value>.*)$/dgm;

export function envSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(ENV_LINE)) {
    const [start, end] = m.indices!.groups!.value!;
    const raw = text.slice(start, end);
    if (/^["']/.test(raw)) {
      const body = raw.startsWith('"') ? multilineBody(text, start) : stringBody(text, start);
      if (body) spans.push(...valueSpans(text, body.start, body.end, ENV_KIND));
      continue;
    }
    const value = raw.replace(/[ \t]+#.*$/, '').trimEnd();
    spans.push(...valueSpans(text, start, start + value.length, ENV_KIND));
  }
  return spans;
}

/** A double-quoted .env value may run over several lines (a PEM key, say). */
function multilineBody(text: string, at: number): { start: number; end: number } | null {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return { start: at + 1, end: i };
  }
  return null;
}
