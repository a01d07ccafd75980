"""Each backend's keyword score is fused with the cosine at the weight tuned for it (issue 18)."""

from __future__ import annotations

from workbench import search
from workbench.store import open_db


def test_sqlite_fuses_bm25_at_its_weight():
    db = open_db(memory=True)
    assert db.search.keyword_score == "bm25"
    assert search.keyword_weight(db) == search.BM25_WEIGHT


def test_postgres_fuses_ts_rank_at_its_own_weight(pg_url):
    db = open_db(pg_url)
    try:
        assert db.search.keyword_score == "ts_rank"
        assert search.keyword_weight(db) == search.TS_RANK_WEIGHT
    finally:
        db.close()


def test_rank_without_a_weight_uses_the_stores(monkeypatch, fake_embedder):
    from workbench.pipeline import seed_samples

    db = open_db(memory=True)
    seed_samples(db, fake_embedder)
    query = "Nordkorea Waffen Russland"
    vector = fake_embedder.encode([query])[0]
    default = search.rank(db, query, vector, fake_embedder.name)
    # the same fusion as passing the store's weight outright; another weight ranks otherwise or scores otherwise
    assert default == search.rank(db, query, vector, fake_embedder.name, bm25_weight=search.BM25_WEIGHT)
    monkeypatch.setitem(search.KEYWORD_WEIGHTS, "bm25", 1.0)
    assert search.rank(db, query, vector, fake_embedder.name) == search.rank(
        db, query, vector, fake_embedder.name, bm25_weight=1.0
    )
