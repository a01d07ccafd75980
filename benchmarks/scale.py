"""How search and grouping grow with the database: the shipped code at 10k, 100k and 1M claims.

Ratios against a baseline in the same process, never timed assertions. Vectors are the synthetic clustered
384-d vectors of benchmarks/vector_index.py (each N a prefix of the largest), queries fresh points of the same
mixture. Each measurement runs in its own process under ``--timeout``, so its peak RSS (VmHWM) is its own.

1. ``vectors.index.VectorIndex.top`` (FAISS IVF from ANN_MIN_ROWS) against brute force ``top_k`` on the same
   matrix, query by query in turn: p50/p95 of top-10, their ratio, recall@10, the index's build (first call).
2. ``search.rank`` (BM25 + cosine) on a database file from ``store.open_db`` filled by ``db.articles.insert``,
   ``db.claims.insert`` and ``db.vectors.add`` (articles of 25 claims, model "synthetic"). A claim's
   text is a BASIL claim (``text.attribution.split_claims``, cycled; every 10th kept for queries) and its row's cluster
   words (``content_words_for``; group.content_words cuts them to 6 characters, so clusters 1000-1999 have
   one word each); a query gets the words of its nearest stored vector's cluster. The first rank() (it
   loads the vector cache) apart; then rank() against VectorIndex.top alone, and parts of rank().
3. ``group.regroup`` on that database (thresholds of multilingual-e5-small), then in a new process two new
   articles of 30 claims by ``group.add_claims``, the first with search's vector cache cold (a CLI ingest),
   the second warm (the app). incremental/full is the headline.

Run from the repository root in the dev venv (faiss-cpu installed). The defaults are a quick look (~3 min):
    python benchmarks/scale.py
The full run (~10 min on 2 busy cores; 1M vectors: 1.5 GB on disk, 3.5 GB of RAM at the peak):
    python benchmarks/scale.py --sizes 10000 100000 1000000 --group-sizes 10000 100000 \\
        | tee benchmarks/scale_run_2026-11-22.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

# run as a script, so benchmarks/ is on sys.path
import vector_index as vi
from vector_index import DIM, K, fmt_n, percentile

from workbench import group, search
from workbench.config import shared_dir
from workbench.records import Article, Claim, content_hash, utc_now
from workbench.store import open_db
from workbench.store.sqlite.claims import SQLiteClaims
from workbench.store.sqlite.vectors import SQLiteVectors
from workbench.text.attribution import split_claims
from workbench.vectors import registry
from workbench.vectors.index import VectorIndex, top_k

REPO = Path(__file__).resolve().parents[1]
BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"
MODEL = "synthetic"
PER_ARTICLE, NEW_CLAIMS = 25, 30
DB_MAX = 100_000  # hybrid search through SQLite up to this N
WARMUP = 5
GROUP_PARTS = "content_words find_groups find_suggestions _similar_pairs".split()


class StoredOnlyEmbedder:
    """Every vector is stored already: grouping must never ask to embed."""

    name = MODEL

    def encode(self, texts):
        raise RuntimeError(f"asked to embed {len(texts)} texts; every vector should be stored")


def instrument(module, names: list[str], spent: dict[str, float]) -> dict[str, float]:
    """Wrap ``module.<name>`` for each name (for the rest of this worker process), so that each call adds
    its seconds to ``spent[name]``; returns ``spent``."""
    spent.update(dict.fromkeys(names, 0.0))

    def timing(name, fn):
        def timed(*args, **kwargs):
            t = time.perf_counter()
            result = fn(*args, **kwargs)
            spent[name] += time.perf_counter() - t
            return result

        return timed

    for name in names:
        setattr(module, name, timing(name, getattr(module, name)))
    return spent


def time_each(calls: dict, count: int) -> dict[str, list[float]]:
    """ms of each ``calls[name](i)`` for i < count, all calls in turn for each i, so they share the load."""
    for i in range(WARMUP):
        for fn in calls.values():
            fn(i)
    ms = {name: [] for name in calls}
    for i in range(count):
        for name, fn in calls.items():
            t = time.perf_counter()
            fn(i)
            ms[name].append((time.perf_counter() - t) * 1000)
    return ms


# --- synthetic claims in a real database ------------------------------------------------------------------


def write_sentences(workdir: Path) -> int:
    """BASIL claim texts from ``split_claims``, every 10th kept apart for queries; returns how many in all."""
    articles = [json.loads(line)["text"] for line in BASIL.open()]
    texts = list(dict.fromkeys(c.text for text in articles for c in split_claims(text, "en")))
    stored = [t for i, t in enumerate(texts) if i % 10]
    (workdir / "sentences.json").write_text(json.dumps({"stored": stored, "queries": texts[::10]}))
    return len(texts)


def with_words(sentence: str, words) -> str:
    return f"{sentence} ({' '.join(sorted(words))})"


def claim_texts_for(workdir: Path, stop: int) -> list[str]:
    """Distinct texts of dataset rows [0, stop): a BASIL claim, cycled, then the row's cluster words."""
    sentences = json.loads((workdir / "sentences.json").read_text())["stored"]
    texts, seen = [], set()
    for i, words in enumerate(vi.content_words_for(np.load(workdir / "labels.npy")[:stop])):
        text = with_words(sentences[i % len(sentences)], words)
        texts.append(text if text not in seen else f"{text} [{i}]")
        seen.add(texts[-1])
    return texts


def store_article(db, texts: list[str], vectors: np.ndarray, number: int) -> list[int]:
    """Store an article of ``texts``, one claim per text, and their vectors; returns the claim ids."""
    source = ("fox", "nyt", "hpo")[number % 3]
    article_id = db.articles.insert(
        Article("\n".join(texts), f"article {number}", source, lang="en"), utc_now()
    )
    starts = np.cumsum([0] + [len(t) + 1 for t in texts]).tolist()
    claims = [
        Claim(t, t, s, s + len(t), checkworthiness=0.5, position=p)
        for p, (t, s) in enumerate(zip(texts, starts))
    ]
    ids = db.claims.insert(article_id, claims)
    db.vectors.add(MODEL, {content_hash(t): v for t, v in zip(texts, vectors)})
    return ids


def load_queries(workdir: Path, count: int) -> np.ndarray:
    return np.fromfile(workdir / "queries.f32", dtype="<f4").reshape(-1, DIM)[:count]


def open_claims_db(workdir: Path, n: int, fresh: bool = False):
    path = workdir / f"claims_{n}.db"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if fresh else ():
        stale.unlink(missing_ok=True)
    return open_db(path), path


# --- workers (each in its own process) ------------------------------------------------------------------


def run_vectors(workdir: Path, n: int, count: int) -> dict:
    """VectorIndex.top against top_k brute force over the same first ``n`` vectors."""
    vectors, queries = vi.load_vectors(workdir, n), load_queries(workdir, count)
    index, brute = VectorIndex(np.arange(n), vectors), lambda q: top_k(vectors, q, K)
    t = time.perf_counter()
    index.top(queries[0], K)  # builds the FAISS index when n >= ANN_MIN_ROWS
    build_s = time.perf_counter() - t
    ms = time_each({"index": lambda i: index.top(queries[i], K), "brute": lambda i: brute(queries[i])}, count)
    found = sum(len({i for i, _ in index.top(q, K)} & {i for i, _ in brute(q)}) for q in queries)
    kind = "brute force" if index._ann is None else type(index._ann).__name__
    return dict(build_s=build_s, ms=ms, recall=found / (K * count), kind=kind, peak_mb=vi.peak_rss_mb())


def run_build_db(workdir: Path, n: int, count: int) -> dict:
    """A new workbench database of ``n`` claims in articles of 25 with their vectors, 1000 articles a commit."""
    texts, vectors, step = claim_texts_for(workdir, n), vi.load_vectors(workdir, n), 1000 * PER_ARTICLE
    t = time.perf_counter()
    db, path = open_claims_db(workdir, n, fresh=True)
    for batch in range(0, n, step):
        with db.write():
            for a in range(batch, min(batch + step, n), PER_ARTICLE):
                store_article(db, texts[a : a + PER_ARTICLE], vectors[a : a + PER_ARTICLE], a // PER_ARTICLE)
    db.sqlite_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return dict(build_s=time.perf_counter() - t, db_mb=path.stat().st_size / 2**20)


def run_rank(workdir: Path, n: int, count: int) -> dict:
    """The first search.rank (it loads the vector cache), then rank() against VectorIndex.top per query."""
    db, _ = open_claims_db(workdir, n)
    queries, loading = load_queries(workdir, count), instrument(SQLiteVectors, ["matrix"], {})
    held_out = json.loads((workdir / "sentences.json").read_text())["queries"]
    # write_dataset keeps no query labels: take those of each query's nearest stored vector
    labels = np.load(workdir / "labels.npy")[np.argmax(queries @ vi.load_vectors(workdir, n).T, axis=1)]
    texts = [with_words(held_out[i % len(held_out)], w) for i, w in enumerate(vi.content_words_for(labels))]
    t = time.perf_counter()
    search.rank(db, texts[0], queries[0], MODEL, k=K)
    first_s, load_s = time.perf_counter() - t, loading["matrix"]
    index = search.vector_index(db, MODEL, "claims")
    words = [search.query_words(text) for text in texts]
    hits = [[i for i, _ in index.top(q, K)] for q in queries]
    calls = {
        "rank": lambda i: search.rank(db, texts[i], queries[i], MODEL, k=K),
        "top": lambda i: index.top(queries[i], K),
        "cache": lambda i: search.vector_index(db, MODEL, "claims"),
        "bm25": lambda i: db.search.keyword_matches("claims", words[i], search.POOL),
        "words": lambda i: db.search.matched_words("claims", words[i], hits[i]),
    }
    ms = time_each(calls, count)
    return dict(first_s=first_s, load_s=load_s, ms=ms, peak_mb=vi.peak_rss_mb())


def measure(db, call, spent: dict[str, float]) -> dict:
    """Seconds of ``call()``, the seconds it spent in the instrumented functions, its peak RSS (VmHWM reset
    first) above the RSS before it, and the groups and suggestions stored after it."""
    spent.update(dict.fromkeys(spent, 0.0))
    with open("/proc/self/clear_refs", "w") as f:  # Linux: resets VmHWM to the current RSS
        f.write("5")
    before, t = vi.rss_mb(), time.perf_counter()
    result = call()
    seconds, peak = time.perf_counter() - t, vi.peak_rss_mb()
    suggestions = db.sqlite_db.execute("SELECT COUNT(*) FROM group_suggestions").fetchone()[0]
    return dict(s=seconds, parts=dict(spent), result=result, groups=group.count_groups(db),
                suggestions=suggestions, peak_mb=peak, extra_mb=max(peak - before, 0.0))  # fmt: skip


def instrument_grouping() -> dict[str, float]:
    registry.THRESHOLDS[MODEL] = registry.THRESHOLDS["multilingual-e5-small"]
    loading = instrument(SQLiteClaims, ["texts"], instrument(SQLiteVectors, ["matrix"], {}))
    return instrument(group, GROUP_PARTS, loading)


def run_regroup(workdir: Path, n: int, count: int) -> dict:
    db, spent = open_claims_db(workdir, n)[0], instrument_grouping()
    return measure(db, lambda: group.regroup(db, StoredOnlyEmbedder()), spent)


def run_add(workdir: Path, n: int, count: int) -> dict:
    """Two new articles of 30 claims (dataset rows from n on, vectors stored) put in by ``add_claims`` one
    after the other: the first in a fresh process, like a CLI ingest; the second with search's vector cache
    loaded by the first, as in the app's process."""
    db, spent = open_claims_db(workdir, n)[0], instrument_grouping()
    texts = claim_texts_for(workdir, n + 2 * NEW_CLAIMS)[n:]
    vectors = vi.load_vectors(workdir, n + 2 * NEW_CLAIMS)[n:].copy()  # and free the stored ones
    out = {}
    for name, new in (("add cold", slice(0, NEW_CLAIMS)), ("add warm", slice(NEW_CLAIMS, None))):
        with db.write():
            ids = store_article(db, texts[new], vectors[new], n + new.start)
        out[name] = measure(db, lambda: group.add_claims(db, StoredOnlyEmbedder(), ids), spent)  # noqa: B023
    return out


WORKERS = dict(vectors=run_vectors, build_db=run_build_db, rank=run_rank, regroup=run_regroup, add=run_add)


# --- driver ---------------------------------------------------------------------------------------------


def spawn(args: argparse.Namespace, worker: str, n: int) -> dict:
    """Run one worker in a fresh process: its JSON result, or {'error': ...} if it failed or timed out."""
    cmd = [sys.executable, __file__, "--worker", worker, "--n", str(n), "--workdir", args.workdir]
    cmd += ["--queries", str(args.queries)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout:.0f} s"}
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(title: str, notes: list[str], columns: str):
    """Print a title, notes and a header from ``columns`` ("name:format ...", _ for a space in a name);
    returns ``row(n, values)``, which prints a row, or instead an error given as a string."""
    cols = [c.replace("_", " ").split(":") for c in columns.split()]
    print(f"\n== {title} ==", *(f"  {note}" for note in notes), sep="\n")
    header = " ".join(f"{name:>{int(float(spec.rstrip('f')))}}" for name, spec in cols)
    print(header + "\n" + "-" * len(header))

    def row(n: int, values: list | str) -> None:
        if isinstance(values, str):
            print(f"{fmt_n(n):>5}  {values}", flush=True)
        else:
            print(
                " ".join(format(v, ">" + spec) for v, (_, spec) in zip([fmt_n(n), *values], cols)), flush=True
            )

    return row


def library_version() -> str:
    """The git commit and a hash of workbench/'s sources as they are now (other people edit them meanwhile)."""
    git = ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]
    head = subprocess.run(git, capture_output=True, text=True).stdout.strip()
    sources = b"".join(path.read_bytes() for path in sorted((REPO / "workbench").rglob("*.py")))
    return f"commit {head}, workbench/*.py sha1 {hashlib.sha1(sources).hexdigest()[:10]}"


def p50_p95(ms: list[float]) -> tuple[float, float]:
    return percentile(ms, 50), percentile(ms, 95)


def search_in_memory(args) -> dict:
    row = table(
        f"1. Top-{K} in memory: VectorIndex.top vs brute force top_k on the same matrix (ms)",
        ["x: VectorIndex / brute force; recall@10 of VectorIndex against brute force; build: its first call"],
        "N:5 VectorIndex:14 build_s:7.2f p50:7.2f p95:7.2f brute_p50:9.2f brute_p95:9.2f x_p50:6.2f "
        "x_p95:6.2f recall@10:9.3f peak_MB:7.0f",
    )
    results = {}
    for n in args.sizes:
        r = results[n] = spawn(args, "vectors", n)
        if "error" in r:
            row(n, r["error"])
            continue
        (i50, i95), (b50, b95) = p50_p95(r["ms"]["index"]), p50_p95(r["ms"]["brute"])
        r.update(p95=i95, brute_p95=b95)
        row(n, [r["kind"], r["build_s"], i50, i95, b50, b95, i50 / b50, i95 / b95, r["recall"], r["peak_mb"]])
    return results


def search_in_sqlite(args) -> tuple[dict, dict]:
    row = table(
        f"2. Hybrid search.rank(k={K}, scope all) through SQLite vs VectorIndex.top alone (ms)",
        ["build: open_db + db.articles.insert/db.claims.insert/db.vectors.add (s); first: the first rank() (s), of",
         "which load is reading the vectors from SQLite; cache: a vector_index() cache hit (rank makes one",
         "per table); bm25, words: rank()'s FTS5 queries for candidates and for the matched words of the hits"],
        "N:5 build_s:7.1f DB_MB:6.0f first_s:7.2f load_s:6.2f rank_p50:8.2f rank_p95:8.2f top_p50:7.2f "
        "top_p95:7.2f x_p50:6.1f x_p95:6.1f cache_p50:9.2f bm25_p50:8.2f words_p50:9.2f peak_MB:7.0f",
    )  # fmt: skip
    built, ranked = {}, {}
    for n in sorted({n for n in args.sizes if n <= DB_MAX} | set(args.group_sizes)):
        b = built[n] = spawn(args, "build_db", n)
        if "error" in b or n not in args.sizes or n > DB_MAX:
            row(n, b.get("error", f"database built in {b.get('build_s', 0):.1f} s, for grouping"))
            continue
        r = ranked[n] = spawn(args, "rank", n)
        if "error" in r:
            row(n, r["error"])
            continue
        q = {name: p50_p95(ms) for name, ms in r["ms"].items()}
        r.update(p95=q["rank"][1], top_p95=q["top"][1])
        x = [q["rank"][0] / q["top"][0], q["rank"][1] / q["top"][1]]
        row(n, [b["build_s"], b["db_mb"], r["first_s"], r["load_s"], *q["rank"], *q["top"], *x,
                q["cache"][0], q["bm25"][0], q["words"][0], r["peak_mb"]])  # fmt: skip
    return built, ranked


def grouping(args, built: dict) -> dict:
    row = table(
        f"3. Grouping: regroup (all claims) vs add_claims ({NEW_CLAIMS} new claims), e5 thresholds {registry.THRESHOLDS['multilingual-e5-small'].suggest:.2f}/{registry.THRESHOLDS['multilingual-e5-small'].confirm:.2f} (s)",
        ["add cold: a fresh process, like a CLI ingest; add warm: the next article in that process, with the",
         "vector cache of search loaded, as in the app. Parts: load = reading vectors (db.vectors.matrix) and",
         "texts (db.claims.texts); words = content_words; groups, suggest, pairs = find_groups, find_suggestions,",
         "_similar_pairs (the all-pairs pass, inside the other two when they run it); rest = regroup/add_claims's own Python and SQL; +MB = peak RSS above the RSS before"],
        "N:5 path:8 seconds:8.2f load:6.2f words:6.2f groups:7.2f suggest:7.2f pairs:6.2f rest:6.2f "
        "peak_MB:7.0f +MB:6.0f groups2+:8 suggestions:11 incr/full:9 joined:6",
    )  # fmt: skip
    results = {}
    for n in [n for n in args.group_sizes if "error" not in built[n]]:
        full = spawn(args, "regroup", n)
        add = spawn(args, "add", n) if "error" not in full else {"error": "skipped: no stored groups"}
        results[n] = {"regroup": full, **({"add cold": add, "add warm": add} if "error" in add else add)}
        for path, r in results[n].items():
            if "error" in r:
                row(n, f"{path}: {r['error']}")
                continue
            t, ratio, joined = r["parts"], "", ""
            if r is not full:
                ratio, joined = f"{r['s'] / full['s']:.4f}", f"{r['result']}/{NEW_CLAIMS}"
            row(n, [path, r["s"], t["matrix"] + t["texts"], t["content_words"], t["find_groups"],
                    t["find_suggestions"], t["_similar_pairs"], r["s"] - sum(t.values()), r["peak_mb"],
                    r["extra_mb"], r["groups"], r["suggestions"], ratio, joined])  # fmt: skip
    return results


def per_10x(series: dict[int, float]) -> str:
    """Growth per 10x rows between consecutive sizes: (b / a) ** (1 / log10(m / n))."""
    pts = sorted((n, v) for n, v in series.items() if v > 0)
    steps = [
        f"x{(b / a) ** (1 / math.log10(m / n)):.1f} ({fmt_n(n)}->{fmt_n(m)})"
        for (n, a), (m, b) in zip(pts, pts[1:])
    ]
    return ", ".join(steps) or "- (one size)"


def summary(vec: dict, built: dict, ranked: dict, grouped: dict) -> None:
    """How each figure grows per 10x rows, and what that means."""
    full, cold, warm = (
        {n: g[path] for n, g in grouped.items()} for path in ("regroup", "add cold", "add warm")
    )
    print("\n== Growth per 10x rows (a cost linear in the rows: x10; over all pairs: x100) ==")
    for label, results, key in [
        ("brute force top_k p95", vec, "brute_p95"), ("VectorIndex.top p95", vec, "p95"),
        ("rank() p95", ranked, "p95"), ("first rank() (cache load)", ranked, "first_s"),
        ("database build", built, "build_s"), ("regroup seconds", full, "s"),
        ("regroup peak +MB", full, "extra_mb"), ("add_claims cold seconds", cold, "s"),
        ("add_claims warm seconds", warm, "s"), ("add_claims cold peak +MB", cold, "extra_mb"),
    ]:  # fmt: skip
        print(f"  {label:<27} {per_10x({n: r[key] for n, r in results.items() if key in r})}")
    print("\n== Conclusion (from the figures above) ==")
    if done := [n for n, r in vec.items() if "p95" in r]:
        r = vec[n := max(done)]
        print(f"  At {fmt_n(n)} VectorIndex.top ({r['kind']}) has p95 {r['p95']:.1f} ms = {r['p95'] / r['brute_p95']:.2f}"
              f" x brute force ({r['brute_p95']:.0f} ms), recall@10 {r['recall']:.3f}; build {r['build_s']:.1f} s.")  # fmt: skip
    if done := [n for n, r in ranked.items() if "p95" in r]:
        r = ranked[n := max(done)]
        print(f"  At {fmt_n(n)} rank() p95 is {r['p95']:.1f} ms = {r['p95'] / r['top_p95']:.1f} x the vector search alone;"
              f" the first search takes {r['first_s']:.1f} s, {r['load_s']:.1f} s of it reading vectors from SQLite.")  # fmt: skip
    if done := [n for n in grouped if "s" in full[n] and "s" in cold[n]]:
        f, c, w = full[n := max(done)], cold[n], warm[n]
        print(f"  At {fmt_n(n)} a full regroup takes {f['s']:.1f} s (peak +{f['extra_mb']:.0f} MB); one new article of"
              f" {NEW_CLAIMS} claims by add_claims {c['s']:.2f} s cold = {c['s'] / f['s']:.4f} of it (peak"
              f" +{c['extra_mb']:.0f} MB), {w['s']:.2f} s warm = {w['s'] / f['s']:.4f} of it.")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="claims N for search")
    ap.add_argument("--group-sizes", type=int, nargs="*", default=[10_000], help="claims N for grouping")
    ap.add_argument("--queries", type=int, default=200, help="single queries timed per N")
    ap.add_argument("--workdir", default="/tmp/scale_bench", help="data and databases (~3 GB at 1M)")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds allowed per subprocess")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    workdir = Path(args.workdir)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](workdir, args.n, args.queries)))
        return
    import faiss

    started = time.perf_counter()
    workdir.mkdir(parents=True, exist_ok=True)
    largest = max(args.sizes + [n + 2 * NEW_CLAIMS for n in args.group_sizes])
    vi.write_dataset(workdir, largest, args.queries)
    print(f"Data: {largest} synthetic vectors, {args.queries} queries (benchmarks/vector_index.py), "
          f"{write_sentences(workdir)} BASIL claim texts; ready in {time.perf_counter() - started:.0f} s")  # fmt: skip
    print(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start (shared: compare"
          f" ratios, not times); numpy {np.__version__}, faiss {faiss.__version__}")  # fmt: skip
    print(f"Library: {(version := library_version())}")
    vec = search_in_memory(args)
    built, ranked = search_in_sqlite(args)
    summary(vec, built, ranked, grouping(args, built))
    if library_version() != version:
        print(f"\nWARNING: workbench/ changed during the run (now {library_version()}): figures mix versions")
    print(f"\nWall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
