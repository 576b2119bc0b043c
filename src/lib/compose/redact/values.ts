// What every rule does with a value it found: leave alone what holds nothing (empty values, `None`,
// references such as `${DB_PASSWORD}`, `${{ secrets.TOKEN }}`, `{password}`, `%(password)s`, placeholders),
// and hide the rest.
// Weak values such as `changeme` are hidden like any other: a real password can look like that.
import { ANY_PLACEHOLDER, type Span } from './vault.js';

/** The span of a value without its surrounding blanks (so a key block keeps its line breaks), or none
 *  when it holds nothing; `${VAR:-default}` hides only the default. */
export function valueSpans(text: string, from: number, to: number, kind: string): Span[] {
  const raw = text.slice(from, to);
  const start = from + (raw.length - raw.trimStart().length);
  const end = to - (raw.length - raw.trimEnd().length);
  const value = text.slice(start, end);
  const withDefault = /^\$\{[A-Za-z_]\w*:?[-=]/.exec(value);
  if (withDefault && value.endsWith('}'))
    return valueSpans(text, start + withDefault[0].length, end - 1, kind);
  return isHarmless(value) ? [] : [{ start, end, kind }];
}

const ONLY_PLACEHOLDERS = new RegExp(`^(${ANY_PLACEHOLDER.source})+$`);

export function isHarmless(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    /^(none|null|~|true|false)$/i.test(v) ||
    /^\$\{[^}]*\}$|^\$[A-Za-z_]\w*$|^\$\{\{[^{}]*\}\}$/.test(v) || // ${VAR}, $VAR, ${{ secrets.TOKEN }}
    /^\{\{?[^{}]*\}?\}$|^%\([\w.]+\)[sdr]$/.test(v) || // {password}, {{ password }}, %(password)s
    ONLY_PLACEHOLDERS.test(v)
  );
}

/** The range between the quotes of the string literal opening at `at` (triple quotes included). */
export function stringBody(text: string, at: number): { start: number; end: number } | null {
  const quote = text[at];
  if (quote !== '"' && quote !== "'") return null;
  const triple = text.startsWith(quote.repeat(3), at);
  const delimiter = triple ? quote.repeat(3) : quote;
  const start = at + delimiter.length;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(delimiter, i)) return { start, end: i };
    else if (!triple && text[i] === '\n') return null;
  }
  return null;
}
