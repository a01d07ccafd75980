"""Issue 14: speakers on real pages, today's rules (from git) beside the shipped ones, through the HTML reader
the workbench has (``formats.articles``: since issue 11, pages read with trafilatura).

Reads the pages named on the command line (e.g. pages of the trafilatura repository's tests/cache, kept
outside the repository: third-party text) and prints, per page, the claims and speakers of both rule sets and
every claim that either gives a speaker or marks "speaker unclear", for a person to judge.

Run: python research/speakers_real_pages.py PAGE.html ... [--lang-de NAME-PART ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import speakers as bench  # noqa: E402

from workbench.formats.articles import read_paths  # noqa: E402
from workbench.text.attribution import split_claims  # noqa: E402
from workbench.text.sentences import detect_language  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--ref", default="main")
    args = parser.parse_args()
    today = bench.rules_from_git(args.ref)
    for path in args.pages:
        [article] = read_paths([path])
        lang = detect_language(article.text)
        old, new = today(article.text, lang), split_claims(article.text, lang)
        print(
            f"=== {Path(path).name} ({lang}): today {len(old)} claims, {sum(bool(c.speaker) for c in old)} with a"
            f" speaker; new {len(new)} claims, {sum(bool(c.speaker) for c in new)} with a speaker,"
            f" {sum(c.speaker_unclear for c in new)} unclear"
        )
        before = {(c.start, c.span_start): c for c in old}
        for c in new:
            o = before.get((c.start, c.span_start))
            if c.speaker or c.speaker_unclear or (o and o.speaker):
                was = o.speaker if o else "?"
                now = "UNCLEAR" if c.speaker_unclear else f"{c.speaker!r} ({c.role})"
                print(f"  {was!r} -> {now}  frame {c.frame!r}\n      {c.sentence[:160]!r}")


if __name__ == "__main__":
    main()
