// Which message broker the project points Celery at, and how its settings reach it (the expression a new
// configuration should keep). Read from the broker settings and the Celery app, else from a REDIS_URL-like
// setting, else from the Celery dependency's extra (`celery[redis]`). Hints that disagree mean "unknown".
import type { Project } from '../types.js';
import { asString, assignment, statements, stringEnd, stringLiterals } from './python.js';
import type { SourceFile } from './settings.js';

/** `other` is a transport we do not generate for (sqs://); test transports (memory://) say nothing. */
type Kind = 'redis' | 'rabbitmq' | 'other';

interface Hint {
  kind: Kind | undefined;
  /** How the settings reach the broker, or null when this hint does not say. */
  url: string | null;
}

export interface BrokerFacts {
  broker: Project['broker'];
  brokerUrl: string | null;
}

function kindOfUrl(url: string): Kind | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme || /^(https?|memory|filesystem)$/.test(scheme)) return undefined;
  if (scheme === 'redis' || scheme === 'rediss' || scheme === 'sentinel') return 'redis';
  if (['amqp', 'amqps', 'pyamqp', 'librabbitmq'].includes(scheme)) return 'rabbitmq';
  return 'other';
}

/** `REDIS_URL`, `CLOUDAMQP_URL`, `RABBITMQ_URL`: the name says which broker. */
function kindOfName(name: string): Kind | undefined {
  if (/redis/i.test(name)) return 'redis';
  if (/amqp|rabbit/i.test(name)) return 'rabbitmq';
  return undefined;
}

/** A URL with a password or a secret-looking query parameter is never shown or sent as a default. */
const hasCredentials = (url: string): boolean =>
  /^[a-z][\w+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(url) || /[?&][^=&]*(pass|secret|token|key)[^=&]*=/i.test(url);

/** `os.environ.get("X", ...)`, `os.getenv`, `os.environ["X"]`, django-environ's `env("X")` / `env.str(...)`,
 *  python-decouple's `config("X", ...)`. */
const ENV_READ =
  /(?:\benviron\s*\.\s*(?:get|setdefault)|\bgetenv|\benv(?:\s*\.\s*\w+)?|\bconfig)\s*\(\s*[rRuU]?(['"])([A-Za-z_]\w*)\1|\benviron\s*\[\s*[rRuU]?(['"])([A-Za-z_]\w*)\3\s*\]/;

interface Defined {
  value: string;
  file: string;
}

/** What one expression says about the broker; `label` and `file` name the setting it is assigned to. */
function hintOf(
  expression: string,
  label: string,
  file: string,
  names: ReadonlyMap<string, Defined>,
  depth = 0,
): Hint {
  const text = expression.trim();
  const where = `${label} as set in ${file}`;
  const literal = asString(text);
  if (literal !== null) {
    const kind = kindOfUrl(literal);
    return { kind, url: kind === undefined ? null : hasCredentials(literal) ? where : literal };
  }
  const env = ENV_READ.exec(text);
  if (env) {
    const name = (env[2] ?? env[4]) as string;
    const fallback = stringLiterals(text.slice(env.index + env[0].length)).find((value) =>
      /^[a-z][a-z0-9+.-]*:\/\//i.test(value),
    );
    const shown = fallback !== undefined && !hasCredentials(fallback) ? `, default ${fallback}` : '';
    return { kind: fallback ? kindOfUrl(fallback) : kindOfName(name), url: `env ${name}${shown}` };
  }
  const defined = /^[A-Za-z_]\w*$/.test(text) ? names.get(text) : undefined;
  if (defined && depth < 4) return hintOf(defined.value, text, defined.file, names, depth + 1);
  // An f-string, a concatenation, a name from elsewhere: the scheme or the names in it.
  const scheme = /\b([a-z][a-z0-9+.-]*):\/\//i.exec(text.replace(/\bhttps?:\/\//gi, ''));
  return { kind: scheme ? kindOfUrl(scheme[0]) : kindOfName(text), url: where };
}

/** The end of the Python expression starting at `start`: the first top-level `,` or unmatched `)`. */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'") i = stringEnd(text, i) - 1;
    else if ('([{'.includes(ch)) depth += 1;
    else if (')]}'.includes(ch)) {
      if (depth === 0) return i;
      depth -= 1;
    } else if (ch === ',' && depth === 0) return i;
  }
  return text.length;
}

/** The broker URL settings of one file: `CELERY_BROKER_URL = ...`, `app.conf.broker_url = ...`, and the
 *  `broker=` / `broker_url=` arguments of `Celery(...)` or `app.conf.update(...)`. */
function brokerSettings(source: string): { label: string; value: string }[] {
  const found: { label: string; value: string }[] = [];
  for (const { text } of statements(source)) {
    const assigned =
      /^(?:[\w.]+\.)?(CELERY_BROKER_URL|BROKER_URL|broker_url)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(text);
    if (assigned) {
      found.push({ label: assigned[1] as string, value: assigned[2] as string });
      continue;
    }
    for (const keyword of text.matchAll(/[(,]\s*(broker(?:_url)?)\s*=(?!=)\s*/g)) {
      const start = keyword.index + keyword[0].length;
      found.push({ label: `${keyword[1]}=`, value: text.slice(start, expressionEnd(text, start)) });
    }
  }
  return found;
}

/** The broker the hints agree on; `conflict` when two name different brokers, `undefined` when none names one. */
function agreed(hints: Hint[]): Kind | 'conflict' | undefined {
  const kinds = new Set(hints.map((hint) => hint.kind).filter((kind) => kind !== undefined));
  return kinds.size > 1 ? 'conflict' : [...kinds][0];
}

const EXTRA_KINDS: Record<string, Kind> = { redis: 'redis', librabbitmq: 'rabbitmq', sqs: 'other' };

/**
 * The broker and its URL expression. `settings` are the settings files (run order first, then the other
 * environments), `celeryApp` the app module, `celeryExtras` the extras the Celery dependency is installed with.
 */
export function detectBroker(
  settings: SourceFile[],
  celeryApp: SourceFile | null,
  celeryExtras: string[],
): BrokerFacts {
  const sources = celeryApp ? [...settings, celeryApp] : settings;
  const names = new Map<string, Defined>();
  for (const file of sources) {
    for (const { text, indented } of statements(file.source)) {
      const assigned = !indented && assignment(text);
      if (assigned && assigned.operator === '=' && !names.has(assigned.name))
        names.set(assigned.name, { value: assigned.value, file: file.path });
    }
  }
  let hints = sources.flatMap((file) =>
    brokerSettings(file.source).map(({ label, value }) => hintOf(value, label, file.path, names)),
  );
  if (hints.length === 0) {
    // No broker setting yet: a REDIS_URL / CLOUDAMQP_URL setting is the broker a new configuration would use.
    hints = [...names]
      .filter(([name]) => /_URL$/.test(name) && kindOfName(name) !== undefined)
      .map(([name, { value, file }]) => hintOf(value, name, file, names))
      .filter((hint) => hint.kind !== undefined);
  }
  let kind = agreed(hints);
  if (kind === 'conflict') return { broker: null, brokerUrl: null };
  kind ??= agreed(
    celeryExtras.flatMap((extra) => (EXTRA_KINDS[extra] ? [{ kind: EXTRA_KINDS[extra], url: null }] : [])),
  );
  return {
    broker: kind === 'redis' || kind === 'rabbitmq' ? kind : null,
    brokerUrl: hints.find((hint) => hint.url !== null)?.url ?? null,
  };
}
