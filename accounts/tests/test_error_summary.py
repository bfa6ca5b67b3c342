"""The GOV.UK error pattern on a form sent with mistakes: "Error: " before the page's
title, a summary at the top of the main content linking to each field, and each
field's message above its input, saying what to enter.

The accessibility sweep sends every form of every page empty and checks the same in
Chromium (config/tests/checks_errors.py), focus on the summary included; these check
the page itself, form by form, without a browser.
"""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from mentoring.tests.pairs import signed_in_pair

pytestmark = pytest.mark.django_db


def title(body: str) -> str:
    return re.search(r"<title>(.*?)</title>", body, re.S).group(1).strip()


def summary(body: str) -> str:
    match = re.search(r'<div class="error-summary".*?</ul>', body, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_a_session_sent_empty_says_what_to_enter_at_the_top_and_above_each_field():
    placement, mentor, _ = signed_in_pair()

    empty = {"held_on": "", "duration_minutes": "", "mode": "", "notes": ""}
    body = mentor.post(reverse("session_create", args=[placement.pk]), empty).content.decode()

    assert title(body).startswith("Error: Log a session")
    box = summary(body)
    assert "There is a problem" in box
    assert 'tabindex="-1"' in box
    assert '<a href="#id_held_on">Enter the date the session was held.</a>' in box
    assert (
        '<a href="#id_duration_minutes">Enter how long the session lasted, in minutes.</a>' in box
    )
    assert '<a href="#id_mode">Choose how you met.</a>' in box
    assert "This field is required." not in body
    # The summary comes before the page's heading, and each message before its input.
    assert body.index("There is a problem") < body.index("<h1")
    message = body.index("Enter the date the session was held.", body.index("<h1"))
    assert message < re.search(r'<input[^>]*id="id_held_on"', body).start()
    assert (
        '<span class="visually-hidden">Error: </span>Enter the date the session was held.' in body
    )
    assert "js/error-summary.js" in body


class Meeting(forms.Form):
    held_on = forms.DateField(error_messages={"required": "Enter the date of the meeting."})
    kind = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting."},
    )

    def clean(self):
        raise forms.ValidationError("Meetings cannot be booked this week.")


def test_every_form_and_formset_of_the_page_is_summed_up_and_whole_form_errors_are_not_links():
    meetings = forms.formset_factory(Meeting, extra=0, min_num=1)
    sent = {"more-TOTAL_FORMS": "1", "more-INITIAL_FORMS": "0"}
    context = {"form": Meeting(data={}), "others": meetings(data=sent, prefix="more")}

    box = Template("{% load error_summary %}{% error_summary %}").render(Context(context))

    assert "<li>Meetings cannot be booked this week.</li>" in box
    assert '<a href="#id_held_on">Enter the date of the meeting.</a>' in box
    # A group of radio buttons is reached through its first button.
    assert '<a href="#id_kind_0">Choose the kind of meeting.</a>' in box
    # Each form of a formset, by its own field ids.
    assert '<a href="#id_more-0-held_on">Enter the date of the meeting.</a>' in box


def test_a_page_without_errors_has_no_summary_and_a_plain_title():
    placement, mentor, _ = signed_in_pair()

    body = mentor.get(reverse("session_create", args=[placement.pk])).content.decode()

    assert "error-summary" not in body
    assert not title(body).startswith("Error:")


def test_signing_in_with_nothing_typed_asks_for_the_email_address_and_password():
    body = Client().post(reverse("account_login"), {"login": "", "password": ""}).content.decode()

    assert title(body).startswith("Error: Sign in")
    box = summary(body)
    assert '<a href="#id_login">Enter your email address.</a>' in box
    assert '<a href="#id_password">Enter your password.</a>' in box
