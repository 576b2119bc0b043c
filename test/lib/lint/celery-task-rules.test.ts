// Celery rules about task definitions and bodies: each with a file that triggers it and a near miss.
import { describe, expect, it } from 'vitest';
import { celeryFindings, GLOBAL_TIME_LIMIT, py } from './temp-project.js';

describe('CEL003 task without a time limit', () => {
  const tasks = py(`
    @shared_task
    def a():
        pass


    @app.task(bind=True, soft_time_limit=30)
    def b(self):
        pass


    @celery_app.task()
    def c():
        pass
  `);

  it('flags tasks without soft_time_limit/time_limit when the project sets no global limit', async () => {
    expect(await celeryFindings({ 'orders/tasks.py': tasks }, 'CEL003')).toEqual([
      'orders/tasks.py:1 CEL003',
      'orders/tasks.py:11 CEL003',
    ]);
  });

  it('does not flag them when settings set CELERY_TASK_TIME_LIMIT', async () => {
    const files = { 'orders/tasks.py': tasks, 'config/settings/base.py': GLOBAL_TIME_LIMIT };
    expect(await celeryFindings(files, 'CEL003')).toEqual([]);
  });
});

describe('CEL004/CEL005 self.retry', () => {
  it('flags a retry that is not raised, and one without countdown', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(self):
            try:
                work()
            except IOError as exc:
                self.retry(exc=exc, countdown=5)


        @shared_task(bind=True)
        def b(self):
            try:
                work()
            except IOError as exc:
                raise self.retry(exc=exc)
      `),
    };
    expect(await celeryFindings(root, 'CEL004')).toEqual(['orders/tasks.py:6 CEL004']);
    expect(await celeryFindings(root, 'CEL005')).toEqual(['orders/tasks.py:14 CEL005']);
  });

  it('accepts a raised retry with countdown, or with default_retry_delay on the task', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(self):
            raise self.retry(exc=exc, countdown=2 ** self.request.retries)


        @shared_task(bind=True, default_retry_delay=30)
        def b(self):
            raise self.retry(exc=exc)
      `),
    };
    expect([...(await celeryFindings(root, 'CEL004')), ...(await celeryFindings(root, 'CEL005'))]).toEqual(
      [],
    );
  });
});

describe('CEL006/CEL007 binding', () => {
  it('flags bind=True without self, and self.request without bind=True', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(order_id):
            pass


        @shared_task
        def b(order_id):
            return self.request.id
      `),
    };
    expect(await celeryFindings(root, 'CEL006')).toEqual(['orders/tasks.py:2 CEL006']);
    expect(await celeryFindings(root, 'CEL007')).toEqual(['orders/tasks.py:8 CEL007']);
  });

  it('flags a bound task that takes only keyword arguments: the task instance comes positionally', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(**kwargs):
            pass


        @shared_task(bind=True)
        def b(*, order_id):
            pass
      `),
    };
    expect(await celeryFindings(root, 'CEL006')).toEqual([
      'orders/tasks.py:2 CEL006',
      'orders/tasks.py:7 CEL006',
    ]);
  });

  it('accepts a bound task with self, and an unbound task that does not use self', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(self, order_id):
            return self.request.id


        @shared_task
        def b(order_id):
            return order_id
      `),
    };
    expect([...(await celeryFindings(root, 'CEL006')), ...(await celeryFindings(root, 'CEL007'))]).toEqual(
      [],
    );
  });
});

describe('CEL008 waiting for a result inside a task', () => {
  it('flags .get() on delay/apply_async/AsyncResult results inside tasks', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task
        def a(order_id):
            result = charge.delay(order_id)
            return result.get(timeout=10)


        @shared_task
        def b(order_id):
            return charge.apply_async((order_id,)).get()


        @shared_task
        def c(task_id):
            return AsyncResult(task_id).get()
      `),
    };
    expect(await celeryFindings(root, 'CEL008')).toEqual([
      'orders/tasks.py:4 CEL008',
      'orders/tasks.py:9 CEL008',
      'orders/tasks.py:14 CEL008',
    ]);
  });

  it('does not flag dict.get in a task, nor result.get outside tasks', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task
        def a(payload):
            return payload.get("id"), os.environ.get("X")


        def view(request):
            return charge.delay(1).get()
      `),
    };
    expect(await celeryFindings(root, 'CEL008')).toEqual([]);
  });
});

describe('CEL011 requests without timeout in a task', () => {
  it('flags requests calls without timeout inside tasks', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task
        def a(url):
            requests.post(url, json={})
            return requests.get(url).json()
      `),
    };
    expect(await celeryFindings(root, 'CEL011')).toEqual([
      'orders/tasks.py:3 CEL011',
      'orders/tasks.py:4 CEL011',
    ]);
  });

  it('accepts a timeout, and calls outside tasks', async () => {
    const root = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'orders/tasks.py': py(`
        @shared_task
        def a(url):
            return requests.get(url, timeout=(5, 30))


        def view(url):
            return requests.get(url)
      `),
    };
    expect(await celeryFindings(root, 'CEL011')).toEqual([]);
  });
});
