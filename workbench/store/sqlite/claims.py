"""The ``claims`` table (its only writer); ``text_hash`` keys the vector cache."""

from __future__ import annotations

from ...records import Claim, Kind, content_hash
from .database import Database

# Claims that are page furniture are kept but left out of counts, groups, vectors and exports.
COUNTED = f"kind != '{Kind.BOILERPLATE.value}'"
FURNITURE = f"kind = '{Kind.BOILERPLATE.value}'"  # the condition of the partial index claims_boilerplate

# columns in the order of Claim's fields, so a row is the record's arguments
_COLUMNS = 'text, sentence, start, "end", speaker, checkworthiness, position, role, kind, span_start, span_end, id, article_id'


class SQLiteClaims:
    """ClaimStore over SQLite; each method does what store/base.py documents for it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, article_id: int, claims) -> list[int]:
        ids = []
        for claim in claims:
            cursor = self._db.execute(
                'INSERT INTO claims (article_id, position, text, sentence, start, "end", speaker,'
                " checkworthiness, text_hash, role, kind, span_start, span_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    article_id,
                    claim.position,
                    claim.text,
                    claim.sentence,
                    claim.start,
                    claim.end,
                    claim.speaker,
                    float(claim.checkworthiness),
                    content_hash(claim.text),
                    claim.role,
                    claim.kind,
                    claim.span_start,
                    claim.span_end,
                ],
            )
            claim.id, claim.article_id = cursor.lastrowid, article_id
            ids.append(cursor.lastrowid)
        return ids

    def _select(self, where: str, params: list) -> list[Claim]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM claims {where} ORDER BY article_id, position", params
        ).fetchall()
        return [Claim(*r) for r in rows]

    def get(self, claim_id: int) -> Claim | None:
        return next(iter(self._select("WHERE id = ?", [claim_id])), None)

    def all(self, article_id: int | None = None) -> list[Claim]:
        if article_id is None:
            return self._select("", [])
        return self._select("WHERE article_id = ?", [article_id])

    def texts(self) -> dict[int, str]:
        return dict(self._db.execute("SELECT id, text FROM claims").fetchall())

    def exists(self, claim_id: int) -> bool:
        return self._db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is not None

    def count(self) -> int:
        return self._db.execute(f"SELECT COUNT(*) FROM claims WHERE {COUNTED}").fetchone()[0]

    def boilerplate_count(self) -> int:
        return self._db.execute(
            f"SELECT COUNT(*) FROM claims INDEXED BY claims_boilerplate WHERE {FURNITURE}"
        ).fetchone()[0]

    def export_rows(self, include_boilerplate: bool = False) -> list[dict]:
        columns = [
            "claim_id", "article_id", "source", "title", "url", "claim", "sentence", "start", "end", "speaker",
            "role", "kind", "checkworthiness", "group_id", "group_size", "group_sources",
        ]  # fmt: skip
        rows = self._db.execute(
            f"""
            WITH sizes AS (
                SELECT g.group_id, COUNT(*) AS size, COUNT(DISTINCT c.article_id) AS sources
                FROM claim_groups g JOIN claims c ON c.id = g.claim_id GROUP BY g.group_id
            )
            SELECT c.id, c.article_id, a.outlet, a.title, a.url, c.text, c.sentence, c.start, c."end", c.speaker,
                   c.role, c.kind, ROUND(c.checkworthiness, 3), g.group_id, s.size, s.sources
            FROM claims c
            JOIN articles a ON a.id = c.article_id
            LEFT JOIN claim_groups g ON g.claim_id = c.id
            LEFT JOIN sizes s ON s.group_id = g.group_id
            WHERE ? OR c.{COUNTED}
            ORDER BY c.article_id, c.position
            """,
            [include_boilerplate],
        ).fetchall()
        return [dict(zip(columns, r)) for r in rows]
