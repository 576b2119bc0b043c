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

export const SHAPES: Shape[] = [
  {
    kind: 'private key',
    pattern:
      /-----BEGIN [A-Z ]{0,40}PRIVATE KEY( BLOCK)?-----(?<v>[\s\S]*?)-----END [A-Z ]{0,40}PRIVATE KEY/dg,
  },
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/dg },
  // 40 characters of base64 with upper, lower case and digits, standing alone (git hashes are lower-case hex).
  {
    kind: 'AWS secret key',
    pattern:
      /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/dg,
  },
  { kind: 'Stripe key', pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,}/dg },
  { kind: 'Stripe webhook secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{10,}/dg },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/dg },
  { kind: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/dg },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/dg },
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
    pattern: new RegExp(`\\bsk-(?:proj-|ant-(?:api|admin)\\d*-)?${TOKEN_CHARS}{20,}`, 'dg'),
  },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/dg },
  { kind: 'SendGrid key', pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/dg },
  { kind: 'Mailgun key', pattern: /\bkey-[0-9a-f]{32}\b/dg },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/dg },
  { kind: 'PyPI token', pattern: /\bpypi-[A-Za-z0-9_-]{50,}/dg },
  { kind: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}/dg },
  { kind: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/dg },
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
  return [...spans, ...flagSpans(text)];
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
