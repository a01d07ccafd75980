import numpy as np
import pytest

from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.review import set_review
from workbench.search import search, top_k


def test_top_k_orders_by_cosine():
    m = np.array([[1, 0], [0, 1], [0.8, 0.6]], dtype=np.float32)
    assert [i for i, _ in top_k(m, np.array([1, 0], dtype=np.float32), 2)] == [0, 2]
    assert top_k(m, np.array([0, 1], dtype=np.float32), 10)[0] == (1, pytest.approx(1.0))
    assert len(top_k(m, np.array([0, 1], dtype=np.float32), 10)) == 3
    assert top_k(np.zeros((0, 2), dtype=np.float32), np.array([1, 0], dtype=np.float32), 5) == []


def test_search_returns_claims_with_review_state(db, fake_embedder):
    ingest_articles(
        db,
        [
            Article(
                text="North Korea sells artillery shells to Russia.\nThe summit took place in Vladivostok.",
                source="outlet-a",
            ),
            Article(text="Inflation in Germany fell to 2 percent in May.", source="outlet-b"),
        ],
        fake_embedder,
    )
    target = search(db, "artillery shells sold by North Korea to Russia", fake_embedder, k=3)
    assert target[0].source == "outlet-a" and "artillery" in target[0].text
    assert target[0].score > target[-1].score
    set_review(db, target[0].claim_id, verdict="mostly_true", status="done")
    again = search(db, "artillery shells sold by North Korea to Russia", fake_embedder, k=1)
    assert (again[0].status, again[0].verdict) == ("done", "mostly_true")


def test_empty_query_is_an_error(db, fake_embedder):
    with pytest.raises(ValueError, match="empty"):
        search(db, "   ", fake_embedder)
