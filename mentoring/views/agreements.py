"""Learning agreements: drafted by the mentee or the mentor, agreed by both."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import programme_manager_required
from mentoring import services
from mentoring.access import side_of
from mentoring.agreement_changes import (
    agreed_message,
    agreeing,
    agreement_page,
    changes_between,
    proposed_message,
    version_read,
)
from mentoring.forms import AgreementForm, GoalFormSet, ProtocolForm, ReviewFormSet
from mentoring.models import LearningAgreement, Placement, ProtocolTemplate
from mentoring.pdf import agreement_pdf


def _agreement(request, pk):
    return get_object_or_404(
        LearningAgreement.objects.visible_to(request.user).select_related(
            "placement__council",
            "placement__mentoring_type",
            "mentee_agreed_by",
            "mentor_agreed_by",
        ),
        pk=pk,
    )


def _pair_agreement(request, pk):
    """For changes: only the mentor(s) and mentee(s) of the placement."""
    agreement = _agreement(request, pk)
    if not Placement.objects.of_member(request.user).filter(pk=agreement.placement_id).exists():
        raise Http404
    return agreement


def agreement_detail(request, pk, *, error: str = "", status: int = 200):
    agreement = _agreement(request, pk)
    side = side_of(agreement, request.user)
    page = agreement_page(agreement)
    who = agreeing(agreement, side, request.user)
    can_agree = who.can_agree
    return render(
        request,
        "mentoring/agreement_detail.html",
        {
            "agreement": agreement,
            "goals": page.goals,
            "reviews": page.reviews,
            "side": side,
            "versions": page.versions,
            "changes": page.changes,
            "agreeing": who,
            # Only the latest version, once agreed, is changed (by a new version).
            "can_change": side and agreement.is_locked and page.versions[0].pk == agreement.pk,
            "can_agree": can_agree,
            # The agree form carries what this page shows, so agreeing counts
            # only for the text read.
            "content_digest": agreement.content_digest(page.goals, page.reviews)
            if can_agree
            else "",
            "error": error,
        },
        status=status,
    )


@require_POST
def agreement_start(request, placement_pk):
    placement = get_object_or_404(Placement.objects.of_member(request.user), pk=placement_pk)
    latest = placement.agreements.order_by("-version").first()
    if latest is not None and latest.is_locked:
        # A change to an agreed version is written first and made a version on saving.
        return redirect("agreement_change", pk=latest.pk)
    try:
        agreement = services.agreement_start(placement=placement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("placement_detail", pk=placement.pk)
    messages.success(request, f"Version {agreement.version} is ready to draft.")
    return redirect("agreement_edit", pk=agreement.pk)


def agreement_edit(request, pk):
    agreement = _pair_agreement(request, pk)
    if agreement.is_locked:
        messages.error(
            request,
            "This version has been agreed, so it cannot be edited: choose “Change the agreement” "
            "to write a new version.",
        )
        return redirect("agreement_detail", pk=pk)
    data = request.POST or None
    form = AgreementForm(data, instance=agreement)
    goals = GoalFormSet(data, instance=agreement, prefix="goals")
    reviews = ReviewFormSet(data, instance=agreement, prefix="reviews")
    if request.method == "POST" and form.is_valid() and goals.is_valid() and reviews.is_valid():
        with transaction.atomic():
            form.save()
            goals.save()
            reviews.save()
            services.agreement_edited(agreement=agreement)
        messages.success(request, "The draft was saved.")
        return redirect("agreement_detail", pk=pk)
    return render(
        request,
        "mentoring/agreement_form.html",
        {"agreement": agreement, "form": form, "goals": goals, "reviews": reviews},
    )


def agreement_change(request, pk):
    """Change an agreed version: the form starts from it, and saving makes the next
    version, a draft both agree to again. Nothing is made until it is saved."""
    agreement = _pair_agreement(request, pk)
    error = services.agreement_change_error(agreement=agreement)
    if error:
        messages.error(request, error)
        return redirect("agreement_detail", pk=pk)
    goals_now = list(agreement.goals.all())
    reviews_now = list(agreement.reviews.all())
    data = request.POST or None
    texts = {name: getattr(agreement, name) for name in LearningAgreement.CONTENT_FIELDS}
    form = AgreementForm(data, initial=texts)
    # Bound to a version not saved yet. Only the page shown is filled in from the agreed
    # version: the formsets sent back have no initial values, so every goal and date
    # sent counts as new, changed or not.
    goals = GoalFormSet(
        data,
        instance=LearningAgreement(),
        prefix="goals",
        initial=None if data else [_goal_initial(goal) for goal in goals_now],
    )
    reviews = ReviewFormSet(
        data,
        instance=LearningAgreement(),
        prefix="reviews",
        initial=None if data else [{"due_on": review.due_on} for review in reviews_now],
    )
    if not data:
        goals.extra = len(goals_now) + 1
        reviews.extra = len(reviews_now) + 1
    if request.method == "POST" and form.is_valid() and goals.is_valid() and reviews.is_valid():
        new_goals = _kept(goals)
        if not new_goals:
            # On the first goal, where the person sees it was emptied or marked to delete.
            goals.forms[0].add_error(
                "goal", "Keep at least one goal: a learning agreement needs one."
            )
        elif not changes_between(
            version_read(agreement, goals_now, reviews_now),
            form.cleaned_data,
            [goal_form.instance for goal_form in new_goals],
            [review_form.cleaned_data["due_on"] for review_form in _kept(reviews)],
        ):
            form.add_error(
                None, "Nothing was changed. Change the agreement, or cancel to keep it as it is."
            )
        else:
            try:
                with transaction.atomic():
                    draft = services.agreement_new_version(
                        agreement=agreement, content=form.cleaned_data
                    )
                    goals.instance = reviews.instance = draft
                    goals.save()
                    reviews.save()
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("agreement_detail", pk=pk)
            messages.success(
                request,
                f"Version {draft.version} was saved as a draft. Version {agreement.version} "
                "stays in force until you both agree to the new one: propose it when it is "
                "ready.",
            )
            return redirect("agreement_detail", pk=draft.pk)
    return render(
        request,
        "mentoring/agreement_form.html",
        {
            "agreement": agreement,
            "form": form,
            "goals": goals,
            "reviews": reviews,
            "next_version": agreement.version + 1,
        },
    )


def _goal_initial(goal) -> dict:
    return {
        name: getattr(goal, name)
        for name in ("goal", "reality", "options", "way_forward", "target_on")
    }


def _kept(formset) -> list:
    """The forms of a valid formset that were filled in and not marked to delete."""
    return [
        form
        for form in formset.forms
        if form.has_changed() and not (formset.can_delete and formset._should_delete_form(form))
    ]


@require_POST
def agreement_action(request, pk, action):
    agreement = _pair_agreement(request, pk)
    try:
        if action == "propose":
            services.agreement_propose(agreement=agreement)
            side = side_of(agreement, request.user)
            messages.success(
                request,
                proposed_message(agreeing(agreement, side, request.user), agreement.version),
            )
        elif action == "agree":
            agreement = services.agreement_agree(
                agreement=agreement,
                user=request.user,
                read_digest=request.POST.get("content_digest", ""),
            )
            side = side_of(agreement, request.user)
            messages.success(request, agreed_message(agreeing(agreement, side, request.user)))
        else:
            raise Http404
    except services.AgreementChanged as error:
        # Show the agreement as it stands now, with what changed said first.
        return agreement_detail(request, agreement.pk, error=error.message, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("agreement_detail", pk=agreement.pk)


def agreement_pdf_view(request, pk):
    agreement = _agreement(request, pk)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    name = f"learning-agreement-{agreement.placement_id}-v{agreement.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@programme_manager_required
def protocol_edit(request):
    """The confidentiality protocol new learning agreements start from. Each save
    is kept as a new row, so the text an agreement began with stays on record."""
    form = ProtocolForm(request.POST or None, initial={"text": ProtocolTemplate.current_text()})
    if request.method == "POST" and form.is_valid():
        ProtocolTemplate.objects.create(text=form.cleaned_data["text"], updated_by=request.user)
        messages.success(request, "The confidentiality protocol was saved for new agreements.")
        return redirect("protocol_edit")
    latest = ProtocolTemplate.objects.select_related("updated_by").first()
    return render(request, "mentoring/protocol_form.html", {"form": form, "latest": latest})
