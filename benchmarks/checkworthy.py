"""Benchmark of the check-worthiness model: cross-validated and untouched figures beside today's model and
two baselines, in one run; claims scored per second and the model file's size.

    python benchmarks/checkworthy.py --vectors CACHE/e5_vectors.npz                   # CV + speed + size
    python benchmarks/checkworthy.py --vectors CACHE/e5_vectors.npz --final --raw DIR # ... and the untouched sets, once

(CACHE from training/embed_checkworthy.py; ``--oof-dir`` reuses saved out-of-fold logits of exactly these
recipes instead of refitting them per fold.)

Cross-validation: 8 grouped folds inside the training pool (CheckThat 2024 en train+dev by debate ranges,
GermEval 2021 de train by thread ranges; see cwdata). Every learned scorer is refitted inside each fold;
calibration and threshold of a fold come from the other folds. "Today" = the recipe of the current
workbench model (text/checkworthy_v1.py: hashed n-grams + 10 cues, class-balanced LR, C=1, min_df 5) refitted
per fold; its shipped file cannot be cross-validated (it was trained on these rows).

Untouched sets (--final; labels read only there): CheckThat 2024 en dev-test and test_gold, GermEval 2021
de test, and another domain never used for any choice: COVID-19 tweets of CheckThat 2022 1A (dev-test) and
CheckThat 2020 task 1 (test). There the shipped files are scored as they are: the new model file
(vector model with the cached e5 vectors; fallback without vectors) at its per-language thresholds, and
today's shipped model at 0.5 (its decision threshold).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT))
import checkworthy_cv as cvlib  # noqa: E402
import checkworthy_data as cwdata  # noqa: E402
import train_checkworthy as train  # noqa: E402

from workbench.text import checkworthy as rt  # noqa: E402
from workbench.text import checkworthy_v1  # noqa: E402


def old_module():
    """Today's model (v1, frozen for migration 3): the comparison."""
    return checkworthy_v1


def today_counts(p: cvlib.Pool):
    """Today's model's own features: its hashed n-grams and its 10 cues."""
    from scipy.sparse import csr_matrix

    old = old_module()
    indptr, indices, data = [0], [], []
    for text in p.texts:
        counts = old.hashed_counts(text)[0]
        indices.extend(counts)
        data.extend(counts.values())
        indptr.append(len(indices))
    counts = csr_matrix((data, indices, indptr), shape=(len(p.texts), old.BUCKETS), dtype=np.float64)
    return counts, np.array([old.cue_values(t) for t in p.texts])


def number_or_entity(texts: list[str]) -> np.ndarray:
    """Baseline: check-worthy if the text has a number or a named entity (today's cue finder)."""
    old = old_module()
    return np.array([float(bool(f["number"] or f["named entity"])) for f in map(old.find_cues, texts)])


def line(name: str, r: dict) -> str:
    return f"  {name:<44} F1(yes) {r['f1']:.3f}  macro-F1 {r['macro_f1']:.3f}  P {r['p']:.3f}  R {r['r']:.3f}  AP {r['ap']:.3f}"


def cross_validation(p: cvlib.Pool, oof_dir: Path | None) -> dict:
    """CV figures of the new scorers, today's recipe and the baselines; returns the new model's."""
    print(
        "== Cross-validated (8 grouped folds inside the training pool; calibration/threshold from the other folds)"
    )
    if oof_dir is not None:
        print(
            f"   (out-of-fold logits read from {oof_dir}: the same recipes, fitted per fold by an earlier run)"
        )
        z_today = np.load(oof_dir / "today_recipe_(ngram+10_cues_LR_C=1.0).npy")
        z_net = np.load(oof_dir / f"LR_vec+cues_C={train.VECTOR['C']}_de={train.VECTOR['de_share']:.2f}.npy")
        fb = train.FALLBACK
        z_fb = np.load(oof_dir / f"fb_chars=1_C={fb['C']}_df={fb['min_df']}_de={fb['de_share']}.npy")
    else:
        x = cvlib.dense_input(p)
        counts = cvlib.ngram_matrix(p.texts, train.FALLBACK["buckets"], train.FALLBACK["chars"])
        t_counts, t_cues = today_counts(p)
        saved = p.dense
        p.dense = t_cues
        z_today = cvlib.oof_logits(p, cvlib.recipe_ngram_lr(p, t_counts, 1.0, 5, None))
        p.dense = saved
        z_net = cvlib.oof_logits(p, train.vector_recipe(p, x))
        z_fb = cvlib.oof_logits(p, train.fallback_recipe(p, counts))
    z_vec = train.BLEND_W * z_net / z_net.std() + (1 - train.BLEND_W) * z_fb / z_fb.std()
    every = np.ones(len(p))
    num_ent = number_or_entity(p.texts)
    out = {}
    for lang, label in (
        ("en", "CheckThat 2024 en train+dev (23,533)"),
        ("de", "GermEval 2021 de train (3,244)"),
    ):
        m = p.lang == lang
        print(f"{label}:")
        for name, z in (
            ("new: vector model (e5 + cues)", z_vec),
            ("new: fallback (n-grams + cues)", z_fb),
            ("today's recipe, refitted per fold", z_today),
        ):
            r = cvlib.nested_eval(p, z, lang)
            out[(name, lang)] = r
            print(line(name + f" (t~{r['threshold']:.2f})", r) + f"  ECE {r['ece']:.3f}")
        print(line("baseline: every sentence", cvlib.metrics(p.y[m], every[m] > 0)))
        print(line("baseline: number or named entity", cvlib.metrics(p.y[m], num_ent[m] > 0)))
    return out


def untouched(model_path: Path, vector_cache: Path, cv: dict | None, sets: list | None = None) -> None:
    """Scores every untouched set once with the shipped files and prints figures and reliability tables."""
    from embed_checkworthy import load_vectors

    old = old_module()
    today = old.default_model()
    model = rt.read_model(model_path)
    print(f"\n== Untouched sets (never used for a choice); model {model.version}")
    for d in cwdata.untouched_sets() if sets is None else sets:
        vectors = load_vectors(d.texts, vector_cache)
        langs = [d.lang] * len(d)
        p_vec = np.array(rt.score_texts(d.texts, vectors, langs, model=model))
        p_fb = np.array(rt.score_texts(d.texts, None, langs, model=model))
        p_old = np.array(old.score_texts(d.texts, today))
        t_new = model.thresholds[("v", d.lang)]
        t_fb = model.thresholds[("f", d.lang)]
        y = d.labels
        print(f"{d.name} ({len(d)} texts, {int(y.sum())} check-worthy = {y.mean():.0%}):")
        rows = [
            (f"new: vector model, >= {t_new:.2f}", cvlib.metrics(y, p_vec >= t_new, p_vec)),
            ("new: vector model, >= 0.50", cvlib.metrics(y, p_vec >= 0.5, p_vec)),
            (f"new: fallback (no vector), >= {t_fb:.2f}", cvlib.metrics(y, p_fb >= t_fb, p_fb)),
            ("today's shipped model, >= 0.50", cvlib.metrics(y, p_old >= 0.5, p_old)),
            ("baseline: every sentence", cvlib.metrics(y, np.ones(len(y), bool))),
            ("baseline: number or named entity", cvlib.metrics(y, number_or_entity(d.texts) > 0)),
        ]
        for name, r in rows:
            print(line(name, r))
        if cv is not None:
            key = "f1" if d.lang == "en" else "macro_f1"
            cv_fig = cv[("new: vector model (e5 + cues)", d.lang)][key]
            print(
                f"  gap, vector model: CV {key} {cv_fig:.3f} -> here {rows[0][1][key]:.3f} ({rows[0][1][key] - cv_fig:+.3f})"
            )
        for name, prob in (("vector model", p_vec), ("fallback", p_fb), ("today's model", p_old)):
            print_reliability(name, prob, y)


def print_reliability(name: str, prob: np.ndarray, y: np.ndarray) -> None:
    """The reliability table of one scorer's probabilities against the labels, and its ECE."""
    table = cvlib.reliability(prob, y)
    print(f"  reliability, {name} (band: n, mean score -> observed share)  ECE {cvlib.ece(prob, y):.3f}")
    print("    " + " | ".join(f"{b}: {n} {ms:.2f}->{ob:.2f}" if n else f"{b}: 0" for b, n, ms, ob in table))


def speed(p: cvlib.Pool, model_path: Path) -> None:
    """Claims scored per second on 1,000 training-pool texts (500 en, 500 de): new scorers and today's
    model in the same process, interleaved, best of 3; the e5 vectors are the stored ones (as at run time)."""
    old = old_module()
    today = old.default_model()
    model = rt.read_model(model_path)
    rng = np.random.default_rng(0)
    rows = np.concatenate(
        [
            rng.choice(np.where(p.lang == lg)[0], min(500, int((p.lang == lg).sum())), replace=False)
            for lg in ("en", "de")
        ]
    )
    texts = [p.texts[i] for i in rows]
    langs = [str(p.lang[i]) for i in rows]
    vectors = p.vectors[rows]
    rt.score_texts(texts[:10], vectors[:10], langs[:10], model=model)  # load once
    old.score_texts(texts[:10], today)
    runs = {
        "today's model": lambda: old.score_texts(texts, today),
        "new vector model (stored vectors)": lambda: rt.score_texts(texts, vectors, langs, model=model),
        "new fallback (no vectors)": lambda: rt.score_texts(texts, None, langs, model=model),
        "new vector model + explain()": lambda: [
            rt.explain(t, v, lg, model=model) for t, v, lg in zip(texts, vectors, langs)
        ],
        "today's model + explain()": lambda: [old.explain(t, today) for t in texts],
    }
    best = {k: float("inf") for k in runs}
    for _ in range(3):
        for name, fn in runs.items():
            # the n-gram caches make repeated texts cheaper: clear them so every run pays full price
            (
                rt._word_grams.cache_clear(),
                rt._crc.cache_clear(),
                old._bucket.cache_clear(),
                old._word_buckets.cache_clear(),
            )
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    base = len(texts) / best["today's model"]
    print("\n== Speed (1,000 texts, best of 3, same process; noisy shared machine: read the ratios)")
    for name, secs in best.items():
        rate = len(texts) / secs
        print(f"  {name:<40} {rate:8.0f} claims/s  ({rate / base:.2f}x today's model)")
    print("  (the e5 vector itself is computed once at ingest and stored: not part of scoring)")
    size_new = os.path.getsize(model_path)
    size_old = os.path.getsize(ROOT / "workbench" / "data" / old.MODEL_FILE)
    print(
        f"\n== Size: {model_path.name} {size_new / 1e3:.0f} kB (today's {old.MODEL_FILE} {size_old / 1e3:.0f} kB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", type=Path, default=None, help="a model file (default: the shipped version)"
    )
    parser.add_argument(
        "--vectors", type=Path, required=True, help="e5_vectors.npz of training/embed_checkworthy.py"
    )
    parser.add_argument(
        "--raw", type=Path, default=None, help="folder of the untouched sets' files (--final)"
    )
    parser.add_argument(
        "--oof-dir", type=Path, default=None, help="saved out-of-fold logits of these recipes"
    )
    parser.add_argument(
        "--final", action="store_true", help="also score the untouched sets (run once, after freezing)"
    )
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument(
        "--sample", type=int, default=1, help="keep every n-th training text (code test only)"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="run the untouched-set report on training folds 0-1 instead (code test)",
    )
    args = parser.parse_args()
    args.model = args.model or rt.model_path()
    cwdata.RAW = args.raw
    p = cvlib.pool(args.vectors)
    if args.sample > 1:
        p = cvlib.subsample(p, args.sample)
    model = rt.read_model(args.model)
    print(f"model file {args.model.name} version {model.version}; recipe {model.arrays['meta_recipe']}")
    cv = None if args.skip_cv else cross_validation(p, args.oof_dir if args.sample == 1 else None)
    speed(p, args.model)
    if args.dry_run:
        sets = [
            cwdata.Dataset(
                f"DRY RUN {lg} training fold {k}", lg, [], [t for t, m in zip(p.texts, sel) if m], p.y[sel]
            )
            for lg in ("en", "de")
            for k in (0, 1)
            for sel in [(p.lang == lg) & (p.fold == k)]
        ]
        untouched(args.model, args.vectors, cv, sets)
    elif args.final:
        untouched(args.model, args.vectors, cv)


if __name__ == "__main__":
    main()
