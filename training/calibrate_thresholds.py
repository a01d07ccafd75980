"""Pick the two grouping thresholds of an embedding model on the public STS benchmark dev sets (German, English).

A pair counts as "the same assertion" when its gold score is >= --same (default 3 of 5: "roughly equivalent,
some details differ", which is what a group shows: outlets that repeat or vary one assertion). For each
threshold the script prints precision, recall and F1 of "cosine >= threshold" against that, on German dev,
English dev and German<->English dev pairs (German sentence 1 against English sentence 2), and picks on
German + English dev:
- confirm: the threshold that maximises F0.5 (precision weighted: a link that forms a group without a
  reviewer misleads more when wrong than a missed link does);
- suggest: the highest threshold whose recall is >= --recall (default 0.90): a reviewer sees nearly every
  true link, as a suggestion to accept or reject.
The lowest threshold reaching --precision (default 0.90) is printed beside them, for comparison. Embeddings are cached in /tmp/calibrate_cache.
Run: python training/calibrate_thresholds.py [--model NAME] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import time
from pathlib import Path

import numpy as np

from workbench.config import shared_dir
from workbench.vectors.embedders import load_embedder

BENCH = shared_dir() / "data" / "bench"


def read_pairs(lang: str) -> list[tuple[str, str, float]]:
    with open(BENCH / f"stsb_de_en/stsb-{lang}-dev.csv", encoding="utf-8", newline="") as f:
        return [(a, b, float(s)) for a, b, s in csv.reader(f)]


def prf(
    scores: np.ndarray, gold: np.ndarray, threshold: float, beta: float = 1.0
) -> tuple[float, float, float]:
    pred = scores >= threshold
    tp = float(np.sum(pred & gold))
    p = tp / max(pred.sum(), 1)
    r = tp / max(gold.sum(), 1)
    b2 = beta * beta
    f = (1 + b2) * p * r / max(b2 * p + r, 1e-9)
    return p, r, f


def cached_encode(embedder, texts: list[str], label: str) -> np.ndarray:
    """``embedder.encode(texts)``, cached as .npy keyed by model, label and a hash of the texts."""
    digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:12]
    path = Path("/tmp/calibrate_cache") / f"{embedder.name.replace('/', '_')}-{label}-{digest}.npy"
    if path.exists():
        return np.load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    vectors = np.vstack([embedder.encode(texts[i : i + 64]) for i in range(0, len(texts), 64)])
    np.save(path, vectors)
    return vectors


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None)
    ap.add_argument(
        "--same", type=float, default=3.0, help="gold score from which a pair is the same assertion"
    )
    ap.add_argument("--limit", type=int, default=0, help="use only the first N pairs (quick runs)")
    ap.add_argument(
        "--precision", type=float, default=0.90, help="precision the confirm threshold must reach"
    )
    ap.add_argument("--recall", type=float, default=0.90, help="recall the suggest threshold must keep")
    args = ap.parse_args()
    embedder = load_embedder(args.model)
    de, en = read_pairs("de"), read_pairs("en")
    if args.limit:
        de, en = de[: args.limit], en[: args.limit]
    t = time.perf_counter()
    sets = {}
    vec = {}
    for lang, pairs in (("de", de), ("en", en)):
        texts = [a for a, _, _ in pairs] + [b for _, b, _ in pairs]
        v = cached_encode(embedder, texts, lang)
        vec[lang] = (v[: len(pairs)], v[len(pairs) :])
        gold = np.array([s >= args.same for _, _, s in pairs])
        sets[lang] = (np.sum(vec[lang][0] * vec[lang][1], axis=1), gold)
    # Cross-lingual: German sentence1 against English sentence2 (the files are row-aligned).
    sets["de-en"] = (np.sum(vec["de"][0] * vec["en"][1], axis=1), sets["de"][1])
    print(
        f"model {embedder.name}: embedded {2 * (len(de) + len(en))} texts in {time.perf_counter() - t:.1f}s"
    )
    grid = np.round(np.arange(0.50, 0.99, 0.01), 2)
    both = (np.concatenate([sets["de"][0], sets["en"][0]]), np.concatenate([sets["de"][1], sets["en"][1]]))
    best = max(grid, key=lambda th: prf(*both, th, beta=0.5)[2])
    confirm = best
    strict = min((th for th in grid if prf(*both, th)[0] >= args.precision), default=grid[-1])
    suggest = max((th for th in grid if prf(*both, th)[1] >= args.recall), default=grid[0])
    print(f"gold: score >= {args.same}")
    print("threshold  " + "  ".join(f"{k:>18}" for k in [*sets, "de+en"]))
    for th in grid:
        if suggest - 0.02 - 1e-9 <= th <= max(confirm, strict) + 0.02 + 1e-9:
            mark = "S" if th == suggest else "C" if th == confirm else "P" if th == strict else " "
            cells = "  ".join(
                "P{:.2f} R{:.2f} F{:.2f}".format(*prf(s, g, th)) for s, g in [*sets.values(), both]
            )
            print(f"{th:.2f} {mark}     {cells}")
    for name, th in (
        ("suggest (S)", suggest),
        ("confirm (C)", confirm),
        (f"P >= {args.precision} (P)", strict),
    ):
        p, r, f = prf(*both, th)
        print(f"{name:14} on de+en dev: threshold {th:.2f} (P {p:.3f} R {r:.3f} F1 {f:.3f})")


if __name__ == "__main__":
    main()
