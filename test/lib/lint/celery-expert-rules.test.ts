// CEL012-CEL016, the rules the prompt library's anti-pattern table implies: each with code that triggers
// it, the message a user reads, and a near miss that must not.
import { describe, expect, it } from 'vitest';
import { lintCelery } from '../../../src/lib/lint/celery/lint-celery.js';
import { celeryFindings, GLOBAL_TIME_LIMIT, py, tempProject } from './temp-project.js';

async function messages(files: Record<string, string>, code: string): Promise<string[]> {
  const root = tempProject(files);
  const report = await lintCelery(
    Object.keys(files).filter((file) => file.endsWith('.py')),
    root,
  );
  return report.findings.filter((finding) => finding.code === code).map((finding) => finding.message);
}

describe('CEL012 a task sent inside a transaction', () => {
  const views = py(`
    from django.db import transaction


    def checkout(request, cart_id):
        with transaction.atomic():
            order = Order.objects.create(cart_id=cart_id)
            send_receipt.delay(order.pk)
            transaction.on_commit(lambda: ship.delay(order.pk))
        notify.delay(order.pk)


    @transaction.atomic
    def refund(request, order_id):
        refund_payment.apply_async(args=[order_id])
  `);

  it('flags .delay()/.apply_async() in an atomic block or function, not in on_commit or after the block', async () => {
    expect(
      await celeryFindings({ 'config/settings.py': GLOBAL_TIME_LIMIT, 'shop/views.py': views }, 'CEL012'),
    ).toEqual(['shop/views.py:7 CEL012', 'shop/views.py:14 CEL012']);
  });

  it('suggests delay_on_commit when the project runs Celery 5.4 or later', async () => {
    const files = {
      'manage.py': '',
      'requirements.txt': 'Django==5.2\ncelery==5.5.3\n',
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'shop/views.py': views,
    };
    expect((await messages(files, 'CEL012'))[0]).toBe(
      'send_receipt.delay() runs inside transaction.atomic() (line 5), so the worker may start before the commit: use send_receipt.delay_on_commit(...) or transaction.on_commit(lambda: ...)',
    );
  });

  it('flags a send after a write in a view only when ATOMIC_REQUESTS wraps views in a transaction', async () => {
    const view = py(`
      def publish(request, pk):
          post = get_object_or_404(Post, pk=pk)
          post.save()
          index_post.delay(post.pk)
    `);
    const settings = (atomic: string) =>
      `${GLOBAL_TIME_LIMIT}DATABASES = {"default": {"ENGINE": "x", "ATOMIC_REQUESTS": ${atomic}}}\n`;
    expect(
      await celeryFindings({ 'config/settings.py': settings('True'), 'blog/views.py': view }, 'CEL012'),
    ).toEqual(['blog/views.py:4 CEL012']);
    expect(
      await celeryFindings({ 'config/settings.py': settings('False'), 'blog/views.py': view }, 'CEL012'),
    ).toEqual([]);
  });
});

describe('CEL013 a delay longer than the Redis visibility timeout', () => {
  const tasks = py(`
    @shared_task(bind=True, autoretry_for=(IOError,), retry_backoff=True, retry_backoff_max=4 * 3600)
    def sync(self, account_id):
        remind.apply_async((account_id,), countdown=60 * 60 * 24)
        remind.apply_async((account_id,), eta=timezone.now() + timedelta(minutes=30))
        raise self.retry(countdown=7200)
  `);

  it('flags countdown, eta and retry_backoff_max beyond one hour when the broker is Redis', async () => {
    const files = {
      'config/settings.py': `${GLOBAL_TIME_LIMIT}CELERY_BROKER_URL = "redis://redis:6379/0"\n`,
      'accounts/tasks.py': tasks,
    };
    expect(await messages(files, 'CEL013')).toEqual([
      'countdown=60 * 60 * 24 (24 h) is longer than the Redis visibility_timeout (1 h, the default): the message is delivered again and the task runs twice; raise visibility_timeout above it',
      'countdown=7200 (2 h) is longer than the Redis visibility_timeout (1 h, the default): the message is delivered again and the task runs twice; raise visibility_timeout above it',
      'retry_backoff_max=14400 (4 h) is longer than the Redis visibility_timeout (1 h, the default): the message is delivered again and the task runs twice; raise visibility_timeout above it',
    ]);
  });

  it('accepts them under a raised visibility_timeout, and on RabbitMQ', async () => {
    const raised = `${GLOBAL_TIME_LIMIT}CELERY_BROKER_URL = "redis://redis:6379/0"\nCELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60 * 48}\n`;
    const rabbit = `${GLOBAL_TIME_LIMIT}CELERY_BROKER_URL = "amqp://guest@rabbitmq//"\n`;
    expect(
      await celeryFindings({ 'config/settings.py': raised, 'accounts/tasks.py': tasks }, 'CEL013'),
    ).toEqual([]);
    expect(
      await celeryFindings({ 'config/settings.py': rabbit, 'accounts/tasks.py': tasks }, 'CEL013'),
    ).toEqual([]);
  });

  it('says it could not tell when the broker URL comes from the environment', async () => {
    const files = {
      'config/settings.py': `${GLOBAL_TIME_LIMIT}CELERY_BROKER_URL = env("CELERY_BROKER_URL")\n`,
      'accounts/tasks.py': 'remind.apply_async(countdown=7200)\n',
    };
    expect(await messages(files, 'CEL013')).toEqual([
      'could not tell whether the broker is Redis (the broker URL comes from the environment); if it is, countdown=7200 (2 h) is longer than the Redis visibility_timeout (1 h, the default): the message is delivered again and the task runs twice; raise visibility_timeout above it',
    ]);
  });
});

describe('CEL014 waiting for a result in a request', () => {
  it('flags .get()/.wait() in views and view methods, not after a ready() check nor in tasks', async () => {
    const files = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'reports/views.py': py(`
        def export(request):
            result = build_report.delay(request.GET["id"])
            return JsonResponse(result.get(timeout=30))


        class ExportView(APIView):
            def post(self, request):
                return Response(build_report.apply_async(args=[1]).wait())


        def status(request, task_id):
            result = AsyncResult(task_id)
            if result.ready():
                return JsonResponse({"data": result.get()})
            return JsonResponse({"state": result.state}, status=202)
      `),
    };
    expect(await celeryFindings(files, 'CEL014')).toEqual([
      'reports/views.py:3 CEL014',
      'reports/views.py:8 CEL014',
    ]);
  });

  it('leaves tests alone: pytest names a fixture request too', async () => {
    const files = {
      'config/settings.py': GLOBAL_TIME_LIMIT,
      'reports/tests/test_tasks.py':
        'def test_build(request):\n    assert build_report.delay(1).get() == 1\n',
    };
    expect(await celeryFindings(files, 'CEL014')).toEqual([]);
  });
});

describe('CEL015 late acks without a word on idempotency', () => {
  it('notes acks_late tasks without reject_on_worker_lost or an idempotency hint, and a global acks_late', async () => {
    const files = {
      'config/settings.py': `${GLOBAL_TIME_LIMIT}CELERY_TASK_ACKS_LATE = True\n`,
      'mail/tasks.py': py(`
        @shared_task(acks_late=True)
        def send_digest(user_id):
            pass


        @shared_task(acks_late=True)
        def charge_card(payment_id):
            """Idempotent: a payment already captured is skipped."""


        @shared_task(acks_late=True, reject_on_worker_lost=True)
        def rebuild(index_id):
            pass
      `),
    };
    const root = tempProject(files);
    const report = await lintCelery(['config/settings.py', 'mail/tasks.py'], root);
    const notes = report.findings.filter((finding) => finding.code === 'CEL015');
    expect(notes.map((finding) => `${finding.file}:${finding.line} ${finding.severity}`)).toEqual([
      'config/settings.py:2 note',
      'mail/tasks.py:1 note',
    ]);
  });

  it('says nothing once task_reject_on_worker_lost is set globally', async () => {
    const files = {
      'config/settings.py': `${GLOBAL_TIME_LIMIT}CELERY_TASK_ACKS_LATE = True\nCELERY_TASK_REJECT_ON_WORKER_LOST = True\n`,
      'mail/tasks.py': '@shared_task(acks_late=True)\ndef send_digest(user_id):\n    pass\n',
    };
    expect(await celeryFindings(files, 'CEL015')).toEqual([]);
  });
});

describe('CEL016 a crontab naming a larger unit without the smaller ones', () => {
  it('flags hour without minute, a weekday without hour and minute, a month without a day', async () => {
    const files = {
      'config/celery.py': py(`
        app.conf.beat_schedule = {
            "nightly": {"task": "a", "schedule": crontab(hour=3)},
            "weekly": {"task": "b", "schedule": crontab(day_of_week=1)},
            "yearly": {"task": "c", "schedule": crontab(0, 0, month_of_year=1)},
            "fine": {"task": "d", "schedule": crontab(minute=0, hour=3)},
            "monthly": {"task": "e", "schedule": crontab(0, 0, day_of_month="1")},
            "every": {"task": "f", "schedule": crontab(minute="*", hour="9-17")},
        }
      `),
    };
    expect(await messages(files, 'CEL016')).toEqual([
      'crontab(hour=3) leaves out minute, so it runs every minute while the named fields match: add minute=0 (or "*" if every minute is meant)',
      'crontab(day_of_week=1) leaves out minute, hour, so it runs every minute while the named fields match: add minute=0 (or "*" if every minute is meant)',
      'crontab(0, 0, month_of_year=1) leaves out day_of_month or day_of_week, so it runs every day while the named fields match: add day_of_month=1 (or "*" if every day is meant)',
    ]);
  });
});
