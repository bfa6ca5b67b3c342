"""Pages over review visits, their recommendations and the action plan.

Every read goes through ``visible_to(user)``; a visit outside a person's view
answers 404. Changes are for programme managers only and go through
``reviews.services``.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import programme_manager_required
from reviews import pdf, services
from reviews.filters import ReviewVisitFilter
from reviews.forms import (
    ActionForm,
    PeerTeamFormSet,
    ProgressUpdateForm,
    RecommendationForm,
    ReopenForm,
    ReviewVisitForm,
    VisitDocumentForm,
    VisitStatusForm,
)
from reviews.models import (
    RAG,
    Action,
    ProgressUpdate,
    Recommendation,
    ReviewVisit,
    VisitDocument,
    VisitStatus,
    VisitStatusChange,
)

# ?sort= keys of the visit list and the ordering each stands for.
SORTS = {
    "first_day": ("first_day", "pk"),
    "-first_day": ("-first_day", "-pk"),
    "council": ("council__name", "-first_day", "pk"),
    "-council": ("-council__name", "-first_day", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "kind": ("kind", "-first_day", "pk"),
    "-kind": ("-kind", "-first_day", "pk"),
    "status": ("status", "-first_day", "pk"),
    "-status": ("-status", "-first_day", "pk"),
}
DEFAULT_SORT = "-first_day"


def _visits(request):
    return ReviewVisit.objects.visible_to(request.user)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _back_to(name: str, pk: int, anchor: str):
    """A redirect to a long page, at the item just changed (its id in the page), so
    the person lands where they were rather than at the top."""
    return redirect(f"{reverse(name, args=[pk])}#{anchor}")


# Visits ----------------------------------------------------------------------------


def visit_list(request):
    visible = _visits(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else DEFAULT_SORT
    filterset = ReviewVisitFilter(request.GET or None, queryset=visible, request=request)
    # A subquery per row shown, rather than a join and GROUP BY over every visit
    # (which the page's count would repeat).
    recommendations = (
        Recommendation.objects.filter(visit=OuterRef("pk"))
        .order_by()
        .values("visit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    visits = filterset.qs.select_related("council").annotate(
        recommendation_count=Coalesce(Subquery(recommendations), 0)
    )
    page = Paginator(visits.order_by(*SORTS[sort]), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/visit_list.html",
        {
            "page": page,
            "filter": filterset,
            "sort": sort,
            "filtered": any(request.GET.get(name) for name in filterset.filters),
        },
    )


def visit_detail(request, pk):
    visit = get_object_or_404(
        _visits(request)
        .select_related("council", "checks_visit")
        .prefetch_related(
            "peer_team",
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.order_by("number").annotate(
                    action_count=Count("actions")
                ),
            ),
            Prefetch("documents", queryset=VisitDocument.objects.order_by("kind", "-uploaded_at")),
            Prefetch(
                "status_changes",
                queryset=VisitStatusChange.objects.select_related("changed_by").order_by(
                    "-changed_at", "-pk"
                ),
            ),
        )
        .annotate(
            checked_visit_visible=Exists(_visits(request).filter(pk=OuterRef("checks_visit")))
        ),
        pk=pk,
    )
    checked, check_ins = None, []
    if visit.checks_visit_id:
        if visit.checked_visit_visible:
            checked = _check_in_progress(visit)
    else:
        check_ins = _visits(request).filter(checks_visit=visit).order_by("first_day")
    return render(
        request,
        "reviews/visit_detail.html",
        {"visit": visit, "checked": checked, "check_ins": check_ins},
    )


def _check_in_progress(check_in: ReviewVisit) -> dict:
    """The checked visit's recommendations with the action plan's progress since that
    visit: the updates written after its last day on site."""
    checked = check_in.checks_visit
    since = checked.last_day
    recommendations = (
        Recommendation.objects.filter(visit=checked)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("due_on", "pk").prefetch_related(
                    Prefetch(
                        "updates",
                        queryset=ProgressUpdate.objects.filter(written_on__gt=since)
                        .select_related("written_by")
                        .order_by("-written_on", "-pk"),
                        to_attr="updates_since",
                    )
                ),
            )
        )
    )
    return {"visit": checked, "since": since, "recommendations": recommendations}


@programme_manager_required
def visit_create(request):
    form = ReviewVisitForm(request.POST or None, initial=request.GET.dict())
    peer_team = PeerTeamFormSet(request.POST or None, prefix="peers")
    if request.method == "POST" and form.is_valid() and peer_team.is_valid():
        visit = services.visit_save(form=form, peer_team=peer_team)
        messages.success(request, f"The visit “{visit.title}” was added. It is planned.")
        return redirect("visit_detail", pk=visit.pk)
    return render(
        request, "reviews/visit_form.html", {"form": form, "peer_team": peer_team, "visit": None}
    )


@programme_manager_required
def visit_edit(request, pk):
    visit = get_object_or_404(_visits(request).select_related("council"), pk=pk)
    if visit.is_published:
        messages.warning(request, services.LOCKED_MESSAGE)
        return redirect("visit_detail", pk=visit.pk)
    form = ReviewVisitForm(request.POST or None, instance=visit)
    peer_team = PeerTeamFormSet(request.POST or None, instance=visit, prefix="peers")
    if request.method == "POST" and form.is_valid() and peer_team.is_valid():
        try:
            services.visit_save(form=form, peer_team=peer_team)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("visit_detail", pk=visit.pk)
        messages.success(request, "The visit was saved.")
        return redirect("visit_detail", pk=visit.pk)
    return render(
        request, "reviews/visit_form.html", {"form": form, "peer_team": peer_team, "visit": visit}
    )


@programme_manager_required
def visit_status(request, pk):
    """GET asks which status and "are you sure"; POST changes it."""
    visit = get_object_or_404(_visits(request).select_related("council"), pk=pk)
    if visit.is_published:
        messages.info(request, "This visit is published. Reopen it to change its status.")
        return redirect("visit_reopen", pk=visit.pk)
    initial = {"to_status": request.GET.get("to")} if request.GET.get("to") else {}
    form = VisitStatusForm(request.POST or None, visit=visit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_change_status(
                visit=visit,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                published_on=form.cleaned_data.get("published_on"),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"The visit is now {visit.get_status_display().lower()}.")
            return redirect("visit_detail", pk=visit.pk)
    return render(
        request,
        "reviews/visit_status.html",
        {
            "visit": visit,
            "form": form,
            "can_publish": VisitStatus.PUBLISHED in visit.next_statuses(),
        },
    )


@programme_manager_required
def visit_reopen(request, pk):
    visit = get_object_or_404(_visits(request).select_related("council"), pk=pk)
    if not visit.is_published:
        messages.info(request, "This visit is not published, so it is open to changes.")
        return redirect("visit_detail", pk=visit.pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_reopen(visit=visit, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "The visit was reopened; its report is a draft again.")
            return redirect("visit_detail", pk=visit.pk)
    return render(request, "reviews/visit_reopen.html", {"visit": visit, "form": form})


# Recommendations and the action plan ----------------------------------------------


@programme_manager_required
def recommendation_create(request, pk):
    visit = get_object_or_404(_visits(request).select_related("council"), pk=pk)
    if visit.is_published:
        messages.warning(request, services.LOCKED_MESSAGE)
        return redirect("visit_detail", pk=visit.pk)
    form = RecommendationForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_save(recommendation=form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Recommendation {recommendation.number} was added.")
            if "add_another" in request.POST:
                return redirect("recommendation_create", pk=visit.pk)
            return _back_to("visit_detail", visit.pk, f"recommendation-{recommendation.pk}")
    return render(
        request,
        "reviews/recommendation_form.html",
        {"visit": visit, "form": form, "recommendation": None},
    )


@programme_manager_required
def recommendation_edit(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.visible_to(request.user).select_related("visit__council"), pk=pk
    )
    visit = recommendation.visit
    if visit.is_published:
        messages.warning(request, services.LOCKED_MESSAGE)
        return redirect("visit_detail", pk=visit.pk)
    form = RecommendationForm(request.POST or None, instance=recommendation, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_save(recommendation=form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Recommendation {recommendation.number} was saved.")
            return _back_to("visit_detail", visit.pk, f"recommendation-{recommendation.pk}")
    return render(
        request,
        "reviews/recommendation_form.html",
        {"visit": visit, "form": form, "recommendation": recommendation},
    )


def action_plan(request, pk):
    visit = get_object_or_404(_visits(request).select_related("council"), pk=pk)
    today = timezone.localdate()
    # Prefetched into lists (to_attr): no related manager and queryset per row.
    recommendations = list(
        Recommendation.objects.filter(visit=visit)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("due_on", "pk").prefetch_related(
                    Prefetch(
                        "updates",
                        queryset=ProgressUpdate.objects.select_related("written_by").order_by(
                            "-written_on", "-pk"
                        ),
                        to_attr="update_list",
                    )
                ),
                to_attr="action_list",
            )
        )
    )
    actions = Action.objects.filter(recommendation__visit=visit)
    counts = actions.aggregate(
        **{rag.value: Count("pk", filter=Q(rag=rag)) for rag in RAG},
    )
    overdue = (
        actions.overdue(today)
        .select_related("recommendation")
        .order_by("due_on", "recommendation__number", "pk")
    )
    return render(
        request,
        "reviews/action_plan.html",
        {
            "visit": visit,
            "recommendations": recommendations,
            "rag_counts": [(rag, counts[rag.value]) for rag in RAG],
            "overdue": overdue,
            "today": today,
        },
    )


def action_plan_pdf(request, pk):
    visit = get_object_or_404(_visits(request).select_related("council"), pk=pk)
    today = timezone.localdate()
    data = pdf.action_plan_pdf(visit=visit, today=today)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=pdf.action_plan_filename(visit=visit, today=today),
        content_type="application/pdf",
    )


@programme_manager_required
def action_create(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.visible_to(request.user).select_related("visit__council"), pk=pk
    )
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.recommendation = recommendation
        try:
            action = services.action_save(action=form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, f"The action was added to recommendation {recommendation.number}."
            )
            if "add_another" in request.POST:
                return redirect("action_create", pk=recommendation.pk)
            return _back_to("action_plan", recommendation.visit_id, f"action-{action.pk}")
    return render(
        request,
        "reviews/action_form.html",
        {"recommendation": recommendation, "visit": recommendation.visit, "form": form},
    )


@programme_manager_required
def action_edit(request, pk):
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("recommendation__visit__council"),
        pk=pk,
    )
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(action=form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The action was saved.")
            return _back_to("action_plan", action.recommendation.visit_id, f"action-{action.pk}")
    return render(
        request,
        "reviews/action_form.html",
        {
            "recommendation": action.recommendation,
            "visit": action.recommendation.visit,
            "form": form,
            "action": action,
        },
    )


@programme_manager_required
def progress_update_create(request, pk):
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("recommendation__visit__council"),
        pk=pk,
    )
    form = ProgressUpdateForm(
        request.POST or None, initial={"written_on": timezone.localdate(), "rag": action.rag}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_update_add(
                action=action,
                text=data["text"],
                rag=data["rag"],
                written_on=data["written_on"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, f"The update was added; the action is {action.get_rag_display()}."
            )
            return _back_to("action_plan", action.recommendation.visit_id, f"action-{action.pk}")
    return render(
        request,
        "reviews/progress_update_form.html",
        {"action": action, "visit": action.recommendation.visit, "form": form},
    )


# Documents -------------------------------------------------------------------------


@programme_manager_required
def document_upload(request, pk):
    visit = get_object_or_404(_visits(request).select_related("council"), pk=pk)
    if visit.is_published:
        messages.warning(request, services.DOCUMENTS_LOCKED_MESSAGE)
        return redirect("visit_detail", pk=visit.pk)
    form = VisitDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.visit_document_add(
                visit=visit,
                file=data["file"],
                kind=data["kind"],
                title=data["title"],
                by=request.user,
            )
        except ValidationError as error:
            if services.DOCUMENTS_LOCKED_MESSAGE in error.messages:
                # Published while the form was being filled in.
                messages.warning(request, services.DOCUMENTS_LOCKED_MESSAGE)
                return redirect("visit_detail", pk=visit.pk)
            form.add_error("file", error)
        else:
            messages.success(request, f"“{document.title}” was uploaded.")
            return redirect("visit_detail", pk=visit.pk)
    return render(
        request,
        "reviews/document_form.html",
        {"visit": visit, "form": form, "max_bytes": settings.REVIEW_DOCUMENT_MAX_BYTES},
    )


def document_download(request, pk):
    """Only through this view, to those who may see the visit: never a public media URL."""
    document = get_object_or_404(VisitDocument.objects.visible_to(request.user), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@programme_manager_required
def document_delete(request, pk):
    """GET asks "are you sure"; POST removes the document and its stored file."""
    document = get_object_or_404(
        VisitDocument.objects.visible_to(request.user).select_related("visit__council"), pk=pk
    )
    visit = document.visit
    if visit.is_published:
        messages.warning(request, services.LOCKED_MESSAGE)
        return redirect("visit_detail", pk=visit.pk)
    if request.method == "POST":
        try:
            services.visit_document_remove(document=document)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, f"“{document.title}” was removed.")
        return redirect("visit_detail", pk=visit.pk)
    return render(
        request, "reviews/document_confirm_delete.html", {"document": document, "visit": visit}
    )
