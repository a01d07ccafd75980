"""Storage: the interface the domain calls (``base.py``) and its backends (``sqlite/``, ``postgres/``).

The domain modules take the store as their first argument (``db``) and call its table families
(``db.claims.all()``, ``db.reviews.get(claim_id)``, ``with db.write(): ...``); nothing outside this package
writes SQL. A database is a file path (SQLite) or a ``postgresql://user:password@host:port/dbname`` URL
(``postgres://`` too; PostgreSQL with pgvector, through the ``postgres`` extra).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import config

if TYPE_CHECKING:
    from .base import Store
    from .sqlite.connection import ChangeWatch


def is_postgres(target: str | Path | None) -> bool:
    """Whether ``target`` (a path or URL; None: ``$WORKBENCH_DB``) names a PostgreSQL database."""
    from .postgres.connection import is_url

    return is_url(str(target if target is not None else config.db_path()))


def display_name(target: str | Path | None = None) -> str:
    """How to name the database ``target`` (None: ``$WORKBENCH_DB``) to a user: the path, or the URL with its
    password replaced by ***."""
    target = str(target if target is not None else config.db_path())
    if is_postgres(target):
        from .postgres.connection import label

        return label(target)
    return target


def open_db(path: str | Path | None = None, *, memory: bool = False, pooled: bool = False) -> Store:
    """Open (creating if needed) a workbench database: ``path`` (a file, or a PostgreSQL URL), else
    ``$WORKBENCH_DB``, else ./claims.db.

    ``memory=True`` gives a private in-memory SQLite database, for tests. ``pooled=True`` takes a PostgreSQL
    connection from this process's pool (the app opens one per rerun); a file ignores it. Raises ValueError
    for a path that is a folder or not a workbench database, or a server that cannot be reached.
    """
    target = None if memory else (path or config.db_path())
    if target is not None and is_postgres(target):
        from ..records import StoreError

        try:
            import pgvector.psycopg  # noqa: F401 - what the PostgreSQL store needs, asked for up front
            import psycopg  # noqa: F401
            import psycopg_pool  # noqa: F401

            from .postgres import open_postgres
        except ImportError as exc:
            raise StoreError(
                "PostgreSQL support is not installed: pip install 'claim-workbench[postgres]'"
            ) from exc
        return open_postgres(str(target), pooled=pooled)
    from .sqlite import open_sqlite

    return open_sqlite(target, memory=memory)


def watch_changes(path: str | Path | None = None) -> ChangeWatch:
    """A function that tells whether the database at ``path`` (else ``$WORKBENCH_DB``) changed: it returns the
    same number until something is committed to it, by any connection or process, and another one
    afterwards. One cheap statement per call, for caches keyed on the data (the app's pages). Its
    ``marks()`` gives a number per kind of data (articles, claims, groups, reviews) that changes with that
    kind (on PostgreSQL, for now, with any commit), for caches that need not be read again after every
    commit. The database must exist (open it with ``open_db`` first)."""
    target = path or config.db_path()
    if is_postgres(target):
        from .postgres.connection import ChangeWatch as PGChangeWatch

        return PGChangeWatch(str(target))
    from .sqlite.connection import ChangeWatch

    return ChangeWatch(target)


def explain_error(exc: BaseException, label: str) -> str | None:
    """A one-line message for a storage error (damaged file, full disk, read-only, busy; for PostgreSQL also
    a server that cannot be reached) met on the database ``label``, without needing it open; None for an
    exception that is not the store's."""
    from .sqlite.connection import explain

    told = explain(exc, label)
    if told is None and type(exc).__module__.startswith("psycopg"):
        from .postgres.connection import explain as explain_pg
        from .postgres.connection import label as hide_password

        told = explain_pg(exc, hide_password(label) if is_postgres(label) else label)
    return told
