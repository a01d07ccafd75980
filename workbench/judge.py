"""The pair judge: the probability that two claims make the same assertion, from the evidence a fact-checker
weighs, calibrated so that it means what it says.

Cosine similarity alone cannot tell "the same assertion" from "the same topic": on e5 both sit in one narrow
band. The judge weighs, per pair: the cosine of the two claims' vectors (their resolved readings, see
``text.context``), whether they are in one language or two, the textual evidence of ``text.evidence``
(shared content words and names; names, figures, places or actors that differ in the same slot; a denial
against a claim; the speakers), and how alike the two claims' *articles* are (the cosine of their mean claim
vectors: claims in articles about different events are rarely the same assertion). A logistic model over
these was fitted to labelled pairs and Platt-calibrated by cross-validation grouped by event
(``training/train_pair_judge.py``); its weights, feature scaling and per-language-pair thresholds ship as
``data/pair_judge.npz`` (NumPy only at run time).

A judge is trained on one embedding model's vectors (cosines of two models live on different scales), so
``load_judge`` returns one only for the model it was trained on; grouping falls back to that model's cosine
thresholds in ``vectors.registry`` for any other model, and says so.

Pure: no store, no model. ``workbench.group`` and ``workbench.archive`` feed it vectors and texts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .text.evidence import EVIDENCE, Profile, compare_many
from .vectors.registry import JUDGED_MODELS

DATA = Path(__file__).parent / "data"
# The inputs of the model, in the order of its weights. Cosine enters as a piecewise-linear curve (hinges at
# 0.85, 0.90, 0.95): the share of same assertions rises steeply between 0.88 and 0.95 on e5.
FEATURES = (
    "cosine",
    "cosine_above_85",
    "cosine_above_90",
    "cosine_above_95",
    "cross_language",
    "german",
    "cross_language_cosine",
    "german_cosine",  # German claims compare differently (compounds, capitalised nouns): own slopes
    "german_word_overlap",
    "german_gram_overlap",
    "cross_language_gram_overlap",  # across languages only cognates, names and figures overlap
    "cross_language_name_overlap",
    *EVIDENCE,
    # cosine of the two articles' mean claim vectors, each less the mean claim vector of the training corpus
    # (on e5 raw article means all sit near 0.97-0.99; centred, same-event articles sit near 0.7 and others
    # near 0.1 on BASIL train/dev); 0 without articles
    "article_similarity",
    "has_articles",
    "same_article",
    # Within the other article: how much this pair's cosine beats the best cosine of one side with any *other*
    # claim of the other side's article (clipped to [-0.2, 0.2]), the lower and the higher of the two
    # directions. A same assertion is mostly each side's best match in the other article; a same-topic
    # pair mostly is not (a closer claim there says the same thing). 0 without two different articles.
    "margin_low",
    "margin_high",
    "has_margin",
)
MARGIN_CLIP = 0.2
LANG_PAIRS = ("en-en", "de-de", "de-en")


def article_margins(cosine: float, others_a: np.ndarray, others_b: np.ndarray) -> tuple[float, float]:
    """The pair's two margins (see FEATURES): ``cosine`` less the best cosine of side a with the *other*
    claims of b's article (``others_a``: those cosines), and the same from b's side; clipped. A side whose
    article has no other claim gets the clip."""
    best_a = float(np.max(others_a)) if len(others_a) else -1.0
    best_b = float(np.max(others_b)) if len(others_b) else -1.0
    return (
        float(np.clip(cosine - best_a, -MARGIN_CLIP, MARGIN_CLIP)),
        float(np.clip(cosine - best_b, -MARGIN_CLIP, MARGIN_CLIP)),
    )


class Levels(NamedTuple):
    """Judge probabilities of one language pair: ``suggest`` <= P < ``confirm`` suggests a link, P >=
    ``confirm`` links."""

    suggest: float
    confirm: float


def lang_pair(lang_a: str, lang_b: str) -> str:
    """The language pair whose thresholds apply: "de-de", "en-en", "de-en" (any two languages); a single
    language other than German counts as English (the judge was trained on these three)."""
    if lang_a != lang_b:
        return "de-en"
    return "de-de" if lang_a == "de" else "en-en"


def pair_features(
    cosine: float,
    a: Profile,
    b: Profile,
    article_similarity: float | None = None,
    same_article: bool = False,
    margins: tuple[float, float] | None = None,
) -> np.ndarray:
    """One row of FEATURES for a pair of claims: their cosine, their profiles (``text.evidence.profile``),
    the cosine of their articles' mean claim vectors (None where a side has no article, e.g. a fact-check),
    whether they come from one article, and the pair's ``margins`` in the two articles (``article_margins``;
    None without two different articles)."""
    low, high = (0.0, 0.0) if margins is None else (min(margins), max(margins))
    return feature_rows(
        np.array([cosine], dtype=np.float64),
        compare_many([a], [b]),
        np.array([a.lang]),
        np.array([b.lang]),
        np.array([0.0 if article_similarity is None else article_similarity]),
        np.array([article_similarity is not None]),
        np.array([same_article]),
        np.array([low]),
        np.array([high]),
        np.array([margins is not None]),
    )[0]


def cosine_and_language_features(
    cosine: np.ndarray, cross: np.ndarray, german: np.ndarray, evidence: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The FEATURES made of the cosine, the language flags (1.0 where a pair is across languages; where
    either side is German) and the overlaps in ``evidence`` (columns by EVIDENCE name; an overlap not given
    is left out, as ``Linking.worth_judging`` does before names are read)."""
    parts = {
        "cosine": cosine,
        "cosine_above_85": np.maximum(0.0, cosine - 0.85),
        "cosine_above_90": np.maximum(0.0, cosine - 0.90),
        "cosine_above_95": np.maximum(0.0, cosine - 0.95),
        "cross_language": cross,
        "german": german,
        "cross_language_cosine": cross * (cosine - 0.85),
        "german_cosine": german * (cosine - 0.85),
    }
    for name, flag, overlap in (
        ("german_word_overlap", german, "word_overlap"),
        ("german_gram_overlap", german, "gram_overlap"),
        ("cross_language_gram_overlap", cross, "gram_overlap"),
        ("cross_language_name_overlap", cross, "name_overlap"),
    ):
        if overlap in evidence:
            parts[name] = flag * evidence[overlap]
    return parts


def feature_rows(
    cosine: np.ndarray,
    evidence: np.ndarray,
    lang_a: np.ndarray,
    lang_b: np.ndarray,
    article_similarity: np.ndarray,
    has_articles: np.ndarray,
    same_article: np.ndarray,
    margin_low: np.ndarray,
    margin_high: np.ndarray,
    has_margin: np.ndarray,
) -> np.ndarray:
    """Rows of FEATURES for many pairs, one array per part (one value per pair; ``evidence`` as
    ``text.evidence.compare_many`` gives it). Parts a pair lacks (articles, margins) are 0."""
    cosine = np.asarray(cosine, dtype=np.float64)
    evidence = np.asarray(evidence, dtype=np.float64).reshape(len(cosine), len(EVIDENCE))
    cross = (np.asarray(lang_a) != np.asarray(lang_b)).astype(np.float64)
    german = ((np.asarray(lang_a) == "de") | (np.asarray(lang_b) == "de")).astype(np.float64)
    column = {name: evidence[:, k] for k, name in enumerate(EVIDENCE)}
    has_articles, has_margin = np.asarray(has_articles, dtype=bool), np.asarray(has_margin, dtype=bool)
    parts = {
        **cosine_and_language_features(cosine, cross, german, column),
        **column,
        "article_similarity": np.where(has_articles, article_similarity, 0.0),
        "has_articles": has_articles.astype(np.float64),
        "same_article": np.asarray(same_article, dtype=np.float64),
        "margin_low": np.where(has_margin, margin_low, 0.0),
        "margin_high": np.where(has_margin, margin_high, 0.0),
        "has_margin": has_margin.astype(np.float64),
    }
    return np.column_stack([parts[name] for name in FEATURES])


@dataclass(frozen=True)
class Trees:
    """An ensemble of regression trees (gradient boosting) as flat arrays, evaluated with NumPy: every tree
    is walked one level per step for all rows at once. Node k splits on ``feature[k]`` at ``threshold[k]``
    (x <= threshold goes to ``left[k]``, else ``right[k]``); a leaf points to itself on both sides with an
    infinite threshold, so rows that reach a leaf stay there. ``value`` is a leaf's output, and for an inner
    node the highest leaf output below it (what ``upper_bounds`` needs)."""

    feature: np.ndarray  # int32, per node
    threshold: np.ndarray  # float64
    left: np.ndarray  # int32
    right: np.ndarray  # int32
    value: np.ndarray  # float64
    roots: np.ndarray  # int32, the root node of each tree
    depth: int  # the deepest leaf's depth

    CHUNK = 4096  # rows walked at once: (rows x trees) node indices stay small

    def score(self, x: np.ndarray, unknown: np.ndarray | None = None) -> np.ndarray:
        """The sum of the trees' outputs for each row of ``x``. With ``unknown`` (a flag per feature), a walk
        stops at a split on an unknown feature and takes the highest output below it: an upper bound."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        if unknown is None and self._leaf_sets is not None:
            return self._score_by_leaf_sets(x)
        out = np.empty(len(x))
        feature, children, roots = self._walk
        if unknown is not None:
            stop = unknown[feature] & np.isfinite(self.threshold)
            children = children.copy()
            children[0::2] = np.where(stop, np.arange(len(feature)), children[0::2])
            children[1::2] = np.where(stop, np.arange(len(feature)), children[1::2])
        width = x.shape[1]
        for start in range(0, len(x), self.CHUNK):
            flat = x[start : start + self.CHUNK].ravel()
            n = len(flat) // width
            base = (np.arange(n, dtype=np.intp) * width)[:, None]
            nodes = np.broadcast_to(roots, (n, len(roots))).copy()
            for _ in range(self.depth):
                right = flat[base + feature[nodes]] > self.threshold[nodes]
                nodes = children[2 * nodes + right]
            out[start : start + n] = self.value[nodes].sum(axis=1)
        return out

    QUICK_CHUNK = 1024  # rows scored at once by _score_by_leaf_sets: (rows x inner nodes) bytes

    def _score_by_leaf_sets(self, x: np.ndarray) -> np.ndarray:
        """``score`` without a walk, each tree's exit leaf found from all its splits at once (the QuickScorer
        idea, Lucchese et al., SIGIR 2015): a split a row fails to go left at rules out the leaves of its left
        subtree, and the exit leaf is the leftmost leaf left. Every split of every tree is one comparison
        over the chunk, each tree's ruled-out leaves one OR over its splits, so NumPy does a few large
        operations instead of five per level; the same leaves, added in the same order, as the walk (tested):
        3.6x faster at 300 trees of 7 leaves (200,000 rows: 1.3 CPU-s against 4.7), where the walk took a quarter
        of a regroup's judging."""
        feature, threshold, left_leaves, table = self._leaf_sets
        trees, splits = left_leaves.shape
        offsets = np.arange(trees, dtype=np.intp) * table.shape[1]
        out = np.empty(len(x))
        for start in range(0, len(x), self.QUICK_CHUNK):
            rows = x[start : start + self.QUICK_CHUNK]
            right = (rows[:, feature] > threshold).view(np.uint8).reshape(len(rows), trees, splits)
            # C order, as the walk's leaves: NumPy returns this reduction column-major, and a sum along the
            # rows of a column-major array adds in another order (other last bits)
            ruled_out = np.ascontiguousarray(np.bitwise_or.reduce(right * left_leaves, axis=2))
            out[start : start + len(rows)] = table.ravel()[ruled_out.astype(np.intp) + offsets].sum(axis=1)
        return out

    @functools.cached_property
    def _leaf_sets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """(feature, threshold) of each tree's splits, padded to the same count per tree with splits no row
        fails (threshold +inf), flattened tree by tree; the leaves of each split's left subtree as bits
        (trees x splits, leaf k of a tree, left to right, is bit k); and each tree's output by the set of
        its leaves ruled out (trees x 256). None when a tree has more than 8 leaves: then ``score`` walks."""
        per_tree = [self._splits_and_leaves(root) for root in self.roots.tolist()]
        if any(len(leaves) > 8 for _, leaves in per_tree):
            return None
        width = max((len(s) for s, _ in per_tree), default=0)
        feature = np.zeros((len(per_tree), max(width, 1)), dtype=np.intp)
        threshold = np.full(feature.shape, np.inf)
        left_leaves = np.zeros(feature.shape, dtype=np.uint8)
        table = np.zeros((len(per_tree), 256))
        # the exit leaf of each set of ruled-out leaves: the lowest bit left (-1: none left, which no row meets)
        exit_leaf = np.array([(left & -left).bit_length() - 1 for left in (~r & 255 for r in range(256))])
        for t, (splits, leaves) in enumerate(per_tree):
            for i, (f, th, bits) in enumerate(splits):
                feature[t, i], threshold[t, i], left_leaves[t, i] = f, th, bits
            found = (exit_leaf >= 0) & (exit_leaf < len(leaves))
            table[t, found] = np.array(leaves)[exit_leaf[found]]
        return feature.ravel(), threshold.ravel(), left_leaves, table

    def _splits_and_leaves(self, root: int) -> tuple[list[tuple[int, float, int]], list[float]]:
        """One tree's splits in preorder as (feature, threshold, bits of the leaves of its left subtree), and
        its leaves' outputs left to right (leaf k is bit k)."""
        splits: list[tuple[int, float, int]] = []
        leaves: list[float] = []

        def visit(k: int) -> int:  # adds node k's splits and leaves; returns the bits of its leaves
            if not np.isfinite(self.threshold[k]):
                leaves.append(float(self.value[k]))
                return 1 << (len(leaves) - 1)
            at = len(splits)
            splits.append((int(self.feature[k]), float(self.threshold[k]), 0))
            left = visit(int(self.left[k]))
            splits[at] = (*splits[at][:2], left)
            return left | visit(int(self.right[k]))

        visit(root)
        return splits, leaves

    @functools.cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(feature, children, roots) as index arrays, built once per judge: a regroup scores many small
        batches (average linkage judges a few pairs at a time). A node's left child is at 2k, its right at
        2k + 1 of children."""
        feature = self.feature.astype(np.intp)
        children = np.empty(2 * len(feature), dtype=np.intp)
        children[0::2], children[1::2] = self.left, self.right
        return feature, children, self.roots.astype(np.intp)

    @classmethod
    def from_lightgbm(cls, dump: dict) -> Trees:
        """The trees of a LightGBM model's ``dump_model()`` (numerical splits, no missing values)."""
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        depth = 0

        def add(node: dict, level: int) -> int:
            nonlocal depth
            k = len(feature)
            feature.append(0), threshold.append(np.inf), left.append(k), right.append(k), value.append(0.0)
            if "leaf_value" in node:
                value[k] = float(node["leaf_value"])
                depth = max(depth, level)
                return k
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numerical '<=' splits are supported")
            feature[k], threshold[k] = int(node["split_feature"]), float(node["threshold"])
            left[k] = add(node["left_child"], level + 1)
            right[k] = add(node["right_child"], level + 1)
            value[k] = max(value[left[k]], value[right[k]])
            return k

        for tree in dump["tree_info"]:
            roots.append(add(tree["tree_structure"], 0))
        return cls(
            np.array(feature, dtype=np.int32),
            np.array(threshold, dtype=np.float64),
            np.array(left, dtype=np.int32),
            np.array(right, dtype=np.int32),
            np.array(value, dtype=np.float64),
            np.array(roots, dtype=np.int32),
            depth,
        )


@dataclass(frozen=True)
class PairJudge:
    """A fitted judge: features -> score (a logistic model over standardised features, plus an ensemble of
    boosted trees where it has one) -> Platt calibration -> probability. The shipped judge is trees only
    (its linear weights are zero); a linear-only judge is what tests build."""

    model: str  # the embedding model whose cosines it was trained on
    weights: np.ndarray  # one per feature, after standardising
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    platt: tuple[float, float]  # P = sigmoid(platt[0] * score + platt[1])
    levels: dict[str, Levels]  # per language pair
    centre: np.ndarray  # the mean claim vector of the training corpus, taken off article means
    trees: Trees | None = None

    def article_vector(self, claim_vectors: np.ndarray) -> np.ndarray:
        """An article's vector for ``article_similarity``: the mean of its claims' vectors, centred, unit."""
        v = np.asarray(claim_vectors, dtype=np.float64).mean(axis=0) - self.centre
        return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(same assertion) for each row of ``features`` (FEATURES columns)."""
        features = np.atleast_2d(np.asarray(features, dtype=np.float64))
        score = ((features - self.mean) / self.scale) @ self.weights + self.bias
        if self.trees is not None:
            score = score + self.trees.score(features)
        return 1.0 / (1.0 + np.exp(-(self.platt[0] * score + self.platt[1])))

    def upper_bounds(self, known: dict[str, np.ndarray]) -> np.ndarray:
        """The highest probability each pair could get, from the features ``known`` for it (arrays by
        feature name, exact) and every other feature at its most favourable value in its range ([0, 1];
        [0, flag] for the language interactions). A pair whose bound stays below its suggest level need not
        be judged: ``linking`` skips it, so a large regroup reads the details of far fewer claims."""
        n = len(known["cosine"])
        ones = np.ones(n)
        ceiling = {
            "german_word_overlap": known.get("german", ones),
            "german_gram_overlap": known.get("german", ones),
            "cross_language_gram_overlap": known.get("cross_language", ones),
            "cross_language_name_overlap": known.get("cross_language", ones),
        }
        score = np.full(n, self.bias)
        if self.trees is not None:
            x = np.column_stack([known.get(name, np.zeros(n)) for name in FEATURES])
            unknown = np.array([name not in known for name in FEATURES])
            score += self.trees.score(x, unknown)
        for k, name in enumerate(FEATURES):
            w, mu, sd = self.weights[k], self.mean[k], self.scale[k]
            if name in known:
                score += w * (known[name] - mu) / sd
            else:
                score += np.maximum(w * (0.0 - mu) / sd, w * (ceiling.get(name, ones) - mu) / sd)
        return 1.0 / (1.0 + np.exp(-(self.platt[0] * score + self.platt[1])))

    def levels_for(self, lang_a: str, lang_b: str) -> Levels:
        """The (suggest, confirm) probabilities of this language pair."""
        return self.levels[lang_pair(lang_a, lang_b)]

    def save(self, path: str | Path) -> None:
        """Write the judge as a .npz (what ``training/train_pair_judge.py`` ships)."""
        np.savez(
            path,
            model=np.array(self.model),
            features=np.array(FEATURES),
            weights=self.weights,
            bias=np.array(self.bias),
            mean=self.mean,
            scale=self.scale,
            platt=np.array(self.platt),
            lang_pairs=np.array(list(self.levels)),
            levels=np.array([tuple(v) for v in self.levels.values()]),
            centre=self.centre,
            **(
                {}
                if self.trees is None
                else {
                    f"trees_{name}": getattr(self.trees, name)
                    for name in ("feature", "threshold", "left", "right", "value", "roots")
                }
                | {"trees_depth": np.array(self.trees.depth)}
            ),
        )


def read_judge(path: str | Path) -> PairJudge:
    """A judge written by ``PairJudge.save``; raises ValueError if its features are not this code's."""
    with np.load(path, allow_pickle=False) as f:
        if tuple(f["features"].tolist()) != FEATURES:
            raise ValueError(
                f"{path}: the judge was trained on other features; run training/train_pair_judge.py"
            )
        return PairJudge(
            model=str(f["model"]),
            weights=f["weights"],
            bias=float(f["bias"]),
            mean=f["mean"],
            scale=f["scale"],
            platt=(float(f["platt"][0]), float(f["platt"][1])),
            levels={k: Levels(*map(float, v)) for k, v in zip(f["lang_pairs"].tolist(), f["levels"])},
            centre=f["centre"],
            trees=Trees(
                *(f[f"trees_{name}"] for name in ("feature", "threshold", "left", "right", "value", "roots")),
                int(f["trees_depth"]),
            )
            if "trees_roots" in f.files
            else None,
        )


@functools.lru_cache(maxsize=4)
def load_judge(model: str) -> PairJudge | None:
    """The shipped judge for vectors of ``model``, or None when none was trained on that model."""
    name = JUDGED_MODELS.get(model)
    return read_judge(DATA / name) if name else None


class ClaimInfo(NamedTuple):
    """What the judge needs of a stored claim besides its vector."""

    text: str  # the linking text: the resolved reading, else the claim text
    lang: str
    speaker: str
    article: int  # its article's id (-1: none)
