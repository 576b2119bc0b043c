// The four false alarms `lint` raised on real production projects, each kept from coming back.
import { describe, expect, it } from 'vitest';
import { lintCelery } from '../../../src/lib/lint/celery/lint-celery.js';
import { formatReport } from '../../../src/lib/lint/report.js';
import { celeryFindings, py, tempProject } from './temp-project.js';

const MANAGE_PY = py(`
  import os
  import sys

  if __name__ == "__main__":
      os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
      from django.core.management import execute_from_command_line

      execute_from_command_line(sys.argv)
`);

/** n tasks without a limit of their own, in the style of one module of a large project. */
function manyTasks(count: number): string {
  const tasks = Array.from(
    { length: count },
    (_, i) => `@shared_task\ndef refresh_feed_${i}(feed_id):\n    return feed_id\n`,
  );
  return `from celery import shared_task\n\n\n${tasks.join('\n\n')}`;
}

describe('false alarms seen on production code', () => {
  it('CEL003 sees CELERY_TASK_TIME_LIMIT written as an annotated assignment read from the environment', async () => {
    const files = {
      'manage.py': MANAGE_PY,
      'config/settings/base.py': py(`
        from typing import Final

        from .env import get_int_from_env

        CELERY_BROKER_URL = "redis://redis:6379/0"
        CELERY_TASK_TIME_LIMIT: Final[int] = get_int_from_env("CELERY_TASK_TIME_LIMIT", 600)
      `),
      'config/settings/production.py': 'from .base import *  # noqa: F403\n',
      'config/settings/env.py': 'def get_int_from_env(name, default):\n    return default\n',
      'feeds/tasks.py': manyTasks(16),
    };
    expect(await celeryFindings(files, 'CEL003')).toEqual([]);
  });

  it('CEL006 accepts a bound task whose parameters are *args, **kwargs (self lands in args)', async () => {
    const files = {
      'config/settings.py': 'CELERY_TASK_TIME_LIMIT = 300\n',
      'search/tasks.py': py(`
        @app.task(bind=True)
        def reindex(*args, **kwargs):
            task = args[0]
            return task.request.id
      `),
    };
    expect(await celeryFindings(files, 'CEL006')).toEqual([]);
  });

  it('CEL002 leaves alone a parameter annotated with a generic that merely names the model', async () => {
    const files = {
      'config/settings.py': 'CELERY_TASK_TIME_LIMIT = 300\n',
      'documents/models.py': 'from django.db import models\n\n\nclass Document(models.Model):\n    pass\n',
      'documents/tasks.py': py(`
        from .models import Document


        @shared_task
        def export_documents(batch_id, *, documents: IterWrapper[Document] = None):
            return batch_id
      `),
    };
    expect(await celeryFindings(files, 'CEL002')).toEqual([]);
  });

  it('prints one line, not 83, for 83 tasks without a time limit', async () => {
    const root = tempProject({ 'feeds/tasks.py': manyTasks(83) });
    const report = await lintCelery(['feeds/tasks.py'], root);
    expect(report.findings.filter((finding) => finding.code === 'CEL003')).toHaveLength(83);
    const text = formatReport(report);
    expect(text.split('\n').filter((line) => line.includes('CEL003'))).toEqual([
      'CEL003 83 times: a task without a time limit',
    ]);
    expect(text).toContain('  at feeds/tasks.py:4:1, feeds/tasks.py:9:1, feeds/tasks.py:14:1 and 80 more');
  });
});
