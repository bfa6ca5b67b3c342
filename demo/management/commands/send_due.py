import logging

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Send now, in this process, what the worker sends when beat starts: the reminders "
        "due today and last month's progress reports. `make run` runs it before it starts "
        "the worker, so the console lists these emails before the site's address. Safe to "
        "run again: each reminder and each report is sent once."
    )

    def handle(self, *args, **options):
        from notifications.tasks import send_reminders_task
        from reports.tasks import monthly_reports_catch_up_task

        # The reports' catch-up queues a task per report to render: eager, those run here
        # too, one after another, and a failure stops the command with its traceback.
        conf = send_reminders_task.app.conf
        eager = {"task_always_eager": True, "task_eager_propagates": True}
        before = {key: conf[key] for key in eager}
        # Each email has its line on the console (core/mail.py): not each task's result too.
        quiet = [logging.getLogger(name) for name in ("celery.app.trace", "notifications.tasks")]
        levels = [logger.level for logger in quiet]
        conf.update(eager)
        for logger in quiet:
            logger.setLevel(logging.WARNING)
        try:
            send_reminders_task.apply()
            monthly_reports_catch_up_task.apply()
        finally:  # as they were, for whatever else runs in this process (the tests)
            conf.update(before)
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)
