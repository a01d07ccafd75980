"""Pages drawn by script: where the page reader takes a JSON-LD ``articleBody`` instead of what trafilatura
extracted (``formats.pages.STRUCTURED_SHARE``), and whether that text is closer to the article.

Three public sets of saved real pages, read from git checkouts of their repositories (the pages are not part of
this repository; bring them with the library's ``fetch``):
- adbar/trafilatura ``tests/cache`` (110 pages): the rule was written from its one script-drawn page (the South
  China Morning Post's) and the three other pages there with an ``articleBody``;
- flairNLP/fundus ``tests/resources/parser/test_data`` (258 pages of news outlets, gzipped, with fundus's
  expected title and body in a JSON per outlet): not looked at before the rule and its two numbers were set
  (some of its pages were among those earlier rounds of the page reader were written from, issue 11);
- scrapinghub/article-extraction-benchmark ``html/`` (181 pages with a ground-truth ``articleBody``): the same.

For each set: pages, pages with an ``articleBody`` in an article item of their JSON-LD, pages whose stored text
the rule changes; for the changed pages with a gold body, token precision / recall / F1 of the stored text
against it with the rule and without it (``STRUCTURED_SHARE`` set so it never fires), in one run.

Run: python benchmarks/structured_body.py --trafilatura T --fundus F --scrapinghub S
     (each a git directory, e.g. /work/.mirror/adbar+trafilatura/repo)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.formats import pagemeta, pages

sys.path.insert(0, str(Path(__file__).resolve().parent))
import page_sets  # noqa: E402
from page_sets import fundus_pages, git, prf, scrapinghub_pages, trafilatura_pages  # noqa: E402


def read(html: str, label: str, rule: bool) -> str:
    """``page_sets.read`` with the articleBody rule, or with it never firing."""
    saved = pages.STRUCTURED_SHARE
    pages.STRUCTURED_SHARE = saved if rule else -1.0
    try:
        return page_sets.read(html, label)
    finally:
        pages.STRUCTURED_SHARE = saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trafilatura", required=True)
    ap.add_argument("--fundus", required=True)
    ap.add_argument("--scrapinghub", required=True)
    args = ap.parse_args()
    print(
        f"rule: STRUCTURED_SHARE {pages.STRUCTURED_SHARE}, STRUCTURED_MIN_CHARS {pages.STRUCTURED_MIN_CHARS}"
    )
    for name, repo, source in (
        ("trafilatura tests/cache (the rule was written from it)", args.trafilatura, trafilatura_pages),
        ("fundus test_data (no choice of this rule)", args.fundus, fundus_pages),
        (
            "scrapinghub article-extraction-benchmark (no choice of this rule)",
            args.scrapinghub,
            scrapinghub_pages,
        ),
    ):
        commit = git(repo, "rev-parse", "--short", "HEAD").strip()
        count = structured = 0
        changed, with_gold = [], []
        for path, html, gold in source(repo):
            count += 1
            tree = pages._parse(html)
            if tree is None or not pages._structured_body(pagemeta.json_ld(tree)):
                continue
            structured += 1
            on, off = read(html, path, True), read(html, path, False)
            if on == off:
                continue
            line = f"    {path}: {len(off):,} -> {len(on):,} characters"
            if gold:
                before, after = prf(off, gold), prf(on, gold)
                with_gold.append((before, after))
                line += " · P/R/F1 against the gold {:.3f}/{:.3f}/{:.3f} -> {:.3f}/{:.3f}/{:.3f}".format(
                    *before, *after
                )
            changed.append(line)
        print(
            f"\n{name} at {commit}: {count} pages, {structured} with an articleBody, the rule changed {len(changed)}"
        )
        print("\n".join(changed))
        if with_gold:
            mean = [sum(x[k][m] for x in with_gold) / len(with_gold) for k in (0, 1) for m in (0, 1, 2)]
            print("  mean over the changed pages with a gold body: P/R/F1 without the rule {:.3f}/{:.3f}/{:.3f},"
                  " with it {:.3f}/{:.3f}/{:.3f}".format(*mean))  # fmt: skip


if __name__ == "__main__":
    main()
