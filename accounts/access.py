"""What a signed-in person is in the programme.

Roles are not exclusive: one user may be a programme manager, a mentor, a
councillor (or officer) mentee and a commissioner at once. The ``visible_to``
queryset methods of each app read this, so it is worked out once per request
(one query) and kept on the user object.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone


@dataclass(frozen=True)
class Roles:
    user_id: int | None = None
    is_programme_manager: bool = False
    mentor_id: int | None = None
    councillor_id: int | None = None
    officer_id: int | None = None
    # The councils the user sits on as a councillor and works for as an officer.
    councillor_council_id: int | None = None
    officer_council_id: int | None = None
    commissioner_council_ids: frozenset[int] = field(default_factory=frozenset)
    unread_notifications: int = 0

    @property
    def is_mentor(self) -> bool:
        return self.mentor_id is not None

    @property
    def is_mentee(self) -> bool:
        return self.councillor_id is not None or self.officer_id is not None

    @property
    def is_councillor(self) -> bool:
        return self.councillor_id is not None

    @property
    def is_commissioner(self) -> bool:
        return bool(self.commissioner_council_ids)

    @property
    def has_any(self) -> bool:
        return self.is_programme_manager or self.is_mentor or self.is_mentee or self.is_commissioner


NOBODY = Roles()


def roles_of(user) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_programme_roles", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    current = Q(commissioner_appointments__started_on__lte=today) & (
        Q(commissioner_appointments__ended_on__isnull=True)
        | Q(commissioner_appointments__ended_on__gte=today)
    )
    from notifications.models import Notification

    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # One query: the linked records, a row per current commissioner appointment, and
    # the unread notifications the bell shows on every page.
    rows = list(
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            current=FilteredRelation("commissioner_appointments", condition=current),
            unread=Subquery(unread),
        )
        .values(
            *("mentor__id", "councillor__id", "officer__id", "current__council_id", "unread"),
            *("councillor__council_id", "officer__council_id"),
        )
    )
    links = rows[0] if rows else {}
    council_ids = frozenset(r["current__council_id"] for r in rows if r["current__council_id"])
    roles = Roles(
        user_id=user.pk,
        is_programme_manager=user.is_programme_manager,
        mentor_id=links.get("mentor__id"),
        councillor_id=links.get("councillor__id"),
        officer_id=links.get("officer__id"),
        councillor_council_id=links.get("councillor__council_id"),
        officer_council_id=links.get("officer__council_id"),
        commissioner_council_ids=council_ids,
        unread_notifications=links.get("unread") or 0,
    )
    user._programme_roles = roles
    return roles


def forget_roles(user) -> None:
    """After a change to someone's links, so the next read works them out again."""
    user.__dict__.pop("_programme_roles", None)
