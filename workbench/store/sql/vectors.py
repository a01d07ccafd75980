"""The parts of the ``embeddings`` family whose SQL both dialects read: what is not embedded yet, and the
version of a table's vector index. How vectors are stored and read (blobs on SQLite, pgvector values on
PostgreSQL) is each backend's own: store/sqlite/vectors.py, store/postgres/vectors.py."""

from __future__ import annotations

from ...records import FactCheck
from ..base import VECTOR_TABLES
from .claims import counted
from .connection import Connection


def check_table(table: str) -> None:
    """Refuse a table that has no vectors (the name goes into SQL)."""
    if table not in VECTOR_TABLES:
        raise ValueError(f"no vectors for table {table!r}")


class VectorQueries:
    """The part of VectorStore both backends share; each backend's vectors subclass it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def unembedded_claims(self, model: str) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT DISTINCT c.text_hash, CASE WHEN c.resolved != '' THEN c.resolved ELSE c.text END"
            " FROM claims c LEFT JOIN embeddings e"
            f" ON e.text_hash = c.text_hash AND e.model = ? WHERE e.text_hash IS NULL AND {counted('c.')}",
            [model],
        ).fetchall()
        return dict(rows)

    def unembedded_factchecks(self, model: str) -> dict[str, FactCheck]:
        rows = self._db.execute(
            "SELECT DISTINCT f.text_hash, f.claim, f.title FROM factchecks f LEFT JOIN embeddings e"
            " ON e.text_hash = f.text_hash AND e.model = ? WHERE e.text_hash IS NULL",
            [model],
        ).fetchall()
        return {h: FactCheck(claim=claim, title=title) for h, claim, title in rows}

    def index_version(self, table: str) -> tuple[str, int]:
        check_table(table)
        instance, version = self._db.execute(
            "SELECT instance, version FROM vector_versions WHERE name = ?", [table]
        ).fetchone()
        return instance, version
