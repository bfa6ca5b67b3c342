"""Ward visits: the mentor records the ward map and the visit report; the
councillor reads them on screen and as a PDF. The pair and programme managers
see them; only the placement's mentor changes them."""

import io

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from mentoring import services, ward_pdf
from mentoring.access import (
    ward_visit_editable_by,
    ward_visits_mentored_by,
    ward_visits_visible_to,
)
from mentoring.forms import WardIssueForm, WardVisitReportForm
from mentoring.models import PlacementMentee, WardIssue, WardVisitReport
from mentoring.services import ward_issue_save, ward_report_save


def _back_to(placement_id: int, anchor: str):
    """Back to the ward visit's page at the part just changed (its id in the page), not
    at the top of it."""
    return redirect(f"{reverse('ward_visit_detail', args=[placement_id])}#{anchor}")


def _ward_visit(request, pk):
    return get_object_or_404(
        ward_visits_visible_to(request.user)
        .select_related("council", "mentoring_type")
        .prefetch_related(
            "mentors",
            Prefetch(
                "mentees",
                queryset=PlacementMentee.objects.select_related("councillor", "officer"),
            ),
        ),
        pk=pk,
    )


def _mentored_ward_visit(request, pk):
    return get_object_or_404(
        ward_visits_mentored_by(request.user).select_related("council", "mentoring_type"), pk=pk
    )


def ward_visit_detail(request, pk):
    placement = _ward_visit(request, pk)
    context = ward_pdf.ward_visit_context(placement=placement)
    context["can_edit"] = ward_visit_editable_by(placement=placement, user=request.user)
    return render(request, "mentoring/ward_visit_detail.html", context)


def ward_visit_pdf(request, pk):
    placement = _ward_visit(request, pk)
    return FileResponse(
        io.BytesIO(ward_pdf.ward_visit_pdf(placement=placement)),
        as_attachment=True,
        filename=ward_pdf.ward_visit_filename(placement=placement),
        content_type="application/pdf",
    )


def ward_report_edit(request, pk):
    placement = _mentored_ward_visit(request, pk)
    report = WardVisitReport.objects.filter(placement=placement).first() or WardVisitReport(
        placement=placement
    )
    form = WardVisitReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        ward_report_save(report=form.instance)
        messages.success(request, "The visit report was saved.")
        return _back_to(placement.pk, "report-heading")
    return render(
        request, "mentoring/ward_report_form.html", {"form": form, "placement": placement}
    )


def ward_issue_create(request, pk):
    placement = _mentored_ward_visit(request, pk)
    form = WardIssueForm(request.POST or None, instance=WardIssue(placement=placement))
    if request.method == "POST" and form.is_valid():
        issue = ward_issue_save(issue=form.instance)
        messages.success(request, "The issue was added to the ward map.")
        if "add_another" in request.POST:
            return redirect("ward_issue_create", pk=placement.pk)
        return _back_to(placement.pk, f"issue-{issue.pk}")
    return render(
        request,
        "mentoring/ward_issue_form.html",
        {"form": form, "placement": placement, "issue": None},
    )


def _mentored_issue(request, pk):
    return get_object_or_404(
        WardIssue.objects.filter(
            placement__in=ward_visits_mentored_by(request.user).values("pk")
        ).select_related("placement__council", "placement__mentoring_type"),
        pk=pk,
    )


def ward_issue_edit(request, pk):
    issue = _mentored_issue(request, pk)
    form = WardIssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        ward_issue_save(issue=form.instance)
        messages.success(request, "The issue was saved.")
        return _back_to(issue.placement_id, f"issue-{issue.pk}")
    return render(
        request,
        "mentoring/ward_issue_form.html",
        {"form": form, "placement": issue.placement, "issue": issue},
    )


def ward_issue_delete(request, pk):
    """An "are you sure" page (GET), then the removal (POST)."""
    issue = _mentored_issue(request, pk)
    if request.method == "POST":
        placement_id = issue.placement_id
        services.ward_issue_delete(issue=issue)
        messages.success(request, "The issue was removed from the ward map.")
        return _back_to(placement_id, "map-heading")
    return render(request, "mentoring/ward_issue_delete.html", {"issue": issue})
