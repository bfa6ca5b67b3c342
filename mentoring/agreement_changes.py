"""What changed in a learning agreement since its previous version, and who has agreed
to it: the data the agreement page shows, worked out here and rendered by the template.

Texts are compared paragraph by paragraph (difflib), goals by their content (the same
goal wherever it sits in the list; a goal reworded a little is the same goal changed),
review dates as a set.
"""

import datetime
import difflib
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.formats import date_format

from mentoring.models import (
    AgreementReview,
    AgreementStatus,
    Goal,
    LearningAgreement,
    MentorKind,
)

TEXTS = (
    ("development_needs", "Development needs"),
    ("ways_of_working", "Ways of working"),
    ("confidentiality_protocol", "Confidentiality protocol"),
)
GOAL_PARTS = (
    ("reality", "Reality"),
    ("options", "Options"),
    ("way_forward", "Way forward"),
    ("target_on", "Target date"),
)
# How alike two goals' words must be (difflib's ratio, 0 to 1) to count as one goal
# reworded rather than one removed and another added.
SAME_GOAL = 0.6


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` is "added" (new only), "removed" (old only) or
    "changed" (from old to new)."""

    kind: str
    old: object = ""
    new: object = ""
    label: str = ""


@dataclass
class GoalChange:
    kind: str  # "added", "removed" or "changed"
    goal: str  # as it reads now (as it read, for a removed goal)
    parts: list[Change] = field(default_factory=list)  # for a changed goal


@dataclass
class AgreementChanges:
    previous_version: int
    texts: list[tuple[str, list[Change]]]  # (section title, its changes), changed ones only
    goals: list[GoalChange]
    reviews: list[Change]  # review dates added or removed

    def __bool__(self) -> bool:
        return bool(self.texts or self.goals or self.reviews)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def text_changes(old: str, new: str) -> list[Change]:
    """The paragraphs added, removed and changed from ``old`` to ``new``."""
    before, after = _paragraphs(old), _paragraphs(new)
    changes = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = before[i1:i2], after[j1:j2]
        # A paragraph replaced by one in its place reads as that paragraph changed.
        for old_line, new_line in zip(removed, added, strict=False):
            changes.append(Change("changed", old_line, new_line))
        changes += [Change("removed", old=line) for line in removed[len(added) :]]
        changes += [Change("added", new=line) for line in added[len(removed) :]]
    return changes


def _as_text(value) -> str:
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return (value or "").strip()


def _part_changes(old, new) -> list[Change]:
    changes = []
    for name, label in GOAL_PARTS:
        before, after = (_as_text(getattr(goal, name)) for goal in (old, new))
        if before == after:
            continue
        if not before:
            changes.append(Change("added", new=after, label=label))
        elif not after:
            changes.append(Change("removed", old=before, label=label))
        else:
            changes.append(Change("changed", before, after, label))
    return changes


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def goal_changes(old_goals, new_goals) -> list[GoalChange]:
    """Goals added, removed and changed, in the order of the new list (removed ones last).

    A goal is matched first by its exact words, then to the most alike goal left over."""
    left = list(old_goals)
    matched = {}  # index in new_goals -> old goal
    for index, goal in enumerate(new_goals):
        same = next((old for old in left if old.goal.strip() == goal.goal.strip()), None)
        if same is not None:
            matched[index] = same
            left.remove(same)
    for index, goal in enumerate(new_goals):
        if index in matched or not left:
            continue
        best = max(left, key=lambda old: _likeness(old.goal, goal.goal))
        if _likeness(best.goal, goal.goal) >= SAME_GOAL:
            matched[index] = best
            left.remove(best)
    changes = []
    for index, goal in enumerate(new_goals):
        old = matched.get(index)
        if old is None:
            changes.append(GoalChange("added", goal.goal))
            continue
        parts = _part_changes(old, goal)
        if old.goal.strip() != goal.goal.strip():
            parts.insert(0, Change("changed", old.goal, goal.goal, "Goal"))
        if parts:
            changes.append(GoalChange("changed", goal.goal, parts))
    changes += [GoalChange("removed", old.goal) for old in left]
    return changes


def changes_between(previous, texts, goals, review_days) -> AgreementChanges:
    """What differs from ``previous`` to the texts (a mapping of the content fields),
    goals and review dates given. ``previous`` has its version, its texts, and
    ``goals`` and ``review_days`` lists of its own."""
    sections = []
    for name, title in TEXTS:
        changes = text_changes(getattr(previous, name), texts[name])
        if changes:
            sections.append((title, changes))
    old_days, new_days = set(previous.review_days), set(review_days)
    return AgreementChanges(
        previous_version=previous.version,
        texts=sections,
        goals=goal_changes(previous.goals, list(goals)),
        reviews=[Change("added", new=day) for day in sorted(new_days - old_days)]
        + [Change("removed", old=day) for day in sorted(old_days - new_days)],
    )


def version_read(agreement: LearningAgreement, goals, reviews) -> SimpleNamespace:
    """A version with the goals and reviews already read, as ``changes_between`` takes it."""
    return SimpleNamespace(
        version=agreement.version,
        **{name: getattr(agreement, name) for name, _ in TEXTS},
        goals=list(goals),
        review_days=[review.due_on for review in reviews],
    )


@dataclass
class AgreementPage:
    versions: list[LearningAgreement]  # every version of the placement, newest first
    goals: list[Goal]  # this version's, in order
    reviews: list[AgreementReview]  # this version's, by date
    changes: AgreementChanges | None  # since the version before; None for the first


def agreement_page(agreement: LearningAgreement) -> AgreementPage:
    """What the agreement page shows beside the version itself, in three queries: the
    placement's versions (whole: the one before is compared), then the goals and the
    review dates of this version and the one before."""
    versions = list(LearningAgreement.objects.filter(placement_id=agreement.placement_id))
    previous = next((v for v in versions if v.version < agreement.version), None)
    ids = [agreement.pk] if previous is None else [agreement.pk, previous.pk]
    goals = {pk: [] for pk in ids}
    for goal in Goal.objects.filter(agreement_id__in=ids).order_by("order", "pk"):
        goals[goal.agreement_id].append(goal)
    reviews = {pk: [] for pk in ids}
    for review in AgreementReview.objects.filter(agreement_id__in=ids).order_by("due_on"):
        reviews[review.agreement_id].append(review)
    changes = None
    if previous is not None:
        texts = {name: getattr(agreement, name) for name, _ in TEXTS}
        changes = changes_between(
            version_read(previous, goals[previous.pk], reviews[previous.pk]),
            texts,
            goals[agreement.pk],
            [review.due_on for review in reviews[agreement.pk]],
        )
    return AgreementPage(
        versions=versions,
        goals=goals[agreement.pk],
        reviews=reviews[agreement.pk],
        changes=changes,
    )


@dataclass
class Agreeing:
    """Who has agreed to a version and who it waits for, for the page's sentences."""

    status: str
    side: str | None  # the reader's side: "mentor", "mentee" or None (a manager)
    mentors: str  # names, as text
    mentees: str
    mentor_agreed_at: object
    mentee_agreed_at: object

    @property
    def you_agreed_at(self):
        return getattr(self, f"{self.side}_agreed_at") if self.side else None

    @property
    def others(self) -> str:
        """The names on the other side from the reader."""
        return self.mentees if self.side == "mentor" else self.mentors

    @property
    def others_agreed_at(self):
        other = "mentee" if self.side == "mentor" else "mentor"
        return getattr(self, f"{other}_agreed_at") if self.side else None

    @property
    def in_force(self) -> bool:
        return self.status == AgreementStatus.ACTIVE

    @property
    def proposed(self) -> bool:
        return self.status == AgreementStatus.PROPOSED


def _names(names: list[str]) -> str:
    """ "A", "A or B", "A, B or C": any one of a side agrees for it."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def agreeing(agreement: LearningAgreement, side: str | None) -> Agreeing:
    """The names of both sides of the agreement's placement and who has agreed."""
    placement = agreement.placement
    # (name, is a councillor) of each side, read once per page with the placement's
    # name when it has been (Placement.name keeps them as people_names).
    people = placement.__dict__.get("people_names")
    if people is None:
        people = placement.people_names = (
            [
                (name, kind == MentorKind.COUNCILLOR)
                for name, kind in placement.mentors.order_by("full_name").values_list(
                    "full_name", "kind"
                )
            ],
            [
                (councillor or officer, councillor is not None)
                for councillor, officer in placement.mentees.order_by("pk").values_list(
                    "councillor__full_name", "officer__full_name"
                )
            ],
        )
    # Councillors as they are addressed ("Cllr Pat Lowther"), officers by name.
    mentors, mentees = (
        [f"Cllr {name}" if councillor else name for name, councillor in side_people]
        for side_people in people
    )
    return Agreeing(
        status=agreement.status,
        side=side,
        mentors=_names(mentors),
        mentees=_names(mentees),
        mentor_agreed_at=agreement.mentor_agreed_at,
        mentee_agreed_at=agreement.mentee_agreed_at,
    )


def agreed_message(agreeing: Agreeing) -> str:
    """What the person who just agreed is told."""
    if agreeing.in_force:
        return "Both of you have agreed: the agreement is in force."
    return f"You agreed. Waiting for {agreeing.others} to agree."


def proposed_message(agreeing: Agreeing, version: int) -> str:
    """What the person who just proposed a version is told: nobody has agreed yet."""
    return (
        f"Version {version} is proposed. Nobody has agreed to it yet: it comes into force "
        f"once you and {agreeing.others} have both agreed. Read it and agree at the end of "
        "the page."
    )
