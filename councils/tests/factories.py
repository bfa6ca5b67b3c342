"""Factories for councils, councillors, officers and their roles."""

import datetime

import factory
from django.utils.text import slugify

from accounts.tests.factories import UserFactory
from councils.models import (
    CommissionerAppointment,
    Council,
    CouncilKind,
    Councillor,
    Election,
    ElectionKind,
    GovernanceChange,
    GovernanceStatus,
    Officer,
    Party,
    Role,
    RoleAppointment,
)
from councils.regions import Region


def role(slug: str) -> Role:
    """One of the roles the data migration seeds, e.g. ``role("chair")``."""
    return Role.objects.get(slug=slug)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Party {n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:20])


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Borough Council {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = CouncilKind.METROPOLITAN_BOROUGH
    region = factory.Iterator(Region.values)
    political_control = None  # no overall control


class GovernanceChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceChange
        django_get_or_create = ("council", "since", "status")

    council = factory.SubFactory(CouncilFactory)
    status = GovernanceStatus.IN_INTERVENTION
    since = datetime.date(2024, 9, 1)


class CouncillorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Councillor

    council = factory.SubFactory(CouncilFactory)
    full_name = factory.Faker("name", locale="en_GB")
    party = factory.SubFactory(PartyFactory)
    ward = factory.Sequence(lambda n: f"Ward {n}")
    first_elected_on = datetime.date(2022, 5, 5)
    left_office_on = None


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    council = factory.SubFactory(CouncilFactory)
    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Director of Governance"


class RoleAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAppointment

    councillor = factory.SubFactory(CouncillorFactory)
    role = factory.LazyFunction(lambda: role("chair"))
    committee = "Planning Board"
    started_on = datetime.date(2024, 5, 20)
    ended_on = None


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election
        django_get_or_create = ("council", "held_on", "kind")

    council = factory.SubFactory(CouncilFactory)
    held_on = datetime.date(2024, 5, 2)
    kind = ElectionKind.ALL_OUT


class CommissionerAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionerAppointment

    council = factory.SubFactory(CouncilFactory)
    commissioner = factory.SubFactory(UserFactory)
    started_on = datetime.date(2024, 9, 1)
    ended_on = None
