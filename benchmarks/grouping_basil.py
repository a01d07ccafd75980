"""Cross-source grouping on BASIL: 100 news events, each reported by three outlets (gold event ids).

Ingests the 300 articles through the real pipeline into a database file (reused on later runs: ingest skips
stored texts), then, for a range of thresholds around the model's calibrated one, reports
- link precision: of the pairs of claims from different articles that end up in one group, the share whose
  articles report the same event;
- coverage: of the 300 same-event article pairs, the share that share at least one group;
- the number of groups spanning two or more articles;
then, at the model's two calibrated thresholds, how precise the suggested links are and how much coverage a
reviewer gains by accepting the right ones; and incremental grouping (``add_claims``, what each ingest does)
against a full regroup, on a copy of the database: time and agreement.
It also prints the speed of claim splitting alone, and the end-to-end ingest throughput against the bare
encoder on the same claim texts (only when the database is new, since ingest skips stored articles).

Run: python benchmarks/grouping_basil.py [--db /tmp/basil.db] [--model NAME] [--limit N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import time
from pathlib import Path

import numpy as np

from workbench.claims import list_articles, list_claims
from workbench.config import shared_dir
from workbench.group import (
    add_claims,
    content_words,
    find_groups,
    find_suggestions,
    regroup,
    ungrouped_claim_ids,
)
from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.store import open_db
from workbench.text.attribution import split_claims
from workbench.text.sentences import detect_language
from workbench.vectors.embedders import load_embedder
from workbench.vectors.registry import thresholds_for

CORPUS = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"


def corpus() -> tuple[list[Article], dict[str, str]]:
    """The articles (corpus id as external_id) and the gold event id of each, keyed by corpus id."""
    with open(CORPUS, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    articles = [
        Article(
            text=r["text"].strip(),
            title=r["title"],
            source=r["source"],
            url=r["url"],
            date=r["date"],
            external_id=r["article_id"],
        )
        for r in rows
    ]
    return articles, {r["article_id"]: r["event_id"] for r in rows}


def evaluate(groups, article_of, event_of) -> tuple[float, float, int]:
    """(link precision, same-event article-pair coverage, groups spanning 2+ articles)."""
    same = total = spanning = 0
    linked_pairs = set()
    for members, _ in groups:
        articles = [article_of[m] for m in members]
        if len(set(articles)) > 1:
            spanning += 1
        for a, b in itertools.combinations(articles, 2):
            if a != b:
                total += 1
                same += event_of[a] == event_of[b]
                linked_pairs.add(frozenset((a, b)))
    by_event: dict[str, list] = {}
    for article, event in event_of.items():
        by_event.setdefault(event, []).append(article)
    gold_pairs = {frozenset(p) for arts in by_event.values() for p in itertools.combinations(arts, 2)}
    coverage = len(gold_pairs & linked_pairs) / max(len(gold_pairs), 1)
    return same / max(total, 1), coverage, spanning


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/basil.db")
    ap.add_argument("--model", default=None)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument(
        "--throughput",
        type=int,
        default=0,
        help="also time ingesting the first N articles into a fresh database",
    )
    args = ap.parse_args()
    embedder = load_embedder(args.model)
    db = open_db(args.db)

    articles, gold = corpus()
    articles = articles[: args.limit or None]
    t0 = time.perf_counter()
    n_split = sum(len(split_claims(a.text, detect_language(a.text))) for a in articles)
    print(
        f"splitting alone: {n_split} claims in {time.perf_counter() - t0:.1f}s "
        f"({n_split / (time.perf_counter() - t0):.0f} claims/s)"
    )
    t0 = time.perf_counter()
    report = ingest_articles(db, articles, embedder)  # end to end: split, embed, store, group, match archive
    ingest_s = time.perf_counter() - t0
    stored = [a for a in list_articles(db) if a.external_id]
    print(
        f"{len(stored)} articles, {report.claims} claims ingested now in {ingest_s:.1f}s "
        f"({len(report.added)} new, {report.skipped} already stored)"
    )
    if args.throughput:
        throughput(articles[: args.throughput], embedder)
    event_of = {a.id: gold[a.external_id] for a in stored}
    ids, vectors = db.vectors.matrix(embedder.name, "claims")
    ids = ids.tolist()
    claims = list_claims(db)
    article_by_claim = {c.id: c.article_id for c in claims}
    keep = [i for i, cid in enumerate(ids) if article_by_claim[cid] in event_of]
    vectors = vectors[keep]
    article_of = [article_by_claim[ids[i]] for i in keep]
    texts = {c.id: c.text for c in claims}
    words = [content_words(texts[ids[i]]) for i in keep]
    levels = thresholds_for(embedder.name)
    print(
        f"model {embedder.name}, thresholds suggest {levels.suggest:.2f} / confirm {levels.confirm:.2f}; {len(keep)} claims"
    )
    print(
        "confirm  link-precision  coverage  groups-spanning-articles   (C = the calibrated confirm threshold)"
    )
    for th in np.round(np.arange(levels.confirm - 0.04, levels.confirm + 0.041, 0.01), 2):
        p, c, n = evaluate(find_groups(vectors, float(th), words), article_of, event_of)
        print(
            f"{th:.2f}{' C' if abs(th - levels.confirm) < 1e-9 else '  '}     {p:.3f}           {c:.3f}     {n}"
        )

    # suggestions at the calibrated levels: how often a suggested link joins two articles of one event, and
    # how much coverage a reviewer gains by accepting all the right ones
    t = time.perf_counter()
    groups = find_groups(vectors, levels.confirm, words)
    labels = np.zeros(len(keep), dtype=np.int64)
    for g, (members, _) in enumerate(groups):
        labels[members] = g
    hints = find_suggestions(vectors, labels, levels.suggest, words)
    grouping_s = time.perf_counter() - t
    cross = [(article_of[r], article_of[v]) for r, _, v, _ in hints if article_of[r] != article_of[v]]
    right = [p for p in cross if event_of[p[0]] == event_of[p[1]]]
    p, c, n = evaluate(groups, article_of, event_of)
    merged = [list(m) for m, _ in groups]
    for r, _, v, _ in hints:
        if event_of[article_of[r]] == event_of[article_of[v]]:
            merged.append([r, v])  # an accepted right suggestion links these two claims' articles
    _, c_all, _ = evaluate([(m, None) for m in merged], article_of, event_of)
    print(
        f"\nat suggest {levels.suggest:.2f} / confirm {levels.confirm:.2f}: confirmed links precision {p:.3f}, coverage {c:.3f};"
        f" {len(hints)} suggestions, {len(cross)} across articles, precision {len(right) / max(len(cross), 1):.3f};"
        f" coverage after accepting the right ones {c_all:.3f}; grouping + suggestions took {grouping_s:.1f} s"
    )

    # incremental: a copy of the database holding the first half of the articles, grouped; then the second
    # half is ingested and grouped by add_claims (what every ingest does), against one regroup of everything
    copy = Path(args.db).with_name("basil_incremental.db")
    copy.unlink(missing_ok=True)
    db.sqlite_db.conn.backup(sqlite3.connect(copy))
    inc = open_db(copy)
    second = stored[len(stored) // 2 :]
    inc.sqlite_db.execute(f"DELETE FROM articles WHERE id IN ({','.join(str(a.id) for a in second)})")
    inc.sqlite_db.conn.commit()
    t = time.perf_counter()
    regroup(inc, embedder)
    first_s = time.perf_counter() - t
    ingest_articles(inc, second, embedder, regroup=False)  # their vectors are stored: nothing to embed
    pending = ungrouped_claim_ids(inc)
    t = time.perf_counter()
    add_claims(inc, embedder, pending)
    add_s = time.perf_counter() - t
    incremental = co_members(inc)
    t = time.perf_counter()
    regroup(inc, embedder)
    full_s = time.perf_counter() - t
    full = co_members(inc)
    both = len(incremental & full)
    print(
        f"\nincremental: {len(stored) - len(second)} articles grouped in {first_s:.1f} s; adding the other"
        f" {len(second)} ({len(pending)} claims) with add_claims took {add_s:.1f} s, a full regroup of all"
        f" {full_s:.1f} s ({add_s / full_s:.2f}x). Same-group claim pairs: incremental {len(incremental)},"
        f" full {len(full)}, shared {both} (precision {both / max(len(incremental), 1):.3f},"
        f" recall {both / max(len(full), 1):.3f} against the full regroup)"
    )


def throughput(articles: list[Article], embedder) -> None:
    """End-to-end ingest (split, embed, store, group, match the archive) into a fresh database, against the
    bare encoder embedding the same claim texts in the same process, in the same batches."""
    path = Path("/tmp/basil_throughput.db")
    path.unlink(missing_ok=True)
    fresh = open_db(path)
    t = time.perf_counter()
    report = ingest_articles(fresh, articles, embedder)
    pipeline_s = time.perf_counter() - t
    texts = list(dict.fromkeys(c.text for c in list_claims(fresh)))
    t = time.perf_counter()
    for i in range(0, len(texts), 64):  # embed.BATCH_SIZE, as the pipeline batches
        embedder.encode(texts[i : i + 64])
    encode_s = time.perf_counter() - t
    print(
        f"throughput on {len(articles)} articles ({report.claims} claims, {len(texts)} distinct texts): end to end"
        f" {report.claims / pipeline_s:.1f} claims/s in {pipeline_s:.1f} s; bare encoder {len(texts) / encode_s:.1f}"
        f" texts/s in {encode_s:.1f} s; pipeline time / encoder time = {pipeline_s / encode_s:.2f}"
        f" (the pipeline adds {100 * (pipeline_s / encode_s - 1):.0f} %)"
    )


def co_members(db) -> set[tuple[int, int]]:
    """Every pair of claims that share a stored group."""
    groups: dict[int, list[int]] = {}
    for claim_id, group_id in db.groups.memberships().items():
        groups.setdefault(group_id, []).append(claim_id)
    return {tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)}


if __name__ == "__main__":
    main()
