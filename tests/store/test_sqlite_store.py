"""The SQLite store (workbench.store.sqlite): opening, write transactions, and that it implements every
method of the storage interface in store/base.py with the same parameters."""

import inspect

import pytest

from workbench.records import Article
from workbench.store import base, open_db
from workbench.store.sqlite import SQLiteStore

FAMILIES = {
    "articles": base.ArticleStore,
    "claims": base.ClaimStore,
    "vectors": base.VectorStore,
    "groups": base.GroupStore,
    "reviews": base.ReviewStore,
    "factchecks": base.FactCheckStore,
    "search": base.SearchIndex,
    "feeds": base.FeedStore,
    "accounts": base.AccountStore,
    "locks": base.LockStore,
    "settings": base.SettingsStore,
    "copy": base.TableCopy,
}


def _methods(protocol) -> dict:
    return {
        name: inspect.signature(fn)
        for name, fn in vars(protocol).items()
        if callable(fn) and not name.startswith("_")
    }


def test_the_interface_lists_every_family():
    # besides the families: how the database was opened (read-only, notes for the user)
    assert set(FAMILIES) == set(base.Store.__annotations__) - {"read_only", "notes"}


def test_a_store_says_how_it_was_opened(db):
    assert db.read_only is False and db.notes == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_interface_method_is_implemented_with_its_parameters(db, family):
    wanted = _methods(FAMILIES[family])
    assert wanted, family
    implementation = getattr(db, family)
    for name, signature in wanted.items():
        method = getattr(implementation, name, None)
        assert method is not None, f"db.{family}.{name} is missing"
        given = list(inspect.signature(method).parameters)
        assert given == list(signature.parameters)[1:], f"db.{family}.{name}{given}"


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


def test_a_failed_write_leaves_nothing_and_nested_writes_join_the_outer(db):
    article = Article(text="Der Zug fuhr ab.")
    with pytest.raises(RuntimeError):
        with db.write():
            db.articles.insert(article, "2026-01-01T00:00:00+00:00")
            raise RuntimeError("disk full")
    assert db.articles.all() == []
    with db.write():
        db.articles.insert(Article(text="Eins."), "t")
        with db.write():  # a savepoint inside the outer transaction
            db.articles.insert(Article(text="Zwei."), "t")
    assert [a.text for a in db.articles.all()] == ["Eins.", "Zwei."]
