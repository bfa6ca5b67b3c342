"""A council's monthly reports: the list, asking for a month, its progress, the PDF,
and the programme manager's narrative. Programme managers see every council's;
commissioners their own councils'; anyone else gets 404."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import roles_of
from accounts.decorators import programme_manager_required
from core.csv import csv_response
from councils.models import Council
from funding.models import Funder
from mentoring.models import Mentor
from reports import access, services, statements
from reports.filters import SORTS, ReportFilter
from reports.forms import NarrativeForm, ReportRequestForm, StatementFilterForm
from reports.models import MonthlyReport, ReportNarrative, month_label
from reports.selectors import previous_month

NOT_QUEUED = "The report could not be queued just now; try again in a few minutes."


def _council(request, slug):
    return get_object_or_404(MonthlyReport.objects.councils_visible_to(request.user), slug=slug)


def _report(request, slug, pk):
    return get_object_or_404(
        MonthlyReport.objects.visible_to(request.user).select_related("council"),
        pk=pk,
        council__slug=slug,
    )


def report_list(request, slug):
    council = _council(request, slug)
    reports = MonthlyReport.objects.visible_to(request.user).filter(council=council)
    found = ReportFilter(request.GET or None, queryset=reports)
    sort = SORTS.get(request.GET.get("sort", ""), "-month")
    page = Paginator(found.qs.order_by(sort, "-pk"), 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "reports/report_list.html",
        {
            "council": council,
            "page": page,
            "filter": found,
            "sort": request.GET.get("sort", "-month"),
            "form": ReportRequestForm(initial={"month": f"{previous_month(today):%Y-%m}"}),
            "narrative_months": [previous_month(today), today.replace(day=1)],
        },
    )


@programme_manager_required
def report_request(request, slug):
    council = _council(request, slug)
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        try:
            report = services.report_request(
                council=council, month=month, requested_by=request.user
            )
        except services.ReportNotQueued:
            messages.error(request, NOT_QUEUED)
            return redirect("report_list", slug=council.slug)
        messages.success(request, f"The report for {month_label(month)} has been asked for.")
        return redirect("report_detail", slug=council.slug, pk=report.pk)
    return render(request, "reports/report_request.html", {"council": council, "form": form})


def report_detail(request, slug, pk):
    """The report's progress: checks again (static/js/report-progress.js) until it is ready or failed."""
    report = _report(request, slug, pk)
    polling = not report.is_finished and request.GET.get("refresh") != "off"
    return render(
        request,
        "reports/report_detail.html",
        {"report": report, "council": report.council, "polling": polling},
    )


def report_download(request, slug, pk):
    report = _report(request, slug, pk)
    if not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=report.download_name, content_type="application/pdf"
    )


@programme_manager_required
def narrative_edit(request, slug, year, month):
    council = _council(request, slug)
    try:
        first = datetime.date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404 from None
    narrative = ReportNarrative.objects.filter(council=council, month=first).first()
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST" and form.is_valid():
        services.narrative_save(
            council=council, month=first, text=form.cleaned_data["text"], user=request.user
        )
        messages.success(request, f"The narrative for {month_label(first)} is saved.")
        return redirect("report_list", slug=council.slug)
    report = MonthlyReport.objects.filter(council=council, month=first).first()
    return render(
        request,
        "reports/narrative_form.html",
        {"council": council, "month": first, "form": form, "report": report,
         "narrative": narrative},
    )  # fmt: skip


# Mentors' monthly statements and the recharge schedules (reports/statements.py).


def _filter_form(request, *, with_mentor=True, latest_month_first=False):
    """The filters asked for. With ``latest_month_first``, a list not narrowed by a month
    or a mentor shows the latest month with approved claims, not every month of the
    programme at once (the filter offers the others)."""
    form = StatementFilterForm(request.GET or None, with_mentor=with_mentor)
    wanted = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if latest_month_first and not (wanted.get("month") or wanted.get("mentor")):
        latest = statements.latest_month()
        if latest:
            wanted = {**wanted, "month": latest}
            if not form.is_bound:
                form = StatementFilterForm(
                    initial={"month": f"{latest:%Y-%m}"}, with_mentor=with_mentor
                )
    return form, wanted


def statement_list(request):
    if not access.may_read_statements(request.user):
        raise Http404
    is_manager = roles_of(request.user).is_programme_manager
    form, wanted = _filter_form(request, with_mentor=is_manager, latest_month_first=is_manager)
    rows = statements.statement_months(
        request.user, month=wanted.get("month"), search=wanted.get("mentor", "")
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/statement_list.html",
        {"page": page, "form": form, "is_manager": is_manager, "month": wanted.get("month")},
    )


def _statement(request, mentor_pk, year, month):
    first = statements.month_of(year, month)
    if first is None:
        raise Http404
    mentor = get_object_or_404(
        access.statement_mentors_visible_to(Mentor.objects.all(), request.user), pk=mentor_pk
    )
    return statements.statement_of(mentor=mentor, month=first)


def statement_detail(request, mentor_pk, year, month):
    statement = _statement(request, mentor_pk, year, month)
    return render(request, "reports/statement_detail.html", {"statement": statement})


def statement_pdf(request, mentor_pk, year, month):
    from reports.pdf import statement_pdf as render_statement

    statement = _statement(request, mentor_pk, year, month)
    response = HttpResponse(render_statement(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement.filename}.pdf"'
    return response


def statement_csv(request, mentor_pk, year, month):
    statement = _statement(request, mentor_pk, year, month)
    return csv_response(
        f"{statement.filename}.csv",
        statements.STATEMENT_CSV_HEADER,
        statements.statement_csv_rows(statement),
    )


@programme_manager_required
def recharge_list(request):
    form, wanted = _filter_form(request, with_mentor=False, latest_month_first=True)
    rows = statements.recharge_months(month=wanted.get("month"))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/recharge_list.html",
        {"page": page, "form": form, "month": wanted.get("month")},
    )


def _recharge(council_slug, funder_pk, year, month):
    first = statements.month_of(year, month)
    if first is None:
        raise Http404
    council = get_object_or_404(Council, slug=council_slug)
    funder = get_object_or_404(Funder, pk=funder_pk)
    return statements.recharge_schedule_of(council=council, funder=funder, month=first)


@programme_manager_required
def recharge_csv(request, council_slug, funder_pk, year, month):
    schedule = _recharge(council_slug, funder_pk, year, month)
    return csv_response(
        f"{schedule.filename}.csv",
        statements.RECHARGE_CSV_HEADER,
        statements.recharge_csv_rows(schedule),
    )


@programme_manager_required
def recharge_pdf(request, council_slug, funder_pk, year, month):
    from reports.pdf import recharge_pdf as render_recharge

    schedule = _recharge(council_slug, funder_pk, year, month)
    response = HttpResponse(render_recharge(schedule), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{schedule.filename}.pdf"'
    return response
