"""The page reader (``formats/pages.py``) on two public sets of real news pages with a gold body each, scored
by token precision, recall and F1 of the stored text against the gold (bags of lower-cased words).

- flairNLP/fundus ``tests/resources/parser/test_data``: 258 pages of news outlets of many countries (German and
  English among them), with fundus's expected body per outlet and parser version;
- scrapinghub/article-extraction-benchmark ``html/``: 181 pages with a ground-truth ``articleBody``.

Both are read from git checkouts of their repositories (the pages are not part of this repository; bring them
with the library's ``fetch``). Some of their pages were among the 80 pages issue 11's reader was written from
or tested on (``benchmarks/real_pages.py``); ``docs/measurements.md`` says which choices each set guided.
``--save`` keeps the per-page scores, ``--compare`` lists the pages whose F1 moved against a saved run (run the
baseline from a checkout of the older code).

Run: python benchmarks/page_sets.py --fundus F --scrapinghub S [--save scores.json] [--compare old.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
from collections import Counter

from workbench.formats import pages
from workbench.formats.files import IngestError


def git(repo: str, *args: str, binary: bool = False):
    out = subprocess.run(["git", "-C", repo, *args], capture_output=True, check=True)
    return out.stdout if binary else out.stdout.decode("utf-8", "replace")


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def prf(text: str, gold: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of ``text`` against ``gold`` (bags of lower-cased words)."""
    got, want = tokens(text), tokens(gold)
    shared = sum((got & want).values())
    if not shared:
        return 0.0, 0.0, 0.0
    p, r = shared / sum(got.values()), shared / sum(want.values())
    return p, r, 2 * p * r / (p + r)


def trafilatura_pages(repo: str):
    for path in git(repo, "ls-tree", "-r", "--name-only", "HEAD", "tests/cache").split():
        if path.endswith(".html"):
            yield path, git(repo, "show", f"HEAD:{path}"), None


def fundus_pages(repo: str):
    root = "tests/resources/parser/test_data"
    names = git(repo, "ls-tree", "-r", "--name-only", "HEAD", root).split()
    pages_of: dict[str, list[str]] = {}
    for path in sorted(names):
        if path.endswith(".html.gz"):
            # <country>/<Outlet>_<yyyy>_<mm>_<dd>.html.gz: the outlet's expected output is <country>/<Outlet>.json
            pages_of.setdefault(re.sub(r"_\d{4}_\d{2}_\d{2}\.html\.gz$", ".json", path), []).append(path)
    for expected, paths in pages_of.items():
        # one expected output per version of the outlet's parser (V1, V2, ...), in the order of its pages' dates;
        # where the counts differ the pages are read without a gold body
        versions = (
            list(json.loads(git(repo, "show", f"HEAD:{expected}")).values()) if expected in names else []
        )
        for k, path in enumerate(paths):
            html = gzip.decompress(git(repo, "show", f"HEAD:{path}", binary=True)).decode("utf-8", "replace")
            gold = None
            if len(versions) == len(paths):
                body = versions[k].get("body") or {}
                parts = body.get("summary", []) + [
                    p
                    for s in body.get("sections", [])
                    for p in s.get("headline", []) + s.get("paragraphs", [])
                ]
                gold = " ".join(parts) or None
            yield path, html, gold


def scrapinghub_pages(repo: str):
    truth = json.loads(git(repo, "show", "HEAD:ground-truth.json"))
    for path in git(repo, "ls-tree", "-r", "--name-only", "HEAD", "html").split():
        key = path.split("/")[-1].removesuffix(".html.gz")
        html = gzip.decompress(git(repo, "show", f"HEAD:{path}", binary=True)).decode("utf-8", "replace")
        yield path, html, (truth.get(key) or {}).get("articleBody")


def read(html: str, label: str) -> str:
    """The text the page reader stores for a page ("" where it refuses the page)."""
    try:
        return pages.read_page(html, label).text
    except IngestError:
        return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fundus", required=True)
    ap.add_argument("--scrapinghub", required=True)
    ap.add_argument("--save", help="write the per-page scores (JSON) here")
    ap.add_argument("--compare", help="a file of per-page scores saved by an earlier run")
    ap.add_argument("--worst", type=int, default=10)
    args = ap.parse_args()
    before = json.loads(open(args.compare).read()) if args.compare else {}
    scores: dict[str, list[float]] = {}
    for name, repo, source in (
        ("fundus test_data", args.fundus, fundus_pages),
        ("scrapinghub article-extraction-benchmark", args.scrapinghub, scrapinghub_pages),
    ):
        commit = git(repo, "rev-parse", "--short", "HEAD").strip()
        rows = []
        for path, html, gold in source(repo):
            if gold:
                text = read(html, path)
                scores[path] = list(prf(text, gold))
                rows.append((scores[path], path, len(text), len(gold)))
        mean = [statistics.mean(r[0][k] for r in rows) for k in range(3)]
        f1 = [r[0][2] for r in rows]
        print(
            f"\n{name} at {commit}: {len(rows)} pages with a gold body; mean P/R/F1 {mean[0]:.3f}/{mean[1]:.3f}/"
            f"{mean[2]:.3f}; median F1 {statistics.median(f1):.3f}; F1 under 0.8: {sum(x < 0.8 for x in f1)};"
            f" nothing stored: {sum(r[2] == 0 for r in rows)}"
        )
        for score, path, chars, gold_chars in sorted(rows, key=lambda r: r[0][2])[: args.worst]:
            print(
                f"    F1 {score[2]:.3f} (P {score[0]:.3f} R {score[1]:.3f}) {chars:,}/{gold_chars:,} characters {path}"
            )
        moved = [r for r in rows if r[1] in before and abs(before[r[1]][2] - r[0][2]) > 1e-9]
        if args.compare:
            old = [before[r[1]] for r in rows if r[1] in before]
            old_mean = [statistics.mean(x[k] for x in old) for k in range(3)] if old else [0, 0, 0]
            print(
                f"  against {args.compare}: mean P/R/F1 {old_mean[0]:.3f}/{old_mean[1]:.3f}/{old_mean[2]:.3f} before;"
                f" {len(moved)} pages moved"
            )
            for score, path, _, _ in moved:
                print(f"    {path}: F1 {before[path][2]:.3f} -> {score[2]:.3f}")
    if args.save:
        with open(args.save, "w") as out:
            json.dump(scores, out)


if __name__ == "__main__":
    main()
