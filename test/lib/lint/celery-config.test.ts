// The project's Celery configuration as the rules see it: every place a global setting can come from, and
// "could not tell" when it cannot be read.
import { describe, expect, it } from 'vitest';
import { lintCelery } from '../../../src/lib/lint/celery/lint-celery.js';
import { celeryFindings, py, tempProject } from './temp-project.js';

const TASKS = py(`
  from celery import shared_task


  @shared_task
  def sync_inventory(sku):
      return sku
`);

const MANAGE_PY = py(`
  import os

  os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
`);

async function cel003(files: Record<string, string>): Promise<string[]> {
  return celeryFindings({ 'manage.py': MANAGE_PY, 'inventory/tasks.py': TASKS, ...files }, 'CEL003');
}

describe('a global time limit, wherever it is set', () => {
  it.each([
    [
      'an env reader with a default',
      { 'shop/settings.py': 'CELERY_TASK_TIME_LIMIT = env.int("LIMIT", default=300)\n' },
    ],
    [
      'os.environ with a default',
      { 'shop/settings.py': 'CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("L", "60"))\n' },
    ],
    [
      'an augmented assignment',
      { 'shop/settings.py': 'CELERY_TASK_TIME_LIMIT = 60\nCELERY_TASK_TIME_LIMIT += 240\n' },
    ],
    ['the old CELERYD_ name', { 'shop/settings.py': 'CELERYD_TASK_TIME_LIMIT = 300\n' }],
    [
      'app.conf.update() in the Celery app',
      {
        'shop/celery.py':
          'from celery import Celery\n\napp = Celery("shop")\napp.conf.update(task_time_limit=300)\n',
      },
    ],
    [
      'an app.conf attribute',
      {
        'shop/celery.py':
          'from celery import Celery\n\napp = Celery("shop")\napp.conf.task_soft_time_limit = 60\n',
      },
    ],
    [
      'Celery() keywords',
      { 'shop/celery.py': 'from celery import Celery\n\napp = Celery("shop", task_time_limit=300)\n' },
    ],
    [
      'a module named by config_from_object',
      {
        'shop/worker.py':
          'from celery import Celery\n\napp = Celery("shop")\napp.config_from_object("shop.celeryconf")\n',
        'shop/celeryconf.py': 'task_time_limit = 300\n',
      },
    ],
    [
      "a settings name in config_from_object's own namespace",
      {
        'shop/settings.py': 'TASKS_TASK_TIME_LIMIT = 300\n',
        'shop/celery.py': py(`
          from celery import Celery

          app = Celery("shop")
          app.config_from_object("django.conf:settings", namespace="TASKS")
        `),
      },
    ],
    [
      'a sibling settings module (production.py)',
      {
        'manage.py': MANAGE_PY.replace('shop.settings', 'shop.settings.local'),
        'shop/settings/__init__.py': '',
        'shop/settings/base.py': 'DEBUG = False\n',
        'shop/settings/local.py': 'from .base import *\n',
        'shop/settings/production.py': 'from .base import *\nCELERY_TASK_TIME_LIMIT = 300\n',
      },
    ],
  ])('is seen in %s', async (_where, files) => {
    expect(await cel003(files)).toEqual([]);
  });

  it('is missing when set to None', async () => {
    expect(await cel003({ 'shop/settings.py': 'CELERY_TASK_TIME_LIMIT = None\n' })).toEqual([
      'inventory/tasks.py:4 CEL003',
    ]);
  });

  it('says the project sets none when the whole configuration was read', async () => {
    const root = tempProject({
      'manage.py': MANAGE_PY,
      'shop/settings.py': 'DEBUG = False\n',
      'inventory/tasks.py': TASKS,
    });
    const [finding] = (await lintCelery(['inventory/tasks.py'], root)).findings;
    expect(finding?.message).toBe(
      "task 'sync_inventory' has no soft_time_limit or time_limit, and the project sets no global limit (CELERY_TASK_TIME_LIMIT)",
    );
  });

  it.each([
    [
      'app.conf.update() given a variable',
      {
        'shop/celery.py':
          'from celery import Celery\n\napp = Celery("shop")\napp.conf.update(CELERY_SETTINGS)\n',
      },
      'shop/celery.py:4 passes app.conf.update() settings that cannot be read',
    ],
    [
      'config_from_envvar()',
      {
        'shop/celery.py':
          'from celery import Celery\n\napp = Celery("shop")\napp.config_from_envvar("CELERY_CONFIG")\n',
      },
      'shop/celery.py:4 loads settings from a module named by an environment variable',
    ],
    [
      'settings made with globals()',
      { 'shop/settings.py': 'globals().update(load_settings())\n' },
      'shop/settings.py:1 sets settings dynamically (globals().update), which cannot be read',
    ],
  ])('says it could not tell when the configuration has %s', async (_what, files, reason) => {
    const root = tempProject({
      'manage.py': MANAGE_PY,
      'shop/settings.py': 'DEBUG = False\n',
      'inventory/tasks.py': TASKS,
      ...files,
    });
    const [finding] = (await lintCelery(['inventory/tasks.py'], root)).findings;
    expect(finding?.message).toBe(
      `task 'sync_inventory' has no soft_time_limit or time_limit, and could not tell whether the project sets a global limit (CELERY_TASK_TIME_LIMIT): ${reason}`,
    );
  });
});

describe("a project's own task decorators and Task base classes", () => {
  it('knows tasks made by a wrapper of shared_task, with the options it fixes', async () => {
    const files = {
      'manage.py': MANAGE_PY,
      'shop/settings.py': 'DEBUG = False\n',
      'core/celery_utils.py': py(`
        from celery import shared_task


        def limited_task(*args, **kwargs):
            kwargs.setdefault("soft_time_limit", 120)
            return shared_task(*args, **kwargs)


        def tenant_task(**kwargs):
            return shared_task(bind=True, **kwargs)
      `),
      'billing/tasks.py': py(`
        from core.celery_utils import limited_task, tenant_task


        @limited_task
        def close_invoices():
            pass


        @tenant_task()
        def charge(invoice_id):
            pass
      `),
    };
    expect(await celeryFindings(files, 'CEL003')).toEqual(['billing/tasks.py:9 CEL003']);
    expect(await celeryFindings(files, 'CEL006')).toEqual(['billing/tasks.py:10 CEL006']);
  });

  it('reads limits and retry delays from a base= class and its parents', async () => {
    const files = {
      'manage.py': MANAGE_PY,
      'shop/settings.py': 'DEBUG = False\n',
      'core/tasks.py': py(`
        from celery import Task


        class LimitedTask(Task):
            time_limit = 300
            default_retry_delay = 30


        class ReportingTask(LimitedTask):
            acks_late = False
      `),
      'reports/tasks.py': py(`
        @shared_task(bind=True, base=ReportingTask)
        def build(self, report_id):
            raise self.retry()


        @shared_task(bind=True)
        def mail(self, report_id):
            raise self.retry()
      `),
    };
    expect(await celeryFindings(files, 'CEL003')).toEqual(['reports/tasks.py:6 CEL003']);
    expect(await celeryFindings(files, 'CEL005')).toEqual(['reports/tasks.py:8 CEL005']);
  });
});
