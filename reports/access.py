"""Who may read which monthly progress reports: every visibility rule of this app."""

from accounts.access import roles_of
from councils.models import Council
from mentoring.access import mentor_pay_visible_to


def _readable_council_ids(user):
    """Councils whose reports a user may read: every council for programme managers,
    the councils they oversee for commissioners, none for anyone else."""
    r = roles_of(user)
    if r.is_programme_manager:
        return None  # all
    return r.commissioner_council_ids


def reports_visible_to(qs, user):
    ids = _readable_council_ids(user)
    return qs.all() if ids is None else qs.filter(council_id__in=ids)


def report_councils_visible_to(user):
    """The councils whose reports pages the user may open."""
    councils = Council.objects.visible_to(user)
    ids = _readable_council_ids(user)
    return councils if ids is None else councils.filter(pk__in=ids)


# Statements and recharge schedules: a mentor's pay, so the mentor's own and the
# programme managers'; nobody else (commissioners and councillors neither).


def statement_claims_visible_to(qs, user):
    """Day claims that may appear on statements the user reads."""
    return mentor_pay_visible_to(qs, user)


def statement_mentors_visible_to(qs, user):
    """Mentors whose statements the user may open: all for managers, themself for a mentor."""
    return mentor_pay_visible_to(qs, user, "pk")


def may_read_statements(user) -> bool:
    r = roles_of(user)
    return r.is_programme_manager or r.is_mentor


def may_read_recharges(user) -> bool:
    return roles_of(user).is_programme_manager
