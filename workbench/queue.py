"""The review queue: claims one at a time, most check-worthy first, one key per verdict, with skip and undo.

Like Prodigy's stream of tasks: a reviewer sees the claims they have not decided yet, in check-worthiness
order. A decision is an ordinary ``review.set_review`` change (status ``done`` with the verdict), and an undo
is another change that restores the state before it, so ``review_history`` keeps both. Which claims a
reviewer has decided is read from that history: their latest change of a claim gave it a verdict.

A claim waiting for its blind second review is the exception: for anyone but its first reviewer the key
gives the second verdict (``review.second_review``), which leaves the first review as it is and cannot be
undone here, and the page shows the claim through ``review.review_for``, which withholds the first verdict.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .claims import list_claims
from .group import list_groups
from .records import VERDICTS, Claim, Review, ReviewError, Status, same_person
from .review import (
    current_reviews,
    get_review,
    get_second_review,
    history,
    second_review,
    second_reviews,
    set_review,
)

if TYPE_CHECKING:
    from .store.base import Store

# One key per verdict, in the order of the scale; keys the browser leaves alone (Streamlit reserves c and r).
VERDICT_KEYS: dict[str, str] = {
    "1": "true",
    "2": "mostly_true",
    "3": "mixed",
    "4": "mostly_false",
    "5": "false",
    "6": "unverifiable",
    "7": "not_checkworthy",
    "8": "opinion",
    "0": "not_a_claim",
}
SKIP_KEY = "s"
UNDO_KEY = "u"


@dataclass
class Step:
    """One thing a reviewer did in the queue, kept so it can be undone.

    ``verdict`` is None for a skip. ``before`` is the claim's review as the decision found it and
    ``after_version`` the version the decision left (equal to ``before.version`` when it changed nothing).
    ``second`` marks a blind second verdict, which is final.
    """

    claim_id: int
    reviewer: str
    verdict: str | None = None
    before: Review | None = None
    after_version: int = 0
    second: bool = False

    @property
    def wrote(self) -> bool:
        """Whether the step changed the stored review (a skip, or a verdict it already had, does not)."""
        return self.before is not None and self.after_version != self.before.version


@dataclass
class Queue:
    """What is left to review for one reviewer under some filters, and how far they got.

    ``claims`` are the claims still to decide, in the order to show them. ``reviewed`` counts the claims
    of the article and group chosen that this reviewer has decided, so ``reviewed`` of ``total`` is their
    progress: a decided claim leaves ``claims`` and joins ``reviewed``, and ``total`` stays put.
    """

    claims: list[Claim] = field(default_factory=list)
    reviewed: int = 0
    reviews: dict[int, Review] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.reviewed + len(self.claims)

    def review_of(self, claim_id: int) -> Review:
        """The current review of a claim (unreviewed if nobody touched it)."""
        return self.reviews.get(claim_id) or Review(claim_id)

    def progress(self) -> str:
        """'37 of 120 reviewed'."""
        return f"{self.reviewed} of {self.total} reviewed"


def reviewed_by(db: Store, reviewer: str) -> set[int]:
    """The claims ``reviewer`` has decided: their latest change of the claim gave it a verdict, or they gave
    its blind second verdict.

    An undo by them clears the verdict again, which puts the claim back in their queue; another reviewer's
    later change does not. Names are compared as review.py compares them (case and outer spaces aside).
    """
    latest: dict[int, str] = {}
    for change in history(db):  # oldest first, so the last one seen per claim is the latest
        if same_person(change["reviewer"], reviewer):
            latest[change["claim_id"]] = change["verdict"]
    seconds = {s.claim_id for s in second_reviews(db) if s.decided and same_person(s.reviewer, reviewer)}
    return {claim_id for claim_id, verdict in latest.items() if verdict} | seconds


def awaits_second_verdict(db: Store, claim_id: int, reviewer: str) -> bool:
    """Whether a key pressed by ``reviewer`` on this claim gives its blind second verdict: the claim is marked
    for a second review that is not in yet, and ``reviewer`` did not give the first verdict."""
    second = get_second_review(db, claim_id)
    return second is not None and not second.decided and not same_person(reviewer, second.first_reviewer)


def group_members(db: Store, group_id: int) -> set[int]:
    """The claims of one group (empty for an unknown group)."""
    for group in list_groups(db, min_size=1, with_suggestions=False):
        if group.id == group_id:
            return {m.claim_id for m in group.members}
    return set()


def review_queue(
    db: Store,
    reviewer: str,
    *,
    article_id: int | None = None,
    group_id: int | None = None,
    statuses: Collection[str] = (),
    last_reviewer: str | None = None,
    done: Iterable[int] = (),
    skipped: Iterable[int] = (),
    first: int | None = None,
) -> Queue:
    """The claims ``reviewer`` has still to decide, most check-worthy first.

    ``article_id`` and ``group_id`` choose the claims the progress counts; ``statuses`` (current workflow
    status is one of them) and ``last_reviewer`` (whoever changed the review last; "" for nobody) only
    narrow which of them are served. ``done`` adds claims decided in this session without a change to
    record (a verdict the claim already had). ``skipped`` claims go to the end, in the order skipped;
    ``first`` comes first whatever its status and history say: a claim just undone is shown again, even when
    the undo restored another reviewer's verdict (which this reviewer's history entry then repeats).
    """
    decided = reviewed_by(db, reviewer) | set(done)
    members = group_members(db, group_id) if group_id is not None else None
    reviews = current_reviews(db)
    queue = Queue(reviews=reviews)
    todo = []
    for claim in list_claims(db, article_id):
        if members is not None and claim.id not in members:
            continue
        if claim.id == first:
            todo.append(claim)
            continue
        if claim.id in decided:
            queue.reviewed += 1
            continue
        review = queue.review_of(claim.id)
        if statuses and review.status not in statuses:
            continue
        if last_reviewer is not None and review.reviewer != last_reviewer:
            continue
        todo.append(claim)
    todo.sort(key=lambda c: (-c.checkworthiness, c.id))
    later = {claim_id: i for i, claim_id in enumerate(dict.fromkeys(skipped))}
    todo.sort(key=lambda c: (c.id != first, later.get(c.id, -1)))  # stable: check-worthiness order within
    queue.claims = todo
    return queue


def decide(
    db: Store, claim_id: int, verdict: str, reviewer: str, expected_version: int | None = None
) -> Step:
    """Record ``verdict`` for a claim (status ``done``) as ``reviewer``; returns the step to undo it.

    ``expected_version`` is the review version the reviewer saw: if the claim changed since, nothing is
    written and ``ReviewConflict`` says what it is now. On a claim waiting for its blind second verdict from
    ``reviewer`` this gives that verdict instead (see ``awaits_second_verdict``), and the claim's review
    stays as its first reviewer left it.
    """
    if verdict not in VERDICTS:
        raise ReviewError(f"unknown verdict {verdict!r}; choose one of {', '.join(VERDICTS)}")
    if awaits_second_verdict(db, claim_id, reviewer):
        second_review(db, claim_id, reviewer, verdict)  # refuses an unnamed reviewer
        return Step(claim_id, reviewer, verdict, second=True)
    before = get_review(db, claim_id)
    after = set_review(
        db,
        claim_id,
        status=Status.DONE.value,
        verdict=verdict,
        reviewer=reviewer,
        # the state undo restores must be the one this change replaced: set_review checks it under its lock
        expected_version=before.version if expected_version is None else expected_version,
    )
    return Step(claim_id, reviewer, verdict, before, after.version)


def skip(claim_id: int, reviewer: str) -> Step:
    """A skip: nothing is written, the claim moves to the end of the queue."""
    return Step(claim_id, reviewer)


def undo(db: Store, step: Step) -> Review:
    """Restore the claim's review to what it was before ``step`` (a new history entry); returns it.

    A step that wrote nothing restores nothing. If someone changed the claim after the step, nothing is
    written and ``ReviewConflict`` says what it is now. A blind second verdict is final: ``ReviewError``.
    """
    if step.second:
        raise ReviewError(
            f"the second verdict on claim {step.claim_id} is final: it was given blind, and whoever gave it has"
            " seen the first one since; if the two differ, the final verdict is chosen when they are resolved"
        )
    if not step.wrote:
        return get_review(db, step.claim_id)
    before = step.before
    return set_review(
        db,
        step.claim_id,
        status=before.status,
        verdict=before.verdict,
        note=before.note,
        reviewer=step.reviewer,
        expected_version=step.after_version,
    )
