// Secrets recognised by their shape, wherever they stand: in any file of any kind (comments included),
// in the user's answers, in the defaults offered for them. Each pattern starts with a literal or an anchor
// and its repeats are bounded by what follows, so a scan is linear in the text (a test checks the starts).
import { isSecretName } from './names.js';
import { stringBody, valueSpans } from './values.js';
import type { Span } from './vault.js';

/** A known shape: the part named `v` is hidden (all of the match when there is none). */
export interface Shape {
  kind: string;
  pattern: RegExp;
}

const TOKEN_CHARS = '[A-Za-z0-9_-]';
/** A token starts where no token character stands before it: `eyJ-eyJ-...` gives one start, not one per part. */
const T = '(?<![A-Za-z0-9_-])';
const token = (body: string): RegExp => new RegExp(T + body, 'dg');

export const SHAPES: Shape[] = [
  { kind: 'AWS access key id', pattern: token('(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b') },
  // 40 characters of base64 with upper, lower case and digits, standing alone (git hashes are lower-case hex).
  {
    kind: 'AWS secret key',
    pattern:
      /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/dg,
  },
  { kind: 'Stripe key', pattern: token('[sr]k_(?:live|test)_[A-Za-z0-9]{10,}') },
  { kind: 'Stripe webhook secret', pattern: token('whsec_[A-Za-z0-9+/=]{10,}') },
  { kind: 'GitHub token', pattern: token('(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})') },
  { kind: 'GitLab token', pattern: token('glpat-[A-Za-z0-9_-]{20,}') },
  { kind: 'Slack token', pattern: token('xox[abposr]-[A-Za-z0-9-]{10,}') },
  {
    kind: 'webhook URL',
    pattern: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<v>[A-Za-z0-9/_-]+)/dg,
  },
  {
    kind: 'webhook URL',
    pattern:
      /\bhttps:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/(?<v>\d+\/[A-Za-z0-9_-]+)/dg,
  },
  {
    kind: 'OpenAI/Anthropic key',
    pattern: token(`sk-(?:proj-|ant-(?:api|admin)\\d*-)?${TOKEN_CHARS}{20,}`),
  },
  { kind: 'Google API key', pattern: token('AIza[0-9A-Za-z_-]{35}') },
  { kind: 'SendGrid key', pattern: token('SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}') },
  { kind: 'Mailgun key', pattern: token('key-[0-9a-f]{32}\\b') },
  { kind: 'npm token', pattern: token('npm_[A-Za-z0-9]{36}\\b') },
  { kind: 'PyPI token', pattern: token('pypi-[A-Za-z0-9_-]{50,}') },
  { kind: 'Hugging Face token', pattern: token('hf_[A-Za-z0-9]{30,}') },
  { kind: 'JWT', pattern: token('eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}') },
  // An authorization header's credentials; "Basic usage" is prose: a token has a digit, a symbol or inner capitals.
  {
    kind: 'authorization header',
    pattern:
      /\b(?:Bearer|Basic|Token)[ \t]+(?<v>(?=[A-Za-z0-9._~+/=-]{0,200}[0-9_~+/=-]|[A-Za-z]{1,200}[A-Z])[A-Za-z0-9._~+/=-]{8,})/dg,
  },
  // scheme://user:password@host (user may be empty, the password may hold @: the last @ before the path ends it).
  { kind: 'URL password', pattern: /\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/'"]{0,256}:(?<v>[^\s/'"]+)@/dg },
  // https://TOKEN@host, as in `git+https://<token>@github.com/...` requirements and Sentry DSNs.
  { kind: 'URL token', pattern: /\b(?:git\+)?https?:\/\/(?<v>[^\s:@/'"]+)@/dg },
  // Connection strings: `Server=db;Uid=sa;Pwd=...;`.
  {
    kind: 'connection string password',
    pattern: /(?<=;[ \t]{0,8})(?:pwd|password)[ \t]*=[ \t]*(?<v>[^;'"\n]+)/dgi,
  },
  { kind: 'connection string password', pattern: /(?<=["'])(?:pwd|password)=(?<v>[^;'"\n]+)(?=;)/dgi },
  // mysql -uroot -pSecret, mysqldump -p'Secret'; redis-cli -a Secret.
  {
    kind: 'command-line password',
    pattern: /\b(?:mysql\w*|mariadb\w*)\b[^\n]{0,200}?[ \t]-p(?<v>[^\s'"-][^\s'"]*)/dg,
  },
  {
    kind: 'command-line password',
    pattern: /\bredis-cli\b[^\n]{0,200}?[ \t]-a[ \t]+(?<v>[^\s'"-][^\s'"]*)/dg,
  },
];

export function shapeSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const { kind, pattern } of SHAPES) {
    for (const m of text.matchAll(pattern)) {
      const [start, end] = m.indices!.groups?.v ?? m.indices![0]!;
      spans.push(...valueSpans(text, start, end, kind));
    }
  }
  return [...spans, ...privateKeySpans(text), ...flagSpans(text)];
}

/** The body of each `-----BEGIN ... PRIVATE KEY-----` block, up to its `-----END`. Once no end follows, none
 *  follows a later start either: one search, however many starts. */
const KEY_BEGIN = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;

function privateKeySpans(text: string): Span[] {
  const spans: Span[] = [];
  const begin = new RegExp(KEY_BEGIN);
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('-----END ', start);
    if (end < 0) break;
    spans.push(...valueSpans(text, start, end, 'private key'));
    begin.lastIndex = end; // the next block starts after this one ends
  }
  return spans;
}

/** In a command in exec form (`["redis-server", "--requirepass", "pw"]`), is word `i` a secret because of
 *  the flag before it (`--requirepass`, `--api-key`, `redis-cli -a`)? */
export function followsSecretFlag(words: (string | null)[], i: number): boolean {
  const flag = /^--?([A-Za-z][\w-]*)$/.exec(words[i - 1] ?? '');
  if (!flag) return false;
  if (flag[1] === 'a') return words.some((word) => word?.endsWith('redis-cli'));
  return isSecretName(flag[1]!) || /^basic[_-]auth$/i.test(flag[1]!);
}

/** `redis-server --requirepass pw`, `--api-key=pw`, `--password "pw"`, `--basic_auth=user:pw`, and in exec
 *  form `["redis-server", "--requirepass", "pw"]`. */
const FLAG = /(?<![\w-])--?(?<name>[A-Za-z][\w-]{0,60})(?<sep>=|[ \t]+|["'],[ \t]*)/dg;

function flagSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(FLAG)) {
    const name = m.groups!.name!;
    const basicAuth = /^basic[_-]auth$/i.test(name);
    if (!basicAuth && !isSecretName(name)) continue;
    const at = m.index + m[0].length;
    const body = stringBody(text, at) ?? bareWord(text, at);
    if (!body) continue;
    // flower's --basic_auth=user:pw: the user may stay.
    const colon = basicAuth ? text.slice(body.start, body.end).indexOf(':') : -1;
    spans.push(...valueSpans(text, body.start + colon + 1, body.end, 'command-line password'));
  }
  return spans;
}

function bareWord(text: string, at: number): { start: number; end: number } | null {
  const word = /^[^\s'",\]\\-][^\s'",\]\\]*/.exec(text.slice(at, at + 4096));
  return word ? { start: at, end: at + word[0].length } : null;
}
