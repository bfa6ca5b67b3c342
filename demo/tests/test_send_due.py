import io

import pytest
from celery import current_app
from django.core.management import call_command


# Committed as `make run` commits, so the render tasks the reports' catch-up queues after
# each commit run inside the command.
@pytest.mark.django_db(transaction=True)
def test_it_sends_the_reminders_and_reports_due_once(settings, mailoutbox):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())

    call_command("send_due")
    subjects = [message.subject for message in mailoutbox]
    assert any(s.startswith("Councillor mentoring: Action overdue since") for s in subjects)
    assert any(s.startswith("Councillor mentoring: Monthly progress report for") for s in subjects)

    call_command("send_due")
    assert len(mailoutbox) == len(subjects)  # nothing twice
    assert not current_app.conf.task_always_eager  # the worker's tasks are queued again
