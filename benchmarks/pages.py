"""Every page the benchmark measures, as the role that mainly uses it, with the admin
model it is compared with (the "peer": what a programme would use without this
product). ``tests/test_pages.py`` fails when a URL is neither here nor in EXCLUDED.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    url_name: str
    role: str  # manager, mentor, mentee, commissioner, ward_mentor
    kwargs: Callable = lambda s: {}
    admin_model: str | None = None  # "app_label.model", compared by its changelist
    query: str | Callable = ""  # or a function of the subjects

    @property
    def label(self) -> str:
        if callable(self.query):
            return f"{self.url_name}?{self.query.__doc__}"
        return self.url_name + (f"?{self.query}" if self.query else "")

    def url(self, s) -> str:
        from django.urls import reverse

        query = self.query(s) if callable(self.query) else self.query
        return reverse(self.url_name, kwargs=self.kwargs(s)) + (f"?{query}" if query else "")


def _placement_council(s):
    """council=..."""
    return f"council={s.council.pk}"


def _placement_suggestions(s):
    """(suggestions)"""
    mentee = s.suggestion_mentee
    return (
        f"council={mentee.council_id}&mentoring_type={s.one_to_one.pk}&councillors={mentee.pk}"
        f"&started_on={s.month:%Y-%m-%d}"
    )


def _pk(attr):
    return lambda s: {"pk": getattr(s, attr).pk}


def _group(s):
    """The largest political group of the busiest council."""
    from django.db.models import Count

    from councils.models import PoliticalGroup

    group = (
        PoliticalGroup.objects.filter(council=s.council)
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    return group


def _group_member(s):
    group = _group(s)
    member = group.memberships.exclude(councillor_id=group.leader_id).order_by("pk").first()
    return {"pk": group.pk, "member_pk": member.pk}


def _claim(s):
    """The mentor's latest claim on the placement; a draft one is made when the seed has
    none, so the claim pages are measured whatever the seed holds."""
    from mentoring.models import DayClaim

    claim = (
        DayClaim.objects.filter(placement=s.placement, mentor=s.mentor)
        .order_by("-worked_on", "-pk")
        .first()
    ) or DayClaim.objects.create(
        placement=s.placement,
        mentor=s.mentor,
        worked_on=s.placement.started_on,
        length=DayClaim.Length.HALF,
        purpose=DayClaim.Purpose.PREPARATION,
        description="Reading the committee papers",
    )
    return {"pk": claim.pk}


def _open_claim(s):
    """The mentor's draft or queried claim on the placement, one made on a day they have
    not claimed when the seed has none: expenses are added to such a claim only."""
    from mentoring.models import DayClaim

    mine = DayClaim.objects.filter(placement=s.placement, mentor=s.mentor)
    claim = mine.filter(status__in=("draft", "queried")).order_by("-pk").first()
    if claim is None:
        taken = set(DayClaim.objects.filter(mentor=s.mentor).values_list("worked_on", flat=True))
        day = s.placement.started_on
        while day in taken:
            day += datetime.timedelta(days=1)
        claim = DayClaim.objects.create(
            placement=s.placement,
            mentor=s.mentor,
            worked_on=day,
            length=DayClaim.Length.HALF,
            purpose=DayClaim.Purpose.PREPARATION,
            description="Reading the committee papers",
        )
    return {"pk": claim.pk}


def _funder(s):
    return {"pk": s.placement.funder_id}


def _budget(s):
    from funding.models import Budget

    return {"pk": Budget.objects.filter(council=s.council).order_by("pk").values("pk")[0]["pk"]}


def _open_year(s):
    from funding.models import FinancialYear
    from funding.years import financial_year_of

    return {"pk": FinancialYear.objects.get(start_year=financial_year_of(s.month)).pk}


def _rate(s):
    from mentoring.models import DayRate

    return {"pk": DayRate.objects.filter(funder_id=s.placement.funder_id).values("pk")[0]["pk"]}


def _statement(s):
    return {"mentor_pk": s.mentor.pk, "year": s.month.year, "month": s.month.month}


def _slug(s):
    return {"slug": s.council.slug}


def _buddy_scheme(s):
    """An induction buddy scheme at the busiest council, full: four buddies (councillors
    of the council), ten new members each paired (five after an earlier pairing ended)
    and two training and pairing events with who attended. Made when the seed has none:
    seed_scale makes no induction buddy placements."""
    from django.utils import timezone

    from induction.models import BuddyPairing, TrainingEvent
    from mentoring.models import Mentor, MentoringType, Placement

    scheme = Placement.objects.filter(
        council=s.council, mentoring_type__slug="induction-buddy"
    ).first()
    if scheme is not None:
        return scheme
    today = timezone.localdate()
    started = today - datetime.timedelta(days=120)
    kind = MentoringType.objects.get(slug="induction-buddy")
    scheme = Placement.objects.create(
        council=s.council,
        mentoring_type=kind,
        status="active",
        started_on=started,
        planned_end_on=today + datetime.timedelta(days=120),
        mentor_days_agreed=1,
        funding="council",
        cost=kind.cost_from,
    )
    councillors = list(
        s.council.councillors.filter(left_office_on__isnull=True, mentor__isnull=True).order_by(
            "pk"
        )[:14]
    )
    buddies = [
        Mentor.objects.create(
            full_name=c.full_name,
            kind="councillor",
            council=s.council,
            councillor=c,
            regional_pool=s.council.region,
        )
        for c in councillors[:4]
    ]
    members = councillors[4:]
    scheme.mentors.set(buddies)
    for n, member in enumerate(members):
        scheme.mentees.create(councillor=member)
        buddy = buddies[n % len(buddies)]
        if n % 2:
            earlier = buddies[(n + 1) % len(buddies)]
            ended = started + datetime.timedelta(days=30)
            BuddyPairing.objects.create(
                placement=scheme,
                buddy=earlier,
                new_member=member,
                started_on=started,
                ended_on=ended,
            )
            BuddyPairing.objects.create(
                placement=scheme,
                buddy=buddy,
                new_member=member,
                started_on=ended + datetime.timedelta(days=1),
            )
        else:
            BuddyPairing.objects.create(
                placement=scheme, buddy=buddy, new_member=member, started_on=started
            )
    for held_on in (started, started + datetime.timedelta(days=35)):
        event = TrainingEvent.objects.create(council=s.council, held_on=held_on)
        event.placements.add(scheme)
        event.buddies.set(buddies)
        event.new_members.set(members)
    return scheme


def _scheme(s):
    return {"pk": _buddy_scheme(s).pk}


def _buddy_pairing(s):
    from induction.models import BuddyPairing

    scheme = _buddy_scheme(s)
    pairing = BuddyPairing.objects.filter(placement=scheme, ended_on__isnull=True)
    return {"pk": pairing.order_by("pk").values("pk")[0]["pk"]}


def _training_event(s):
    from induction.models import TrainingEvent

    events = TrainingEvent.objects.filter(placements=_buddy_scheme(s))
    return {"pk": events.order_by("pk").values("pk")[0]["pk"]}


def _cohort_run(s):
    """A cohort run at the busiest council: ten of its serving councillors matched to
    one-to-one mentors, made when there is none (seed_scale makes no runs)."""
    from cohorts.models import CohortRun, Intake
    from cohorts.services import cohort_run_make
    from councils.models import Councillor
    from mentoring.models import MentoringType

    run = CohortRun.objects.filter(council=s.council).order_by("pk").first()
    if run is None:
        run = cohort_run_make(
            council=s.council,
            mentoring_type=MentoringType.objects.get(slug="one-to-one"),
            intake=Intake.NEW_MEMBERS,
            started_on=s.month,
            mentor_days_agreed=4,
            funding="council",
            mentees=list(
                Councillor.objects.in_office().filter(council=s.council).order_by("pk")[:10]
            ),
        )
    return run


def _cohort_draft(s):
    run = _cohort_run(s)
    draft = run.drafts.filter(mentor__isnull=False).order_by("pk").first()
    return {"pk": run.pk, "draft_pk": draft.pk}


def _cohort_drafts(s):
    """drafts=... (the run's drafts ticked)"""
    pks = _cohort_run(s).drafts.order_by("pk").values_list("pk", flat=True)
    return "&".join(f"drafts={pk}" for pk in pks)


PAGES = [
    # The programme manager's workspace.
    Page("home", "manager"),
    Page("dashboard", "manager"),
    Page("council_list", "manager", admin_model="councils.council"),
    Page("council_create", "manager", admin_model="councils.council"),
    Page("council_detail", "manager", _pk("council"), "councils.council"),
    Page("council_update", "manager", _pk("council"), "councils.council"),
    Page("councillor_list", "manager", admin_model="councils.councillor"),
    Page("councillor_list", "manager", admin_model="councils.councillor", query="q=an"),
    Page("councillor_create", "manager", admin_model="councils.councillor"),
    Page("councillor_detail", "manager", _pk("councillor"), "councils.councillor"),
    Page("councillor_update", "manager", _pk("councillor"), "councils.councillor"),
    Page("councillor_leave_office", "manager", _pk("councillor"), "councils.councillor"),
    Page("election_import", "manager", admin_model="councils.councillor"),
    Page("political_group_create", "manager", _pk("council"), "councils.council"),
    Page("political_group_detail", "manager", lambda s: {"pk": _group(s).pk}, "councils.council"),
    Page("political_group_edit", "manager", lambda s: {"pk": _group(s).pk}, "councils.council"),
    Page(
        "political_group_member_create",
        "manager",
        lambda s: {"pk": _group(s).pk},
        "councils.councillor",
    ),
    Page("political_group_member_end", "manager", _group_member, "councils.councillor"),
    Page("mentor_list", "manager", admin_model="mentoring.mentor"),
    Page("mentor_create", "manager", admin_model="mentoring.mentor"),
    Page("mentor_detail", "manager", _pk("mentor"), "mentoring.mentor"),
    Page("mentor_edit", "manager", _pk("mentor"), "mentoring.mentor"),
    Page("placement_list", "manager", admin_model="mentoring.placement"),
    Page("placement_list", "manager", admin_model="mentoring.placement", query="status=active"),
    Page("placement_create", "manager", admin_model="mentoring.placement"),
    Page(
        "placement_create", "manager", admin_model="mentoring.placement", query=_placement_council
    ),
    Page(
        "placement_create",
        "manager",
        admin_model="mentoring.placement",
        query=_placement_suggestions,
    ),
    Page("placement_detail", "manager", _pk("placement"), "mentoring.placement"),
    Page("placement_edit", "manager", _pk("placement"), "mentoring.placement"),
    Page(
        "placement_status",
        "manager",
        lambda s: {"pk": s.placement.pk, "action": "pause"},
        "mentoring.placement",
    ),
    Page("session_list", "manager", admin_model="mentoring.session"),
    Page("protocol_edit", "manager", admin_model="mentoring.learningagreement"),
    Page("confidence_overview", "manager", admin_model="mentoring.confidencecheck"),
    Page("invitation_list", "manager", admin_model="accounts.user"),
    Page("invitation_create", "manager", admin_model="accounts.user"),
    Page("cohort_run_list", "manager", admin_model="mentoring.placement"),
    Page("cohort_run_create", "manager", admin_model="mentoring.placement"),
    Page(
        "cohort_run_detail", "manager", lambda s: {"pk": _cohort_run(s).pk}, "mentoring.placement"
    ),
    Page("cohort_draft_edit", "manager", _cohort_draft, "mentoring.placement"),
    Page(
        "cohort_drafts_publish",
        "manager",
        lambda s: {"pk": _cohort_run(s).pk},
        "mentoring.placement",
        query=_cohort_drafts,
    ),
    Page("visit_list", "manager", admin_model="reviews.reviewvisit"),
    Page("visit_create", "manager", admin_model="reviews.reviewvisit"),
    Page("visit_detail", "manager", _pk("visit"), "reviews.reviewvisit"),
    Page("visit_edit", "manager", _pk("draft_visit"), "reviews.reviewvisit"),
    Page("visit_status", "manager", _pk("draft_visit"), "reviews.reviewvisit"),
    Page("visit_reopen", "manager", _pk("visit"), "reviews.reviewvisit"),
    Page("recommendation_create", "manager", _pk("draft_visit"), "reviews.recommendation"),
    Page("recommendation_edit", "manager", _pk("draft_recommendation"), "reviews.recommendation"),
    Page("action_plan", "manager", _pk("visit"), "reviews.action"),
    Page("action_create", "manager", _pk("recommendation"), "reviews.action"),
    Page("action_edit", "manager", _pk("action"), "reviews.action"),
    Page("progress_update_create", "manager", _pk("action"), "reviews.progressupdate"),
    Page("document_upload", "manager", _pk("draft_visit"), "reviews.reviewvisit"),
    Page("report_list", "manager", _slug, "reports.monthlyreport"),
    Page("report_request", "manager", _slug, "reports.monthlyreport"),
    Page(
        "report_detail",
        "manager",
        lambda s: {"slug": s.council.slug, "pk": s.report.pk},
        "reports.monthlyreport",
    ),
    Page(
        "narrative_edit",
        "manager",
        lambda s: {"slug": s.council.slug, "year": s.month.year, "month": s.month.month},
        "reports.reportnarrative",
    ),
    Page("notification_list", "manager", admin_model="notifications.notification"),
    Page("accessibility", "manager"),
    Page("privacy_notice", "manager"),
    Page("privacy_people", "manager", admin_model="councils.councillor"),
    Page(
        "privacy_person",
        "manager",
        lambda s: {"kind": "councillor", "pk": s.councillor.pk},
        "councils.councillor",
    ),
    Page(
        "privacy_person_erase",
        "manager",
        lambda s: {"kind": "councillor", "pk": s.councillor.pk},
        "councils.councillor",
    ),
    Page("claim_list", "manager"),
    Page("claim_detail", "manager", _claim),
    # The money: funders, financial years, budgets, rates, statements and recharges.
    Page("funder_list", "manager", admin_model="funding.funder"),
    Page("funder_create", "manager", admin_model="funding.funder"),
    Page("funder_edit", "manager", _funder, "funding.funder"),
    Page("financial_year_list", "manager", admin_model="funding.financialyear"),
    Page("financial_year_create", "manager", admin_model="funding.financialyear"),
    Page("financial_year_close", "manager", _open_year, "funding.financialyear"),
    Page("budget_list", "manager", admin_model="funding.budget"),
    Page("budget_create", "manager", admin_model="funding.budget"),
    Page("budget_edit", "manager", _budget, "funding.budget"),
    Page("rate_list", "manager", admin_model="mentoring.dayrate"),
    Page("rate_create", "manager", admin_model="mentoring.dayrate"),
    Page("rate_edit", "manager", _rate, "mentoring.dayrate"),
    Page("mentor_rate_create", "manager", _pk("mentor"), "mentoring.dayrate"),
    Page("statement_list", "manager"),
    Page("statement_detail", "manager", _statement),
    Page("recharge_list", "manager"),
    # Induction buddy schemes: who buddies whom, and the training and pairing events.
    Page("buddy_pairing_list", "manager", _scheme, "mentoring.placement"),
    Page("buddy_pairing_create", "manager", _scheme, "mentoring.placement"),
    Page("buddy_pairing_end", "manager", _buddy_pairing, "mentoring.placement"),
    Page("training_event_create", "manager", _scheme, "mentoring.placement"),
    Page("training_event_edit", "manager", _training_event, "mentoring.placement"),
    # Mentors log sessions and keep agreements.
    Page("home", "mentor"),
    Page("placement_detail", "mentor", _pk("placement"), "mentoring.placement"),
    Page(
        "session_create",
        "mentor",
        lambda s: {"placement_pk": s.placement.pk},
        "mentoring.session",
    ),
    Page("session_detail", "mentor", _pk("session"), "mentoring.session"),
    Page("session_edit", "mentor", _pk("session"), "mentoring.session"),
    Page("session_delete", "mentor", _pk("session"), "mentoring.session"),
    Page("agreement_detail", "mentor", _pk("agreement"), "mentoring.learningagreement"),
    Page("reflection_list", "mentor"),
    Page("confidential_access_log", "mentor"),
    Page("pair_access_list", "mentor"),
    Page("calendar_feed", "mentor"),
    Page("calendar_feed_renew", "mentor"),
    Page("calendar_feed_revoke", "mentor"),
    Page("claim_list", "mentor"),
    Page("claim_create", "mentor", _pk("placement")),
    Page("claim_detail", "mentor", _claim),
    Page("claim_expense_create", "mentor", _open_claim),
    Page("statement_list", "mentor"),
    Page("statement_detail", "mentor", _statement),
    Page("ward_visit_detail", "ward_mentor", _pk("ward_placement"), "mentoring.placement"),
    Page("ward_report_edit", "ward_mentor", _pk("ward_placement"), "mentoring.placement"),
    Page("ward_issue_create", "ward_mentor", _pk("ward_placement"), "mentoring.placement"),
    Page("ward_issue_edit", "ward_mentor", _pk("ward_issue"), "mentoring.placement"),
    Page("ward_issue_delete", "ward_mentor", _pk("ward_issue"), "mentoring.placement"),
    # Councillors read and sign their own agreements, reflect, check their confidence.
    Page("home", "mentee"),
    Page("agreement_detail", "mentee", _pk("agreement"), "mentoring.learningagreement"),
    Page("reflection_list", "mentee"),
    Page("reflection_create", "mentee"),
    Page("confidence_create", "mentee", admin_model="mentoring.confidencecheck"),
    Page("confidence_detail", "mentee", _pk("mentee"), "mentoring.confidencecheck"),
    Page("notification_list", "mentee", admin_model="notifications.notification"),
    Page("privacy_my_data", "mentee"),
    # Commissioners follow the councils they oversee.
    Page("home", "commissioner"),
    Page("visit_list", "commissioner", admin_model="reviews.reviewvisit"),
    Page("visit_detail", "commissioner", _pk("visit"), "reviews.reviewvisit"),
    Page("action_plan", "commissioner", _pk("visit"), "reviews.action"),
    Page("report_list", "commissioner", _slug, "reports.monthlyreport"),
]

# URLs that are not pages to time, and why.
EXCLUDED = {
    "bench_floor": "the floor itself",
    "session_status": "a few bytes of JSON the idle warning asks for, not a page",
    "session_keep_alive": "an action (POST only): 'Stay signed in'",
    "invitation_accept": "reached by a one-time link while signed out",
    "invitation_resend": "an action (POST only)",
    "invitation_revoke": "an action (POST only)",
    "cohort_drafts_discard": "an action (POST only) from the cohort run's page",
    "role_appointment_end": "an action (POST only)",
    "role_appointment_create": "an action (POST only) from the councillor's page",
    "governance_change_create": "an action (POST only) from the council's page",
    "councillor_export": "a CSV download of the whole list: its size grows with the data by design",
    "placement_export": "a CSV download of the whole list: its size grows with the data by design",
    "mentor_export": "a CSV download of the whole list: its size grows with the data by design",
    "claim_export": "a CSV download of the whole list: its size grows with the data by design",
    "election_import_sample": "a fixed sample file",
    "election_import_preview": "the second step of an upload (POST only)",
    "election_import_confirm": "the last step of an upload (POST only)",
    "agreement_start": "an action (POST only)",
    "agreement_action": "an action (POST only)",
    "pair_access_confirm": "an action (POST only)",
    "agreement_edit": "only a draft can be edited; the agreement pages are measured on the detail",
    "agreement_change": "the draft's form, started from the agreed version; measured on the detail",
    "agreement_pdf": "a PDF: measured as PDFs are, against the PDF floor, with the monthly report",
    "action_plan_pdf": "a PDF: measured as PDFs are, against the PDF floor, with the monthly report",
    "ward_visit_pdf": "a PDF: measured as PDFs are, against the PDF floor, with the monthly report",
    "report_download": "a stored file sent as it is",
    "document_download": "a stored file sent as it is",
    "document_delete": "needs an uploaded document; the same confirmation page as others measured",
    "notification_read": "an action (POST only)",
    "notification_read_all": "an action (POST only)",
    "privacy_my_data_export": "a person's own data as a download (JSON, CSV or PDF)",
    "privacy_person_export": "a person's data as a download (JSON, CSV or PDF)",
    "claim_submit": "an action (POST only)",
    "claim_submit_drafts": "an action (POST only)",
    "claim_decide": "an action (POST only)",
    "claim_edit": "only a draft or queried claim can be changed; the same form as claim_create",
    "claim_delete": "only a draft can be deleted; the same confirmation page as others measured",
    "calendar_feed_ics": "an iCalendar feed for calendar programs, fetched by a secret address",
    "financial_year_reopen": "the same confirmation page as financial_year_close, for a closed year",
    "claim_expense_delete": "needs an expense on a draft; the same confirmation page as others measured",
    "claim_expense_receipt": "a stored file sent as it is",
    "statement_pdf": "a PDF of one statement: WeasyPrint's time, as measured with the monthly report",
    "statement_csv": "a CSV download of one statement: the rows of statement_detail, measured",
    "recharge_pdf": "a PDF of one schedule: WeasyPrint's time, as measured with the monthly report",
    "recharge_csv": "a CSV download of one schedule: its rows grow with the claims by design",
}
