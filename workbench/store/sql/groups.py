"""``claim_groups``, ``group_suggestions`` and ``link_decisions`` (their only writer)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...records import GroupMember, Suggestion
from ..sql.claims import counted
from .connection import Connection, chunks, select_in


def _membership(row: tuple) -> tuple:
    """(claim, group, model, similarity[, probability, canonical]): older callers give the first four."""
    row = tuple(row) if len(row) == 6 else (*row, None, 0)
    # NumPy numbers and bools as plain Python values: the columns are BIGINT, DOUBLE PRECISION and INTEGER
    return (int(row[0]), int(row[1]), row[2], float(row[3]), _float(row[4]), int(row[5]))


def _float(value) -> float | None:
    return None if value is None else float(value)


def _suggestion(row: tuple) -> tuple:
    """(claim, group, via claim, cosine, probability) with plain Python values; older callers give four."""
    row = tuple(row) if len(row) == 5 else (*row, None)
    return (int(row[0]), int(row[1]), int(row[2]), float(row[3]), _float(row[4]))


class Groups:
    """GroupStore over either backend (``centres`` is each backend's own); each method does what store/base.py documents for it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def memberships(
        self, claim_ids: Iterable[int] | None = None, group_ids: Iterable[int] | None = None
    ) -> dict[int, int]:
        if claim_ids is None and group_ids is None:
            return dict(self._db.execute("SELECT claim_id, group_id FROM claim_groups").fetchall())
        found = {}
        for column, wanted in (("claim_id", claim_ids), ("group_id", group_ids)):
            if wanted is not None:
                sql = f"SELECT claim_id, group_id FROM claim_groups WHERE {column} IN ({{marks}})"
                found.update(select_in(self._db, sql, sorted(set(wanted))))
        return found

    def models(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT DISTINCT model FROM claim_groups")}

    def centres(self, group_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Each group's canonical statement: the dialects differ (store/sqlite/, store/postgres/)."""
        raise NotImplementedError

    def members(self, group_id: int) -> list[int]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT claim_id FROM claim_groups WHERE group_id = ? ORDER BY claim_id", [group_id]
            )
        ]

    def group_of(self, claim_id: int) -> int | None:
        row = self._db.execute("SELECT group_id FROM claim_groups WHERE claim_id = ?", [claim_id]).fetchone()
        return row[0] if row else None

    def count(self, min_size: int) -> int:
        return self._db.execute(
            "SELECT COUNT(*) FROM (SELECT group_id FROM claim_groups GROUP BY group_id HAVING COUNT(*) >= ?) g",
            [min_size],
        ).fetchone()[0]

    def ungrouped_count(self) -> int:
        return self._db.execute(
            "SELECT COUNT(*) FROM claims c LEFT JOIN claim_groups g ON g.claim_id = c.id"
            f" WHERE g.claim_id IS NULL AND {counted('c.')}"
        ).fetchone()[0]

    def ungrouped_ids(self) -> list[int]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT c.id FROM claims c LEFT JOIN claim_groups g ON g.claim_id = c.id"
                f" WHERE g.claim_id IS NULL AND {counted('c.')}"
            )
        ]

    def replace_all(self, memberships: Iterable[tuple], suggestions: Iterable[tuple]) -> None:
        self._db.execute("DELETE FROM claim_groups")
        self._db.execute("DELETE FROM group_suggestions")
        self.assign(memberships)
        self.add_suggestions(suggestions)

    def assign(self, memberships: Iterable[tuple]) -> None:
        self._db.executemany(
            "INSERT INTO claim_groups (claim_id, group_id, model, similarity, probability, canonical)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET group_id = excluded.group_id,"
            " model = excluded.model, similarity = excluded.similarity, probability = excluded.probability,"
            " canonical = excluded.canonical",
            [_membership(m) for m in memberships],
        )

    def add_suggestions(self, suggestions: Iterable[tuple]) -> None:
        # the best suggestion per (claim, group): by the judge's probability where there is one, else cosine
        self._db.executemany(
            "INSERT INTO group_suggestions (claim_id, group_id, via_claim, similarity, probability)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (claim_id, group_id) DO UPDATE SET via_claim = excluded.via_claim,"
            " similarity = excluded.similarity, probability = excluded.probability"
            " WHERE COALESCE(excluded.probability, excluded.similarity)"
            " > COALESCE(group_suggestions.probability, group_suggestions.similarity)",
            [_suggestion(s) for s in suggestions],
        )

    def set_similarity(self, claim_id: int, similarity: float, probability: float | None) -> None:
        self._db.execute(
            "UPDATE claim_groups SET similarity = ?, probability = ?, canonical = 0 WHERE claim_id = ?",
            [float(similarity), _float(probability), claim_id],
        )

    def suggestion(self, claim_id: int, group_id: int) -> tuple[int, float, float | None] | None:
        row = self._db.execute(
            "SELECT via_claim, similarity, probability FROM group_suggestions WHERE claim_id = ? AND group_id = ?",
            [claim_id, group_id],
        ).fetchone()
        return tuple(row) if row else None

    def rename(self, claim_ids: Sequence[int], group_id: int) -> None:
        for chunk, marks in chunks(claim_ids):
            self._db.execute(
                f"UPDATE claim_groups SET group_id = ? WHERE claim_id IN ({marks})", [int(group_id), *chunk]
            )
        self._db.execute(
            "DELETE FROM group_suggestions WHERE group_id NOT IN (SELECT group_id FROM claim_groups)"
            " OR EXISTS (SELECT 1 FROM claim_groups g WHERE g.claim_id = group_suggestions.claim_id"
            " AND g.group_id = group_suggestions.group_id)"
        )

    def suggestion_via(self, claim_id: int, group_id: int) -> int | None:
        row = self._db.execute(
            "SELECT via_claim FROM group_suggestions WHERE claim_id = ? AND group_id = ?",
            [claim_id, group_id],
        ).fetchone()
        return row[0] if row else None

    def remove_suggestion(self, claim_id: int, group_id: int) -> None:
        self._db.execute(
            "DELETE FROM group_suggestions WHERE claim_id = ? AND group_id = ?", [claim_id, group_id]
        )

    def decide(self, claim_a: int, claim_b: int, decision: str, reviewer: str, decided_at: str) -> None:
        self._db.execute(
            "INSERT INTO link_decisions (claim_a, claim_b, decision, reviewer, decided_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (claim_a, claim_b) DO UPDATE SET"
            " decision = excluded.decision, reviewer = excluded.reviewer, decided_at = excluded.decided_at",
            [claim_a, claim_b, decision, reviewer, decided_at],
        )

    def forget_decision(self, claim_a: int, claim_b: int, decision: str) -> None:
        self._db.execute(
            "DELETE FROM link_decisions WHERE claim_a = ? AND claim_b = ? AND decision = ?",
            [claim_a, claim_b, decision],
        )

    def forget_claims(self, claim_ids: Sequence[int]) -> None:
        for chunk, marks in chunks(claim_ids):
            self._db.execute(f"DELETE FROM claim_groups WHERE claim_id IN ({marks})", chunk)
            self._db.execute(
                f"DELETE FROM group_suggestions WHERE claim_id IN ({marks}) OR via_claim IN ({marks})",
                chunk * 2,
            )

    def carry_decisions(self, successors: dict[int, int]) -> int:
        carried = 0
        for a, b, decision, reviewer, decided_at in self._db.execute(
            "SELECT claim_a, claim_b, decision, reviewer, decided_at FROM link_decisions"
        ).fetchall():
            if a not in successors and b not in successors:
                continue
            x, y = successors.get(a, a), successors.get(b, b)
            if x == y:
                continue
            cursor = self._db.execute(
                "INSERT INTO link_decisions (claim_a, claim_b, decision, reviewer, decided_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [min(x, y), max(x, y), decision, reviewer, decided_at],
            )
            carried += max(cursor.rowcount, 0)
        return carried

    def decision_pairs(self) -> list[tuple[int, int, str]]:
        return [tuple(r) for r in self._db.execute("SELECT claim_a, claim_b, decision FROM link_decisions")]

    def decisions(self) -> list[dict]:
        return [
            dict(zip(("claim_a", "claim_b", "decision", "reviewer", "decided_at"), r))
            for r in self._db.execute(
                "SELECT claim_a, claim_b, decision, reviewer, decided_at FROM link_decisions"
                " ORDER BY decided_at DESC"
            )
        ]

    def listing(self, min_size: int, with_suggestions: bool) -> list[tuple[int, GroupMember]]:
        rows = self._db.execute(
            """
            SELECT g.group_id, c.id, c.article_id, a.outlet, a.title, c.speaker, c.text, g.similarity,
                   COALESCE(r.status, 'unreviewed'), COALESCE(r.verdict, ''), a.lang, g.probability,
                   g.canonical, c.resolved
            FROM claim_groups g
            JOIN claims c ON c.id = g.claim_id
            JOIN articles a ON a.id = c.article_id
            LEFT JOIN reviews r ON r.claim_id = c.id
            WHERE g.group_id IN (SELECT group_id FROM claim_groups GROUP BY group_id HAVING COUNT(*) >= ?)
               OR (CAST(? AS BOOLEAN) AND g.group_id IN (SELECT group_id FROM group_suggestions))
            ORDER BY g.group_id, g.canonical DESC, COALESCE(g.probability, g.similarity) DESC, c.id
            """,
            [min_size, with_suggestions],
        ).fetchall()
        return [(r[0], GroupMember(*r[1:12], bool(r[12]), r[13])) for r in rows]

    def suggestions(self) -> list[Suggestion]:
        return [
            Suggestion(*s)
            for s in self._db.execute(
                "SELECT s.claim_id, s.group_id, s.via_claim, s.similarity, c.text, a.outlet, c.speaker,"
                " s.probability, c.resolved"
                " FROM group_suggestions s JOIN claims c ON c.id = s.claim_id JOIN articles a ON a.id = c.article_id"
                " ORDER BY COALESCE(s.probability, s.similarity) DESC"
            )
        ]
