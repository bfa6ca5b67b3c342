"""Who sees induction buddy pairings and training and pairing events.

The programme managers run the schemes and see everything. A buddy sees the pairings
they buddy in, and a new member their own: who buddies whom is no secret between them.
The events and their attendance are the managers' working records.
"""

from django.db.models import Q

from accounts.access import roles_of


def pairings_visible_to(qs, user):
    r = roles_of(user)
    if r.is_programme_manager:
        return qs.all()
    mine = Q()
    if r.mentor_id:
        mine |= Q(buddy_id=r.mentor_id)
    if r.councillor_id:
        mine |= Q(new_member_id=r.councillor_id)
    return qs.filter(mine) if mine else qs.none()


def in_scheme(placement, user) -> bool:
    """Whether the user is one of the scheme's buddies or new members (its people
    prefetched: no query)."""
    r = roles_of(user)
    return any(m.pk == r.mentor_id for m in placement.mentors.all() if r.mentor_id) or any(
        m.councillor_id == r.councillor_id for m in placement.mentees.all() if r.councillor_id
    )


def managers_only(qs, user):
    return qs.all() if roles_of(user).is_programme_manager else qs.none()
