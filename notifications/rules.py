"""What a reminder rule gives back: the kinds of reminder and a candidate.

Rules live beside their data (``mentoring/reminders.py``, ``reviews/reminders.py``)
and import only this module, so the apps they read do not depend on the
notification tables. Content is factual (dates, council, placement type, visit
title): never what was said in a session, the actions agreed or a reflection.
"""

import datetime
from dataclasses import dataclass

from django.db import models


class ReminderKind(models.TextChoices):
    AGREEMENT_REVIEW = "agreement-review", "Learning agreement review in 7 days"
    PLACEMENT_QUIET = "placement-quiet", "No session in six weeks"
    PLACEMENT_ENDING = "placement-ending", "Placement ending in 30 days"
    FOLLOW_UP_ENDING = "follow-up-ending", "Follow-up ending in 30 days"
    ACCREDITATION_ENDING = "accreditation-ending", "Accreditation ending in 60 days"
    VISIT_IN_14_DAYS = "visit-14-days", "Review visit in 14 days"
    VISIT_IN_2_DAYS = "visit-2-days", "Review visit in 2 days"
    ACTION_DUE = "action-due", "Action due in 7 days"
    ACTION_OVERDUE = "action-overdue", "Action overdue"


MONTHLY_REPORT = "monthly-report"
PAIR_ACCESS = "pair-access"
CLAIM_SENT = "claim-sent"
SUPPORTED_ROLE_ENDED = "supported-role-ended"

# What lands in someone's notifications: each kind of reminder, and a report ready.
NOTIFICATION_KINDS = [
    *ReminderKind.choices,
    (MONTHLY_REPORT, "Monthly progress report ready"),
    (PAIR_ACCESS, "An account joined a mentoring placement"),
    (CLAIM_SENT, "Day claims sent for approval"),
    (SUPPORTED_ROLE_ENDED, "The role a placement supports ended"),
]


@dataclass(frozen=True)
class ReminderCandidate:
    """One reminder a rule found due today, for one recipient.

    ``(kind, object_type, object_id, recipient_id, due_on)`` is its key: the
    database keeps one row per key, so it is sent once whoever finds it again.
    """

    kind: str
    object_type: str  # the model's label, e.g. "mentoring.agreementreview"
    object_id: int
    recipient_id: int
    due_on: datetime.date
    title: str
    body: str
    link: str = ""  # a path on this site, e.g. /placements/3/

    @property
    def key(self) -> tuple:
        return (self.kind, self.object_type, self.object_id, self.recipient_id, self.due_on)


def for_each(recipient_ids, **fields) -> list[ReminderCandidate]:
    """The same reminder for each recipient (each once)."""
    return [
        ReminderCandidate(recipient_id=recipient_id, **fields)
        for recipient_id in dict.fromkeys(r for r in recipient_ids if r)
    ]
