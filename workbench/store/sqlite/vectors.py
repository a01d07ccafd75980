"""The ``embeddings`` table (its only writer): vectors as little-endian float32 blobs, one per (model, text
hash), joined to claims and archive items through their ``text_hash``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..sql.claims import FURNITURE, RETIRED, counted
from ..sql.vectors import VectorQueries
from ..sql.vectors import check_table as _check

if TYPE_CHECKING:
    import numpy as np

# The rows of each table that carry vectors: every archive item, and every claim but page furniture.
_ROWS = {"claims": counted("t."), "factchecks": "1"}

SQL_CHUNK = 500  # ids per "IN (...)" query, well under SQLite's variable limit


def to_blob(vector: np.ndarray) -> bytes:
    """A vector as a little-endian float32 blob (the storage format)."""
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """A stored blob back as a float32 vector."""
    import numpy as np

    return np.frombuffer(blob, dtype="<f4")


def _matrix(rows: list[tuple[int, bytes]]) -> tuple[list[int], np.ndarray]:
    import numpy as np

    ids = [r[0] for r in rows]
    return ids, np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)


class SQLiteVectors(VectorQueries):
    """VectorStore over SQLite; each method does what store/base.py documents for it."""

    def missing(self, model: str, hashes: Iterable[str]) -> set[str]:
        wanted = set(hashes)
        if not wanted:
            return set()
        stored = {r[0] for r in self._db.execute("SELECT text_hash FROM embeddings WHERE model = ?", [model])}
        return wanted - stored

    def add(self, model: str, vectors_by_hash: dict[str, np.ndarray]) -> None:
        self._db.conn.executemany(
            "INSERT OR IGNORE INTO embeddings (model, text_hash, dims, vector) VALUES (?, ?, ?, ?)",
            [(model, h, int(v.shape[0]), to_blob(v)) for h, v in vectors_by_hash.items()],
        )

    def get(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        wanted = list(dict.fromkeys(hashes))
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(wanted), SQL_CHUNK):
            chunk = wanted[i : i + SQL_CHUNK]
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({', '.join('?' * len(chunk))})",
                [model, *chunk],
            ).fetchall()
            out.update((h, from_blob(blob)) for h, blob in rows)
        return out

    def matrix(self, model: str, table: str, after_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        # The blobs are joined and read in one frombuffer: at 100k claims that is several times faster than
        # stacking one array per row.
        _check(table)
        rows = self._db.execute(
            f"SELECT t.id, e.dims, e.vector FROM {table} t JOIN embeddings e"
            f" ON e.text_hash = t.text_hash AND e.model = ? WHERE t.id > ? AND {_ROWS[table]} ORDER BY t.id",
            [model, after_id],
        ).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        dims = rows[0][1]
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        blob = b"".join(r[2] for r in rows)
        del rows  # the row tuples hold a copy of every blob
        # a read-only view of the joined bytes: native float32 on little-endian machines, so no further copy
        matrix = np.frombuffer(blob, dtype="<f4").reshape(len(ids), dims)
        return ids, matrix if matrix.dtype == np.float32 else matrix.astype(np.float32)

    def chunks(
        self, model: str, table: str, size: int, ids: Sequence[int] | None = None
    ) -> Iterator[tuple[list[int], np.ndarray]]:

        _check(table)
        select = (
            f"SELECT t.id, e.vector FROM {table} t JOIN embeddings e ON e.text_hash = t.text_hash AND e.model = ?"
            f" WHERE {_ROWS[table]}"
        )
        if ids is None:
            last = -1
            while rows := self._db.execute(
                f"{select} AND t.id > ? ORDER BY t.id LIMIT ?", [model, last, size]
            ).fetchall():
                last = rows[-1][0]
                yield _matrix(rows)
            return
        step = min(size, SQL_CHUNK)
        for i in range(0, len(ids), step):
            chunk = list(ids[i : i + step])
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(
                f"{select} AND t.id IN ({marks}) ORDER BY t.id", [model, *chunk]
            ).fetchall()
            if rows:
                yield _matrix(rows)

    def nearest(self, model: str, table: str, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        return self._kept(model, table).top(vector, k)

    def count(self, model: str, table: str) -> int:
        return len(self._kept(model, table))

    def _kept(self, model: str, table: str):
        """The index of ``table``'s vectors kept in this process and in files beside the database."""
        # imported here: it brings NumPy, which read commands that never search must not pay for
        from ...vectors.kept import index_folder, kept_index
        from .connection import location

        _check(table)
        where = location(self._db)
        return kept_index(where, index_folder(where) if where else None, self, model, table)

    def table_state(self, table: str) -> tuple[int, int]:
        _check(table)
        # two subqueries, each answered from the b-tree (COUNT(*) by its page counts, MAX(id) by the last rowid)
        # in well under a millisecond; "SELECT COUNT(*), MAX(id)" scans the whole table (110 ms at 100k rows)
        count, top = self._db.execute(
            f"SELECT (SELECT COUNT(*) FROM {table}), (SELECT COALESCE(MAX(id), 0) FROM {table})"
        ).fetchone()
        if table == "claims":  # page furniture and retired claims are left out: partial indexes count them
            count -= sum(
                self._db.execute(
                    f"SELECT (SELECT COUNT(*) FROM claims INDEXED BY claims_boilerplate WHERE {FURNITURE}),"
                    f" (SELECT COUNT(*) FROM claims INDEXED BY claims_retired WHERE {RETIRED} AND NOT {FURNITURE})"
                ).fetchone()
            )
        return count, top
