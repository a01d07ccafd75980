"""The pair judge against today's e5 cosine thresholds, in one run: held-out test pairs (once), dev/CV, the
"already checked" pairs before and after, and the cost of judging.

Pairs: the labelled pair set of issue 13 (``$WORKBENCH_PAIRS``, see LABELLING.md there). The shipped judge
(workbench/data/pair_judge.npz) was trained and its levels chosen on the train/dev pairs only
(training/train_pair_judge.py); the test files (``en_basil_test.jsonl``: 25 BASIL events held out by hash;
``en_ecbplus_test.jsonl``: a second English domain; ``de_test.jsonl``: German and German↔English; the test
half of ``archive_pairs.jsonl``) were labelled before anything was tuned and are read here only.

Per language pair, precision / recall / F1 of "same assertion" and the share of same-topic-but-different
pairs linked, for
- today: cosine >= 0.93 (confirm) / 0.90 (suggest) and a shared content word (``group.find_groups``);
- the judge: P >= the language pair's confirm / suggest level.
Dev: out-of-fold figures of the same 5-fold cross-validation grouped by event as in training (each pair
scored by a model that never saw its event). "Already checked": an archive item is "checked" today when
its cosine reaches 0.93; with the judge when ``archive.classify`` says so (judge + no differing detail).

Run: python benchmarks/pair_judge.py | tee benchmarks/pair_judge_run_<date>.txt
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
import train_pair_judge as training  # noqa: E402
from pair_data import corpus_centre, load_pairs  # noqa: E402

from workbench.archive import classify  # noqa: E402
from workbench.judge import LANG_PAIRS, load_judge  # noqa: E402
from workbench.records import FactCheck  # noqa: E402
from workbench.vectors.registry import DEFAULT_MODEL, archive_threshold  # noqa: E402

TEST_FILES = ("en_basil_test.jsonl", "en_ecbplus_test.jsonl", "de_test.jsonl", "archive_pairs.jsonl")


def table(name, pairs, p, judge) -> None:
    labels = np.array([q.label for q in pairs])
    langs = np.array([q.lang_pair for q in pairs])
    today_confirm = training.baseline(pairs, "confirm")
    today_suggest = training.baseline(pairs, "suggest")
    print(f"\n== {name} ==")
    for lp in LANG_PAIRS:
        m = langs == lp
        if not m.any():
            continue
        lv = judge.levels[lp]
        n_same, n_topic = (labels[m] == "same_assertion").sum(), (labels[m] == "same_topic").sum()
        print(
            f"{lp}: {m.sum()} pairs ({n_same} same assertion, {n_topic} same topic); judge levels {lv.suggest:.2f} / {lv.confirm:.2f}"
        )
        print(f"  confirm  today (cos >= 0.93)  {training.rates(today_confirm[m], labels[m])}")
        print(f"           judge               {training.rates(p[m] >= lv.confirm, labels[m])}")
        print(f"  suggest  today (cos >= 0.90)  {training.rates(today_suggest[m], labels[m])}")
        print(f"           judge               {training.rates(p[m] >= lv.suggest, labels[m])}")


def judged(pairs, judge) -> np.ndarray:
    return judge.probabilities(training.features(pairs))


def already_checked(pairs, judge) -> None:
    """Archive pairs: a = the fact-check as stored, b = an article claim; before (cosine) and after (judge)."""
    threshold = archive_threshold(DEFAULT_MODEL)
    labels = np.array([q.label for q in pairs])
    cos = np.array([float(q.a.vector @ q.b.vector) for q in pairs])
    before = cos >= threshold
    after = np.array(
        [
            classify(
                judge,
                q.b.linking_text,
                q.b.lang,
                q.b.speaker,
                FactCheck(claim=q.a.text, claimant=q.a.speaker, lang=q.a.lang),
                c,
                threshold,
            )[0]
            == "checked"
            for q, c in zip(pairs, cos)
        ]
    )
    related = np.array(
        [
            classify(
                judge,
                q.b.linking_text,
                q.b.lang,
                q.b.speaker,
                FactCheck(claim=q.a.text, claimant=q.a.speaker, lang=q.a.lang),
                c,
                threshold,
            )[0]
            == "related"
            for q, c in zip(pairs, cos)
        ]
    )
    same = labels == "same_assertion"
    for name, marked in (("today: cosine >= 0.93", before), ("judge + differing details", after)):
        tp = (marked & same).sum()
        print(
            f"  {name:<28} marked {marked.sum():>3}: precision {tp / max(marked.sum(), 1):.3f},"
            f" recall {tp / max(same.sum(), 1):.3f} ({tp} of {same.sum()} paraphrases)"
        )
    print(
        f"  judge: shown as 'related fact-check' instead: {related.sum()} ({(related & ~same).sum()} altered, {(related & same).sum()} paraphrases)"
    )
    tags = sorted({t for q in pairs for t in q.tags if t != "needs_context"})
    for tag in tags:
        m = np.array([tag in q.tags for q in pairs])
        print(
            f"    {tag:<18} {m.sum():>3} pairs: marked today {before[m].sum():>3}, by the judge {after[m].sum():>3}"
        )


def main() -> None:
    judge = load_judge(DEFAULT_MODEL)
    centre = judge.centre
    t = time.perf_counter()
    dev = [q for q in load_pairs(training.TRAIN_FILES, centre=centre) if q.split in ("train", "dev")]
    test = [q for q in load_pairs(TEST_FILES, centre=centre) if q.split == "test"]
    print(f"{len(dev)} train/dev pairs, {len(test)} test pairs; loaded in {time.perf_counter() - t:.0f} s")
    assert np.allclose(centre, corpus_centre()), "the shipped judge's corpus centre differs from the data's"

    # dev: out of fold, as in training
    x = training.features(dev)
    y = np.array([q.same for q in dev], dtype=float)
    folds = np.array([training.fold_of(q.group) for q in dev])
    best = min(
        training.STRENGTHS,
        key=lambda s: training.log_loss(
            1
            / (
                1
                + np.exp(
                    -np.polyval(training.fit_platt(sc := training.out_of_fold_scores(x, y, folds, s), y), sc)
                )
            ),
            y,
        ),
    )
    scores = training.out_of_fold_scores(x, y, folds, best)
    a, b = training.fit_platt(scores, y)
    oof = 1 / (1 + np.exp(-(a * scores + b)))
    keep = np.array([not q.source.startswith("archive") for q in dev])
    grouping = [q for q, k in zip(dev, keep) if k]
    table("DEV (train/dev pairs, out of fold: 5 folds grouped by event)", grouping, oof[keep], judge)

    # test, once: the frozen judge
    grouping_test = [q for q in test if not q.source.startswith("archive")]
    p = judged(grouping_test, judge)
    table("TEST (held out; the frozen judge, evaluated once)", grouping_test, p, judge)
    for source in ("basil", "ecbplus", "checkthat2025_de", "basil_translated"):
        sub = [k for k, q in enumerate(grouping_test) if q.source == source]
        if sub:
            table(f"TEST, {source} only", [grouping_test[k] for k in sub], p[sub], judge)

    print('\n== "Already checked": fact-check vs article claim (paraphrase, or one detail changed) ==')
    for split, pairs in (("dev (seen in training)", [q for q in dev if q.source.startswith("archive")]),
                         ("TEST (held out)", [q for q in test if q.source.startswith("archive")])):  # fmt: skip
        print(f" {split}: {len(pairs)} pairs")
        already_checked(pairs, judge)

    # cost: features + probabilities per pair, against the cosine alone, same pairs, same process
    pairs = grouping_test * 5
    t = time.perf_counter()
    training.features(pairs)  # warm the profile caches as a regroup does once per claim
    warm = time.perf_counter() - t
    t = time.perf_counter()
    judge.probabilities(training.features(pairs))
    judge_s = time.perf_counter() - t
    t = time.perf_counter()
    np.array([float(q.a.vector @ q.b.vector) for q in pairs])
    cos_s = time.perf_counter() - t
    print(
        f"\ncost: {len(pairs)} pairs judged in {judge_s:.2f} s ({len(pairs) / judge_s:,.0f} pairs/s, claim profiles"
        f" cached; first pass with profiles {len(pairs) / warm:,.0f} pairs/s); the cosine alone"
        f" {len(pairs) / cos_s:,.0f} pairs/s in the same process ({judge_s / cos_s:.0f}x)"
    )


if __name__ == "__main__":
    main()
