"""Reminders about placements, learning agreements and the mentor pool.

Each rule reads what falls due with a fixed number of queries, whatever the
programme's size, and yields one candidate per recipient. A rule looks over a
window (e.g. a review date in the next 7 days) rather than at one exact day, so
a day the worker was down is caught up the next day; the reminder's key (with
the date it is about) keeps it to one send.

What a reminder says is factual: dates, council, type of mentoring, names of
the people placed. Never what was said in a session, the actions agreed or a
mentee's reflections (none of those tables is read here).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from mentoring.models import (
    FOLLOW_UP_MONTHS,
    AgreementReview,
    AgreementStatus,
    Mentor,
    MentorKind,
    Placement,
    PlacementMentee,
    PlacementMentor,
    PlacementStatus,
    placement_name,
)
from notifications.rules import ReminderCandidate, ReminderKind, for_each

AGREEMENT_REVIEW_DAYS = 7
QUIET_WEEKS = 6
ENDING_DAYS = 30
ACCREDITATION_DAYS = 60

PLACEMENT = Placement._meta.label_lower
REVIEW = AgreementReview._meta.label_lower
MENTOR = Mentor._meta.label_lower


def _d(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


class _Pairs:
    """The mentors' and mentees' accounts and names of some placements: two queries,
    always (the placements come as a subquery, so none found still runs both)."""

    def __init__(self, placement_ids):
        ids = placement_ids
        self.mentor_users = defaultdict(list)
        self.mentee_users = defaultdict(list)
        self.mentee_names = defaultdict(list)
        self.mentor_names = defaultdict(list)
        mentors = (
            PlacementMentor.objects.filter(placement_id__in=ids)
            .order_by("mentor__full_name")
            .values_list(
                *("placement_id", "mentor__full_name", "mentor__kind"),
                *("mentor__user_id", "mentor__user__is_active"),
            )
        )
        for placement_id, name, kind, user_id, is_active in mentors:
            self.mentor_names[placement_id].append((name, kind == MentorKind.COUNCILLOR))
            if user_id and is_active:
                self.mentor_users[placement_id].append(user_id)
        rows = (
            PlacementMentee.objects.filter(placement_id__in=ids)
            .order_by("pk")
            .values_list(
                "placement_id",
                "councillor__full_name",
                "councillor__user_id",
                "officer__full_name",
                "officer__user_id",
            )
        )
        for placement_id, cllr_name, cllr_user, officer_name, officer_user in rows:
            self.mentee_names[placement_id].append(
                (cllr_name or officer_name, cllr_name is not None)
            )
            if cllr_user or officer_user:
                self.mentee_users[placement_id].append(cllr_user or officer_user)

    def describe(self, placement: Placement) -> str:
        """e.g. 'Cllr Dana Whitfield with Cllr Pat Lowther, one-to-one mentoring, at
        Rotherham ...' (``Placement.name``, from the names read for every placement)."""
        mentors = self.mentor_names.get(placement.pk) or []
        mentees = self.mentee_names.get(placement.pk) or []
        council = placement.council.name
        name = placement_name(mentors, mentees, placement.mentoring_type.name, council)
        # With nobody named, the name is already the type "at" the council.
        return f"{name}, at {council}" if mentors or mentees else name


def _placement_link(pk: int) -> str:
    return reverse("placement_detail", kwargs={"pk": pk})


def agreement_reviews_due(*, today: datetime.date) -> Iterator[ReminderCandidate]:
    """An agreed learning agreement's review date in the next 7 days: its mentor(s) and
    mentee(s) with accounts."""
    due = AgreementReview.objects.filter(
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=AGREEMENT_REVIEW_DAYS),
        agreement__status=AgreementStatus.ACTIVE,
        agreement__placement__status=PlacementStatus.ACTIVE,
    )
    reviews = list(
        due.select_related("agreement__placement__council", "agreement__placement__mentoring_type")
    )
    pairs = _Pairs(due.values("agreement__placement_id"))
    for review in reviews:
        placement = review.agreement.placement
        yield from for_each(
            pairs.mentor_users[placement.pk] + pairs.mentee_users[placement.pk],
            kind=ReminderKind.AGREEMENT_REVIEW,
            object_type=REVIEW,
            object_id=review.pk,
            due_on=review.due_on,
            title=f"Learning agreement review on {review.due_on:%d/%m/%Y}",
            body=f"The learning agreement (version {review.agreement.version}) of "
            f"{pairs.describe(placement)} is due for review on {_d(review.due_on)}. "
            "Agree a time to look back at the goals together.",
            link=_placement_link(placement.pk),
        )


def quiet_placements(
    *, today: datetime.date, manager_ids: list[int]
) -> Iterator[ReminderCandidate]:
    """An active placement with no session in six weeks: its mentor(s) and the programme
    managers. Once per quiet spell: the key's date is when the placement went quiet."""
    quiet = Placement.objects.with_activity().quiet(day=today, weeks=QUIET_WEEKS)
    placements = list(quiet.select_related("council", "mentoring_type"))
    pairs = _Pairs(quiet.values("pk"))
    for placement in placements:
        last = placement.last_session_on
        quiet_since = (last or placement.started_on) + datetime.timedelta(weeks=QUIET_WEEKS)
        since = f"since {_d(last)}" if last else "since it started on " + _d(placement.started_on)
        yield from for_each(
            pairs.mentor_users[placement.pk] + manager_ids,
            kind=ReminderKind.PLACEMENT_QUIET,
            object_type=PLACEMENT,
            object_id=placement.pk,
            due_on=quiet_since,
            title=f"No session in six weeks: {placement.council.name}",
            body=f"No mentoring session has been logged for {pairs.describe(placement)} {since}.",
            link=_placement_link(placement.pk),
        )


def placements_ending(
    *, today: datetime.date, manager_ids: list[int]
) -> Iterator[ReminderCandidate]:
    """A placement's planned end in the next 30 days: mentor(s), mentee(s), managers."""
    ending = Placement.objects.filter(
        status__in=[PlacementStatus.ACTIVE, PlacementStatus.PAUSED],
        ended_on__isnull=True,
        planned_end_on__gte=today,
        planned_end_on__lte=today + datetime.timedelta(days=ENDING_DAYS),
    )
    placements = list(ending.select_related("council", "mentoring_type"))
    pairs = _Pairs(ending.values("pk"))
    for placement in placements:
        end = placement.planned_end_on
        yield from for_each(
            pairs.mentor_users[placement.pk] + pairs.mentee_users[placement.pk] + manager_ids,
            kind=ReminderKind.PLACEMENT_ENDING,
            object_type=PLACEMENT,
            object_id=placement.pk,
            due_on=end,
            title=f"Placement ending on {end:%d/%m/%Y}",
            body=f"{pairs.describe(placement)} is planned to end on {_d(end)}. Telephone and "
            f"e-mentoring may continue for {FOLLOW_UP_MONTHS} months after it ends.",
            link=_placement_link(placement.pk),
        )


def follow_ups_ending(
    *, today: datetime.date, manager_ids: list[int]
) -> Iterator[ReminderCandidate]:
    """The three-month follow-up after a placement ends, ending in the next 30 days:
    mentor(s), mentee(s), managers."""
    horizon = today + datetime.timedelta(days=ENDING_DAYS)
    # The follow-up ends FOLLOW_UP_MONTHS after the end; a few days' margin for short
    # months, then the exact date in Python.
    low = today - relativedelta(months=FOLLOW_UP_MONTHS) - datetime.timedelta(days=4)
    high = horizon - relativedelta(months=FOLLOW_UP_MONTHS) + datetime.timedelta(days=4)
    near = (
        Placement.objects.filter(
            status__in=[PlacementStatus.ACTIVE, PlacementStatus.PAUSED, PlacementStatus.ENDED]
        )
        .annotate(end=Coalesce("ended_on", "planned_end_on"))
        .filter(end__gte=low, end__lte=high)
    )
    placements = list(near.select_related("council", "mentoring_type"))
    placements = [p for p in placements if today <= p.follow_up_until <= horizon]
    pairs = _Pairs(near.values("pk"))
    for placement in placements:
        until = placement.follow_up_until
        yield from for_each(
            pairs.mentor_users[placement.pk] + pairs.mentee_users[placement.pk] + manager_ids,
            kind=ReminderKind.FOLLOW_UP_ENDING,
            object_type=PLACEMENT,
            object_id=placement.pk,
            due_on=until,
            title=f"Follow-up ending on {until:%d/%m/%Y}",
            body=f"The follow-up of {pairs.describe(placement)}, which ended or ends on "
            f"{_d(placement.end_date)}, finishes on {_d(until)}. Sessions can be logged until then.",
            link=_placement_link(placement.pk),
        )


def accreditations_ending(
    *, today: datetime.date, manager_ids: list[int]
) -> Iterator[ReminderCandidate]:
    """A mentor's accreditation ending in the next 60 days: the mentor and the managers."""
    mentors = Mentor.objects.filter(
        active=True,
        accredited=True,
        accreditation_expires_on__gte=today,
        accreditation_expires_on__lte=today + datetime.timedelta(days=ACCREDITATION_DAYS),
    ).filter(Q(user__isnull=True) | Q(user__is_active=True))
    for mentor in mentors:
        expires = mentor.accreditation_expires_on
        for recipient_id in dict.fromkeys([mentor.user_id, *manager_ids]):
            if not recipient_id:
                continue
            yours = recipient_id == mentor.user_id
            whose = "Your" if yours else f"{mentor.full_name}'s"
            yield ReminderCandidate(
                kind=ReminderKind.ACCREDITATION_ENDING,
                object_type=MENTOR,
                object_id=mentor.pk,
                recipient_id=recipient_id,
                due_on=expires,
                title=f"{whose} accreditation ends on {expires:%d/%m/%Y}",
                body=f"{whose} accreditation as a peer mentor ends on {_d(expires)}. "
                "Renew it to keep taking placements.",
                link="" if yours else reverse("mentor_detail", kwargs={"pk": mentor.pk}),
            )


def reminder_candidates(
    *, today: datetime.date, manager_ids: list[int]
) -> Iterator[ReminderCandidate]:
    """Every mentoring reminder due today."""
    yield from agreement_reviews_due(today=today)
    yield from quiet_placements(today=today, manager_ids=manager_ids)
    yield from placements_ending(today=today, manager_ids=manager_ids)
    yield from follow_ups_ending(today=today, manager_ids=manager_ids)
    yield from accreditations_ending(today=today, manager_ids=manager_ids)
