"""Day claims: a mentor claims half or whole days of their time against a placement;
a programme manager approves them, sends them back with a question, or rejects them.
Approved days are the days used; what was said in sessions never appears here."""

from decimal import Decimal

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import roles_of
from accounts.decorators import programme_manager_required
from core.csv import csv_response
from core.filters import NamedChoicesFilterSet, names
from core.forms import add_errors
from councils.models import Council
from funding.models import Funder
from funding.years import financial_year_bounds
from mentoring import claims as services
from mentoring.access import mentored_by
from mentoring.forms import ClaimDecisionForm, ClaimExpenseForm, DayClaimForm
from mentoring.models import (
    ClaimExpense,
    DayClaim,
    DayExtension,
    Mentor,
    Placement,
    Session,
    claim_day_value,
)
from mentoring.money import ZERO, claim_expenses_subquery
from mentoring.selectors import with_names

Status = DayClaim.Status
PER_PAGE = 50
CHANGEABLE = (Status.DRAFT, Status.QUERIED)


PENNY = Decimal("0.01")


def _approved_money(claims) -> dict:
    """The approved fees and expenses of these claims (two queries, whatever their number)."""
    approved = claims.filter(status=Status.APPROVED).order_by()
    fees = approved.aggregate(total=Sum("fee"))["total"] or ZERO
    expenses = (
        ClaimExpense.objects.filter(claim__in=approved.values("pk")).aggregate(total=Sum("amount"))[
            "total"
        ]
        or ZERO
    )
    return {"fees": fees, "expenses": expenses, "total": fees + expenses}


class MentorClaimFilter(NamedChoicesFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")

    class Meta:
        model = DayClaim
        fields = ["status"]


class ManagerClaimFilter(NamedChoicesFilterSet):
    # Drafts are the mentor's until sent: the manager's list leaves them out.
    status = django_filters.ChoiceFilter(
        choices=[c for c in Status.choices if c[0] != Status.DRAFT], empty_label="Any status"
    )
    council = django_filters.ChoiceFilter(
        field_name="placement__council", label="Council", empty_label="Any council"
    )
    # A name to search for, not a list of the whole pool.
    mentor = django_filters.CharFilter(
        field_name="mentor__full_name", lookup_expr="icontains", label="Mentor's name contains"
    )
    funder = django_filters.ChoiceFilter(
        field_name="placement__funder", label="Funder", empty_label="Any funder"
    )
    financial_year = django_filters.NumberFilter(
        method="filter_financial_year",
        label="Worked in financial year (e.g. 2026 = April 2026–March 2027)",
        min_value=1900,
        max_value=2100,
    )
    named_choices = {"council": names(Council), "funder": names(Funder)}

    class Meta:
        model = DayClaim
        fields = ["status", "council", "mentor", "funder", "financial_year"]

    def filter_financial_year(self, queryset, name, value):
        return queryset.filter(worked_on__range=financial_year_bounds(int(value)))


def _rank(*statuses):
    """Orders the claims by status, the first given first."""
    return Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(statuses)),
        default=Value(len(statuses)),
        output_field=IntegerField(),
    )


def _days(condition: Q):
    """The days of the claims that meet the condition, as a sum (None when there are none)."""
    return Sum(claim_day_value(), filter=condition)


def _own_claim(request, pk):
    """A claim of the signed-in mentor; to anyone else it does not exist."""
    mentor_id = roles_of(request.user).mentor_id
    if not mentor_id:
        raise Http404
    return get_object_or_404(
        DayClaim.objects.visible_to(request.user)
        .filter(mentor_id=mentor_id)
        .select_related("placement__council", "placement__mentoring_type"),
        pk=pk,
    )


def claim_list(request):
    roles = roles_of(request.user)
    if not (roles.is_programme_manager or roles.is_mentor):
        raise Http404
    claims = DayClaim.objects.visible_to(request.user).select_related(
        "placement__council", "placement__mentoring_type", "mentor"
    )
    # From a placement's page: its claims only.
    placement = _placement_asked_for(request, roles)
    if placement is not None:
        claims = claims.filter(placement=placement)
    summary = None
    if roles.is_programme_manager:
        claim_filter = ManagerClaimFilter(
            request.GET or None, queryset=claims.exclude(status=Status.DRAFT)
        )
        listed = claim_filter.qs
        if waiting_only := not claim_filter.is_bound and placement is None:
            # The queue: the claims sent for the manager's decision, the longest waiting
            # first, read in that order from an index (day_claim_status_submitted): a
            # queried claim is back with its mentor. The filter lists any status.
            ordered = listed.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")
        else:
            # Waiting for approval first, the longest waiting first.
            ordered = listed.order_by(
                _rank(Status.SUBMITTED, Status.QUERIED),
                "submitted_at",
                "worked_on",
                "pk",
            )
    else:
        waiting_only = False
        claim_filter = MentorClaimFilter(request.GET or None, queryset=claims)
        # Drafts to send first, then those sent back with a question.
        ordered = claim_filter.qs.order_by(
            _rank(Status.DRAFT, Status.QUERIED, Status.SUBMITTED, Status.APPROVED),
            "-worked_on",
            "-pk",
        )
        summary = _mentor_summary(request.user, roles.mentor_id)
    # A manager's whole list sums every claim of the programme: the budgets page shows
    # that by funder and year; here the money is summed once the list is narrowed.
    narrowed = claim_filter.is_bound or placement is not None or not roles.is_programme_manager
    money = _approved_money(claim_filter.qs) if narrowed else None
    page = Paginator(ordered.annotate(expenses_total=claim_expenses_subquery()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    with_names([claim.placement for claim in page.object_list])
    return render(
        request,
        "mentoring/claim_list.html",
        {
            "page": page,
            "filter": claim_filter,
            "summary": summary,
            "has_drafts": any(p.drafts for p in summary or ()),
            "placement": placement,
            "is_manager": roles.is_programme_manager,
            "money": money,
            "waiting_only": waiting_only,
        },
    )


@programme_manager_required
def claim_export(request):
    """The claims of the manager's list, as filtered, for the finance team: what each
    day was for and what it was paid. Nothing confidential is on a claim."""
    claims = (
        DayClaim.objects.visible_to(request.user)
        .exclude(status=Status.DRAFT)
        .select_related("placement__council", "placement__mentoring_type", "placement__funder")
        .select_related("mentor")
        .annotate(expenses_total=claim_expenses_subquery())
    )
    placement = _placement_asked_for(request, roles_of(request.user))
    if placement is not None:
        claims = claims.filter(placement=placement)
    claims = ManagerClaimFilter(request.GET or None, queryset=claims).qs
    header = ["Date worked", "Mentor", "Council", "Mentoring type", "Funder", "Length",
              "Days", "What for", "Description", "Status", "Fee", "Expenses", "Sent",
              "Decided"]  # fmt: skip
    rows = (
        [
            c.worked_on,
            c.mentor.full_name,
            c.placement.council.name,
            c.placement.mentoring_type.name,
            c.placement.funder.name if c.placement.funder else "",
            c.get_length_display(),
            c.days,
            c.get_purpose_display(),
            c.description,
            c.get_status_display(),
            c.fee,
            # SQLite sums decimals as floats: 8.2 comes back as 8.20000000000000.
            Decimal(c.expenses_total).quantize(PENNY),
            c.submitted_at,
            c.decided_at,
        ]
        for c in claims.order_by("worked_on", "pk").iterator(chunk_size=500)
    )
    return csv_response("day-claims.csv", header, rows, streaming=True)


def _placement_asked_for(request, roles):
    """The placement in ?placement=, if the user may see its claims: any for a programme
    manager, those they mentor for a mentor."""
    pk = request.GET.get("placement", "")
    if not pk.isdigit() or len(pk) > 12:
        return None
    placements = (
        Placement.objects.all() if roles.is_programme_manager else mentored_by(request.user)
    )
    placement = placements.filter(pk=pk).select_related("council", "mentoring_type").first()
    if placement is not None:
        with_names([placement])
    return placement


def _mentor_summary(user, mentor_id) -> list:
    """The mentor's placements, each with its days claimed, approved and pending."""
    placements = list(
        mentored_by(user)
        .select_related("council", "mentoring_type")
        .only(
            *("status", "started_on", "mentor_days_agreed"),
            *("council__name", "mentoring_type__name", "mentoring_type__slug"),
        )
        .order_by("-started_on", "-pk")
    )
    with_names(placements)
    totals = {
        row["placement"]: row
        for row in DayClaim.objects.filter(mentor_id=mentor_id)
        .values("placement")
        .annotate(
            claimed=_days(~Q(status=Status.REJECTED)),
            approved=_days(Q(status=Status.APPROVED)),
            pending=_days(Q(status__in=DayClaim.PENDING)),
            drafts=_days(Q(status=Status.DRAFT)),
        )
        .order_by()
    }
    zero = Decimal("0")
    for placement in placements:
        row = totals.get(placement.pk, {})
        placement.claimed = row.get("claimed") or zero
        placement.approved = row.get("approved") or zero
        placement.pending = row.get("pending") or zero
        placement.drafts = row.get("drafts") or zero
    return placements


def claim_create(request, pk):
    placement = get_object_or_404(
        mentored_by(request.user).select_related("council", "mentoring_type").with_days(),
        pk=pk,
    )
    with_names([placement])
    initial = {}
    session_pk = request.GET.get("session", "")
    if session_pk.isdigit() and len(session_pk) < 12:
        session = Session.objects.filter(placement=placement, pk=session_pk).first()
        if session is not None:
            initial = {
                "worked_on": session.held_on,
                "purpose": DayClaim.Purpose.SESSION,
                "session": session.pk,
            }
    form = DayClaimForm(
        request.POST or None,
        initial=initial,
        placement=placement,
        mentor_id=roles_of(request.user).mentor_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.day_claim_create(
                mentor=form.instance.mentor, placement=placement, data=form.cleaned_data
            )
            if "send" in request.POST:
                services.day_claim_submit(claim)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _saved(request, claim, sent="send" in request.POST)
    return render(
        request, "mentoring/claim_form.html", {"form": form, "placement": placement, "claim": None}
    )


def _saved(request, claim, *, sent: bool):
    if sent:
        messages.success(request, "The claim was sent for approval.")
    else:
        messages.success(
            request, "The claim was saved as a draft. Send it for approval when it is ready."
        )
    return redirect("claim_detail", pk=claim.pk)


def claim_edit(request, pk):
    claim = _own_claim(request, pk)
    if claim.status not in CHANGEABLE:
        messages.error(request, "This claim can no longer be changed.")
        return redirect("claim_detail", pk=pk)
    placement = claim.placement
    with_names([placement])
    form = DayClaimForm(
        request.POST or None, instance=claim, placement=placement, mentor_id=claim.mentor_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.day_claim_update(claim, data=form.cleaned_data)
            if "send" in request.POST:
                services.day_claim_submit(claim)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _saved(request, claim, sent="send" in request.POST)
    return render(
        request,
        "mentoring/claim_form.html",
        {"form": form, "placement": placement, "claim": claim},
    )


def claim_delete(request, pk):
    claim = _own_claim(request, pk)
    if claim.status != Status.DRAFT:
        messages.error(request, "Only a draft claim can be deleted.")
        return redirect("claim_detail", pk=pk)
    if request.method == "POST":
        services.day_claim_delete(claim)
        messages.success(request, "The claim was deleted.")
        return redirect("claim_list")
    return render(request, "mentoring/claim_confirm_delete.html", {"claim": claim})


@require_POST
def claim_submit(request, pk):
    claim = _own_claim(request, pk)
    if claim.status not in CHANGEABLE:
        messages.error(request, "This claim has already been sent.")
        return redirect("claim_detail", pk=pk)
    try:
        services.day_claim_submit(claim)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("claim_detail", pk=pk)
    messages.success(request, "The claim was sent for approval.")
    if request.POST.get("back") == "list":
        return redirect("claim_list")
    return redirect("claim_detail", pk=pk)


@require_POST
def claim_submit_drafts(request):
    mentor_id = roles_of(request.user).mentor_id
    if not mentor_id:
        raise Http404
    sent, refused = services.day_claims_submit_drafts(mentor=Mentor.objects.get(pk=mentor_id))
    if sent:
        messages.success(
            request,
            "The claim was sent for approval."
            if len(sent) == 1
            else f"{len(sent)} claims were sent for approval.",
        )
    for claim, error in refused.items():
        messages.error(request, f"{claim} was not sent: {' '.join(error.messages)}")
    return redirect("claim_list")


def claim_detail(request, pk):
    return _detail(request, pk, None)


def _detail(request, pk, decision_form, status=200):
    roles = roles_of(request.user)
    claim = get_object_or_404(
        DayClaim.objects.visible_to(request.user).select_related(
            "placement__council", "placement__mentoring_type", "mentor", "session", "decided_by"
        ),
        pk=pk,
    )
    with_names([claim.placement])
    # How far approving would take the placement past its days (not for a decided claim).
    excess = None if claim.is_locked else services.day_claim_excess(claim)
    can_decide = roles.is_programme_manager and claim.status == Status.SUBMITTED
    if decision_form is None:
        decision_form = ClaimDecisionForm(excess=excess if can_decide else None)
    expenses = list(claim.expenses.all())
    expenses_total = sum((e.amount for e in expenses), ZERO)
    extensions = list(
        DayExtension.objects.filter(placement_id=claim.placement_id)
        .select_related("agreed_by")
        .order_by("agreed_at", "pk")
    )
    own = bool(roles.mentor_id and claim.mentor_id == roles.mentor_id)
    history = list(
        claim.history.select_related("history_user")
        .only("history_date", "status", "message", "history_user__full_name")
        .order_by("history_date", "history_id")
    )
    # Each change of status once, with the message it was sent back or refused with.
    changes, last = [], None
    for record in history:
        if record.status != last:
            changes.append(record)
            last = record.status
    return render(
        request,
        "mentoring/claim_detail.html",
        {
            "claim": claim,
            "changes": changes,
            "can_change": own and claim.status in CHANGEABLE,
            "can_delete": own and claim.status == Status.DRAFT,
            "can_decide": can_decide,
            "decision_form": decision_form,
            "excess": excess,
            "expenses": expenses,
            "expenses_total": expenses_total,
            "fee_total": (claim.fee or ZERO) + expenses_total,
            "extensions": extensions,
            "receipt_over": settings.EXPENSE_RECEIPT_OVER,
        },
        status=status,
    )


@require_POST
@programme_manager_required
def claim_decide(request, pk):
    claim = get_object_or_404(DayClaim.objects.visible_to(request.user), pk=pk)
    if claim.status != Status.SUBMITTED:
        messages.error(request, "This claim is not waiting for approval.")
        return redirect("claim_detail", pk=pk)
    form = ClaimDecisionForm(request.POST, excess=services.day_claim_excess(claim))
    if not form.is_valid():
        return _detail(request, pk, form)
    decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
    try:
        if decision == form.APPROVE:
            services.day_claim_approve(
                claim,
                by=request.user,
                extension_reason=form.cleaned_data.get("extension_reason", ""),
            )
            messages.success(request, "The claim was approved.")
        elif decision == form.QUERY:
            services.day_claim_query(claim, by=request.user, message=message)
            messages.success(request, "The claim was sent back with your question.")
        else:
            services.day_claim_reject(claim, by=request.user, message=message)
            messages.success(request, "The claim was rejected.")
    except ValidationError as error:
        add_errors(form, error)
        return _detail(request, pk, form)
    return redirect("claim_list")


# Expenses --------------------------------------------------------------------------------


def claim_expense_create(request, pk):
    """The mentor adds travel or subsistence to their draft or queried claim."""
    claim = _own_claim(request, pk)
    if claim.status not in CHANGEABLE:
        messages.error(request, "This claim has been sent: its expenses can no longer change.")
        return redirect("claim_detail", pk=pk)
    with_names([claim.placement])
    form = ClaimExpenseForm(request.POST or None, request.FILES or None, claim=claim)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_expense_add(
                claim, data=form.cleaned_data, receipt=form.cleaned_data.get("receipt")
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The expense was added to the claim.")
            return redirect("claim_detail", pk=pk)
    return render(
        request,
        "mentoring/claim_expense_form.html",
        {"form": form, "claim": claim, "receipt_over": settings.EXPENSE_RECEIPT_OVER},
    )


def _own_expense(request, pk):
    mentor_id = roles_of(request.user).mentor_id
    if not mentor_id:
        raise Http404
    return get_object_or_404(
        ClaimExpense.objects.visible_to(request.user)
        .filter(claim__mentor_id=mentor_id)
        .select_related("claim__placement__council"),
        pk=pk,
    )


def claim_expense_delete(request, pk):
    """GET asks "are you sure"; POST removes the expense and its receipt."""
    expense = _own_expense(request, pk)
    claim = expense.claim
    if claim.status not in CHANGEABLE:
        messages.error(request, "This claim has been sent: its expenses can no longer change.")
        return redirect("claim_detail", pk=claim.pk)
    if request.method == "POST":
        try:
            services.claim_expense_remove(expense)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The expense was removed from the claim.")
        return redirect("claim_detail", pk=claim.pk)
    return render(request, "mentoring/claim_expense_confirm_delete.html", {"expense": expense})


def claim_expense_receipt(request, pk):
    """Only through this view, to those who may see the claim: never a public media URL."""
    expense = get_object_or_404(
        ClaimExpense.objects.visible_to(request.user).exclude(receipt=""), pk=pk
    )
    try:
        handle = expense.receipt.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=expense.receipt_name or f"receipt-{expense.pk}",
        content_type=expense.receipt_type or "application/octet-stream",
    )
