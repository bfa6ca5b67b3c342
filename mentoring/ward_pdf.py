"""The ward visit report (ward map and report) as a tagged PDF (PDF/UA-1)."""

from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import render_pdf
from mentoring.models import Placement, WardIssue, WardPriority, WardVisitReport


def ward_visit_context(*, placement: Placement) -> dict:
    """What the page and the PDF show, in a fixed number of queries. ``placement``
    comes with its mentors and mentees prefetched."""
    issues = list(WardIssue.objects.filter(placement=placement).by_priority())
    counts = {p: 0 for p in WardPriority}
    for issue in issues:
        counts[WardPriority(issue.priority)] += 1
    mentees = list(placement.mentees.all())
    wards = sorted({m.councillor.ward for m in mentees if m.councillor_id and m.councillor.ward})
    return {
        "placement": placement,
        "mentors": list(placement.mentors.all()),
        "mentees": mentees,
        "ward": ", ".join(wards),
        "issues": issues,
        "priority_counts": [(p, counts[p]) for p in WardPriority],
        "report": WardVisitReport.objects.filter(placement=placement).first(),
        "today": timezone.localdate(),
    }


def ward_visit_pdf(*, placement: Placement) -> bytes:
    html = render_to_string(
        "mentoring/pdf/ward_visit.html", ward_visit_context(placement=placement)
    )
    return render_pdf(html)


def ward_visit_filename(*, placement: Placement) -> str:
    return f"ward-visit-{placement.council.slug}-{placement.started_on:%Y-%m-%d}.pdf"
