"""The fields of a search hit, read the same way on both backends (the full-text search itself is each
backend's own: store/sqlite/search.py, store/postgres/search.py)."""

from __future__ import annotations

from collections.abc import Sequence

from .connection import Connection, select_in


class SearchHits:
    """The part of SearchIndex whose SQL both dialects read; each backend's search subclasses it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def claim_hits(self, ids: Sequence[int]) -> dict[int, dict]:
        if not ids:
            return {}
        rows = select_in(
            self._db,
            "SELECT c.id, c.text, a.outlet, c.speaker, COALESCE(r.verdict, ''), COALESCE(r.status, 'unreviewed'),"
            " a.date, a.url, a.title, a.id FROM claims c JOIN articles a ON a.id = c.article_id"
            " LEFT JOIN reviews r ON r.claim_id = c.id WHERE c.id IN ({marks})",
            ids,
        )
        return {
            r[0]: dict(
                text=r[1],
                source=r[2],
                speaker=r[3],
                verdict=r[4],
                status=r[5],
                date=r[6],
                url=r[7],
                title=r[8],
                article_id=r[9],
            )  # fmt: skip
            for r in rows
        }

    def factcheck_hits(self, ids: Sequence[int]) -> dict[int, dict]:
        if not ids:
            return {}
        rows = select_in(
            self._db,
            "SELECT id, claim, publisher, claimant, verdict, date, url, title, external_id FROM factchecks"
            " WHERE id IN ({marks})",
            ids,
        )
        return {
            r[0]: dict(
                text=r[1],
                source=r[2],
                speaker=r[3],
                verdict=r[4],
                status="published",
                date=r[5],
                url=r[6],
                title=r[7],
                external_id=r[8],
            )  # fmt: skip
            for r in rows
        }
