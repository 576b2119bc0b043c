// Rules about when tasks run: a delay longer than the Redis visibility timeout (CEL013), and a crontab
// that names a larger unit without the smaller ones (CEL016).
import type { CheckedFile } from './checked-file.js';
import { globalSetting } from './config.js';
import { RULES, type RawCeleryFinding } from './rules.js';
import { callArguments, lastName, type Node } from './syntax.js';
import { numberOf, timedeltaIn } from './values.js';

/** Kombu's Redis transport default: one hour. */
const DEFAULT_VISIBILITY_TIMEOUT = 3600;

function duration(seconds: number): string {
  if (seconds >= 86400 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 3600) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${seconds} s`;
}

/** The visibility timeout the project gives Redis, the default, or why it is unknown. */
function visibilityTimeout(checked: CheckedFile): { seconds: number; source: string } | { unknown: string } {
  const options = globalSetting(checked.facts.config, 'broker_transport_options');
  if (options.state === 'unknown') return { unknown: options.reason };
  if (options.state === 'unset') return { seconds: DEFAULT_VISIBILITY_TIMEOUT, source: 'the default' };
  let longest: number | null = null;
  for (const setting of options.settings) {
    const entries = setting.value.entries;
    if (!entries) return { unknown: `${setting.written} in ${setting.file} cannot be read` };
    const timeout = entries.get('visibility_timeout');
    if (!timeout) continue;
    if (timeout.number === null)
      return { unknown: `its visibility_timeout (${timeout.text}) cannot be read` };
    longest = Math.max(longest ?? 0, timeout.number);
  }
  return longest === null
    ? { seconds: DEFAULT_VISIBILITY_TIMEOUT, source: 'the default' }
    : { seconds: longest, source: 'broker_transport_options' };
}

/** Whether the broker is Redis: yes, no, or a reason it is unknown. */
function brokerIsRedis(checked: CheckedFile): boolean | string {
  const { config } = checked.facts;
  if (config.broker) return config.broker === 'redis';
  if (config.brokerNamed) return 'the broker URL comes from the environment';
  return config.unreadable ?? false; // no broker named anywhere: Celery's default, RabbitMQ
}

/** Delays a task waits before it runs: countdown/eta of sends and retries, and retry delays a task sets. */
function delays(checked: CheckedFile): { node: Node; what: string; seconds: number }[] {
  const found: { node: Node; what: string; seconds: number }[] = [];
  for (const call of checked.index.of('call')) {
    const method = lastName(call.childForFieldName('function'));
    if (method !== 'apply_async' && method !== 'retry' && method !== 'set') continue;
    const { keywords } = callArguments(call);
    const countdown = numberOf(keywords.get('countdown') ?? null);
    const eta = keywords.get('eta');
    const etaSeconds = eta ? timedeltaIn(eta) : null;
    if (countdown !== null)
      found.push({ node: call, what: `countdown=${keywords.get('countdown')?.text}`, seconds: countdown });
    else if (etaSeconds !== null) found.push({ node: call, what: `eta=${eta?.text}`, seconds: etaSeconds });
  }
  for (const task of checked.tasks) {
    const backoffMax = task.options.get('retry_backoff_max')?.number;
    const backoff = task.options.get('retry_backoff');
    if (backoffMax && backoff && backoff.bool !== false)
      found.push({ node: task.decorator, what: `retry_backoff_max=${backoffMax}`, seconds: backoffMax });
    const delay = task.options.get('default_retry_delay')?.number;
    if (delay) found.push({ node: task.decorator, what: `default_retry_delay=${delay}`, seconds: delay });
    const retryCountdown = task.options.get('retry_kwargs')?.entries?.get('countdown')?.number;
    if (retryCountdown)
      found.push({
        node: task.decorator,
        what: `retry_kwargs countdown=${retryCountdown}`,
        seconds: retryCountdown,
      });
  }
  return found;
}

export function checkCountdownBeyondVisibility(checked: CheckedFile): RawCeleryFinding[] {
  const candidates = delays(checked).filter(({ seconds }) => seconds > DEFAULT_VISIBILITY_TIMEOUT);
  if (!candidates.length) return [];
  const redis = brokerIsRedis(checked);
  if (redis === false) return [];
  const timeout = visibilityTimeout(checked);
  const findings: RawCeleryFinding[] = [];
  for (const { node, what, seconds } of candidates) {
    if ('seconds' in timeout && seconds <= timeout.seconds) continue;
    const limit =
      'seconds' in timeout
        ? `the Redis visibility_timeout (${duration(timeout.seconds)}, ${timeout.source})`
        : `the Redis visibility_timeout, which could not be read (${timeout.unknown})`;
    const claim = `${what} (${duration(seconds)}) is longer than ${limit}: the message is delivered again and the task runs twice; raise visibility_timeout above it`;
    findings.push({
      rule: RULES.countdownBeyondVisibility,
      node,
      message:
        redis === true ? claim : `could not tell whether the broker is Redis (${redis}); if it is, ${claim}`,
    });
  }
  return findings;
}

/** crontab's fields from the smallest unit up; positional arguments come in this order. */
const CRONTAB_FIELDS = ['minute', 'hour', 'day_of_week', 'day_of_month', 'month_of_year'];
/** Units a field needs named below it: a day needs hour and minute, a month also a day. */
const NEEDS: Record<string, string[][]> = {
  hour: [['minute']],
  day_of_week: [['minute'], ['hour']],
  day_of_month: [['minute'], ['hour']],
  month_of_year: [['minute'], ['hour'], ['day_of_month', 'day_of_week']],
};

export function checkPartialCrontab(checked: CheckedFile): RawCeleryFinding[] {
  const findings: RawCeleryFinding[] = [];
  for (const call of checked.index.of('call')) {
    if (lastName(call.childForFieldName('function')) !== 'crontab') continue;
    const args = callArguments(call);
    if (args.splat) continue;
    const given = new Set([...CRONTAB_FIELDS.slice(0, args.positional.length), ...args.keywords.keys()]);
    const missing = new Set<string>();
    for (const field of given) {
      for (const alternatives of NEEDS[field] ?? []) {
        if (!alternatives.some((unit) => given.has(unit))) missing.add(alternatives.join(' or '));
      }
    }
    if (!missing.size) continue;
    const smallest = ([...missing][0] as string).split(' or ')[0] as string;
    const unit = smallest.replace(/_of_\w+$/, '');
    findings.push({
      rule: RULES.partialCrontab,
      node: call,
      message: `${call.text.replace(/\s+/g, ' ')} leaves out ${[...missing].join(', ')}, so it runs every ${unit} while the named fields match: add ${smallest}=${unit === 'day' ? 1 : 0} (or "*" if every ${unit} is meant)`,
    });
  }
  return findings;
}
