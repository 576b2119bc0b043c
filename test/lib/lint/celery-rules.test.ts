// Each Celery rule: a file that triggers it and a near miss that must not.
import { describe, expect, it } from 'vitest';
import { lintCelery } from '../../../src/lib/lint/celery/lint-celery.js';
import { located, py, tempProject } from './temp-project.js';

/** Lints files of one project with the Celery rules; returns `file:line code` of the findings with that code. */
async function celery(files: Record<string, string>, code: string): Promise<string[]> {
  const root = tempProject(files);
  const report = await lintCelery(
    Object.keys(files).filter((file) => file.endsWith('.py')),
    root,
  );
  return located(report.findings.filter((finding) => finding.code === code));
}

const LIMITS = 'CELERY_TASK_TIME_LIMIT = 300\n';

describe('CEL001 eager mode', () => {
  it('flags eager mode in base settings and in the app config', async () => {
    const found = await celery(
      {
        'config/settings/base.py': 'DEBUG = False\nCELERY_TASK_ALWAYS_EAGER = True\n',
        'config/celery.py': 'app.conf.update(task_always_eager=True)\n',
      },
      'CEL001',
    );
    expect(found).toEqual(['config/settings/base.py:2 CEL001', 'config/celery.py:1 CEL001']);
  });

  it('allows it in test and local settings, in tests, under `if DEBUG`, and when False', async () => {
    const found = await celery(
      {
        'config/settings/test.py': 'CELERY_TASK_ALWAYS_EAGER = True\n',
        'config/settings/local.py': 'CELERY_TASK_ALWAYS_EAGER = True\n',
        'orders/tests/test_tasks.py': 'settings.CELERY_TASK_ALWAYS_EAGER = True\n',
        'config/settings/base.py':
          'if DEBUG:\n    CELERY_TASK_ALWAYS_EAGER = True\nCELERY_TASK_EAGER_PROPAGATES = True\n',
        'config/settings/production.py': 'CELERY_TASK_ALWAYS_EAGER = False\n',
      },
      'CEL001',
    );
    expect(found).toEqual([]);
  });
});

describe('CEL002 model instance passed to a task', () => {
  const models = 'from django.db import models\n\n\nclass Order(models.Model):\n    pass\n';

  it('flags an ORM object, request.user, a signal instance and a task taking an Order', async () => {
    const found = await celery(
      {
        'orders/models.py': models,
        'orders/views.py': py(`
          from .models import Order
          from .tasks import process_order


          def checkout(request, pk):
              order = Order.objects.select_related("customer").get(pk=pk)
              process_order.delay(order)
              process_order.apply_async(args=[order], countdown=5)
              send_receipt.delay(request.user)


          def on_save(sender, instance, **kwargs):
              process_order.delay(instance)
        `),
        'orders/tasks.py': py(`
          from celery import shared_task


          @shared_task(soft_time_limit=10)
          def process_order(order: Order):
              order.save()


          @shared_task(soft_time_limit=10)
          def archive(order):
              order.archived = True
        `),
      },
      'CEL002',
    );
    expect(found).toEqual([
      'orders/views.py:7 CEL002',
      'orders/views.py:8 CEL002',
      'orders/views.py:9 CEL002',
      'orders/views.py:13 CEL002',
      'orders/tasks.py:5 CEL002',
      'orders/tasks.py:10 CEL002',
    ]);
  });

  it('does not flag ids, pks, literals, unknown names, or id-typed task parameters', async () => {
    const found = await celery(
      {
        'orders/models.py': models,
        'orders/views.py': py(`
          from .models import Order


          def checkout(request, pk, payload):
              order = Order.objects.get(pk=pk)
              process_order.delay(order.pk)
              process_order.delay(order.id, order_id=order.id)
              process_order.apply_async(args=[pk, "x", 3])
              process_order.delay(payload)
              config = {"a": 1}
              notify.delay(config.get("a"))
        `),
        'orders/tasks.py': py(`
          @shared_task(soft_time_limit=10)
          def process_order(order_id: int):
              order = Order.objects.get(pk=order_id)
              order.save()


          @shared_task(soft_time_limit=10)
          def count(order):
              return order + 1
        `),
      },
      'CEL002',
    );
    expect(found).toEqual([]);
  });
});

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
    expect(await celery({ 'orders/tasks.py': tasks }, 'CEL003')).toEqual([
      'orders/tasks.py:1 CEL003',
      'orders/tasks.py:11 CEL003',
    ]);
  });

  it('does not flag them when settings set CELERY_TASK_TIME_LIMIT', async () => {
    const files = { 'orders/tasks.py': tasks, 'config/settings/base.py': LIMITS };
    expect(await celery(files, 'CEL003')).toEqual([]);
  });
});

describe('CEL004/CEL005 self.retry', () => {
  it('flags a retry that is not raised, and one without countdown', async () => {
    const root = {
      'config/settings.py': LIMITS,
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
    expect(await celery(root, 'CEL004')).toEqual(['orders/tasks.py:6 CEL004']);
    expect(await celery(root, 'CEL005')).toEqual(['orders/tasks.py:14 CEL005']);
  });

  it('accepts a raised retry with countdown, or with default_retry_delay on the task', async () => {
    const root = {
      'config/settings.py': LIMITS,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(self):
            raise self.retry(exc=exc, countdown=2 ** self.request.retries)


        @shared_task(bind=True, default_retry_delay=30)
        def b(self):
            raise self.retry(exc=exc)
      `),
    };
    expect([...(await celery(root, 'CEL004')), ...(await celery(root, 'CEL005'))]).toEqual([]);
  });
});

describe('CEL006/CEL007 binding', () => {
  it('flags bind=True without self, and self.request without bind=True', async () => {
    const root = {
      'config/settings.py': LIMITS,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(order_id):
            pass


        @shared_task
        def b(order_id):
            return self.request.id
      `),
    };
    expect(await celery(root, 'CEL006')).toEqual(['orders/tasks.py:2 CEL006']);
    expect(await celery(root, 'CEL007')).toEqual(['orders/tasks.py:8 CEL007']);
  });

  it('accepts a bound task with self, and an unbound task that does not use self', async () => {
    const root = {
      'config/settings.py': LIMITS,
      'orders/tasks.py': py(`
        @shared_task(bind=True)
        def a(self, order_id):
            return self.request.id


        @shared_task
        def b(order_id):
            return order_id
      `),
    };
    expect([...(await celery(root, 'CEL006')), ...(await celery(root, 'CEL007'))]).toEqual([]);
  });
});

describe('CEL008 waiting for a result inside a task', () => {
  it('flags .get() on delay/apply_async/AsyncResult results inside tasks', async () => {
    const root = {
      'config/settings.py': LIMITS,
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
    expect(await celery(root, 'CEL008')).toEqual([
      'orders/tasks.py:4 CEL008',
      'orders/tasks.py:9 CEL008',
      'orders/tasks.py:14 CEL008',
    ]);
  });

  it('does not flag dict.get in a task, nor result.get outside tasks', async () => {
    const root = {
      'config/settings.py': LIMITS,
      'orders/tasks.py': py(`
        @shared_task
        def a(payload):
            return payload.get("id"), os.environ.get("X")


        def view(request):
            return charge.delay(1).get()
      `),
    };
    expect(await celery(root, 'CEL008')).toEqual([]);
  });
});

describe('CEL009 pickle', () => {
  it('flags pickle in serializer and accept-content settings', async () => {
    const root = {
      'config/settings.py': 'CELERY_TASK_SERIALIZER = "pickle"\nCELERY_ACCEPT_CONTENT = ["json", "pickle"]\n',
      'config/celery.py': 'app.conf.update(result_serializer="pickle")\n',
    };
    expect(await celery(root, 'CEL009')).toEqual([
      'config/settings.py:1 CEL009',
      'config/settings.py:2 CEL009',
      'config/celery.py:1 CEL009',
    ]);
  });

  it('accepts json, and pickle used for something else', async () => {
    const root = {
      'config/settings.py':
        'CELERY_TASK_SERIALIZER = "json"\nCELERY_ACCEPT_CONTENT = ["json"]\nCACHE_FORMAT = "pickle"\n',
    };
    expect(await celery(root, 'CEL009')).toEqual([]);
  });
});

describe('CEL010 Celery() before DJANGO_SETTINGS_MODULE', () => {
  it('flags an app created before the settings module is set, or never set in a Django app', async () => {
    const root = {
      'config/celery.py': py(`
        import os
        from celery import Celery

        app = Celery("config")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
      `),
      'other/celery.py': py(`
        from celery import Celery

        app = Celery("other")
        app.config_from_object("django.conf:settings", namespace="CELERY")
      `),
    };
    expect(await celery(root, 'CEL010')).toEqual(['config/celery.py:4 CEL010', 'other/celery.py:3 CEL010']);
  });

  it('accepts the documented order', async () => {
    const root = {
      'config/celery.py': py(`
        import os
        from celery import Celery

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        app = Celery("config")
        app.config_from_object("django.conf:settings", namespace="CELERY")
      `),
    };
    expect(await celery(root, 'CEL010')).toEqual([]);
  });
});

describe('CEL011 requests without timeout in a task', () => {
  it('flags requests calls without timeout inside tasks', async () => {
    const root = {
      'config/settings.py': LIMITS,
      'orders/tasks.py': py(`
        @shared_task
        def a(url):
            requests.post(url, json={})
            return requests.get(url).json()
      `),
    };
    expect(await celery(root, 'CEL011')).toEqual(['orders/tasks.py:3 CEL011', 'orders/tasks.py:4 CEL011']);
  });

  it('accepts a timeout, and calls outside tasks', async () => {
    const root = {
      'config/settings.py': LIMITS,
      'orders/tasks.py': py(`
        @shared_task
        def a(url):
            return requests.get(url, timeout=(5, 30))


        def view(url):
            return requests.get(url)
      `),
    };
    expect(await celery(root, 'CEL011')).toEqual([]);
  });
});

describe('noqa', () => {
  it('honours `# noqa: CEL00x` and a bare `# noqa`, not other codes', async () => {
    const root = tempProject({
      'config/settings/base.py': py(`
        CELERY_TASK_ALWAYS_EAGER = True  # noqa: CEL001
        task_always_eager = True  # noqa
        CELERY_ALWAYS_EAGER = True  # noqa: F401
      `),
      'orders/tasks.py': py(`
        @shared_task
        def a():  # noqa: CEL003
            pass
      `),
    });
    const report = await lintCelery(['config/settings/base.py', 'orders/tasks.py'], root);
    expect(located(report.findings)).toEqual(['config/settings/base.py:3 CEL001']);
  });

  it('gives every finding a why and the rules version in the report', async () => {
    const root = tempProject({ 'config/settings/base.py': 'CELERY_TASK_ALWAYS_EAGER = True\n' });
    const report = await lintCelery(['config/settings/base.py'], root);
    expect(report.findings[0]?.why).toMatch(/Eager mode runs tasks inline/);
    expect(report.linters).toEqual([
      expect.stringMatching(/^celery rules CEL001-CEL011 \(tree-sitter-python 0\.25\.\d+\)$/),
    ]);
  });
});
