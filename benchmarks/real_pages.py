"""Real news pages in: the page reader (trafilatura, formats/pages.py) beside its first version (issue 11, round 1)
and the hand-written parser it replaced, on saved pages of real outlets with a gold file written before any
extractor ran on them.

For each split and each reader, in one run:
- the share of ``must_contain`` checks that hold (a sentence of the body found in the stored text) and of
  ``must_not_contain`` checks that hold (a bit of boilerplate not found), and both together;
- how often the title, outlet, date and address match the gold (title: equal after folding case, spaces and
  quotes; outlet: equal or one containing the other after keeping only letters and digits; date: the day;
  address: equal);
- the gold body's paragraphs found in the stored text (what a reader drops of the article);
- the stored claims that are boilerplate: a claim whose sentence is not in the gold body (spaces, quotes and
  dashes folded on both sides). For the trafilatura readers apart: claims counted (not of kind ``boilerplate``)
  that are boilerplate, boilerplate caught by the kind, and body sentences the kind took by mistake;
- claims per second from page bytes to claims stored in a database (reading, language, splitting, marking
  boilerplate, storing; no embedding, no grouping), best of ``--repeat`` runs, all readers in one process.

The old reader is the ``_read_html`` of workbench/formats/articles.py as it was before issue 11, read from this
repository's history (``--old-rev``, default: the last commit that had it) into a module at run time; it ran
with the language detection of its time (py3langid's best guess among all its languages) and had no
boilerplate kind, so all its claims count. The round-1 reader is workbench/formats/pages.py as issue 11's first
round left it (``--round1-rev``, default d84f921, main after round 1), also read from the history; it runs with
today's language detection, splitting and boilerplate kind, so only the page reading differs from the new one.

The pages are not part of the repository (third-party content). The gold set, its pages and how it was made:
``/work/data/pages`` on the project's machines (``$WORKBENCH_PAGES`` or the folder argument): html/, gold.jsonl,
README.md; the pages come from public repositories (adbar/trafilatura tests/cache at e90b0ef, flairNLP/fundus
tests/resources/parser/test_data at 18da6e5, scrapinghub/article-extraction-benchmark html/ at 4a3bc97; the
gold README lists every page, its path and commit). Splits: ``dev`` and ``test`` (round 1: tuned on dev, test
run once), ``all`` (both, each apart), ``seen`` (the 44 together: round 2 tuned on all of them), ``test3`` (the
fresh held-out set in PAGES/test3, labelled blind while round 2 was developed; run once, after the last change).

Run: python benchmarks/real_pages.py [PAGES] [--split dev|test|all|seen|test3] [--repeat N] [--pages] [--favor recall]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import types
import unicodedata
from pathlib import Path

from workbench.formats import pages as new_pages
from workbench.formats.articles import read_paths
from workbench.formats.files import IngestError, decode
from workbench.pipeline import article_claims, check_language
from workbench.records import Article, Kind, utc_now
from workbench.store import open_db
from workbench.text.attribution import split_claims

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = Path(os.environ.get("WORKBENCH_PAGES") or "/work/data/pages")
OLD_FILE = "workbench/formats/articles.py"
ROUND1_FILE = "workbench/formats/pages.py"
ROUND1_REV = "d84f921"  # main after issue 11's first round
READERS = ("old", "round1", "new")
LABELS = {"old": "old (hand-written)", "round1": "round 1", "new": "new (round 2)"}

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_FOLD = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'",
                       "‹": "'", "›": "'", "–": "-", "—": "-", "‑": "-"})  # fmt: skip


def norm(text: str) -> str:
    """Text for comparing: NFC, invisible characters dropped, quotes and dashes folded, spaces folded."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_FOLD)
    return re.sub(r"\s+", " ", text).strip()


def name_key(name: str) -> str:
    return "".join(re.findall(r"[^\W_]+", name.lower()))


def same_outlet(got: str, gold: str) -> bool:
    a, b = name_key(got), name_key(gold)
    return bool(a and b) and (a == b or a in b or b in a)


def old_reader(rev: str | None):
    """The hand-written page reader as it was at ``rev`` (default: the last commit that had it), as a module."""
    if rev is None:
        found = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%H", "-S", "class _PageParser", "--", OLD_FILE],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        if not found:
            raise SystemExit("the old reader is not in this repository's history; give --old-rev")
        rev = found
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:{OLD_FILE}"], capture_output=True, text=True, check=True
    ).stdout
    if "class _PageParser" not in source:  # -S found the commit that removed it: take the one before
        rev = f"{rev}^"
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:{OLD_FILE}"], capture_output=True, text=True, check=True
        ).stdout
    source = (
        source.replace("from ..records import", "from workbench.records import")
        .replace("from . import files", "from workbench.formats import files")
        .replace("from .csv import", "from workbench.formats.csv import")
        .replace("from .files import", "from workbench.formats.files import")
    )
    module = types.ModuleType("old_articles")
    exec(compile(source, f"{rev}:{OLD_FILE}", "exec"), module.__dict__)
    module.rev = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", rev], capture_output=True, text=True, check=True
    ).stdout.strip()
    return module


def round1_reader(rev: str):
    """The page reader as issue 11's first round left it (workbench/formats/pages.py at ``rev``), as a module."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:{ROUND1_FILE}"], capture_output=True, text=True, check=True
    ).stdout
    source = (
        source.replace("from ..records import", "from workbench.records import")
        .replace("from . import files", "from workbench.formats import files")
        .replace("from .files import", "from workbench.formats.files import")
    )
    module = types.ModuleType("round1_pages")
    exec(compile(source, f"{rev}:{ROUND1_FILE}", "exec"), module.__dict__)
    module.rev = rev
    return module


def old_language(text: str) -> str:
    """Language as ingest detected it before issue 11: py3langid's best guess among all its languages."""
    import py3langid

    if len(re.findall(r"[^\W\d_]{2,}", text)) < 2:
        return "en"
    lang, _ = py3langid.classify(text[:1000])
    return lang


def read_old(module, path: Path) -> tuple[Article, list]:
    data = path.read_bytes()
    [article] = module._read_html(decode(data, str(path), "utf-8"), str(path), path.name)
    article.lang = old_language(article.text)
    return article, split_claims(article.text, article.lang)


def read_new(path: Path) -> tuple[Article, list]:
    [article] = read_paths([str(path)])
    check_language(article, keep_other=True)
    return article, article_claims(article)


def read_round1(module, path: Path) -> tuple[Article, list]:
    """A page read as ``read_paths`` reads one (decoded as UTF-8, source = file name) by the round-1 reader."""
    article = module.read_page(decode(path.read_bytes(), str(path), "utf-8"), str(path), source=path.name)
    check_language(article, keep_other=True)
    return article, article_claims(article)


def store(db, article: Article, claims: list) -> None:
    with db.write():
        article_id = db.articles.insert(article, utc_now())
        db.claims.insert(article_id, claims)


def run_reader(reader, records: list[dict], folder: Path) -> tuple[dict, float]:
    """{page id: (article, claims)} and the seconds from bytes to stored claims for all pages; a page the
    reader refuses counts as an empty article without claims (every check of its body then fails)."""
    db = open_db(memory=True)
    out = {}
    started = time.perf_counter()
    for record in records:
        try:
            article, claims = reader(folder / "html" / record["file"])
        except IngestError as exc:
            article, claims = Article(text="", note=f"refused: {exc}"), []
        else:
            store(db, article, claims)
        out[record["id"]] = (article, claims)
    return out, time.perf_counter() - started


def score(records: list[dict], results: dict, new: bool, show: bool) -> dict:
    held_in = held_out = held_reviewed = n_in = n_out = paragraphs = paragraphs_found = 0
    title = outlet = date = url = language = 0
    lowest = 1.0
    total = outside = counted = counted_outside = caught = mistaken = 0
    for record in records:
        article, claims = results[record["id"]]
        text = article.text
        for hidden in record.get("body_stripped", []):
            text = text.replace(hidden, "")
        text = norm(text)
        body = norm(" ".join(record["body"]))
        missing = [s for s in record["must_contain"] if norm(s) not in text]
        paragraphs += len(record["body"])
        paragraphs_found += sum(norm(p) in text for p in record["body"])
        leaked = [s for s in record["must_not_contain"] if norm(s) in text]
        # what reaches a reviewer: the sentences of the counted claims (boilerplate kind left out)
        reviewed = norm(
            " ".join(c.sentence for c in claims if not (new and c.kind == Kind.BOILERPLATE.value))
        )
        held_reviewed += sum(norm(s) not in reviewed for s in record["must_not_contain"])
        n_in += len(record["must_contain"])
        n_out += len(record["must_not_contain"])
        held_in += len(record["must_contain"]) - len(missing)
        held_out += len(record["must_not_contain"]) - len(leaked)
        title += norm(article.title).casefold() == norm(record["title"]).casefold()
        outlet += same_outlet(article.outlet if new else article.source, record["outlet"])
        date += (article.date or "")[:10] == record["date"]
        url += article.url == record["url"]
        language += article.lang == record["lang"]
        if new and article.lang == record["lang"]:
            lowest = min(lowest, article.lang_confidence)
        for claim in claims:
            sentence = claim.sentence
            for hidden in record.get("body_stripped", []):
                sentence = sentence.replace(hidden, "")
            boilerplate = norm(sentence) not in body
            furniture = new and claim.kind == Kind.BOILERPLATE.value
            total += 1
            outside += boilerplate
            if not furniture:
                counted += 1
                counted_outside += boilerplate
                if show and boilerplate:
                    print(f"    {record['id']}: boilerplate claim {sentence[:100]!r}")
            caught += furniture and boilerplate
            mistaken += furniture and not boilerplate
            if show and furniture and not boilerplate:
                print(f"    {record['id']}: body sentence marked boilerplate {sentence[:100]!r}")
        if show:
            for s in missing:
                print(f"    {record['id']}: MISSING {s[:100]!r}")
            for s in leaked:
                print(f"    {record['id']}: LEAKED {s[:100]!r}")
    pages = len(records)
    refused = sum(results[r["id"]][0].note.startswith("refused: ") for r in records)
    return {
        "refused": refused,
        "pages": pages,
        "must_contain": held_in / n_in,
        "must_not_contain": held_out / n_out,
        "checks": (held_in + held_out) / (n_in + n_out),
        "checks_n": f"{held_in + held_out}/{n_in + n_out}",
        "paragraphs": paragraphs_found / paragraphs if paragraphs else 0.0,
        "paragraphs_n": f"{paragraphs_found}/{paragraphs}",
        "must_not_reviewed": held_reviewed / n_out,
        "title": title / pages,
        "outlet": outlet / pages,
        "date": date / pages,
        "url": url / pages,
        "language": language / pages,
        "lowest_confidence": lowest if new else float("nan"),
        "claims": counted,
        "stored": total,
        "boilerplate_counted": counted_outside / counted if counted else 0.0,
        "boilerplate_counted_n": counted_outside,
        "boilerplate_stored": outside / total if total else 0.0,
        "caught": caught,
        "mistaken": mistaken,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_PAGES, help="the gold set's folder")
    parser.add_argument("--split", choices=["dev", "test", "all", "seen", "test3"], default="dev")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the fastest counts")
    parser.add_argument("--pages", action="store_true", help="list every miss, leak and boilerplate claim")
    parser.add_argument("--old-rev", default=None, help="the commit whose _read_html is the old reader")
    parser.add_argument(
        "--round1-rev", default=ROUND1_REV, help="the commit whose pages.py is the round-1 reader"
    )
    parser.add_argument(
        "--favor", choices=["precision", "recall"], default=None, help="override trafilatura's setting"
    )
    args = parser.parse_args()

    folder = args.folder / "test3" if args.split == "test3" else args.folder
    gold = folder / "gold.jsonl"
    if not gold.exists():
        raise SystemExit(f"no gold set at {folder} (see this script's docstring for where it comes from)")
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.favor:
        new_pages.FAVOR_PRECISION = args.favor == "precision"
    module = old_reader(args.old_rev)
    round1 = round1_reader(args.round1_rev)
    splits = {"all": ["dev", "test"], "seen": ["seen"], "test3": ["test3"]}.get(args.split, [args.split])
    print(f"pages: {folder}; old reader: _read_html at {module.rev}; round 1: pages.py at {round1.rev}; new: "
          f"this tree, favor_precision={new_pages.FAVOR_PRECISION}; python {sys.version.split()[0]}")  # fmt: skip
    readers = {
        "old": lambda p: read_old(module, p),
        "round1": lambda p: read_round1(round1, p),
        "new": read_new,
    }
    for split in splits:
        if split in ("seen", "test3"):  # every page of the gold file
            chosen = records
        else:
            chosen = [r for r in records if r["split"] == split]
        langs = {lang: sum(r["lang"] == lang for r in chosen) for lang in ("de", "en")}
        best = dict.fromkeys(READERS, float("inf"))
        results = {}
        for _ in range(args.repeat):  # interleaved, so all readers see the same load of the shared machine
            for name in READERS:
                out, seconds = run_reader(readers[name], chosen, folder)
                results[name] = out
                best[name] = min(best[name], seconds)
        print(f"\n== {split}: {len(chosen)} pages ({langs['de']} de, {langs['en']} en)")
        rows = {}
        for name in READERS:
            if args.pages:
                print(f"  -- {LABELS[name]} reader")
            rows[name] = score(chosen, results[name], name != "old", args.pages)
            rows[name]["claims_per_s"] = rows[name]["stored"] / best[name]
        print(f"  {'':34}" + "".join(f" {LABELS[name]:>20}" for name in READERS))
        lines = [
            ("must_contain checks held", "must_contain", "{:.1%}"),
            ("must_not_contain checks held", "must_not_contain", "{:.1%}"),
            ("all checks held", "checks", "{:.1%}"),
            ("  (held / checks)", "checks_n", "{}"),
            ("gold body paragraphs in the text", "paragraphs", "{:.1%}"),
            ("  (found / paragraphs)", "paragraphs_n", "{}"),
            ("must_not_contain, counted claims", "must_not_reviewed", "{:.1%}"),
            ("title matches", "title", "{:.1%}"),
            ("outlet matches", "outlet", "{:.1%}"),
            ("date matches", "date", "{:.1%}"),
            ("address matches", "url", "{:.1%}"),
            ("language right (old: its guess)", "language", "{:.1%}"),
            ("  lowest confidence when right", "lowest_confidence", "{:.3f}"),
            ("pages refused (no text found)", "refused", "{}"),
            ("claims stored, all kinds", "stored", "{}"),
            ("  of them not in the gold body", "boilerplate_stored", "{:.1%}"),
            ("claims counted (not boilerplate)", "claims", "{}"),
            ("  of them not in the gold body", "boilerplate_counted", "{:.1%}"),
            ("  (number)", "boilerplate_counted_n", "{}"),
            ("boilerplate caught by the kind", "caught", "{}"),
            ("body sentences marked boilerplate", "mistaken", "{}"),
            ("claims/s, bytes to stored claims", "claims_per_s", "{:.0f}"),
        ]
        for label, key, fmt in lines:
            print(f"  {label:34}" + "".join(f" {fmt.format(rows[name][key]):>20}" for name in READERS))
        print(f"  time for all pages against the old reader: round 1 {best['round1'] / best['old']:.2f}x, new "
              f"{best['new'] / best['old']:.2f}x; new/round 1 {best['new'] / best['round1']:.2f}x (best of "
              f"{args.repeat}: {best['old']:.2f} s old, {best['round1']:.2f} s round 1, {best['new']:.2f} s new)")  # fmt: skip


if __name__ == "__main__":
    main()
