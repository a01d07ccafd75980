"""``workbench copy-db``: move a whole desk from one database into another (SQLite to PostgreSQL and back, or
SQLite to SQLite), ids kept, every table counted afterwards.

The rows travel through each backend's TableCopy (store/base.py) in the shared form, table by table in
COPY_TABLES order, inside one write transaction on the target: a failure anywhere, or a count that differs,
rolls the whole load back, so the target is never left half-filled.
"""

from __future__ import annotations

from collections.abc import Callable

from ..records import StoreError
from .base import COPY_TABLES, Store

BATCH = 2000  # rows per read and insert: bounded memory at a million claims


def copy_db(
    source: Store, target: Store, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Copy every table in COPY_TABLES from ``source`` into the empty ``target``; returns the rows copied, by
    table. Raises StoreError (one line) when the target is read-only or not empty, when a table's columns
    differ between the two, or when a count after the copy differs from the source's; the target then holds
    nothing of the copy."""
    if target.read_only:
        raise StoreError(f"{target.location or 'the target'} is read-only: nothing was copied")
    filled = {t: n for t, n in target.copy.counts().items() if n}
    if filled:
        shown = ", ".join(f"{n:,} {t}" for t, n in list(filled.items())[:3])
        raise StoreError(f"the target is not empty ({shown}); copy-db fills only an empty database")
    with source.copy.snapshot():
        expected = source.copy.counts()
        with target.write():
            for table in COPY_TABLES:
                columns = source.copy.columns(table)
                theirs = target.copy.columns(table)
                if set(columns) != set(theirs):
                    only = sorted(set(columns) ^ set(theirs))
                    raise StoreError(
                        f"table {table} differs between the two databases (columns {', '.join(only)}); "
                        "open both with this version first"
                    )
                done = 0
                for rows in source.copy.rows(table, BATCH):
                    target.copy.load_rows(table, columns, rows)
                    done += len(rows)
                    if progress:
                        progress(table, done, expected[table])
            target.copy.finish_load()
            copied = target.copy.counts()
            wrong = [t for t in COPY_TABLES if copied[t] != expected[t]]
            if wrong:
                t = wrong[0]
                raise StoreError(
                    f"after the copy {t} has {copied[t]:,} rows, the source {expected[t]:,}; nothing was kept"
                )
    return copied
