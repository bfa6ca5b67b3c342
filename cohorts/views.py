"""Cohort runs: the programme manager matches an intake in one run, checks the drafts,
changes or discards some and publishes the others as placements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import programme_manager_required
from cohorts import services
from cohorts.forms import CohortRunForm, DraftMentorForm, PublishForm
from cohorts.models import CohortRun, DraftMatch, DraftStatus
from councils.models import Council
from mentoring.forms import RecordsField


def _run(request, pk):
    return get_object_or_404(
        CohortRun.objects.visible_to(request.user).select_related(
            "council", "mentoring_type", "election"
        ),
        pk=pk,
    )


@programme_manager_required
def run_list(request):
    runs = (
        CohortRun.objects.visible_to(request.user)
        .select_related("council", "mentoring_type", "made_by")
        .annotate(
            **{
                status: Count("drafts", filter=Q(drafts__status=status))
                for status in DraftStatus.values
            }
        )[:50]
    )
    return render(request, "cohorts/run_list.html", {"runs": runs})


@programme_manager_required
def run_create(request):
    initial = {}
    council = request.GET.get("council", "")
    if council.isascii() and council.isdigit() and len(council) < 18:
        initial["council"] = Council.objects.current().filter(pk=council).first()
    form = CohortRunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = services.cohort_run_make(
            council=data["council"],
            mentoring_type=data["mentoring_type"],
            intake=data["intake"],
            started_on=data["started_on"],
            planned_end_on=data["planned_end_on"],
            mentor_days_agreed=data["mentor_days_agreed"],
            funding=data["funding"],
            by=request.user,
            mentees=form.mentees,
        )
        count = len(form.mentees)
        messages.success(request, f"{count} councillor{pluralize(count)} matched as drafts.")
        return redirect("cohort_run_detail", pk=run.pk)
    return render(request, "cohorts/run_form.html", {"form": form})


@programme_manager_required
def run_detail(request, pk):
    run = _run(request, pk)
    drafts = list(
        run.drafts.select_related("councillor__party", "mentor__council", "placement").order_by(
            "councillor__full_name", "pk"
        )
    )
    counts = {status: 0 for status in DraftStatus.values}
    for draft in drafts:
        counts[draft.status] += 1
    return render(
        request,
        "cohorts/run_detail.html",
        {
            "run": run,
            "drafts": drafts,
            "counts": counts,
            "limit": services.run_limit(run.mentoring_type),
        },
    )


def _draft(request, pk, draft_pk):
    """The draft with its run, read together (the page to change it asks the whole pool
    for suggestions as well: its queries are counted)."""
    draft = get_object_or_404(
        DraftMatch.objects.filter(
            run__in=CohortRun.objects.visible_to(request.user)
        ).select_related(
            "run__council", "run__mentoring_type", "run__election", "councillor", "mentor"
        ),
        pk=draft_pk,
        run_id=pk,
    )
    return draft.run, draft


@programme_manager_required
def draft_edit(request, pk, draft_pk):
    run, draft = _draft(request, pk, draft_pk)
    if draft.status != DraftStatus.DRAFT:
        messages.error(request, "Only a draft can be changed: this one is published or discarded.")
        return redirect("cohort_run_detail", pk=run.pk)
    suggestions = services.draft_choices(draft)
    form = DraftMentorForm(
        request.POST or None,
        suggestions=suggestions,
        initial={"mentor": draft.mentor_id},
    )
    if request.method == "POST" and form.is_valid():
        services.draft_change_mentor(draft=draft, suggestion=form.suggestion)
        messages.success(request, f"{draft.councillor} is now matched with {draft.mentor}.")
        return redirect(reverse("cohort_run_detail", args=[run.pk]) + f"#draft-{draft.pk}")
    rows = [
        {
            "pk": s.mentor.pk,
            "name": s.mentor.full_name,
            "where": s.mentor.council or s.mentor.organisation,
            "score": s.score,
            "reasons": s.reasons,
            "warnings": s.warnings,
            "current": s.mentor.pk == draft.mentor_id,
        }
        for s in suggestions
    ]
    return render(
        request,
        "cohorts/draft_edit.html",
        {"run": run, "draft": draft, "form": form, "rows": rows},
    )


@programme_manager_required
@require_POST
def drafts_discard(request, pk):
    run = _run(request, pk)
    field = RecordsField(queryset=run.drafts.filter(status=DraftStatus.DRAFT), required=False)
    try:
        chosen = field.clean(request.POST.getlist("drafts"))
    except ValidationError:  # a tampered id: nothing is discarded, and it says so
        chosen = []
    count = services.drafts_discard(drafts=chosen)
    if count:
        messages.success(request, f"{count} draft{pluralize(count)} discarded.")
    else:
        messages.error(request, "Tick the drafts to discard first.")
    return redirect("cohort_run_detail", pk=run.pk)


@programme_manager_required
def drafts_publish(request, pk):
    """A confirmation page of the drafts ticked (sent here from the run's page), then
    publishing them; a draft that breaks a rule stays a draft, with the reason."""
    run = _run(request, pk)
    if request.method == "POST" and request.POST.get("step") != "choose":
        form = PublishForm(request.POST, run=run)
        form.is_valid()
        picked = form.cleaned_data.get("drafts")
    else:
        # The drafts ticked on the run's page, checked before the note is asked for.
        ticked = PublishForm(request.POST if request.method == "POST" else request.GET, run=run)
        ticked.is_valid()
        picked = ticked.cleaned_data.get("drafts")
        if not picked:
            messages.error(request, ticked.errors.get("drafts", ["Tick the drafts first."])[0])
            return redirect("cohort_run_detail", pk=run.pk)
        form = PublishForm(initial={"drafts": [d.pk for d in picked]}, run=run)
    chosen = (
        list(
            picked.select_related("councillor", "mentor__council").order_by(
                "councillor__full_name", "pk"
            )
        )
        if picked
        else []
    )
    if form.is_bound and not form.errors:
        published, failed = services.drafts_publish(
            run=run, drafts=chosen, note=form.cleaned_data["note"], by=request.user
        )
        if published:
            count = len(published)
            messages.success(request, f"{count} placement{pluralize(count)} published as proposed.")
        if failed:
            count = len(failed)
            messages.error(
                request,
                f"{count} draft{pluralize(count)} could not be published and stay "
                f"draft{pluralize(count)}: each says why.",
            )
        return redirect("cohort_run_detail", pk=run.pk)
    return render(
        request,
        "cohorts/publish_confirm.html",
        {
            "run": run,
            "form": form,
            "chosen": chosen,
            "with_warnings": any(d.warnings for d in chosen),
        },
    )
