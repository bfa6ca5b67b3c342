"""Money on day claims: expenses with their receipts, extensions agreed on approval past
the days agreed, fees set on approval, and the programme managers told of claims sent."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from accounts.tests.factories import UserFactory
from core.uploads import JPEG, PNG, file_type_of
from councils.tests.factories import CommissionerAppointmentFactory, CouncillorFactory
from funding.tests.factories import FunderFactory, funder_rate
from mentoring import claims as services
from mentoring.models import ClaimExpense, DayClaim, DayExtension, DayRate, Placement
from mentoring.tests.factories import DayClaimFactory, MentorFactory, PlacementFactory
from notifications.models import Notification
from notifications.rules import CLAIM_SENT

pytestmark = pytest.mark.django_db

Status = DayClaim.Status
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def placement():
    today = timezone.localdate()
    return PlacementFactory(
        mentors=[MentorFactory(user=UserFactory())],
        started_on=today - datetime.timedelta(days=60),
        planned_end_on=today + datetime.timedelta(days=120),
        mentor_days_agreed=Decimal("1.0"),
    )


@pytest.fixture
def mentor_user(placement):
    return placement.mentors.get().user


@pytest.fixture
def manager_user():
    return UserFactory(is_programme_manager=True)


@pytest.fixture
def claim(placement):
    return DayClaimFactory(placement=placement, worked_on=timezone.localdate())


def _expense_data(**extra):
    return {"kind": "travel", "description": "Train to the town hall", "amount": "8.40", **extra}


# Receipts, checked by their content -------------------------------------------------


def test_receipts_are_known_by_their_content():
    assert file_type_of(io.BytesIO(JPEG_BYTES)) == JPEG
    assert file_type_of(io.BytesIO(PNG_BYTES)) == PNG
    assert services.receipt_check(upload("ticket.jpeg", JPEG_BYTES)) == JPEG
    assert services.receipt_check(upload("ticket.PNG", PNG_BYTES)) == PNG
    assert services.receipt_check(upload("ticket.pdf", _pdf())).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("ticket.png", JPEG_BYTES, "ticket.png ends in .png but is a JPEG image"),
        ("ticket.pdf", b"not a pdf at all", "ticket.pdf ends in .pdf but is not a PDF"),
        ("ticket.docx", b"PK\x03\x04", "ticket.docx is not a receipt we accept"),
        ("ticket.pdf", b"", "ticket.pdf is empty"),
    ],
)
def test_a_receipt_that_is_not_what_its_name_says_is_refused_naming_it(name, content, says):
    with pytest.raises(ValidationError) as refused:
        services.receipt_check(upload(name, content))
    assert says in refused.value.messages[0]


def test_a_receipt_over_the_largest_size_is_refused(settings):
    settings.RECEIPT_MAX_BYTES = 50
    with pytest.raises(ValidationError, match="the largest file allowed"):
        services.receipt_check(upload("ticket.png", PNG_BYTES))


# Expenses on a claim --------------------------------------------------------------------


def test_over_the_threshold_a_receipt_is_needed(claim, settings):
    settings.EXPENSE_RECEIPT_OVER = Decimal("10")
    services.claim_expense_add(claim, data=_expense_data(amount=Decimal("10.00")))
    with pytest.raises(ValidationError) as refused:
        services.claim_expense_add(claim, data=_expense_data(amount=Decimal("10.01")))
    assert "receipt" in refused.value.message_dict
    expense = services.claim_expense_add(
        claim,
        data=_expense_data(amount=Decimal("42.00")),
        receipt=upload("Ticket 12 May.pdf", _pdf()),
    )
    assert expense.receipt_name == "Ticket 12 May.pdf"
    assert expense.receipt_type == "application/pdf"
    # Stored under a random name, not the person's.
    assert "Ticket" not in expense.receipt.name


def test_the_page_adds_an_expense_with_its_receipt_and_lists_it_with_the_total(
    client, claim, mentor_user
):
    client.force_login(mentor_user)
    url = reverse("claim_expense_create", args=[claim.pk])
    response = client.post(
        url,
        {**_expense_data(amount="25.50"), "receipt": upload("taxi.png", PNG_BYTES)},
        follow=True,
    )
    assert "The expense was added to the claim." in [str(m) for m in response.context["messages"]]
    services.claim_expense_add(claim, data=_expense_data(amount=Decimal("4.50")))
    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "£25.50" in page and "£4.50" in page and "£30.00" in page
    expense = ClaimExpense.objects.get(amount=Decimal("25.50"))
    assert reverse("claim_expense_receipt", args=[expense.pk]) in page


def test_bad_input_is_refused_on_its_field_and_the_form_keeps_what_was_typed(
    client, claim, mentor_user, settings
):
    settings.EXPENSE_RECEIPT_OVER = Decimal("10")
    client.force_login(mentor_user)
    url = reverse("claim_expense_create", args=[claim.pk])
    typed = _expense_data(description="Hotel in Leeds", amount="85.00")
    response = client.post(url, {**typed, "receipt": upload("hotel.pdf", b"<html>no</html>")})
    assert response.status_code == 200
    form = response.context["form"]
    assert "hotel.pdf ends in .pdf but is not a PDF" in form.errors["receipt"][0]
    page = response.content.decode()
    assert 'value="Hotel in Leeds"' in page and 'value="85.00"' in page
    # No receipt over the amount: the model's rule, on the receipt field.
    response = client.post(url, typed)
    assert "Attach the receipt" in response.context["form"].errors["receipt"][0]
    response = client.post(url, _expense_data(amount="ten pounds"))
    assert "Enter the amount as a number of pounds" in response.context["form"].errors["amount"][0]
    assert not ClaimExpense.objects.exists()


def test_a_sent_or_locked_claim_takes_no_expense_and_keeps_those_it_has(
    client, claim, mentor_user, manager_user
):
    expense = services.claim_expense_add(claim, data=_expense_data())
    services.day_claim_submit(claim)
    with pytest.raises(ValidationError, match="cannot be given more expenses"):
        services.claim_expense_add(claim, data=_expense_data())
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.claim_expense_remove(expense)
    services.day_claim_approve(claim, by=manager_user)
    client.force_login(mentor_user)
    response = client.post(reverse("claim_expense_create", args=[claim.pk]), _expense_data())
    assert response.status_code == 302
    response = client.post(reverse("claim_expense_delete", args=[expense.pk]))
    assert response.status_code == 302
    assert ClaimExpense.objects.filter(claim=claim).count() == 1


def test_removing_an_expense_asks_first_then_removes_it_and_its_receipt(client, claim, mentor_user):
    expense = services.claim_expense_add(
        claim, data=_expense_data(), receipt=upload("ticket.pdf", _pdf())
    )
    storage, stored = expense.receipt.storage, expense.receipt.name
    client.force_login(mentor_user)
    url = reverse("claim_expense_delete", args=[expense.pk])
    assert "Remove this expense?" in client.get(url).content.decode()
    assert ClaimExpense.objects.filter(pk=expense.pk).exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, follow=True)
    assert "The expense was removed from the claim." in [
        str(m) for m in response.context["messages"]
    ]
    assert not ClaimExpense.objects.filter(pk=expense.pk).exists()
    assert not storage.exists(stored)


def test_the_receipt_is_downloaded_only_by_who_may_see_the_claim(
    client, claim, mentor_user, manager_user
):
    content = _pdf()
    expense = services.claim_expense_add(
        claim, data=_expense_data(), receipt=upload("Ticket 12 May.pdf", content)
    )
    url = reverse("claim_expense_receipt", args=[expense.pk])
    for user in (mentor_user, manager_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Ticket 12 May.pdf" in response["Content-Disposition"]
        data = b"".join(response.streaming_content)
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
    other_mentor = PlacementFactory(mentors=[MentorFactory(user=UserFactory())])
    council = claim.placement.council
    councillor = UserFactory()
    CouncillorFactory(council=council, user=councillor)
    commissioner = CommissionerAppointmentFactory(council=council).commissioner
    for user in (other_mentor.mentors.get().user, councillor, commissioner):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_approval_approves_the_claim_with_its_expenses(claim, manager_user):
    services.claim_expense_add(claim, data=_expense_data(amount=Decimal("6.00")))
    services.day_claim_submit(claim)
    services.day_claim_approve(claim, by=manager_user)
    approved = ClaimExpense.objects.filter(claim__status=Status.APPROVED)
    assert [e.amount for e in approved] == [Decimal("6.00")]


# Approval past the days agreed -----------------------------------------------------------


def _sent_whole_day(placement, day):
    claim = DayClaimFactory(placement=placement, worked_on=day, length=DayClaim.Length.WHOLE)
    services.day_claim_submit(claim)
    return claim


def test_approving_past_the_days_agreed_needs_a_reason_and_records_the_extension(
    client, placement, manager_user
):
    today = timezone.localdate()
    first = _sent_whole_day(placement, today - datetime.timedelta(days=2))
    services.day_claim_approve(first, by=manager_user)
    second = _sent_whole_day(placement, today - datetime.timedelta(days=1))
    client.force_login(manager_user)
    page = client.get(reverse("claim_detail", args=[second.pk])).content.decode()
    assert "Why agree more days than agreed" in page
    assert "takes the placement 1 day past the days agreed" in page

    url = reverse("claim_decide", args=[second.pk])
    refused = client.post(url, {"decision": "approve"})
    assert refused.status_code == 200
    assert "extension_reason" in refused.context["decision_form"].errors
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED and not DayExtension.objects.exists()

    client.post(url, {"decision": "approve", "extension_reason": "The budget-setting needed it."})
    second.refresh_from_db()
    assert second.status == Status.APPROVED
    extension = DayExtension.objects.get()
    assert extension.days == Decimal("1") and extension.agreed_by == manager_user
    assert extension.reason == "The budget-setting needed it."
    days = Placement.objects.with_days().get(pk=placement.pk)
    assert days.days_allowed == Decimal("2")
    for page_url in (
        reverse("claim_detail", args=[second.pk]),
        reverse("placement_detail", args=[placement.pk]),
    ):
        assert "The budget-setting needed it." in client.get(page_url).content.decode()


def test_within_the_days_agreed_no_reason_is_asked(client, claim, manager_user):
    services.day_claim_submit(claim)
    client.force_login(manager_user)
    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Why agree more days than agreed" not in page
    client.post(reverse("claim_decide", args=[claim.pk]), {"decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED and not DayExtension.objects.exists()


def test_the_mentor_is_warned_but_may_send_a_claim_past_the_days_agreed(
    client, placement, mentor_user, manager_user
):
    today = timezone.localdate()
    services.day_claim_approve(
        _sent_whole_day(placement, today - datetime.timedelta(days=2)), by=manager_user
    )
    client.force_login(mentor_user)
    form_page = client.get(reverse("claim_create", args=[placement.pk])).content.decode()
    assert "already reach the 1 day agreed. You can still send this claim" in form_page
    draft = DayClaimFactory(placement=placement, worked_on=today)
    page = client.get(reverse("claim_detail", args=[draft.pk])).content.decode()
    assert "past the days agreed. It can still be sent" in page
    client.post(reverse("claim_submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


# Managers told of claims sent -------------------------------------------------------------


def test_every_manager_is_told_once_of_each_sending(placement, mentor_user):
    managers = UserFactory.create_batch(2, is_programme_manager=True)
    UserFactory(is_programme_manager=True, is_active=False)
    today = timezone.localdate()
    one = DayClaimFactory(placement=placement, worked_on=today)
    services.day_claim_submit(one)
    told = Notification.objects.filter(kind=CLAIM_SENT)
    assert sorted(n.recipient_id for n in told) == sorted(m.pk for m in managers)
    mentor = placement.mentors.get()
    assert told[0].title == f"{mentor.full_name} sent a day claim"
    assert told[0].link == reverse("claim_list") + "?status=submitted"

    Notification.objects.all().delete()
    for days_ago in (1, 2, 3):
        DayClaimFactory(placement=placement, worked_on=today - datetime.timedelta(days=days_ago))
    sent, refused = services.day_claims_submit_drafts(mentor=mentor)
    assert len(sent) == 3 and not refused
    told = list(Notification.objects.filter(kind=CLAIM_SENT))
    assert len(told) == 2  # one per manager, not one per claim
    assert {n.title for n in told} == {f"{mentor.full_name} sent 3 day claims"}
    # Only the name and the number: nothing the claim says.
    assert all("Reading the committee papers" not in n.body for n in told)


def test_nothing_sent_tells_nobody(placement):
    UserFactory(is_programme_manager=True)
    services.day_claims_submit_drafts(mentor=placement.mentors.get())
    assert not Notification.objects.exists()


# Fees --------------------------------------------------------------------------------------


def _approved(claim, manager_user):
    services.day_claim_submit(claim)
    return services.day_claim_approve(claim, by=manager_user)


def test_the_mentors_own_rate_beats_the_funders_and_half_a_day_is_paid_half(manager_user):
    funder = FunderFactory()
    funder_rate(funder, "300.00")
    mentor = MentorFactory(user=UserFactory())
    placement = PlacementFactory(
        mentors=[mentor],
        funder=funder,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
        planned_end_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    day = timezone.localdate() - datetime.timedelta(days=3)
    half = _approved(DayClaimFactory(placement=placement, worked_on=day), manager_user)
    assert half.fee == Decimal("150.00")
    DayRate.objects.create(mentor=mentor, amount=Decimal("400.00"), starts_on=day)
    whole = _approved(
        DayClaimFactory(
            placement=placement,
            worked_on=day + datetime.timedelta(days=1),
            length=DayClaim.Length.WHOLE,
        ),
        manager_user,
    )
    assert whole.fee == Decimal("400.00")


def test_a_volunteers_induction_buddy_claim_has_no_fee(manager_user):
    funder = FunderFactory()
    funder_rate(funder, "300.00")
    placement = PlacementFactory(
        kind="induction-buddy",
        funder=funder,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
        planned_end_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    claim = _approved(DayClaimFactory(placement=placement), manager_user)
    assert claim.fee == Decimal("0.00")


def test_with_no_rate_the_fee_is_none_and_the_pages_say_so(client, claim, manager_user):
    claim = _approved(claim, manager_user)
    assert claim.fee is None
    client.force_login(manager_user)
    assert "No rate set" in client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    listed = client.get(reverse("claim_list"), {"status": "approved"}).content.decode()
    assert "No rate set" in listed


def test_the_list_shows_fees_and_totals_approved_fees_and_expenses(client, placement, manager_user):
    funder = FunderFactory()
    funder_rate(funder, "300.00")
    Placement.objects.filter(pk=placement.pk).update(funder=funder, mentor_days_agreed=Decimal("6"))
    placement.refresh_from_db()
    today = timezone.localdate()
    claim = DayClaimFactory(placement=placement, worked_on=today - datetime.timedelta(days=1))
    services.claim_expense_add(claim, data=_expense_data(amount=Decimal("9.25")))
    _approved(claim, manager_user)
    waiting = DayClaimFactory(placement=placement, worked_on=today)
    services.claim_expense_add(waiting, data=_expense_data(amount=Decimal("5.00")))
    services.day_claim_submit(waiting)
    client.force_login(manager_user)
    page = client.get(reverse("claim_list"), {"status": ""}).content.decode()
    assert "£150.00" in page and "Set on approval" in page
    # The whole programme's money is on the budgets page; a narrowed list sums its own.
    assert "in all" not in client.get(reverse("claim_list")).content.decode()
    page = client.get(reverse("claim_list"), {"placement": placement.pk}).content.decode()
    assert "fees £150.00 and expenses £9.25, <strong>£159.25</strong> in all" in page


# Queries -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(placement, n, start):
    claims = DayClaim.objects.bulk_create(
        DayClaim(
            placement=placement,
            mentor=placement.mentors.get(),
            worked_on=start - datetime.timedelta(days=i % 50),
            length="half",
            purpose="travel",
            description="Train to the town hall",
            status=Status.APPROVED,
            fee=Decimal("150.00"),
        )
        for i in range(n)
    )
    ClaimExpense.objects.bulk_create(
        ClaimExpense(claim=c, kind="travel", description="Train", amount=Decimal("3.00"))
        for c in claims
        for _ in range(2)
    )


@pytest.mark.parametrize("who", ["mentor", "manager"])
def test_the_money_pages_run_the_same_queries_with_one_or_many_expenses(
    who, client, claim, mentor_user, manager_user
):
    client.force_login(mentor_user if who == "mentor" else manager_user)
    services.claim_expense_add(claim, data=_expense_data())
    services.day_claim_submit(claim)
    urls = [reverse("claim_list"), reverse("claim_detail", args=[claim.pk])]
    if who == "mentor":
        urls.append(reverse("claim_expense_create", args=[claim.pk]))
        DayClaim.objects.filter(pk=claim.pk).update(status=Status.DRAFT)
    small = [_queries(client, url) for url in urls]
    ClaimExpense.objects.bulk_create(
        ClaimExpense(claim=claim, kind="travel", description="Bus", amount=Decimal("2.00"))
        for _ in range(3)
    )
    DayExtension.objects.create(placement=claim.placement, days=1, reason="More work")
    DayExtension.objects.create(placement=claim.placement, days=1, reason="Even more")
    _grow(claim.placement, 40, claim.worked_on - datetime.timedelta(days=1))
    large = [_queries(client, url) for url in urls]
    assert small == large
