"""Check-worthiness on real news: sentences of real German and English outlet pages, labelled blind.

    python benchmarks/checkworthy_news.py --dir DIR [--model FILE ...]

DIR holds ``sentences.jsonl`` (id, page, outlet, lang, text), ``labels.jsonl`` (id, label 0/1) and
``SHA256SUMS.txt``, written before any model scored or embedded a sentence (see DIR's README). The pages are
third-party content, so DIR stays outside the repository. The run checks both files against the frozen
hashes before it reads a label, embeds the sentences with the shipped embedder (what ingest stores) and
scores them once with the shipped model (and any ``--model`` file beside it), today's v1 model and the two
baselines, per language: F1(yes), macro-F1, AP with a bootstrap 95 % interval (1,000 resamples of the
sentences, seed 0), and the reliability table.

This is the product's own domain (articles, not debates or comments), so its gap to the figures on CheckThat
dev-test (English) and GermEval test (German) is the "other domain" drop of issue 15.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
import checkworthy_cv as cvlib  # noqa: E402
import checkworthy_data as cwdata  # noqa: E402
from checkworthy import line, number_or_entity, old_module, print_reliability  # noqa: E402

from workbench.text import checkworthy as rt  # noqa: E402


def frozen(folder: Path) -> None:
    """Stops unless sentences.jsonl and labels.jsonl still have the hashes written when the labels froze."""
    sums = {}
    for row in (folder / "SHA256SUMS.txt").read_text(encoding="utf-8").splitlines():
        parts = row.split()
        if len(parts) == 2 and len(parts[0]) == 64:
            sums[Path(parts[1]).name] = parts[0]
    for name in ("sentences.jsonl", "labels.jsonl"):
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if sums.get(name) != digest:
            raise SystemExit(f"{name} differs from its frozen hash in SHA256SUMS.txt")


def intervals(y: np.ndarray, pred: np.ndarray, rounds: int = 1000) -> dict[str, tuple[float, float]]:
    """Bootstrap 95 % intervals of F1 and macro-F1 over resampled sentences (the same resamples for both)."""
    rng = np.random.default_rng(0)
    values: dict[str, list[float]] = {"f1": [], "macro_f1": []}
    for _ in range(rounds):
        i = rng.integers(0, len(y), len(y))
        found = cvlib.metrics(y[i], pred[i])
        for key, kept in values.items():
            kept.append(found[key])
    return {k: (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))) for k, v in values.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="folder of the labelled news sentences")
    parser.add_argument(
        "--model", type=Path, nargs="*", default=[], help="more model files to score beside the shipped one"
    )
    args = parser.parse_args()
    frozen(args.dir)
    sets = cwdata.news_train(args.dir)  # one per language; the same reader as the training sentences

    from workbench import load_embedder

    embedder = load_embedder()
    models = [rt.read_model(rt.model_path())] + [rt.read_model(p) for p in args.model]
    old = old_module()
    today = old.default_model()
    total = sum(len(d) for d in sets)
    print(f"embedder {embedder.name}; models {', '.join(m.version for m in models)}; {total} sentences")
    for d in sets:
        if not len(d):
            continue
        t, y, lang = d.texts, d.labels, d.lang
        vectors = np.asarray(embedder.encode(t), dtype=np.float32)
        pages = len({i.rsplit(":", 1)[0] for i in d.ids})
        print(f"\n{lang}: {len(d)} sentences of {pages} pages, {int(y.sum())} check-worthy = {y.mean():.0%}")
        scored = []
        for m in models:
            p_vec = np.array(rt.score_texts(t, vectors, [lang] * len(t), model=m))
            p_fb = np.array(rt.score_texts(t, None, [lang] * len(t), model=m))
            scored.append((f"{m.version}: vector model", p_vec, m.thresholds[("v", lang)]))
            scored.append((f"{m.version}: fallback (no vector)", p_fb, m.thresholds[("f", lang)]))
        scored.append(("v1 (before issue 15)", np.array(old.score_texts(t, today)), 0.5))
        for name, prob, cut in scored:
            pred = prob >= cut
            r = cvlib.metrics(y, pred, prob)
            (lo_f, hi_f), (lo_m, hi_m) = intervals(y, pred).values()
            print(
                line(f"{name}, >= {cut:.2f}", r)
                + f"  [F1 {lo_f:.2f}-{hi_f:.2f}, macro {lo_m:.2f}-{hi_m:.2f}]"
            )
        for name, pred in (
            ("baseline: every sentence", np.ones(len(y), bool)),
            ("baseline: number or named entity", number_or_entity(t) > 0),
        ):
            print(line(name, cvlib.metrics(y, pred)))
        for name, prob, _ in scored:
            print_reliability(name, prob, y)


if __name__ == "__main__":
    main()
