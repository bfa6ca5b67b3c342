"""Who may see which councils and people: every visibility rule of this app.

The querysets' ``visible_to(user)`` call these; views never filter by user themselves.
"""

from django.db.models import Q

from accounts.access import roles_of


def councils_visible_to(qs, user):
    """Managers see every council; others the councils they work with."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    q = Q(pk__in=r.commissioner_council_ids)
    if r.councillor_id:
        q |= Q(councillors__pk=r.councillor_id)
    if r.officer_id:
        q |= Q(officers__pk=r.officer_id)
    if r.mentor_id:
        q |= Q(placements__mentors__pk=r.mentor_id)
    return qs.filter(pk__in=qs.model.objects.filter(q).values("pk"))


def people_visible_to(qs, user):
    """Councillors and officers: managers see everyone; a person sees themself; a mentor
    sees their mentees."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    own = r.councillor_id if qs.model.__name__ == "Councillor" else r.officer_id
    q = Q(pk=own) if own else Q(pk__in=[])
    if r.mentor_id:
        q |= Q(placement_memberships__placement__mentors__pk=r.mentor_id)
    return qs.filter(pk__in=qs.model.objects.filter(q).values("pk"))


def council_pages_open_to(qs, user):
    """Whose council page a user may open: managers every council's; a commissioner the
    councils they oversee, in its commissioner's form (governance, figures, the visits
    they see elsewhere; no councillor's or mentee's name)."""
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    return qs.filter(pk__in=r.commissioner_council_ids)


def political_groups_visible_to(qs, user):
    """A council's political groups are the programme manager's records."""
    return qs.all() if roles_of(user).is_programme_manager else qs.none()
