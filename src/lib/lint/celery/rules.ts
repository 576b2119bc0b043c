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
  delayInTransaction: rule(
    'CEL012',
    'warning',
    'a task sent inside a database transaction',
    'A task sent before the transaction commits can run first: the worker reads the row before it exists or ' +
      'before it changed, and a rollback leaves a task for data that never was. Send it from ' +
      'transaction.on_commit() or with delay_on_commit() (Celery 5.4+; Django: Performing actions after commit).',
  ),
  countdownBeyondVisibility: rule(
    'CEL013',
    'warning',
    'a countdown or eta longer than the Redis visibility timeout',
    'Redis hands an unacknowledged message to another worker once visibility_timeout (one hour by default) ' +
      'has passed, and a message waiting for its countdown or eta is unacknowledged: the task runs twice. ' +
      "Raise broker_transport_options['visibility_timeout'] above the longest delay (Celery: Redis, Caveats).",
  ),
  waitInRequest: rule(
    'CEL014',
    'error',
    'waiting for a task result in a request',
    'A view that waits for a task holds a web worker for as long as the queue and the task take, and times ' +
      'out under load; return at once (a task id, 202 Accepted) and let the client poll or be notified.',
  ),
  lateAcks: rule(
    'CEL015',
    'note',
    'acks_late without a word on idempotency or reject_on_worker_lost',
    'With acks_late a message is acknowledged after the task ran, so a worker that dies mid-task leaves it to ' +
      'run again: the task must be idempotent. A child process killed by the OS is still acknowledged unless ' +
      'reject_on_worker_lost=True (Celery: Tasks, acks_late; FAQ: Should I use retry or acks_late?).',
  ),
  partialCrontab: rule(
    'CEL016',
    'warning',
    'a crontab naming a larger unit without the smaller ones',
    'Every crontab field left out means "every": crontab(hour=3) runs every minute from 3:00 to 3:59, and ' +
      'crontab(day_of_week=1) every minute of Monday. Name every smaller unit (minute=0) or write "*" to ' +
      'mean every (Celery: Periodic Tasks, Crontab schedules; flake8-pie PIE784).',
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
