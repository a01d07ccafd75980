"""The real models, end to end: the default offline model groups the sample articles as a reviewer expects,
and the sentence-transformers path works with a real model."""

import numpy as np
import pytest

from workbench.group import list_groups, merge_groups
from workbench.pipeline import seed_samples
from workbench.text.details import describe, differences
from workbench.vectors.embedders import load_embedder
from workbench.vectors.registry import DEFAULT_MODEL

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


def claim_id(db, where_text, article_id):
    rows = db.sqlite_db.execute(
        "SELECT id FROM claims WHERE article_id = ? AND text LIKE ?", [article_id, f"%{where_text}%"]
    ).fetchall()
    assert len(rows) == 1, f"{len(rows)} claims of article {article_id} contain {where_text!r}"
    return rows[0][0]


def linked_or_suggested(db, a, b):
    """Whether claims a and b share a group, or one is suggested for the other's group."""
    group = dict(db.sqlite_db.execute("SELECT claim_id, group_id FROM claim_groups").fetchall())
    if group[a] == group[b]:
        return True
    suggested = set(db.sqlite_db.execute("SELECT claim_id, group_id FROM group_suggestions").fetchall())
    return (a, group[b]) in suggested or (b, group[a]) in suggested


# The expectations on the two sample articles (issue 13). The labelled sample pairs are part of the
# judge's training data (split "dev" of the pair set), so this checks the shipped judge end to end, not on
# unseen data; benchmarks/pair_judge.py has the held-out figures.


def test_the_resolution_statements_form_one_group(sample_db):
    """Miller, the second article's lead, Chang Ho-jin and Bonnie Jenkins (a conditional "würde … verstoßen"
    about "ein solcher Deal") say that an arms transfer breaks UN Security Council resolutions."""
    ids = [
        claim_id(sample_db, "Resolutionen des UN-Sicherheitsrates", 1),  # Miller
        claim_id(sample_db, "Russland verletzt UN-Sicherheitsratsresolutionen", 2),  # the lead
        claim_id(sample_db, "schwere Verletzung der Resolutionen", 2),  # Chang Ho-jin
        claim_id(sample_db, "ein solcher Deal", 2),  # Bonnie Jenkins
    ]
    groups = {group_of(sample_db, t, a).pop() for t, a in [
        ("Resolutionen des UN-Sicherheitsrates", 1), ("Russland verletzt", 2),
        ("schwere Verletzung der Resolutionen", 2), ("ein solcher Deal", 2),
    ]}  # fmt: skip
    assert len(groups) == 1, groups
    group = next(g for g in list_groups(sample_db) if g.id in groups)
    assert sorted(m.claim_id for m in group.members) == sorted(ids)
    # the canonical statement leads; every other member shows its judge probability and cosine to it
    assert sum(m.canonical for m in group.members) == 1
    assert all(m.probability is not None and 0 < m.similarity < 1 for m in group.members if not m.canonical)
    jenkins = next(m for m in group.members if "solcher Deal" in m.text)
    assert "Verkauf von Waffen zwischen Nordkorea und Russland" in jenkins.resolved


@pytest.mark.xfail(
    strict=True,
    reason="round 2: both 'price' statements are only suggested for the group of Washington's warning of new"
    " sanctions (P 0.29 and 0.32); the judge does not confirm them as one assertion",
)
def test_the_price_statements_form_one_group(sample_db):
    """Article 1: US officials warned North Korea it would pay a price; article 2: Seoul and Washington agreed
    to make sure there is a price for the violation. (The second article's title, "Moskau wird einen Preis …
    zahlen", is a title, not a claim.)"""
    a = claim_id(sample_db, "einen Preis dafür", 1)
    b = claim_id(sample_db, "dass es einen Preis für die schwere Verletzung", 2)
    assert group_of(sample_db, "einen Preis dafür", 1) == group_of(
        sample_db, "dass es einen Preis für die schwere Verletzung", 2
    ), (a, b)


@pytest.mark.xfail(
    strict=True,
    reason="round 3's de-de suggest level (0.41, chosen so that German suggestions link no more same-topic"
    " pairs than today's cosine rule on the cross-validated pairs) leaves the pair out: the judge gives it"
    " 0.18 (round 2's level was 0.10); today's rule does not suggest it either (cosine 0.883 < 0.90)",
)
def test_the_two_accounts_of_kims_visit_are_linked_or_suggested(sample_db):
    a = claim_id(sample_db, "in Wladiwostok", 1)
    b = claim_id(sample_db, "während des Besuchs des nordkoreanischen Führers Kim Jong-un in Russland", 2)
    assert linked_or_suggested(sample_db, a, b)


@pytest.mark.parametrize(
    "text, article",
    [
        ("71.500 Soldaten", 1),  # Putin's figures on Ukrainian losses
        # the issue names the artillery claim a different assertion from Jenkins' concern about reports of an
        # arms sale; a judge tried in round 4 confirmed the two (P 0.70), round 3 only suggests them
        ("weltweit größten Artilleriebestände", 1),
        ("Keine Vereinbarungen", 2),  # Peskow's denial
        ("keine solchen Pläne", 2),
        ("nordkoreanische Granaten oder iranische Drohnen", 2),  # the shell/drone claims
        ("nur auf lokal hergestellte Waffen", 2),
    ],
)
def test_these_claims_share_no_group_with_the_other_article(sample_db, text, article):
    groups = group_of(sample_db, text, article)
    other = {
        r[0]
        for r in sample_db.sqlite_db.execute(
            "SELECT g.group_id FROM claim_groups g JOIN claims c ON c.id = g.claim_id WHERE c.article_id = ?",
            [3 - article],
        )
    }
    assert not groups & other


def test_suggestions_sit_between_the_suggest_and_the_confirm_level(sample_db):
    from workbench.judge import load_judge

    levels = load_judge(DEFAULT_MODEL).levels["de-de"]
    pending = [s for g in list_groups(sample_db, min_size=1) for s in g.suggestions]
    assert pending and all(s.probability is not None and s.probability >= levels.suggest for s in pending)


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
    Kosmodrom Wostotschny am Dienstag". The judge does not link them (they assert different things about
    the meeting), so a reviewer merges them; the place is then flagged."""
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
    # what is embedded is the linking text (the resolved reading where there is one, issue 13)
    stored = sample_db.vectors.get(DEFAULT_MODEL, [content_hash(c.linking_text) for c in claims])
    langs = {a.id: a.lang for a in sample_db.articles.all()}
    expected = checkworthy.score_texts(
        [checkworthy.scored_text(c.text, c.sentence) for c in claims],
        [stored[content_hash(c.linking_text)] for c in claims],
        [langs[c.article_id] for c in claims],
    )
    assert [c.checkworthiness for c in claims] == expected
    # the explanation comes from the same scorer and names the figures of Putin's claim
    from workbench.claims import claim_reasons

    putin = next(c for c in claims if "71.500" in c.text)
    assert any(r.label == "number" and "71.500" in r.words for r in claim_reasons(sample_db, putin))
