"""A mentor or a councillor with no placement yet finds on their home page what happens
next and what to do first, not an empty page."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncillorFactory
from mentoring.tests.factories import MentorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def home_of(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(main.split())  # as it reads, whatever the template's line breaks


def test_a_new_mentor_is_told_what_happens_next_and_what_to_do_first(client):
    page = home_of(client, MentorFactory(user=UserFactory()).user)
    assert "You have no placement yet." in page
    assert (
        "The programme team will email you when you are matched with a councillor to mentor" in page
    )
    assert "What to do first" in page
    assert "Check the details the programme team holds about you." in page
    assert f'href="{reverse("calendar_feed")}"' in page
    assert f'href="{reverse("mfa_index")}"' in page
    assert "You can change or delete a session for 14 days" in page


def test_a_new_councillor_is_told_what_happens_next_without_empty_sections(client):
    page = home_of(client, CouncillorFactory(user=UserFactory()).user)
    assert "You have no placement yet." in page
    assert "matched with a mentor, and the placement will then be listed here." in page
    assert "Check the details the programme team holds" not in page  # a mentor's step
    assert f'href="{reverse("privacy_notice")}"' in page
    # Nothing to list yet: no empty agreements or sessions sections.
    assert "No learning agreement yet." not in page
    assert "No sessions yet." not in page


def test_a_mentor_with_a_placement_sees_it_rather_than_the_first_steps(client):
    mentor = MentorFactory(user=UserFactory())
    PlacementFactory(mentors=[mentor])
    page = home_of(client, mentor.user)
    assert "You have no placement yet." not in page
    assert "What to do first" not in page
