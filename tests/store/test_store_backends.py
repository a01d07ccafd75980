"""Both stores, SQLite and PostgreSQL (a real server: tests/pg_server.py): every method of the storage
interface with its parameters, write transactions, the change watch, vector bookkeeping, full-text search in
each row's language; and what only the PostgreSQL store has to get right (opening by URL, a foreign or newer
database, concurrent first opens and review saves, error messages, backup)."""

from __future__ import annotations

import inspect
import threading

import numpy as np
import pytest
from conftest import add_desk, changes, raw_sql

from workbench.pipeline import ingest_articles
from workbench.records import Article, ReadOnlyError, ReviewConflict, StoreError
from workbench.review import get_review, set_review
from workbench.store import base, explain_error, is_postgres, open_db, watch_changes

pytestmark = pytest.mark.both_backends

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
    for name in _methods(base.Store):
        assert callable(getattr(db, name, None)) or name == "location", name


def test_a_failed_write_leaves_nothing_and_a_failed_nested_write_only_its_own_part(db):
    with pytest.raises(RuntimeError):
        with db.write():
            db.articles.insert(Article(text="Der Zug fuhr ab."), "2026-01-01T00:00:00+00:00")
            raise RuntimeError("disk full")
    assert db.articles.all() == []
    with db.write():
        db.articles.insert(Article(text="Eins."), "t")
        with pytest.raises(RuntimeError):
            with db.write():  # a savepoint inside the outer transaction, rolled back alone
                db.articles.insert(Article(text="Zwei."), "t")
                raise RuntimeError("no")
        with db.write():  # a nested write that succeeds joins the outer one
            db.articles.insert(Article(text="Drei."), "t")
    assert [a.text for a in db.articles.all()] == ["Eins.", "Drei."]


def _two_articles(db, embedder):
    ingest_articles(
        db,
        [
            Article(text="Die Regierung erhöhte die Exporte nach China deutlich.", lang="de", source="a"),
            Article(
                text="The café closed because exports to Brazil were falling sharply.", lang="en", source="b"
            ),
        ],
        embedder,
    )


def test_search_reads_each_row_in_its_language_and_shows_the_words_as_written(db, backend, fake_embedder):
    _two_articles(db, fake_embedder)
    ids = {c.text.split()[1]: c.id for c in db.claims.all()}
    german, english = ids["Regierung"], ids["café"]
    found = dict(db.search.keyword_matches("claims", ["falls"], 10))  # English stems: falls ~ falling
    assert set(found) == {english} and found[english] > 0
    assert {i for i, _ in db.search.keyword_matches("claims", ["Exporte"], 10)} == {german, english}
    if backend == "postgres":  # German stems for German rows (SQLite stems every row as English)
        assert {i for i, _ in db.search.keyword_matches("claims", ["Regierungen"], 10)} == {german}
    # accents folded both ways; the matched words are shown as the text has them
    assert {i for i, _ in db.search.keyword_matches("claims", ["cafe"], 10)} == {english}
    assert db.search.matched_words("claims", ["cafe", "export"], [english]) == {english: ["café", "exports"]}
    assert db.search.matched_words("claims", ["erhohte", "exporte"], [german, english]) == {
        german: ["erhöhte", "exporte"],
        english: ["exports"],
    }
    # words that look like query syntax are words
    for hostile in ['"', "a & b", "!china", "NEAR(", "'; DROP TABLE claims; --", "*"]:
        db.search.keyword_matches("claims", [hostile], 10)
    assert {i for i, _ in db.search.keyword_matches("claims", ["china)", "|"], 10)} == {german}
    assert db.search.keyword_matches("claims", [], 10) == []


def test_page_furniture_and_retired_claims_stay_out_of_keyword_search(db, fake_embedder):
    _two_articles(db, fake_embedder)
    english = next(c.id for c in db.claims.all() if "café" in c.text)
    assert [i for i, _ in db.search.keyword_matches("claims", ["café"], 10)] == [english]
    with db.write():
        db.claims.retire(db.claims.get(english).article_id)
    assert db.search.keyword_matches("claims", ["café"], 10) == []


def test_vectors_round_trip_and_the_bookkeeping_of_kept_indexes(db, fake_embedder):
    _two_articles(db, fake_embedder)
    ids, matrix = db.vectors.matrix(fake_embedder.name, "claims")
    assert matrix.dtype == np.float32 and matrix.shape == (2, 256) and list(ids) == [1, 2]
    texts = [c.linking_text for c in db.claims.all()]
    assert np.allclose(matrix, fake_embedder.encode(texts), atol=1e-6)
    assert [list(i) for i, _ in db.vectors.chunks(fake_embedder.name, "claims", 1)] == [[1], [2]]
    assert [list(i) for i, _ in db.vectors.chunks(fake_embedder.name, "claims", 5, ids=[2])] == [[2]]
    assert db.vectors.table_state("claims") == (2, 2)
    instance, version = db.vectors.index_version("claims")
    with db.write():  # a vector added for a new hash is an appended row: no new version
        db.vectors.add(fake_embedder.name, {"h": np.ones(256, dtype=np.float32)})
    assert db.vectors.index_version("claims") == (instance, version)
    assert db.vectors.get(fake_embedder.name, ["h", "nothing"]).keys() == {"h"}
    assert db.vectors.missing(fake_embedder.name, ["h", "nothing"]) == {"nothing"}
    with db.write():
        db.claims.retire(1)
    assert db.vectors.index_version("claims") == (instance, version + 1)
    assert db.vectors.table_state("claims") == (1, 2)


def test_centres_are_the_canonical_statements(db, fake_embedder):
    _two_articles(db, fake_embedder)
    with db.write():
        db.groups.replace_all([(1, 7, "m", 0.8, 0.9, 0), (2, 7, "m", 0.7, None, 1)], [(1, 7, 2, 0.6, 0.5)])
    assert db.groups.centres() == {7: 2}
    assert db.groups.suggestion(1, 7) == (2, pytest.approx(0.6), 0.5)


def test_memberships_centres_and_languages_of_some_rows_only(db, fake_embedder):
    _two_articles(db, fake_embedder)
    article = {c.id: c.article_id for c in db.claims.all()}
    with db.write():
        db.groups.replace_all([(1, 7, "m", 0.8, 0.9, 0), (2, 7, "m", 1.0, None, 1)], [])
    assert db.groups.memberships(claim_ids=[1, 99]) == {1: 7}
    assert db.groups.memberships(group_ids=[7]) == db.groups.memberships() == {1: 7, 2: 7}
    assert db.groups.memberships(claim_ids=[]) == {} and db.groups.memberships(group_ids=[8]) == {}
    assert db.groups.centres([7, 8]) == {7: 2} and db.groups.centres([]) == {}
    assert db.claims.languages(claim_ids=[2]) == {2: (article[2], "en")}
    assert db.claims.languages(article_ids=[article[1]]) == {1: (article[1], "de")}
    assert db.claims.languages() == {1: (article[1], "de"), 2: (article[2], "en")}


def test_the_change_watch_counts_commits_and_nothing_else(db_path, fake_embedder):
    store = open_db(db_path)
    watch = watch_changes(db_path)
    first = watch()
    store.claims.count()
    with store.write():
        store.locks.remove_expired("2000-01-01")  # a write that changes no row
    assert watch() == first
    before = changes(store)
    _two_articles(store, fake_embedder)
    assert watch() != first and changes(store) != before
    second = watch()
    with pytest.raises(RuntimeError):
        with store.write():
            store.articles.insert(Article(text="Nie gespeichert."), "t")
            raise RuntimeError("undone")
    assert watch() == second
    store.close()


def test_change_marks_follow_their_kind_of_data_only(db_path):
    """SQLite's m016 and PostgreSQL's pg002 (issue 19): a mark per kind of data, changed by any write to its
    tables (by any connection) and by nothing else, so the app keeps the claims across a review decision and
    still sees a colleague's."""
    from workbench.records import Claim, Review

    db = open_db(db_path)
    watch = watch_changes(db_path)
    start = watch.marks()
    assert set(start) == {"articles", "claims", "groups", "reviews"}
    with db.write():
        article_id = db.articles.insert(Article(text="A. B."), "2026-12-07T00:00:00+00:00")
    after_article = watch.marks()
    assert after_article["articles"] != start["articles"]
    assert {k: after_article[k] for k in ("claims", "groups", "reviews")} == {
        k: start[k] for k in ("claims", "groups", "reviews")
    }
    with db.write():
        a, b = db.claims.insert(article_id, [Claim("A", "A.", 0, 2), Claim("B", "B.", 3, 5, position=1)])
    after_claims = watch.marks()
    assert after_claims["claims"] != after_article["claims"]
    with db.write():
        db.groups.replace_all([(a, a, "m", 1.0), (b, a, "m", 0.9)], [])
    after_groups = watch.marks()
    assert after_groups["groups"] != after_claims["groups"]
    assert after_groups["claims"] == after_claims["claims"]

    # a review decision by another connection: the reviews' mark moves, the claims' and groups' stay
    other = open_db(db_path)
    other.reviews.save(Review(a, status="done", verdict="false"), "ben", "claim", None)
    other.close()
    after_review = watch.marks()
    assert after_review["reviews"] != after_groups["reviews"]
    assert {k: after_review[k] for k in ("articles", "claims", "groups")} == {
        k: after_groups[k] for k in ("articles", "claims", "groups")
    }
    # a lock (someone's screen) changes the file but no kind of data kept
    with db.write():
        db.locks.put(b, "anna", "2999-01-01T00:00:00+00:00")
    assert watch.marks() == after_review
    # a claim changed in place (a corrected speaker) moves the claims' mark
    with db.write():
        db.claims.set_speaker(b, "Scholz", "", "anna", "2026-12-07T00:00:00+00:00")
    assert watch.marks()["claims"] != after_review["claims"]
    watch.close()
    db.close()


def test_opening_by_url(pg_url, pg_server):
    assert is_postgres(pg_url) and is_postgres(pg_url.replace("postgresql://", "postgres://"))
    assert not is_postgres("claims.db") and not is_postgres("postgresql.db")
    db = open_db(pg_url.replace("postgresql://", "postgres://"))
    assert db.location == db.url  # what names it for caches: the URL without its password
    assert pg_server.password not in db.url and "***" in db.url
    assert db.check() == {
        "integrity": "ok",
        "schema": "pg003_checkworthiness_news",
        "counts": {"articles": 0, "claims": 0, "reviews": 0, "factchecks": 0},
    }
    with pytest.raises(StoreError, match="pg_dump"):
        db.backup("copy.db")
    # the HNSW index of a vector size is made with its first vectors
    with db.write():
        db.vectors.add("m", {"h": np.ones(12, dtype=np.float32)})
    indexes = raw_sql(db, "SELECT indexdef FROM pg_indexes WHERE tablename = 'embeddings'").fetchall()
    assert any("hnsw" in r[0] and "vector_cosine_ops" in r[0] and "vector(12)" in r[0] for r in indexes)
    # built with the store's graph setting (a larger ef_construction than pgvector's default: recall at 1M)
    assert any("ef_construction='128'" in r[0] for r in indexes), indexes
    db.close()


def test_a_new_database_gets_its_schema_once_even_when_opened_by_several_at_once(pg_server):
    url = pg_server.empty_database()
    errors, stores = [], []

    def open_it():
        try:
            stores.append(open_db(url))
        except Exception as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(stores) == 4
    from workbench.store.postgres.migrations import migrations

    applied = raw_sql(stores[0], "SELECT COUNT(*) FROM _workbench_migrations").fetchone()[0]
    assert applied == len(migrations.names) == 3  # each step once
    for store in stores:
        store.close()
    pg_server.drop_database(url)


def test_a_foreign_or_newer_database_is_refused_with_one_line(pg_server):
    import psycopg

    foreign = pg_server.empty_database()
    with psycopg.connect(foreign, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a workbench database") as told:
        open_db(foreign)
    assert "\n" not in str(told.value) and pg_server.password not in str(told.value)
    newer = pg_server.new_database()
    with psycopg.connect(newer, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO _workbench_migrations (migration_set, name, applied_at)"
            " VALUES ('workbench', 'pg999_from_the_future', 'x')"
        )
    with pytest.raises(StoreError, match="newer version.*pg999_from_the_future"):
        open_db(newer)
    pg_server.drop_database(foreign)
    pg_server.drop_database(newer)


def test_an_unreachable_server_is_one_line_without_the_password(pg_server):
    url = f"postgresql://someone:secret-word@127.0.0.1:{pg_server.port}/missing_db"
    with pytest.raises(StoreError) as told:
        open_db(url)
    message = str(told.value)
    assert "secret-word" not in message and "\n" not in message and "missing_db" in message


def test_an_account_that_may_not_write_gets_the_database_read_only(pg_url, pg_server):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pw'")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    url = f"postgresql://reader:reader-pw@127.0.0.1:{pg_server.port}/{pg_url.rsplit('/', 1)[1]}"
    try:
        db = open_db(url)
        assert db.read_only and "read-only" in db.notes[0] and "reader-pw" not in db.notes[0]
        assert db.claims.count() == 0  # reading works
        with pytest.raises(ReadOnlyError):
            with db.write():
                pass
        with pytest.raises(psycopg.Error) as raised:
            db.pg_db.execute("INSERT INTO desk_settings VALUES ('a', 'b', '', 't')")
        assert "read-only" in explain_error(raised.value, url) and "reader-pw" not in explain_error(
            raised.value, url
        )
        db.close()
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("DROP OWNED BY reader")
            conn.execute("DROP ROLE reader")


def test_concurrent_saves_on_one_version_keep_one_and_refuse_the_others(desk_file, fake_embedder):
    db_path = desk_file
    db = open_db(db_path)
    _two_articles(db, fake_embedder)
    claim = db.claims.all()[0].id
    names = ["anna", "ben", "carl", "rita", "rob", "dora"]
    barrier = threading.Barrier(len(names))
    outcome: dict[str, str] = {}

    def save(name):
        store = open_db(db_path)
        try:
            barrier.wait()
            set_review(store, claim, note=f"note of {name}", reviewer=name, expected_version=0)
            outcome[name] = "saved"
        except ReviewConflict:
            outcome[name] = "conflict"
        finally:
            store.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["conflict"] * (len(names) - 1) + ["saved"]
    winner = next(n for n, o in outcome.items() if o == "saved")
    review = get_review(db, claim)
    assert review.version == 1 and review.note == f"note of {winner}"
    assert [h["note"] for h in db.reviews.history(claim)] == [f"note of {winner}"]
    db.close()


def test_a_postgresql_databases_vector_index_is_kept_in_memory_only(
    pg_url, fake_embedder, tmp_path, monkeypatch
):
    from workbench.search import vector_index
    from workbench.vectors import kept as kept_module

    monkeypatch.chdir(tmp_path)  # where files named after a location that is no path would land
    monkeypatch.setattr(kept_module, "_indexes", {})
    db = open_db(pg_url)
    assert db.location and "***" in db.location  # the cache's name for this database: no password
    _two_articles(db, fake_embedder)
    first = vector_index(db, fake_embedder.name, "claims")
    assert len(first) == 2 and vector_index(db, fake_embedder.name, "claims") is first
    other = open_db(pg_url)  # another connection adds a claim: the kept index is topped up
    ingest_articles(
        other, [Article(text="The central bank raised rates to 4 percent.", source="c")], fake_embedder
    )
    grown = vector_index(db, fake_embedder.name, "claims")
    assert len(grown) == 3 and list(grown.ids[:2]) == list(first.ids)
    with other.write():
        other.claims.retire(3)  # not an appended row: read whole again
    assert len(vector_index(db, fake_embedder.name, "claims")) == 2
    assert list(tmp_path.iterdir()) == []
    other.close()
    db.close()


def test_a_writer_waits_for_the_write_lock_then_says_busy_in_one_line(pg_url, monkeypatch):
    from workbench.store.postgres import database

    monkeypatch.setattr(database, "LOCK_TIMEOUT", 1)
    first, second = open_db(pg_url), open_db(pg_url)
    with first.write():
        first.settings.set_desk("organisation", "A", "admin", "t")
        with pytest.raises(Exception) as raised:
            with second.write():
                second.settings.set_desk("organisation", "B", "admin", "t")
        told = second.explain(raised.value)
        assert told.startswith(f"{second.url} is busy") and "\n" not in told
    assert first.settings.desk() == {"organisation": "A"} == second.settings.desk()
    first.close()
    second.close()


def test_a_url_without_the_postgres_extra_installed_is_one_line(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg_pool", None)  # as if the extra were not installed
    with pytest.raises(StoreError, match=r"pip install 'claim-workbench\[postgres\]'"):
        open_db("postgresql://desk:pw@127.0.0.1:5432/claims")


def test_the_shared_statements_have_no_placeholder_inside_a_string_literal():
    """PostgreSQL's adapter turns every ``?`` of a shared family's statement into ``%s``; one inside a quoted
    literal would be turned too. Reads each string in store/sql/ (f-strings' literal parts included)."""
    import ast
    import re
    from pathlib import Path

    from workbench.store.postgres.database import qmark

    folder = Path(base.__file__).parent / "sql"
    literals = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # docstrings and comments are prose (apostrophes), not statements
        prose = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
                literals += [(path.name, lit) for lit in re.findall(r"'[^']*'", node.value)]
    assert literals, "the shared families' statements were not found"
    assert [(name, lit) for name, lit in literals if "?" in lit] == []
    assert qmark("SELECT 1 WHERE a LIKE '5%' AND b = ?") == "SELECT 1 WHERE a LIKE '5%%' AND b = %s"


def test_postgres_vectors_made_over_the_plain_database_read_what_the_stores_do(pg_url, fake_embedder):
    """A table copy builds the vectors family over the store's plain Database; its statements (? form) must
    run there as they do on the store's own adapter (PostgreSQL only: SQLite has no adapter)."""
    from workbench.store.postgres.vectors import PGVectors

    db = add_desk(open_db(pg_url))

    ingest_articles(
        db, [Article(title="t", text="Die Steuer steigt 2025 um 3 Prozent.", lang="de")], fake_embedder
    )
    plain = PGVectors(db.pg_db)
    assert plain.index_version("claims") == db.vectors.index_version("claims")
    assert plain.table_state("claims") == db.vectors.table_state("claims") != (0, 0)


NEAREST_TEXTS = [
    "The central bank raised interest rates to four percent in March.",
    "Unemployment fell to a record low of three percent last year.",
    "The new bridge across the river cost two billion euros.",
    "Wind turbines produced half of the country's electricity in winter.",
    "The city council banned cars from the old town on Sundays.",
    "Exports of cars to China doubled within two years.",
    "The central bank kept interest rates unchanged in April.",
    "Teachers went on strike for higher wages in the capital.",
]


def _nearest_desk(db, embedder):
    # the first sentence twice, in two articles: two claims with one text hash and one vector
    articles = [Article(text=text, source=f"s{i}", lang="en") for i, text in enumerate(NEAREST_TEXTS)]
    articles.append(Article(text=f"{NEAREST_TEXTS[0]} Bakers sold more bread.", source="again", lang="en"))
    ingest_articles(db, articles, embedder)


def _exact(db, model, query, k):
    ids, matrix = db.vectors.matrix(model, "claims")
    scores = matrix @ query
    order = sorted(range(len(ids)), key=lambda r: (-scores[r], ids[r]))[:k]
    return [(int(ids[r]), float(scores[r])) for r in order]


def test_nearest_gives_the_rows_exact_search_gives_and_only_the_searched_ones(db, fake_embedder):
    _nearest_desk(db, fake_embedder)
    model = fake_embedder.name
    query = fake_embedder.encode(["Has the central bank raised interest rates to four percent?"])[0]
    # vectors of another model for the same texts (one table holds every model's): never among the answers
    hashes = [r[0] for r in raw_sql(db, "SELECT text_hash FROM claims").fetchall()]
    with db.write():
        db.vectors.add("other-model", {h: np.ones(256, dtype=np.float32) / 16 for h in hashes})
    found, exact = db.vectors.nearest(model, "claims", query, 4), _exact(db, model, query, 4)
    assert [i for i, _ in found] == [i for i, _ in exact]
    assert np.allclose([s for _, s in found], [s for _, s in exact], atol=1e-5)
    twins = [c.id for c in db.claims.all() if c.text == NEAREST_TEXTS[0].rstrip(".")]
    assert len(twins) == 2 and [i for i, _ in found[:2]] == twins  # both claims of the shared vector
    everything = db.vectors.nearest(model, "claims", query, 100)
    assert sorted(i for i, _ in everything) == sorted(int(i) for i in db.vectors.matrix(model, "claims")[0])
    assert db.vectors.count(model, "claims") == len(everything) == 10
    with db.write():  # a retired claim is no answer, as it is in no other search
        db.claims.retire(db.claims.get(twins[0]).article_id)
    assert twins[0] not in {i for i, _ in db.vectors.nearest(model, "claims", query, 100)}
    assert db.vectors.count(model, "claims") == 9
    assert db.vectors.nearest(model, "factchecks", query, 5) == []
    assert db.vectors.count(model, "factchecks") == 0
    assert db.vectors.nearest("no-such-model", "claims", query, 5) == []
    with pytest.raises(ValueError):
        db.vectors.nearest(model, "claims; DROP TABLE claims", query, 5)


def _statements_of(monkeypatch, call):
    """(sql, parameters) of every statement the PostgreSQL store sent while ``call()`` ran."""
    from workbench.store.postgres import database

    sent, real = [], database.Database.execute

    def recording(self, sql, parameters=None, *, binary=False):
        sent.append((sql, parameters))
        return real(self, sql, parameters, binary=binary)

    monkeypatch.setattr(database.Database, "execute", recording)
    call()
    monkeypatch.setattr(database.Database, "execute", real)
    return sent


def _plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def test_nearest_on_postgresql_walks_the_hnsw_index(pg_url, fake_embedder, monkeypatch):
    """The vector side of search asks the HNSW index: its ORDER BY and WHERE must spell the partial index's
    expression and predicate exactly, else the planner scans and sorts every row (and this test fails: with
    the planner's other ways of reading a table and sorting it off, only a usable index can answer; on a
    table of ten rows it would rightly choose those ways itself)."""
    db = open_db(pg_url)
    _nearest_desk(db, fake_embedder)
    query = fake_embedder.encode(["Did the central bank raise interest rates?"])[0]
    sent = _statements_of(monkeypatch, lambda: db.vectors.nearest(fake_embedder.name, "claims", query, 3))
    (sql, parameters), *_ = [s for s in sent if "<=>" in s[0]]
    for way in ("seqscan", "bitmapscan", "sort"):
        db.pg_db.execute(f"SET enable_{way} = off")
    (plan,) = db.pg_db.execute(f"EXPLAIN (FORMAT JSON) {sql}", parameters).fetchone()[0]
    scans = [n for n in _plan_nodes(plan["Plan"]) if n.get("Relation Name") == "embeddings"]
    assert [(n["Node Type"], n.get("Index Name")) for n in scans] == [("Index Scan", "embeddings_hnsw_256")]
    # the session's settings: the scan goes on past other tables' and models' rows (pgvector 0.8)
    assert db.pg_db.execute("SHOW hnsw.iterative_scan").fetchone()[0] == "relaxed_order"
    db.close()


def test_keyword_search_on_postgresql_makes_its_query_once_per_statement(pg_url, fake_embedder, monkeypatch):
    """workbench_query (a plpgsql function) made once for the statement, not again for every matching row in
    the index recheck and in ts_rank: issue 18's 2.1 s searches on the 14k-item archive (8 ms after)."""
    db = open_db(pg_url)
    _nearest_desk(db, fake_embedder)
    words = ["central", "bank", "rates"]
    for call in (
        lambda: db.search.keyword_matches("claims", words, 10),
        lambda: db.search.matched_words("claims", words, [1, 2]),
    ):
        (sql, parameters), *_ = [s for s in _statements_of(monkeypatch, call) if "workbench_query" in s[0]]
        (plan,) = db.pg_db.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) {sql}", parameters).fetchone()[0]
        made = [n for n in _plan_nodes(plan["Plan"]) if "workbench_query" in str(n.get("Output", ""))]
        assert [n.get("Subplan Name") for n in made] == ["CTE q"]
        for node in _plan_nodes(plan["Plan"]):  # nowhere else: no node's condition or output calls it
            own = {key: value for key, value in node.items() if key != "Plans"}
            assert node.get("Subplan Name") == "CTE q" or "workbench_query" not in str(own), own
    db.close()


def test_a_postgresql_database_without_change_marks_is_watched_as_a_whole(pg_server):
    """A database before pg002 (one its account could not upgrade) still has marks: each kind then moves
    with every commit, which is what every page read before."""
    url = pg_server.new_database()  # its own: the session's test database keeps its schema
    db = open_db(url)
    raw_sql(db, "DROP FUNCTION workbench_mark_change() CASCADE")  # and the triggers that call it
    raw_sql(db, "DROP TABLE change_marks")
    watch = watch_changes(url)
    before = watch.marks()
    assert set(before) == {"articles", "claims", "groups", "reviews"}
    with db.write():
        db.settings.set_desk("organisation", "X", "admin", "2026-12-07T00:00:00+00:00")
    after = watch.marks()
    assert all(after[kind] != before[kind] for kind in before)
    watch.close()
    db.close()
    pg_server.drop_database(url)


def test_the_news_checkworthiness_step_rescores_a_postgresql_database_as_sqlite_m017_does(pg_server):
    """pg003 (issue 15) is SQLite's m017 on PostgreSQL: every stored claim rescored by the pinned cw3, its e5
    vector where one is stored (another model's vector is not read as e5), the article's language picking the
    calibration; the numbers are m017's, recorded when it shipped."""
    from test_migrations import CHECKWORTHINESS_ROWS, E5_VECTORS, PINNED_SCORES_M017

    from workbench.records import Claim, content_hash
    from workbench.store.sqlite.migrations import M017_CHECKWORTHY_MODEL

    url = pg_server.new_database()  # its own: the step is run again on it
    db = open_db(url)
    with db.write():
        ids = {
            lang: db.articles.insert(Article(text=lang, lang=lang), "2026-12-07T00:00:00+00:00")
            for lang in ("en", "de")
        }
        for article, lang in ((1, "en"), (2, "de")):
            rows = [(text, kind) for a, text, kind, _ in CHECKWORTHINESS_ROWS if a == article]
            db.claims.insert(
                ids[lang], [Claim(t, t, 0, 1, kind=k, position=n) for n, (t, k) in enumerate(rows)]
            )
        for i, (_, text, _, model) in enumerate(CHECKWORTHINESS_ROWS):
            if model is not None:
                db.vectors.add(model, {content_hash(text): E5_VECTORS[i]})
    # as an older database stored them: cw2's time, then the step not yet applied
    raw_sql(db, "UPDATE claims SET checkworthiness = 0.5, checkworthiness_model = 'cw2-da1ddd4cc681/ngram'")
    raw_sql(db, "DELETE FROM _workbench_migrations WHERE name = 'pg003_checkworthiness_news'")
    db.close()
    db = open_db(url)
    claims = sorted(db.claims.all(), key=lambda c: c.id)
    assert [c.checkworthiness for c in claims] == PINNED_SCORES_M017
    assert [c.checkworthiness_model for c in claims] == [
        f"{M017_CHECKWORTHY_MODEL}/{kind}" for kind in ("vector", "vector", "ngram", "vector", "ngram")
    ]
    db.close()
    pg_server.drop_database(url)
