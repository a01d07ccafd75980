"""Stage 1 of grouping: candidate pairs of claims that may make the same assertion, cheaply and with high
recall, for the pair judge (stage 2, ``workbench.judge``) to decide.

Two sources, united:
- vector neighbours: for each claim, its ``k`` nearest claims of each language whose cosine reaches a low
  floor (German↔English pairs sit about 0.04 lower on e5, so their floor is lower);
- shared rare words: claims sharing two or more content words that few claims use (a short claim inside a
  long sentence that says more has a low cosine but the same rare words), above a lower cosine floor.

``CandidateSource`` is the interface grouping calls; ``ExactCandidates`` computes the neighbours exactly, a
block of rows at a time (memory bounded by ``BLOCK_BYTES``): one product of every claim with every other, which
grows with the square of the claims (157 of a 100k regroup's 298 CPU seconds). From ``GRAPH_FROM`` claims a
full regroup takes them from an HNSW graph per language instead (``GraphCandidates``, faiss), which grows about
as n log n. Tried first for issue 19: k-means lists, a share of them probed per claim, found only 0.78-0.96 of
the exact neighbour pairs on BASIL's e5 vectors with 13-50 % of the lists probed, and lost coverage (0.763
against 0.803); the HNSW graph finds 0.997 of them (see ``GRAPH_M``). An exact way
to skip part of the product was tried too (issue 19 part C): k-means cells, each left out for a row whose angle
to its centre exceeds the cell's radius plus the floor's angle (the triangle inequality on the sphere). On
BASIL's e5 vectors it left out nothing (cell radii 26-34 degrees against the 0.80 floor's 37: e5 puts every
claim near every other), so the search stays one full product.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np

BLOCK_BYTES = 64 << 20
# A row with more cells above its floor than this many times k+1, and than this share of the columns, gets its
# (k+1)-th best cosine as its floor: one partition of the full row then costs less than sorting its cells above
# the floor. Measured on blocks of rows for issue 19 (the same pairs every time; CPU seconds of the
# selection): BASIL's e5 claims, most rows crowded, 8.1 sorting every cell, 0.52 with a share of 1/16; the
# synthetic 100k set, ~100 cells above the floor per row, 0.78 sorting, 4.4 with the count alone (a partition
# of 100k columns for 52 cells), 0.76 with 1/16.
CROWDED = 4
CROWDED_SHARE = 16


class Floors(NamedTuple):
    """Where the candidate stage stops looking: cosine floors and the neighbours kept per claim."""

    same_language: float = 0.80
    cross_language: float = 0.76
    rare_words: float = 0.74  # pairs found by shared rare words need at least this cosine
    k: int = 12  # nearest neighbours per claim and language
    rare_df: int = 12  # a word used by at most this many claims is rare
    # A claim with fewer content words says too little to be linked automatically ("Thank you", "Now", "And
    # I'm serious": on BASIL train/dev most links between different events were such fragments); a reviewer
    # can still merge it
    min_words: int = 3


DEFAULT_FLOORS = Floors()


def pair_cosines(vectors: np.ndarray, i: np.ndarray, j: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    """The cosine of each pair (i[k], j[k]) of rows of ``vectors`` (L2-normalised), a chunk of pairs at a time:
    the rows of 700k pairs at once would take 2 GB (the peak memory of a regroup at 100k claims)."""
    out = np.empty(len(i), dtype=np.float32)
    for start in range(0, len(i), chunk):
        a, b = i[start : start + chunk], j[start : start + chunk]
        out[start : start + chunk] = np.einsum("ij,ij->i", vectors[a], vectors[b])
    return out


class CandidateSource(Protocol):
    """Candidate pairs over the rows of one vector matrix."""

    def pairs(self, rows: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(i, j, cosine) arrays: each i in ``rows`` (default every row) with its candidates j != i. With
        ``rows`` None each unordered pair comes once (i < j); otherwise j may be any row, in or out of rows."""


class ExactCandidates:
    """Exact vector neighbours and shared rare words over an in-memory matrix (L2-normalised rows)."""

    def __init__(
        self,
        vectors: np.ndarray,
        langs: Sequence[str],
        words: Sequence[frozenset[str]] | None = None,
        floors: Floors = DEFAULT_FLOORS,
        rare_words: bool = True,
    ) -> None:
        self.vectors = vectors
        self.langs = np.asarray(langs)
        self.words = words
        self.floors = floors
        # shared rare words need every claim's words (their document frequency): a full regroup reads them;
        # an ingest into a large store does without (its vector neighbours, and the next regroup, find them)
        self.rare_words = rare_words

    def pairs(self, rows: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = len(self.vectors)
        if n < 2:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=np.float32)
        chosen = np.arange(n) if rows is None else np.asarray(list(rows), dtype=np.int64)
        near_i, near_j = self._neighbours(chosen)
        found_i, found_j = [near_i], [near_j]
        if self.words is not None and self.rare_words:
            ri, rj = self._rare_word_pairs(chosen)
            found_i.append(ri)
            found_j.append(rj)
        i = np.concatenate(found_i)
        j = np.concatenate(found_j)
        if self.words is not None and self.floors.min_words and len(i):
            # only the rows that have a candidate are read (an ingest touches few rows of a large store)
            touched = np.unique(np.concatenate([i, j]))
            prefetch = getattr(self.words, "prefetch", None)  # words read from a store: all rows in one go
            if prefetch is not None:
                prefetch(touched.tolist())
            enough = np.zeros(n, dtype=bool)
            enough[touched] = [len(self.words[r]) >= self.floors.min_words for r in touched.tolist()]
            keep = enough[i] & enough[j]
            i, j = i[keep], j[keep]
        if rows is None:  # each unordered pair once
            i, j = np.minimum(i, j), np.maximum(i, j)
        keep = i != j
        i, j = i[keep], j[keep]
        key = np.unique(i.astype(np.int64) * n + j)
        i, j = key // n, key % n
        return i, j, pair_cosines(self.vectors, i, j)

    def _neighbours(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each chosen row's k nearest rows per language above that language pair's floor."""
        out_i, out_j = [], []
        # one product with every row, then each language's columns of it (not a copy of each language's rows
        # of the matrix: an ingest of 30 claims into 100k would copy 150 MB for it)
        self._exact(chosen, self.vectors, _by_language(self.langs), out_i, out_j)
        return np.concatenate(out_i), np.concatenate(out_j)

    def _exact(
        self, chosen: np.ndarray, columns: np.ndarray, languages: list, out_i: list, out_j: list
    ) -> None:
        """``_select`` over the products of the chosen rows with the vectors ``columns``, a block of rows at a
        time (memory bounded by BLOCK_BYTES); ``languages`` as ``_select`` takes them, for those columns."""
        step = max(1, BLOCK_BYTES // (4 * len(columns)))
        for start in range(0, len(chosen), step):
            block = chosen[start : start + step]
            self._select(block, self.vectors[block] @ columns.T, languages, out_i, out_j)

    def _select(
        self, block: np.ndarray, every: np.ndarray, languages: list, out_i: list, out_j: list
    ) -> None:
        """From the cosines ``every`` of the ``block`` rows with some rows (ascending), each block row's k
        nearest per language above the floor of that language pair, appended to out_i/out_j. ``languages``:
        (language, its positions among those columns or None for all, their row numbers), see _by_language."""
        for lang, positions, cols in languages:
            sims = every if positions is None else every[:, positions]
            same = self.langs[block] == lang
            floor = np.where(same, self.floors.same_language, self.floors.cross_language)
            wanted = self.floors.k + 1  # +1: a row is its own nearest neighbour
            above = sims >= floor[:, None]
            limit = max(CROWDED * wanted, sims.shape[1] // CROWDED_SHARE)
            crowded = []
            if np.count_nonzero(above) > limit * len(block):  # one fast count first
                crowded = np.flatnonzero(np.count_nonzero(above, axis=1) > limit)
            if len(crowded):
                # On e5 a third of all claims sit above the 0.80 floor of a claim (BASIL): sorting every
                # such cell would cost more than the product. A crowded row's (k+1)-th largest cosine
                # raises its floor instead; cells tied with it stay in, so the k best below are the
                # same cells, in the same order, as sorting every cell above the floor would give.
                kth = np.partition(sims[crowded], sims.shape[1] - wanted, axis=1)[:, sims.shape[1] - wanted]
                floor = floor.copy()
                floor[crowded] = np.maximum(floor[crowded], kth)
                above[crowded] = sims[crowded] >= floor[crowded, None]
            # the cells above the floor, then the k best of each row among them
            r, c = np.nonzero(above)
            values = sims[r, c]
            order = np.lexsort((c, -values, r))
            r, c = r[order], c[order]
            rank = np.arange(len(r)) - np.searchsorted(r, r, side="left")
            keep = rank <= self.floors.k
            out_i.append(block[r[keep]])
            out_j.append(cols[c[keep]])

    def _rare_word_pairs(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows sharing two or more rare content words with a chosen row, with cosine >= the rare floor.

        Over arrays, not a Counter per row: every pair inside each rare word's posting list (at most
        ``rare_df`` rows, so at most rare_df * (rare_df - 1) / 2 pairs a word), then the pairs that occur for
        two or more words (at 100k claims the per-row Counter took seconds of Python)."""
        n = len(self.words)
        vocabulary: dict[str, int] = {}
        rows, word_ids = [], []
        for row, words in enumerate(self.words):
            for w in words:
                word_ids.append(vocabulary.setdefault(w, len(vocabulary)))
                rows.append(row)
        empty = np.zeros(0, dtype=np.int64)
        if not word_ids:
            return empty, empty
        rows_a, word_a = np.asarray(rows, dtype=np.int64), np.asarray(word_ids, dtype=np.int64)
        df = np.bincount(word_a)
        rare = (df > 1) & (df <= self.floors.rare_df)
        keep = rare[word_a]
        rows_a, word_a = rows_a[keep], word_a[keep]
        order = np.lexsort((rows_a, word_a))
        rows_a, word_a = rows_a[order], word_a[order]
        starts = np.flatnonzero(np.r_[True, word_a[1:] != word_a[:-1]]) if len(word_a) else empty
        sizes = np.diff(np.r_[starts, len(word_a)])
        found_i, found_j = [empty], [empty]
        for size in np.unique(sizes).tolist():
            # the posting lists of this length as a matrix, one list a line, and each pair of its columns
            lists = rows_a[starts[sizes == size][:, None] + np.arange(size)]
            a, b = np.triu_indices(size, 1)
            found_i.append(lists[:, a].ravel())
            found_j.append(lists[:, b].ravel())
        key, count = np.unique(np.concatenate(found_i) * n + np.concatenate(found_j), return_counts=True)
        key = key[count >= 2]
        i, j = key // n, key % n  # i < j: the rows of a posting list are sorted
        wanted = np.zeros(n, dtype=bool)
        wanted[chosen] = True
        # each chosen row with its partners, in both directions (a pair of two chosen rows comes twice, as the
        # per-row search gave it)
        i, j = np.concatenate([i[wanted[i]], j[wanted[j]]]), np.concatenate([j[wanted[i]], i[wanted[j]]])
        if len(i):
            keep = pair_cosines(self.vectors, i, j) >= self.floors.rare_words
            i, j = i[keep], j[keep]
        return i, j


# From this many claims a full regroup asks an HNSW graph for the vector neighbours (when faiss is installed,
# ``pip install 'claim-workbench[scale]'``); below it the exact product costs little (BASIL's 8,185 claims: 2 s)
# and gives the exact pairs. The graph's settings (links per node; candidates kept while building; while
# searching) were the cheapest at 100k synthetic claims to find at least 0.997 of the exact pairs on BASIL's
# real e5 vectors, where every claim sits near every other (issue 19; docs/measurements.md): 32/64/128 found
# 0.9974 there and 0.9990 at 100k for 51 CPU seconds (the exact search: 154); 16/64/64 only 0.989 on BASIL;
# 16/128/128 0.998 for 79 CPU seconds.
GRAPH_FROM = 50_000
GRAPH_M = 32
GRAPH_EF_CONSTRUCTION = 64
GRAPH_EF_SEARCH = 128
GRAPH_EXACT_BELOW = 4_096  # a language with fewer claims is searched exactly (a graph would cost more)


def graph_available() -> bool:
    """Whether the HNSW graph can be built here (faiss installed)."""
    return importlib.util.find_spec("faiss") is not None


def candidate_source(
    vectors: np.ndarray,
    langs: Sequence[str],
    words: Sequence[frozenset[str]] | None = None,
    floors: Floors = DEFAULT_FLOORS,
) -> CandidateSource:
    """The candidate source for a full regroup of these claims: the HNSW graph from ``GRAPH_FROM`` claims
    when faiss is installed, else the exact search."""
    if len(vectors) >= GRAPH_FROM and graph_available():
        return GraphCandidates(vectors, langs, words, floors)
    return ExactCandidates(vectors, langs, words, floors)


class GraphCandidates(ExactCandidates):
    """``ExactCandidates`` with each claim's k nearest claims per language asked of an HNSW graph of that
    language's claims (faiss ``IndexHNSWFlat``, inner product on the unit vectors) instead of computed against
    every claim. Approximate: a pair the exact search finds may be missed (0.3 % on BASIL's e5 claims), and a
    claim may get a (k+1)-th neighbour where the graph misses the claim itself. The graph is built on one
    thread, so the same claims give the same graph and the same pairs in every run; it is searched on all."""

    def _neighbours(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        wanted = self.floors.k + 1
        out_i, out_j = [], []
        for lang, _, cols in _by_language(self.langs):
            if len(cols) < GRAPH_EXACT_BELOW:
                self._exact(chosen, self.vectors[cols], [(lang, None, cols)], out_i, out_j)
                continue
            threads = faiss.omp_get_max_threads()
            graph = faiss.IndexHNSWFlat(self.vectors.shape[1], GRAPH_M, faiss.METRIC_INNER_PRODUCT)
            graph.hnsw.efConstruction = GRAPH_EF_CONSTRUCTION
            try:
                # one thread: a parallel build inserts in no fixed order, another graph (and pairs) each run
                faiss.omp_set_num_threads(1)
                graph.add(np.ascontiguousarray(self.vectors[cols], dtype=np.float32))
            finally:
                faiss.omp_set_num_threads(threads)
            graph.hnsw.efSearch = max(GRAPH_EF_SEARCH, wanted)
            found, near = graph.search(np.ascontiguousarray(self.vectors[chosen], dtype=np.float32), wanted)
            floor = np.where(
                self.langs[chosen] == lang, self.floors.same_language, self.floors.cross_language
            )
            keep = (near >= 0) & (found >= floor[:, None])
            out_i.append(np.repeat(chosen, wanted).reshape(len(chosen), wanted)[keep])
            out_j.append(cols[near[keep]])
        if not out_i:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(out_i), np.concatenate(out_j)


def _by_language(langs: np.ndarray, rows: np.ndarray | None = None) -> list:
    """(language, positions of its columns or None when every column has it, their row numbers) for the
    columns whose languages are ``langs`` and row numbers ``rows`` (default: 0..len-1)."""
    rows = np.arange(len(langs)) if rows is None else rows
    names = np.unique(langs)
    if len(names) == 1:
        return [(names[0], None, rows)]
    out = []
    for lang in names:
        positions = np.flatnonzero(langs == lang)
        out.append((lang, positions, rows[positions]))
    return out
