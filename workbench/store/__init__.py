"""Storage: the interface the domain calls (``base.py``) and its backends (``sqlite/``).

The domain modules take the store as their first argument (``db``) and call its table families
(``db.claims.all()``, ``db.reviews.get(claim_id)``, ``with db.write(): ...``); nothing outside this package
writes SQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import config

if TYPE_CHECKING:
    from .base import Store
    from .sqlite.connection import ChangeWatch


def open_db(path: str | Path | None = None, *, memory: bool = False) -> Store:
    """Open (creating if needed) a workbench database: ``path``, else ``$WORKBENCH_DB``, else ./claims.db.

    ``memory=True`` gives a private in-memory database, for tests. Raises ValueError for a path that is a
    folder or not a workbench database.
    """
    from .sqlite import open_sqlite

    return open_sqlite(None if memory else (path or config.db_path()), memory=memory)


def watch_changes(path: str | Path | None = None) -> ChangeWatch:
    """A function that tells whether the database at ``path`` (else ``$WORKBENCH_DB``) changed: it returns the
    same number until something is committed to the file, by any connection or process, and another one
    afterwards. One cheap statement per call, for caches keyed on the data (the app's pages). Its
    ``marks()`` gives a number per kind of data (articles, claims, groups, reviews) that changes only with
    that kind, for caches that need not be read again after every commit. The database must exist (open it
    with ``open_db`` first)."""
    from .sqlite.connection import ChangeWatch

    return ChangeWatch(path or config.db_path())


def explain_error(exc: BaseException, label: str) -> str | None:
    """A one-line message for a storage error (damaged file, full disk, read-only, busy) met on the database
    ``label``, without needing it open; None for an exception that is not the store's."""
    from .sqlite.connection import explain

    return explain(exc, label)
