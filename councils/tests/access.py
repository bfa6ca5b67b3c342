"""Who may open each councils page: merged into the access matrix (accounts/tests).

Every page of the councils workspace is the programme manager's: anyone else
signed in gets 404, as if it did not exist; but a commissioner opens the page of each
council they oversee.
"""

from accounts.tests.personas import ANY, only
from councils.models import (
    Council,
    Councillor,
    PoliticalGroupMember,
    RoleAppointment,
)

MANAGER = only("manager")

EXPECTED = {
    "council_list": (None, MANAGER),
    "council_create": (None, MANAGER),
    # A commissioner opens the councils they oversee (governance, figures, visits).
    "council_detail": (lambda o: {"pk": o["council_x"].pk}, only("manager", "commissioner_x")),
    "council_update": (lambda o: {"pk": o["council_x"].pk}, MANAGER),
    "governance_change_create": (
        lambda o: {"pk": o["council_x"].pk},
        only("manager", code=405),
    ),
    "councillor_list": (None, MANAGER),
    "councillor_export": (None, MANAGER),
    "councillor_create": (None, MANAGER),
    "councillor_detail": (lambda o: {"pk": o["councillor_a"].pk}, MANAGER),
    "councillor_update": (lambda o: {"pk": o["councillor_a"].pk}, MANAGER),
    "role_appointment_create": (
        lambda o: {"pk": o["councillor_a"].pk},
        only("manager", code=405),
    ),
    "role_appointment_end": (
        lambda o: {"pk": o["councillor_a"].pk, "appointment_pk": o["appointment_a"].pk},
        MANAGER,
    ),
    "councillor_leave_office": (lambda o: {"pk": o["councillor_a"].pk}, MANAGER),
    "election_import": (None, MANAGER),
    # With nothing uploaded, the preview sends back to the upload page.
    "election_import_preview": (None, only("manager", code=ANY)),
    "election_import_confirm": (None, only("manager", code=405)),
    "election_import_sample": (None, MANAGER),
    "political_group_create": (lambda o: {"pk": o["council_x"].pk}, MANAGER),
    "political_group_detail": (lambda o: {"pk": o["group_member"].group_id}, MANAGER),
    "political_group_edit": (lambda o: {"pk": o["group_member"].group_id}, MANAGER),
    "political_group_member_create": (lambda o: {"pk": o["group_member"].group_id}, MANAGER),
    "political_group_member_end": (
        lambda o: {"pk": o["group_member"].group_id, "member_pk": o["group_member"].pk},
        MANAGER,
    ),
}

EXTRA = [
    ("council_detail", lambda o: {"pk": o["council_y"].pk}, only("manager", "commissioner_y")),
    ("councillor_detail", lambda o: {"pk": o["councillor_b"].pk}, MANAGER),
    # A councillor's own page is not theirs to open: these are the manager's records.
    ("councillor_update", lambda o: {"pk": o["councillor_b"].pk}, MANAGER),
]


def objects(users) -> dict:
    councillor_a = Councillor.objects.get(user=users["councillor_a"])
    return {
        # Councillor A (the Leader) in the demo's Labour Group.
        "group_member": PoliticalGroupMember.objects.get(councillor=councillor_a),
        "council_x": Council.objects.get(slug="rotherham"),
        "council_y": Council.objects.get(slug="leeds"),
        "councillor_a": councillor_a,
        "councillor_b": Councillor.objects.get(user=users["councillor_b"]),
        "appointment_a": RoleAppointment.objects.filter(councillor=councillor_a).first(),
    }
