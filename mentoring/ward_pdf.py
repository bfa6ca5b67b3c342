"""The ward visit report (ward map and report) as a tagged PDF (PDF/UA-1)."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring.models import Placement, WardIssue, WardPriority, WardVisitReport

# WeasyPrint reports each step of each render at INFO; keep the log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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
    import weasyprint  # imported when first needed: it loads its stylesheets at import

    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1")


def ward_visit_filename(*, placement: Placement) -> str:
    return f"ward-visit-{placement.council.slug}-{placement.started_on:%Y-%m-%d}.pdf"
