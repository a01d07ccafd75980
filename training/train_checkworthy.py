"""Rebuild the shipped check-worthiness model file from the public training data (deterministic).

    python training/train_checkworthy.py --vectors CACHE/e5_vectors.npz --news DIR [--out-dir workbench/data]

Needs: the training pool (checkworthy_data: CheckThat 2024 en train+dev, GermEval 2021 de train, under
``$WORKBENCH_SHARED/data/bench``) and its cached multilingual-e5-small vectors (embed_checkworthy.py); from cw3
on the labelled news sentences, DIR built by ``training/news_sentences.py`` (embedded here).
Nothing held out is read. Writes ``checkworthy-<version>.npz``; to ship it, set ``SHIPPED`` in
``workbench/text/checkworthy.py`` to that version and keep the older files that migrations pin.

Steps: (1) 8-fold grouped CV (debates / comment threads, see cwdata) gives out-of-fold logits of both
scorers; (2) per language, Platt scaling on those logits (probability = observed share of check-worthy
claims) and the threshold that maximises the language's official metric (en F1(yes), de macro-F1) on the
calibrated out-of-fold scores; (3) both scorers are refitted on the whole pool and written with the
calibration, thresholds and a version string (a hash of the file's arrays, so the same data and code give
the same version). The recipes and their settings were picked by grouped CV (research/checkworthy_cv_2026-12-06.txt): the blend
with the best mean of en F1(yes) and de macro-F1. cw3 adds the news sentences to the vector model's training
only, at 15 % of each language's weight (chosen by CV: research/checkworthy_news_cv_2026-12-07.txt); the
n-gram model, the blend's scales and the calibration stay on the debate and comment rows, as in cw2.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import checkworthy_cv as cvlib  # noqa: E402

from workbench.text import checkworthy as rt  # noqa: E402

# Chosen by grouped CV (research/checkworthy_cv_2026-12-06.txt; README "Check-worthiness" has the table).
VECTOR = dict(kind="lr", C=0.01, de_share=0.3, news_share=0.15)
FALLBACK = dict(buckets=2**18, chars=True, C=3.0, min_df=5, de_share=0.5)
BLEND_W = 0.6  # weight of the network in the vector model's logit; the n-gram model has the rest
VERSION_PREFIX = "cw3"


def vector_recipe(p: cvlib.Pool, x: np.ndarray):
    """The vector model's recipe as configured in VECTOR."""
    if VECTOR["kind"] == "mlp":
        return cvlib.recipe_mlp(
            x,
            p,
            VECTOR["hidden"],
            VECTOR["alpha"],
            VECTOR["epochs"],
            VECTOR["de_share"],
            n_seeds=VECTOR["n_seeds"],
        )
    return cvlib.recipe_dense_lr(x, p, VECTOR["C"], VECTOR["de_share"], VECTOR.get("news_share", 0.0))


def fallback_recipe(p: cvlib.Pool, counts):
    """The fallback's recipe as configured in FALLBACK."""
    return cvlib.recipe_ngram_lr(p, counts, FALLBACK["C"], FALLBACK["min_df"], FALLBACK["de_share"])


def vector_layers(state: dict) -> list[tuple[np.ndarray, np.ndarray]]:
    """The fitted vector model as runtime layers [(W, b), ...] (an ensemble becomes one wider layer)."""
    if "nets" in state:
        nets = state["nets"]
        w1 = np.hstack([n.coefs_[0] for n in nets])
        b1 = np.concatenate([n.intercepts_[0] for n in nets])
        w2 = np.vstack([n.coefs_[1] for n in nets]) / len(nets)
        b2 = np.array([np.mean([n.intercepts_[1][0] for n in nets])])
        return [(w1, b1), (w2, b2)]
    clf = state["clf"]
    return [(clf.coef_.T.copy(), clf.intercept_.copy())]


def calibration(p: cvlib.Pool, z: np.ndarray) -> tuple[dict, dict]:
    """Per-language Platt (a, b) and threshold from out-of-fold logits."""
    calib, thresholds = {}, {}
    for lang in rt.LANGS:
        m = p.lang == lang
        a, b = cvlib.platt(z[m], p.y[m])
        calib[lang] = (a, b)
        thresholds[lang] = cvlib.best_threshold(cvlib.sigmoid(a * z[m] + b), p.y[m], cvlib.METRIC[lang])
    return calib, thresholds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=Path, required=True, help="e5_vectors.npz of embed_checkworthy.py")
    parser.add_argument(
        "--news", type=Path, required=True, help="folder of the labelled news sentences (news_sentences.py)"
    )
    parser.add_argument("--out-dir", type=Path, default=HERE.parent / "workbench" / "data")
    parser.add_argument(
        "--oof-dir",
        type=Path,
        default=None,
        help="reuse saved out-of-fold logits of exactly these recipes (saves the CV refits)",
    )
    parser.add_argument(
        "--sample", type=int, default=1, help="keep every n-th training text (code test only)"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    p = cvlib.pool(args.vectors, args.news)
    if args.sample > 1:
        p = cvlib.subsample(p, args.sample)
    print(
        f"pool {len(p)} texts ({(p.lang == 'en').sum()} en, {(p.lang == 'de').sum()} de; {int(p.news.sum())} news)"
    )
    x = cvlib.dense_input(p)
    # the debate and comment rows: the n-gram model, the blend's scales and the calibration are theirs
    base = np.where(~p.news)[0]
    pb = cvlib.take(p, base)
    counts = cvlib.ngram_matrix(pb.texts, FALLBACK["buckets"], FALLBACK["chars"])

    # (1) out-of-fold logits -> (2) calibration and thresholds per language
    z_net = cvlib.oof_logits(p, vector_recipe(p, x))[base]
    if args.oof_dir is not None:  # the n-gram model's out-of-fold logits are cw2's: reuse them
        z_f = np.load(
            args.oof_dir
            / f"fb_chars=1_C={FALLBACK['C']}_df={FALLBACK['min_df']}_de={FALLBACK['de_share']}.npy"
        )
    else:
        z_f = cvlib.oof_logits(pb, fallback_recipe(pb, counts))
    sd_net, sd_ngram = float(z_net.std()), float(z_f.std())
    z_v = BLEND_W * z_net / sd_net + (1 - BLEND_W) * z_f / sd_ngram
    v_calib, v_thresholds = calibration(pb, z_v)
    f_calib, f_thresholds = calibration(pb, z_f)
    for lang in rt.LANGS:
        print(
            f"{lang}: vector model Platt {v_calib[lang]}, threshold {v_thresholds[lang]}; fallback Platt {f_calib[lang]}, threshold {f_thresholds[lang]}"
        )

    # (3) refit on everything
    everything = np.arange(len(p))
    v_state = vector_recipe(p, x)(everything).state
    f_state = fallback_recipe(pb, counts)(np.arange(len(pb))).state
    layers = vector_layers(v_state)
    clf = f_state["clf"]
    n_buckets = FALLBACK["buckets"]
    w = clf.coef_[0]
    idf = f_state["idf"]
    index = np.nonzero(idf)[0]  # buckets seen in >= min_df texts; the others have no weight
    arrays: dict[str, np.ndarray] = {
        "cues": np.array(list(rt.CUES) + list(rt.EXTRA)),
        "v_mean": v_state["mean"].astype(np.float32),
        "v_scale": v_state["scale"].astype(np.float32),
        "v_depth": np.array(len(layers)),
        "f_buckets": np.array(n_buckets),
        "f_chars": np.array(FALLBACK["chars"]),
        "f_index": index.astype(np.int32),
        "f_idf": idf[index].astype(np.float16),
        "f_weight": w[:n_buckets][index].astype(np.float16),
        "f_dense_w": w[n_buckets:].astype(np.float32),
        "f_dense_mean": f_state["mean"].astype(np.float32),
        "f_dense_scale": f_state["scale"].astype(np.float32),
        "f_bias": np.array(clf.intercept_[0]),
        "blend_w": np.array(BLEND_W),
        "sd_net": np.array(sd_net),
        "sd_ngram": np.array(sd_ngram),
    }
    for i, (wi, bi) in enumerate(layers):
        arrays[f"v_w{i}"] = wi.astype(np.float16 if wi.size > 10_000 else np.float32)
        arrays[f"v_b{i}"] = bi.astype(np.float32)
    for lang in rt.LANGS:
        arrays[f"v_calib_{lang}"] = np.array(v_calib[lang])
        arrays[f"f_calib_{lang}"] = np.array(f_calib[lang])
        arrays[f"v_threshold_{lang}"] = np.array(v_thresholds[lang])
        arrays[f"f_threshold_{lang}"] = np.array(f_thresholds[lang])
    digest = hashlib.sha256()
    for k in sorted(arrays):
        digest.update(k.encode())
        digest.update(np.ascontiguousarray(arrays[k]).tobytes())
    arrays["meta_version"] = np.array(f"{VERSION_PREFIX}-{digest.hexdigest()[:12]}")
    arrays["meta_embedder"] = np.array(rt.E5_MODEL)
    arrays["meta_recipe"] = np.array(f"vector={VECTOR} fallback={FALLBACK} blend_w={BLEND_W}")
    out = args.out_dir / f"checkworthy-{arrays['meta_version']}.npz"
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    print(
        f"wrote {out} ({out.stat().st_size / 1e3:.0f} kB), version {arrays['meta_version']}, {time.perf_counter() - start:.0f} s"
    )

    # the file as shipped (float16 weights) through the runtime must reproduce the training logits
    rt.read_model.cache_clear()
    model = rt.read_model(out)
    rows = np.arange(0, len(pb), max(1, len(pb) // 300))
    run_f = np.array([model.ngram_logit(pb.texts[i], pb.dense[i]) for i in rows])
    ref_f = _fallback_logits(f_state, counts[rows], pb.dense[rows])
    run_v = model.blend(model.net_logits(pb.vectors[rows], pb.dense[rows]), run_f)
    ref_v = model.blend(_state_logits(v_state, x[base][rows]), ref_f)
    drift_v, drift_f = float(np.max(np.abs(run_v - ref_v))), float(np.max(np.abs(run_f - ref_f)))
    print(
        f"runtime vs training logits on {len(rows)} texts: vector max diff {drift_v:.4f}, fallback {drift_f:.4f}"
    )
    if not (drift_v < 0.05 and drift_f < 0.05):
        raise SystemExit("runtime features drifted from training features")


def _state_logits(state: dict, x: np.ndarray) -> np.ndarray:
    xs = (x - state["mean"]) / state["scale"]
    if "nets" in state:
        z = np.zeros(len(x))
        for n in state["nets"]:
            z += (np.maximum(xs @ n.coefs_[0] + n.intercepts_[0], 0) @ n.coefs_[1] + n.intercepts_[1])[:, 0]
        return z / len(state["nets"])
    return state["clf"].decision_function(xs)


def _fallback_logits(state: dict, counts, dense: np.ndarray) -> np.ndarray:
    from scipy.sparse import csr_matrix, hstack

    x = hstack(
        [cvlib.tfidf(counts, state["idf"]), csr_matrix((dense - state["mean"]) / state["scale"])]
    ).tocsr()
    return state["clf"].decision_function(x)


if __name__ == "__main__":
    main()
