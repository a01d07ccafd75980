"""The real models, end to end: the default offline model groups the sample articles as a reviewer expects,
and the sentence-transformers path works with a real model."""

import numpy as np
import pytest

from workbench.embed import DEFAULT_MODEL, load_embedder
from workbench.group import list_groups
from workbench.pipeline import seed_samples

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    from workbench.db import open_db

    db = open_db(tmp_path_factory.mktemp("integration") / "claims.db")
    report = seed_samples(db, load_embedder(DEFAULT_MODEL))
    assert len(report.added) == 2
    return db


def group_of(db, where_text, article_id):
    rows = db.execute(
        "SELECT c.id, g.group_id FROM claims c JOIN claim_groups g ON g.claim_id = c.id"
        " WHERE c.article_id = ? AND c.text LIKE ?",
        [article_id, f"%{where_text}%"],
    ).fetchall()
    assert rows, f"no claim of article {article_id} contains {where_text!r}"
    return {r[1] for r in rows}


def test_resolution_statements_share_a_group_across_outlets(sample_db):
    miller = group_of(sample_db, "Resolutionen des UN-Sicherheitsrates", 1)
    chang = group_of(sample_db, "schwere Verletzung der Resolutionen", 2)
    jenkins = group_of(sample_db, "gegen die Resolutionen des Sicherheitsrats verstoßen", 2)
    assert miller & chang & jenkins, (miller, chang, jenkins)
    shared = (miller & chang & jenkins).pop()
    group = next(g for g in list_groups(sample_db) if g.id == shared)
    speakers = " ".join(m.speaker for m in group.members)
    assert "Miller" in speakers and "Chang" in speakers and "Jenkins" in speakers


def test_putins_figures_join_no_claim_of_the_second_article(sample_db):
    putin_groups = group_of(sample_db, "71.500 Soldaten", 1)
    article2_groups = {
        r[0]
        for r in sample_db.execute(
            "SELECT g.group_id FROM claim_groups g JOIN claims c ON c.id = g.claim_id WHERE c.article_id = 2"
        )
    }
    assert not putin_groups & article2_groups


def test_vectors_are_stored_with_model_name_and_hash(sample_db):
    rows = sample_db.execute("SELECT model, text_hash, dims, vector FROM embeddings").fetchall()
    assert rows and {r[0] for r in rows} == {DEFAULT_MODEL}
    assert all(r[2] == 384 and len(r[3]) == 384 * 4 and len(r[1]) == 64 for r in rows)
    n_texts = sample_db.execute("SELECT COUNT(DISTINCT text_hash) FROM claims").fetchone()[0]
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
