"""Similar-claim search: a query text -> the most similar article claims and archived fact-checks.

Hybrid ranking: SQLite FTS5 (BM25) and exact cosine over the stored vectors each propose their best
candidates; the two scores are z-normalised over the candidates and mixed (``BM25_WEIGHT``). On the public
claim-matching sets each half alone loses to the mix (benchmarks/retrieval.py, figures in the README).

Vectors are searched by brute force (one matrix product) over an in-memory copy of the stored vectors that
is loaded once per database, model and table, and topped up with the rows added since. benchmarks/
vector_index.py measured the alternatives (FAISS, usearch, sqlite-vec) up to 1M vectors: brute force is
exact, needs no index to keep in step with the database, and answers in ~30 ms at 100k vectors.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

import numpy as np
from sqlite_utils import Database

from . import embed
from .records import SearchHit

SCOPES = ("all", "claims", "factchecks")
# Weight of BM25 against the cosine in the fused score, z-normalised both: chosen on the tuning splits of
# CheckThat 2022 2A (English tweets -> fact-checks) and CheckThat 2025 (German posts -> claims) by
# benchmarks/search_quality.py; 0.35-0.50 all score within 0.01 there.
BM25_WEIGHT = 0.45
POOL = 100  # candidates each method proposes before fusion
# Words that carry no meaning for matching (German and English); dropped from full-text queries so common
# words do not pull in every document (they cost 8x the query time and lowered MAP on the benchmark).
STOPWORDS = frozenset(
    """a about above after again against all also although am among an and another any are as at be because
    been before being below between both but by can cannot could did do does doing down during each either
    every few for from further had has have having he her here hers herself him himself his how however i if
    in into is it its itself just least less like made make many me more most much must my never no nor not
    of off on once only or other ought our ours out over own said same says shall she should since so some
    still such than that the their theirs them themselves then there these they this those through to told
    too under until up very was we were what when where whether which while who whom whose why will with
    within without would you your yours
    aber alle allem allen aller alles als also am an auch auf aus bei beim bereits bin bis bisher bist da
    damit dann darauf das dass dein dem den denen der deren des dessen dich die dies diese diesem diesen
    dieser dieses doch dort du durch ein eine einem einen einer eines einige er es etwa euch für gegen gibt
    habe haben hat hatte hatten heute hier hinter ich ihr ihre ihrem ihren ihrer im immer in ist ja jede
    jedem jeden jeder jedoch jetzt kann kein keine keinen koennen können könnte machen man mehr mein meine
    mit muss müssen nach nicht noch nun nur ob oder ohne sagte sagen sehr sei sein seine seinem seinen
    seiner seit sich sie sind so soll sollen sollte sondern sowie über um und uns unter viel viele vom von
    vor war waren was wegen weil weiter welche wenn wer werde werden wie wieder will wir wird wollen worden
    wurde wurden würde würden zu zum zur zwischen""".split()
)
_MARK = "\x02"  # brackets a matched word in FTS5 highlight() output; cannot occur in stored text


def query_words(text: str) -> list[str]:
    """The distinct words of ``text`` that a full-text query should look for (lower-case, no stopwords)."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[^\W_]+", text.lower()):
        if len(word) > 1 and word not in STOPWORDS:
            seen.setdefault(word)
    return list(seen)


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query matching any of ``words``. Each word is double-quoted, so no user text can be read as
    FTS5 syntax (AND, NEAR, column filters, a lone quote)."""
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def top_k(matrix: np.ndarray, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(row, cosine) of the ``k`` rows of ``matrix`` most similar to ``query``, best first (vectors normalised)."""
    if len(matrix) == 0 or k <= 0:
        return []
    scores = matrix @ query
    k = min(k, len(scores))
    # argpartition keeps this linear in the number of rows; only the k best are sorted.
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [(int(i), float(scores[i])) for i in best]


class VectorIndex:
    """Row ids and their L2-normalised vectors: exact search by one matrix product, and from ANN_MIN_ROWS
    rows on an approximate FAISS IVF index when faiss is installed (``pip install faiss-cpu``).

    benchmarks/vector_index.py measured top-10 search over synthetic 384-d claim vectors on 2 cores: brute
    force p95 9 ms at 10k, 29 ms at 100k and 258 ms at 1M; FAISS IVF-Flat (nlist = sqrt(N), nprobe 32) 8 ms
    at 1M with recall@10 1.000, after a 22 s build. HNSW (FAISS, usearch) lost recall at 1M and took 6-9 min
    to build; sqlite-vec was 8x slower than brute force. So: brute force while it is interactive, IVF beyond.
    """

    ANN_MIN_ROWS = 300_000
    NPROBE = 32

    def __init__(self, ids: np.ndarray | None = None, matrix: np.ndarray | None = None) -> None:
        self.ids = np.zeros(0, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
        self.matrix = np.zeros((0, 0), dtype=np.float32) if matrix is None else matrix
        self._ann = None  # built on the first search that needs it, then kept in step by add()

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, ids: np.ndarray, matrix: np.ndarray) -> None:
        """Append rows (ids larger than every stored id)."""
        if len(ids) == 0:
            return
        self.ids = np.concatenate([self.ids, ids])
        self.matrix = matrix if len(self.matrix) == 0 else np.vstack([self.matrix, matrix])
        if self._ann is not None:
            self._ann.add(np.ascontiguousarray(matrix, dtype=np.float32))

    def copy(self) -> VectorIndex:
        """A new index over the same rows (sharing arrays and the ANN index until one of them grows)."""
        other = VectorIndex(self.ids, self.matrix)
        other._ann = self._ann
        return other

    def _approximate(self):
        """The FAISS IVF index over all rows, or None when brute force is the better choice."""
        if self._ann is None and len(self) >= self.ANN_MIN_ROWS:
            try:
                import faiss
            except ImportError:
                return None
            data = np.ascontiguousarray(self.matrix, dtype=np.float32)
            nlist = int(np.sqrt(len(data)))
            index = faiss.IndexIVFFlat(
                faiss.IndexFlatIP(data.shape[1]), data.shape[1], nlist, faiss.METRIC_INNER_PRODUCT
            )
            # training on a sample: the cluster centres need ~64 points each, not all rows (halves the build)
            sample = np.random.default_rng(0).choice(len(data), min(len(data), 64 * nlist), replace=False)
            index.train(data[np.sort(sample)])
            index.add(data)
            index.nprobe = self.NPROBE
            self._ann = index
        return self._ann

    def top(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(id, cosine) of the ``k`` nearest rows, best first."""
        if len(self) == 0 or k <= 0 or query.shape[0] != self.matrix.shape[1]:
            return []
        ann = self._approximate()
        if ann is None:
            return [(int(self.ids[row]), score) for row, score in top_k(self.matrix, query, k)]
        scores, rows = ann.search(np.ascontiguousarray(query[None, :], dtype=np.float32), min(k, len(self)))
        return [(int(self.ids[r]), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]


_indexes: dict[tuple[str, str, str], tuple[tuple[int, int], VectorIndex]] = {}
_lock = threading.Lock()


def vector_index(db: Database, model: str, table: str) -> VectorIndex:
    """The vectors of ``table`` ("claims" or "factchecks") for ``model``, kept in memory between calls.

    Rows are only ever appended by ingest and import, so a cached index is topped up with the rows whose id
    is above its largest; anything else (deleted rows, rows that had no vector yet) reloads it whole.
    An in-memory database is never cached.
    """
    path = db.execute("PRAGMA database_list").fetchone()[2]
    state = embed.table_state(db, table)
    if not path:
        return VectorIndex(*embed.table_vectors(db, model, table))
    key = (path, model, table)
    with _lock:
        cached = _indexes.get(key)
        if cached and cached[0] == state:
            return cached[1]
        if cached and state[1] > cached[0][1]:
            ids, matrix = embed.table_vectors(db, model, table, after_id=cached[0][1])
            index = cached[1].copy()
            index.add(ids, matrix)
        else:
            index = VectorIndex(*embed.table_vectors(db, model, table))
        # cache only an index that holds every row; otherwise rows still waiting for a vector would be
        # missed until the table changed again
        if len(index) == state[0]:
            _indexes[key] = (state, index)
        return index


def _bm25(db: Database, table: str, words: Sequence[str], limit: int) -> list[tuple[int, float]]:
    """(id, BM25 score, higher is better) of the best full-text matches in ``table``."""
    if not words:
        return []
    fts = f"{table}_fts"
    rows = db.execute(
        f"SELECT rowid, bm25({fts}) FROM {fts} WHERE {fts} MATCH ? ORDER BY bm25({fts}) LIMIT ?",
        [fts_query(words), limit],
    ).fetchall()
    return [(r[0], -r[1]) for r in rows]


def _matched_words(
    db: Database, table: str, words: Sequence[str], ids: Sequence[int]
) -> dict[int, list[str]]:
    """For each id, the words of the hit that the full-text index matched to the query (as written there)."""
    if not words or not ids:
        return {}
    fts = f"{table}_fts"
    rows = db.execute(
        f"SELECT rowid, highlight({fts}, 0, ?, ?) FROM {fts} WHERE {fts} MATCH ?"
        f" AND rowid IN ({','.join('?' * len(ids))})",
        [_MARK, _MARK, fts_query(words), *ids],
    ).fetchall()
    out = {}
    for rowid, marked in rows:
        found = re.findall(f"{_MARK}(.*?){_MARK}", marked or "")
        out[rowid] = list(dict.fromkeys(w.lower() for w in found))
    return out


def _z(scores: dict, floor_missing: Sequence) -> dict:
    """z-scores of a candidate pool; keys in ``floor_missing`` that are not in the pool get its minimum."""
    if not scores:
        return {key: 0.0 for key in floor_missing}
    values = np.array(list(scores.values()), dtype=np.float64)
    mean, std = float(values.mean()), float(values.std()) or 1.0
    z = {key: (s - mean) / std for key, s in scores.items()}
    lowest = min(z.values())
    return {key: z.get(key, lowest) for key in floor_missing}


def rank(
    db: Database,
    query: str,
    vector: np.ndarray,
    model: str,
    k: int = 10,
    scope: str = "all",
    bm25_weight: float = BM25_WEIGHT,
) -> list[SearchHit]:
    """The ``k`` best hits for ``query`` (already embedded as ``vector`` by ``model``) in ``scope``."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; choose one of {', '.join(SCOPES)}")
    tables = ["claims", "factchecks"] if scope == "all" else [scope]
    words = query_words(query)
    lexical: dict[tuple[str, int], float] = {}
    dense: dict[tuple[str, int], float] = {}
    for table in tables:
        lexical.update(((table, i), s) for i, s in _bm25(db, table, words, POOL))
        dense.update(((table, i), s) for i, s in vector_index(db, model, table).top(vector, POOL))
    pool = list(dict.fromkeys([*dense, *lexical]))
    if not pool:
        return []
    z_lex, z_dense = _z(lexical, pool), _z(dense, pool)
    if not lexical:  # no query word is in any text: rank by the cosine alone
        bm25_weight = 0.0
    fused = {key: bm25_weight * z_lex[key] + (1 - bm25_weight) * z_dense[key] for key in pool}
    best = sorted(pool, key=lambda key: (-fused[key], key))[:k]
    return _hits(db, best, fused, lexical, dense, words)


def _hits(db, keys, fused, lexical, dense, words) -> list[SearchHit]:
    """SearchHits for (table, id) keys, in the given order, with everything a reviewer needs to judge them."""
    claim_ids = [i for t, i in keys if t == "claims"]
    fc_ids = [i for t, i in keys if t == "factchecks"]
    rows: dict[tuple[str, int], dict] = {}
    if claim_ids:
        for r in db.execute(
            "SELECT c.id, c.text, a.source, c.speaker, COALESCE(r.verdict, ''), COALESCE(r.status, 'unreviewed'),"
            " a.date, a.url, a.title, a.id FROM claims c JOIN articles a ON a.id = c.article_id"
            f" LEFT JOIN reviews r ON r.claim_id = c.id WHERE c.id IN ({','.join('?' * len(claim_ids))})",
            claim_ids,
        ):
            rows["claims", r[0]] = dict(
                text=r[1], source=r[2], speaker=r[3], verdict=r[4], status=r[5], date=r[6], url=r[7],
                title=r[8], article_id=r[9],
            )  # fmt: skip
    if fc_ids:
        for r in db.execute(
            "SELECT id, claim, publisher, claimant, verdict, date, url, title, external_id FROM factchecks"
            f" WHERE id IN ({','.join('?' * len(fc_ids))})",
            fc_ids,
        ):
            rows["factchecks", r[0]] = dict(
                text=r[1], source=r[2], speaker=r[3], verdict=r[4], status="published", date=r[5], url=r[6],
                title=r[7], external_id=r[8],
            )  # fmt: skip
    matched = {"claims": _matched_words(db, "claims", words, claim_ids)}
    matched["factchecks"] = _matched_words(db, "factchecks", words, fc_ids)
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


def _ensure_vectors(db: Database, embedder: embed.Embedder) -> None:
    """Embed claims stored without a vector of this model (after a switch of model) before searching."""
    if len(vector_index(db, embedder.name, "claims")) < embed.table_state(db, "claims")[0]:
        embed.ensure_claim_vectors(db, embedder)


def search(
    db: Database, query: str, embedder: embed.Embedder, k: int = 10, scope: str = "all"
) -> list[SearchHit]:
    """The ``k`` claims and archived fact-checks most similar to ``query``, best first (see ``rank``)."""
    query = query.strip()
    if not query:
        raise ValueError("the search text is empty")
    _ensure_vectors(db, embedder)
    return rank(db, query, embedder.encode([query])[0], embedder.name, k, scope)


def match(
    db: Database,
    queries: Sequence[str],
    embedder: embed.Embedder,
    k: int = 10,
    scope: str = "all",
) -> list[list[SearchHit]]:
    """Batch search: the ``k`` best hits for each query, in query order (an empty query gets no hits).

    Queries are embedded in batches, which is several times faster than one at a time.
    """
    _ensure_vectors(db, embedder)
    texts = [q.strip() for q in queries]
    wanted = {i: t for i, t in enumerate(texts) if t}
    vectors = embed.embed_texts(embedder, {str(i): t for i, t in wanted.items()})
    return [rank(db, t, vectors[str(i)], embedder.name, k, scope) if t else [] for i, t in enumerate(texts)]
