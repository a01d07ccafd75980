"""The SQLite store (workbench.store.sqlite): how a file is opened and named. That it implements every method of
the storage interface, and its write transactions, are tested on both backends in test_store_backends.py."""

import pytest

from workbench.store import open_db
from workbench.store.sqlite import SQLiteStore


def test_a_store_says_how_it_was_opened(db):
    assert db.read_only is False and db.notes == []


def test_an_in_memory_store_has_no_location(db):
    assert isinstance(db, SQLiteStore) and db.location is None  # nothing to name it by in a cache


def test_a_file_database_is_named_by_its_path(tmp_path):
    db = open_db(tmp_path / "named.db")
    assert db.location == str(tmp_path / "named.db")
    assert db.sqlite_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.sqlite_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_folder_or_a_foreign_file_is_refused_with_a_clear_message(tmp_path):
    with pytest.raises(ValueError, match="is a folder"):
        open_db(tmp_path)
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValueError, match="not a workbench database"):
        open_db(junk)
