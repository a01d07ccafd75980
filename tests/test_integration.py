"""The real models, end to end: the default offline model groups the sample articles as a reviewer expects,
and the sentence-transformers path works with a real model."""

import numpy as np
import pytest

from workbench.group import list_groups, merge_groups
from workbench.pipeline import seed_samples
from workbench.text.details import describe, differences
from workbench.vectors.embedders import load_embedder
from workbench.vectors.registry import DEFAULT_MODEL, thresholds_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    from workbench.accounts import add_account
    from workbench.store import open_db

    db = open_db(tmp_path_factory.mktemp("integration") / "claims.db")
    add_account(db, "editor", "admin", email="editor@desk.example")  # who merges below
    report = seed_samples(db, load_embedder(DEFAULT_MODEL))
    assert len(report.added) == 2
    return db


def group_of(db, where_text, article_id):
    rows = db.sqlite_db.execute(
        "SELECT c.id, g.group_id FROM claims c JOIN claim_groups g ON g.claim_id = c.id"
        " WHERE c.article_id = ? AND c.text LIKE ?",
        [article_id, f"%{where_text}%"],
    ).fetchall()
    assert rows, f"no claim of article {article_id} contains {where_text!r}"
    return {r[1] for r in rows}


def test_resolution_statements_share_a_group_across_outlets(sample_db):
    miller = group_of(sample_db, "Resolutionen des UN-Sicherheitsrates", 1)
    chang = group_of(sample_db, "schwere Verletzung der Resolutionen", 2)
    assert miller & chang, (miller, chang)
    shared = (miller & chang).pop()
    group = next(g for g in list_groups(sample_db) if g.id == shared)
    speakers = " ".join(m.speaker for m in group.members)
    assert "Miller" in speakers and "Chang" in speakers and group.sources == 2
    # every confirmed member reaches the calibrated confirm threshold of e5 against the group's centre
    assert all(m.similarity >= thresholds_for(DEFAULT_MODEL).confirm for m in group.members)


def test_claims_below_confirm_wait_as_suggestions(sample_db):
    levels = thresholds_for(DEFAULT_MODEL)
    pending = [s for g in list_groups(sample_db, min_size=1) for s in g.suggestions]
    assert pending and all(levels.suggest <= s.similarity < levels.confirm for s in pending)


def test_putins_figures_join_no_claim_of_the_second_article(sample_db):
    putin_groups = group_of(sample_db, "71.500 Soldaten", 1)
    article2_groups = {
        r[0]
        for r in sample_db.sqlite_db.execute(
            "SELECT g.group_id FROM claim_groups g JOIN claims c ON c.id = g.claim_id WHERE c.article_id = 2"
        )
    }
    assert not putin_groups & article2_groups


def test_vectors_are_stored_with_model_name_and_hash(sample_db):
    rows = sample_db.sqlite_db.execute("SELECT model, text_hash, dims, vector FROM embeddings").fetchall()
    assert rows and {r[0] for r in rows} == {DEFAULT_MODEL}
    assert all(r[2] == 384 and len(r[3]) == 384 * 4 and len(r[1]) == 64 for r in rows)
    n_texts = sample_db.sqlite_db.execute("SELECT COUNT(DISTINCT text_hash) FROM claims").fetchone()[0]
    assert len(rows) == n_texts


def test_sentence_transformers_model_from_a_package():
    embedder = load_embedder("all-MiniLM-L6-v2")
    v = embedder.encode(
        ["The cat sits on the mat.", "A cat is sitting on a mat.", "Stocks fell sharply today."]
    )
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


def test_unknown_model_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ValueError, match="cannot load embedding model"):
        load_embedder("/nonexistent/model-folder")


def test_a_reviewer_merge_shows_where_the_outlets_differ(sample_db):
    """The reference example: one outlet says the talks were "am Dienstag in Wladiwostok", the other "auf dem
    Kosmodrom Wostotschny am Dienstag". Their claims are not similar enough to be linked by the model (they
    assert different things about the meeting), so a reviewer merges them; the place is then flagged."""
    first = group_of(sample_db, "Wladiwostok", 1).pop()
    second = group_of(sample_db, "Wostotschny", 2).pop()
    merged = merge_groups(sample_db, [first, second], reviewer="editor")
    group = next(g for g in list_groups(sample_db) if g.id == merged)
    flags = differences([m.text for m in group.members], [m.lang for m in group.members])
    flagged = {describe(d) for diffs in flags for d in diffs if d.kind == "place"}
    assert any("Wladiwostok" in f and "Kosmodrom Wostotschny" in f for f in flagged), flagged
    assert not {d.kind for diffs in flags for d in diffs if d.kind == "date"}  # both say Dienstag


def test_an_earlier_fact_check_of_a_sample_claim_is_recognised_and_found(sample_db):
    from workbench.archive import already_checked
    from workbench.pipeline import import_factchecks
    from workbench.records import FactCheck
    from workbench.search import search

    model = load_embedder(DEFAULT_MODEL)
    items = [
        FactCheck(
            claim="Waffenlieferungen Nordkoreas an Russland verstoßen gegen Resolutionen des UN-Sicherheitsrats",
            verdict="richtig",
            publisher="dpa-Faktencheck",
            date="2023-09-12",
            external_id="dpa-1",
        ),
        FactCheck(
            claim="Impfstoffe enthalten Mikrochips zur Überwachung", verdict="falsch", external_id="dpa-2"
        ),
    ]
    report = import_factchecks(sample_db, items, model)
    assert report.added == 2 and report.matched_claims >= 1
    miller = sample_db.sqlite_db.execute(
        "SELECT id FROM claims WHERE article_id = 1 AND text LIKE '%Resolutionen des UN-Sicherheitsrates%'"
    ).fetchone()[0]
    checked = already_checked(sample_db)
    assert miller in checked and checked[miller][0].verdict == "richtig"
    assert {m.publisher for ms in checked.values() for m in ms} == {
        "dpa-Faktencheck"
    }  # never the unrelated one
    question = "Verstößt Nordkoreas Waffenhandel mit Moskau gegen UN-Resolutionen?"
    top = search(sample_db, question, model, k=3, scope="factchecks")[0]
    assert (top.match_id, top.verdict) == ("dpa-1", "richtig")
    assert "un" in top.matched or "resolutionen" in top.matched


def test_claims_are_scored_by_the_vector_model_from_their_stored_e5_vectors(sample_db):
    from workbench.records import content_hash
    from workbench.text import checkworthy

    claims = [c for c in sample_db.claims.all() if c.kind != "boilerplate"]
    assert {c.checkworthiness_model for c in claims} == {checkworthy.scorer(with_vector=True)}
    stored = sample_db.vectors.get(DEFAULT_MODEL, [content_hash(c.text) for c in claims])
    langs = {a.id: a.lang for a in sample_db.articles.all()}
    expected = checkworthy.score_texts(
        [checkworthy.scored_text(c.text, c.sentence) for c in claims],
        [stored[content_hash(c.text)] for c in claims],
        [langs[c.article_id] for c in claims],
    )
    assert [c.checkworthiness for c in claims] == expected
    # the explanation comes from the same scorer and names the figures of Putin's claim
    from workbench.claims import claim_reasons

    putin = next(c for c in claims if "71.500" in c.text)
    assert any(r.label == "number" and "71.500" in r.words for r in claim_reasons(sample_db, putin))
