// Rules about task definitions and bodies: time limits (CEL003), retry (CEL004, CEL005), binding
// (CEL006, CEL007), waiting for results (CEL008), HTTP calls without timeout (CEL011).
import type { CheckedFile } from './checked-file.js';
import { RULES, type RawCeleryFinding } from './rules.js';
import { callArguments, lastName, position, type Node } from './syntax.js';
import type { Task } from './tasks.js';

/** The def line also accepts a `# noqa` for findings reported on the decorator. */
function defLine(task: Task): number[] {
  return [position(task.fn).line];
}

export function checkTimeLimits(checked: CheckedFile): RawCeleryFinding[] {
  if (checked.facts.globalTimeLimitIn) return [];
  return checked.tasks
    .filter((task) => !task.options.has('time_limit') && !task.options.has('soft_time_limit'))
    .map((task) => ({
      rule: RULES.noTimeLimit,
      node: task.decorator,
      message: `task '${task.name}' has no soft_time_limit or time_limit, and the project sets no CELERY_TASK_TIME_LIMIT`,
      alsoNoqaOn: defLine(task),
    }));
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
      if (!delayed && !task.options.has('default_retry_delay')) {
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

export function checkBinding(checked: CheckedFile): RawCeleryFinding[] {
  const findings: RawCeleryFinding[] = [];
  for (const task of checked.tasks) {
    const first = task.params[0];
    if (task.bound && first?.name !== 'self') {
      findings.push({
        rule: RULES.bindWithoutSelf,
        node: first?.node ?? task.fn.childForFieldName('parameters') ?? task.fn,
        message: first
          ? `task '${task.name}' has bind=True, so its first parameter '${first.name}' receives the task instance: add self before it`
          : `task '${task.name}' has bind=True but takes no parameters: add self`,
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

/** Calls that start a task and give back its AsyncResult. */
function startsTask(node: Node | null): boolean {
  if (node?.type !== 'call') return false;
  const name = lastName(node.childForFieldName('function'));
  return name === 'delay' || name === 'apply_async' || name === 'AsyncResult';
}

export function checkSyncSubtasks(checked: CheckedFile): RawCeleryFinding[] {
  const findings: RawCeleryFinding[] = [];
  for (const task of checked.tasks) {
    const results = new Set(
      checked.index
        .inside(task.body, 'assignment')
        .filter((assignment) => startsTask(assignment.childForFieldName('right')))
        .map((assignment) => assignment.childForFieldName('left'))
        .filter((left) => left?.type === 'identifier')
        .map((left) => left?.text),
    );
    for (const call of checked.index.inside(task.body, 'call')) {
      const fn = call.childForFieldName('function');
      const method = lastName(fn);
      if (fn?.type !== 'attribute' || !['get', 'wait', 'join'].includes(method ?? '')) continue;
      const target = fn.childForFieldName('object');
      const isResult = startsTask(target) || (target?.type === 'identifier' && results.has(target.text));
      if (isResult && (method !== 'join' || target?.type === 'identifier')) {
        findings.push({
          rule: RULES.syncSubtask,
          node: call,
          message: `task '${task.name}' waits for another task with .${method}(): chain the tasks or use a callback instead`,
        });
      }
    }
  }
  return findings;
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
