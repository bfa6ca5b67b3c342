from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from reviews.models import Action, Recommendation, ReviewVisit


def visit_list(request):
    visits = (
        ReviewVisit.objects.visible_to(request.user)
        .select_related("council")
        .order_by("-first_day", "pk")
    )
    page = Paginator(visits, 25).get_page(request.GET.get("page"))
    return render(request, "reviews/visit_list.html", {"page": page})


def visit_detail(request, pk):
    visit = get_object_or_404(
        ReviewVisit.objects.visible_to(request.user)
        .select_related("council", "checks_visit")
        .prefetch_related(
            "peer_team",
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.order_by("number").prefetch_related(
                    Prefetch("actions", queryset=Action.objects.order_by("due_on", "pk"))
                ),
            ),
        ),
        pk=pk,
    )
    return render(request, "reviews/visit_detail.html", {"visit": visit})
