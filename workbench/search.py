"""Similar-claim search: a query text -> the most similar stored claims, with their review state."""

from __future__ import annotations

import numpy as np
from sqlite_utils import Database

from .embed import Embedder, claim_vectors, ensure_claim_vectors
from .records import SearchHit


def top_k(matrix: np.ndarray, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(row, cosine) of the ``k`` rows of ``matrix`` most similar to ``query``, best first (vectors normalised)."""
    if len(matrix) == 0 or k <= 0:
        return []
    scores = matrix @ query
    k = min(k, len(scores))
    # argpartition keeps this linear in the number of claims; only the k best are sorted.
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [(int(i), float(scores[i])) for i in best]


def search(db: Database, query: str, embedder: Embedder, k: int = 10) -> list[SearchHit]:
    """The ``k`` stored claims most similar to ``query``, with score, source, speaker, status and verdict."""
    query = query.strip()
    if not query:
        raise ValueError("the search text is empty")
    ensure_claim_vectors(db, embedder)
    ids, matrix = claim_vectors(db, embedder.name)
    ranked = top_k(matrix, embedder.encode([query])[0], k)
    if not ranked:
        return []
    by_id = {
        r[0]: r
        for r in db.execute(
            "SELECT c.id, c.text, c.article_id, a.source, a.title, c.speaker,"
            " COALESCE(r.status, 'unreviewed'), COALESCE(r.verdict, '')"
            " FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN reviews r ON r.claim_id = c.id"
            f" WHERE c.id IN ({','.join('?' * len(ranked))})",
            [ids[i] for i, _ in ranked],
        )
    }
    return [SearchHit(ids[i], score, *by_id[ids[i]][1:]) for i, score in ranked]
