// Secrets never leave the machine: before any project text goes into a request, secret values are
// replaced by placeholders; when the answer comes back, restoreSecrets puts the real values back.
//
// Each found value is replaced by its exact source text (quotes and escapes left outside), so a
// round trip restores the file byte for byte. Redaction errs on the side of hiding: a value that
// merely looks secret by its name is hidden too; the cost is only a placeholder the model sees.
// Left alone, because they hold nothing: empty values, `None`/`null`, variable references such
// as `${DB_PASSWORD}`, `{password}`, `%(password)s`, and placeholders of this module.
// Weak values such as `changeme` are hidden like any other: a real password can look like that.
import type { AnswerFile, ModelAnswer, SecretMap } from '../types.js';

const PLACEHOLDER = /__REDACTED_SECRET_\d+__/g;
const placeholderFor = (n: number): string => `__REDACTED_SECRET_${n}__`;

/** Values hidden in later texts wherever they appear, not only where a rule finds them. */
const spreading = new WeakMap<SecretMap, Set<string>>();
/** Short values would match ordinary words and numbers. */
const MIN_SPREAD_LENGTH = 8;

interface Span {
  start: number;
  end: number;
  /** Hide this value in later texts too. */
  spread: boolean;
}

/** `.env`, `.env.local`, `production.env`, and cookiecutter-django's `.envs/.local/.django`. */
export function isEnvFile(file: string): boolean {
  const segments = file.split(/[\\/]/);
  const name = segments.at(-1) ?? '';
  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env') || segments.includes('.envs');
}

const SECRET_WORDS =
  /passw(or)?d|passphrase|requirepass|masterauth|secret|token|credential|api_?key|private_?key|access_?key/;
/** `<something>_key` is usually a secret (`STRIPE_KEY`, `SIGNING_KEY`), except these everyday keys. */
const PLAIN_KEYS =
  /(^|_)(routing|binding|cache|lock|sort|lookup|primary|foreign|natural|partition|idempotency|dedupe?|unique|group|queue|task|result|object|field|row|column|index|order|public)_key$/;

/** Does the name of a setting, variable or key say that its value is secret? */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/-/g, '_');
  if (SECRET_WORDS.test(n) || /(^|_)(pwd|pw|pass)(_|$)|(^|_)dsn$/.test(n)) return true;
  return /_key$/.test(n) && !PLAIN_KEYS.test(n);
}

/** Replace every secret value in one file's text by its placeholder, recording it in `secrets`. */
export function redactText(text: string, file: string, secrets: SecretMap): string {
  const spans = isEnvFile(file)
    ? envSpans(text)
    : [
        ...quotedSpans(text),
        ...callDefaultSpans(text),
        ...fallbackSpans(text),
        ...(isPython(file) ? [] : lineSpans(text)),
        ...urlSpans(text),
        ...flagSpans(text),
        ...tokenSpans(text),
        ...privateKeySpans(text),
      ];
  for (const span of spans) {
    const value = text.slice(span.start, span.end);
    if (span.spread || looksRandom(value)) spreadSet(secrets).add(value);
  }
  // Then every known value again, wherever it appears: in this text and in those read before.
  spans.push(...knownValueSpans(text, secrets));

  let out = '';
  let at = 0;
  for (const span of withoutOverlaps(spans)) {
    out += text.slice(at, span.start) + placeholderOf(text.slice(span.start, span.end), secrets, text);
    at = span.end;
  }
  return out + text.slice(at);
}

/** Redact several files with one map; every file is read once first, so a secret found in the
 *  last file is hidden in the first too. */
export function redactAll<T extends { path: string; content: string }>(files: T[], secrets: SecretMap): T[] {
  for (const f of files) redactText(f.content, f.path, secrets);
  return files.map((f) => ({ ...f, content: redactText(f.content, f.path, secrets) }));
}

/** Put the real values back wherever the text holds one of this run's placeholders. */
export function restoreSecrets(text: string, secrets: SecretMap): string {
  return text.replace(PLACEHOLDER, (placeholder) => secrets.get(placeholder) ?? placeholder);
}

/** The answer with real values restored in the files to write. Notes stay as they are: they are
 *  printed and recorded, so they keep the placeholders. */
export function restoreAnswer<T extends ModelAnswer>(answer: T, secrets: SecretMap): T {
  const files = answer.files.map((f): AnswerFile => ({ ...f, content: restoreSecrets(f.content, secrets) }));
  return { ...answer, files };
}

// ---- where values are --------------------------------------------------------------------------

const isPython = (file: string): boolean => /\.pyi?$/.test(file);

/** A name followed by `=`, `:` or `: type =`, then a string literal:
 *  `SECRET_KEY = "..."`, `password="..."`, `"PASSWORD": "..."`, `token: str = '...'`, `key: "..."`. */
const QUOTED_ASSIGNMENT =
  /(?<![\w-])(["']?)([A-Za-z_][\w-]*)\1[ \t]*(?::[ \t]*[A-Za-z_][\w[\]., |]*[ \t]*=|:|=)[ \t]*[rRbBuU]?(?=["'])/g;

function quotedSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(QUOTED_ASSIGNMENT)) {
    if (!isSecretName(m[2]!)) continue;
    const body = stringBody(text, m.index + m[0].length);
    if (body) pushValue(spans, text, body.start, body.end, true);
  }
  return spans;
}

/** `os.environ.get("X_TOKEN", "default")`, `os.getenv(...)`, `env("X", default="...")`,
 *  `config("X", default=...)`, `os.environ.setdefault(...)`: the literal default of a secret name. */
const CALL_WITH_NAME = /\(\s*(["'])([A-Za-z_][\w-]*)\1\s*,/g;

function callDefaultSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(CALL_WITH_NAME)) {
    if (!isSecretName(m[2]!)) continue;
    const rest = text.slice(m.index + m[0].length);
    const lineEnd = rest.search(/\)|\n/);
    const args = lineEnd < 0 ? rest : rest.slice(0, lineEnd);
    const literal =
      /^\s*(?:default\s*=\s*)?[rRbBuU]?(?=["'])/.exec(args) ?? /default\s*=\s*(?=["'])/.exec(args);
    if (!literal) continue;
    const body = stringBody(text, m.index + m[0].length + literal.index + literal[0].length);
    if (body) pushValue(spans, text, body.start, body.end, true);
  }
  return spans;
}

/** `SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "fallback"`: the literal after `or`. */
const OR_FALLBACK = /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[^\n]*?\bor[ \t]+[rRbBuU]?(?=["'])/gm;

function fallbackSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(OR_FALLBACK)) {
    if (!isSecretName(m[1]!)) continue;
    const body = stringBody(text, m.index + m[0].length);
    if (body) pushValue(spans, text, body.start, body.end, true);
  }
  return spans;
}

/** Unquoted values at the start of a line: YAML `KEY: value`, compose `- KEY=value` and
 *  `- "KEY=value"`, shell `export KEY=value`, Dockerfile `ENV KEY=value`, ini `key = value`. */
const LINE_ASSIGNMENT =
  /^[ \t]*(?:-[ \t]*)?(?:(?:export|ENV|ARG)[ \t]+)?(["']?)([A-Za-z_][\w.-]*)(["']?)[ \t]*(=|:(?=[ \t]))[ \t]*(.*)$/gm;

function lineSpans(text: string, everyValue = false): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(LINE_ASSIGNMENT)) {
    const [whole, openQuote, name, closeQuote, , rawValue] = m.map((group) => group ?? '');
    const secretName = isSecretName(name!);
    if (!everyValue && !secretName) continue;
    const valueStart = m.index + whole!.length - rawValue!.length;
    if (/^["']/.test(rawValue!)) {
      const body = stringBody(text, valueStart);
      if (body) pushValue(spans, text, body.start, body.end, secretName);
      continue;
    }
    if (/^[|>&*[{!]/.test(rawValue!)) continue; // YAML block scalars, anchors, flow collections
    let value = rawValue!.replace(/[ \t]+#.*$/, '').trimEnd();
    // `- "KEY=value"`: the quote opened before the name closes after the value.
    if (openQuote && !closeQuote && value.endsWith(openQuote)) value = value.slice(0, -1);
    pushValue(spans, text, valueStart, valueStart + value.length, secretName);
  }
  return spans;
}

/** In a .env file every value is secret, whatever its name. */
function envSpans(text: string): Span[] {
  return [...lineSpans(text, true), ...urlSpans(text)];
}

/** The password of `scheme://user:password@host` (user may be empty: `redis://:pw@host`). */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]*:([^\s/'"]+)@/gi;

function urlSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(URL_CREDENTIALS)) {
    const end = m.index + m[0].length - 1;
    pushValue(spans, text, end - m[1]!.length, end, true);
  }
  return spans;
}

/** Command-line options: `redis-server --requirepass pw`, `--api-key=pw`, `--password "pw"`,
 *  and in exec form `["redis-server", "--requirepass", "pw"]`. */
const SECRET_FLAG = /(?<![\w-])--?([A-Za-z][\w-]*)(?:=|[ \t]+|["'],[ \t]*)(?=[^\s-])/g;

function flagSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(SECRET_FLAG)) {
    if (!isSecretName(m[1]!)) continue;
    const at = m.index + m[0].length;
    const body = stringBody(text, at);
    const bare = /^[^\s'"]+/.exec(text.slice(at));
    if (body) pushValue(spans, text, body.start, body.end, true);
    else if (bare) pushValue(spans, text, at, at + bare[0].length, true);
  }
  return spans;
}

/** Keys with a shape of their own, whatever they are called. */
const KNOWN_TOKENS =
  /\b(?:AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|[sr]k_live_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,})/g;

function tokenSpans(text: string): Span[] {
  return [...text.matchAll(KNOWN_TOKENS)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    spread: true,
  }));
}

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z ]*PRIVATE KEY-----/dg;

function privateKeySpans(text: string): Span[] {
  return [...text.matchAll(PRIVATE_KEY)].map((m) => {
    const [start, end] = m.indices![1]!;
    return { start, end, spread: true };
  });
}

/** Values found in earlier texts of this run, wherever they appear as a whole word. */
function knownValueSpans(text: string, secrets: SecretMap): Span[] {
  const spans: Span[] = [];
  for (const value of spreading.get(secrets) ?? []) {
    if (value.length < MIN_SPREAD_LENGTH) continue;
    const pattern = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g');
    for (const m of text.matchAll(pattern))
      spans.push({ start: m.index, end: m.index + value.length, spread: true });
  }
  return spans;
}

// ---- helpers -----------------------------------------------------------------------------------

/** The span between the quotes of the string literal opening at `at` (triple quotes included). */
function stringBody(text: string, at: number): { start: number; end: number } | null {
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

/** Record a value unless it holds nothing secret (see the header comment). */
function pushValue(spans: Span[], text: string, start: number, end: number, spread: boolean): void {
  const value = text.slice(start, end);
  // `${VAR:-default}`: the default may be a real password; the reference itself is not.
  const withDefault = /^\$\{[A-Za-z_]\w*:?[-=]/.exec(value);
  if (withDefault && value.endsWith('}')) {
    pushValue(spans, text, start + withDefault[0].length, end - 1, spread);
    return;
  }
  if (isHarmless(value)) return;
  spans.push({ start, end, spread });
}

function isHarmless(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    /^(none|null|~)$/i.test(v) ||
    /^\$\{[^}]*\}$|^\$[A-Za-z_]\w*$/.test(v) || // ${VAR}, $VAR
    /^\{\{?[^{}]*\}?\}$|^%\([\w.]+\)[sdr]$/.test(v) || // {password}, {{ password }}, %(password)s
    /^(__REDACTED_SECRET_\d+__)+$/.test(v)
  );
}

/** Sorted by position; where spans overlap, the first (and then the longest) wins. */
function withoutOverlaps(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of sorted) {
    const last = kept.at(-1);
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/** The same value always gets the same placeholder; a new one skips numbers the text already holds. */
function placeholderOf(value: string, secrets: SecretMap, text: string): string {
  for (const [placeholder, known] of secrets) if (known === value) return placeholder;
  let n = secrets.size + 1;
  while (secrets.has(placeholderFor(n)) || text.includes(placeholderFor(n))) n++;
  secrets.set(placeholderFor(n), value);
  return placeholderFor(n);
}

function spreadSet(secrets: SecretMap): Set<string> {
  let set = spreading.get(secrets);
  if (!set) spreading.set(secrets, (set = new Set()));
  return set;
}

/** Long, mixed letters and digits, varied: a generated key rather than a word, host or module. */
function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s|:\/\//.test(value) || !/[A-Za-z]/.test(value) || !/\d/.test(value))
    return false;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / value.length) * Math.log2(count / value.length);
  return entropy >= 3.5;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
