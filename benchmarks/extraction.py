"""Claim extraction: decomposition of the samples, attribution accuracy on the gold set, and speed on BASIL.

Prints
- for each bundled German sample: sentences -> claims, and the claims per kind;
- attribution accuracy on tests/fixtures/attribution_gold.jsonl, for English and German apart: the share of
  gold sentences whose claim has exactly the gold speaker, and the share whose role matches (ignoring case);
- the speed of ``split_claims`` alone on the 300 BASIL articles (claims per second, ``time.perf_counter``)
  and its ratio to plain ``split_sentences`` on the same texts.

Gold rows name the sentence and the text it is read in: a BASIL article (``article_id`` and ``start``), a sample
(``sample``), or a passage of its own (``text``). The claim judged is the sentence's first one, or the one whose
text contains ``part``. The whole text is split, so pronouns and surnames resolve as in real use.

Run: python benchmarks/extraction.py [--repeat N] [--misses] [--gold PATH] [--no-speed]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from workbench.config import shared_dir
from workbench.text.attribution import split_claims
from workbench.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "workbench" / "data" / "samples"
GOLD = ROOT / "tests" / "fixtures" / "attribution_gold.jsonl"
BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"


def sample_body(name: str) -> str:
    """A sample article's body: everything after its title line (what ingest hands to split_claims)."""
    return (SAMPLES / name).read_text(encoding="utf-8").split("\n", 1)[1].strip()


def basil_articles(path: Path = BASIL) -> dict[str, str]:
    """BASIL article texts by article id ({} when the corpus is not there)."""
    if not path.exists():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {row["article_id"]: row["text"] for row in rows}


def gold_results(basil: dict[str, str] | None = None, path: Path = GOLD) -> list[dict]:
    """Each gold row (of ``path``) with the predicted ``got_speaker`` / ``got_role``; BASIL rows are left out
    without BASIL."""
    basil = basil_articles() if basil is None else basil
    cache: dict[tuple[str, str], list] = {}
    results = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "article_id" in row:
            if row["article_id"] not in basil:
                continue
            text, at = basil[row["article_id"]], row["start"]
        else:
            text = sample_body(row["sample"]) if "sample" in row else row["text"]
            at = text.index(row["sentence"])
        if (text, row["lang"]) not in cache:
            cache[text, row["lang"]] = split_claims(text, row["lang"])
        claims = [c for c in cache[text, row["lang"]] if c.start <= at < c.end]
        if "part" in row:
            claims = [c for c in claims if row["part"] in c.text] or claims
        got = claims[0] if claims else None
        results.append(
            {**row, "got_speaker": got.speaker if got else None, "got_role": got.role if got else None}
        )
    return results


def accuracy(results: list[dict], lang: str) -> tuple[float, float, int]:
    """(speaker accuracy, role accuracy, number of rows) for one language."""
    rows = [r for r in results if r["lang"] == lang]
    if not rows:
        return 0.0, 0.0, 0
    speaker = sum(r["got_speaker"] == r["speaker"] for r in rows) / len(rows)
    role = sum((r["got_role"] or "").casefold() == r["role"].casefold() for r in rows) / len(rows)
    return speaker, role, len(rows)


def speed(texts: list[str], repeat: int) -> tuple[int, float, float]:
    """(claims, best seconds for split_claims, best seconds for split_sentences) over the texts."""
    best_claims = best_sentences = float("inf")
    n = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = sum(len(split_claims(text, "en")) for text in texts)
        best_claims = min(best_claims, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for text in texts:
            split_sentences(text, "en")
        best_sentences = min(best_sentences, time.perf_counter() - t0)
    return n, best_claims, best_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the fastest counts")
    parser.add_argument("--misses", action="store_true", help="list the gold rows that were missed")
    parser.add_argument(
        "--gold",
        type=Path,
        default=GOLD,
        help="attribution rows to score (e.g. tests/fixtures/attribution_dev.jsonl)",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the timing on BASIL")
    args = parser.parse_args()

    print("Samples (sentences -> claims, kinds):")
    for path in sorted(SAMPLES.glob("*.txt")):
        text = sample_body(path.name)
        claims = split_claims(text, "de")
        kinds = Counter(c.kind for c in claims)
        n_sent = len(split_sentences(text, "de"))
        print(f"  {path.name}: {n_sent} sentences -> {len(claims)} claims {dict(sorted(kinds.items()))}")

    basil = basil_articles()
    results = gold_results(basil, args.gold)
    print(f"Attribution on {args.gold.name}:")
    for lang in ("en", "de"):
        spk, role, n = accuracy(results, lang)
        if n:
            print(f"  {lang}: speaker {spk:.2f}, role {role:.2f} ({n} sentences)")
    if args.misses:
        for r in results:
            if r["got_speaker"] != r["speaker"] or (r["got_role"] or "").casefold() != r["role"].casefold():
                print(f"  MISS [{r['lang']}] {r['sentence'][:90]!r}")
                print(
                    f"       gold {r['speaker']!r} / {r['role']!r}   got {r['got_speaker']!r} / {r['got_role']!r}"
                )

    if args.no_speed:
        pass
    elif basil:
        n, t_claims, t_sentences = speed(list(basil.values()), args.repeat)
        print(
            f"Speed on BASIL ({len(basil)} articles): {n} claims in {t_claims:.2f} s = {n / t_claims:.0f} claims/s;"
            f" split_claims takes {t_claims / t_sentences:.1f}x the time of split_sentences"
        )
    else:
        print(f"Speed: BASIL not found at {BASIL}")


if __name__ == "__main__":
    main()
