"""Who may open each cohort matching page: merged into the access matrix (accounts/tests).

A run is the programme manager's working paper: anyone else signed in gets 404.
"""

import datetime
from decimal import Decimal

from accounts.tests.personas import ANY, only
from cohorts.models import CohortRun, DraftMatch
from councils.models import Council, Councillor
from mentoring.models import Funding, MentoringType

MANAGER = only("manager")

EXPECTED = {
    "cohort_run_list": (None, MANAGER),
    "cohort_run_create": (None, MANAGER),
    "cohort_run_detail": (lambda o: {"pk": o["cohort_run"].pk}, MANAGER),
    # Nothing ticked: back to the run, saying so.
    "cohort_drafts_publish": (lambda o: {"pk": o["cohort_run"].pk}, only("manager", code=ANY)),
    "cohort_drafts_discard": (lambda o: {"pk": o["cohort_run"].pk}, only("manager", code=405)),
    "cohort_draft_edit": (
        lambda o: {"pk": o["cohort_run"].pk, "draft_pk": o["cohort_draft"].pk},
        MANAGER,
    ),
}

EXTRA = []


def objects(users) -> dict:
    """A run of Rotherham with one draft (no mentor yet)."""
    council = Council.objects.get(slug="rotherham")
    run = CohortRun.objects.create(
        council=council,
        mentoring_type=MentoringType.objects.get(slug="one-to-one"),
        intake="cabinet",
        started_on=datetime.date(2026, 6, 1),
        mentor_days_agreed=Decimal("4"),
        funding=Funding.COUNCIL,
    )
    draft = DraftMatch.objects.create(
        run=run, councillor=Councillor.objects.filter(council=council).order_by("pk").first()
    )
    return {"cohort_run": run, "cohort_draft": draft}
