"""Who may open each reviews page: merged into the access matrix (accounts/tests)."""

from accounts.tests.personas import only, signed_in
from reviews.models import ReviewVisit, VisitKind

EXPECTED = {
    "visit_list": (None, signed_in()),
    "visit_detail": (
        lambda o: {"pk": o["published_visit"].pk},
        only("manager", "councillor_a", "councillor_b", "commissioner_x"),
    ),
}

EXTRA = [
    (
        "visit_detail",
        lambda o: {"pk": o["unpublished_visit"].pk},
        only("manager", "commissioner_x"),
    ),
]


def objects(users) -> dict:
    return {
        "published_visit": ReviewVisit.objects.get(kind=VisitKind.PROGRESS_REVIEW),
        "unpublished_visit": ReviewVisit.objects.get(kind=VisitKind.CHECK_IN),
    }
