"""The placement page ranks the pool in the database and works out only the best few
in full: it must give exactly what ranking every mentor in Python gives."""

import datetime
import random

import pytest

from councils.regions import Region
from councils.tests.factories import (
    CouncilFactory,
    CouncillorFactory,
    OfficerFactory,
    PartyFactory,
    RoleAppointmentFactory,
    role,
)
from mentoring.matching import suggest_best_mentors, suggest_mentors
from mentoring.models import MentorCouncilRule
from mentoring.tests.factories import MentorFactory, PlacementFactory, mentoring_type

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 1, 4)
END = datetime.date(2027, 6, 30)


def _as_rows(suggestions):
    return [(s.mentor.pk, s.score, s.reasons, s.warnings, s.conflicts) for s in suggestions]


@pytest.fixture
def pool():
    """A mixed pool: councils, parties, regions, capacity, roles and accreditations vary,
    with names shared so that ties are broken the same way."""
    rng = random.Random(9)
    councils = [CouncilFactory(region=region) for region in Region.values[:5]]
    parties = [PartyFactory(name=name) for name in ("Labour", "Conservative", "Green")]
    roles = [role("chair"), role("leader"), role("cabinet-member")]
    mentors = []
    for i in range(60):
        mentor = MentorFactory(
            full_name=rng.choice(["Ann Lee", "Bob Shaw", "ann lee", "Zoë Ward", f"Mentor {i}"]),
            council=rng.choice([*councils, None]),
            party=rng.choice([*parties, None]),
            regional_pool=rng.choice(Region.values),
            capacity=rng.choice([1, 2, 3]),
            accredited=rng.random() < 0.7,
            accreditation_expires_on=rng.choice([None, DAY, END, datetime.date(2030, 1, 1)]),
        )
        mentor.expertise.set(rng.sample(roles, rng.randint(0, 2)))
        mentors.append(mentor)
    for mentor in rng.sample(mentors, 25):  # some with active placements, up to full
        for _ in range(rng.randint(1, 2)):
            PlacementFactory(mentors=[mentor], mentees=[])
    MentorFactory(active=False, full_name="Ann Lee")  # never ranked
    chair = CouncillorFactory(council=councils[0], party=parties[0])
    RoleAppointmentFactory(councillor=chair, role=roles[0])
    return {
        "council": councils[0],
        "mentors": mentors,
        "mentee_sets": [
            [chair],
            [chair, CouncillorFactory(council=councils[0], party=parties[0])],
            [chair, CouncillorFactory(council=councils[0], party=parties[1])],
            [CouncillorFactory(council=councils[0], party=None)],
            [OfficerFactory(council=councils[0])],
        ],
    }


@pytest.mark.parametrize(
    ("slug", "rule"),
    [
        ("one-to-one", None),
        ("political-group", None),
        ("induction-buddy", None),
        ("councillor-role", MentorCouncilRule.ANY),
    ],
)
@pytest.mark.parametrize("planned_end_on", [END, None])
def test_the_best_suggestions_are_the_first_of_the_whole_ranking(pool, slug, rule, planned_end_on):
    kind = mentoring_type(slug)
    if rule:
        kind.mentor_council_rule = rule
    for mentees in pool["mentee_sets"]:
        args = {
            "council": pool["council"],
            "mentoring_type": kind,
            "mentees": mentees,
            "planned_end_on": planned_end_on,
            "day": DAY,
        }
        everyone = suggest_mentors(**args)
        for best in (0, 1, 7, 20, 100):
            shown, total = suggest_best_mentors(**args, best=best)
            assert total == len(everyone) == len(pool["mentors"])
            assert _as_rows(shown) == _as_rows(everyone[:best])
        # Mentors ticked beyond the best keep their place in the ranking.
        ticked = [str(everyone[-1].mentor.pk), str(everyone[30].mentor.pk), "x", "99999999"]
        shown, _ = suggest_best_mentors(**args, best=5, also=ticked)
        expected = everyone[:5] + [everyone[30], everyone[-1]]
        assert _as_rows(shown) == _as_rows(expected)
