"""Each member of a group agrees to the learning agreement for themself: the version is
in force for a member once they and the mentor have agreed, and its page says who has
and who has not."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory, CouncillorFactory
from mentoring.models import AgreementStatus, LearningAgreement, MemberAgreement
from mentoring.tests.factories import (
    GoalFactory,
    LearningAgreementFactory,
    MentorFactory,
    PlacementFactory,
)
from mentoring.tests.pairs import agree

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def proposed(placement) -> LearningAgreement:
    agreement = LearningAgreementFactory(placement=placement, status=AgreementStatus.PROPOSED)
    GoalFactory(agreement=agreement)
    return agreement


def page_of(client, agreement) -> str:
    return client.get(reverse("agreement_detail", args=[agreement.pk])).content.decode()


@pytest.fixture
def group():
    """A role group of three councillors with accounts and their mentor."""
    council = CouncilFactory()
    mentor = MentorFactory(user=UserFactory(), full_name="Robin Peer")
    members = [
        CouncillorFactory(council=council, user=UserFactory(), full_name=name)
        for name in ("Ann Able", "Ben Bold", "Cat Cole")
    ]
    placement = PlacementFactory(
        kind="councillor-role", council=council, mentors=[mentor], mentees=members
    )
    return placement, mentor, members


def test_a_member_agreeing_agrees_only_for_themself(group):
    placement, mentor, (ann, ben, cat) = group
    agreement = proposed(placement)

    agree(signed_in(ann.user), agreement)

    signed = MemberAgreement.objects.get()
    assert signed.mentee.councillor == ann and signed.agreed_by == ann.user
    page = page_of(signed_in(ben.user), agreement)
    assert "Member (Cllr Ann Able): agreed on" in page
    assert "Member (Cllr Ben Bold, you): not yet agreed" in page
    assert "Member (Cllr Cat Cole): not yet agreed" in page
    assert "I agree to this learning agreement" in page


def test_the_version_is_in_force_for_each_member_once_they_and_the_mentor_have_agreed(group):
    placement, mentor, (ann, ben, cat) = group
    agreement = proposed(placement)
    agree(signed_in(ann.user), agreement)
    response = agree(signed_in(mentor.user), agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    message = signed_in(mentor.user).get(response.url).content.decode()
    assert "Waiting for Cllr Ben Bold and Cllr Cat Cole to agree." in message

    # Ben, who has not agreed, is told it is not yet in force for him, and can agree.
    ben_client = signed_in(ben.user)
    page = page_of(ben_client, agreement)
    assert "It comes into force for you once you agree" in page
    agree(ben_client, agreement)
    assert set(
        MemberAgreement.objects.filter(agreement=agreement).values_list(
            "mentee__councillor__full_name", flat=True
        )
    ) == {"Ann Able", "Ben Bold"}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert "I agree to this learning agreement" not in page_of(ben_client, agreement)

    agree(signed_in(cat.user), agreement)
    assert "Everyone has agreed: the agreement is in force." in page_of(
        signed_in(mentor.user), agreement
    )


def test_a_member_cannot_agree_twice(group):
    placement, _, (ann, _, _) = group
    agreement = proposed(placement)
    client = signed_in(ann.user)
    page = client.get(reverse("agreement_detail", args=[agreement.pk]))
    agree(client, agreement, page=page)
    response = agree(client, agreement, page=page)
    assert "You have already agreed to version 1." in client.get(response.url).content.decode()
    assert MemberAgreement.objects.count() == 1


def test_an_edit_clears_every_members_agreement(group):
    placement, mentor, (ann, ben, _) = group
    agreement = proposed(placement)
    agree(signed_in(ann.user), agreement)
    agree(signed_in(ben.user), agreement)
    goal = agreement.goals.get()
    form = {"development_needs": "New needs", "ways_of_working": "",
            "confidentiality_protocol": agreement.confidentiality_protocol,
            "goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "1", "goals-0-id": goal.pk,
            "goals-0-goal": goal.goal, "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0"}  # fmt: skip
    signed_in(mentor.user).post(reverse("agreement_edit", args=[agreement.pk]), form)
    assert not MemberAgreement.objects.exists()


def test_one_to_one_stays_as_it_was():
    mentor = MentorFactory(user=UserFactory())
    councillor = CouncillorFactory(user=UserFactory(), full_name="Pat Lowther")
    placement = PlacementFactory(council=councillor.council, mentors=[mentor], mentees=[councillor])
    agreement = proposed(placement)
    agree(signed_in(councillor.user), agreement)
    agree(signed_in(mentor.user), agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    page = page_of(signed_in(councillor.user), agreement)
    assert "Both of you have agreed: the agreement is in force." in page
    assert "Mentee (Cllr Pat Lowther, you): agreed on" in page


def test_the_manager_sees_who_has_and_has_not_agreed_and_cannot_agree(group):
    placement, _, (ann, _, _) = group
    agreement = proposed(placement)
    agree(signed_in(ann.user), agreement)
    manager = signed_in(UserFactory(is_programme_manager=True))
    page = page_of(manager, agreement)
    assert "Member (Cllr Ann Able): agreed on" in page
    assert "Member (Cllr Cat Cole): not yet agreed" in page
    assert "I agree to this learning agreement" not in page


def test_the_agreement_page_reads_the_same_queries_for_a_group_of_two_or_ten():
    def queries(size) -> int:
        council = CouncilFactory()
        members = [CouncillorFactory(council=council, user=UserFactory()) for _ in range(size)]
        mentor = MentorFactory(user=UserFactory())
        placement = PlacementFactory(
            kind="councillor-role", council=council, mentors=[mentor], mentees=members
        )
        agreement = proposed(placement)
        for member in members[: size // 2]:
            agree(signed_in(member.user), agreement)
        client = signed_in(members[-1].user)
        url = reverse("agreement_detail", args=[agreement.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(2) == queries(10)


def test_the_migration_makes_the_mentees_agreement_their_own():
    migration = importlib.import_module("mentoring.migrations.0016_role_groups_member_agreements")
    when = timezone.make_aware(datetime.datetime(2026, 3, 3, 10))
    one = CouncillorFactory(user=UserFactory())
    single = PlacementFactory(council=one.council, mentees=[one])
    council = CouncilFactory()
    agreeing, other = (CouncillorFactory(council=council, user=UserFactory()) for _ in range(2))
    grouped = PlacementFactory(kind="councillor-role", council=council, mentees=[agreeing, other])
    for placement, by in ((single, None), (grouped, agreeing.user)):
        # As versions agreed before members agreed for themselves were stored.
        LearningAgreement.objects.create(
            placement=placement,
            status=AgreementStatus.ACTIVE,
            mentee_agreed_at=when,
            mentee_agreed_by=by,
            mentor_agreed_at=when,
        )

    migration.members_agreed(apps, None)

    rows = MemberAgreement.objects.order_by("mentee__placement_id")
    assert [(r.mentee.councillor, r.agreed_at) for r in rows] == [(one, when), (agreeing, when)]


def test_each_member_s_home_asks_them_to_agree_until_they_themself_have(group):
    placement, mentor, (ann, ben, cat) = group
    agreement = proposed(placement)
    prompt = "Read and agree to your learning agreement"
    agree(signed_in(ann.user), agreement)
    assert prompt not in signed_in(ann.user).get(reverse("home")).content.decode()
    assert prompt in signed_in(ben.user).get(reverse("home")).content.decode()
    agree(signed_in(mentor.user), agreement)  # in force for Ann: Ben is still asked
    assert prompt in signed_in(ben.user).get(reverse("home")).content.decode()


def test_the_agreement_pdf_says_which_members_have_agreed(group):
    import io

    from pypdf import PdfReader

    placement, mentor, (ann, ben, cat) = group
    agreement = proposed(placement)
    agree(signed_in(ann.user), agreement)
    response = signed_in(ben.user).get(reverse("agreement_pdf", args=[agreement.pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Cllr Ann Able: agreed" in text
    assert "Cllr Ben Bold: not yet agreed" in text
    assert "The mentor: not yet agreed" in text
