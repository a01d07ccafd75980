"""The pair judge against today's e5 cosine thresholds (and round 1's judge), in one run: a held-out pair set
(once: ``--held-out test3``, beside main's judge with ``--compare``), every seen pair out of fold, the "already
checked" pairs before and after, and the cost of judging.

Pairs: the labelled pair set of issue 13 (``$WORKBENCH_PAIRS``, see LABELLING.md there). Run on 2026-12-07 with
round 4 in workbench/data/pair_judge.npz (it was not shipped afterwards: the shipped judge is round 3; to repeat
that run, train round 4 into that file with training/train_pair_judge.py, commit 0623a4b's judge). Round 4 was trained, and its
settings, German-English weight and levels chosen, on every pair of round 1 (train, dev and round 1's test files) and on ``test2/`` (opened twice in rounds 2 and
3, so no longer held out), except the test half of ``archive_pairs.jsonl`` (training/train_pair_judge.py).
``test3/`` was labelled blind before round 4 was tuned (its README) and is read only here, once, after the
judge was frozen and committed.

Per language pair, precision / recall / F1 of "same assertion" and the share of same-topic-but-different
pairs linked, for
- today: cosine >= 0.93 (confirm) / 0.90 (suggest) and a shared content word (``group.find_groups``);
- round 1's judge (``--round1 PATH``: its .npz) at its levels, on the seen pairs;
- main's judge (``--compare PATH``) at its levels, on the held-out pairs;
- the judge: P >= the language pair's confirm / suggest level.
Dev: out-of-fold figures of the same 5-fold cross-validation grouped by event as in training (each pair
scored by trees that never saw its event). "Already checked": an archive item is "checked" today when
its cosine reaches 0.93; with the judge when ``archive.classify`` says so (judge + no differing detail).

Run: python benchmarks/pair_judge.py --round1 OLD.npz --held-out test3 --compare MAIN.npz
     | tee benchmarks/pair_judge_run_<date>_test3.txt
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
import train_pair_judge as training  # noqa: E402
from pair_data import corpus_centre, load_pairs  # noqa: E402

from workbench.archive import classify  # noqa: E402
from workbench.config import pairs_dir  # noqa: E402
from workbench.judge import FEATURES, LANG_PAIRS, Levels, load_judge, read_judge  # noqa: E402
from workbench.records import FactCheck  # noqa: E402
from workbench.vectors.registry import DEFAULT_MODEL, archive_threshold  # noqa: E402


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


NEW_IN_ROUND_2 = ("predicate_shared", "predicate_differ", "margin_low", "margin_high", "has_margin")


def round_1(path: Path):
    """P of the round-1 judge (a logistic model over the features of round 1: today's less NEW_IN_ROUND_2),
    read from its .npz (``git show 7f7d7c9:workbench/data/pair_judge.npz``), and its levels."""
    with np.load(path, allow_pickle=False) as f:
        names = tuple(f["features"].tolist())
        w, bias, mean, scale, platt = f["weights"], float(f["bias"]), f["mean"], f["scale"], f["platt"]
        levels = {k: Levels(*map(float, v)) for k, v in zip(f["lang_pairs"].tolist(), f["levels"])}
    columns = [FEATURES.index(name) for name in names]

    def probabilities(x: np.ndarray) -> np.ndarray:
        score = ((x[:, columns] - mean) / scale) @ w + bias
        return 1 / (1 + np.exp(-(platt[0] * score + platt[1])))

    return probabilities, levels


def three_way(name, pairs, p_new, judge, p_old, old_levels, round2_levels=None) -> None:
    """Per language pair: today's thresholds, round 1's judge and this judge, at confirm and suggest; with
    ``round2_levels``, this judge at those levels too (round 3 changed only the levels)."""
    labels = np.array([q.label for q in pairs])
    langs = np.array([q.lang_pair for q in pairs])
    today_confirm = training.baseline(pairs, "confirm")
    today_suggest = training.baseline(pairs, "suggest")
    print(f"\n== {name} ==")
    for lp in LANG_PAIRS:
        m = langs == lp
        if not m.any():
            continue
        lv, old = judge.levels[lp], old_levels[lp]
        n_same, n_topic = (labels[m] == "same_assertion").sum(), (labels[m] == "same_topic").sum()
        print(f"{lp}: {m.sum()} pairs ({n_same} same assertion, {n_topic} same topic)")
        print(f"  confirm  today (cos >= 0.93)     {training.rates(today_confirm[m], labels[m])}")
        print(
            f"           round 1 (P >= {old.confirm:.2f})     {training.rates(p_old[m] >= old.confirm, labels[m])}"
        )
        for tag, level in rows_of(lv, round2_levels, lp, "confirm"):
            print(f"           {tag} (P >= {level:.3f})    {training.rates(p_new[m] >= level, labels[m])}")
        print(f"  suggest  today (cos >= 0.90)     {training.rates(today_suggest[m], labels[m])}")
        print(
            f"           round 1 (P >= {old.suggest:.2f})     {training.rates(p_old[m] >= old.suggest, labels[m])}"
        )
        for tag, level in rows_of(lv, round2_levels, lp, "suggest"):
            print(f"           {tag} (P >= {level:.3f})    {training.rates(p_new[m] >= level, labels[m])}")


def rows_of(lv, round2_levels, lp, which):
    """(tag, level) of the shipped judge's rows: round 2's levels (when given) and the shipped ones (named
    "round 3" beside round 2's, else "shipped")."""
    if round2_levels is None:
        return [("shipped", getattr(lv, which))]
    return [("round 2", getattr(round2_levels[lp], which)), ("round 3", getattr(lv, which))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--round1", default="", help="the round-1 judge's .npz, to compare with")
    ap.add_argument("--test2", action="store_true", help="evaluate on test2/ (same as --held-out test2)")
    ap.add_argument(
        "--held-out",
        default="",
        help="a folder of the pair set (relative to $WORKBENCH_PAIRS) to evaluate once, e.g. test3",
    )
    ap.add_argument(
        "--compare",
        default="",
        help="another judge .npz (e.g. main's: git show main:workbench/data/pair_judge.npz) shown beside the"
        " shipped one on the held-out pairs, each at its own levels",
    )
    ap.add_argument(
        "--round2-levels",
        default="",
        help="a judge .npz whose levels are shown beside the shipped ones (round 3: round 2's judge)",
    )
    ap.add_argument(
        "--second-look",
        action="store_true",
        help="label the test2 tables as a second look (test2 was opened once already; not held out)",
    )
    args = ap.parse_args()
    judge = load_judge(DEFAULT_MODEL)
    centre = judge.centre
    assert np.allclose(centre, corpus_centre()), "the shipped judge's corpus centre differs from the data's"
    t = time.perf_counter()
    seen = load_pairs(training.TRAIN_FILES, centre=centre)
    dev = [
        q
        for q in seen
        if not (q.source.startswith("archive") or q.record.get("factcheck")) or q.split == "dev"
    ]
    archive_test = [q for q in seen if q.source.startswith("archive") and q.split == "test"]
    print(
        f"{len(dev)} seen pairs, {len(archive_test)} 'already checked' test pairs; loaded in {time.perf_counter() - t:.0f} s"
    )
    p_old = old_levels = None
    round2 = read_judge(args.round2_levels).levels if args.round2_levels else None
    if args.round1:
        old, old_levels = round_1(Path(args.round1))

    # dev: out of fold, as in training (the shipped settings; each pair scored by trees that never saw its event)
    x = training.features(dev)
    y = np.array([q.same for q in dev], dtype=float)
    folds = np.array([training.fold_of(q.group) for q in dev])
    weight = training.pair_weights(np.array([q.lang_pair for q in dev]), SHIPPED_DE_EN_WEIGHT)
    scores = training.out_of_fold_tree_scores(x, y, folds, SHIPPED, weight)
    a, b = training.fit_platt(scores, y)
    oof = 1 / (1 + np.exp(-(a * scores + b)))
    # round 1's model on the same pairs and folds: a logistic model over round 1's features, its L2 strength
    # by cross-validated log-loss and its levels chosen out of fold by the same rule (a fair comparison: the
    # round-1 file itself was trained on part of these pairs)
    old_cols = [k for k, name in enumerate(FEATURES) if name not in NEW_IN_ROUND_2]
    best = None
    for strength in training.STRENGTHS:
        s1 = training.out_of_fold_scores(x[:, old_cols], y, folds, strength)
        a1, b1 = training.fit_platt(s1, y)
        p1 = 1 / (1 + np.exp(-(a1 * s1 + b1)))
        if best is None or training.log_loss(p1, y) < best[0] - 1e-6:
            best = (training.log_loss(p1, y), strength, p1)
    loss1, strength1, oof1 = best
    keep = np.array([not q.source.startswith("archive") for q in dev])
    grouping = [q for q, k in zip(dev, keep) if k]
    labels_g = np.array([q.label for q in grouping])
    langs_g = np.array([q.lang_pair for q in grouping])
    levels1 = {
        lp: training.choose_levels(oof1[keep][langs_g == lp], labels_g[langs_g == lp]) for lp in LANG_PAIRS
    }
    print(
        f"cross-validated log-loss (all seen pairs): round 1's model (logistic, L2 {strength1}, "
        f"{len(old_cols)} features) {loss1:.4f}; round 2 (trees {SHIPPED}, {len(FEATURES)} features) "
        f"{training.log_loss(oof, y):.4f}"
    )
    three_way(
        "DEV (every seen pair, out of fold: 5 folds grouped by event; round 1 = its model refitted per fold)",
        grouping, oof[keep], judge, oof1[keep], levels1, round2,
    )  # fmt: skip

    print('\n== "Already checked": fact-check vs article claim (paraphrase, or one detail changed) ==')
    print(
        f" test half (never trained on; evaluated once in round 1 with its judge): {len(archive_test)} pairs"
    )
    already_checked(archive_test, judge)

    if args.held_out:
        held_out(args.held_out, judge, read_judge(args.compare) if args.compare else None, centre)

    if args.test2:
        files = sorted(f"test2/{p.name}" for p in (pairs_dir() / "test2").glob("*.jsonl"))
        test2 = load_pairs(files, centre=centre)
        print(f"\ntest2: {len(test2)} pairs from {', '.join(files)}")
        x2 = training.features(test2)
        p_new = judge.probabilities(x2)
        p_old = old(x2) if args.round1 else p_new
        title = (
            "TEST2, SECOND LOOK (not held out: opened once in round 2 with round 2's levels; round 3's levels"
            " were chosen on the seen pairs only, before this second look)"
            if args.second_look
            else "TEST2 (held out, labelled blind; the frozen judge, evaluated once)"
        )
        three_way(title, test2, p_new, judge, p_old, old_levels or judge.levels, round2)
        sources = sorted({q.source for q in test2})
        for source in sources if len(sources) > 1 else []:
            sub = [k for k, q in enumerate(test2) if q.source == source]
            three_way(f"TEST2, {source} only", [test2[k] for k in sub], p_new[sub], judge, p_old[sub],
                      old_levels or judge.levels, round2)  # fmt: skip

    # cost: features + probabilities per pair, against the cosine alone, same pairs, same process
    pairs = grouping * 2
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


SHIPPED = (7, 300, 0.05)  # the tree settings training/train_pair_judge.py chose (its run log)
SHIPPED_DE_EN_WEIGHT = 1.0  # round 4: the weight of German-English pairs it chose (its run log)


def held_out(folder: str, judge, other, centre) -> None:
    """The held-out pair set in ``folder`` (e.g. test3/), read once: per language pair and per source, today's
    cosine rule, ``other`` (main's judge, at its levels) and the shipped judge (at its levels)."""
    files = sorted(f"{folder}/{p.name}" for p in (pairs_dir() / folder).glob("*.jsonl"))
    pairs = load_pairs(files, centre=centre)
    print(f"\n{folder}: {len(pairs)} pairs from {', '.join(files)}")
    x = training.features(pairs)
    p_new = judge.probabilities(x)
    p_other = other.probabilities(x) if other is not None else None
    labels = np.array([q.label for q in pairs])
    langs = np.array([q.lang_pair for q in pairs])
    sources = np.array([q.source for q in pairs])
    strata = [(lp, langs == lp) for lp in LANG_PAIRS]
    strata += [
        (f"{lp}, {src} only", (langs == lp) & (sources == src))
        for lp in LANG_PAIRS
        for src in sorted(set(sources[langs == lp]))
        if len(set(sources[langs == lp])) > 1
    ]
    today = {level: training.baseline(pairs, level) for level in ("confirm", "suggest")}
    print(f"\n== {folder.upper()} (held out, labelled blind; the frozen judge, evaluated once) ==")
    for name, m in strata:
        lp = name.split(",")[0]
        n_same, n_topic = (labels[m] == "same_assertion").sum(), (labels[m] == "same_topic").sum()
        print(f"{name}: {m.sum()} pairs ({n_same} same assertion, {n_topic} same topic)")
        for level, cos in (("confirm", "0.93"), ("suggest", "0.90")):
            print(f"  {level:<8} today (cos >= {cos})     {training.rates(today[level][m], labels[m])}")
            if other is not None:
                lv = getattr(other.levels[lp], level)
                print(
                    f"           main's judge (P >= {lv:.3f}) {training.rates(p_other[m] >= lv, labels[m])}"
                )
            lv = getattr(judge.levels[lp], level)
            print(f"           this judge (P >= {lv:.3f})   {training.rates(p_new[m] >= lv, labels[m])}")


if __name__ == "__main__":
    main()
