"""Who may read which monthly progress reports: every visibility rule of this app."""

from accounts.access import roles_of
from councils.models import Council


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
