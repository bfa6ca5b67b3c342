"""Who may see which mentoring rows: every visibility rule of this app, in one place.

The querysets' ``visible_to(user)``, ``readable_by(user)``, ``of_member(user)`` and
``attended_by(user)`` are the public API and call these functions; views never filter
by user themselves. A row outside a user's view answers 404.

- ``visible_to``: what a person may see in their role (a programme manager sees every
  placement and that every session happened, never what was said).
- ``of_member``: rows of the placements the person is a mentor or mentee of, whatever
  else they are.
- ``attended_by``: sessions the person took part in (a group mentee: the sessions they
  are recorded as attending).
- ``readable_by``: confidential content (session notes, reflections): the pair alone,
  and of what was written before an account joined the pair, only once the other side
  has confirmed it (``PairAccess``).

Each rule reads the user's roles (``accounts.access``) and their places in placements
(``pair_of``), both worked out once per request and kept on the user object.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from accounts.access import Roles, roles_of

# The models import this module for their querysets; its functions read the models at
# call time, once both modules are loaded.
from mentoring import models as m


@dataclass(frozen=True)
class Pair:
    """Where a user sits in placements: the ids every visibility rule filters by.

    Read once per request, like their roles, so each query of a page filters by a
    short list of ids instead of carrying subqueries that the database plans (and
    Django compiles) again in every query. A user is rarely in more than a few
    placements, so the lists stay short."""

    mentored: tuple[int, ...] = ()  # placements they are a mentor of
    memberships: tuple[int, ...] = ()  # their PlacementMentee rows (as councillor or officer)
    mentee_of: tuple[int, ...] = ()  # the placements of those rows
    one_to_one: tuple[int, ...] = ()  # of those, the placements that are not a group
    placements: tuple[int, ...] = ()  # mentored and mentee_of together
    # (placement, joined_at) where the user's account joined after the pair began and
    # nobody on the other side has confirmed it yet: what was written before stays closed.
    closed: tuple[tuple[int, datetime.datetime], ...] = ()


NO_PAIR = Pair()


def pair_of(r: Roles) -> Pair:
    """The user's places in placements, kept with their roles for the request
    (``forget_roles`` drops both)."""
    if not (r.mentor_id or r.is_mentee):
        return NO_PAIR
    cached = r.__dict__.get("_pair")
    if cached is not None:
        return cached
    # Read in the same queries as the placements, so a pair costs no extra query.
    closed_since = models.Subquery(
        m.PairAccess.objects.pending()
        .filter(placement_id=models.OuterRef("placement_id"), user_id=r.user_id)
        .order_by("-joined_at")
        .values("joined_at")[:1]
    )
    mentor_rows = []
    if r.mentor_id:
        mentor_rows = sorted(
            m.PlacementMentor.objects.filter(mentor_id=r.mentor_id)
            .order_by()
            .values_list("placement_id", closed_since)
        )
    rows = []
    if r.is_mentee:
        mine = Q(councillor_id=r.councillor_id) if r.councillor_id else Q(pk__in=[])
        if r.officer_id:
            mine |= Q(officer_id=r.officer_id)
        rows = sorted(
            m.PlacementMentee.objects.filter(mine)
            .order_by()
            .values_list("pk", "placement_id", "placement__mentoring_type__is_group", closed_since)
        )
    mentored = tuple(placement for placement, _ in mentor_rows)
    mentee_of = {placement for _, placement, _, _ in rows}
    closed = {placement: since for placement, since in mentor_rows if since}
    closed.update({placement: since for _, placement, _, since in rows if since})
    pair = Pair(
        mentored=mentored,
        memberships=tuple(pk for pk, _, _, _ in rows),
        mentee_of=tuple(sorted(mentee_of)),
        one_to_one=tuple(sorted({placement for _, placement, group, _ in rows if not group})),
        placements=tuple(sorted(mentee_of.union(mentored))),
        closed=tuple(sorted(closed.items())),
    )
    # Roles is frozen for its fields; the pair is kept beside them on the same object.
    object.__setattr__(r, "_pair", pair)
    return pair


def _pair_q(r: Roles, field: str = "pk") -> Q:
    """Rows whose placement (``field``, the placement's id) the user is a mentor or a
    mentee of."""
    return Q(**{f"{field}__in": pair_of(r).placements})


def closed_to(user, placement_id: int, written_at: datetime.datetime) -> bool:
    """Whether confidential content of the placement written at that time is closed to
    the user until the other side of the pair confirms their account (``PairAccess``)."""
    since = dict(pair_of(roles_of(user)).closed).get(placement_id)
    return since is not None and written_at < since


def _without_written_before_joining(qs, user, placement: str, written_at: str):
    """Leave out confidential rows written before the user's account joined a pair that
    nobody on the other side has confirmed yet (``PairAccess``)."""
    closed = pair_of(roles_of(user)).closed
    if not closed:
        return qs
    q = Q()
    for placement_id, since in closed:
        q |= Q(**{placement: placement_id, f"{written_at}__lt": since})
    return qs.exclude(q)


# Mentors -------------------------------------------------------------------------


def mentors_visible_to(qs, user):
    """Managers see the pool; a mentor sees themself; a mentee sees their mentors."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    q = Q(pk=r.mentor_id) if r.mentor_id else Q(pk__in=[])
    if r.is_mentee:
        q |= Q(placements__in=pair_of(r).placements)
    return qs.filter(pk__in=m.Mentor.objects.filter(q).values("pk"))


# Placements and what belongs to them ------------------------------------------------


def placements_visible_to(qs, user):
    """Managers see every placement; mentors and mentees their own. Commissioners see
    figures only, never individual placements."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    return qs.filter(_pair_q(r))


def placements_of_member(qs, user):
    """Placements the user is a mentor or mentee of, whatever else they are."""
    return qs.filter(_pair_q(roles_of(user)))


def placement_rows_visible_to(qs, user):
    """Rows that belong to a placement: seen by whoever sees the placement."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    # By the rows' own placement index, not a join or a pk__in over the whole table.
    return qs.filter(_pair_q(r, "placement"))


def placement_rows_of_member(qs, user):
    """Rows of the placements the user is a mentor or mentee of, whatever else they are."""
    return qs.filter(_pair_q(roles_of(user), "placement"))


def memberships_of(user):
    """The user's own places as a mentee (as a councillor or an officer), whatever else
    they are: the placements they may record a check-in or a reflection for."""
    r = roles_of(user)
    q = Q(pk__in=[])
    if r.councillor_id:
        q |= Q(councillor_id=r.councillor_id)
    if r.officer_id:
        q |= Q(officer_id=r.officer_id)
    return m.PlacementMentee.objects.filter(q)


def mentored_by(user):
    """Placements the user is a mentor of (where they may log sessions)."""
    mentor_id = roles_of(user).mentor_id
    if not mentor_id:
        return m.Placement.objects.none()
    return placements_of_member(m.Placement.objects.all(), user).filter(mentors=mentor_id)


def side_of(agreement, user) -> str | None:
    """'mentor' or 'mentee' when the user is on that side of the agreement's placement."""
    r = roles_of(user)
    placement = agreement.placement
    if r.mentor_id and placement.mentors.filter(pk=r.mentor_id).exists():
        return "mentor"
    mentees = placement.mentees.filter(
        Q(councillor_id=r.councillor_id or 0) | Q(officer_id=r.officer_id or 0)
    )
    if r.is_mentee and mentees.exists():
        return "mentee"
    return None


# Sessions and confidential content ----------------------------------------------------


def sessions_attended_by(qs, user):
    """Sessions the user took part in: as a mentor of the placement, or as a mentee of it
    (for a group, only the sessions they are recorded as attending)."""
    r = roles_of(user)
    if not r.is_mentee:
        return qs.filter(_pair_q(r, "placement"))
    # Every condition is on a single-valued path or a subquery (no row repeats), and the
    # sessions are looked for among those of the user's own placements, by the session's
    # placement index, not by walking every session in the programme.
    pair = pair_of(r)
    attendees = m.Session.attendees.through.objects
    attended = attendees.filter(placementmentee_id__in=pair.memberships).values("session_id")
    no_attendees = ~models.Exists(attendees.filter(session_id=models.OuterRef("pk")))
    # In a group, only the mentees who took part; one-to-one, the mentee.
    took_part = Q(pk__in=attended) | (no_attendees & Q(placement_id__in=pair.one_to_one))
    if pair.mentored:
        took_part |= Q(placement_id__in=pair.mentored)
    return qs.filter(_pair_q(r, "placement") & took_part)


def sessions_visible_to(qs, user):
    """Managers see that every session happened (never its note); the pair see theirs."""
    if roles_of(user).is_programme_manager:
        return qs.all()
    return sessions_attended_by(qs, user)


def notes_readable_by(qs, user):
    """Only the session's mentor(s) and the mentee(s) who took part; nobody else, whatever
    other roles they hold."""
    notes = qs.filter(session__in=sessions_attended_by(m.Session.objects.all(), user).values("pk"))
    return _without_written_before_joining(
        notes, user, "session__placement_id", "session__created_at"
    )


def reflections_readable_by(qs, user):
    """The mentee who wrote it and the mentor(s) of that placement alone."""
    r = roles_of(user)
    q = Q(pk__in=[])
    if r.is_mentee:
        q |= Q(mentee_id__in=pair_of(r).memberships)
    if r.mentor_id:
        # The mentees of the mentor's placements, by the mentee index: no join to every
        # placement's mentors, so no pk__in over the whole table.
        mentees = m.PlacementMentee.objects.filter(placement_id__in=pair_of(r).mentored)
        q |= Q(mentee__in=mentees.values("pk"))
    return _without_written_before_joining(qs.filter(q), user, "mentee__placement_id", "created_at")


# Confidence check-ins -----------------------------------------------------------------


def confidence_checks_visible_to(qs, user):
    """Managers; the placement's mentor(s); the mentee for their own. Commissioners see
    aggregates in reports, never individual answers."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    q = Q(pk__in=[])
    if r.is_mentee:
        q |= Q(mentee_id__in=pair_of(r).memberships)
    if r.mentor_id:
        q |= Q(mentee__placement_id__in=pair_of(r).mentored)
    return qs.filter(pk__in=m.ConfidenceCheck.objects.filter(q).values("pk"))


def confidence_series_visible_to(user):
    """Mentees whose check-ins the user may read, and the user's own places as a mentee,
    even before their first check-in."""
    seen = m.ConfidenceCheck.objects.visible_to(user).values("mentee")
    return m.PlacementMentee.objects.filter(
        Q(pk__in=seen) | Q(pk__in=memberships_of(user).values("pk"))
    )


# Accounts joining a pair ---------------------------------------------------------------


def pair_accesses_of_member(qs, user):
    """The accounts that joined the user's own placements (theirs too)."""
    return qs.filter(_pair_q(roles_of(user), "placement"))


def pair_accesses_waiting_for(qs, user):
    """Accounts the user may confirm: pending, on the other side of a pair the user is
    in, and not the user's own."""
    pair = pair_of(roles_of(user))
    q = Q(side=m.PairSide.MENTEE, placement_id__in=pair.mentored) | Q(
        side=m.PairSide.MENTOR, placement_id__in=pair.mentee_of
    )
    # Someone whose own access waits cannot vouch for another newcomer.
    waiting = [placement for placement, _ in pair.closed]
    return qs.pending().filter(q).exclude(user=user).exclude(placement_id__in=waiting)


# Ward visits ----------------------------------------------------------------------------


def ward_visits_visible_to(user):
    """Ward visit placements of the user's pair, or every one for a programme manager."""
    return m.Placement.objects.visible_to(user).filter(mentoring_type__slug=m.WARD_VISIT)


def ward_visits_mentored_by(user):
    """Ward visit placements the user is a mentor of: the only ones they may change."""
    return mentored_by(user).filter(mentoring_type__slug=m.WARD_VISIT)


def ward_visit_editable_by(*, placement, user) -> bool:
    """Whether the user mentors this placement (reads its prefetched mentors)."""
    mentor_id = roles_of(user).mentor_id
    return bool(mentor_id) and any(mentor.pk == mentor_id for mentor in placement.mentors.all())


# Day claims ---------------------------------------------------------------------------


def mentor_pay_visible_to(qs, user, mentor_field: str = "mentor_id"):
    """A mentor's pay (claims, expenses, rates, statements) is seen by the programme
    managers and by that mentor; nobody else. ``mentor_field`` leads from a row to
    its mentor's id."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    if r.mentor_id:
        return qs.filter(**{mentor_field: r.mentor_id})
    return qs.none()


def day_claims_visible_to(qs, user):
    """Claims are not confidential, but they are the mentor's pay."""
    return mentor_pay_visible_to(qs, user)


def claim_expenses_visible_to(qs, user):
    """As their claims."""
    return mentor_pay_visible_to(qs, user, "claim__mentor_id")


def day_rates_visible_to(qs, user):
    return mentor_pay_visible_to(qs, user)
