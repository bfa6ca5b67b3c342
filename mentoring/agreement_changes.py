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

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import date_format

from mentoring.models import (
    AgreementReview,
    AgreementStatus,
    Goal,
    LearningAgreement,
    MemberAgreement,
    MentorKind,
    PlacementMentee,
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


@dataclass(frozen=True)
class Member:
    """A mentee of the placement and when they agreed to the version (None: not yet)."""

    name: str
    agreed_at: object
    is_you: bool


@dataclass
class Agreeing:
    """Who has agreed to a version and who it waits for, for the page's sentences.

    The mentor side agrees as one (any of its mentors); each mentee agrees for themself."""

    status: str
    side: str | None  # the reader's side: "mentor", "mentee" or None (a manager)
    mentors: str  # names, as text
    members: list[Member]
    mentor_agreed_at: object

    @property
    def mentees(self) -> str:
        return _all([m.name for m in self.members])

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1

    @property
    def you_agreed_at(self):
        if self.side == "mentor":
            return self.mentor_agreed_at
        return next((m.agreed_at for m in self.members if m.is_you), None)

    @property
    def others(self) -> str:
        """The names on the other side from the reader."""
        return self.mentees if self.side == "mentor" else self.mentors

    @property
    def waiting_for(self) -> str:
        """Who has still to agree, the reader aside."""
        names = [self.mentors] if not (self.mentor_agreed_at or self.side == "mentor") else []
        names += [m.name for m in self.members if not (m.agreed_at or m.is_you)]
        return _all(names)

    @property
    def agreed(self) -> str:
        """Who has agreed, the reader aside."""
        names = [self.mentors] if self.mentor_agreed_at and self.side != "mentor" else []
        names += [m.name for m in self.members if m.agreed_at and not m.is_you]
        return _all(names)

    @property
    def in_force(self) -> bool:
        return self.status == AgreementStatus.ACTIVE

    @property
    def proposed(self) -> bool:
        return self.status == AgreementStatus.PROPOSED

    @property
    def can_agree(self) -> bool:
        """A proposed version, by either side; an agreed one, by a member who has not yet."""
        if not self.side or self.you_agreed_at:
            return False
        return self.proposed or (self.in_force and self.side == "mentee")


def _names(names: list[str]) -> str:
    """ "A", "A or B", "A, B or C": any one of a side agrees for it."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _all(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C": each of them."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def agreeing(agreement: LearningAgreement, side: str | None, user=None) -> Agreeing:
    """The names of both sides of the agreement's placement and who has agreed: the
    mentor side, and each mentee (``user`` is the reader, to say "you")."""
    placement = agreement.placement
    # (name, is a councillor) of the mentors, read once per page with the placement's
    # name when it has been (Placement.name keeps them as people_names).
    people = placement.__dict__.get("people_names")
    mentors = (
        people[0]
        if people is not None
        else [
            (name, kind == MentorKind.COUNCILLOR)
            for name, kind in placement.mentors.order_by("full_name").values_list(
                "full_name", "kind"
            )
        ]
    )
    # Each mentee with when they agreed to this version, in one query.
    agreed_at = MemberAgreement.objects.filter(
        agreement_id=agreement.pk, mentee_id=OuterRef("pk")
    ).values("agreed_at")[:1]
    rows = list(
        PlacementMentee.objects.filter(placement_id=agreement.placement_id)
        .order_by("pk")
        .annotate(agreed_at=Subquery(agreed_at))
        .values_list(
            "councillor__full_name",
            "officer__full_name",
            Coalesce("councillor__user_id", "officer__user_id"),
            "agreed_at",
        )
    )
    user_id = getattr(user, "pk", None)
    members = [
        # Councillors as they are addressed ("Cllr Pat Lowther"), officers by name.
        Member(
            name=f"Cllr {councillor}" if councillor else officer,
            agreed_at=when,
            is_you=side == "mentee" and user_id is not None and person_user == user_id,
        )
        for councillor, officer, person_user, when in rows
    ]
    if people is None:  # the page names the placement by them too
        placement.people_names = (
            mentors,
            [(councillor or officer, councillor is not None) for councillor, officer, *_ in rows],
        )
    return Agreeing(
        status=agreement.status,
        side=side,
        mentors=_names([f"Cllr {name}" if cllr else name for name, cllr in mentors]),
        members=members,
        mentor_agreed_at=agreement.mentor_agreed_at,
    )


def agreed_message(agreeing: Agreeing) -> str:
    """What the person who just agreed is told."""
    if agreeing.in_force and not agreeing.waiting_for:
        if agreeing.is_group:
            return "Everyone has agreed: the agreement is in force."
        return "Both of you have agreed: the agreement is in force."
    if agreeing.in_force:
        return (
            "You agreed: the agreement is in force for each member who has agreed. "
            f"Waiting for {agreeing.waiting_for} to agree."
        )
    return f"You agreed. Waiting for {agreeing.waiting_for} to agree."


def proposed_message(agreeing: Agreeing, version: int) -> str:
    """What the person who just proposed a version is told: nobody has agreed yet."""
    if agreeing.is_group:
        when = "for each member of the group once they and the mentor have agreed"
    else:
        when = f"once you and {agreeing.others} have both agreed"
    return (
        f"Version {version} is proposed. Nobody has agreed to it yet: it comes into force "
        f"{when}. Read it and agree at the end of the page."
    )
