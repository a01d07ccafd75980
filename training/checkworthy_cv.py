"""Shared pieces of training and evaluation: feature matrices, model recipes, grouped CV, calibration.

Everything here works on the training pool only (CheckThat 2024 en train+dev, GermEval 2021 de train)
and its groups (see checkworthy_data). Held-out sets are touched only by ``benchmarks/checkworthy.py --final``.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checkworthy_data as cwdata  # noqa: E402

from workbench.text import checkworthy as rt  # noqa: E402

warnings.filterwarnings("ignore", category=ConvergenceWarning)


@dataclass
class Pool:
    """The training pool: texts, labels, language, CV fold, and features computed once."""

    texts: list[str]
    y: np.ndarray
    lang: np.ndarray  # "en" / "de"
    fold: np.ndarray  # CheckThat fold k and GermEval fold k form CV fold k
    ids: list[str]
    dense: np.ndarray = field(default=None)  # cues + EXTRA
    vectors: np.ndarray | None = None
    news: np.ndarray | None = None  # True for rows of the news sentences (cw3), None when there are none

    def __len__(self) -> int:
        return len(self.texts)


def pool(vector_cache: Path | None = None, news: Path | None = None) -> Pool:
    """Both training sets as one pool, with dense features (and e5 vectors from the cache); with ``news`` (a
    folder of ``checkworthy_data.news_train``) the news sentences too, after them, embedded here by the
    default embedder (what ingest stores)."""
    sets = cwdata.training_sets()
    extra = cwdata.news_train(news) if news is not None else []
    everything = sets + extra
    texts = [t for d in everything for t in d.texts]
    n_base = sum(len(d) for d in sets)  # the news rows come after the debate and comment rows
    p = Pool(
        texts=texts,
        y=np.concatenate([d.labels for d in everything]),
        lang=np.array([d.lang for d in everything for _ in d.texts]),
        fold=np.concatenate([d.folds for d in everything]),
        ids=[f"{d.name}:{i}" for d in everything for i in d.ids],
    )
    p.dense = np.array([rt.dense_features(t, lg) for t, lg in zip(p.texts, p.lang)])
    if extra:
        p.news = np.arange(len(texts)) >= n_base
    if vector_cache is not None:
        from embed_checkworthy import load_vectors

        parts = [load_vectors(texts[:n_base], vector_cache)]
        if extra:
            from workbench import load_embedder

            parts.append(np.asarray(load_embedder().encode(texts[n_base:]), dtype=np.float32))
        p.vectors = np.vstack(parts)
    return p


def take(p: Pool, rows: np.ndarray) -> Pool:
    """The pool's ``rows`` as a pool of their own (e.g. without the news rows)."""
    return Pool(
        texts=[p.texts[i] for i in rows],
        y=p.y[rows],
        lang=p.lang[rows],
        fold=p.fold[rows],
        ids=[p.ids[i] for i in rows],
        dense=p.dense[rows],
        vectors=None if p.vectors is None else p.vectors[rows],
        news=None if p.news is None else p.news[rows],
    )


def subsample(p: Pool, step: int) -> Pool:
    """Every ``step``-th row of a pool (for quick code tests, never for reported figures)."""
    return take(p, np.arange(0, len(p), step))


def ngram_matrix(texts: list[str], buckets: int, chars: bool) -> csr_matrix:
    """Raw hashed n-gram counts, exactly as the runtime's hashed_counts computes them."""
    indptr, indices, data = [0], [], []
    for text in texts:
        counts = rt.hashed_counts(text, buckets, chars)[0]
        indices.extend(counts)
        data.extend(counts.values())
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(texts), buckets), dtype=np.float64)


def fit_idf(counts: csr_matrix, min_df: int) -> np.ndarray:
    """Smoothed idf per bucket; buckets seen in fewer than min_df training texts get 0 (switched off)."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + counts.shape[0]) / (1 + df)) + 1
    idf[df < min_df] = 0
    return idf.astype(np.float32)


def tfidf(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
    """Sublinear tf times idf, rows L2-normalised: the runtime transform."""
    x = counts.copy()
    x.data = 1.0 + np.log(x.data)
    x = x.multiply(idf.astype(np.float64)).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1))).ravel()
    return csr_matrix(x.multiply(1.0 / np.where(norms == 0, 1, norms)[:, None]))


def sample_weights(
    y: np.ndarray, lang: np.ndarray, de_share: float, news: np.ndarray | None = None, news_share: float = 0.0
) -> np.ndarray:
    """Weights that balance the classes within each language and give German ``de_share`` of the total; with
    news rows (``news`` True), those get ``news_share`` of each language's weight, classes balanced within
    them too. Without news rows the weights are cw2's."""
    w = np.zeros(len(y))
    news = np.zeros(len(y), dtype=bool) if news is None else news
    parts = ((False, 1.0),) if not news.any() else ((False, 1.0 - news_share), (True, news_share))
    for lg, share in (("en", 1 - de_share), ("de", de_share)):
        for is_news, part in parts:
            for c in (0, 1):
                m = (lang == lg) & (y == c) & (news == is_news)
                if m.any():
                    w[m] = share * part / 2 / m.sum()
    return w * len(y)


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and scale (std, 1 where constant) of the training rows."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    return mean, np.where(scale < 1e-8, 1.0, scale)


# --- recipes: fit on training rows, return a predict(rows) -> logits ------------------------------------


def recipe_ngram_lr(
    p: Pool, counts: csr_matrix, C: float, min_df: int, de_share: float | None, dense: bool = True
):
    """Logistic regression over hashed n-gram tf-idf (+ standardised dense cues): the fallback family.
    ``de_share`` None = class-balanced over the pooled data (today's recipe)."""

    def fit(tr: np.ndarray):
        idf = fit_idf(counts[tr], min_df)
        parts = [tfidf(counts[tr], idf)]
        mean = scale = None
        if dense:
            mean, scale = standardise(p.dense[tr])
            parts.append(csr_matrix((p.dense[tr] - mean) / scale))
        x = hstack(parts).tocsr()
        if de_share is None:
            clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
            clf.fit(x, p.y[tr])
        else:
            clf = LogisticRegression(C=C, max_iter=5000)
            clf.fit(x, p.y[tr], sample_weight=sample_weights(p.y[tr], p.lang[tr], de_share))

        def predict(te: np.ndarray) -> np.ndarray:
            parts = [tfidf(counts[te], idf)]
            if dense:
                parts.append(csr_matrix((p.dense[te] - mean) / scale))
            return clf.decision_function(hstack(parts).tocsr())

        predict.state = dict(idf=idf, clf=clf, mean=mean, scale=scale)
        return predict

    return fit


def dense_input(
    p: Pool, use_vec: bool = True, use_dense: bool = True, cols: list[int] | None = None
) -> np.ndarray:
    """The vector model's input: [e5 vector, dense features]."""
    parts = []
    if use_vec:
        parts.append(p.vectors.astype(np.float64))
    if use_dense:
        parts.append(p.dense if cols is None else p.dense[:, cols])
    return np.hstack(parts)


def recipe_dense_lr(x: np.ndarray, p: Pool, C: float, de_share: float, news_share: float = 0.0):
    """Logistic regression on standardised dense input (news rows, if any, at ``news_share``)."""

    def fit(tr: np.ndarray):
        mean, scale = standardise(x[tr])
        clf = LogisticRegression(C=C, max_iter=5000)
        news = None if p.news is None else p.news[tr]
        weights = sample_weights(p.y[tr], p.lang[tr], de_share, news, news_share)
        clf.fit((x[tr] - mean) / scale, p.y[tr], sample_weight=weights)

        def predict(te: np.ndarray) -> np.ndarray:
            return clf.decision_function((x[te] - mean) / scale)

        predict.state = dict(mean=mean, scale=scale, clf=clf)
        return predict

    return fit


def recipe_mlp(
    x: np.ndarray,
    p: Pool,
    hidden: int,
    alpha: float,
    epochs: int,
    de_share: float,
    seed: int = 0,
    n_seeds: int = 1,
):
    """A one-hidden-layer ReLU network (scikit-learn, Adam) on standardised dense input; ``n_seeds`` nets
    averaged in logit space (the runtime keeps them as one wider layer)."""
    from sklearn.neural_network import MLPClassifier

    def fit(tr: np.ndarray):
        mean, scale = standardise(x[tr])
        xs = (x[tr] - mean) / scale
        w = sample_weights(p.y[tr], p.lang[tr], de_share)
        nets = []
        for s in range(n_seeds):
            net = MLPClassifier(
                hidden_layer_sizes=(hidden,),
                alpha=alpha,
                max_iter=epochs,
                batch_size=256,
                learning_rate_init=1e-3,
                random_state=seed + s,
                shuffle=True,
                tol=0.0,
                n_iter_no_change=10**6,
            )
            net.fit(xs, p.y[tr], sample_weight=w)
            nets.append(net)

        def logits(xt: np.ndarray) -> np.ndarray:
            z = np.zeros(len(xt))
            for net in nets:
                h = np.maximum(xt @ net.coefs_[0] + net.intercepts_[0], 0)
                z += (h @ net.coefs_[1] + net.intercepts_[1])[:, 0]
            return z / len(nets)

        def predict(te: np.ndarray) -> np.ndarray:
            return logits((x[te] - mean) / scale)

        predict.state = dict(mean=mean, scale=scale, nets=nets)
        return predict

    return fit


# --- grouped CV, calibration, thresholds -----------------------------------------------------------------


def oof_logits(p: Pool, fit, folds: list[int] | None = None) -> np.ndarray:
    """Out-of-fold logits: for each fold k, fit on the other folds (both languages), predict fold k."""
    z = np.full(len(p), np.nan)
    for k in sorted(set(p.fold.tolist())) if folds is None else folds:
        tr, te = np.where(p.fold != k)[0], np.where(p.fold == k)[0]
        z[te] = fit(tr)(te)
    return z


def platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling (a, b) for p = sigmoid(a z + b), fitted to the real class shares (no weighting)."""
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(z[:, None], y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


METRIC = {"en": "f1", "de": "macro_f1"}  # the official metric of each language's task
GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def metrics(y: np.ndarray, pred: np.ndarray, score: np.ndarray | None = None) -> dict:
    """F1(yes), macro-F1, P, R (and AP if a score is given)."""
    return {
        "f1": f1_score(y, pred, zero_division=0),
        "macro_f1": f1_score(y, pred, average="macro", zero_division=0),
        "p": precision_score(y, pred, zero_division=0),
        "r": recall_score(y, pred, zero_division=0),
        "ap": average_precision_score(y, score) if score is not None else float("nan"),
    }


def best_threshold(prob: np.ndarray, y: np.ndarray, metric: str) -> float:
    """The grid threshold that maximises ``metric`` (ties: the one nearest 0.5)."""
    best = max(GRID, key=lambda t: (round(metrics(y, prob >= t)[metric], 6), -abs(t - 0.5)))
    return float(best)


def nested_eval(p: Pool, z: np.ndarray, lang: str, fixed_threshold: float | None = None) -> dict:
    """CV figures of out-of-fold logits for one language: for each fold k, Platt scaling and the threshold
    are fitted on the other folds' out-of-fold logits and applied to fold k, so no fold's labels pick its
    own calibration or threshold."""
    m = p.lang == lang
    prob = np.zeros(len(p))
    pred = np.zeros(len(p), dtype=bool)
    thresholds = []
    for k in sorted(set(p.fold[m].tolist())):
        tr, te = m & (p.fold != k), m & (p.fold == k)
        a, b = platt(z[tr], p.y[tr])
        t = (
            fixed_threshold
            if fixed_threshold is not None
            else best_threshold(sigmoid(a * z[tr] + b), p.y[tr], METRIC[lang])
        )
        thresholds.append(t)
        prob[te] = sigmoid(a * z[te] + b)
        pred[te] = prob[te] >= t
    r = metrics(p.y[m], pred[m], z[m])
    r["threshold"] = float(np.median(thresholds))
    r["ece"] = ece(prob[m], p.y[m])
    r["prob"] = prob[m]
    return r


def ece(prob: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width probability bins."""
    idx = np.minimum((prob * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        sel = idx == b
        if sel.any():
            total += sel.sum() * abs(prob[sel].mean() - y[sel].mean())
    return total / len(y)


def reliability(
    prob: np.ndarray, y: np.ndarray, edges=(0.1, 0.3, 0.5, 0.7, 0.9)
) -> list[tuple[str, int, float, float]]:
    """(band, n, mean predicted, observed share) per score band."""
    bands = np.digitize(prob, edges)
    names = [f"<{edges[0]}"] + [f"{a}-{b}" for a, b in zip(edges, edges[1:])] + [f">={edges[-1]}"]
    out = []
    for i, name in enumerate(names):
        sel = bands == i
        if sel.any():
            out.append((name, int(sel.sum()), float(prob[sel].mean()), float(y[sel].mean())))
        else:
            out.append((name, 0, float("nan"), float("nan")))
    return out


def cv_row(p: Pool, z: np.ndarray) -> dict:
    """CV summary of out-of-fold logits: en F1(yes) + AP, de macro-F1 + AP, thresholds, ECE."""
    en, de = nested_eval(p, z, "en"), nested_eval(p, z, "de")
    return {
        "en_f1": en["f1"],
        "en_ap": en["ap"],
        "en_t": en["threshold"],
        "en_ece": en["ece"],
        "de_mf1": de["macro_f1"],
        "de_ap": de["ap"],
        "de_t": de["threshold"],
        "de_ece": de["ece"],
    }


def fmt_row(name: str, r: dict) -> str:
    return (
        f"{name:<46} en F1(yes) {r['en_f1']:.3f} AP {r['en_ap']:.3f} t {r['en_t']:.2f} ECE {r['en_ece']:.3f} | "
        f"de macro-F1 {r['de_mf1']:.3f} AP {r['de_ap']:.3f} t {r['de_t']:.2f} ECE {r['de_ece']:.3f}"
    )
