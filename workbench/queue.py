"""The review queue of a desk: claims one at a time, most check-worthy first, one key per verdict, with skip
and undo.

Like Prodigy's stream of tasks: a reviewer sees the claims they have not decided yet, in check-worthiness
order, and by default only those nobody has finished (status done) and nobody else has on screen right now:
the claim a reviewer is shown is locked for them (``hold``: ``LOCK_MINUTES``, renewed while shown, released
when they move on or are away that long), and other queues skip it. A decision is an ordinary
``review.set_review`` change (status ``done`` with the verdict), and an undo is another change that restores
the state before it, so ``review_history`` keeps both. A key that would replace another account's verdict
writes nothing and raises ``VerdictOverwrite`` naming them, until the reviewer confirms. Which claims a
reviewer has decided is read from the history: their latest change of a claim gave it a verdict.

A claim waiting for its blind second review is the exception: for anyone who has not seen its first review
the key gives the second verdict (``review.second_review``), which leaves the first review as it is and
cannot be undone here, and the page shows the claim through ``review.review_for``, which withholds the
first verdict.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from operator import attrgetter
from typing import TYPE_CHECKING

from .accounts import acting
from .claims import list_claims
from .group import list_groups
from .records import VERDICTS, Claim, ClaimLock, Review, ReviewError, Status, plural, same_person, utc_now
from .review import (
    current_reviews,
    get_review,
    get_second_review,
    is_blind_for,
    restore_review,
    second_review,
    second_reviews,
    set_review,
)

if TYPE_CHECKING:
    from .records import Account
    from .store.base import Store

# How long a claim shown in someone's queue stays out of the others' queues without being shown again.
LOCK_MINUTES = 10

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
    """What is left to review for one reviewer under some filters, and how far they and the desk got.

    ``claims`` are the claims still to decide, in the order to show them. ``reviewed`` counts the claims
    of the article and group chosen that this reviewer has decided, so ``reviewed`` of ``total`` is their
    progress: a decided claim leaves ``claims`` and joins ``reviewed``, and ``total`` stays put.
    ``finished`` counts the claims of the article and group chosen that are done, by anyone: the desk's
    progress, of ``chosen``. ``locked`` counts the claims left out because a colleague has them on screen.
    """

    claims: list[Claim] = field(default_factory=list)
    reviewed: int = 0
    reviews: dict[int, Review] = field(default_factory=dict)
    chosen: int = 0
    finished: int = 0
    locked: int = 0

    @property
    def total(self) -> int:
        return self.reviewed + len(self.claims)

    def review_of(self, claim_id: int) -> Review:
        """The current review of a claim (unreviewed if nobody touched it)."""
        return self.reviews.get(claim_id) or Review(claim_id)

    def progress(self) -> str:
        """'37 of 120 reviewed'."""
        return f"{self.reviewed} of {self.total} reviewed"

    def desk_progress(self) -> str:
        """'Desk: 12 of 33 claims finished'."""
        return f"Desk: {self.finished:,} of {plural(self.chosen, 'claim')} finished"


def reviewed_by(db: Store, reviewer: Account | str) -> set[int]:
    """The claims ``reviewer`` has decided: their latest change of the claim gave it a verdict, or they gave
    its blind second verdict.

    An undo by them clears the verdict again, which puts the claim back in their queue; another reviewer's
    later change does not. Names are compared as review.py compares them (case and outer spaces aside).
    """
    reviewer = getattr(reviewer, "name", reviewer)
    latest: dict[int, str] = {}
    # only this reviewer's changes are read, oldest first, so the last one seen per claim is the latest
    for _, claim_id, name, verdict in db.reviews.changes_by(reviewer or ""):
        if same_person(name, reviewer or ""):
            latest[claim_id] = verdict
    seconds = {s.claim_id for s in second_reviews(db) if s.decided and same_person(s.reviewer, reviewer)}
    return {claim_id for claim_id, verdict in latest.items() if verdict} | seconds


def awaits_second_verdict(db: Store, claim_id: int, reviewer: Account | str | None) -> bool:
    """Whether a key pressed by ``reviewer`` on this claim gives its blind second verdict: the claim is marked
    for a second review that is not in yet, and ``reviewer`` has not seen the first review (review.is_blind_for)."""
    return is_blind_for(get_second_review(db, claim_id), reviewer)


# --- locks: a claim on someone's screen -------------------------------------------------------------------


def _minutes_from_now(minutes: float) -> str:
    later = datetime.now(timezone.utc) + timedelta(minutes=minutes)
    return later.isoformat(timespec="seconds")


def hold(
    db: Store, claim_id: int, reviewer: Account | str | None, minutes: float = LOCK_MINUTES
) -> ClaimLock:
    """Lock a claim for ``reviewer`` while it is on their screen (or renew their lock); returns the lock now
    held, which is a colleague's if they hold it. A reviewer holds one claim at a time: taking a new one
    releases their others. A lock of theirs on this claim alone with more than half its time left is kept as
    it is: the page asks on every rerun, and a write on each would tell every page that the data changed."""
    held_by = acting(db, reviewer, "review").name
    mine = [lock for lock in db.locks.held(utc_now()).values() if lock.account == held_by]
    if (
        len(mine) == 1
        and mine[0].claim_id == claim_id
        and mine[0].expires_at >= _minutes_from_now(minutes / 2)
    ):
        return mine[0]
    with db.write():
        name = acting(db, reviewer, "review").name
        now = utc_now()
        db.locks.remove_expired(now)
        current = db.locks.get(claim_id, now)
        if current is not None and current.account != name:
            return current
        db.locks.release_all(name, keep=claim_id)
        lock = ClaimLock(claim_id, name, _minutes_from_now(minutes))
        db.locks.put(lock.claim_id, lock.account, lock.expires_at)
    return lock


def release(db: Store, reviewer: Account | str | None, claim_id: int | None = None) -> None:
    """Drop ``reviewer``'s lock on a claim (None: all their locks), as when they leave the queue."""
    name = (getattr(reviewer, "name", reviewer) or "").strip().lower()
    held = [lock for lock in db.locks.held(utc_now()).values() if lock.account == name]
    if not held or (claim_id is not None and claim_id not in {lock.claim_id for lock in held}):
        return  # nothing to release: no write (the app calls this on every page it shows)
    with db.write():
        if claim_id is None:
            db.locks.release_all(name)
        else:
            db.locks.release(claim_id, name)


def lock_on(db: Store, claim_id: int) -> ClaimLock | None:
    """Who has a claim on screen right now, if anyone."""
    return db.locks.get(claim_id, utc_now())


def locked_by_others(db: Store, reviewer: Account | str | None) -> dict[int, ClaimLock]:
    """The claims other accounts have on screen right now, by claim id."""
    name = (getattr(reviewer, "name", reviewer) or "").strip().lower()
    return {cid: lock for cid, lock in db.locks.held(utc_now()).items() if lock.account != name}


def next_claim(db: Store, queue: Queue, reviewer: Account | str | None) -> Claim | None:
    """The first claim of ``queue`` that ``reviewer`` can lock, locked for them; None when none is left. A
    claim a colleague took since the queue was read is passed over."""
    for claim in queue.claims:
        if (
            hold(db, claim.id, reviewer).account
            == (getattr(reviewer, "name", reviewer) or "").strip().lower()
        ):
            return claim
    return None


def group_members(db: Store, group_id: int) -> set[int]:
    """The claims of one group (empty for an unknown group)."""
    for group in list_groups(db, min_size=1, with_suggestions=False):
        if group.id == group_id:
            return {m.claim_id for m in group.members}
    return set()


def review_queue(
    db: Store,
    reviewer: Account | str | None,
    *,
    article_id: int | None = None,
    group_id: int | None = None,
    statuses: Collection[str] = (),
    last_reviewer: str | None = None,
    done: Iterable[int] = (),
    skipped: Iterable[int] = (),
    first: int | None = None,
    claims: Sequence[Claim] | None = None,
    reviews: dict[int, Review] | None = None,
    decided: Collection[int] | None = None,
) -> Queue:
    """The claims ``reviewer`` has still to decide, most check-worthy first.

    ``article_id`` and ``group_id`` choose the claims the progress counts; ``statuses`` (current workflow
    status is one of them) and ``last_reviewer`` (whoever changed the review last; "" for nobody) only
    narrow which of them are served. Without ``statuses`` the queue holds the claims nobody has finished
    (every status but done); naming ``done`` serves finished claims again, for a second look. Claims a
    colleague has on screen (``hold``) are left out. ``done`` adds claims decided in this session without a
    change to record (a verdict the claim already had). ``skipped`` claims go to the end, in the order
    skipped; ``first`` comes first whatever its status, lock and history say: a claim just undone is shown
    again, even when the undo restored another reviewer's verdict (which this reviewer's history entry then
    repeats). ``claims`` are the stored claims as ``claims.list_claims`` gives them (of ``article_id``), when
    the caller has them already; else they are read. Likewise ``reviews`` (``review.current_reviews``) and
    ``decided`` (``reviewed_by`` of this reviewer): a page keeps them until the reviews change.
    """
    name = (getattr(reviewer, "name", reviewer) or "").strip()
    if decided is None:
        decided = reviewed_by(db, name) if name else set()
    decided = set(decided) | set(done)
    members = group_members(db, group_id) if group_id is not None else None
    if reviews is None:
        reviews = current_reviews(db)
    others = locked_by_others(db, name)
    serve = set(statuses) or {s.value for s in Status} - {Status.DONE.value}
    queue = Queue(reviews=reviews)
    todo = []
    unreviewed = Review(0)  # the review of every claim nobody touched: read, never changed
    done_status = Status.DONE.value
    for claim in list_claims(db, article_id) if claims is None else claims:
        claim_id = claim.id
        if members is not None and claim_id not in members:
            continue
        queue.chosen += 1
        review = reviews.get(claim_id, unreviewed)
        if review.status == done_status:
            queue.finished += 1
        if claim_id == first:
            todo.append(claim)
            continue
        if claim_id in decided:
            queue.reviewed += 1
            continue
        if review.status not in serve:
            continue
        if claim_id in others:
            queue.locked += 1
            continue
        if last_reviewer is not None and review.reviewer != last_reviewer:
            continue
        todo.append(claim)
    # most check-worthy first, then by id: two stable sorts on attributes (C speed: this runs on every key
    # press, over every claim left); reverse=True keeps equal scores in id order
    todo.sort(key=attrgetter("id"))
    todo.sort(key=attrgetter("checkworthiness"), reverse=True)
    later = {claim_id: i for i, claim_id in enumerate(dict.fromkeys(skipped))}
    if later or first is not None:  # stable: check-worthiness order within
        todo.sort(key=lambda c: (c.id != first, later.get(c.id, -1)))
    queue.claims = todo
    return queue


def decide(
    db: Store,
    claim_id: int,
    verdict: str,
    reviewer: Account | str | None,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> Step:
    """Record ``verdict`` for a claim (status ``done``) as ``reviewer``; returns the step to undo it.

    ``expected_version`` is the review version the reviewer saw: if the claim changed since, nothing is
    written and ``ReviewConflict`` says what it is now. A verdict that replaces another account's verdict
    raises ``VerdictOverwrite`` naming them unless ``overwrite`` (the reviewer confirmed). On a claim waiting
    for its blind second verdict from ``reviewer`` this gives that verdict instead (see
    ``awaits_second_verdict``), and the claim's review stays as its first reviewer left it. Either way the
    reviewer's lock on the claim is released.
    """
    if verdict not in VERDICTS:
        raise ReviewError(f"unknown verdict {verdict!r}; choose one of {', '.join(VERDICTS)}")
    name = (getattr(reviewer, "name", reviewer) or "").strip().lower()
    if awaits_second_verdict(db, claim_id, reviewer):
        second_review(db, claim_id, reviewer, verdict)  # refuses an account that may not review
        release(db, reviewer, claim_id)
        return Step(claim_id, name, verdict, second=True)
    before = get_review(db, claim_id)
    after = set_review(
        db,
        claim_id,
        status=Status.DONE.value,
        verdict=verdict,
        reviewer=reviewer,
        # the state undo restores must be the one this change replaced: set_review checks it under its lock
        expected_version=before.version if expected_version is None else expected_version,
        overwrite=overwrite,
    )
    release(db, reviewer, claim_id)
    return Step(claim_id, name, verdict, before, after.version)


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
    return restore_review(db, step.before, step.reviewer, expected_version=step.after_version)
