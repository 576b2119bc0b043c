// Celery rules about configuration (eager mode, pickle, app bootstrap order) and noqa: each with a file
// that triggers it and a near miss that must not.
import { describe, expect, it } from 'vitest';
import { lintCelery } from '../../../src/lib/lint/celery/lint-celery.js';
import { celeryFindings, located, py, tempProject } from './temp-project.js';

describe('CEL001 eager mode', () => {
  it('flags eager mode in base settings and in the app config', async () => {
    const found = await celeryFindings(
      {
        'config/settings/base.py': 'DEBUG = False\nCELERY_TASK_ALWAYS_EAGER = True\n',
        'config/celery.py': 'app.conf.update(task_always_eager=True)\n',
      },
      'CEL001',
    );
    expect(found).toEqual(['config/settings/base.py:2 CEL001', 'config/celery.py:1 CEL001']);
  });

  it('allows it in test and local settings, in tests, under `if DEBUG`, and when False', async () => {
    const found = await celeryFindings(
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

describe('CEL009 pickle', () => {
  it('flags pickle in serializer and accept-content settings', async () => {
    const root = {
      'config/settings.py': 'CELERY_TASK_SERIALIZER = "pickle"\nCELERY_ACCEPT_CONTENT = ["json", "pickle"]\n',
      'config/celery.py': 'app.conf.update(result_serializer="pickle")\n',
    };
    expect(await celeryFindings(root, 'CEL009')).toEqual([
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
    expect(await celeryFindings(root, 'CEL009')).toEqual([]);
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
    expect(await celeryFindings(root, 'CEL010')).toEqual([
      'config/celery.py:4 CEL010',
      'other/celery.py:3 CEL010',
    ]);
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
    expect(await celeryFindings(root, 'CEL010')).toEqual([]);
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
      expect.stringMatching(/^celery rules CEL001-CEL016 \(tree-sitter-python 0\.25\.\d+\)$/),
    ]);
  });
});
