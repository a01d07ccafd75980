"""Opening the database: one function, so every caller gets the same pragmas and an up-to-date schema."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


DEFAULT_DB = "claims.db"


def default_db_path() -> str:
    """The database a command uses when none is named: ``$WORKBENCH_DB``, else ``./claims.db``."""
    return os.environ.get("WORKBENCH_DB") or DEFAULT_DB


def open_db(path: str | Path | None = None, *, memory: bool = False) -> Database:
    """Open (creating if needed) a workbench database with WAL, foreign keys and a busy timeout.

    ``memory=True`` gives a private in-memory database, for tests.
    """
    if memory:
        conn = sqlite3.connect(":memory:")
    else:
        path = Path(path or default_db_path())
        if path.exists() and path.is_dir():
            raise ValueError(f"{path} is a folder, not a database file")
        # A busy timeout lets several readers and one writer share the file without "database is locked".
        conn = sqlite3.connect(str(path), timeout=30)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ValueError(f"{path} is not a workbench database ({exc})") from exc
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    # Imported here: sqlite_utils imports pandas when it is installed, which costs a second at start-up.
    from sqlite_utils import Database

    from .migrations import migrations

    db = Database(conn)
    migrations.apply(db)
    return db
