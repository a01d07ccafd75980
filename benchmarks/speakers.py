"""Speakers on real news: the speaker gold set (issue 14), today's rules (from git) beside the shipped ones.

The gold set lives outside the repository (third-party text, never committed): ``$WORKBENCH_SPEAKERS`` or
``../data/speakers`` beside the checkout, with ``en/`` and ``de/`` each holding ``gold.jsonl`` (one row per
sentence: article, split, start, sentence, reporting, speakers [{name, role, type, frame}]),
``articles/<id>.txt`` (title line, blank line, body) and ``split.json`` (dev/test by article, fixed before
labelling). ``test2/en`` and ``test2/de`` hold a second, test-only set in the same layout (every row's split is
``test2``), labelled blind after the first set had been used for development: ``--split test2`` scores it.

What is run: each article as ingest stores it (the first line is the title, the rest the body that
``split_claims`` reads), so title lines are not scored (the workbench never makes claims of them). "today" is
``workbench/text`` as it is on a git ref (default ``main``), copied from git into a temporary package at run
time; "new" is the package as installed. ``--also NAME=REF`` adds the rules of further git refs (an earlier
round, say) to the same run.

Metrics, per language and split (gold sentences other than titles):
- a claim belongs to the gold sentence its clause (``span_start``..``span_end``) overlaps most; the
  predicted speakers of a sentence are the distinct non-empty speakers of its claims.
- a gold speaker is *named* when its type is person, organisation or document; unnamed sources ("officials",
  "Fachleute") and unclear ones are not.
- a predicted speaker is *right* when it matches a named gold speaker of the same sentence, *unnamed* when it
  matches only an unnamed gold source (counted as right in precision, listed apart), else *wrong* (also
  every speaker on a sentence without reporting, and any name where the gold says "unclear").
- names match when, after folding case, dropping articles, honorifics and academic titles, and possessive or
  genitive endings ('s, -s, -n, -en, -er, -e on a word), the words of one are a subset of the other's
  ("Allendorf" ~ "Ute Allendorf", "Kremls" ~ "Kreml"; "Lindner beim Dreikönigstreffen" !~ "Christian Lindner").
- precision = right / predicted speakers; recall = named gold speakers matched by a prediction / named gold
  speakers; wrong = wrong predicted speakers / claims; role accuracy over right person/organisation speakers
  where both gold and prediction give a role (same words after the folding above); frame left = claims of
  sentences whose gold frame is not empty that still contain the frame's words / such claims; unclear =
  claims marked "speaker unclear".
- macro: the same precision and recall per article, averaged over articles (the German test set has two
  articles dominated by one speaker each).
- "test without dev names": test figures leaving out gold speakers and predictions whose name matches a
  named speaker of the dev split (the English dev and test share stories, so names can leak).

Also printed: the bundled samples against their hand labels (``tests/fixtures/attribution_gold.jsonl``, rows
with ``sample``): rows whose speaker is right, and distinct speakers all of whose rows are right; and the
speed of ``split_claims`` on the 300 BASIL articles, today and new, interleaved in one process.

Run: python benchmarks/speakers.py [--split dev|test|all|test2] [--ref main] [--also NAME=REF] [--misses N]
[--lang en|de]
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from workbench.config import shared_dir, speakers_dir
from workbench.text.attribution import split_claims

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "workbench" / "data" / "samples"
SAMPLE_GOLD = ROOT / "tests" / "fixtures" / "attribution_gold.jsonl"
BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"
NAMED = {"person", "organisation", "document"}

# --- today's rules, from git ---------------------------------------------------------------------------


def rules_from_git(ref: str = "main", repo: Path = ROOT, package: str = "workbench_ref"):
    """``split_claims`` as ``workbench`` is on ``ref``: the package is copied out of git into a temporary
    folder under another name (``package``, one per ref) and imported from there, so nothing old is kept in the
    shipped package."""
    tmp = Path(tempfile.mkdtemp(prefix="workbench_ref_"))
    data = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", ref, "workbench"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(tmp, filter="data")
    (tmp / "workbench").rename(tmp / package)
    sys.path.insert(0, str(tmp))
    try:
        return importlib.import_module(f"{package}.text.attribution").split_claims
    finally:
        sys.path.remove(str(tmp))


# --- gold -----------------------------------------------------------------------------------------------


def load_gold(lang: str, root: Path | None = None) -> tuple[list[dict], dict[str, str]]:
    """(gold rows, article texts by id) of one language; ([], {}) when the gold set is not there."""
    folder = (root or speakers_dir()) / lang
    if not (folder / "gold.jsonl").exists():
        return [], {}
    rows = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = {
        a: (folder / "articles" / f"{a}.txt").read_text(encoding="utf-8")
        for a in {r["article"] for r in rows}
    }
    return rows, texts


def body_of(text: str) -> tuple[str, int]:
    """(body, offset of the body in the file): what ingest keeps of a .txt article after its title line."""
    first, _, rest = text.partition("\n")
    body = rest.strip()
    return body, (text.index(body) if body else len(text))


# --- name matching -------------------------------------------------------------------------------------

_DROP = set(
    "the a an der die das den dem des ein eine einer eines einem mr mrs ms dr prof herr frau sen rep gov"
    " president präsident".split()
)


def _words(name: str) -> list[str]:
    name = re.sub(r"['’]s\b|['’]\B", "", name.casefold())
    return [w for w in re.findall(r"[^\W_]+", name) if w not in _DROP]


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if (
        len(short) >= 3
        and long.startswith(short)
        and long[len(short) :] in {"s", "n", "en", "er", "e", "es", "r"}
    ):
        return True
    # two inflections of one German adjective: "Europäischen" ~ "Europäischer"
    stem = re.compile(r"(?:en|er|es|em|e)$")
    return len(short) >= 5 and stem.sub("", a) == stem.sub("", b)


def names_match(predicted: str, gold: str) -> bool:
    """Whether a predicted speaker names the gold one (see the module docstring); a joint speaker ("Volker
    and Morrison") names each of its parts."""
    parts = re.split(r"\s+(?:and|und|&)\s+|,\s+", predicted)
    if len(parts) > 1:
        return any(names_match(part, gold) for part in parts)
    p, g = _words(predicted), _words(gold)
    if not p or not g:
        return False
    p_in_g = all(any(_same_word(x, y) for y in g) for x in p)
    g_in_p = all(any(_same_word(x, y) for y in p) for x in g)
    return p_in_g or g_in_p


def roles_match(predicted: str, gold: str) -> bool:
    p, g = _words(predicted), _words(gold)
    return len(p) == len(g) and all(_same_word(x, y) for x, y in zip(p, g))


# --- scoring ---------------------------------------------------------------------------------------------


def assign(rows: list[dict], claims: list, offset: int) -> dict[int, list]:
    """Gold row index -> the claims whose clause overlaps that sentence most (claim offsets + ``offset``)."""
    spans = [(r["start"], r["start"] + len(r["sentence"]), i) for i, r in enumerate(rows)]
    out: dict[int, list] = defaultdict(list)
    for c in claims:
        a, b = c.span_start + offset, c.span_end + offset
        best = max(spans, key=lambda s: min(b, s[1]) - max(a, s[0]))
        if min(b, best[1]) - max(a, best[0]) > 0:
            out[best[2]].append(c)
    return out


def _frame_pieces(frame: str) -> list[str]:
    pieces = [p.strip(" ,.:;") for part in frame.split(" / ") for p in part.split("…")]
    return [p for p in pieces if p]


def predict(split, rows: list[dict], texts: dict[str, str]) -> dict[tuple[str, int], list]:
    """(article, n) -> the claims of that gold sentence, from running ``split`` on each article's body."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_article[r["article"]].append(r)
    out = {}
    for article, arows in by_article.items():
        body, offset = body_of(texts[article])
        lang = arows[0]["article"][:2]
        claims = split(body, lang)
        scored = [r for r in arows if r["start"] >= offset]
        for i, cl in assign(scored, claims, offset).items():
            out[article, scored[i]["n"]] = cl
        for r in scored:
            out.setdefault((article, r["n"]), [])
    return out


def score(rows: list[dict], predicted: dict, exclude=None, misses: list | None = None) -> dict:
    """Counts and figures (see the module docstring) over ``rows``; ``exclude(name)`` drops names."""
    exclude = exclude or (lambda name: False)
    n = Counter()
    per_article: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        key = (r["article"], r["n"])
        if key not in predicted:  # the title line
            continue
        claims = predicted[key]
        a = per_article[r["article"]]
        named = [s for s in r["speakers"] if s["type"] in NAMED and not exclude(s["name"])]
        unnamed = [s for s in r["speakers"] if s["type"] == "unnamed"]
        n["sentences"] += 1
        n["claims"] += len(claims)
        n["unclear"] += sum(bool(getattr(c, "speaker_unclear", False)) for c in claims)
        frames = [p for s in r["speakers"] for p in _frame_pieces(s.get("frame", ""))]
        if frames:
            n["framed claims"] += len(claims)
            n["frame left"] += sum(
                any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", c.text) for p in frames) for c in claims
            )
        speakers: dict[str, object] = {}
        for c in claims:
            if c.speaker and c.speaker not in speakers:
                speakers[c.speaker] = c
        for name, c in speakers.items():
            if exclude(name):
                continue
            gold = next((s for s in named if names_match(name, s["name"])), None)
            n["predicted"] += 1
            a["predicted"] += 1
            if gold:
                n["right"] += 1
                a["right"] += 1
                if gold["role"] and c.role and gold["type"] != "document":
                    n["roles"] += 1
                    n["roles right"] += roles_match(c.role, gold["role"])
            elif any(names_match(name, s["name"]) for s in unnamed):
                n["right"] += 1
                n["unnamed"] += 1
                a["right"] += 1
            else:
                n["wrong"] += 1
                if misses is not None:
                    misses.append(("WRONG", r, name, c))
        for s in named:
            n["gold named"] += 1
            a["gold named"] += 1
            if any(names_match(p, s["name"]) for p in speakers):
                n["found"] += 1
                a["found"] += 1
            elif misses is not None:
                misses.append(("MISSED", r, s["name"], claims[0] if claims else None))
    n["per_article"] = per_article
    return n


def figures(n: dict) -> dict[str, float]:
    """Precision, recall, wrong share, role accuracy, frame-left share, macro precision and recall."""

    def div(a, b):
        return a / b if b else float("nan")

    arts = n["per_article"].values()
    return {
        "P": div(n["right"], n["predicted"]),
        "R": div(n["found"], n["gold named"]),
        "wrong": div(n["wrong"], n["claims"]),
        "role": div(n["roles right"], n["roles"]),
        "frame left": div(n["frame left"], n["framed claims"]),
        "macro P": div(
            sum(div(a["right"], a["predicted"]) for a in arts if a["predicted"]),
            sum(1 for a in arts if a["predicted"]),
        ),
        "macro R": div(
            sum(div(a["found"], a["gold named"]) for a in arts if a["gold named"]),
            sum(1 for a in arts if a["gold named"]),
        ),
    }


def line(label: str, n: dict) -> str:
    f = figures(n)
    return (
        f"  {label:<22} P {f['P']:.3f}  R {f['R']:.3f}  wrong {f['wrong']:.3f}  role {f['role']:.2f}"
        f"  frame left {f['frame left']:.2f}  macro P {f['macro P']:.3f} R {f['macro R']:.3f}"
        f"  | {n['right']}/{n['predicted']} right ({n['unnamed']} unnamed), {n['found']}/{n['gold named']} found,"
        f" {n['wrong']} wrong of {n['claims']} claims, {n['unclear']} unclear"
    )


# --- samples and speed -----------------------------------------------------------------------------------


def samples(split) -> tuple[int, int, int, int]:
    """(rows right, rows with a speaker, distinct speakers all right, distinct speakers) on the samples."""
    cache = {}
    rows = [json.loads(x) for x in SAMPLE_GOLD.read_text(encoding="utf-8").splitlines()]
    ok_rows = total = 0
    by_speaker: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        if "sample" not in row or not row["speaker"]:
            continue
        name = row["sample"]
        if name not in cache:
            text = (SAMPLES / name).read_text(encoding="utf-8").split("\n", 1)[1].strip()
            cache[name] = (text, split(text, "de"))
        text, claims = cache[name]
        at = text.index(row["sentence"])
        got = [c for c in claims if c.start <= at < c.end]
        if "part" in row:
            got = [c for c in got if row["part"] in c.text] or got
        right = bool(got) and bool(got[0].speaker) and names_match(got[0].speaker, row["speaker"])
        ok_rows += right
        total += 1
        by_speaker[row["speaker"]].append(right)
    return ok_rows, total, sum(all(v) for v in by_speaker.values()), len(by_speaker)


def speed(splits: dict, repeat: int) -> dict[str, tuple[int, float]]:
    """name -> (claims, best seconds) of each ``split`` over the BASIL texts, runs interleaved."""
    if not BASIL.exists():
        return {}
    texts = [json.loads(x)["text"] for x in BASIL.read_text(encoding="utf-8").splitlines()]
    best = {k: (0, float("inf")) for k in splits}
    for _ in range(repeat):
        for name, split in splits.items():
            t0 = time.perf_counter()
            count = sum(len(split(t, "en")) for t in texts)
            best[name] = (count, min(best[name][1], time.perf_counter() - t0))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--split",
        choices=["dev", "test", "all", "first", "test2"],
        default="dev",
        help="the first set's dev or test half, both one after the other (all) or pooled (first), or the"
        " second, test-only set (test2)",
    )
    parser.add_argument("--lang", choices=["en", "de"], action="append")
    parser.add_argument("--ref", default="main", help="git ref of today's rules (default main)")
    parser.add_argument(
        "--also", action="append", default=[], metavar="NAME=REF", help="also run the rules of a git ref"
    )
    parser.add_argument("--misses", type=int, default=0, help="print up to N wrong and missed speakers (new)")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs on BASIL; the fastest counts")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()

    systems = {f"today ({args.ref})": rules_from_git(args.ref)}
    for i, also in enumerate(args.also):
        name, _, ref = also.partition("=")
        systems[f"{name} ({ref or name})"] = rules_from_git(ref or name, package=f"workbench_ref{i + 1}")
    systems["new"] = split_claims
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    root = speakers_dir() / "test2" if args.split == "test2" else speakers_dir()
    for lang in args.lang or ["en", "de"]:
        rows, texts = load_gold(lang, root)
        if not rows:
            print(f"{lang}: no gold set at {root / lang}")
            continue
        dev_names = [
            s["name"] for r in rows if r["split"] == "dev" for s in r["speakers"] if s["type"] in NAMED
        ]

        def in_dev(name: str, dev_names: list[str] = dev_names) -> bool:
            return any(names_match(name, d) for d in dev_names)

        for split_name in splits:
            srows = [r for r in rows if split_name in ("first", r["split"])]
            arts = len({r["article"] for r in srows})
            print(
                f"{lang} {split_name}: {arts} articles, {len(srows)} labelled sentences (titles are not scored)"
            )
            predictions = {}
            for label, system in systems.items():
                predicted = predictions[label] = predict(system, srows, texts)
                misses = [] if label == "new" and args.misses else None
                print(line(label, score(srows, predicted, misses=misses)))
                if split_name == "test" and lang == "en":
                    print(line(label + " w/o dev names", score(srows, predicted, exclude=in_dev)))
                for kind, r, name, c in (misses or [])[: args.misses]:
                    gold = "; ".join(f"{s['name']}/{s['role']}/{s['type']}" for s in r["speakers"]) or "-"
                    got = f"{c.speaker!r} role {c.role!r} text {c.text[:70]!r}" if c else "no claim"
                    print(
                        f"    {kind} {r['article']}#{r['n']} {name!r}: gold {gold}\n      {r['sentence'][:160]!r}\n      got {got}"
                    )
            if split_name in ("test", "test2"):  # per article: P R (right/predicted, found/gold) per system
                print("    per article: " + " | ".join(predictions))
                for article in sorted({r["article"] for r in srows}):
                    cells = []
                    for label in predictions:
                        n = score([r for r in srows if r["article"] == article], predictions[label])
                        f = figures(n)
                        cells.append(
                            f"P {f['P']:.2f} R {f['R']:.2f} ({n['right']}/{n['predicted']}, {n['found']}/{n['gold named']})"
                        )
                    print(f"      {article:<36} " + " | ".join(cells))
    for label, system in systems.items():
        ok, total, spk_ok, spk = samples(system)
        print(f"samples {label}: {ok}/{total} rows, {spk_ok}/{spk} speakers right")
    if not args.no_speed:
        for label, (count, secs) in speed(systems, args.repeat).items():
            print(f"speed {label}: {count} claims in {secs:.2f} s = {count / secs:.0f} claims/s on BASIL")


if __name__ == "__main__":
    main()
