"""``workbench copy-db``: a whole desk moved into another database and back, compared row by row."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.accounts import add_account, session_account, start_session
from workbench.claims import set_speaker
from workbench.cli import cli
from workbench.export import export_rows
from workbench.group import merge_groups, reject_suggestions, split_group
from workbench.pipeline import import_factchecks, ingest_articles, seed_samples
from workbench.records import Article, FactCheck, Feed, StoreError
from workbench.review import (
    history,
    request_second_review,
    second_review,
    set_group_verdict,
    set_review,
)
from workbench.settings import set_desk_settings, set_preference
from workbench.store import open_db
from workbench.store.base import COPY_TABLES
from workbench.store.copy_db import copy_db


def busy_desk(db, embedder):
    """A desk with something in every table copy-db moves: two article versions, reviews with history, a
    group verdict, decisions, a second review, a speaker change, the archive and its matches, a feed, accounts
    with a session and preferences, settings."""
    add_account(db, "admin", "admin", email="admin@desk.example")
    add_account(db, "anna", "editor", email="anna@desk.example", by="admin", password="a long password 1")
    add_account(db, "rita", "reviewer", subject="sso|rita", by="admin")
    seed_samples(db, embedder)
    first = db.articles.all()[0]
    # a new version of the first article (same address, one sentence more): article versions, retired claims
    ingest_articles(
        db,
        [
            Article(
                text=first.text + "\n\nA later sentence says the ministry confirmed 12 figures on Monday.",
                title=first.title,
                source=first.source,
                url="https://example.org/first",
            )
        ],
        embedder,
    )
    ingest_articles(
        db,
        [
            Article(
                text=first.text + "\n\nThe ministry confirmed 13 figures on Tuesday, it said.",
                title=first.title,
                source=first.source,
                url="https://example.org/first",
            )
        ],
        embedder,
    )
    claims = [c.id for c in db.claims.all() if not c.retired]
    set_review(
        db,
        claims[0],
        verdict="false",
        note="Zahl falsch – siehe Quelle",
        reviewer="anna",
        evidence=["https://example.org/evidence"],
    )
    set_review(db, claims[0], status="done", reviewer="anna", expected_version=1)
    set_review(db, claims[1], verdict="mixed", reviewer="rita")
    group_ids = sorted(set(db.groups.memberships().values()))
    set_group_verdict(db, group_ids[0], "mostly_false", "anna", note="for the group")
    merged = merge_groups(db, group_ids[1:3], "anna")
    members = db.groups.members(merged)
    if len(members) > 1:
        split_group(db, merged, members[:1], "anna")
    suggestion = next(iter(db.groups.suggestions()), None)
    if suggestion is not None:
        reject_suggestions(db, [(suggestion.claim_id, suggestion.group_id)], "anna")
    request_second_review(db, claims[1], "anna")
    second_review(db, claims[1], "admin", "false", note="blind")
    set_speaker(db, claims[2], "Ein Sprecher", "official", "anna")
    import_factchecks(
        db,
        [
            FactCheck(
                claim=c.text,
                verdict="false",
                publisher="Archiv",
                url=f"https://archive.example/{c.id}",
                title="Geprüft",
                date="2026-01-02",
                lang="de",
                origin="test",
            )
            for c in db.claims.all()[:3]
        ]
        + [FactCheck(claim="Something unrelated was said about bridges.", verdict="true", lang="en")],
        embedder,
    )
    with db.write():
        feed = Feed(url="https://news.example/feed.xml", outlet="Beispiel", title="Feed", added_by="anna")
        feed_id = db.feeds.add(feed, "2026-12-07T01:00:00+00:00")
        db.feeds.mark_seen(
            feed_id, "item-1", "https://news.example/1", first.id, "", "2026-12-07T01:01:00+00:00"
        )
        db.feeds.mark_seen(
            feed_id,
            "item-2",
            "https://news.example/2",
            None,
            "not German or English",
            "2026-12-07T01:01:00+00:00",
        )
        db.feeds.record_poll(feed_id, "2026-12-07T01:01:00+00:00", "1 new, 1 skipped", False, "anna")
    token = start_session(db, db.accounts.get("anna"))
    set_desk_settings(db, "admin", organisation="Prüfstelle", labels="de")
    set_preference(db, "anna", "labels", "de")
    return token


def rows_of(db) -> dict[str, list[tuple]]:
    """Every row of every table copy-db moves, column by column name, in key order."""
    out = {}
    with db.copy.snapshot():
        for table in COPY_TABLES:
            columns = db.copy.columns(table)
            rows = [row for chunk in db.copy.rows(table, 1000) for row in chunk]
            out[table] = (
                sorted(columns),
                [tuple(dict(zip(columns, r))[c] for c in sorted(columns)) for r in rows],
            )
    return out


@pytest.fixture
def desk_db(tmp_path, fake_embedder):
    db = open_db(tmp_path / "desk.db")
    token = busy_desk(db, fake_embedder)
    return db, token


def test_every_table_has_rows_in_the_test_desk(desk_db):
    db, _ = desk_db
    counts = db.copy.counts()
    assert {t for t, n in counts.items() if n == 0} == set(), counts


def test_sqlite_to_sqlite_and_back_keeps_every_row(desk_db, tmp_path, fake_embedder):
    db, token = desk_db
    middle = open_db(tmp_path / "middle.db")
    copied = copy_db(db, middle)
    assert copied == db.copy.counts()
    back = open_db(tmp_path / "back.db")
    copy_db(middle, back)
    assert rows_of(back) == rows_of(db)
    # the copy works as the desk did: history, export, the session, full-text search, new ids past the old
    assert history(back) == history(db)
    assert export_rows(back) == export_rows(db)
    assert session_account(back, token).name == "anna"
    assert back.search.keyword_matches("claims", ["ministry"], 5) == db.search.keyword_matches(
        "claims", ["ministry"], 5
    )
    before = max(c.id for c in back.claims.all())
    ingest_articles(
        back, [Article(text="Ein neuer Artikel sagt, die Brücke koste 5 Millionen Euro.")], fake_embedder
    )
    assert min(c.id for c in back.claims.all() if c.id > before) == before + 1


def test_a_target_that_is_not_empty_is_refused_and_left_alone(desk_db, tmp_path, fake_embedder):
    db, _ = desk_db
    other = open_db(tmp_path / "other.db")
    seed_samples(other, fake_embedder)
    before = rows_of(other)
    with pytest.raises(StoreError, match="not empty"):
        copy_db(db, other)
    assert rows_of(other) == before


def test_a_failure_half_way_leaves_the_target_empty(desk_db, tmp_path, monkeypatch):
    db, _ = desk_db
    target = open_db(tmp_path / "target.db")
    real = target.copy.load_rows

    def fail_on_reviews(table, columns, rows):
        if table == "review_history":
            raise StoreError("disk full (simulated)")
        real(table, columns, rows)

    monkeypatch.setattr(target.copy, "load_rows", fail_on_reviews)
    with pytest.raises(StoreError, match="simulated"):
        copy_db(db, target)
    assert set(target.copy.counts().values()) == {0}


def test_a_count_that_differs_rolls_back(desk_db, tmp_path, monkeypatch):
    db, _ = desk_db
    target = open_db(tmp_path / "target.db")
    real = target.copy.load_rows
    # one row of a table nothing refers to goes missing on the way
    monkeypatch.setattr(
        target.copy,
        "load_rows",
        lambda t, c, rows: real(t, c, list(rows)[1:] if t == "desk_settings" else rows),
    )
    with pytest.raises(StoreError, match="desk_settings has 1 rows, the source 2"):
        copy_db(db, target)
    assert set(target.copy.counts().values()) == {0}


def test_copy_db_command(desk_db, tmp_path):
    db, _ = desk_db
    source = str(tmp_path / "desk.db")
    db.close()
    target = tmp_path / "copy.db"
    run = CliRunner()
    ok = run.invoke(cli, ["copy-db", source, str(target)])
    assert ok.exit_code == 0, ok.output
    assert "every table's count checked" in ok.output and "reviews" in ok.output
    again = run.invoke(cli, ["copy-db", source, str(target)])
    assert again.exit_code == 1 and "not empty" in again.output and "Traceback" not in again.output
    missing = run.invoke(cli, ["copy-db", str(tmp_path / "nope.db"), str(tmp_path / "new.db")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    assert not (tmp_path / "nope.db").exists() and not (tmp_path / "new.db").exists()
    itself = run.invoke(cli, ["copy-db", source, source])
    assert itself.exit_code == 1 and "source itself" in itself.output
    # a target that did not exist and could not be filled is not left behind as an empty database
    Path(tmp_path / "bad.db").write_text("not a database", encoding="utf-8")
    bad = run.invoke(cli, ["copy-db", str(tmp_path / "bad.db"), str(tmp_path / "fresh.db")])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert not (tmp_path / "fresh.db").exists()


# --- PostgreSQL (a real server, tests/pg_server.py) ------------------------------------------------------


@pytest.fixture
def new_pg(pg_server):
    """A maker of new PostgreSQL databases with the workbench schema (URLs), dropped after the test."""
    from workbench.store.postgres.connection import close_pools

    made = []

    def make() -> str:
        made.append(pg_server.new_database())
        return made[-1]

    yield make
    close_pools()
    for url in made:
        pg_server.drop_database(url)


def test_sqlite_to_postgres_and_back_keeps_every_row(desk_db, new_pg, tmp_path, fake_embedder):
    db, token = desk_db
    pg = open_db(new_pg())
    try:
        assert copy_db(db, pg) == db.copy.counts()
        assert rows_of(pg) == rows_of(db)
        back = open_db(tmp_path / "back.db")
        copy_db(pg, back)
        assert rows_of(back) == rows_of(db)
        # the desk works on the server as it did: history, export, the session, vectors with their index
        assert history(pg) == history(db)
        assert export_rows(pg) == export_rows(db)
        assert session_account(pg, token).name == "anna"
        dims = fake_embedder.encode(["x"]).shape[1]
        assert pg.pg_db.execute("SELECT to_regclass(%s) IS NOT NULL", [f"embeddings_hnsw_{dims}"]).fetchone()[
            0
        ]
        # full-text rows were made for the copied claims (PostgreSQL's stemmer may find more than FTS5 does)
        sqlite_hits = {i for i, _ in db.search.keyword_matches("claims", ["ministry"], 50)}
        assert sqlite_hits and sqlite_hits <= {
            i for i, _ in pg.search.keyword_matches("claims", ["ministry"], 50)
        }
        # new rows get ids past the copied ones (the identity sequences were moved on)
        before_claims = max(c.id for c in pg.claims.all())
        before_history = max(h["change_id"] for h in pg.reviews.history())
        ingest_articles(
            pg, [Article(text="Die Brücke kostet nach Angaben der Stadt 5 Millionen Euro.")], fake_embedder
        )
        assert min(c.id for c in pg.claims.all() if c.id > before_claims) == before_claims + 1
        set_review(pg, before_claims + 1, verdict="true", reviewer="anna")
        assert max(h["change_id"] for h in pg.reviews.history()) == before_history + 1
    finally:
        pg.close()


def test_a_postgres_target_that_is_not_empty_or_fails_keeps_nothing(desk_db, new_pg, monkeypatch):
    db, _ = desk_db
    filled = open_db(new_pg())
    copy_db(db, filled)
    with pytest.raises(StoreError, match="not empty"):
        copy_db(db, filled)
    assert filled.copy.counts() == db.copy.counts()
    filled.close()

    target = open_db(new_pg())
    real = target.copy.load_rows

    def fail_on_history(table, columns, rows):
        if table == "review_history":
            raise StoreError("connection lost (simulated)")
        real(table, columns, rows)

    monkeypatch.setattr(target.copy, "load_rows", fail_on_history)
    with pytest.raises(StoreError, match="simulated"):
        copy_db(db, target)
    assert set(target.copy.counts().values()) == {0}
    target.close()


def test_copy_db_command_into_postgres(desk_db, new_pg, pg_server, tmp_path):
    db, _ = desk_db
    db.close()
    url = new_pg()
    run = CliRunner()
    ok = run.invoke(cli, ["copy-db", str(tmp_path / "desk.db"), url])
    assert ok.exit_code == 0, ok.output
    assert "every table's count checked" in ok.output and pg_server.password not in ok.output
    back = run.invoke(cli, ["copy-db", url, str(tmp_path / "back.db")])
    assert back.exit_code == 0, back.output
    assert rows_of(open_db(tmp_path / "back.db")) == rows_of(open_db(tmp_path / "desk.db"))
