"""Who may see funders, financial years and budgets: the programme managers, who set
them, and a council's commissioners, who see the budgets that fund their council."""

from django.db.models import Q

from accounts.access import roles_of


def budgets_visible_to(qs, user):
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    if r.commissioner_council_ids:
        return qs.filter(Q(council_id__in=r.commissioner_council_ids))
    return qs.none()


def managers_only(qs, user):
    return qs.all() if roles_of(user).is_programme_manager else qs.none()
