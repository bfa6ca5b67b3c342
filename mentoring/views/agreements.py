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
from mentoring.forms import AgreementForm, GoalFormSet, ProtocolForm, ReviewFormSet
from mentoring.models import AgreementStatus, LearningAgreement, Placement, ProtocolTemplate
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
    versions = agreement.placement.agreements.order_by("-version").only("pk", "version", "status")
    can_agree = (
        side
        and agreement.status == AgreementStatus.PROPOSED
        and not getattr(agreement, f"{side}_agreed_at")
    )
    return render(
        request,
        "mentoring/agreement_detail.html",
        {
            "agreement": agreement,
            "goals": agreement.goals.all(),
            "reviews": agreement.reviews.all(),
            "side": side,
            "versions": versions,
            "can_agree": can_agree,
            # The agree form carries what this page shows, so agreeing counts
            # only for the text read.
            "content_digest": agreement.content_digest() if can_agree else "",
            "error": error,
        },
        status=status,
    )


@require_POST
def agreement_start(request, placement_pk):
    placement = get_object_or_404(Placement.objects.of_member(request.user), pk=placement_pk)
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
        messages.error(request, "This version has been agreed: start a new version to change it.")
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


@require_POST
def agreement_action(request, pk, action):
    agreement = _pair_agreement(request, pk)
    try:
        if action == "propose":
            services.agreement_propose(agreement=agreement)
            messages.success(request, "The agreement was proposed: both of you now agree to it.")
        elif action == "agree":
            agreement = services.agreement_agree(
                agreement=agreement,
                user=request.user,
                read_digest=request.POST.get("content_digest", ""),
            )
            if agreement.status == AgreementStatus.ACTIVE:
                messages.success(request, "You have both agreed: the agreement is active.")
            else:
                messages.success(
                    request, "You have agreed. It becomes active once the other side agrees."
                )
        elif action == "new-version":
            draft = services.agreement_new_version(agreement=agreement)
            messages.success(
                request, f"Version {draft.version} is a draft: both agree to it again."
            )
            return redirect("agreement_edit", pk=draft.pk)
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
