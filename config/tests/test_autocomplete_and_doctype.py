"""Fields about people say what the browser may fill in (WCAG 1.3.5), and no page prints
template text before its <!DOCTYPE> (a comment over two lines did, on /accounts/email/).

A field about the person filling in the form carries its purpose (autocomplete="email");
a field about someone else (a councillor typed in by a programme manager) carries
autocomplete="off", so the browser does not offer the manager's own name and address.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "accounts.forms",
    "councils.forms",
    "mentoring.forms",
    "privacy.forms",
    "reports.forms",
    "reviews.forms",
]
PERSONAL = re.compile(
    r"(^|_)(name|full_name|email|organisation|organization|phone|telephone|tel|address|postcode)$"
)
NOT_PERSONAL = {"councils.forms.CouncilForm.name"}  # a council's name is no person's


def declared_forms():
    """Every form class and formset form the apps declare, with its module."""
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) != module_name and not hasattr(value, "form"):
                continue
            form = getattr(value, "form", value)  # a formset's form
            if inspect.isclass(form) and issubclass(form, forms.BaseForm):
                yield f"{module_name}.{name}", form


def test_every_personal_field_of_our_forms_says_what_may_be_filled_in():
    checked = []
    for where, form in declared_forms():
        for name, field in form.base_fields.items():
            personal = PERSONAL.search(name) or isinstance(field.widget, forms.EmailInput)
            if not personal or f"{where}.{name}" in NOT_PERSONAL or field.widget.is_hidden:
                continue
            checked.append(f"{where}.{name}")
            assert "autocomplete" in field.widget.attrs, f"{where}.{name} has no autocomplete"
    # The forms that type in other people's details were found.
    for expected in (
        "accounts.forms.InvitationForm.email",
        "councils.forms.CouncillorForm.full_name",
        "mentoring.forms.MentorForm.organisation",
        "reviews.forms.PeerTeamFormSet.name",
    ):
        assert expected in checked


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("account_login", "login"),
        ("account_reset_password", "email"),
        ("account_request_login_code", "email"),
    ],
)
def test_the_sign_in_pages_let_the_browser_fill_in_your_own_email_address(client, url_name, field):
    page = client.get(reverse(url_name)).content.decode()
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', page).group(0)
    assert 'autocomplete="email"' in tag


def test_the_email_address_page_is_a_standards_mode_page_with_autocomplete(client):
    client.force_login(UserFactory())
    page = client.get(reverse("account_email")).content.decode()
    assert page.startswith("<!DOCTYPE html>")
    assert page.index("<title>") > page.index("<head>")
    tag = re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    assert 'autocomplete="email"' in tag


def test_no_template_has_a_comment_over_several_lines():
    """{# #} ends on its own line; one left open is printed on the page as text."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    open_comments = [
        f"{path.relative_to(folder)}:{number}"
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in (".html", ".txt", ".css", ".ics", ".xml")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert open_comments == []


def test_the_sign_in_page_has_one_link_to_reset_a_forgotten_password(client):
    page = client.get(reverse("account_login")).content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count(f'href="{reverse("account_reset_password")}"') == 1
    assert "Forgotten your password?" in main
    assert "Forgot your password?" not in main
