"""Matching an intake in one run, changing, discarding and publishing its drafts."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts import services
from cohorts.models import CohortRun, DraftStatus, Intake
from councils.models import Council, Councillor
from mentoring.matching import suggest_mentors
from mentoring.models import Funding, Mentor, MentoringType, Placement, PlacementStatus

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 6, 1)


def _run(slug="one-to-one", intake=Intake.NEW_MEMBERS, council="rotherham", **kw):
    return services.cohort_run_make(
        council=Council.objects.get(slug=council),
        mentoring_type=MentoringType.objects.get(slug=slug),
        intake=intake,
        started_on=START,
        mentor_days_agreed=Decimal("4"),
        funding=Funding.COUNCIL,
        **kw,
    )


def test_a_run_drafts_each_new_member_with_the_best_allowed_mentor_and_its_reasons(
    demo_programme,
):
    run = _run()
    drafts = list(run.drafts.select_related("councillor", "mentor"))
    election = services.latest_all_out_election(run.council)
    new = Councillor.objects.in_office().filter(
        council=run.council, first_elected_on__gte=election.held_on
    )
    assert {d.councillor for d in drafts} <= set(new)
    assert drafts and all(d.mentor for d in drafts)
    # One-to-one: a mentor takes one mentee of the run.
    assert max(Counter(d.mentor_id for d in drafts).values()) == 1
    first = drafts[0]
    ranked = suggest_mentors(
        council=run.council, mentoring_type=run.mentoring_type, mentees=[first.councillor]
    )
    same = next(s for s in ranked if s.mentor == first.mentor)
    assert same.allowed
    assert first.score == same.score
    assert first.reason_list == same.reasons


def test_a_run_never_drafts_a_mentor_with_a_conflict(demo_programme):
    run = _run(intake=Intake.CABINET)
    for draft in run.drafts.select_related("councillor", "mentor"):
        ranked = suggest_mentors(
            council=run.council, mentoring_type=run.mentoring_type, mentees=[draft.councillor]
        )
        assert next(s for s in ranked if s.mentor == draft.mentor).allowed
        # One-to-one peers come from another council.
        assert draft.mentor.council_id != run.council_id


def test_a_mentor_takes_no_more_of_a_run_than_its_limit_and_the_rest_wait(demo_programme):
    council = Council.objects.get(slug="rotherham")
    mentees = list(Councillor.objects.in_office().filter(council=council)[:30])
    run = _run(slug="induction-buddy", mentees=mentees)
    given = Counter(d.mentor_id for d in run.drafts.all() if d.mentor_id)
    mentors = Mentor.objects.in_bulk(given)
    for pk, count in given.items():
        assert count <= 10
        assert count <= mentors[pk].capacity
    unmatched = run.drafts.filter(mentor__isnull=True)
    assert run.drafts.count() == len(mentees)
    assert all("choose one" in d.problem for d in unmatched)


def test_publishing_creates_proposed_placements_through_the_placement_service(demo_programme):
    run = _run()
    drafts = list(run.drafts.filter(warnings=""))[:2]
    published, failed = services.drafts_publish(run=run, drafts=drafts)
    assert not failed and len(published) == 2
    for draft in published:
        draft.refresh_from_db()
        assert draft.status == DraftStatus.PUBLISHED
        placement = draft.placement
        assert placement.status == PlacementStatus.PROPOSED
        assert list(placement.mentors.all()) == [draft.mentor]
        assert [m.councillor for m in placement.mentees.all()] == [draft.councillor]
        assert placement.started_on == START and placement.mentor_days_agreed == 4


def test_a_draft_that_fails_a_rule_on_publishing_stays_a_draft_and_says_why(demo_programme):
    run = _run()
    good, bad = list(run.drafts.filter(warnings=""))[:2]
    Mentor.objects.filter(pk=bad.mentor_id).update(active=False)
    published, failed = services.drafts_publish(run=run, drafts=[good, bad])
    assert published == [good] and failed == [bad]
    bad.refresh_from_db()
    assert bad.status == DraftStatus.DRAFT and bad.placement is None
    assert "no longer in the active, practising pool" in bad.problem
    assert (
        not Placement.objects.filter(mentors=bad.mentor, council=run.council)
        .filter(mentees__councillor=bad.councillor)
        .exists()
    )


def test_warnings_are_published_only_with_a_note(demo_programme):
    run = _run()
    warned = run.drafts.exclude(warnings="").first()
    assert warned is not None
    _, failed = services.drafts_publish(run=run, drafts=[warned])
    assert failed == [warned] and "note" in warned.problem
    published, _ = services.drafts_publish(
        run=run, drafts=[warned], note="Agreed with the council."
    )
    assert published == [warned]
    assert warned.placement.match_note == "Agreed with the council."


def test_the_bulk_publish_page_confirms_then_publishes_the_ticked_drafts(demo_programme, client_as):
    run = _run()
    client = client_as("manager")
    ticked = [d.pk for d in run.drafts.all()[:3]]
    confirm = client.post(
        reverse("cohort_drafts_publish", args=[run.pk]), {"step": "choose", "drafts": ticked}
    )
    assert confirm.status_code == 200
    assert b"Publish 3 placements" in confirm.content
    assert not run.drafts.filter(status=DraftStatus.PUBLISHED).exists()
    note = {"drafts": ticked, "note": "Agreed with the council."}
    done = client.post(reverse("cohort_drafts_publish", args=[run.pk]), note)
    assert done.status_code == 302
    assert set(run.drafts.filter(status=DraftStatus.PUBLISHED).values_list("pk", flat=True)) == set(
        ticked
    )
    again = client.post(reverse("cohort_drafts_publish", args=[run.pk]), note)
    assert again.status_code == 200 and b"already published" in again.content


def test_changing_a_draft_offers_only_suggested_mentors_with_room(demo_programme, client_as):
    run = _run()
    draft = run.drafts.select_related("councillor").first()
    taken = set(run.drafts.exclude(pk=draft.pk).values_list("mentor_id", flat=True))
    client = client_as("manager")
    url = reverse("cohort_draft_edit", args=[run.pk, draft.pk])
    page = client.get(url)
    offered = [row["pk"] for row in page.context["rows"]]
    assert draft.mentor_id in offered and not taken & set(offered)
    other = next(pk for pk in offered if pk != draft.mentor_id)
    refused = client.post(url, {"mentor": next(iter(taken))})
    assert refused.status_code == 200 and "Choose one of the mentors suggested." in str(
        refused.context["form"].errors
    )
    assert client.post(url, {"mentor": other}).status_code == 302
    draft.refresh_from_db()
    assert draft.mentor_id == other and draft.reasons


def test_discarding_sets_drafts_aside_and_they_cannot_be_published(demo_programme, client_as):
    run = _run()
    draft = run.drafts.first()
    client = client_as("manager")
    client.post(reverse("cohort_drafts_discard", args=[run.pk]), {"drafts": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DISCARDED
    response = client.post(reverse("cohort_drafts_publish", args=[run.pk]), {"drafts": [draft.pk]})
    assert response.status_code == 200
    assert not Placement.objects.filter(cohort_drafts=draft).exists()


def test_the_run_page_makes_a_run_from_the_form(demo_programme, client_as):
    council = Council.objects.get(slug="rotherham")
    response = client_as("manager").post(
        reverse("cohort_run_create"),
        {
            "council": council.pk,
            "intake": Intake.CABINET,
            "mentoring_type": MentoringType.objects.get(slug="one-to-one").pk,
            "started_on": "2026-06-01",
            "mentor_days_agreed": "4",
            "funding": Funding.COUNCIL,
        },
    )
    run = CohortRun.objects.get()
    assert response.status_code == 302 and run.drafts.exists()


def test_an_intake_with_nobody_left_is_refused_on_the_intake(demo_programme, client_as):
    council = Council.objects.create(
        name="Nowhere District Council", slug="nowhere", kind="district", region="london"
    )
    response = client_as("manager").post(
        reverse("cohort_run_create"),
        {
            "council": council.pk,
            "intake": Intake.NEW_MEMBERS,
            "mentoring_type": MentoringType.objects.get(slug="one-to-one").pk,
            "started_on": "2026-06-01",
            "mentor_days_agreed": "4",
            "funding": Funding.COUNCIL,
        },
    )
    assert "no all-out election on record" in str(response.context["form"].errors["intake"])
    assert not CohortRun.objects.exists()


def _queries(client, url, method="get", data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(captured)


def test_the_pages_read_a_fixed_number_of_queries_for_few_and_many_drafts(
    demo_programme, client_as
):
    council = Council.objects.get(slug="rotherham")
    people = list(Councillor.objects.in_office().filter(council=council))
    few = _run(mentees=people[:2])
    many = _run(slug="induction-buddy", mentees=people[:25])
    client = client_as("manager")
    for name in ("cohort_run_detail",):
        assert _queries(client, reverse(name, args=[few.pk])) == _queries(
            client, reverse(name, args=[many.pk])
        )
    assert _queries(client, reverse("cohort_run_list")) == _queries(
        client, reverse("cohort_run_list")
    )
    publish = "cohort_drafts_publish"
    assert _queries(
        client,
        reverse(publish, args=[few.pk]),
        "post",
        {"step": "choose", "drafts": list(few.drafts.values_list("pk", flat=True))},
    ) == _queries(
        client,
        reverse(publish, args=[many.pk]),
        "post",
        {"step": "choose", "drafts": list(many.drafts.values_list("pk", flat=True))},
    )
    edit = "cohort_draft_edit"
    assert _queries(client, reverse(edit, args=[few.pk, few.drafts.first().pk])) == _queries(
        client, reverse(edit, args=[many.pk, many.drafts.first().pk])
    )


def test_a_manager_finds_cohort_matching_from_the_council_and_the_placements(
    demo_programme, client_as
):
    council = Council.objects.get(slug="rotherham")
    manager = client_as("manager")
    start = reverse("cohort_run_create") + f"?council={council.pk}"
    assert start in manager.get(reverse("council_detail", args=[council.pk])).content.decode()
    assert reverse("cohort_run_list") in manager.get(reverse("placement_list")).content.decode()
    form = manager.get(start).context["form"]
    assert form["council"].value() == council.pk
    mentor = client_as("mentor_a").get(reverse("placement_list")).content.decode()
    assert reverse("cohort_run_list") not in mentor
