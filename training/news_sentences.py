"""Rebuild the news sentences cw3's check-worthiness model was trained on, from the public pages they come from.

    python training/news_sentences.py --fundus FUNDUS_CHECKOUT --out DIR

The pages are the test pages of flairNLP/fundus (``tests/resources/parser/test_data/<country>/*.html.gz``,
commit 18da6e53592f99cf0ac5770dc63d6ba99ba63ae8 or any later one that keeps them): German (de, at, ch) and
English (us, uk, ca, au) pages of the publishers that are *not* in the held-out news set of
``benchmarks/checkworthy_news.py`` (the 44 outlets of the extraction gold set), satire left out. Each page is
read by the workbench's own page reader, split by its sentence splitter, and up to 6 sentences of four or more
words are taken per page in sha256 order of "page:index". The news text is third-party content and is not in
this repository; the labels are (``news_checkworthy_labels.jsonl``: id, the sha256 of the sentence's text, label,
given by reading, one annotator, before any model scored these sentences). This script writes DIR/sentences.jsonl
and DIR/labels.jsonl for ``train_checkworthy.py --news DIR`` and stops if a sentence's text differs from the one
that was labelled (a changed reader or splitter), so a model is never trained on labels that moved.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from workbench.formats.pages import read_page  # noqa: E402
from workbench.text.sentences import split_sentences  # noqa: E402

LABELS = Path(__file__).resolve().parent / "news_checkworthy_labels.jsonl"
LANG = {"de": "de", "at": "de", "ch": "de", "us": "en", "uk": "en", "ca": "en", "au": "en"}
# publishers of the held-out news set (fundus names), and satire
LEFT_OUT = {
    "DerStandard", "NZZ", "AFPFaktencheck", "BR", "Correctiv", "DieWelt", "FrankfurterRundschau", "Golem",
    "MDR", "NTV", "Stern", "Tagesschau", "Tagesspiegel", "Taz", "WAZ", "ZDF", "EuronewsEN", "EuronewsDE",
    "Metro", "TheIndependent", "TheMirror", "TheTelegraph", "APNews", "TheIntercept", "VoiceOfAmerica",
    "WashingtonPost", "SpiegelOnline", "FAZ", "SZ", "DieZeit", "Heise", "DW", "BBC", "Reuters", "TheGuardian",
    "Postillon",
}  # fmt: skip
PER_PAGE = 6


def sentences(fundus: Path) -> list[dict]:
    """The sampled sentences of every page, in (lang, page, index) order."""
    rows = []
    for path in sorted((fundus / "tests" / "resources" / "parser" / "test_data").glob("*/*.html.gz")):
        country, page = path.parent.name, path.name[: -len(".html.gz")]
        if country not in LANG or page.split("_")[0] in LEFT_OUT:
            continue
        text = read_page(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"), page).text
        found = []
        for i, (start, end) in enumerate(split_sentences(text, LANG[country])):
            sentence = " ".join(text[start:end].split())
            if len(sentence.split()) >= 4:
                found.append((i, sentence))
        found.sort(key=lambda item: hashlib.sha256(f"{page}:{item[0]}".encode()).hexdigest())
        for i, sentence in found[:PER_PAGE]:
            rows.append({"id": f"{page}:{i}", "page": page, "lang": LANG[country], "text": sentence})
    rows.sort(key=lambda r: (r["lang"], r["page"], int(r["id"].split(":")[1])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fundus", type=Path, required=True, help="a checkout of flairNLP/fundus")
    parser.add_argument("--out", type=Path, required=True, help="folder for sentences.jsonl and labels.jsonl")
    args = parser.parse_args()
    labels = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        labels[r["id"]] = r
    rows = [r for r in sentences(args.fundus) if r["id"] in labels]
    moved = [
        r["id"] for r in rows if hashlib.sha256(r["text"].encode()).hexdigest() != labels[r["id"]]["sha256"]
    ]
    if moved or len(rows) != len(labels):
        raise SystemExit(
            f"{len(labels) - len(rows)} labelled sentences not found and {len(moved)} with another text"
            f" (e.g. {(moved or [''])[0]}): the page reader or splitter changed since labelling"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "sentences.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (args.out / "labels.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({"id": r["id"], "label": labels[r["id"]]["label"]}) + "\n")
    print(f"{len(rows)} sentences ({sum(r['lang'] == 'de' for r in rows)} de) written to {args.out}")


if __name__ == "__main__":
    main()
