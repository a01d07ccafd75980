"""The pair judge (workbench.judge): the shipped model, its features, and its file format."""

import dataclasses

import numpy as np
import pytest

from workbench.judge import FEATURES, LANG_PAIRS, Trees, lang_pair, load_judge, pair_features, read_judge
from workbench.text.evidence import profile
from workbench.vectors.registry import DEFAULT_MODEL, MINILM_MODEL


@pytest.fixture(scope="module")
def judge():
    return load_judge(DEFAULT_MODEL)


def p(judge, cosine, a, b, lang_a="en", lang_b="en", article=None, same_article=False):
    row = pair_features(cosine, profile(a, lang_a), profile(b, lang_b), article, same_article)
    return float(judge.probabilities(row)[0])


def test_the_judge_ships_for_e5_only(judge):
    assert judge is not None and judge.model == DEFAULT_MODEL
    assert load_judge(MINILM_MODEL) is None and load_judge("some/other-model") is None
    assert set(judge.levels) == set(LANG_PAIRS)
    for levels in judge.levels.values():
        assert 0 < levels.suggest <= levels.confirm < 1
    assert len(judge.weights) == len(FEATURES) and judge.centre.shape == (384,)


def test_language_pairs():
    assert lang_pair("de", "de") == "de-de" and lang_pair("en", "en") == "en-en"
    assert lang_pair("de", "en") == lang_pair("en", "de") == "de-en"
    assert lang_pair("fr", "fr") == "en-en" and lang_pair("fr", "de") == "de-en"


def test_more_similar_claims_are_more_probably_the_same(judge):
    a, b = (
        "The city cut its police budget by 10 percent.",
        "The police budget of the city was cut by 10 percent.",
    )
    probabilities = [p(judge, c, a, b) for c in (0.80, 0.85, 0.90, 0.95, 0.99)]
    assert probabilities == sorted(probabilities) and probabilities[-1] > 0.5 > probabilities[0]


def test_a_changed_number_lowers_the_probability_at_the_same_cosine(judge):
    claim = "Taxes fell by 45 percent in 1992."
    same = p(judge, 0.985, claim, "In 1992, taxes fell by 45 percent.")
    changed = p(judge, 0.985, claim, "Taxes fell by 54 percent in 1992.")
    assert changed < same


def test_articles_about_other_events_lower_the_probability(judge):
    a, b = "We have to follow the facts", "We should follow the facts wherever they lead"
    assert p(judge, 0.93, a, b, article=0.05) < p(judge, 0.93, a, b, article=0.7)


def test_probabilities_are_probabilities(judge):
    rows = np.vstack(
        [pair_features(c, profile("a b c d"), profile("a b c e"), 0.5) for c in np.linspace(-1, 1, 9)]
    )
    out = judge.probabilities(rows)
    assert out.shape == (9,) and np.all((out > 0) & (out < 1))


def test_a_judge_round_trips_through_its_file(tmp_path, judge):
    judge.save(tmp_path / "j.npz")
    again = read_judge(tmp_path / "j.npz")
    row = pair_features(0.91, profile("x y z"), profile("x y w"), 0.3)
    assert again.levels == judge.levels and again.probabilities(row) == pytest.approx(
        judge.probabilities(row)
    )


def test_a_judge_of_other_features_is_refused(tmp_path):
    np.savez(tmp_path / "old.npz", features=np.array(["cosine"]))
    with pytest.raises(ValueError, match="other features"):
        read_judge(tmp_path / "old.npz")


def test_a_cosine_only_judge_is_a_logistic_curve(make_judge):
    judge = make_judge(dims=3)
    row = pair_features(0.9, profile("a"), profile("b"))
    assert judge.probabilities(row)[0] == pytest.approx(0.5)


def _walked(trees, x):
    """The trees' scores by the level-by-level walk (``Trees.score``'s path for upper bounds)."""
    walker = dataclasses.replace(trees)  # a copy without the cached leaf sets
    walker.__dict__["_leaf_sets"] = None
    return walker.score(x)


def test_the_trees_score_by_leaf_sets_exactly_as_by_the_walk(judge):
    trees = judge.trees
    assert trees._leaf_sets is not None  # the shipped trees have at most 8 leaves each
    rng = np.random.default_rng(7)
    x = rng.random((6000, len(FEATURES))) * 2 - 0.5
    x[:, ::4] = x[:, ::4] > 0.5  # flags, as many features are
    inner = np.flatnonzero(np.isfinite(trees.threshold))
    for k in range(3000):  # a value exactly at a split goes left on both paths
        node = inner[k % len(inner)]
        x[k, trees.feature[node]] = trees.threshold[node]
    x[3000:3100, 5] = np.nan  # NaN goes left on both paths
    quick = trees.score(x)
    assert np.array_equal(quick, _walked(trees, x))  # the same bits, not only close
    # and each row's score is the same whatever else is in the batch (the helper process splits batches)
    assert all(np.array_equal(trees.score(x[k : k + 1]), quick[k : k + 1]) for k in range(0, 6000, 397))


def test_trees_with_more_than_eight_leaves_are_walked():
    # one tree of 9 leaves: a chain of 8 splits on feature 0 at 0..7
    n = 8
    feature = np.zeros(2 * n + 1, dtype=np.int32)
    threshold = np.full(2 * n + 1, np.inf)
    left = np.arange(2 * n + 1, dtype=np.int32)
    right = left.copy()
    value = np.zeros(2 * n + 1)
    # node 2*level splits; its left child 2*level+1 is a leaf, its right child the next split
    for level in range(n):
        node, leaf = 2 * level, 2 * level + 1
        threshold[node], left[node], right[node] = level, leaf, node + 2
        value[leaf] = level
    value[2 * n] = 100.0
    trees = Trees(feature, threshold, left, right, value, np.array([0], dtype=np.int32), n)
    assert trees._leaf_sets is None
    assert trees.score(np.array([[-1.0], [3.5], [9.0]])).tolist() == [0.0, 4.0, 100.0]
