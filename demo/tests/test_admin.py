"""The Django admin over the demo data: every page answers, no confidential text shows."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from mentoring.models import (
    Placement,
    PlacementStatus,
    Reflection,
    Session,
    SessionMode,
    SessionNote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def admin_client(client, demo):
    client.force_login(User.objects.get(email="admin@demo.example.org"))
    return client


def confidential_texts():
    texts = set()
    for note in SessionNote.objects.all():
        texts |= {note.notes, note.actions_agreed}
    texts |= set(Reflection.objects.values_list("text", flat=True))
    return {t for t in texts if t}


def test_every_admin_changelist_add_and_change_page_answers_without_confidential_text(
    admin_client,
):
    secrets = confidential_texts()
    assert secrets
    request = _request(admin_client)
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = admin_client.get(url)
        assert response.status_code == 200, url
        obj = model_admin.get_queryset(request).first()
        pages = [response]
        if model_admin.has_add_permission(request):
            add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
            pages.append(admin_client.get(add))
            assert pages[-1].status_code == 200, add
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            pages.append(admin_client.get(change))
            assert pages[-1].status_code == 200, change
        for page in pages:
            html = page.content.decode()
            for secret in secrets:
                assert secret not in html, f"confidential text on {page.request['PATH_INFO']}"


def _request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = User.objects.get(email="admin@demo.example.org")
    return request


def test_confidential_notes_have_no_admin_page_and_cannot_be_searched(admin_client):
    assert SessionNote not in admin.site._registry
    assert Reflection not in admin.site._registry
    # "talked" appears only in the demo's confidential notes.
    response = admin_client.get(reverse("admin:mentoring_session_changelist"), {"q": "talked"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_a_session_is_added_in_the_admin_and_shows_its_attendees_once_saved(admin_client):
    placement = Placement.objects.filter(status=PlacementStatus.ACTIVE).first()
    mentor = placement.mentors.first()
    url = reverse("admin:mentoring_session_add")
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "attendees" not in page.context["adminform"].form.fields
    response = admin_client.post(
        url,
        {
            "placement": placement.pk,
            "held_on": placement.started_on.isoformat(),
            "duration_minutes": 60,
            "mode": SessionMode.FACE_TO_FACE,
            "logged_by": mentor.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    session = Session.objects.filter(placement=placement).latest("pk")
    change = admin_client.get(reverse("admin:mentoring_session_change", args=[session.pk]))
    assert change.status_code == 200
    assert "Attendees" in change.content.decode()


def test_the_session_admin_shows_that_a_note_exists(admin_client):
    session_note = SessionNote.objects.select_related("session").first()
    response = admin_client.get(
        reverse("admin:mentoring_session_change", args=[session_note.session_id])
    )
    assert "confidential note" in response.content.decode().lower()
