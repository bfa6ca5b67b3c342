"""Who may see which cohort runs: every visibility rule of this app.

A run is the programme manager's working paper, with drafts nobody else has agreed
to: no one else sees it (its pages answer 404 to them).
"""

from accounts.access import roles_of


def runs_visible_to(qs, user):
    if roles_of(user).is_programme_manager:
        return qs.all()
    return qs.none()
