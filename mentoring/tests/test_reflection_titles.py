"""The reflections page says who reads them: the mentee and their mentor, never
"private" (the mentor reads them, as mentoring/access.py allows)."""

import re

import pytest
from django.urls import reverse

from mentoring.models import Reflection
from mentoring.tests.factories import PlacementFactory
from mentoring.tests.pairs import mentee_account, mentor_account

pytestmark = pytest.mark.django_db


def title_and_heading(client, url) -> tuple[str, str]:
    page = client.get(url).content.decode()
    title = re.search(r"<title>(.*?) ·", page, re.S).group(1).strip()
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1).strip()
    return title, heading


def test_the_mentee_and_the_mentor_each_read_who_shares_the_reflections(client):
    placement = PlacementFactory()
    mentee = placement.mentees.get()
    Reflection.objects.create(mentee=mentee, text="I chaired my first meeting.")

    client.force_login(mentee_account(mentee))
    assert title_and_heading(client, reverse("reflection_list")) == (
        "Reflections, shared with your mentor",
        "Reflections, shared with your mentor",
    )
    form = client.get(reverse("reflection_create")).content.decode()
    assert "Your mentor reads your reflections too." in form
    assert "private" not in form.lower()

    client.force_login(mentor_account(placement))
    page = client.get(reverse("reflection_list")).content.decode()
    assert "Your mentees’ reflections, shared with you" in page
    assert "I chaired my first meeting." in page
    assert "Private" not in page
