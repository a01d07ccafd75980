"""Similar-claim search: a query text -> the most similar article claims and archived fact-checks.

Hybrid ranking: full-text search (BM25) and exact cosine over the stored vectors each propose their best
candidates; the two scores are z-normalised over the candidates and mixed (``BM25_WEIGHT``). On the public
claim-matching sets each half alone loses to the mix (research/retrieval.py, figures in docs/measurements.md).

The vector side is the store's ``vectors.nearest``. On SQLite: brute force (one matrix product) over a copy of
the stored vectors that is kept in memory and in files beside the database (``kept_index``), and topped up
with the rows added since; from 300k rows on by a FAISS IVF index kept the same way. research/vector_index.py
measured the alternatives (FAISS, usearch, sqlite-vec) up to 1M vectors: brute force is exact and answers in
~30 ms at 100k vectors. On PostgreSQL: the server's HNSW index (pgvector), so a new process reads no vectors
(benchmarks/pg_search_speed.py: recall@10 0.993 against exact on the 2A archive). A full regroup still reads
every vector into the process (``vector_index``): one matrix product for all claims is far faster than one
query per claim; adding an article on PostgreSQL asks ``vectors.nearest`` too (``group._touched_vectors``).

A search embeds its query and never writes: stored texts without a vector of the model are embedded by
``pipeline.refresh_claim_vectors`` (the CLI and the app call it before searching).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .records import SearchHit, clean_text
from .store import is_postgres
from .text.words import STOPWORDS
from .vectors.embedders import Embedder, embed_texts
from .vectors.index import VectorIndex
from .vectors.kept import index_folder, kept_index

if TYPE_CHECKING:
    from .records import Account
    from .store.base import Store

SCOPES = ("all", "claims", "factchecks")
# Weight of BM25 against the cosine in the fused score, z-normalised both: chosen on the tuning splits of
# CheckThat 2022 2A (English tweets -> fact-checks) and CheckThat 2025 (German posts -> claims) by
# benchmarks/search_quality.py; 0.35-0.50 all score within 0.01 there.
BM25_WEIGHT = 0.45
# The same weight for PostgreSQL's ts_rank normalised by length (issue 18), which scores otherwise than BM25:
# chosen on the same tuning splits by benchmarks/search_quality.py --backend both (2A MAP@5 0.939, German
# MRR@10 0.760 at 0.45; 0.924/0.760 at 0.30). It happens to equal BM25's.
TS_RANK_WEIGHT = 0.45
KEYWORD_WEIGHTS = {"bm25": BM25_WEIGHT, "ts_rank": TS_RANK_WEIGHT}
POOL = 100  # candidates each method proposes before fusion
# The longest query searched, in characters: a claim is one sentence and a query needs at most a few hundred
# words. Longer queries are cut here (``limit_query``), which keeps the cost of one query bounded: embedding
# time grows with length and every distinct word becomes a term of the full-text query.
MAX_QUERY_CHARS = 2000


def query_words(text: str) -> list[str]:
    """The distinct words of ``text`` that a full-text query should look for (lower-case, no stopwords)."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[^\W_]+", text.lower()):
        if len(word) > 1 and word not in STOPWORDS:
            seen.setdefault(word)
    return list(seen)


def vector_index(db: Store, model: str, table: str) -> VectorIndex:
    """The vectors of ``table`` ("claims" or "factchecks") for ``model`` in ``db``, kept between calls and
    processes (``kept_index``): what grouping reads whole, and what SQLite's ``vectors.nearest`` searches."""
    location = db.location
    folder = index_folder(location) if location and not is_postgres(location) else None
    return kept_index(location, folder, db.vectors, model, table)


def claims_lack_vectors(db: Store, model: str) -> bool:
    """Whether stored claims lack a vector of ``model`` (after a switch of model): then
    ``pipeline.refresh_claim_vectors`` must embed them before a search finds them by meaning."""
    return db.vectors.count(model, "claims") < db.vectors.table_state("claims")[0]


def _z(scores: dict, floor_missing: Sequence) -> dict:
    """z-scores of a candidate pool; keys in ``floor_missing`` that are not in the pool get its minimum."""
    if not scores:
        return {key: 0.0 for key in floor_missing}
    values = np.array(list(scores.values()), dtype=np.float64)
    mean, std = float(values.mean()), float(values.std()) or 1.0
    z = {key: (s - mean) / std for key, s in scores.items()}
    lowest = min(z.values())
    return {key: z.get(key, lowest) for key in floor_missing}


def keyword_weight(db: Store) -> float:
    """The fusion weight of the keyword score of ``db``'s full-text search (BM25 or ts_rank)."""
    return KEYWORD_WEIGHTS[db.search.keyword_score]


def rank(
    db: Store,
    query: str,
    vector: np.ndarray,
    model: str,
    k: int = 10,
    scope: str = "all",
    bm25_weight: float | None = None,
) -> list[SearchHit]:
    """The ``k`` best hits for ``query`` (already embedded as ``vector`` by ``model``) in ``scope``;
    ``bm25_weight``: the keyword score's weight in the fusion (None: the one tuned for the store's scores)."""
    if bm25_weight is None:
        bm25_weight = keyword_weight(db)
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    tables = ["claims", "factchecks"] if scope == "all" else [scope]
    words = query_words(query)
    lexical: dict[tuple[str, int], float] = {}
    dense: dict[tuple[str, int], float] = {}
    for table in tables:
        lexical.update(((table, i), s) for i, s in db.search.keyword_matches(table, words, POOL))
        dense.update(((table, i), s) for i, s in db.vectors.nearest(model, table, vector, POOL))
    pool = list(dict.fromkeys([*dense, *lexical]))
    if not pool:
        return []
    z_lex, z_dense = _z(lexical, pool), _z(dense, pool)
    if not lexical:  # no query word is in any text: rank by the cosine alone
        bm25_weight = 0.0
    fused = {key: bm25_weight * z_lex[key] + (1 - bm25_weight) * z_dense[key] for key in pool}
    best = sorted(pool, key=lambda key: (-fused[key], key))[:k]
    return _hits(db, best, fused, lexical, dense, words)


def _hits(db: Store, keys, fused, lexical, dense, words) -> list[SearchHit]:
    """SearchHits for (table, id) keys, in the given order, with everything a reviewer needs to judge them."""
    claim_ids = [i for t, i in keys if t == "claims"]
    fc_ids = [i for t, i in keys if t == "factchecks"]
    rows: dict[tuple[str, int], dict] = {}
    rows.update((("claims", i), row) for i, row in db.search.claim_hits(claim_ids).items())
    rows.update((("factchecks", i), row) for i, row in db.search.factcheck_hits(fc_ids).items())
    matched = {
        "claims": db.search.matched_words("claims", words, claim_ids),
        "factchecks": db.search.matched_words("factchecks", words, fc_ids),
    }
    return [
        SearchHit(
            kind="claim" if table == "claims" else "factcheck",
            id=i,
            score=round(float(fused[table, i]), 4),
            cosine=dense.get((table, i)),
            bm25=lexical.get((table, i)),
            matched=matched[table].get(i, []),
            **rows[table, i],
        )
        for table, i in keys
        if (table, i) in rows
    ]


def limit_query(text: str, limit: int = MAX_QUERY_CHARS) -> tuple[str, bool]:
    """A query as it is searched, and whether it was cut: one line without invisible characters, at most
    ``limit`` characters (cut at the last space before the limit, where there is one in its second half)."""
    query = " ".join(clean_text(text or "").split())
    if len(query) <= limit:
        return query, False
    cut = query[: limit + 1].rfind(" ")
    return query[: cut if cut > limit // 2 else limit].rstrip(), True


def search(
    db: Store,
    query: str,
    embedder: Embedder,
    k: int = 10,
    scope: str = "all",
    viewer: Account | str | None = None,
) -> list[SearchHit]:
    """The ``k`` claims and archived fact-checks most similar to ``query``, best first (see ``rank``).

    With a ``viewer`` (the signed-in account), the verdict of a claim whose first review they may not see yet
    is left out (``review.withheld_claims``); None is the database owner's view. The query is cut to
    ``MAX_QUERY_CHARS`` (``limit_query``; callers tell the user when it was).
    """
    query, _ = limit_query(query)
    if not query:
        raise ValueError("the search text is empty")
    hits = rank(db, query, embedder.encode([query])[0], embedder.name, k, scope)
    if viewer is not None:
        from .review import withheld_claims  # imported here: review is not needed by every search

        hidden = withheld_claims(db, viewer)
        for hit in hits:
            if hit.kind == "claim" and hit.id in hidden:
                hit.verdict = ""
    return hits


def match(
    db: Store,
    queries: Sequence[str],
    embedder: Embedder,
    k: int = 10,
    scope: str = "all",
) -> list[list[SearchHit]]:
    """Batch search: the ``k`` best hits for each query, in query order (an empty query gets no hits).

    Queries are embedded in batches, which is several times faster than one at a time. Each is cut to
    ``MAX_QUERY_CHARS`` (``limit_query``; callers tell the user which were).
    """
    texts = [limit_query(q)[0] for q in queries]
    wanted = {i: t for i, t in enumerate(texts) if t}
    vectors = embed_texts(embedder, {str(i): t for i, t in wanted.items()})
    return [rank(db, t, vectors[str(i)], embedder.name, k, scope) if t else [] for i, t in enumerate(texts)]
