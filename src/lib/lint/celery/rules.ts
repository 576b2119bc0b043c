// The Celery rules: our own codes, each with a one-line why. Sources: the prompt library's
// anti-pattern table and Celery's documentation (userguide/tasks, testing, workers, security,
// django/first-steps-with-django).
import type { Severity } from '../../types.js';

export interface CeleryRule {
  code: string;
  severity: Severity;
  /** What is wrong, in general; each finding says it about the code at hand. */
  summary: string;
  why: string;
}

function rule(code: string, severity: Severity, summary: string, why: string): CeleryRule {
  return { code, severity, summary, why };
}

export const RULES = {
  eagerMode: rule(
    'CEL001',
    'warning',
    'eager mode outside test or local settings',
    'Eager mode runs tasks inline in the caller, with no serialization, broker, worker, retries or time ' +
      'limits, so what runs in production is not what was tested (Celery: Testing, task_always_eager).',
  ),
  modelArgument: rule(
    'CEL002',
    'warning',
    'a model instance passed to a task',
    'Task arguments are serialized when the task is sent: a model instance fails with the JSON serializer ' +
      'or is stale by the time the worker runs. Pass its id and fetch it in the task (Celery: Tasks, State).',
  ),
  noTimeLimit: rule(
    'CEL003',
    'warning',
    'a task without a time limit',
    'Without a time limit one hung network call holds a worker process forever; set soft_time_limit and ' +
      'time_limit on the task or CELERY_TASK_TIME_LIMIT for all (Celery: Workers, Time Limits).',
  ),
  retryNotRaised: rule(
    'CEL004',
    'warning',
    'self.retry() not raised',
    'self.retry() works by raising Retry; write `raise self.retry(exc=exc)` as Celery documents, so that ' +
      'readers and linters see nothing after it runs (Celery: Tasks, Retrying).',
  ),
  retryWithoutBackoff: rule(
    'CEL005',
    'warning',
    'self.retry() without countdown or backoff',
    'Without countdown every retry waits the same default_retry_delay (3 minutes), hammering a failing ' +
      'service in lockstep; back off with countdown=2 ** self.request.retries or retry_backoff=True.',
  ),
  bindWithoutSelf: rule(
    'CEL006',
    'error',
    'bind=True but the first parameter is not self',
    'With bind=True Celery passes the task instance as the first argument: a first parameter meant for ' +
      'data receives the task instead (Celery: Tasks, Bound tasks).',
  ),
  selfWithoutBind: rule(
    'CEL007',
    'error',
    'self.request or self.retry in a task without bind=True',
    'Only bound tasks (bind=True) receive the task instance as self; otherwise self is the first ' +
      'argument of the call, or undefined (Celery: Tasks, Bound tasks).',
  ),
  syncSubtask: rule(
    'CEL008',
    'error',
    'waiting for a task result inside a task',
    'Waiting for another task inside a task can exhaust the worker pool and deadlock; Celery raises ' +
      'RuntimeError for it by default. Use a chain or a callback (Celery: Tasks, Avoid launching synchronous subtasks).',
  ),
  pickle: rule(
    'CEL009',
    'warning',
    'pickle serializer accepted',
    'A worker that accepts pickle runs any code that someone able to publish to the broker sends it; use ' +
      'json (Celery: Security, Serializers).',
  ),
  appBeforeSettings: rule(
    'CEL010',
    'error',
    'Celery() created before DJANGO_SETTINGS_MODULE is set',
    'The app reads Django settings through DJANGO_SETTINGS_MODULE, which "must always come before ' +
      'creating the app instances" (Celery: First steps with Django).',
  ),
  requestsWithoutTimeout: rule(
    'CEL011',
    'warning',
    'requests call without timeout inside a task',
    'requests waits forever by default, so a stalled server holds the worker until a time limit kills ' +
      'it; pass timeout=(connect, read), e.g. timeout=(5, 30) (Celery: Tasks).',
  ),
} satisfies Record<string, CeleryRule>;

export const CELERY_CODES = Object.values(RULES).map((entry) => entry.code);

/** A finding before noqa filtering: the rule, where, and what it says about this code. */
export interface RawCeleryFinding {
  rule: CeleryRule;
  node: { startPosition: { row: number; column: number } };
  message: string;
  /** Other lines where a `# noqa` also silences it (e.g. the def line of a decorated task). */
  alsoNoqaOn?: number[];
}
