// Does a name (a setting, variable, dict key, YAML key, environment variable, command-line flag) say that its
// value is secret? Decided by its segments (`AWS_SECRET_ACCESS_KEY`, `apiKey`, `db-password` -> words), so
// `BYPASS_CACHE` is not a password and `AUTH_USER_MODEL` is not a credential.

/** A segment that alone makes a name secret. */
const SECRET_WORDS = new Set([
  'SECRET',
  'PASSWORD',
  'PASSWD',
  'PWD',
  'PASS',
  'PW',
  'PASSPHRASE',
  'TOKEN',
  'CREDENTIAL',
  'CREDENTIALS',
  'DSN',
  'WEBHOOK',
  'APIKEY',
  'REQUIREPASS',
  'MASTERAUTH',
]);
/** Run together with other letters (`DBPASSWORD`, `secretkey`), these still say "secret". */
const SECRET_INSIDE = /PASSWORD|PASSWD|PASSPHRASE|SECRET/;
/** `KEY` is secret beside one of these anywhere in the name (`API_KEY`, `PRIVATE_KEY_PEM`, `SIGNING_KEY_V2`). */
const KEY_QUALIFIERS = new Set([
  'API',
  'ACCESS',
  'SECRET',
  'PRIVATE',
  'SIGNING',
  'ENCRYPTION',
  'MASTER',
  'CLIENT',
]);
/** ...and as the last segment (`STRIPE_KEY`), unless it names an everyday key (`routing_key`, `cache_key`). */
const PLAIN_KEY_OWNERS = new Set([
  'ROUTING',
  'BINDING',
  'CACHE',
  'LOCK',
  'SORT',
  'LOOKUP',
  'PRIMARY',
  'FOREIGN',
  'NATURAL',
  'PARTITION',
  'IDEMPOTENCY',
  'DEDUP',
  'DEDUPE',
  'UNIQUE',
  'GROUP',
  'QUEUE',
  'TASK',
  'RESULT',
  'OBJECT',
  'FIELD',
  'ROW',
  'COLUMN',
  'INDEX',
  'ORDER',
  'PUBLIC',
  'SESSION',
  'MESSAGE',
  'EVENT',
]);
/** A last segment that names a setting about secrets, not a secret: `AUTH_PASSWORD_VALIDATORS`,
 *  `PASSWORD_HASHERS`, `PASSWORD_RESET_TIMEOUT`, `CACHE_KEY_PREFIX`, `TOKEN_MODEL`, `API_KEY_HEADER`. */
const ABOUT_SECRETS = new Set([
  'VALIDATORS',
  'VALIDATOR',
  'HASHERS',
  'HASHER',
  'PREFIX',
  'TIMEOUT',
  'LIFETIME',
  'LENGTH',
  'AGE',
  'EXPIRY',
  'TTL',
  'MODEL',
  'FIELD',
  'FIELDS',
  'BACKEND',
  'BACKENDS',
  'CLASS',
  'CLASSES',
  'HEADER',
  'ENABLED',
  'REQUIRED',
  'ALGORITHM',
  'FILE',
  'PATH',
  'DIR',
]);

/** `AWS_SECRET_ACCESS_KEY`, `apiKey`, `x-api-key`, `--requirepass` -> upper-case words, trailing digits dropped. */
export function segmentsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .map((segment) => segment.replace(/\d+$/, ''))
    .filter(Boolean);
}

export function isSecretName(name: string): boolean {
  const segments = segmentsOf(name);
  const last = segments.at(-1);
  if (!last || ABOUT_SECRETS.has(last)) return false;
  if (segments.some((s) => SECRET_WORDS.has(s) || SECRET_INSIDE.test(s) || /.TOKEN$/.test(s))) return true;
  if (!segments.includes('KEY')) return false;
  if (segments.some((s) => KEY_QUALIFIERS.has(s))) return true;
  return last === 'KEY' && segments.length > 1 && !PLAIN_KEY_OWNERS.has(segments.at(-2)!);
}
