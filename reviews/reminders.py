"""Reminders about review visits and the action plan.

Each rule reads what falls due with a fixed number of queries and yields one
candidate per recipient. Windows (a visit in the next 14 days, an action due
in the next 7) rather than exact days, so a missed day is caught up; the
reminder's key keeps each to one send. Content is factual: the visit's title,
council and dates, the recommendation's number, the action's owner and due date.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse

from notifications.rules import ReminderCandidate, ReminderKind, for_each
from reviews.models import Action, PeerTeamMember, ReviewVisit, VisitStatus

VISIT_EARLY_DAYS = 14
VISIT_LATE_DAYS = 2
ACTION_DUE_DAYS = 7

VISIT = ReviewVisit._meta.label_lower
ACTION = Action._meta.label_lower


def _d(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def visits_soon(*, today: datetime.date, manager_ids: list[int]) -> Iterator[ReminderCandidate]:
    """A planned visit whose first day on site is in 14 days, and again in 2 days: the
    peer team members with accounts and the programme managers."""
    soon = ReviewVisit.objects.filter(
        status=VisitStatus.PLANNED,
        first_day__gte=today,
        first_day__lte=today + datetime.timedelta(days=VISIT_EARLY_DAYS),
    )
    visits = list(soon.select_related("council"))
    team = defaultdict(list)
    # A subquery, so the same two queries run whether or not a visit is due.
    for visit_id, user_id in PeerTeamMember.objects.filter(
        visit__in=soon.values("pk"), user__isnull=False, user__is_active=True
    ).values_list("visit_id", "user_id"):
        team[visit_id].append(user_id)
    for visit in visits:
        days = (visit.first_day - today).days
        late = days <= VISIT_LATE_DAYS
        when = "in two days" if late else "in two weeks"
        yield from for_each(
            team[visit.pk] + manager_ids,
            kind=ReminderKind.VISIT_IN_2_DAYS if late else ReminderKind.VISIT_IN_14_DAYS,
            object_type=VISIT,
            object_id=visit.pk,
            due_on=visit.first_day,
            title=f"{visit.title} starts {when}",
            body=f'The {visit.get_kind_display().lower()} "{visit.title}" of '
            f"{visit.council.name} is on site from {_d(visit.first_day)} to "
            f"{_d(visit.last_day)}.",
            link=reverse("visit_detail", kwargs={"pk": visit.pk}),
        )


def _action_reminders(actions, *, kind, manager_ids, title, body) -> Iterator[ReminderCandidate]:
    for action in actions:
        visit = action.recommendation.visit
        yield from for_each(
            [action.owner_user_id, *manager_ids],
            kind=kind,
            object_type=ACTION,
            object_id=action.pk,
            due_on=action.due_on,
            title=title(action, visit),
            body=body(action, visit),
            link=reverse("action_plan", kwargs={"pk": visit.pk}),
        )


def actions_due(*, today: datetime.date, manager_ids: list[int]) -> Iterator[ReminderCandidate]:
    """An open action due in the next 7 days: its owner (where they have an account)
    and the programme managers."""
    actions = Action.objects.filter(
        completed_on__isnull=True,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=ACTION_DUE_DAYS),
    ).select_related("recommendation__visit__council")
    yield from _action_reminders(
        actions,
        kind=ReminderKind.ACTION_DUE,
        manager_ids=manager_ids,
        title=lambda a, v: f"Action due on {a.due_on:%d/%m/%Y}: {v.council.name}",
        body=lambda a, v: (
            f"An action for recommendation {a.recommendation.number} of "
            f'"{v.title}" ({v.council.name}), owned by {a.owner}, is due on {_d(a.due_on)}. '
            "Add a progress update to the action plan."
        ),
    )


def actions_overdue(*, today: datetime.date, manager_ids: list[int]) -> Iterator[ReminderCandidate]:
    """An action past its due date and not done: its owner and the programme managers, once."""
    actions = Action.objects.overdue(today).select_related("recommendation__visit__council")
    yield from _action_reminders(
        actions,
        kind=ReminderKind.ACTION_OVERDUE,
        manager_ids=manager_ids,
        title=lambda a, v: f"Action overdue since {a.due_on:%d/%m/%Y}: {v.council.name}",
        body=lambda a, v: (
            f"An action for recommendation {a.recommendation.number} of "
            f'"{v.title}" ({v.council.name}), owned by {a.owner}, was due on {_d(a.due_on)} '
            "and is not done yet."
        ),
    )


def reminder_candidates(
    *, today: datetime.date, manager_ids: list[int]
) -> Iterator[ReminderCandidate]:
    """Every review and action plan reminder due today."""
    yield from visits_soon(today=today, manager_ids=manager_ids)
    yield from actions_due(today=today, manager_ids=manager_ids)
    yield from actions_overdue(today=today, manager_ids=manager_ids)
