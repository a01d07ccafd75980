"""The schema as an append-only list of migrations (workbench.store.sqlite.migrations): a new database gets
them all, an old one is upgraded, and opening twice changes nothing."""

from workbench.claims import list_claims
from workbench.store import open_db
from workbench.store.sqlite.migrations import m001_articles_claims_embeddings_groups_reviews, migrations
from workbench.text import checkworthy

TABLES = {
    "articles", "claims", "embeddings", "claim_groups", "reviews", "review_history", "factchecks",
    "claim_factchecks", "link_decisions", "group_suggestions", "group_verdicts", "second_reviews", "feeds",
    "feed_items", "vector_versions",
}  # fmt: skip


def _applied(db):
    return [r[0] for r in db.sqlite_db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def test_a_new_database_gets_every_migration_in_order(tmp_path):
    db = open_db(tmp_path / "new.db")
    names = _applied(db)
    assert names == [m.name for m in migrations._migrations] and len(names) == 8
    assert names == sorted(names)  # numbered: m001 ... m008
    assert TABLES <= set(db.sqlite_db.table_names())
    db.close()
    again = open_db(tmp_path / "new.db")  # opening again applies nothing twice
    assert _applied(again) == names


def test_the_full_text_indexes_follow_their_tables(db):
    from workbench.records import Article, Claim

    with db.write():
        article_id = db.articles.insert(Article(text="Der Zug fuhr ab."), "2026-01-01T00:00:00+00:00")
        (claim_id,) = db.claims.insert(article_id, [Claim("Der Zug fuhr ab", "Der Zug fuhr ab.", 0, 16)])
    assert db.search.keyword_matches("claims", ["zug"], 5)[0][0] == claim_id
    with db.write():
        db.sqlite_db.execute("DELETE FROM articles")  # claims go with their article (ON DELETE CASCADE)
    assert db.search.keyword_matches("claims", ["zug"], 5) == []


def test_v1_database_upgrades_spans_kinds_and_scores(tmp_path):
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    path = tmp_path / "v1.db"
    v1 = Migrations("workbench")
    v1()(m001_articles_claims_embeddings_groups_reviews)
    old = Database(path)
    v1.apply(old)
    text = "Die Inflation lag bei 8 Prozent. Wird sie weiter steigen?"
    old.execute(
        "INSERT INTO articles (id, content_hash, text, added_at) VALUES (1, 'h', ?, '2026-01-01')", [text]
    )
    for position, (start, end, claim) in enumerate([(0, 32, text[:32]), (33, 57, text[33:57])]):
        old.execute(
            'INSERT INTO claims (article_id, position, text, sentence, start, "end", checkworthiness, text_hash)'
            " VALUES (1, ?, ?, ?, ?, ?, 0.35, 'x')",
            [position, claim, claim, start, end],
        )
    old.conn.commit()
    old.close()

    claims = list_claims(open_db(path))
    assert [(c.span_start, c.span_end) for c in claims] == [(0, 32), (33, 57)]
    assert [c.kind for c in claims] == ["claim", "question"]
    assert [c.checkworthiness for c in claims] == [checkworthy.score(c.text) for c in claims]
    assert claims[0].checkworthiness >= 0.5 > claims[1].checkworthiness


def test_stored_articles_keep_showing_their_source_as_outlet_after_migration_7(tmp_path):
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from workbench.store.sqlite import migrations as schema

    path = tmp_path / "v6.db"
    v6 = Migrations("workbench")
    for step in schema.migrations._migrations[:6]:
        v6()(step.fn)
    old = Database(path)
    v6.apply(old)
    old.execute(
        "INSERT INTO articles (id, content_hash, text, source, added_at) VALUES (1, 'h', 'Text.', 'Reuters', '2026')"
    )
    old.execute(  # a demo database: a bundled sample stored under its file name, before samples.json
        "INSERT INTO articles (id, content_hash, text, source, added_at)"
        " VALUES (2, 'h2', 'Sample.', '000_c1f2b0efc178133a.txt', '2026')"
    )
    old.execute(
        'INSERT INTO claims (article_id, position, text, sentence, start, "end", checkworthiness, text_hash)'
        " VALUES (1, 0, 'Text', 'Text.', 0, 5, 0.5, 'x')"
    )
    old.conn.commit()
    old.close()

    db = open_db(path)
    article, sample = db.articles.all()
    assert (article.source, article.outlet, article.author, article.note) == ("Reuters", "Reuters", "", "")
    assert (sample.outlet, sample.date) == ("Beispiel-Kurier", "2023-09-12")
    assert db.claims.count() == 1 and db.claims.boilerplate_count() == 0 and db.feeds.all() == []
