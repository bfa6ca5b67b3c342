"""Factories for sign-in accounts."""

import factory

from accounts.models import User

DEMO_PASSWORD = "demo-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(DEMO_PASSWORD)


class ProgrammeManagerFactory(UserFactory):
    is_programme_manager = True
