"""The ``embeddings`` table (its only writer): pgvector ``vector`` values, one per (model, text hash), joined to
claims and archive items through their ``text_hash``; an HNSW index (cosine) per vector size."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..sql.claims import counted
from ..sql.connection import Connection
from ..sql.vectors import VectorQueries
from ..sql.vectors import check_table as _check
from .database import Database, Portable

if TYPE_CHECKING:
    import numpy as np

# The rows of each table that carry vectors: every archive item, and every claim but page furniture.
_ROWS = {"claims": counted("t."), "factchecks": "TRUE"}

# pgvector's HNSW index takes vectors of up to 2,000 dimensions; larger ones are searched without it.
HNSW_MAX_DIMS = 2000
# How an HNSW search is run, set on every connection of the store (``hnsw_settings``). One ``embeddings``
# table holds the vectors of claims and archive items and of every model, so the rows the index walks
# first may belong to another table or model: the iterative scan (pgvector 0.8) goes on walking until
# ``nearest`` has its k rows instead of stopping at ef_search candidates, in relaxed order (``nearest``
# sorts the few rows it returns itself). ef_search: the candidates of the first pass, the smallest of 20, 40,
# 100, 200, 400 whose recall@10 against exact search reached 0.99 on the 2A dev tweets over the 14k e5
# vectors of the 2A archive (benchmarks/pg_search_speed.py: 0.973 at 100, 0.993 at 200, 2 ms more).
HNSW_SETTINGS = {"hnsw.iterative_scan": "relaxed_order", "hnsw.ef_search": "200"}
# How the HNSW graph is built: pgvector's m (16) with ef_construction 128 instead of its 64. On a million
# synthetic claim vectors (benchmarks/pg_vectors.py) recall@10 at ef_search 200 was 0.884 with the default
# build and 0.972 with this one, which took 355 s against 335 s to build; the 14k 2A archive's e5 vectors and
# BASIL's claims were then measured with it (benchmarks/pg_search_speed.py), not used to choose it.
HNSW_BUILD = "ef_construction = 128"


def _matrix(rows: list) -> tuple[list[int], np.ndarray]:
    import numpy as np

    ids = [r[0] for r in rows]
    return ids, np.vstack([np.asarray(r[1], dtype=np.float32) for r in rows])


def hnsw_settings(conn) -> None:
    """Set ``HNSW_SETTINGS`` for the session of the psycopg connection ``conn`` (a server whose pgvector is
    older than 0.8 keeps the unknown ones as placeholders: its searches then stop at ef_search rows)."""
    for name, value in HNSW_SETTINGS.items():
        conn.execute("SELECT set_config(%s, %s, false)", [name, value])


def hnsw_index(dims: int) -> str:
    """The name of the HNSW index over the vectors of ``dims`` dimensions."""
    return f"embeddings_hnsw_{int(dims)}"


class PGVectors(VectorQueries):
    """VectorStore over PostgreSQL with pgvector; each method does what store/base.py documents for it."""

    def __init__(self, db: Connection | Database) -> None:
        # the store hands over its Portable adapter; a caller holding the plain Database (a table copy) may
        # give that, and gets it wrapped, since every statement here is in the shared ? form
        super().__init__(db if isinstance(db, Portable) else Portable(db))
        self._indexed: set[int] = set()  # vector sizes known to have their HNSW index

    def _ensure_index(self, dims: int) -> None:
        """Make the HNSW index of vectors of ``dims`` dimensions when the first of them is stored. A column
        of mixed sizes is indexed per size, through a cast, on the rows of that size (pgvector's way)."""
        if dims in self._indexed or dims > HNSW_MAX_DIMS:
            return
        name = hnsw_index(dims)
        if self._db.execute("SELECT to_regclass(?) IS NULL", [name]).fetchone()[0]:
            self._db.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON embeddings"
                f" USING hnsw ((vector::vector({int(dims)})) vector_cosine_ops) WITH ({HNSW_BUILD})"
                f" WHERE dims = {int(dims)}"
            )
        self._indexed.add(dims)

    def missing(self, model: str, hashes: Iterable[str]) -> set[str]:
        wanted = list(set(hashes))
        if not wanted:
            return set()
        stored = {
            r[0]
            for r in self._db.execute(
                "SELECT text_hash FROM embeddings WHERE model = ? AND text_hash = ANY(?)", [model, wanted]
            )
        }
        return set(wanted) - stored

    def add(self, model: str, vectors_by_hash: dict[str, np.ndarray]) -> None:
        import numpy as np

        if not vectors_by_hash:
            return
        rows = [
            (model, h, int(v.shape[0]), np.asarray(v, dtype=np.float32)) for h, v in vectors_by_hash.items()
        ]
        with self._db.atomic():  # the index and its first vectors together
            for dims in {r[2] for r in rows}:
                self._ensure_index(dims)
            self._db.executemany(
                "INSERT INTO embeddings (model, text_hash, dims, vector) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                rows,
            )

    def get(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        import numpy as np

        wanted = list(dict.fromkeys(hashes))
        if not wanted:
            return {}
        rows = self._db.execute(
            "SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash = ANY(?)",
            [model, wanted],
            binary=True,
        ).fetchall()
        return {h: np.asarray(v, dtype=np.float32) for h, v in rows}

    def matrix(self, model: str, table: str, after_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        _check(table)
        rows = self._db.execute(
            f"SELECT t.id, e.vector FROM {table} t JOIN embeddings e"
            f" ON e.text_hash = t.text_hash AND e.model = ? WHERE t.id > ? AND {_ROWS[table]} ORDER BY t.id",
            [model, after_id],
            binary=True,  # pgvector's binary format: float32 straight into NumPy, no text to parse
        ).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        matrix = np.empty((len(rows), len(rows[0][1])), dtype=np.float32)
        for i, row in enumerate(rows):
            matrix[i] = row[1]
        return ids, matrix

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
                f"{select} AND t.id > ? ORDER BY t.id LIMIT ?", [model, last, size], binary=True
            ).fetchall():
                last = rows[-1][0]
                yield _matrix(rows)
            return
        for i in range(0, len(ids), size):
            chunk = [int(x) for x in ids[i : i + size]]
            rows = self._db.execute(
                f"{select} AND t.id = ANY(?) ORDER BY t.id", [model, chunk], binary=True
            ).fetchall()
            if rows:
                yield _matrix(rows)

    def nearest(self, model: str, table: str, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        import numpy as np

        _check(table)
        dims = int(len(vector))
        if k <= 0 or dims == 0:
            return []
        # The k nearest vectors first, then the rows that carry them (a text stored twice has one vector).
        # The ORDER BY and WHERE spell the HNSW index's expression and predicate exactly (hnsw_index:
        # (vector::vector(N)) ... WHERE dims = N, N a literal), or the planner would sort every row instead;
        # the other conditions filter the index's rows as the iterative scan walks them (HNSW_SETTINGS).
        distance = f"e.vector::vector({dims}) <=> CAST(? AS vector({dims}))"
        rows = self._db.execute(
            f"WITH near AS MATERIALIZED (SELECT e.text_hash, {distance} AS distance FROM embeddings e"
            f" WHERE e.dims = {dims} AND e.model = ? AND EXISTS (SELECT 1 FROM {table} t"
            f" WHERE t.text_hash = e.text_hash AND {_ROWS[table]}) ORDER BY {distance} LIMIT ?)"
            f" SELECT t.id, 1 - n.distance FROM near n JOIN {table} t ON t.text_hash = n.text_hash"
            f" WHERE {_ROWS[table]} ORDER BY n.distance, t.id LIMIT ?",
            [np.asarray(vector, dtype=np.float32), model, np.asarray(vector, dtype=np.float32), k, k],
        ).fetchall()
        return [(int(i), float(cosine)) for i, cosine in rows]

    def count(self, model: str, table: str) -> int:
        _check(table)
        return self._db.execute(
            f"SELECT COUNT(*) FROM {table} t JOIN embeddings e ON e.text_hash = t.text_hash AND e.model = ?"
            f" WHERE {_ROWS[table]}",
            [model],
        ).fetchone()[0]

    def table_state(self, table: str) -> tuple[int, int]:
        _check(table)
        return tuple(
            self._db.execute(
                f"SELECT COUNT(*) FILTER (WHERE {_ROWS[table].replace('t.', '')}), COALESCE(MAX(id), 0) FROM {table}"
            ).fetchone()
        )
