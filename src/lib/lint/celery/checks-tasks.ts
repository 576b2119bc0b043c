// Rules about task definitions and bodies: time limits (CEL003), retry (CEL004, CEL005), binding
// (CEL006, CEL007), waiting for results (CEL008), HTTP calls without timeout (CEL011), late acks (CEL015).
import type { CheckedFile } from './checked-file.js';
import { globalSetting, turnedOn } from './config.js';
import { resultWaits } from './results.js';
import { RULES, type RawCeleryFinding } from './rules.js';
import { callArguments, lastName, namedChildren, position, stringValue, type Node } from './syntax.js';
import type { Task } from './tasks.js';

/** The def line also accepts a `# noqa` for findings reported on the decorator. */
function defLine(task: Task): number[] {
  return [position(task.fn).line];
}

export function checkTimeLimits(checked: CheckedFile): RawCeleryFinding[] {
  const global = globalSetting(checked.facts.config, 'task_time_limit', 'task_soft_time_limit');
  if (global.state === 'set') return [];
  const project =
    global.state === 'unset'
      ? 'and the project sets no global limit (CELERY_TASK_TIME_LIMIT)'
      : `and could not tell whether the project sets a global limit (CELERY_TASK_TIME_LIMIT): ${global.reason}`;
  return checked.tasks
    .filter((task) => !hasOption(task, 'time_limit') && !hasOption(task, 'soft_time_limit'))
    .map((task) => ({
      rule: RULES.noTimeLimit,
      node: task.decorator,
      message: `task '${task.name}' has no soft_time_limit or time_limit, ${project}`,
      alsoNoqaOn: defLine(task),
    }));
}

/** An option set to something other than None. */
function hasOption(task: Task, name: string): boolean {
  const value = task.options.get(name);
  return value !== undefined && !value.none;
}

/** `self.<name>` nodes in a task body. */
function selfAttributes(checked: CheckedFile, task: Task, names: string[]): Node[] {
  return checked.index
    .inside(task.body, 'attribute')
    .filter(
      (node) =>
        node.childForFieldName('object')?.text === 'self' &&
        names.includes(node.childForFieldName('attribute')?.text ?? ''),
    );
}

export function checkRetries(checked: CheckedFile): RawCeleryFinding[] {
  const findings: RawCeleryFinding[] = [];
  for (const task of checked.tasks) {
    for (const retry of selfAttributes(checked, task, ['retry'])) {
      const call = retry.parent;
      if (call?.type !== 'call') continue;
      const args = callArguments(call);
      if (call.parent?.type === 'expression_statement' && args.keywords.get('throw')?.type !== 'false') {
        findings.push({
          rule: RULES.retryNotRaised,
          node: call,
          message: `write 'raise self.retry(...)' in task '${task.name}'`,
        });
      }
      const delayed = args.splat || args.keywords.has('countdown') || args.keywords.has('eta');
      if (!delayed && !hasOption(task, 'default_retry_delay')) {
        findings.push({
          rule: RULES.retryWithoutBackoff,
          node: call,
          message: `self.retry() in task '${task.name}' has no countdown: retries use the fixed default delay, with no backoff`,
        });
      }
    }
  }
  return findings;
}

/** Names a bound task's first parameter goes by besides self. */
const TASK_INSTANCE_NAME = /^(self|_self|task|_)$/;

export function checkBinding(checked: CheckedFile): RawCeleryFinding[] {
  const findings: RawCeleryFinding[] = [];
  for (const task of checked.tasks) {
    const first = task.params[0];
    // `def f(*args, **kwargs)`: the task instance lands in args[0].
    const takesInstance =
      first && (first.splat ? first.splat === '*' && first.name !== '' : TASK_INSTANCE_NAME.test(first.name));
    if (task.bound && !takesInstance) {
      findings.push({
        rule: RULES.bindWithoutSelf,
        node: first?.node ?? task.fn.childForFieldName('parameters') ?? task.fn,
        message:
          first && !first.splat
            ? `task '${task.name}' has bind=True, so its first parameter '${first.name}' receives the task instance: add self before it`
            : `task '${task.name}' has bind=True but no positional parameter to receive the task instance: add self first`,
      });
    }
    const usesSelf = selfAttributes(checked, task, [
      'request',
      'retry',
      'update_state',
      'replace',
      'max_retries',
    ])[0];
    if (!task.bound && usesSelf) {
      findings.push({
        rule: RULES.selfWithoutBind,
        node: usesSelf,
        message: `task '${task.name}' uses ${usesSelf.text} but is not bound: add bind=True to its decorator (and self as first parameter)`,
      });
    }
  }
  return findings;
}

export function checkSyncSubtasks(checked: CheckedFile): RawCeleryFinding[] {
  return checked.tasks.flatMap((task) =>
    resultWaits(checked, task.body).map(({ call, method }) => ({
      rule: RULES.syncSubtask,
      node: call,
      message: `task '${task.name}' waits for another task with .${method}(): chain the tasks or use a callback instead`,
    })),
  );
}

const REQUESTS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

export function checkRequestsTimeout(checked: CheckedFile): RawCeleryFinding[] {
  const findings: RawCeleryFinding[] = [];
  for (const task of checked.tasks) {
    for (const call of checked.index.inside(task.body, 'call')) {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('object')?.text !== 'requests') continue;
      if (!REQUESTS_METHODS.has(lastName(fn) ?? '')) continue;
      const args = callArguments(call);
      if (args.keywords.has('timeout') || args.splat) continue;
      findings.push({
        rule: RULES.requestsWithoutTimeout,
        node: call,
        message: `${fn.text}() in task '${task.name}' has no timeout: add timeout=(5, 30) or similar`,
      });
    }
  }
  return findings;
}

/** Words in a task's name or docstring that say running it twice is safe. */
const IDEMPOTENT_HINT =
  /idempot|safe to (re-?run|retry|repeat|run (it )?(again|twice))|at[- ]least[- ]once|dedup|upsert/i;

function docstring(task: Task): string {
  const first = namedChildren(task.body)[0];
  const expression = first?.type === 'expression_statement' ? namedChildren(first)[0] : null;
  return (expression && stringValue(expression)) ?? '';
}

export function checkLateAcks(checked: CheckedFile): RawCeleryFinding[] {
  const { config } = checked.facts;
  const rejectsGlobally = turnedOn(config, 'task_reject_on_worker_lost');
  const unsure = config.unreadable
    ? ` (could not tell whether task_reject_on_worker_lost is set for all tasks: ${config.unreadable})`
    : '';
  const findings: RawCeleryFinding[] = [];
  for (const task of checked.tasks) {
    if (task.options.get('acks_late')?.bool !== true) continue;
    const rejects = task.options.get('reject_on_worker_lost')?.bool ?? rejectsGlobally;
    if (rejects || IDEMPOTENT_HINT.test(`${task.name} ${docstring(task)}`)) continue;
    findings.push({
      rule: RULES.lateAcks,
      node: task.decorator,
      message: `task '${task.name}' acks late: a message whose worker dies mid-task runs again, so it must be safe to run twice (say so in its docstring), and without reject_on_worker_lost=True a killed child process still acks it${unsure}`,
      alsoNoqaOn: defLine(task),
    });
  }
  return findings;
}
