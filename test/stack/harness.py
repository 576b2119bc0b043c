"""Prove that the Celery code written into a Django project runs on a real stack.

Loads the project (Django settings, its own Celery app), migrates its SQLite database, starts a
real Celery worker in this process against a real Redis, and checks what the recorded answers in
test/stack/answers promise: the settings, a task called with .delay(), the order pipeline chain
(and its error callback), and the beat schedule.

Usage:
    python harness.py PROJECT_DIR [REDIS_URL] [--timeout SECONDS]

PROJECT_DIR holds manage.py; REDIS_URL (e.g. redis://127.0.0.1:6399/0) defaults to $REDIS_URL.
Prints one JSON line on stdout: {"ok": true, "checks": [...]} and exits 0, or
{"ok": false, "failed": <check>, "error": <what happened>, "checks": [...]} and exits 1.
Bad usage exits 2. Logs (Django, the worker) go to stderr.
"""

import argparse
import contextlib
import importlib
import json
import os
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

# What the recorded answers define (test/stack/answers/*.json).
CONFIRMATION_TASK = "orders.send_order_confirmation"
PIPELINE_TASKS = ("orders.validate_order", "orders.charge_order", "orders.notify_customer")
# Beat entry -> the kind of schedule the answer asked for.
BEAT_ENTRIES = {
    "cancel-stale-orders": "interval",
    "daily-sales-report": "daily",
    "weekly-sales-summary": "monday",
}


class CheckFailed(Exception):
    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check


def expect(condition: object, check: str, message: str) -> None:
    if not condition:
        raise CheckFailed(check, message)


def settings_module_of(project: Path) -> str:
    """DJANGO_SETTINGS_MODULE as the project's manage.py sets it."""
    manage = (project / "manage.py").read_text(encoding="utf-8")
    found = re.search(r"DJANGO_SETTINGS_MODULE['\"]\s*,\s*['\"]([\w.]+)['\"]", manage)
    if not found:
        msg = f"{project / 'manage.py'} does not set DJANGO_SETTINGS_MODULE"
        raise CheckFailed("project", msg)
    return found.group(1)


def load_project(project: Path, redis_url: str):
    """Set up Django for the project and return its Celery app."""
    settings_module = settings_module_of(project)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    # Every name the generated settings may read the broker from points at the test's Redis.
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL"):
        os.environ[name] = redis_url
    sys.path.insert(0, str(project))

    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    # Outgoing email goes to django.core.mail.outbox instead of an SMTP server.
    setup_test_environment()
    call_command("check", fail_level="ERROR")
    call_command("migrate", interactive=False, verbosity=0)

    package = settings_module.split(".")[0]
    app = getattr(importlib.import_module(package), "celery_app", None)
    expect(app is not None, "settings", f"{package}/__init__.py does not expose `celery_app`")
    return app


def check_settings(app, redis_url: str) -> dict:
    conf = app.conf
    for name in ("broker_url", "result_backend"):
        expect(
            conf[name] == redis_url,
            "settings",
            f"{name} is {conf[name]!r}, not the REDIS_URL/CELERY_BROKER_URL given in the environment",
        )
    expect(
        conf.accept_content == ["json"], "settings", f"accept_content is {conf.accept_content!r}"
    )
    expect(
        conf.task_serializer == "json", "settings", f"task_serializer is {conf.task_serializer!r}"
    )
    for flag in ("task_acks_late", "task_reject_on_worker_lost", "task_track_started"):
        expect(conf[flag] is True, "settings", f"{flag} is {conf[flag]!r}, not True")
    expect(conf.task_time_limit, "settings", "task_time_limit is not set")
    expect(conf.timezone == "UTC", "settings", f"timezone is {conf.timezone!r}")
    return {"timeLimit": conf.task_time_limit, "softTimeLimit": conf.task_soft_time_limit}


def check_registered(app) -> dict:
    """The tasks a separate worker process would find: autodiscovery only, nothing imported by us."""
    app.loader.import_default_modules()
    beat_tasks = [entry["task"] for entry in (app.conf.beat_schedule or {}).values()]
    wanted = [CONFIRMATION_TASK, *PIPELINE_TASKS, *beat_tasks]
    missing = [name for name in wanted if name not in app.tasks]
    expect(
        not missing, "registered", f"the worker would not know these tasks: {', '.join(missing)}"
    )
    return {"tasks": sorted(wanted)}


def check_task(timeout: float) -> dict:
    from django.core import mail
    from orders.models import Order
    from orders.tasks import send_order_confirmation

    order = Order.objects.create(email="buyer@example.com", total=Decimal("42.50"))
    sent_before = len(mail.outbox)
    result = send_order_confirmation.delay(order.pk).get(timeout=timeout)
    expect(isinstance(result, dict), "task", f"the task returned {result!r}, not a dict")
    expect(result.get("status") == "sent", "task", f"the task returned {result!r}")
    expect(result.get("order_id") == order.pk, "task", f"the task returned {result!r}")
    recipients = [to for message in mail.outbox[sent_before:] for to in message.to]
    expect(recipients == [order.email], "task", f"the confirmation went to {recipients!r}")
    return {"result": result}


def chain_results(last) -> list:
    """The chain's results, first step first (a chain's AsyncResult is its last step's)."""
    results = []
    while last is not None:
        results.insert(0, last)
        last = last.parent
    return results


def check_chain(timeout: float) -> dict:
    from orders.models import Order
    from orders.workflows import start_order_pipeline

    order = Order.objects.create(email="chain@example.com", total=Decimal("19.99"))
    final = start_order_pipeline(order.pk)
    result = final.get(timeout=timeout)
    steps = chain_results(final)
    states = [step.state for step in steps]
    expect(len(steps) == len(PIPELINE_TASKS), "chain", f"the chain has {len(steps)} steps")
    expect(states == ["SUCCESS"] * len(steps), "chain", f"the steps ended {states}")
    expect(result.get("status") == "confirmed", "chain", f"the chain returned {result!r}")
    order.refresh_from_db()
    expect(order.status == "confirmed", "chain", f"the order's status is {order.status!r}")
    expect(order.paid_at is not None, "chain", "the order has no paid_at after the charge step")
    return {"result": result, "states": states}


def check_chain_failure(timeout: float) -> dict:
    """An order with nothing to charge fails in step 1; the link_error callback marks it failed."""
    from orders.models import Order
    from orders.workflows import start_order_pipeline

    order = Order.objects.create(email="empty@example.com", total=Decimal("0.00"))
    first = chain_results(start_order_pipeline(order.pk))[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        order.refresh_from_db()
        if order.status == "failed" and first.state == "FAILURE":
            return {"firstStep": first.state, "orderStatus": order.status}
        time.sleep(0.1)
    msg = f"after {timeout:g}s the first step is {first.state} and the order is {order.status!r}"
    raise CheckFailed("chainFailure", f"{msg}: expected FAILURE and 'failed' (link_error callback)")


def schedule_kind(schedule) -> str:
    from celery.schedules import crontab
    from celery.schedules import schedule as interval

    if isinstance(schedule, crontab):
        every_day = schedule.day_of_week == set(range(7))
        at_one_time = len(schedule.hour) == 1 and len(schedule.minute) == 1
        if at_one_time and every_day:
            return "daily"
        if at_one_time and schedule.day_of_week == {1}:
            return "monday"
        return f"crontab {schedule}"
    if isinstance(schedule, interval):
        return "interval"
    return type(schedule).__name__


def check_beat(app, timeout: float) -> dict:
    """Load the schedule the way celery beat does, then run each entry's task once."""
    from celery.beat import Scheduler

    scheduler = Scheduler(app, lazy=True)
    scheduler.merge_inplace(app.conf.beat_schedule or {})
    kinds = {name: schedule_kind(entry.schedule) for name, entry in scheduler.schedule.items()}
    expect(kinds == BEAT_ENTRIES, "beat", f"the schedule holds {kinds}, expected {BEAT_ENTRIES}")
    runs = {}
    for name, entry in scheduler.schedule.items():
        result = app.send_task(entry.task, entry.args, entry.kwargs, **entry.options)
        runs[name] = result.get(timeout=timeout)
    return {"entries": kinds, "runs": runs}


class Progress:
    """The checks passed so far, and the one running (named in the report if it crashes)."""

    def __init__(self) -> None:
        self.passed: list = []
        self.current = "project"

    def run(self, name: str, check, *args) -> None:
        self.current = name
        self.passed.append({"name": name, **check(*args)})


def run_checks(project: Path, redis_url: str, timeout: float, progress: Progress) -> None:
    from celery.contrib.testing.worker import start_worker

    app = load_project(project, redis_url)
    progress.run("settings", check_settings, app, redis_url)
    progress.run("registered", check_registered, app)
    progress.current = "worker"
    with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=timeout):
        progress.run("task", check_task, timeout)
        progress.run("chain", check_chain, timeout)
        progress.run("chainFailure", check_chain_failure, timeout)
        progress.run("beat", check_beat, app, timeout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="folder holding manage.py")
    parser.add_argument("redis_url", nargs="?", default=os.environ.get("REDIS_URL"))
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for each result"
    )
    args = parser.parse_args()
    if not args.redis_url:
        parser.error("give a Redis URL as the second argument or in $REDIS_URL")
    project = args.project.resolve()
    if not (project / "manage.py").is_file():
        parser.error(f"{project} holds no manage.py")

    progress = Progress()
    outcome: dict = {"ok": True, "checks": progress.passed}
    # Only the JSON line goes to stdout: anything the project or Celery prints goes to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        try:
            run_checks(project, args.redis_url, args.timeout, progress)
        except CheckFailed as failure:
            outcome = {"ok": False, "failed": failure.check, "error": str(failure)}
        except Exception as error:  # noqa: BLE001 - any crash of the project's code is a finding
            outcome = {
                "ok": False,
                "failed": progress.current,
                "error": f"{type(error).__name__}: {error}",
            }
        outcome["checks"] = progress.passed
    print(json.dumps(outcome, default=str))
    if not outcome["ok"]:
        print(f"stack check failed ({outcome['failed']}): {outcome['error']}", file=sys.stderr)
    return 0 if outcome["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
