"""``reviews``, ``review_history``, ``group_verdicts`` and ``second_reviews`` (their only writer).

Evidence is stored as two JSON columns: ``evidence``, the list of URLs every reader (export, history CSV) has
always read, and ``evidence_detail``, each URL's stance and note. A link without detail (stored before
stances existed) reads as stance "context" without a note.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ...records import STATUSES, Evidence, Review, SecondReview, Stance
from .claims import counted
from .connection import Connection

_REVIEW_COLUMNS = (
    "claim_id, status, verdict, note, evidence, reviewer, updated_at, version, evidence_detail, via_group,"
    " verdict_by"
)
_SECOND_COLUMNS = (
    "claim_id, requested_by, requested_at, first_reviewer, first_verdict, reviewer, verdict, note,"
    " reviewed_at, resolved_by, resolved_verdict, resolved_at"
)


def _evidence_items(urls_json: str, detail_json: str) -> list[Evidence]:
    """The stored links with their stance and note; a link without detail (stored before stances) is context."""
    # most reviews have no links: nothing to parse (pages read every review)
    if not urls_json or urls_json == "[]":
        return []
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


def _review(row) -> Review:
    items = _evidence_items(row[4], row[8])
    return Review(
        row[0],
        row[1],
        row[2],
        row[3],
        [e.url for e in items],
        row[5],
        row[6],
        row[7],
        items,
        row[9],
        verdict_by=row[10],
    )


class Reviews:
    """ReviewStore over either backend; each method does what store/base.py documents for it."""

    # a reviewer's name, outer blanks trimmed (space, tab, LF, VT, FF, CR), matched by LIKE ignoring ASCII
    # case: set by each backend's subclass (the functions' names differ)
    _REVIEWER_LIKE = ""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def get(self, claim_id: int) -> Review | None:
        row = self._db.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE claim_id = ?", [claim_id]
        ).fetchone()
        return _review(row) if row else None

    def all(self) -> dict[int, Review]:
        rows = self._db.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews").fetchall()
        return {r[0]: _review(r) for r in rows}

    def save(self, review: Review, changed_by: str, source: str, via_group: int | None) -> None:
        evidence_json, detail_json = _evidence_columns(review.evidence_items)
        self._db.execute(
            "INSERT INTO reviews (claim_id, status, verdict, note, evidence, evidence_detail, reviewer, updated_at,"
            " version, via_group, verdict_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(claim_id) DO UPDATE SET"
            " status = excluded.status, verdict = excluded.verdict, note = excluded.note,"
            " evidence = excluded.evidence, evidence_detail = excluded.evidence_detail,"
            " reviewer = excluded.reviewer, updated_at = excluded.updated_at, version = excluded.version,"
            " via_group = excluded.via_group, verdict_by = excluded.verdict_by",
            [
                review.claim_id,
                review.status,
                review.verdict,
                review.note,
                evidence_json,
                detail_json,
                review.reviewer,
                review.updated_at,
                review.version,
                review.via_group,
                review.verdict_by,
            ],
        )
        self._db.execute(
            "INSERT INTO review_history (claim_id, changed_at, reviewer, status, verdict, note, evidence,"
            " evidence_detail, source, via_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                review.claim_id,
                review.updated_at,
                changed_by,
                review.status,
                review.verdict,
                review.note,
                evidence_json,
                detail_json,
                source,
                via_group,
            ],
        )

    def history(self, claim_id: int | None = None) -> list[dict]:
        where, params = ("WHERE claim_id = ?", [claim_id]) if claim_id is not None else ("", [])
        rows = self._db.execute(
            "SELECT id, claim_id, changed_at, reviewer, status, verdict, note, evidence, evidence_detail, source,"
            f" via_group FROM review_history {where} ORDER BY id",
            params,
        ).fetchall()
        columns = ("change_id", "claim_id", "changed_at", "reviewer", "status", "verdict", "note")
        return [
            dict(zip(columns, r[:7]))
            | {"evidence_items": _evidence_items(r[7], r[8]), "source": r[9], "via_group": r[10]}
            for r in rows
        ]

    def changes_by(self, reviewer: str) -> list[tuple[int, int, str, str]]:
        # Only this reviewer's rows leave the database (a queue asks on every key press; the whole history
        # grows without end). The match ignores ASCII case; each other character is left open ("_"), so every
        # spelling that the caller's own comparison (records.same_person) may accept comes back, and it decides.
        pattern = "".join(
            "_" if not ch.isascii() else "\\" + ch if ch in "%_\\" else ch for ch in reviewer.strip()
        )
        return self._db.execute(
            f"SELECT id, claim_id, reviewer, verdict FROM review_history WHERE {self._REVIEWER_LIKE} ESCAPE '\\'"
            " ORDER BY id",
            [pattern],
        ).fetchall()

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        rows = self._db.execute(
            "SELECT COALESCE(r.status, 'unreviewed'), COUNT(*) FROM claims c"
            f" LEFT JOIN reviews r ON r.claim_id = c.id WHERE {counted('c.')} GROUP BY 1"
        ).fetchall()
        counts.update(dict(rows))
        return counts

    def add_group_verdict(
        self,
        group_id: int,
        verdict: str,
        note: str,
        reviewer: str,
        decided_at: str,
        members: Sequence[int] = (),
    ) -> None:
        self._db.execute(
            "INSERT INTO group_verdicts (group_id, verdict, note, reviewer, decided_at, members)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [group_id, verdict, note, reviewer, decided_at, json.dumps(sorted(members))],
        )

    def group_verdicts(self, group_id: int | None = None) -> list[dict]:
        where, params = ("WHERE group_id = ?", [group_id]) if group_id is not None else ("", [])
        columns = ["group_id", "verdict", "note", "reviewer", "decided_at", "members"]
        rows = self._db.execute(
            f"SELECT {', '.join(columns)} FROM group_verdicts {where} ORDER BY id DESC", params
        ).fetchall()
        # members: None for a verdict stored before migration 15 (who it covered is not known)
        return [dict(zip(columns, r)) | {"members": None if r[5] is None else json.loads(r[5])} for r in rows]

    def following(self, group_id: int) -> list[int]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT claim_id FROM reviews WHERE via_group = ? ORDER BY claim_id", [group_id]
            )
        ]

    def second_review(self, claim_id: int) -> SecondReview | None:
        row = self._db.execute(
            f"SELECT {_SECOND_COLUMNS} FROM second_reviews WHERE claim_id = ?", [claim_id]
        ).fetchone()
        return SecondReview(*row) if row else None

    def second_reviews(self) -> list[SecondReview]:
        rows = self._db.execute(f"SELECT {_SECOND_COLUMNS} FROM second_reviews ORDER BY claim_id").fetchall()
        return [SecondReview(*r) for r in rows]

    def add_second_review(self, second: SecondReview) -> None:
        self._db.execute(
            "INSERT INTO second_reviews (claim_id, requested_by, requested_at, first_reviewer, first_verdict)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                second.claim_id,
                second.requested_by,
                second.requested_at,
                second.first_reviewer,
                second.first_verdict,
            ],
        )

    def carry_second_review(self, from_claim: int, to_claim: int) -> bool:
        cursor = self._db.execute(
            f"INSERT INTO second_reviews ({_SECOND_COLUMNS}) SELECT ?, "
            + _SECOND_COLUMNS.split(", ", 1)[1]
            # the WHERE keeps SQLite from reading ON CONFLICT as a join's ON
            + " FROM second_reviews WHERE claim_id = ? ON CONFLICT DO NOTHING",
            [to_claim, from_claim],
        )
        return cursor.rowcount > 0

    def record_second_verdict(self, second: SecondReview) -> None:
        self._db.execute(
            "UPDATE second_reviews SET reviewer = ?, verdict = ?, note = ?, reviewed_at = ? WHERE claim_id = ?",
            [second.reviewer, second.verdict, second.note, second.reviewed_at, second.claim_id],
        )

    def resolve_second_review(self, claim_id: int, reviewer: str, verdict: str, resolved_at: str) -> None:
        self._db.execute(
            "UPDATE second_reviews SET resolved_by = ?, resolved_verdict = ?, resolved_at = ? WHERE claim_id = ?",
            [reviewer, verdict, resolved_at, claim_id],
        )

    def pending_second_reviews(self) -> list[SecondReview]:
        rows = self._db.execute(
            f"SELECT {_SECOND_COLUMNS} FROM second_reviews WHERE verdict = '' ORDER BY requested_at, claim_id"
        ).fetchall()
        return [SecondReview(*r) for r in rows]

    def differing_second_reviews(self, include_resolved: bool) -> list[SecondReview]:
        resolved = "" if include_resolved else " AND resolved_verdict = ''"
        rows = self._db.execute(
            f"SELECT {_SECOND_COLUMNS} FROM second_reviews WHERE verdict != '' AND verdict != first_verdict"
            f"{resolved} ORDER BY claim_id"
        ).fetchall()
        return [SecondReview(*r) for r in rows]
