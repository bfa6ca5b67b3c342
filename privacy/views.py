"""The privacy notice, a person's own data, and programme managers' subject access
and erasure pages."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.decorators import programme_manager_required
from core.csv import csv_response
from councils.models import Councillor, Officer
from mentoring.models import Mentor
from privacy import exports, services
from privacy.forms import EraseForm, PersonSearchForm
from privacy.models import ErasureTrigger
from privacy.people import KINDS, person_of

logger = logging.getLogger(__name__)

RESULTS_PER_KIND = 25


def _download(export: dict, fmt: str) -> HttpResponse:
    if fmt not in exports.WRITERS:
        raise Http404
    if fmt == "csv":
        return csv_response(
            exports.filename(export, fmt), exports.CSV_HEADER, exports.csv_rows(export)
        )
    write, content_type = exports.WRITERS[fmt]
    response = HttpResponse(write(export), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(export, fmt)}"'
    return response


def _person_or_404(kind: str, pk: int):
    if kind not in KINDS:
        raise Http404
    person = services.person_from(kind, pk)
    if person is None:
        raise Http404
    return person


@login_not_required
@require_GET
def privacy_notice(request):
    return render(
        request,
        "privacy/notice.html",
        {
            "retention_years": settings.PRIVACY_RETENTION_YEARS,
            "confidential_days": settings.CONFIDENTIAL_RETENTION_DAYS,
        },
    )


@require_GET
def my_data(request):
    return render(request, "privacy/my_data.html", {"person": person_of(request.user)})


@require_GET
def my_data_export(request, fmt):
    if fmt not in exports.WRITERS:
        raise Http404
    person = person_of(request.user)
    export = services.subject_access_export(person, request.user)
    logger.info("Own personal data downloaded (%s) by account #%s.", fmt, request.user.pk)
    return _download(export, fmt)


@programme_manager_required
@require_GET
def people(request):
    form = PersonSearchForm(request.GET or None)
    results = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        q = form.cleaned_data["q"].strip()
        match = Q(full_name__icontains=q) | Q(email__icontains=q)
        for kind, queryset in (
            ("councillor", Councillor.objects.select_related("council")),
            ("officer", Officer.objects.select_related("council")),
            ("mentor", Mentor.objects.select_related("council")),
        ):
            for record in queryset.filter(match).order_by("full_name", "pk")[:RESULTS_PER_KIND]:
                results.append((kind, record))
    due = services.due_for_erasure(timezone.localdate())
    return render(
        request,
        "privacy/people.html",
        {
            "form": form,
            "results": results,
            "searched": form.is_bound,
            "due": due,
            "retention_years": settings.PRIVACY_RETENTION_YEARS,
        },
    )


@programme_manager_required
@require_GET
def person_detail(request, kind, pk):
    person = _person_or_404(kind, pk)
    retention = services.retention_of(person, today=timezone.localdate())
    return render(
        request,
        "privacy/person.html",
        {
            "kind": kind,
            "pk": pk,
            "person": person,
            "erased": retention.erased,
            "blockers": retention.blockers,
            "retention_starts_on": retention.starts_on,
            "erasure_due_on": retention.erasure_due_on,
            "retention_years": settings.PRIVACY_RETENTION_YEARS,
        },
    )


@programme_manager_required
@require_GET
def person_export(request, kind, pk, fmt):
    person = _person_or_404(kind, pk)
    if fmt not in exports.WRITERS:
        raise Http404
    export = services.subject_access_export(person, request.user)
    logger.info(
        "Personal data of %s exported (%s) by account #%s.",
        person.description,
        fmt,
        request.user.pk,
    )
    return _download(export, fmt)


@programme_manager_required
def person_erase(request, kind, pk):
    """An "are you sure" page where the manager types the name (GET), then erasure (POST).
    Only for former councillors and officers and inactive mentors."""
    person = _person_or_404(kind, pk)
    today = timezone.localdate()
    blockers = services.erasure_blockers(person, today=today)
    form = EraseForm(request.POST or None, name=person.display_name)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.erase(
                person, trigger=ErasureTrigger.REQUEST, requested_by=request.user, today=today
            )
        except ValidationError as error:
            blockers = error.messages
        else:
            logger.info(
                "Personal data of %s erased by account #%s.", person.description, request.user.pk
            )
            messages.success(
                request,
                "Their personal data was erased: their records are anonymised and their "
                "account can no longer sign in. Placements and sessions stay in the figures.",
            )
            return redirect("privacy_person", kind=kind, pk=pk)
    return render(
        request,
        "privacy/erase.html",
        {"kind": kind, "pk": pk, "person": person, "blockers": blockers, "form": form},
    )
