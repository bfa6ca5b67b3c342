"""The action plan of a review visit as a tagged PDF (PDF/UA-1) for scrutiny."""

import datetime

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import render_pdf
from reviews.models import RAG, Action, Recommendation, ReviewVisit


def action_plan_context(*, visit: ReviewVisit, today: datetime.date | None = None) -> dict:
    """What the PDF shows, read in a fixed number of queries whatever the plan's size."""
    today = today or timezone.localdate()
    recommendations = list(
        Recommendation.objects.filter(visit=visit)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.with_latest_update().order_by("due_on", "pk"),
            )
        )
    )
    counts = {rag: 0 for rag in RAG}
    overdue = 0
    for recommendation in recommendations:
        for action in recommendation.actions.all():
            counts[RAG(action.rag)] += 1
            action.overdue = action.is_overdue(today)
            overdue += action.overdue
            action.latest_update_rag_label = (
                RAG(action.latest_update_rag).label if action.latest_update_rag else ""
            )
    return {
        "visit": visit,
        "recommendations": recommendations,
        "rag_counts": [(rag, counts[rag]) for rag in RAG],
        "overdue_count": overdue,
        "today": today,
    }


def action_plan_pdf(*, visit: ReviewVisit, today: datetime.date | None = None) -> bytes:
    """The action plan of ``visit``: council, visit, date, each recommendation with its
    actions, owners, due dates, RAG (a word beside its colour) and latest update."""
    html = render_to_string(
        "reviews/pdf/action_plan.html", action_plan_context(visit=visit, today=today)
    )
    return render_pdf(html)


def action_plan_filename(*, visit: ReviewVisit, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"action-plan-{visit.council.slug}-{visit.first_day:%Y-%m}-{today:%Y-%m-%d}.pdf"
