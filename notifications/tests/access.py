"""Who may open each notifications page: merged into the access matrix (accounts/tests).

Everyone signed in has their own list; marking read is POST only (405 on GET).
"""

from accounts.tests.personas import signed_in
from notifications.models import Notification
from notifications.rules import ReminderKind

EXPECTED = {
    "notification_list": (None, signed_in()),
    "notification_read": (lambda o: {"pk": o["notification_manager"].pk}, signed_in(405)),
    "notification_read_all": (None, signed_in(405)),
}

EXTRA: list = []


def objects(users) -> dict:
    notification = Notification.objects.create(
        recipient=users["manager"],
        kind=ReminderKind.VISIT_IN_14_DAYS,
        title="Review of mentoring support to Rotherham councillors starts in two weeks",
        body="The mentoring review of Rotherham Metropolitan Borough Council is on site soon.",
    )
    return {"notification_manager": notification}
