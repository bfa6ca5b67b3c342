"""Learning agreements as tagged PDFs (PDF/UA), rendered in-process."""

from django.template.loader import render_to_string

from core.pdf import render_pdf


def agreement_pdf(agreement) -> bytes:
    html = render_to_string(
        "mentoring/pdf/agreement.html",
        {
            "agreement": agreement,
            "goals": agreement.goals.all(),
            "reviews": agreement.reviews.all(),
            "mentors": agreement.placement.mentors.all(),
            "mentees": agreement.placement.mentees.select_related("councillor", "officer"),
        },
    )
    return render_pdf(html)
