"""The schema as an append-only list of migrations (workbench.store.sqlite.migrations): a new database gets
them all, an old one is upgraded, and opening twice changes nothing."""

from pathlib import Path

import numpy as np

from workbench.claims import list_claims
from workbench.store import open_db
from workbench.store.sqlite import migrations as schema
from workbench.store.sqlite.migrations import m001_articles_claims_embeddings_groups_reviews, migrations
from workbench.text import checkworthy

TABLES = {
    "articles", "claims", "embeddings", "claim_groups", "reviews", "review_history", "factchecks",
    "claim_factchecks", "link_decisions", "group_suggestions", "group_verdicts", "second_reviews", "feeds",
    "feed_items", "accounts", "account_sessions", "claim_locks", "desk_settings", "account_preferences",
    "speaker_changes", "vector_versions", "change_marks",
}  # fmt: skip


def _applied(db):
    return [r[0] for r in db.sqlite_db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def test_a_new_database_gets_every_migration_in_order(tmp_path):
    db = open_db(tmp_path / "new.db")
    names = _applied(db)
    assert names == [m.name for m in migrations._migrations] and len(names) == 17
    assert names == sorted(names)  # numbered: m001 ... m017
    assert names[6:] == [
        "m007_article_outlet_author_language_feeds",
        "m008_accounts_sessions_locks_settings",
        "m009_who_added_articles_and_feeds",
        "m010_claim_frame_speaker_unclear_speaker_changes",
        "m011_checkworthiness_model",
        "m012_article_versions",
        "m013_vector_index_versions",
        "m014_resolved_readings_judge_probabilities",
        "m015_group_verdict_members",
        "m016_change_marks",
        "m017_checkworthiness_news",
    ]
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
    # rescored by the pinned model of the last check-worthiness migration (no vectors here: its n-gram
    # scorer; the article has no language: the English calibration), the question with its "?"
    pinned = schema.M017_CHECKWORTHY_MODEL
    expected = checkworthy.score_texts([text[:32], text[33:57]], None, ["", ""], version=pinned)
    assert [c.checkworthiness for c in claims] == expected
    assert [c.checkworthiness_model for c in claims] == [f"{pinned}/ngram"] * 2
    assert claims[0].checkworthiness > claims[1].checkworthiness
    # claims stored before m010 have no frame and are not "speaker unclear"
    assert [(c.frame, c.speaker_unclear) for c in claims] == [("", False), ("", False)]


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


def test_m008_names_who_gave_each_stored_verdict(tmp_path):
    """Verdicts stored before accounts get ``verdict_by`` from the history: the reviewer of the latest change
    that altered the verdict, not whoever changed the review last."""
    import sqlite3

    from sqlite_utils import Database

    from workbench.review import get_review

    path = tmp_path / "before.db"
    conn = sqlite3.connect(str(path))
    migrations.apply(Database(conn), stop_before="m008_accounts_sessions_locks_settings")
    now = "2024-01-01T00:00:00+00:00"
    conn.execute(
        "INSERT INTO articles (id, content_hash, text, added_at) VALUES (1, 'h', 'A. B. C.', ?)", [now]
    )
    for cid in (1, 2, 3):
        conn.execute(
            'INSERT INTO claims (id, article_id, position, text, sentence, start, "end", checkworthiness,'
            " text_hash) VALUES (?, 1, ?, 'x', 'x', 0, 1, 0.5, 'h')",
            [cid, cid],
        )
    changes = [  # (claim, reviewer, verdict): anna's verdict, then ben's note; carl's verdict cleared; none
        (1, "anna1", "false"), (1, "ben", "false"), (2, "carl", "true"), (2, "carl", ""), (3, "dora", ""),
    ]  # fmt: skip
    for claim_id, reviewer, verdict in changes:
        conn.execute(
            "INSERT INTO review_history (claim_id, changed_at, reviewer, status, verdict) VALUES (?, ?, ?, 'in_progress', ?)",
            [claim_id, now, reviewer, verdict],
        )
    for claim_id, reviewer, verdict in [(1, "ben", "false"), (2, "carl", ""), (3, "dora", "")]:
        conn.execute(
            "INSERT INTO reviews (claim_id, status, verdict, reviewer, updated_at, version)"
            " VALUES (?, 'in_progress', ?, ?, ?, 2)",
            [claim_id, verdict, reviewer, now],
        )
    conn.commit()
    conn.close()
    db = open_db(path)
    assert [(get_review(db, c).reviewer, get_review(db, c).verdict_by) for c in (1, 2, 3)] == [
        ("ben", "anna1"),
        ("carl", ""),
        ("dora", ""),
    ]


def _upgrade_through(old, name_end: str) -> None:
    """Apply the migrations ``old`` lacks, up to and including the one whose name ends with ``name_end``."""
    from sqlite_utils.migrations import Migrations

    steps = schema.migrations._migrations
    last = next(i for i, m in enumerate(steps) if m.name.endswith(name_end))
    through = Migrations("workbench")
    for step in steps[: last + 1]:
        through()(step.fn)
    through.apply(old)


def _database_before(name_end: str, path):
    """A database with every migration before the one whose name ends with ``name_end``."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    steps = schema.migrations._migrations
    upto = next(i for i, m in enumerate(steps) if m.name.endswith(name_end))
    before = Migrations("workbench")
    for step in steps[:upto]:
        before()(step.fn)
    old = Database(path)
    before.apply(old)
    return old


CHECKWORTHINESS_ROWS = [  # (article, text, kind, vector model)
    (1, "Exports fell 12 percent in 2023, the lowest since 1990.", "claim", checkworthy.E5_MODEL),
    (1, "Thank you all for coming tonight.", "claim", checkworthy.E5_MODEL),
    (1, "The court ruled that the law was illegal.", "claim", "all-MiniLM-L6-v2"),
    (2, "Die Zahl der Asylanträge stieg 2023 um 51 Prozent.", "claim", checkworthy.E5_MODEL),
    (2, "Teilen Drucken", "boilerplate", None),
]


def _checkworthiness_rows(old) -> list:
    """CHECKWORTHINESS_ROWS stored in ``old`` (two articles, en and de) with real multilingual-e5-small vectors
    (the MiniLM row: stored under another model's name, which a migration must not read as e5); returns the
    e5 vector of each row or None."""
    from workbench.records import content_hash
    from workbench.store.sqlite.vectors import to_blob

    old.execute(
        "INSERT INTO articles (id, content_hash, text, lang, added_at) VALUES (1, 'a', 'x', 'en', '2026')"
    )
    old.execute(
        "INSERT INTO articles (id, content_hash, text, lang, added_at) VALUES (2, 'b', 'y', 'de', '2026')"
    )
    for i, (article, text, kind, model) in enumerate(CHECKWORTHINESS_ROWS):
        old.execute(
            'INSERT INTO claims (article_id, position, text, sentence, start, "end", checkworthiness, text_hash, kind,'
            " span_start, span_end) VALUES (?, ?, ?, ?, 0, 1, 0.5, ?, ?, 0, 1)",
            [article, i, text, text, content_hash(text), kind],
        )
        if model is not None:
            old.execute(
                "INSERT INTO embeddings (model, text_hash, dims, vector) VALUES (?, ?, 384, ?)",
                [model, content_hash(text), to_blob(E5_VECTORS[i])],
            )
    old.conn.commit()
    return [
        E5_VECTORS[i] if m == checkworthy.E5_MODEL else None for i, (*_, m) in enumerate(CHECKWORTHINESS_ROWS)
    ]


def test_the_checkworthiness_migration_rescores_with_its_pinned_model_and_the_stored_vectors(tmp_path):
    old = _database_before("_checkworthiness_model", tmp_path / "before.db")
    e5 = _checkworthiness_rows(old)
    _upgrade_through(old, "_checkworthiness_model")  # migration 11 and nothing after it
    stored = old.execute("SELECT checkworthiness, checkworthiness_model FROM claims ORDER BY id").fetchall()
    pinned = schema.M011_CHECKWORTHY_MODEL
    assert [m.split("/")[1] for _, m in stored] == ["vector", "vector", "ngram", "vector", "ngram"]
    assert {m.split("/")[0] for _, m in stored} == {pinned}
    # exactly the pinned model's scores: the e5 vector where one is stored, the language of the article
    langs = ["en", "en", "en", "de", "de"]
    texts = [t for _, t, _, _ in CHECKWORTHINESS_ROWS]
    assert [c for c, _ in stored] == checkworthy.score_texts(texts, e5, langs, version=pinned)
    # and the same numbers as when the migration shipped: a retrain (a new SHIPPED) or a change of the
    # runtime that moved these would change what this migration does to an old database
    assert [c for c, _ in stored] == PINNED_SCORES


def test_the_news_checkworthiness_migration_rescores_every_claim_with_cw3(tmp_path):
    """m017 (issue 15): a database scored by cw2 is rescored by its pinned cw3, so one queue never mixes the
    two models; the numbers are those recorded when it shipped."""
    old = _database_before("_checkworthiness_news", tmp_path / "before.db")
    e5 = _checkworthiness_rows(old)
    old.close()
    claims = open_db(tmp_path / "before.db").claims.all()
    pinned = schema.M017_CHECKWORTHY_MODEL
    assert [c.checkworthiness_model for c in claims] == [
        f"{pinned}/{kind}" for kind in ("vector", "vector", "ngram", "vector", "ngram")
    ]
    langs = ["en", "en", "en", "de", "de"]
    texts = [t for _, t, _, _ in CHECKWORTHINESS_ROWS]
    assert [c.checkworthiness for c in claims] == checkworthy.score_texts(texts, e5, langs, version=pinned)
    assert [c.checkworthiness for c in claims] == PINNED_SCORES_M017
    # the vector scores moved from cw2's (the news sentences' weight); the n-gram model is cw2's own
    assert [c.checkworthiness for c in claims][2::2] == PINNED_SCORES[2::2]


# cw2-da1ddd4cc681 on the rows above, when migration 11 shipped
PINNED_SCORES = [0.997, 0.003, 0.342, 0.952, 0.071]
# cw3-2ff7779ca10c on the same rows, when migration 17 shipped
PINNED_SCORES_M017 = [0.995, 0.002, 0.342, 0.919, 0.071]
E5_VECTORS = np.load(Path(__file__).parents[1] / "fixtures" / "checkworthy_e5_vectors.npy")


def test_the_pinned_model_files_stay_shipped():
    for pinned in (schema.M011_CHECKWORTHY_MODEL, schema.M017_CHECKWORTHY_MODEL):
        assert checkworthy.model_path(pinned).is_file()
        assert checkworthy.load(pinned).version == pinned


def test_a_database_of_migration_13_keeps_its_groups_and_matches(tmp_path):
    """m014 (issue 13) adds resolved readings, judge probabilities, canonical statements and the relation of a
    match; what was stored before reads as it did: the member with similarity 1 is the centre, every match
    "already checked"."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from workbench.store.sqlite import migrations as all_migrations

    path = tmp_path / "v13.db"
    v7 = Migrations("workbench")
    for m in all_migrations.migrations._migrations[:13]:
        v7()(m.fn)
    old = Database(path)
    v7.apply(old)
    old.execute(
        "INSERT INTO articles (id, content_hash, text, added_at) VALUES (1, 'h', 'A. B.', '2026-01-01')"
    )
    for position in (0, 1):
        old.execute(
            'INSERT INTO claims (id, article_id, position, text, sentence, start, "end", checkworthiness,'
            " text_hash, span_start, span_end) VALUES (?, 1, ?, ?, ?, 0, 2, 0.5, 'x', 0, 2)",
            [position + 1, position, "AB"[position], "AB"[position]],
        )
    old.execute("INSERT INTO claim_groups VALUES (1, 1, 'm', 1.0), (2, 1, 'm', 0.95)")
    old.execute(
        "INSERT INTO factchecks (id, claim, text_hash, item_hash, added_at) VALUES (7, 'A', 'y', 'z', 'now')"
    )
    old.execute("INSERT INTO claim_factchecks VALUES (1, 7, 0.97)")
    old.conn.commit()
    old.close()

    db = open_db(path)
    assert db.groups.centres() == {1: 1}
    [group] = [g for _, g in db.groups.listing(2, False)][:1]
    assert group.claim_id == 1 and group.probability is None and not group.canonical
    [match] = db.factchecks.matches([1])[1]
    assert match.checked and match.probability is None and match.conflicts == ()
    assert [c.resolved for c in list_claims(db)] == ["", ""]


def test_group_verdicts_of_migration_14_read_as_covering_unknown_members(tmp_path):
    """m015 (issue 16) records the claims a group verdict covered; a verdict stored before reads as
    ``members`` None (not known), so nobody is shown as joined after it."""
    old = _database_before("m015_group_verdict_members", tmp_path / "v14.db")
    old.execute(
        "INSERT INTO group_verdicts (group_id, verdict, note, reviewer, decided_at)"
        " VALUES (1, 'false', '', 'ben', '2026-01-01')"
    )
    old.conn.commit()
    old.close()
    db = open_db(tmp_path / "v14.db")
    [given] = db.reviews.group_verdicts(1)
    assert (given["verdict"], given["members"]) == ("false", None)
    db.reviews.add_group_verdict(1, "mixed", "", "ben", "2026-01-02", [3, 1])
    assert db.reviews.group_verdicts(1)[0]["members"] == [1, 3]


def test_a_database_before_the_change_marks_is_watched_as_a_whole(tmp_path):
    """A file without m016 (one that could not be upgraded: read-only, never opened by open_db) still has marks: each kind then moves
    with every commit to the file, which is what every page read before."""
    from workbench.store import watch_changes

    old = _database_before("m016_change_marks", tmp_path / "v15.db")
    old.close()
    watch = watch_changes(tmp_path / "v15.db")
    before = watch.marks()
    writer = _database_before("m016_change_marks", tmp_path / "v15.db")  # applies nothing new
    writer.execute(
        "INSERT INTO desk_settings (key, value, changed_at) VALUES ('organisation', 'X', '2026-12-07')"
    )
    writer.conn.commit()
    writer.close()
    after = watch.marks()
    assert all(after[kind] != before[kind] for kind in before)
    watch.close()
