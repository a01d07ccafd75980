"""A corrected article (issue 16, item 3): a new version of an article (same URL, or same outlet and title)
replaces the earlier one, which stays stored with its claims and their history; reviews of unchanged claims
are carried over, changed claims are flagged for a new look, and groups count outlets, not articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.export import export_rows
from workbench.group import list_groups
from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.review import get_review, history, set_review

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

SENTENCES = [
    "Die Hafengebühr stieg im Oktober um zwölf Prozent, sagte die Bürgermeisterin.",
    "Im Hafen warteten am Montag 40 Schiffe auf die Abfertigung.",
    "Die Reederei Nordlicht kündigte eine Klage gegen die Stadt an.",
    "Der Hafen schlug im vergangenen Jahr 9 Millionen Tonnen um.",
]
CORRECTED = [*SENTENCES[:1], SENTENCES[1].replace("40 Schiffe", "14 Schiffe"), *SENTENCES[2:]]


def article(sentences, **fields) -> Article:
    defaults = {
        "title": "Hafengebühr steigt",
        "outlet": "Tagesschau",
        "url": "https://tagesschau.example/hafen",
    }
    return Article(text=" ".join(sentences), source="batch.jsonl", **(defaults | fields))


def claim_id(db, text: str, *, current: bool = True) -> int:
    """The id of the stored claim with ``text`` (of the current version of its article)."""
    rows = [r for r in export_rows(db) if r["claim"] == text] if current else []
    assert len(rows) == 1, [r["claim"] for r in export_rows(db)]
    return rows[0]["claim_id"]


@pytest.fixture
def reviewed(db, fake_embedder):
    """The first version of an article, two of its claims reviewed."""
    ingest_articles(db, [article(SENTENCES)], fake_embedder)
    claims = {r["claim"]: r["claim_id"] for r in export_rows(db)}
    unchanged = next(cid for text, cid in claims.items() if "Hafengebühr" in text)
    changed = next(cid for text, cid in claims.items() if "Schiffe" in text)
    set_review(db, unchanged, status="done", verdict="false", note="Statistikamt", reviewer="anna")
    set_review(db, changed, status="done", verdict="true", reviewer="ben")
    return db, unchanged, changed


def test_a_corrected_article_replaces_the_earlier_version(reviewed, fake_embedder):
    db, unchanged, changed = reviewed
    first_rows = export_rows(db)
    report = ingest_articles(db, [article(CORRECTED)], fake_embedder)
    assert len(report.added) == 1
    rows = export_rows(db)
    # one current version: as many claims as before, none twice, all of the new version
    assert len(rows) == len(first_rows)
    assert {r["article_id"] for r in rows} == set(report.added)
    assert sum("14 Schiffe" in r["claim"] for r in rows) == 1 and not any(
        "40 Schiffe" in r["claim"] for r in rows
    )
    # the earlier version is kept, linked, with its claims and their reviews
    new = db.articles.get(report.added[0])
    assert new.replaces == first_rows[0]["article_id"]
    assert get_review(db, unchanged).verdict == "false" and get_review(db, changed).verdict == "true"
    assert report.versions == [
        {
            "article_id": new.id,
            "replaces": first_rows[0]["article_id"],
            "why": "same URL",
            "unchanged": len(SENTENCES) - 1,
            "carried": 1,
            "changed": 1,
            "gone": 1,
        }
    ]


def test_reviews_of_unchanged_claims_are_carried_and_changed_claims_flagged(reviewed, fake_embedder):
    db, unchanged, changed = reviewed
    ingest_articles(db, [article(CORRECTED)], fake_embedder)
    successor = claim_id(db, next(t for t in (r["claim"] for r in export_rows(db)) if "Hafengebühr" in t))
    carried = get_review(db, successor)
    assert (carried.status, carried.verdict, carried.note, carried.reviewer) == (
        "done",
        "false",
        "Statistikamt",
        "anna",
    )
    [row] = history(db, successor)
    assert row["source"] == "carried" and row["verdict"] == "false"
    # the changed claim starts anew (its earlier verdict was on other words) and is flagged
    edited = claim_id(db, next(r["claim"] for r in export_rows(db) if "14 Schiffe" in r["claim"]))
    assert get_review(db, edited).verdict == ""
    assert db.claims.get(edited).changed is True
    assert db.claims.get(successor).changed is False
    flagged = {r["claim_id"]: r["changed"] for r in export_rows(db)}
    assert flagged[edited] == "changed in a new version" and flagged[successor] == ""


def test_the_same_outlet_and_title_make_a_version_but_unrelated_text_does_not(db, fake_embedder):
    ingest_articles(db, [article(SENTENCES, url="")], fake_embedder)
    again = ingest_articles(db, [article(CORRECTED, url="")], fake_embedder)
    assert again.versions[0]["why"] == "same outlet and title"
    # a new article that only shares its title (a daily "Hafen-Ticker") is an article of its own
    other = [
        "Die Fähre nach Helgoland fällt am Dienstag aus.",
        "Der Wetterdienst warnt vor Sturm an der Küste.",
        "Der Zoll fand im Hafen 300 Kilo Kaffee ohne Papiere.",
    ]
    ticker = ingest_articles(db, [article(other, url="")], fake_embedder)
    assert ticker.versions == []
    assert {r["article_id"] for r in export_rows(db)} == {again.added[0], ticker.added[0]}


def test_groups_count_outlets_not_articles(db, fake_embedder):
    shared = SENTENCES[0]
    ingest_articles(
        db,
        [
            article([shared, SENTENCES[1]], url="https://tagesschau.example/1", title="Erster Bericht"),
            # a follow-up by the same outlet repeats the claim: still one outlet
            article([shared, SENTENCES[2]], url="https://tagesschau.example/2", title="Zweiter Bericht"),
            article([shared, SENTENCES[3]], url="https://spiegel.example/1", title="Hafen", outlet="Spiegel"),
        ],
        fake_embedder,
    )
    [group] = [g for g in list_groups(db, min_size=2) if any("Hafengebühr" in m.text for m in g.members)]
    assert group.size == 3 and group.sources == 2 and group.spans(2) and not group.spans(3)
    sources = {
        r["group_sources"]
        for r in export_rows(db)
        if r["claim"] == shared.rstrip(".") or shared in r["sentence"]
    }
    assert sources == {2}


def test_the_cli_says_which_article_a_new_version_replaces(run, tmp_path):
    batch = tmp_path / "v1.jsonl"
    fields = {
        "url": "https://tagesschau.example/hafen",
        "title": "Hafengebühr steigt",
        "source": "Tagesschau",
    }
    batch.write_text(json.dumps({"text": " ".join(SENTENCES), **fields}) + "\n", encoding="utf-8")
    assert run("ingest", batch).exit_code == 0
    corrected = tmp_path / "v2.jsonl"
    corrected.write_text(json.dumps({"text": " ".join(CORRECTED), **fields}) + "\n", encoding="utf-8")
    result = run("ingest", corrected)
    assert result.exit_code == 0
    assert (
        "note: article 2 is a new version of article 1 (same URL): 3 claims unchanged (0 reviews carried),"
        " 1 changed, 1 gone" in result.stderr
    )
    listing = run("articles")
    assert listing.stdout.count("\n") == 2 and "replaced by 2" in listing.stdout


def test_a_database_from_before_versions_keeps_every_article_current(tmp_path, fake_embedder):
    # two stored articles with one URL stay two current articles: the migration links nothing after the fact
    from sqlite_utils import Database

    from workbench.store import open_db
    from workbench.store.sqlite.migrations import migrations

    path = Path(tmp_path) / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m012_article_versions")
    for i, text in enumerate(["Der Zug fuhr ab.", "Der Zug fuhr spät ab."]):
        old.execute(
            "INSERT INTO articles (content_hash, text, url, outlet, added_at) VALUES (?, ?, 'https://a.example/1',"
            " 'Bahnblog', 'x')",
            [f"h{i}", text],
        )
        old.execute(
            'INSERT INTO claims (article_id, position, text, sentence, start, "end", span_start, span_end,'
            " checkworthiness, text_hash) VALUES (?, 0, ?, ?, 0, 10, 0, 10, 0.5, ?)",
            [i + 1, text, text, f"t{i}"],
        )
    old.conn.commit()
    old.close()
    db = open_db(path)
    assert [(a.replaces, a.replaced_by) for a in db.articles.all()] == [(None, None), (None, None)]
    assert db.claims.count() == 2 and not any(c.retired or c.changed for c in db.claims.all())
    # the next version of that URL replaces the newest of them
    assert db.articles.current_versions("https://a.example/1", "", "") == [(2, "url"), (1, "url")]


def test_the_articles_page_says_which_version_replaced_which(desk_file, sign_in, fake_embedder):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import workbench
    from workbench.store import open_db

    db = open_db(desk_file)
    ingest_articles(db, [article(SENTENCES)], fake_embedder)
    ingest_articles(db, [article(CORRECTED)], fake_embedder)
    sign_in("anna")
    st.cache_resource.clear()
    page = Path(workbench.__file__).parent / "ui" / "views" / "articles.py"
    at = AppTest.from_file(str(page), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["version"]) == ["replaced by 2", "new version of 1"]
    at.selectbox(key="article").set_value(db.articles.get(1)).run()
    assert any("A newer version of this article replaced it: article 2" in w.value for w in at.warning)


def test_a_speaker_a_reviewer_corrected_stays_with_the_unchanged_claim(reviewed, fake_embedder):
    from workbench.claims import set_speaker, speaker_history

    db, unchanged, _ = reviewed
    set_speaker(db, unchanged, "Karin Lüders", "Bürgermeisterin", reviewer="ben")
    ingest_articles(db, [article(CORRECTED)], fake_embedder)
    successor = claim_id(db, "Die Hafengebühr stieg im Oktober um zwölf Prozent")
    assert successor != unchanged
    carried = db.claims.get(successor)
    assert (carried.speaker, carried.role, carried.speaker_unclear) == (
        "Karin Lüders",
        "Bürgermeisterin",
        False,
    )
    assert [(c["changed_by"], c["speaker"]) for c in speaker_history(db, successor)] == [
        ("ben", "Karin Lüders")
    ]
