import numpy as np
import pytest

from workbench import embed
from workbench.db import open_db
from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.review import set_review
from workbench.search import VectorIndex, fts_query, match, query_words, search, top_k, vector_index


def test_top_k_orders_by_cosine():
    m = np.array([[1, 0], [0, 1], [0.8, 0.6]], dtype=np.float32)
    assert [i for i, _ in top_k(m, np.array([1, 0], dtype=np.float32), 2)] == [0, 2]
    assert top_k(m, np.array([0, 1], dtype=np.float32), 10)[0] == (1, pytest.approx(1.0))
    assert len(top_k(m, np.array([0, 1], dtype=np.float32), 10)) == 3
    assert top_k(np.zeros((0, 2), dtype=np.float32), np.array([1, 0], dtype=np.float32), 5) == []


def test_search_returns_claims_with_review_state(db, fake_embedder):
    _two_articles(db, fake_embedder)
    target = search(db, "artillery shells sold by North Korea to Russia", fake_embedder, k=3)
    assert target[0].source == "outlet-a" and "artillery" in target[0].text
    assert target[0].score > target[-1].score
    set_review(db, target[0].id, verdict="mostly_true", status="done")
    again = search(db, "artillery shells sold by North Korea to Russia", fake_embedder, k=1)
    assert (again[0].status, again[0].verdict) == ("done", "mostly_true")


def test_empty_query_is_an_error(db, fake_embedder):
    with pytest.raises(ValueError, match="empty"):
        search(db, "   ", fake_embedder)


def _two_articles(db, embedder):
    ingest_articles(
        db,
        [
            Article(
                text="North Korea sells artillery shells to Russia.\nThe summit took place in Vladivostok.",
                source="outlet-a",
            ),
            Article(text="Inflation in Germany fell to 2 percent in May.", source="outlet-b"),
        ],
        embedder,
    )


def test_hits_show_the_words_that_matched_and_both_scores(db, fake_embedder):
    _two_articles(db, fake_embedder)
    best = search(db, "Who sells artillery to Russia?", fake_embedder, k=3)[0]
    assert best.kind == "claim" and "artillery" in best.text
    # stemmed matching: "sells" in the claim matches "sells" and the stopwords "who", "to" are not looked for
    assert set(best.matched) == {"sells", "artillery", "russia"}
    assert best.cosine is not None and 0 < best.cosine <= 1 and best.bm25 is not None and best.bm25 > 0
    # a hit found only by meaning has no BM25 part and no matched words
    nothing_shared = [
        h for h in search(db, "Who sells artillery to Russia?", fake_embedder, k=3) if not h.matched
    ]
    assert all(h.bm25 is None for h in nothing_shared)


def test_words_match_across_inflection(db, fake_embedder):
    _two_articles(db, fake_embedder)
    hit = search(db, "selling shell", fake_embedder, k=1)[0]
    assert "artillery" in hit.text and set(hit.matched) == {"sells", "shells"}


def test_fts_syntax_in_a_query_is_plain_text(db, fake_embedder):
    _two_articles(db, fake_embedder)
    for query in [
        '"',
        "NEAR(a b)",
        "text: Russia",
        "Russia AND",
        "*",
        "-Russia OR ^x",
        "'); DROP TABLE claims;--",
    ]:
        search(db, query, fake_embedder, k=2)  # must not raise
    assert fts_query(['say "no"']) == '"say ""no"""'
    assert query_words("The Kremlin said: the deal IS dead!") == ["kremlin", "deal", "dead"]


def test_archive_items_are_found_with_their_verdict(db, fake_embedder):
    from workbench.archive import import_factchecks
    from workbench.records import FactCheck

    _two_articles(db, fake_embedder)
    import_factchecks(
        db,
        [
            FactCheck(claim="North Korea supplies artillery shells to Russia", verdict="true", publisher="Correctiv",
                      external_id="fc-7", date="2023-09-14", url="https://example.org/fc-7"),
            FactCheck(claim="Vaccines contain microchips", verdict="false", publisher="Snopes", external_id="fc-8"),
        ],
        fake_embedder,
    )  # fmt: skip
    hits = search(db, "North Korea artillery shells for Russia", fake_embedder, k=5, scope="factchecks")
    assert [h.kind for h in hits] == ["factcheck"] * len(hits)
    assert (hits[0].match_id, hits[0].verdict, hits[0].source) == ("fc-7", "true", "Correctiv")
    both = search(db, "North Korea artillery shells for Russia", fake_embedder, k=5)
    assert {h.kind for h in both} == {"claim", "factcheck"}
    only_claims = search(db, "North Korea artillery shells for Russia", fake_embedder, k=5, scope="claims")
    assert {h.kind for h in only_claims} == {"claim"}
    with pytest.raises(ValueError, match="scope"):
        search(db, "x", fake_embedder, scope="everything")


def test_match_answers_each_query_in_order(db, fake_embedder):
    _two_articles(db, fake_embedder)
    results = match(db, ["inflation in Germany", "", "artillery shells Russia"], fake_embedder, k=2)
    assert len(results) == 3 and results[1] == []
    assert "Inflation" in results[0][0].text and "artillery" in results[2][0].text
    assert all(len(r) <= 2 for r in results)


def test_vector_index_tops_up_with_new_rows_and_reloads_on_delete(tmp_path, fake_embedder):
    db = open_db(tmp_path / "c.db")
    _two_articles(db, fake_embedder)
    first = vector_index(db, fake_embedder.name, "claims")
    assert len(first) == embed.table_state(db, "claims")[0] > 0
    assert vector_index(db, fake_embedder.name, "claims") is first  # cached while nothing changed
    ingest_articles(
        db, [Article(text="The central bank raised rates to 4 percent.", source="c")], fake_embedder
    )
    grown = vector_index(db, fake_embedder.name, "claims")
    assert len(grown) == len(first) + 1 and list(grown.ids[: len(first)]) == list(first.ids)
    # a search in a second connection sees the new claim too
    other = open_db(tmp_path / "c.db")
    assert "central bank" in search(other, "central bank rates", fake_embedder, k=1)[0].text
    db.execute("DELETE FROM articles WHERE source = 'c'")
    db.conn.commit()
    assert len(vector_index(db, fake_embedder.name, "claims")) == len(first)


def test_vector_index_top_returns_ids_not_rows():
    index = VectorIndex(np.array([10, 20]), np.array([[1, 0], [0, 1]], dtype=np.float32))
    index.add(np.array([30]), np.array([[0.6, 0.8]], dtype=np.float32))
    assert [i for i, _ in index.top(np.array([0, 1], dtype=np.float32), 2)] == [20, 30]
    assert VectorIndex().top(np.array([1, 0], dtype=np.float32), 3) == []


def test_large_indexes_switch_to_faiss_and_find_the_same_neighbours(monkeypatch):
    pytest.importorskip("faiss")
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((20, 32)).astype(np.float32)
    rows = centres[rng.integers(0, 20, 2000)] + 0.3 * rng.standard_normal((2000, 32)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    exact = VectorIndex(np.arange(2000) + 1, rows)
    monkeypatch.setattr(VectorIndex, "ANN_MIN_ROWS", 1000)
    approx = VectorIndex(np.arange(1500) + 1, rows[:1500])
    approx.add(np.arange(1500, 2000) + 1, rows[1500:])  # rows added after the index was built are found too
    queries = rows[[3, 1600, 1999]] + 0.01
    assert approx.top(queries[0], 5) and approx._ann is not None
    fresh = rng.standard_normal(32).astype(np.float32)
    fresh /= np.linalg.norm(fresh)
    approx.add(np.array([5000]), fresh[None, :])  # added after the FAISS index was built
    assert approx.top(fresh, 1)[0][0] == 5000
    hits = 0
    for q in queries:
        q = q / np.linalg.norm(q)
        hits += len({i for i, _ in exact.top(q, 10)} & {i for i, _ in approx.top(q, 10)})
    assert hits >= 27  # recall@10 >= 0.9 on these easy clusters
    assert approx.top(rows[1999], 1)[0][0] == 2000
