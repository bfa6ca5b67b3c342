"""The people every access test is tried as, built on the demo programme.

Mentor A mentors councillor A (Rotherham's Leader); mentor B mentors
councillor B (Leader of the Opposition), both in Rotherham (council X); a
commissioner oversees Rotherham, another oversees Leeds (council Y).
"""

import datetime
import io

import pytest
from django.core.management import call_command

from accounts.models import User
from councils.models import CommissionerAppointment, Council

PERSONAS = [
    "anonymous",
    "manager",
    "mentor_a",
    "mentor_b",
    "councillor_a",
    "councillor_b",
    "commissioner_x",
    "commissioner_y",
]


SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
LOGIN = "login"  # a redirect to the sign-in page
ANY = "any"  # 200 or a redirect that is not to sign-in (e.g. to re-authenticate)


def everyone(code):
    return dict.fromkeys(PERSONAS, code)


def signed_in(code=200):
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, code)}


def only(*allowed, code=200):
    """Signed-in personas not named get 404: ids do not reveal what exists."""
    return {"anonymous": LOGIN, **{p: code if p in allowed else 404 for p in SIGNED_IN}}


EMAILS = {
    "manager": "manager@demo.example.org",
    "mentor_a": "mentor.a@demo.example.org",
    "mentor_b": "mentor.b@demo.example.org",
    "councillor_a": "councillor.a@demo.example.org",
    "councillor_b": "councillor.b@demo.example.org",
    "commissioner_x": "commissioner@demo.example.org",
    "commissioner_y": "commissioner.y@demo.example.org",
}


@pytest.fixture
def demo_programme(settings, django_db_blocker):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    commissioner_y, _ = User.objects.get_or_create(
        email=EMAILS["commissioner_y"], defaults={"full_name": "Commissioner for Leeds"}
    )
    CommissionerAppointment.objects.get_or_create(
        council=Council.objects.get(slug="leeds"),
        commissioner=commissioner_y,
        defaults={"started_on": datetime.date(2025, 1, 1)},
    )


@pytest.fixture
def persona_users(demo_programme):
    return {name: User.objects.get(email=email) for name, email in EMAILS.items()}


@pytest.fixture
def client_as(client, persona_users):
    """client_as("mentor_a") gives a test client signed in as that persona."""
    from django.test import Client

    def make(persona):
        c = Client()
        if persona != "anonymous":
            c.force_login(persona_users[persona])
        return c

    return make
