"""Reviewing claims: workflow status, verdict, note, evidence links, reviewer; every change kept in a history.

This module is the only writer of ``reviews`` (the current state) and ``review_history`` (one row per change).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import urlparse

from sqlite_utils import Database

from .db import write_transaction
from .records import STATUSES, VERDICTS, Review, Status


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


def get_review(db: Database, claim_id: int) -> Review:
    """The current review of a claim (``unreviewed`` with empty fields if nobody has touched it)."""
    row = db.execute(
        "SELECT claim_id, status, verdict, note, evidence, reviewer, updated_at, version FROM reviews"
        " WHERE claim_id = ?",
        [claim_id],
    ).fetchone()
    return _review(row) if row else Review(claim_id=claim_id)


def current_reviews(db: Database) -> dict[int, Review]:
    """The review of every claim anybody has touched, by claim id."""
    rows = db.execute(
        "SELECT claim_id, status, verdict, note, evidence, reviewer, updated_at, version FROM reviews"
    ).fetchall()
    return {r[0]: _review(r) for r in rows}


def _review(row) -> Review:
    return Review(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6], row[7])


def set_review(
    db: Database,
    claim_id: int,
    *,
    status: str | None = None,
    verdict: str | None = None,
    note: str | None = None,
    evidence: list[str] | None = None,
    reviewer: str = "",
    expected_version: int | None = None,
) -> Review:
    """Change a claim's review and record the change in its history; returns the new state.

    Fields left as ``None`` keep their value; ``verdict=""`` clears the verdict. ``evidence`` links are added to
    the claim's list (duplicates ignored). A claim still ``unreviewed`` moves to ``in_progress`` when anything
    else changes without a status being given. A call that changes nothing records nothing.

    ``expected_version`` is the ``Review.version`` the caller's edit was based on: if the review has changed
    since, nothing is written and ``ReviewConflict`` carries the current state, so no edit is overwritten
    unseen. Check and write happen under one write lock.
    """
    if db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
        raise ReviewError(f"no claim with id {claim_id}")
    if status is not None and status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}")
    if verdict and verdict not in VERDICTS:
        raise ReviewError(f"unknown verdict {verdict!r}; choose one of {', '.join(VERDICTS)}")
    new_links = [check_evidence_url(u) for u in evidence or []]

    with write_transaction(db):
        old = get_review(db, claim_id)
        new = Review(
            claim_id=claim_id,
            status=status if status is not None else old.status,
            verdict=verdict if verdict is not None else old.verdict,
            note=note if note is not None else old.note,
            evidence=old.evidence + [u for u in dict.fromkeys(new_links) if u not in old.evidence],
            reviewer=reviewer or old.reviewer,
        )
        content = (new.status, new.verdict, new.note, new.evidence)
        if content == (old.status, old.verdict, old.note, old.evidence):
            return old  # nothing to write, so nothing to overwrite either
        if expected_version is not None and old.version != expected_version:
            raise ReviewConflict(old, expected_version)
        if status is None and old.status == Status.UNREVIEWED.value:
            new.status = Status.IN_PROGRESS.value
        new.updated_at = _now()
        new.version = old.version + 1
        evidence_json = json.dumps(new.evidence)
        db.execute(
            "INSERT INTO reviews (claim_id, status, verdict, note, evidence, reviewer, updated_at, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(claim_id) DO UPDATE SET status = excluded.status,"
            " verdict = excluded.verdict, note = excluded.note, evidence = excluded.evidence,"
            " reviewer = excluded.reviewer, updated_at = excluded.updated_at, version = excluded.version",
            [
                claim_id,
                new.status,
                new.verdict,
                new.note,
                evidence_json,
                new.reviewer,
                new.updated_at,
                new.version,
            ],
        )
        db.execute(
            "INSERT INTO review_history (claim_id, changed_at, reviewer, status, verdict, note, evidence)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [claim_id, new.updated_at, reviewer, new.status, new.verdict, new.note, evidence_json],
        )
    return new


HISTORY_COLUMNS = ["change_id", "claim_id", "changed_at", "reviewer", "status", "verdict", "note", "evidence"]


def history(db: Database, claim_id: int | None = None) -> list[dict]:
    """Every recorded change, oldest first, of one claim or of all; each row holds the state after the change."""
    where, params = ("WHERE claim_id = ?", [claim_id]) if claim_id is not None else ("", [])
    rows = db.execute(
        f"SELECT id, claim_id, changed_at, reviewer, status, verdict, note, evidence FROM review_history {where}"
        " ORDER BY id",
        params,
    ).fetchall()
    return [dict(zip(HISTORY_COLUMNS, r[:7] + (json.loads(r[7]),))) for r in rows]


def review_counts(db: Database) -> dict[str, int]:
    """How many claims are in each workflow status (claims nobody touched count as unreviewed)."""
    counts = dict.fromkeys(STATUSES, 0)
    rows = db.execute(
        "SELECT COALESCE(r.status, 'unreviewed'), COUNT(*) FROM claims c"
        " LEFT JOIN reviews r ON r.claim_id = c.id GROUP BY 1"
    ).fetchall()
    counts.update(dict(rows))
    return counts
