"""Reviewing claims: workflow status, verdict, note, evidence links with a stance, reviewer; every change kept
in a history. On top: verdicts given to a whole group, blind second reviews and the agreement between
reviewers.

This module is the only writer of ``reviews`` (the current state), ``review_history`` (one row per change),
``group_verdicts`` and ``second_reviews``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from urllib.parse import urlparse

from sqlite_utils import Database

from .db import write_transaction
from .records import (
    STANCES,
    STATUSES,
    VERDICTS,
    Evidence,
    GroupVerdictResult,
    PairAgreement,
    Review,
    SecondReview,
    Stance,
    Status,
)


class ReviewError(ValueError):
    """A review that cannot be recorded (unknown claim, status or verdict, bad evidence link)."""


class ReviewConflict(ReviewError):
    """The claim's review changed since the caller loaded it; ``current`` is what it is now."""

    def __init__(self, current: Review, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        who = current.reviewer or "someone"
        super().__init__(
            f"claim {current.claim_id} was changed by {who} at {current.updated_at} since you loaded it"
            f" (version {expected_version} -> {current.version}): now status {current.status},"
            f" verdict {current.verdict or '-'}; look at it and save again to overwrite"
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_evidence_url(url: str) -> str:
    """Return ``url`` stripped if it is an http(s) link; raise ReviewError otherwise.

    Only web links are accepted, so an evidence link can never be a ``javascript:`` or ``file:`` URL.
    """
    url = url.strip()
    try:
        parsed = urlparse(url)
    except ValueError as exc:  # "http://[" : urlparse raises on a malformed host
        raise ReviewError(f"evidence must be an http(s) link, got {url!r}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.netloc or any(c.isspace() for c in url):
        raise ReviewError(f"evidence must be an http(s) link, got {url!r}")
    return url


# --- evidence ----------------------------------------------------------------------------------------------


def _incoming_evidence(item) -> tuple[str, str | None, str | None]:
    """(url, stance, note) of one evidence item given to set_review; None = not given, keep what is stored."""
    if isinstance(item, str):
        return check_evidence_url(item), None, None
    if isinstance(item, Evidence):
        url, stance, note = item.url, item.stance, item.note
    elif isinstance(item, dict):
        unknown = set(item) - {"url", "stance", "note"}
        if unknown or not isinstance(item.get("url"), str):
            raise ReviewError(f"an evidence item has a url and optionally a stance and a note, got {item!r}")
        url, stance, note = item["url"], item.get("stance"), item.get("note")
    else:
        raise ReviewError(f"evidence must be a link, an Evidence or a dict, got {item!r}")
    if stance is not None and stance not in STANCES:
        raise ReviewError(f"unknown stance {stance!r}; choose one of {', '.join(STANCES)}")
    if note is not None and not isinstance(note, str):
        raise ReviewError(f"an evidence note is text, got {note!r}")
    return check_evidence_url(url), stance, None if note is None else note.strip()


def _evidence_items(urls_json: str, detail_json: str) -> list[Evidence]:
    """The stored links with their stance and note; a link without detail (stored before stances) is context."""
    detail = json.loads(detail_json or "{}")
    items = []
    for url in json.loads(urls_json or "[]"):
        d = detail.get(url, {})
        items.append(Evidence(url, d.get("stance", Stance.CONTEXT.value), d.get("note", "")))
    return items


def _evidence_columns(items: list[Evidence]) -> tuple[str, str]:
    """(evidence, evidence_detail) as stored: the list of URLs, and each URL's stance and note."""
    return (
        json.dumps([e.url for e in items]),
        json.dumps({e.url: {"stance": e.stance, "note": e.note} for e in items}, ensure_ascii=False),
    )


def format_evidence(e: Evidence | dict | str) -> str:
    """One evidence item as a line of plain text: ``refutes: https://… (note)``. Escape it before Markdown."""
    url, stance, note = _incoming_evidence(e) if not isinstance(e, Evidence) else (e.url, e.stance, e.note)
    stance = stance or Stance.CONTEXT.value
    return f"{stance}: {url}" + (f" ({note})" if note else "")


# --- the review of a claim ---------------------------------------------------------------------------------

_REVIEW_COLUMNS = (
    "claim_id, status, verdict, note, evidence, reviewer, updated_at, version, evidence_detail, via_group"
)


def get_review(db: Database, claim_id: int) -> Review:
    """The current review of a claim (``unreviewed`` with empty fields if nobody has touched it)."""
    row = db.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE claim_id = ?", [claim_id]).fetchone()
    return _review(row) if row else Review(claim_id=claim_id)


def current_reviews(db: Database) -> dict[int, Review]:
    """The review of every claim anybody has touched, by claim id."""
    rows = db.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews").fetchall()
    return {r[0]: _review(r) for r in rows}


def _review(row) -> Review:
    items = _evidence_items(row[4], row[8])
    return Review(
        row[0], row[1], row[2], row[3], [e.url for e in items], row[5], row[6], row[7], items, row[9]
    )


def _content(r: Review) -> tuple:
    """What a change must alter to count as one (the reviewer's name alone is not a change)."""
    return (r.status, r.verdict, r.note, r.evidence_items, r.via_group)


def _write(db: Database, old: Review, new: Review, reviewer: str, source: str, via_group=None) -> Review:
    """Store ``new`` as the claim's review (one version on from ``old``) and record it in the history.

    ``source`` says where the change came from (see migration m006); ``via_group`` the group of a group
    verdict. Call inside a write transaction.
    """
    new.updated_at = _now()
    new.version = old.version + 1
    new.evidence = [e.url for e in new.evidence_items]
    evidence_json, detail_json = _evidence_columns(new.evidence_items)
    db.execute(
        "INSERT INTO reviews (claim_id, status, verdict, note, evidence, evidence_detail, reviewer, updated_at,"
        " version, via_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(claim_id) DO UPDATE SET"
        " status = excluded.status, verdict = excluded.verdict, note = excluded.note,"
        " evidence = excluded.evidence, evidence_detail = excluded.evidence_detail,"
        " reviewer = excluded.reviewer, updated_at = excluded.updated_at, version = excluded.version,"
        " via_group = excluded.via_group",
        [
            new.claim_id,
            new.status,
            new.verdict,
            new.note,
            evidence_json,
            detail_json,
            new.reviewer,
            new.updated_at,
            new.version,
            new.via_group,
        ],
    )
    db.execute(
        "INSERT INTO review_history (claim_id, changed_at, reviewer, status, verdict, note, evidence,"
        " evidence_detail, source, via_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            new.claim_id,
            new.updated_at,
            reviewer,
            new.status,
            new.verdict,
            new.note,
            evidence_json,
            detail_json,
            source,
            via_group,
        ],
    )
    return new


def _require_claim(db: Database, claim_id: int) -> None:
    if db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
        raise ReviewError(f"no claim with id {claim_id}")


def _require_verdict(verdict: str) -> None:
    if verdict not in VERDICTS:
        raise ReviewError(f"unknown verdict {verdict!r}; choose one of {', '.join(VERDICTS)}")


def set_review(
    db: Database,
    claim_id: int,
    *,
    status: str | None = None,
    verdict: str | None = None,
    note: str | None = None,
    evidence: Iterable[str | Evidence | dict] | None = None,
    reviewer: str = "",
    expected_version: int | None = None,
) -> Review:
    """Change a claim's review and record the change in its history; returns the new state.

    Fields left as ``None`` keep their value; ``verdict=""`` clears the verdict. ``evidence`` items are added
    to the claim's list (a link already there is not added twice). An item is a link (http/https), an
    ``Evidence``, or a dict with ``url`` and optionally ``stance`` (one of STANCES) and ``note``: a new link
    gets the stance and note given (default ``context``, no note); for a link already there, the stance and
    note given replace the stored ones, and a bare link changes nothing. A claim still ``unreviewed`` moves to
    ``in_progress`` when anything else changes without a status being given. A call that changes nothing
    records nothing.

    A verdict set here that differs from the claim's current one is the claim's own: later group verdicts
    leave it alone (see ``set_group_verdict``); saving the same verdict again keeps the claim following its
    group.

    ``expected_version`` is the ``Review.version`` the caller's edit was based on: if the review has changed
    since, nothing is written and ``ReviewConflict`` carries the current state, so no edit is overwritten
    unseen. Check and write happen under one write lock.
    """
    _require_claim(db, claim_id)
    if status is not None and status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    if verdict:
        _require_verdict(verdict)
    incoming = [_incoming_evidence(item) for item in evidence or []]

    with write_transaction(db):
        old = get_review(db, claim_id)
        items = {e.url: e for e in old.evidence_items}
        for url, stance, item_note in incoming:
            e = replace(items.get(url, Evidence(url)))
            e.stance = e.stance if stance is None else stance
            e.note = e.note if item_note is None else item_note
            items[url] = e
        new = Review(
            claim_id=claim_id,
            status=status if status is not None else old.status,
            verdict=verdict if verdict is not None else old.verdict,
            note=note if note is not None else old.note,
            reviewer=reviewer or old.reviewer,
            evidence_items=list(items.values()),
        )
        new.via_group = old.via_group if new.verdict == old.verdict else None
        if _content(new) == _content(old):
            return old  # nothing to write, so nothing to overwrite either
        if expected_version is not None and old.version != expected_version:
            raise ReviewConflict(old, expected_version)
        if status is None and old.status == Status.UNREVIEWED.value:
            new.status = Status.IN_PROGRESS.value
        return _write(db, old, new, reviewer, "claim")


HISTORY_COLUMNS = [
    "change_id",
    "claim_id",
    "changed_at",
    "reviewer",
    "status",
    "verdict",
    "note",
    "evidence",
    "stances",
    "source",
    "via_group",
]


def history(db: Database, claim_id: int | None = None) -> list[dict]:
    """Every recorded change, oldest first, of one claim or of all; each row holds the state after the change.

    ``evidence`` lists the links, ``stances`` their stances in the same order, ``evidence_items`` each link
    with its stance and note (as dicts). ``source`` says where the change came from: ``claim`` (set on the
    claim), ``group`` (a group verdict; ``via_group`` names the group), ``second_review`` or ``resolution``.
    """
    where, params = ("WHERE claim_id = ?", [claim_id]) if claim_id is not None else ("", [])
    rows = db.execute(
        "SELECT id, claim_id, changed_at, reviewer, status, verdict, note, evidence, evidence_detail, source,"
        f" via_group FROM review_history {where} ORDER BY id",
        params,
    ).fetchall()
    out = []
    for r in rows:
        items = _evidence_items(r[7], r[8])
        row = dict(zip(HISTORY_COLUMNS[:7], r[:7]))
        row |= {
            "evidence": [e.url for e in items],
            "stances": [e.stance for e in items],
            "source": r[9],
            "via_group": r[10],
            "evidence_items": [{"url": e.url, "stance": e.stance, "note": e.note} for e in items],
        }
        out.append(row)
    return out


def review_counts(db: Database) -> dict[str, int]:
    """How many claims are in each workflow status (claims nobody touched count as unreviewed)."""
    counts = dict.fromkeys(STATUSES, 0)
    rows = db.execute(
        "SELECT COALESCE(r.status, 'unreviewed'), COUNT(*) FROM claims c"
        " LEFT JOIN reviews r ON r.claim_id = c.id GROUP BY 1"
    ).fetchall()
    counts.update(dict(rows))
    return counts


# --- group verdicts ----------------------------------------------------------------------------------------


def _group_members(db: Database, group_id: int) -> list[int]:
    return [
        r[0]
        for r in db.execute(
            "SELECT claim_id FROM claim_groups WHERE group_id = ? ORDER BY claim_id", [group_id]
        )
    ]


def set_group_verdict(
    db: Database, group_id: int, verdict: str, reviewer: str, note: str = ""
) -> GroupVerdictResult:
    """Give every member of a group ``verdict``, except members whose verdict was set on the claim itself.

    A member follows the group while its verdict came from a group verdict (or it has none); a verdict set
    on the claim (``set_review``, ``resolve``) that differs from the one it had is an override, kept here
    and by every later group verdict. Each member changed gets one history row with source ``group`` and
    ``via_group``; its status moves from ``unreviewed`` to ``in_progress`` and its note is left alone: the
    group verdict and its ``note`` are recorded once in ``group_verdicts``. All in one transaction.
    """
    if not verdict:
        raise ReviewError("a group verdict needs a verdict")
    _require_verdict(verdict)
    result = GroupVerdictResult(group_id, verdict)
    with write_transaction(db):
        members = _group_members(db, group_id)
        if not members:
            raise ReviewError(f"no group {group_id}")
        for claim_id in members:
            old = get_review(db, claim_id)
            if old.verdict and old.via_group is None:
                result.kept.append(claim_id)
                continue
            if (old.verdict, old.via_group) == (verdict, group_id):
                result.unchanged.append(claim_id)
                continue
            new = replace(old, verdict=verdict, via_group=group_id, reviewer=reviewer or old.reviewer)
            if new.status == Status.UNREVIEWED.value:
                new.status = Status.IN_PROGRESS.value
            _write(db, old, new, reviewer, "group", group_id)
            result.updated.append(claim_id)
        db.execute(
            "INSERT INTO group_verdicts (group_id, verdict, note, reviewer, decided_at) VALUES (?, ?, ?, ?, ?)",
            [group_id, verdict, note.strip(), reviewer, _now()],
        )
    return result


def group_verdicts(db: Database, group_id: int | None = None) -> list[dict]:
    """Every verdict given to a group (or to all groups), newest first, with its note and reviewer."""
    where, params = ("WHERE group_id = ?", [group_id]) if group_id is not None else ("", [])
    columns = ["group_id", "verdict", "note", "reviewer", "decided_at"]
    rows = db.execute(
        f"SELECT {', '.join(columns)} FROM group_verdicts {where} ORDER BY id DESC", params
    ).fetchall()
    return [dict(zip(columns, r)) for r in rows]


# --- blind second review -----------------------------------------------------------------------------------

_SECOND_COLUMNS = (
    "claim_id, requested_by, requested_at, first_reviewer, first_verdict, reviewer, verdict, note,"
    " reviewed_at, resolved_by, resolved_verdict, resolved_at"
)


def _same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def get_second_review(db: Database, claim_id: int) -> SecondReview | None:
    """The second review of a claim, if one was requested."""
    row = db.execute(
        f"SELECT {_SECOND_COLUMNS} FROM second_reviews WHERE claim_id = ?", [claim_id]
    ).fetchone()
    return SecondReview(*row) if row else None


def second_reviews(db: Database) -> list[SecondReview]:
    """Every second review, requested or done, by claim id."""
    return [
        SecondReview(*r)
        for r in db.execute(f"SELECT {_SECOND_COLUMNS} FROM second_reviews ORDER BY claim_id").fetchall()
    ]


def request_second_review(db: Database, claim_id: int, reviewer: str) -> SecondReview:
    """Mark a claim for a blind second review; ``reviewer`` is who asks for it.

    The claim's current verdict and the reviewer who gave it are kept as the first review; its status becomes
    ``needs_second_review``. Refused for a claim without a verdict, without a named reviewer, or that already
    has a second review.
    """
    _require_claim(db, claim_id)
    with write_transaction(db):
        old = get_review(db, claim_id)
        if not old.verdict:
            raise ReviewError(
                f"claim {claim_id} has no verdict yet: give one before asking for a second review"
            )
        if not old.reviewer.strip():
            raise ReviewError(
                f"claim {claim_id}'s verdict has no reviewer name: a second review must come from someone else"
            )
        existing = get_second_review(db, claim_id)
        if existing:
            raise ReviewError(
                f"claim {claim_id} already has a second review, requested by {existing.requested_by or 'someone'}"
                f" at {existing.requested_at}"
            )
        second = SecondReview(claim_id, reviewer, _now(), old.reviewer.strip(), old.verdict)
        db.execute(
            "INSERT INTO second_reviews (claim_id, requested_by, requested_at, first_reviewer, first_verdict)"
            " VALUES (?, ?, ?, ?, ?)",
            [claim_id, second.requested_by, second.requested_at, second.first_reviewer, second.first_verdict],
        )
        if old.status != Status.NEEDS_SECOND_REVIEW.value:
            new = replace(old, status=Status.NEEDS_SECOND_REVIEW.value, reviewer=reviewer or old.reviewer)
            _write(db, old, new, reviewer, "claim")
    return second


def second_review(db: Database, claim_id: int, reviewer: str, verdict: str, note: str = "") -> SecondReview:
    """Record the blind second verdict on a claim marked by ``request_second_review``.

    Refused from the first reviewer, from an unnamed reviewer, and once a second verdict is in (whoever gave
    it has seen the first one since). The claim's review is not changed, except that a second verdict that
    agrees with the first moves the claim from ``needs_second_review`` to ``done``; differing verdicts are
    listed by ``disagreements`` until someone chooses the final one with ``resolve``.
    """
    if not verdict:
        raise ReviewError("a second review needs a verdict")
    _require_verdict(verdict)
    if not reviewer.strip():
        raise ReviewError("name the second reviewer")
    _require_claim(db, claim_id)
    with write_transaction(db):
        second = get_second_review(db, claim_id)
        if second is None:
            raise ReviewError(
                f"claim {claim_id} is not marked for a second review (request_second_review first)"
            )
        if second.decided:
            raise ReviewError(f"claim {claim_id} already has its second review, by {second.reviewer}")
        if _same_person(reviewer, second.first_reviewer):
            raise ReviewError(
                f"{reviewer.strip()} gave the first verdict on claim {claim_id}: the second review must come"
                " from someone else"
            )
        second = replace(second, reviewer=reviewer.strip(), verdict=verdict, note=note, reviewed_at=_now())
        db.execute(
            "UPDATE second_reviews SET reviewer = ?, verdict = ?, note = ?, reviewed_at = ? WHERE claim_id = ?",
            [second.reviewer, second.verdict, second.note, second.reviewed_at, claim_id],
        )
        old = get_review(db, claim_id)
        if (
            not second.disagrees
            and old.status == Status.NEEDS_SECOND_REVIEW.value
            and old.verdict == second.verdict
        ):
            _write(
                db,
                old,
                replace(old, status=Status.DONE.value, reviewer=second.reviewer),
                second.reviewer,
                "second_review",
            )
    return second


def review_for(db: Database, claim_id: int, reviewer: str) -> Review:
    """The claim's review as ``reviewer`` may see it.

    While the claim awaits its blind second verdict, anyone but the first reviewer (an unnamed reviewer
    included) gets the review with its verdict, note and evidence withheld and ``hidden=True``: they may be
    the second reviewer. Once the second verdict is in, everyone sees everything.
    """
    review = get_review(db, claim_id)
    second = get_second_review(db, claim_id)
    if (
        second is None
        or second.decided
        or (reviewer.strip() and _same_person(reviewer, second.first_reviewer))
    ):
        return review
    return replace(review, verdict="", note="", evidence=[], evidence_items=[], via_group=None, hidden=True)


def pending_second_reviews(db: Database, reviewer: str = "") -> list[SecondReview]:
    """Claims waiting for a second verdict, oldest request first; with ``reviewer``, only those they may give
    (not their own first reviews)."""
    rows = db.execute(
        f"SELECT {_SECOND_COLUMNS} FROM second_reviews WHERE verdict = '' ORDER BY requested_at, claim_id"
    ).fetchall()
    pending = [SecondReview(*r) for r in rows]
    if reviewer.strip():
        pending = [s for s in pending if not _same_person(reviewer, s.first_reviewer)]
    return pending


def disagreements(db: Database, include_resolved: bool = False) -> list[SecondReview]:
    """Claims whose first and second verdicts differ, by claim id: the unresolved ones, or all."""
    resolved = "" if include_resolved else " AND resolved_verdict = ''"
    rows = db.execute(
        f"SELECT {_SECOND_COLUMNS} FROM second_reviews WHERE verdict != '' AND verdict != first_verdict"
        f"{resolved} ORDER BY claim_id"
    ).fetchall()
    return [SecondReview(*r) for r in rows]


def resolve(db: Database, claim_id: int, verdict: str, reviewer: str) -> Review:
    """Choose the final verdict of a claim after its second review: the claim's verdict becomes ``verdict``
    (its own, so group verdicts leave it alone), its status ``done``; one history row with source
    ``resolution``. Refused before the second verdict is in."""
    if not verdict:
        raise ReviewError("a resolution needs a verdict")
    _require_verdict(verdict)
    _require_claim(db, claim_id)
    with write_transaction(db):
        second = get_second_review(db, claim_id)
        if second is None or not second.decided:
            raise ReviewError(f"claim {claim_id} has no second review to resolve")
        db.execute(
            "UPDATE second_reviews SET resolved_by = ?, resolved_verdict = ?, resolved_at = ? WHERE claim_id = ?",
            [reviewer, verdict, _now(), claim_id],
        )
        old = get_review(db, claim_id)
        new = replace(
            old,
            status=Status.DONE.value,
            verdict=verdict,
            via_group=None,
            reviewer=reviewer or old.reviewer,
        )
        return _write(db, old, new, reviewer, "resolution")


# --- agreement ---------------------------------------------------------------------------------------------


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters' labels for the same items: (p_o - p_e) / (1 - p_e), where p_o is the share
    of items they label alike and p_e the share expected by chance from each rater's label frequencies.
    None when p_e is 1 (both gave one and the same label throughout), where kappa is undefined."""
    import numpy as np

    if len(a) != len(b) or not len(a):
        raise ValueError("kappa needs two equally long, non-empty lists of labels")
    labels = {label: i for i, label in enumerate(sorted(set(a) | set(b)))}
    confusion = np.zeros((len(labels), len(labels)), dtype=np.int64)
    np.add.at(confusion, ([labels[x] for x in a], [labels[y] for y in b]), 1)
    n = len(a)
    # counts kept as integers, so "p_e == 1" is an exact test
    chance = int(confusion.sum(axis=1) @ confusion.sum(axis=0))
    if chance == n * n:
        return None
    p_o, p_e = np.trace(confusion) / n, chance / (n * n)
    return float((p_o - p_e) / (1 - p_e))


AGREEMENT_COLUMNS = ["reviewer_a", "reviewer_b", "n", "raw", "kappa"]


def agreement(db: Database) -> list[PairAgreement]:
    """Agreement per pair of reviewers over the claims one reviewed first and the other second: raw
    agreement (share of equal verdicts) and Cohen's kappa. A pair is named in alphabetical order, whichever
    of them reviewed first; most shared claims first."""
    pairs: dict[tuple[str, str], tuple[list[str], list[str], tuple[str, str]]] = {}
    for s in second_reviews(db):
        if not s.decided:
            continue
        (name_a, verdict_a), (name_b, verdict_b) = sorted(
            [(s.first_reviewer, s.first_verdict), (s.reviewer, s.verdict)],
            key=lambda x: x[0].strip().casefold(),
        )
        key = (name_a.strip().casefold(), name_b.strip().casefold())
        a, b, _ = pairs.setdefault(key, ([], [], (name_a.strip(), name_b.strip())))
        a.append(verdict_a)
        b.append(verdict_b)
    out = []
    for a, b, (name_a, name_b) in pairs.values():
        raw = sum(x == y for x, y in zip(a, b)) / len(a)
        out.append(PairAgreement(name_a, name_b, len(a), raw, cohen_kappa(a, b)))
    return sorted(out, key=lambda p: (-p.n, p.reviewer_a.casefold(), p.reviewer_b.casefold()))
