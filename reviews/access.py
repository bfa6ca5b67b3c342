"""Who may see which review visits and what belongs to them: every visibility rule of
this app. The querysets' ``visible_to(user)`` call these."""

from django.db.models import Q

from accounts.access import roles_of

# The models import this module for their querysets; its functions read the models at
# call time, once both modules are loaded.
from reviews import models as m


def visits_visible_to(qs, user):
    """Managers see every visit; commissioners those of their councils; councillors (and
    officers) the published visits of their own council."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    q = Q(council_id__in=r.commissioner_council_ids)
    own = {r.councillor_council_id, r.officer_council_id} - {None}
    if own:
        q |= Q(status=m.VisitStatus.PUBLISHED, council_id__in=own)
    return qs.filter(q)


def of_visible_visits(qs, user, visit: str):
    """Rows of the visits the user may see (documents, recommendations, actions), by the
    path to their visit."""
    visits = m.ReviewVisit.objects.visible_to(user).values("pk")
    return qs.filter(**{f"{visit}__in": visits})
