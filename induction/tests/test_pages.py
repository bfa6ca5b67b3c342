import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from induction import services
from induction.models import BuddyPairing, TrainingEvent
from induction.tests.factories import STARTS, pair, people, scheme
from mentoring.tests.factories import MentorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _event(placement, buddies=(), new_members=(), held_on=STARTS):
    return services.training_event_record(
        TrainingEvent(held_on=held_on),
        placements=[placement],
        buddies=list(buddies),
        new_members=list(new_members),
    )


def test_the_placement_page_links_to_the_pairings_of_a_buddy_scheme_only(manager):
    placement = scheme()
    html = manager.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert reverse("buddy_pairing_list", args=[placement.pk]) in html
    other = PlacementFactory()
    html = manager.get(reverse("placement_detail", args=[other.pk])).content.decode()
    assert "Who buddies whom" not in html
    assert manager.get(reverse("buddy_pairing_list", args=[other.pk])).status_code == 404


def test_an_empty_scheme_says_what_to_do(manager):
    placement = scheme()
    html = manager.get(reverse("buddy_pairing_list", args=[placement.pk])).content.decode()
    assert "No pairings yet." in html
    assert "No training and pairing event recorded yet." in html
    assert "Not paired with a buddy now: " in html and "Jack Ellwood" in html


def test_a_manager_pairs_a_buddy_with_a_new_member_chosen_from_the_scheme_only(manager):
    placement = scheme()
    MentorFactory(full_name="Ola Outsider")
    CouncillorFactory(council=placement.council, full_name="Sam Stranger")
    (ann, peter), (fiona, jack) = people(placement)
    url = reverse("buddy_pairing_create", args=[placement.pk])
    html = manager.get(url, {"new_member": jack.pk}).content.decode()
    assert "Peter Moorhouse" in html and "Jack Ellwood" in html
    assert "Ola Outsider" not in html and "Sam Stranger" not in html
    assert f'value="{jack.pk}" selected' in html

    response = manager.post(
        url, {"buddy": peter.pk, "new_member": jack.pk, "started_on": "2026-05-20"}, follow=True
    )
    assert (
        "Peter Moorhouse now buddies Jack Ellwood, from 20 May 2026." in response.content.decode()
    )
    pairing = BuddyPairing.objects.get()
    assert (pairing.buddy, pairing.new_member, pairing.started_on) == (
        peter,
        jack,
        datetime.date(2026, 5, 20),
    )
    html = manager.get(reverse("buddy_pairing_list", args=[placement.pk])).content.decode()
    assert "Still paired" in html and "20 May 2026" in html


def test_a_second_buddy_is_refused_beside_the_new_member_and_the_form_keeps_the_date(manager):
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pair(placement, peter, jack)
    response = manager.post(
        reverse("buddy_pairing_create", args=[placement.pk]),
        {"buddy": ann.pk, "new_member": jack.pk, "started_on": "2026-06-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_member"] == [
        "Jack Ellwood is already buddied by Peter Moorhouse (since 18 May 2026): "
        "end that pairing first."
    ]
    assert 'value="2026-06-02"' in response.content.decode()
    assert BuddyPairing.objects.count() == 1


def test_someone_from_outside_the_scheme_is_refused_as_an_unknown_choice(manager):
    placement = scheme()
    outsider = MentorFactory()
    (_, _), (fiona, _) = people(placement)
    response = manager.post(
        reverse("buddy_pairing_create", args=[placement.pk]),
        {"buddy": outsider.pk, "new_member": fiona.pk, "started_on": "2026-06-02"},
    )
    assert response.context["form"].errors["buddy"] == ["Choose one of the scheme's buddies."]


def test_ending_a_pairing_asks_for_the_date_then_says_it_ended(manager):
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pairing = pair(placement, peter, jack)
    url = reverse("buddy_pairing_end", args=[pairing.pk])
    html = manager.get(url).content.decode()
    assert "End the pairing of Peter Moorhouse with Jack Ellwood?" in html
    assert 'name="ended_on"' in html
    pairing.refresh_from_db()
    assert pairing.ended_on is None

    response = manager.post(url, {"ended_on": "2026-04-01"})
    assert response.context["form"].errors["ended_on"] == [
        "The pairing started on 18 May 2026: end it on that day or later."
    ]
    response = manager.post(url, {"ended_on": "2026-09-30"}, follow=True)
    assert "ended on 30 September 2026" in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.ended_on == datetime.date(2026, 9, 30)
    # Ended: the page says so rather than asking again.
    response = manager.get(url, follow=True)
    assert "already ended on 30 September 2026" in response.content.decode()


def test_a_manager_records_an_event_with_checkboxes_of_the_scheme_s_people(manager):
    placement = scheme()
    MentorFactory(full_name="Ola Outsider")
    (ann, peter), (fiona, jack) = people(placement)
    url = reverse("training_event_create", args=[placement.pk])
    html = manager.get(url).content.decode()
    assert 'value="Training and pairing event"' in html
    assert 'type="checkbox"' in html and "Ann Tyson" in html and "Ola Outsider" not in html
    response = manager.post(
        url,
        {
            "title": "Training and pairing event",
            "held_on": "2026-05-20",
            "buddies": [ann.pk, peter.pk],
            "new_members": [jack.pk],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Training and pairing event, 20 May 2026 was recorded, with 3 people attending." in html
    event = TrainingEvent.objects.get()
    assert set(event.buddies.all()) == {ann, peter}
    assert list(event.new_members.all()) == [jack]
    assert "Ann Tyson, Peter Moorhouse" in html  # listed on the scheme's page

    response = manager.post(
        reverse("training_event_edit", args=[event.pk]),
        {
            "title": "Buddy training day",
            "held_on": "2026-05-21",
            "new_members": [jack.pk, fiona.pk],
        },
        follow=True,
    )
    assert "Buddy training day, 21 May 2026 was changed" in response.content.decode()
    assert not event.buddies.exists() and event.new_members.count() == 2


def test_an_event_without_a_date_is_refused_on_the_date_and_keeps_the_title(manager):
    placement = scheme()
    response = manager.post(
        reverse("training_event_create", args=[placement.pk]),
        {"title": "Buddy training", "held_on": ""},
    )
    assert response.context["form"].errors["held_on"] == ["Enter the day the event was held."]
    assert 'value="Buddy training"' in response.content.decode()
    assert not TrainingEvent.objects.exists()


def _many(placement, n):
    """n more buddies and new members, each new member paired, and two events."""
    council = placement.council
    for i in range(n):
        councillor = CouncillorFactory(council=council, full_name=f"Buddy {i}")
        buddy = MentorFactory(full_name=f"Buddy {i}", council=council, councillor=councillor)
        placement.mentors.add(buddy)
        member = CouncillorFactory(council=council, full_name=f"Member {i}")
        placement.mentees.create(councillor=member)
        ended = pair(placement, buddy, member, ended_on=datetime.date(2026, 6, 30))
        pair(placement, buddy, member, started_on=ended.ended_on + datetime.timedelta(days=1))
    buddies, members = people(placement)
    _event(placement, buddies, members)
    _event(placement, buddies[:2], members[:3], held_on=datetime.date(2026, 6, 1))


@pytest.mark.parametrize(
    "name, subject",
    [
        ("buddy_pairing_list", "scheme"),
        ("buddy_pairing_create", "scheme"),
        ("buddy_pairing_end", "pairing"),
        ("training_event_create", "scheme"),
        ("training_event_edit", "event"),
    ],
)
def test_each_page_runs_the_same_queries_with_few_rows_or_many(manager, name, subject):
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    subjects = {
        "scheme": placement,
        "pairing": pair(placement, peter, jack),
        "event": _event(placement, [ann], [jack]),
    }
    url = reverse(name, args=[subjects[subject].pk])
    few = _queries(manager, url)
    _many(placement, 8)
    if subject == "event":  # the event's attendance grows too
        buddies, members = people(placement)
        subjects["event"].buddies.set(buddies)
        subjects["event"].new_members.set(members)
    assert _queries(manager, url) == few
    html = manager.get(url).content.decode()
    if name != "buddy_pairing_end":  # (the end page is about its one pairing)
        assert "Member 7" in html and "Buddy 7" in html
    if name == "buddy_pairing_list":
        assert html.count("Still paired") == 9


def _table(html) -> str:
    """The pairings table's rows (the page's title names the placement's people)."""
    return html.split("<tbody>")[1].split("</tbody>")[0]


def _signed_in_as(client, record):
    record.user = UserFactory()
    record.save()
    client.force_login(record.user)
    return client


def test_a_buddy_sees_the_pairings_they_buddy_in_and_nothing_to_change(client):
    placement = scheme(new_members=("Jack Ellwood", "Fiona Rigg", "Liam Nixon"))
    (ann, peter), (fiona, jack, liam) = people(placement)
    pair(placement, peter, jack)
    pair(placement, peter, liam, ended_on=datetime.date(2026, 6, 30))
    pair(placement, ann, fiona)
    _event(placement, [ann, peter], [jack])
    client = _signed_in_as(client, peter)
    detail = client.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "Who buddies whom: your pairings" in detail
    html = client.get(reverse("buddy_pairing_list", args=[placement.pk])).content.decode()
    rows = _table(html)
    assert "Jack Ellwood" in rows and "Liam Nixon" in rows and "30 June 2026" in rows
    assert "Fiona Rigg" not in rows  # Ann's new member, and not paired with Peter
    assert "End<" not in html and "Pair a buddy" not in html
    assert "Training and pairing events" not in html


def test_a_new_member_sees_their_own_buddy_only(client):
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pair(placement, peter, jack)
    pair(placement, ann, fiona)
    client = _signed_in_as(client, jack)
    rows = _table(client.get(reverse("buddy_pairing_list", args=[placement.pk])).content.decode())
    assert "Peter Moorhouse" in rows and rows.count("Still paired") == 1
    assert "Ann Tyson" not in rows and "Fiona Rigg" not in rows


def test_a_new_member_not_yet_paired_is_told_so(client):
    placement = scheme()
    (_, _), (_, jack) = people(placement)
    client = _signed_in_as(client, jack)
    html = client.get(reverse("buddy_pairing_list", args=[placement.pk])).content.decode()
    assert "No pairing of yours is recorded yet." in html


def test_a_member_s_pairings_page_runs_the_same_queries_with_few_rows_or_many(client):
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pair(placement, peter, jack)
    client = _signed_in_as(client, peter)
    url = reverse("buddy_pairing_list", args=[placement.pk])
    few = _queries(client, url)
    _many(placement, 8)
    for member in placement.mentees.filter(councillor__full_name__startswith="Member")[:5]:
        BuddyPairing.objects.filter(new_member=member.councillor, ended_on__isnull=True).update(
            buddy=peter
        )
    assert _queries(client, url) == few
    assert client.get(url).content.decode().count("Still paired") == 6


def test_someone_outside_the_scheme_does_not_find_its_pairings_page(client):
    placement = scheme()
    (ann, peter), (fiona, jack) = people(placement)
    pair(placement, peter, jack)
    other = PlacementFactory()  # a mentor of another placement, who sees that one only
    client = _signed_in_as(client, other.mentors.get())
    assert client.get(reverse("buddy_pairing_list", args=[placement.pk])).status_code == 404


@pytest.mark.parametrize("name", ["buddy_pairing_create", "training_event_create"])
def test_only_programme_managers_change_a_scheme(client, name):
    placement = scheme()
    (ann, peter), _ = people(placement)
    user = UserFactory()
    peter.user = user
    peter.save()  # even a buddy of the scheme
    client.force_login(user)
    assert client.get(reverse(name, args=[placement.pk])).status_code == 404
