"""Who may open each personal data page: merged into the access matrix (accounts/tests).

The privacy notice needs no sign-in; everyone signed in downloads their own
data; only programme managers look up, export and erase someone else's.
"""

from accounts.tests.personas import everyone, only, signed_in

EXPECTED = {
    "privacy_notice": (None, everyone(200)),
    "privacy_my_data": (None, signed_in()),
    "privacy_my_data_export": (lambda o: {"fmt": "json"}, signed_in()),
    "privacy_people": (None, only("manager")),
    "privacy_person": (
        lambda o: {"kind": "councillor", "pk": o["privacy_councillor_a"].pk},
        only("manager"),
    ),
    "privacy_person_export": (
        lambda o: {"kind": "councillor", "pk": o["privacy_councillor_a"].pk, "fmt": "json"},
        only("manager"),
    ),
    # Councillor A is in office: the manager is shown why they cannot be erased.
    "privacy_person_erase": (
        lambda o: {"kind": "councillor", "pk": o["privacy_councillor_a"].pk},
        only("manager"),
    ),
}

EXTRA = [
    ("privacy_my_data_export", lambda o: {"fmt": "csv"}, signed_in()),
    ("privacy_my_data_export", lambda o: {"fmt": "xml"}, signed_in(404)),
    (
        "privacy_person",
        lambda o: {"kind": "mentor", "pk": o["privacy_mentor_a"].pk},
        only("manager"),
    ),
    (
        "privacy_person_export",
        lambda o: {"kind": "mentor", "pk": o["privacy_mentor_a"].pk, "fmt": "csv"},
        only("manager"),
    ),
    ("privacy_person", lambda o: {"kind": "party", "pk": 1}, only()),
]


def objects(users) -> dict:
    return {
        "privacy_councillor_a": users["councillor_a"].councillor,
        "privacy_mentor_a": users["mentor_a"].mentor,
    }
