"""Political groups: a council's party groups and independent groups, each with its own
leader and its members over time (political group mentoring works with one group)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.models import PoliticalGroup, PoliticalGroupMember
from councils.tests.factories import CouncilFactory, CouncillorFactory, PartyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = datetime.date(2024, 5, 2)


@pytest.fixture
def manager(client):
    client.force_login(UserFactory(is_programme_manager=True))
    return client


@pytest.fixture
def council():
    return CouncilFactory(name="Rotherham Metropolitan Borough Council")


def _group(council, party=None, name=None):
    return PoliticalGroup.objects.create(
        council=council, party=party, name=name or f"{party or 'Independent'} Group"
    )


def _join(group, councillor, joined_on=LONG_AGO):
    return PoliticalGroupMember.objects.create(
        group=group, councillor=councillor, joined_on=joined_on
    )


def test_a_manager_adds_a_group_its_members_and_then_its_leader(manager, council):
    labour = PartyFactory(name="Labour")
    leader = CouncillorFactory(council=council, party=labour, full_name="Chris Read")
    response = manager.post(
        reverse("political_group_create", args=[council.pk]),
        {"name": "Labour Group", "party": labour.pk},
        follow=True,
    )
    assert "Labour Group was added." in response.content.decode()
    group = PoliticalGroup.objects.get()
    manager.post(
        reverse("political_group_member_create", args=[group.pk]),
        {"councillor": leader.pk, "joined_on": "2024-05-02"},
    )
    manager.post(
        reverse("political_group_edit", args=[group.pk]),
        {"name": "Labour Group", "party": labour.pk, "leader": leader.pk},
    )
    group.refresh_from_db()
    assert group.leader == leader
    page = manager.get(reverse("council_detail", args=[council.pk])).content.decode()
    assert "Labour Group" in page and "Chris Read" in page


def test_every_group_of_a_council_has_its_own_leader(council):
    """The council's Labour and Conservative groups both have leaders: several group
    leaders per council, where a single-holder "Group leader" role allowed one."""
    for name in ("Labour", "Conservative"):
        party = PartyFactory(name=name)
        group = _group(council, party)
        person = CouncillorFactory(council=council, party=party)
        _join(group, person)
        group.leader = person
        group.full_clean()
        group.save()
    assert PoliticalGroup.objects.filter(council=council, leader__isnull=False).count() == 2


def test_an_independent_group_takes_councillors_of_no_party(manager, council):
    independents = _group(council, name="Rotherham Independents")
    independent = CouncillorFactory(council=council, party=None, full_name="Ann Alone")
    partisan = CouncillorFactory(council=council, party=PartyFactory(name="Reform UK"))
    form = manager.get(reverse("political_group_member_create", args=[independents.pk])).context[
        "form"
    ]
    assert list(form.fields["councillor"].queryset) == [independent]
    refused = manager.post(
        reverse("political_group_member_create", args=[independents.pk]),
        {"councillor": partisan.pk, "joined_on": "2024-05-02"},
    )
    assert refused.context["form"].errors["councillor"]
    response = manager.post(
        reverse("political_group_member_create", args=[independents.pk]),
        {"councillor": independent.pk, "joined_on": "2024-05-02"},
        follow=True,
    )
    assert "Cllr Ann Alone joined Rotherham Independents." in response.content.decode()


def test_a_member_is_of_the_group_s_council_and_party_and_in_one_group_at_a_time(council):
    from django.core.exceptions import ValidationError

    labour, green = PartyFactory(name="Labour"), PartyFactory(name="Green Party")
    group = _group(council, labour)
    elsewhere = CouncillorFactory(party=labour)
    with pytest.raises(ValidationError, match="is not a councillor of"):
        PoliticalGroupMember(group=group, councillor=elsewhere, joined_on=LONG_AGO).full_clean()
    green_member = CouncillorFactory(council=council, party=green)
    with pytest.raises(ValidationError, match="is for Labour councillors"):
        PoliticalGroupMember(group=group, councillor=green_member, joined_on=LONG_AGO).full_clean()
    person = CouncillorFactory(council=council, party=labour)
    _join(group, person)
    other = _group(council, labour.__class__.objects.create(name="Labour Co-operative"))
    person.party = other.party
    person.save()
    with pytest.raises(ValidationError, match="one group at a time"):
        PoliticalGroupMember(group=other, councillor=person, joined_on=TODAY).full_clean()


def test_a_member_leaves_after_a_confirmation_and_stays_in_the_history(manager, council):
    labour = PartyFactory(name="Labour")
    group = _group(council, labour)
    member = _join(group, CouncillorFactory(council=council, party=labour, full_name="Bo Smith"))
    url = reverse("political_group_member_end", args=[group.pk, member.pk])
    assert "Are you sure Cllr Bo Smith is no longer a member" in manager.get(url).content.decode()
    refused = manager.post(url, {"left_on": "2020-01-01"})
    assert refused.context["form"].errors["left_on"]
    manager.post(url, {"left_on": TODAY.isoformat()}, follow=True)
    page = manager.get(reverse("political_group_detail", args=[group.pk]))
    assert page.context["current"] == [] and [m.pk for m in page.context["past"]] == [member.pk]


def test_the_leader_cannot_leave_while_leading(manager, council):
    labour = PartyFactory(name="Labour")
    group = _group(council, labour)
    member = _join(group, CouncillorFactory(council=council, party=labour))
    group.leader = member.councillor
    group.save()
    response = manager.post(
        reverse("political_group_member_end", args=[group.pk, member.pk]),
        {"left_on": TODAY.isoformat()},
    )
    assert "choose another leader first" in response.context["form"].errors["left_on"][0]


def test_the_leader_is_chosen_from_today_s_members(manager, council):
    labour = PartyFactory(name="Labour")
    group = _group(council, labour)
    member = _join(group, CouncillorFactory(council=council, party=labour))
    outsider = CouncillorFactory(council=council, party=labour)
    form = manager.get(reverse("political_group_edit", args=[group.pk])).context["form"]
    assert list(form.fields["leader"].queryset) == [member.councillor]
    response = manager.post(
        reverse("political_group_edit", args=[group.pk]),
        {"name": group.name, "party": labour.pk, "leader": outsider.pk},
    )
    assert response.context["form"].errors["leader"]


def test_the_group_pages_run_the_same_queries_for_few_or_many_members(manager, council):
    labour = PartyFactory(name="Labour")
    group = _group(council, labour)
    _join(group, CouncillorFactory(council=council, party=labour))
    urls = [
        reverse("political_group_detail", args=[group.pk]),
        reverse("council_detail", args=[council.pk]),
        reverse("political_group_edit", args=[group.pk]),
    ]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert manager.get(url).status_code == 200
            out.append(len(queries))
        return out

    few = counts()
    for _ in range(15):
        _join(group, CouncillorFactory(council=council, party=labour))
    _group(council, PartyFactory(name="Conservative"))
    assert counts() == few


@pytest.mark.parametrize("who", ["councillor", "nobody"])
def test_only_programme_managers_open_the_groups(client, council, who):
    group = _group(council, PartyFactory(name="Labour"))
    user = UserFactory()
    if who == "councillor":
        CouncillorFactory(council=council, user=user)
    client.force_login(user)
    assert client.get(reverse("political_group_detail", args=[group.pk])).status_code == 404
