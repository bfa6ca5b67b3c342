"""Who may open each mentoring page: merged into the access matrix (accounts/tests).

EXPECTED maps a URL name to (how to build its arguments from the objects,
the answer per persona); EXTRA tries more objects on the same pages.
"""

from accounts.tests.personas import ANY, only, signed_in
from mentoring.models import AgreementStatus, LearningAgreement, Placement, Session

PAIR_A = ("mentor_a", "councillor_a")

EXPECTED = {
    "placement_list": (None, signed_in()),
    "placement_detail": (
        lambda o: {"pk": o["placement_a"].pk},
        only("manager", "mentor_a", "councillor_a"),
    ),
    "session_detail": (
        lambda o: {"pk": o["session_a"].pk},
        only("manager", "mentor_a", "councillor_a"),
    ),
    "placement_export": (None, only("manager")),
    "placement_create": (None, only("manager")),
    "placement_edit": (lambda o: {"pk": o["placement_a"].pk}, only("manager")),
    "placement_status": (
        lambda o: {"pk": o["placement_a"].pk, "action": "pause"},
        only("manager"),
    ),
    "session_list": (None, only("manager")),
    "mentor_list": (None, only("manager")),
    "mentor_export": (None, only("manager")),
    "mentor_create": (None, only("manager")),
    "mentor_detail": (lambda o: {"pk": o["mentor_a"].pk}, only("manager")),
    "mentor_edit": (lambda o: {"pk": o["mentor_a"].pk}, only("manager")),
    "session_create": (lambda o: {"placement_pk": o["placement_a"].pk}, only("mentor_a")),
    # The mentee is sent back to the session: only its mentor changes it.
    "session_edit": (
        lambda o: {"pk": o["session_a"].pk},
        {**only("mentor_a"), "councillor_a": ANY},
    ),
    "session_delete": (
        lambda o: {"pk": o["session_a"].pk},
        {**only("mentor_a"), "councillor_a": ANY},
    ),
    "agreement_start": (lambda o: {"placement_pk": o["placement_a"].pk}, signed_in(405)),
    "agreement_detail": (lambda o: {"pk": o["agreement_a"].pk}, only("manager", *PAIR_A)),
    # An agreed version cannot be edited: the pair are sent back to it.
    "agreement_edit": (lambda o: {"pk": o["agreement_a"].pk}, only(*PAIR_A, code=ANY)),
    "agreement_pdf": (lambda o: {"pk": o["agreement_a"].pk}, only("manager", *PAIR_A)),
    "agreement_action": (
        lambda o: {"pk": o["agreement_a"].pk, "action": "agree"},
        signed_in(405),
    ),
    "reflection_create": (None, only("councillor_a", "councillor_b")),
    "protocol_edit": (None, only("manager")),
    "reflection_list": (None, signed_in()),
    "confidential_access_log": (None, signed_in()),
    "pair_access_list": (None, signed_in()),
    "pair_access_confirm": (lambda o: {"pk": 1}, signed_in(405)),
}

EXTRA = [
    (
        "placement_detail",
        lambda o: {"pk": o["placement_b"].pk},
        only("manager", "mentor_b", "councillor_b"),
    ),
]


def objects(users) -> dict:
    placement_a = Placement.objects.in_pair_of(users["councillor_a"]).get(
        mentors__user=users["mentor_a"]
    )
    return {
        "placement_a": placement_a,
        "placement_b": Placement.objects.in_pair_of(users["councillor_b"]).get(
            mentors__user=users["mentor_b"]
        ),
        "session_a": Session.objects.filter(placement=placement_a).first(),
        "mentor_a": users["mentor_a"].mentor,
        "agreement_a": LearningAgreement.objects.get(
            placement=placement_a, status=AgreementStatus.ACTIVE
        ),
    }
