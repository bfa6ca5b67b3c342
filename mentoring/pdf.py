"""Learning agreements as tagged PDFs (PDF/UA), rendered in-process."""

from django.template.loader import render_to_string

from core.pdf import render_pdf


def agreement_pdf(agreement) -> bytes:
    mentees = list(agreement.placement.mentees.select_related("councillor", "officer"))
    # Each member agrees for themself: when each did (None: not yet).
    agreed = {m.mentee_id: m.agreed_at for m in agreement.member_agreements.all()}
    html = render_to_string(
        "mentoring/pdf/agreement.html",
        {
            "agreement": agreement,
            "goals": agreement.goals.all(),
            "reviews": agreement.reviews.all(),
            "mentors": agreement.placement.mentors.all(),
            "mentees": mentees,
            "members_agreed": [(m.person, agreed.get(m.pk)) for m in mentees],
        },
    )
    return render_pdf(html)
