"""Stage 1 of grouping (workbench.candidates): vector neighbours above a floor and shared rare words."""

import numpy as np

from workbench.candidates import ExactCandidates, Floors


def unit(*rows):
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


WORDS = [frozenset({"alpha", "beta", "gamma", f"w{i}"}) for i in range(6)]


def pairs_of(source, rows=None):
    i, j, cos = source.pairs(rows)
    return {(int(a), int(b)): float(c) for a, b, c in zip(i, j, cos)}


def test_neighbours_above_the_floor_once_per_pair():
    vectors = unit([1, 0, 0], [0.95, 0.3, 0], [0, 1, 0], [0, 0, 1])
    found = pairs_of(ExactCandidates(vectors, ["en"] * 4, floors=Floors(same_language=0.9, min_words=0)))
    assert set(found) == {(0, 1)} and found[(0, 1)] == np.float32(vectors[0] @ vectors[1])


def test_cross_language_pairs_have_their_own_floor():
    vectors = unit([1, 0, 0], [0.9, 0.44, 0], [0.9, 0.44, 0.0])
    floors = Floors(same_language=0.95, cross_language=0.85, min_words=0)
    found = pairs_of(ExactCandidates(vectors, ["de", "en", "de"], floors=floors))
    assert (0, 1) in found and (1, 2) in found and (0, 2) not in found  # 0.90: across yes, within no


def test_k_nearest_per_language():
    vectors = unit(*([1, 0.01 * k, 0] for k in range(8)))
    found = pairs_of(ExactCandidates(vectors, ["en"] * 8, floors=Floors(k=2, min_words=0)), rows=[0])
    assert set(found) == {(0, 1), (0, 2)}


def test_shared_rare_words_add_pairs_below_the_vector_floor():
    vectors = unit([1, 0, 0], [0.8, 0.6, 0], [0, 0, 1])  # cosine 0.8 between 0 and 1
    words = [
        frozenset({"pyongyang", "artillery", "one"}),
        frozenset({"pyongyang", "artillery", "two"}),
        frozenset({"x"}),
    ]
    floors = Floors(same_language=0.95, rare_words=0.75, min_words=0)
    assert (0, 1) in pairs_of(ExactCandidates(vectors, ["en"] * 3, words, floors))
    assert (0, 1) not in pairs_of(ExactCandidates(vectors, ["en"] * 3, None, floors))


def test_claims_with_too_few_content_words_are_not_linked():
    vectors = unit([1, 0, 0], [1, 0.01, 0], [1, 0.02, 0])
    words = [frozenset({"thank"}), frozenset({"thanks"}), frozenset({"taxes", "fell", "1992"})]
    found = pairs_of(ExactCandidates(vectors, ["en"] * 3, words, Floors(min_words=3)))
    assert found == {}


def test_rows_limit_the_claims_whose_candidates_are_sought():
    vectors = unit([1, 0, 0], [0.99, 0.1, 0], [0.98, 0.2, 0])
    found = pairs_of(ExactCandidates(vectors, ["en"] * 3, floors=Floors(min_words=0)), rows=[2])
    assert set(found) == {(2, 0), (2, 1)}


def test_no_pairs_in_tiny_inputs():
    for n in (0, 1):
        i, j, c = ExactCandidates(np.zeros((n, 3), dtype=np.float32), ["en"] * n).pairs()
        assert len(i) == len(j) == len(c) == 0


def clustered(n: int, dims: int = 32, centres: int = 40, seed: int = 0) -> np.ndarray:
    """Unit vectors around a few centres, so many pairs pass the floors (as claims of one story do)."""
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centres, dims))
    v = middle[rng.integers(0, centres, n)] + 0.35 * rng.standard_normal((n, dims))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def rare_word_pairs_by_counting(words, chosen, rare_df):
    """The shared-rare-word rule written out plainly, per row with a Counter (the reference)."""
    from collections import Counter

    postings = {}
    for row, ws in enumerate(words):
        for w in ws:
            postings.setdefault(w, []).append(row)
    rare = {w: rows for w, rows in postings.items() if 1 < len(rows) <= rare_df}
    out = set()
    for row in chosen:
        shared = Counter(j for w in words[row] if w in rare for j in rare[w] if j != row)
        out |= {(row, j) for j, count in shared.items() if count >= 2}
    return out


def test_shared_rare_words_over_arrays_match_counting_per_row():
    rng = np.random.default_rng(3)
    vocabulary = [f"word{k}" for k in range(150)]
    words = [frozenset(rng.choice(vocabulary, size=rng.integers(0, 9), replace=False)) for _ in range(400)]
    vectors = clustered(400)
    source = ExactCandidates(vectors, ["en"] * 400, words, Floors(rare_words=-1.0, rare_df=12))
    everything = rare_word_pairs_by_counting(words, range(400), 12)
    for chosen in (np.arange(400), np.array(sorted({a for a, _ in everything})[::7])):
        i, j = source._rare_word_pairs(chosen)
        expected = rare_word_pairs_by_counting(words, chosen.tolist(), 12)
        assert expected and set(zip(i.tolist(), j.tolist())) == expected


def neighbours_by_sorting(vectors, langs, floors):
    """The neighbour rule written out plainly: every cell above the pair's floor, sorted per row by cosine
    (ties: the lower row first), the first k+1 per language (the reference)."""
    sims = vectors @ vectors.T
    out = set()
    for i in range(len(vectors)):
        for lang in sorted(set(langs)):
            floor = floors.same_language if langs[i] == lang else floors.cross_language
            cells = [
                (-sims[i, j], j) for j in range(len(vectors)) if langs[j] == lang and sims[i, j] >= floor
            ]
            out |= {(i, j) for _, j in sorted(cells)[: floors.k + 1]}
    return out


def test_crowded_rows_keep_the_same_k_nearest_as_sorting_every_cell():
    # e5-like: most rows have far more than k neighbours above the floor (the partition path), some have
    # few (the sorting path); duplicated rows tie exactly at the k-th place, German and English mixed
    vectors = clustered(300, centres=3, seed=5)
    vectors[1::7] = vectors[0::7][: len(vectors[1::7])]
    langs = ["de" if k % 4 == 0 else "en" for k in range(300)]
    floors = Floors(same_language=0.5, cross_language=0.45, k=4, min_words=0)
    source = ExactCandidates(vectors, langs, floors=floors)
    i, j = source._neighbours(np.arange(300))
    found = set(zip(i.tolist(), j.tolist()))
    sims = vectors @ vectors.T
    limit = max(4 * (floors.k + 1), 300 // 16)  # candidates.CROWDED and CROWDED_SHARE
    crowded = sum((sims[r] >= 0.5).sum() > limit for r in range(300))
    assert crowded > 100  # the partition path is exercised, not only the sorting one
    assert found == neighbours_by_sorting(vectors, langs, floors)


def test_the_hnsw_graph_finds_nearly_every_pair_the_exact_search_finds_and_the_same_each_run(monkeypatch):
    # two languages, one large enough for a graph and one searched exactly (below GRAPH_EXACT_BELOW)
    from workbench import candidates

    monkeypatch.setattr(candidates, "GRAPH_EXACT_BELOW", 300)
    vectors = clustered(2000, dims=48, centres=60, seed=11)
    langs = np.where(np.arange(2000) % 10 == 0, "de", "en")
    floors = Floors(same_language=0.6, cross_language=0.55, k=6, min_words=0)
    exact = pairs_of(ExactCandidates(vectors, langs, floors=floors))
    graph = candidates.GraphCandidates(vectors, langs, floors=floors)
    found = pairs_of(graph)
    assert len(exact) > 5000
    assert len(set(exact) & set(found)) / len(exact) >= 0.99
    # every pair it gives is a real neighbour above its floor, with its exact cosine
    cross = langs[:, None] != langs[None, :]
    for (a, b), c in found.items():
        assert a < b and abs(c - float(vectors[a] @ vectors[b])) < 1e-6
        assert c >= (floors.cross_language if cross[a, b] else floors.same_language) - 1e-6
    assert pairs_of(candidates.GraphCandidates(vectors, langs, floors=floors)) == found  # deterministic
    # a subset of rows asks only for their neighbours
    some = pairs_of(graph, rows=[0, 5, 17])
    assert some and all(0 in p or 5 in p or 17 in p for p in some)


def test_a_full_regroup_takes_the_graph_from_graph_from_claims(monkeypatch):
    from workbench import candidates

    vectors = clustered(50, seed=2)
    monkeypatch.setattr(candidates, "GRAPH_FROM", 50)
    assert isinstance(candidates.candidate_source(vectors, ["en"] * 50), candidates.GraphCandidates)
    assert type(candidates.candidate_source(vectors[:49], ["en"] * 49)) is ExactCandidates
    monkeypatch.setattr(candidates, "graph_available", lambda: False)  # no faiss: the exact search
    assert type(candidates.candidate_source(vectors, ["en"] * 50)) is ExactCandidates
