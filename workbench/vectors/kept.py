"""Vector indexes kept between calls and processes: in memory per (database, model, table), and in files
beside a database file, so a new process maps them instead of reading every vector from the database.

Below the store in the layers: it is handed a database's vectors family and asks it only for what
``store.base.VectorStore`` promises (``table_state``, ``index_version``, ``matrix``). Searching by meaning
(``search``) and SQLite's ``vectors.nearest`` both use it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from .index import VectorIndex, index_key, load_index, save_index


@dataclass
class _Kept:
    """An index of one (database, model, table) as kept in memory: what it is of, and how many of its rows
    are in its files."""

    stamp: list  # [database identity, version, row count, largest id]: see kept_index
    index: VectorIndex
    saved_rows: int


_indexes: dict[tuple[str, str, str], _Kept] = {}
_lock = threading.Lock()
# Rows added since an index's files were written before they are written again: a later process reads
# fewer rows than this from the database instead (milliseconds), and an ingest does not rewrite 150 MB of
# files at 100k claims for its thirty claims.
RESAVE_ROWS = 1000
RESAVE_SHARE = 0.01


def index_folder(location: str) -> Path:
    """Where the vector indexes of the database file at ``location`` are kept: ``<database>.vectors/``."""
    return Path(f"{location}.vectors")


def kept_index(location: str | None, folder: Path | None, vectors, model: str, table: str) -> VectorIndex:
    """The vectors of ``table`` ("claims" or "factchecks") for ``model``, kept between calls and processes;
    ``location`` names the database (``Store.location``), ``folder`` is where its files are kept
    (``index_folder``; None: in memory only) and ``vectors`` is its vectors family (``store.base.VectorStore``).

    Kept in memory for this process and in files beside the database (``index_folder``), so the first
    search of a new process maps them instead of reading every vector from SQLite. A kept index is current
    while the store's ``index_version`` and ``table_state`` are what they were when it was built; when only
    rows were appended (ingest, import) it is topped up with the rows above its largest id; anything else
    (a deleted row, a changed text or kind, claims retired by a new version of their article, a deleted
    vector, another database at the same path) reloads it whole. Only an index that holds every row is kept (rows still waiting for a vector would be missed). A
    private (in-memory) database is never kept; a database without a folder (PostgreSQL: there is no file to
    keep files beside) is kept in memory only.
    """
    path = location
    count, top = vectors.table_state(table)
    if not path:
        return VectorIndex(*vectors.matrix(model, table))
    instance, version = vectors.index_version(table)
    stamp = [instance, version, count, top]
    key = (path, model, table)
    file_key = index_key(model, table)
    with _lock:
        kept = _indexes.get(key)
        if (kept is None or kept.stamp[:2] != stamp[:2]) and folder is not None:
            loaded = load_index(folder, file_key)
            kept = _Kept(loaded[0], loaded[1], len(loaded[1])) if loaded else None
        if kept and kept.stamp == stamp:
            _indexes[key] = kept
            return kept.index
        if kept and kept.stamp[:2] == stamp[:2] and top > kept.stamp[3] and count > kept.stamp[2]:
            ids, matrix = vectors.matrix(model, table, after_id=kept.stamp[3])
            index = kept.index.copy()
            index.add(ids, matrix)
            saved_rows = kept.saved_rows
        else:
            index, saved_rows = VectorIndex(*vectors.matrix(model, table)), 0
        if len(index) != count:
            return index
        if folder is not None and (
            len(index) - saved_rows > max(RESAVE_ROWS, RESAVE_SHARE * saved_rows)
            or (saved_rows == 0 and len(index))
        ):
            if save_index(index, folder, file_key, stamp):
                saved_rows = len(index)
        _indexes[key] = _Kept(stamp, index, saved_rows)
        return index
