"""Learning agreements as tagged PDFs (PDF/UA), rendered in-process."""

from django.template.loader import render_to_string


def agreement_pdf(agreement) -> bytes:
    from weasyprint import HTML

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
    return HTML(string=html, base_url="/").write_pdf(pdf_variant="pdf/ua-1")
