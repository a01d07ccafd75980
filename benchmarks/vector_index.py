"""Which vector index keeps similar-claim search interactive as the database grows? Measured, not guessed.

Synthetic claim vectors stand in for real ones: 384-d float32, L2-normalised, drawn from a mixture of Gaussian
clusters on the unit sphere (uneven cluster sizes and spreads, fixed seed), so that neighbours are realistic
rather than uniform noise. The database at each N is a prefix of the largest one (the database grows);
queries are fresh points from the same mixture (a new claim searched for), never stored rows.

For each N and backend, in a fresh subprocess (so its peak RSS, VmHWM, is that backend's own), it reports
- build time: loading the rows into the index (for sqlite-vec: inserting them into a vec0 table of a real
  SQLite file, queried with its KNN SQL ``embedding MATCH ? AND k = ?``);
- top-10 latency p50/p95, one query at a time as the app searches, and the ratio to NumPy brute force
  (``workbench.vectors.index.top_k``, the current code) measured in the same run;
- recall@10 against exact brute force;
- peak RSS of the process, and the RSS the index keeps once the source matrix is freed.
Then the cost of the current grouping, ``workbench.group.find_groups`` (all pairs, in blocks), at 10k and 100k
rows with synthetic content words, under a timeout, beside a nearest-neighbour alternative (top-k neighbours
from an ANN index, then the same greedy centre-based grouping on that sparse graph) and how far the two agree.

sqlite-vec is a loadable SQLite extension. A Python built without loadable-extension support (pyenv's default
build, as in /work/venv) cannot load it, so its worker uses only the standard library and runs under
``--sqlite-python`` (default: this interpreter if it can load extensions, else /usr/bin/python3).

Run (from the repository root, in the dev venv with sqlite-vec, usearch and faiss-cpu installed):
    python benchmarks/vector_index.py                              # 10k, 100k, 1M; grouping at 10k, 100k
    python benchmarks/vector_index.py --sizes 10000 --group-sizes 10000 --queries 50     # quick look
"""

from __future__ import annotations

# Only the standard library at module level: the sqlite-vec worker may run under an interpreter without numpy.
import argparse
import gc
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DIM = 384
K = 10
SEED = 20240604
CENTRES = 2000
SPREAD = (0.2, 0.6)  # per-cluster noise scale: same-cluster cosine from about 0.96 down to about 0.74
GROUP_THRESHOLD = 0.88  # the calibrated e5 threshold; the synthetic spreads put tight clusters above it
INTERACTIVE_MS = 100.0
MIN_RECALL = 0.95  # below this an index misses too much of the exact top 10 to replace brute force
WARMUP = 5
BACKENDS = ("numpy", "sqlite-vec", "faiss-flat", "faiss-ivf", "faiss-hnsw", "usearch")
DESCRIPTIONS = {
    "numpy": "workbench.vectors.index.top_k: matrix @ query + argpartition (current code, exact)",
    "sqlite-vec": "vec0 float[384] distance_metric=cosine in a SQLite file; exact scan in C",
    "faiss-flat": "faiss.IndexFlatIP (exact, SIMD/BLAS)",
    "faiss-ivf": "faiss.IndexIVFFlat IP, nlist=sqrt(N), nprobe=32 (approximate)",
    "faiss-hnsw": "faiss.IndexHNSWFlat IP, M=32, efConstruction=40, efSearch=64 (approximate)",
    "usearch": "usearch.Index cos f32, connectivity=16, expansion_add=40, expansion_search=64 (approximate)",
}


# --- process measurements (standard library) ------------------------------------------------------------


def _status_mb(field: str) -> float:
    """A memory field of /proc/self/status (Linux) in MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    """Current resident set size of this process in MiB."""
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB.

    VmHWM, not ru_maxrss: on Linux a child started by subprocess inherits the parent's ru_maxrss across
    fork + exec (the first run showed the parent's 633 MB for every backend), while VmHWM belongs to the
    child's own address space."""
    return _status_mb("VmHWM")


def can_load_extensions(python: str) -> bool:
    """Whether ``python``'s sqlite3 module can load SQLite extensions."""
    probe = "import sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)"
    return subprocess.run([python, "-c", probe], capture_output=True).returncode == 0


# --- synthetic data --------------------------------------------------------------------------------------


def write_dataset(workdir: Path, n: int, queries: int) -> None:
    """Write ``n`` clustered unit vectors (raw little-endian float32, the app's blob format), their cluster
    labels, and ``queries`` fresh query vectors from the same mixture, into ``workdir``."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    centres = rng.standard_normal((CENTRES, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    spreads = rng.uniform(*SPREAD, CENTRES).astype(np.float32)
    weights = rng.lognormal(0.0, 1.0, CENTRES)  # uneven cluster sizes: a few big topics, many small ones
    weights /= weights.sum()

    def sample(count: int, stream: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        labels = stream.choice(CENTRES, size=count, p=weights)
        noise = stream.standard_normal((count, DIM), dtype=np.float32) / np.float32(math.sqrt(DIM))
        rows = centres[labels] + spreads[labels, None] * noise
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        return rows.astype("<f4"), labels.astype(np.int32)

    data_rng, query_rng = rng.spawn(2)
    labels = np.empty(n, dtype=np.int32)
    with open(workdir / "vectors.f32", "wb") as f:
        for start in range(0, n, 100_000):
            rows, labels[start : start + 100_000] = sample(min(100_000, n - start), data_rng)
            f.write(rows.tobytes())
    np.save(workdir / "labels.npy", labels)
    rows, _ = sample(queries, query_rng)
    rows.tofile(workdir / "queries.f32")


def load_vectors(workdir: Path, n: int):
    """The first ``n`` stored vectors as an (n, DIM) float32 array in memory (as the app loads them)."""
    import numpy as np

    return np.fromfile(workdir / "vectors.f32", dtype="<f4", count=n * DIM).reshape(n, DIM)


def exact_top_k(workdir: Path, n: int) -> list[list[int]]:
    """Exact top-K rows for every query over the first ``n`` vectors (the recall reference), in chunks."""
    import numpy as np

    queries = np.fromfile(workdir / "queries.f32", dtype="<f4").reshape(-1, DIM)
    data = np.memmap(workdir / "vectors.f32", dtype="<f4", mode="r", shape=(n, DIM))
    best_ids = np.empty((len(queries), 0), dtype=np.int64)
    best_scores = np.empty((len(queries), 0), dtype=np.float32)
    for start in range(0, n, 200_000):
        scores = queries @ np.asarray(data[start : start + 200_000]).T
        ids = np.broadcast_to(np.arange(start, start + scores.shape[1]), scores.shape)
        scores = np.concatenate([best_scores, scores], axis=1)
        ids = np.concatenate([best_ids, ids], axis=1)
        keep = np.argpartition(-scores, K - 1, axis=1)[:, :K]
        best_scores, best_ids = np.take_along_axis(scores, keep, 1), np.take_along_axis(ids, keep, 1)
    return [sorted(map(int, row)) for row in best_ids]


def content_words_for(labels) -> list[frozenset[str]]:
    """Synthetic content words per row: 3 of 8 words of its cluster plus 2 of 20,000 common ones, so that
    claims of one cluster usually share a word, as ``workbench.group.content_words`` would find."""
    import numpy as np

    rng = np.random.default_rng(SEED + 1)
    own = rng.integers(0, 8, (len(labels), 3))
    common = rng.integers(0, 20_000, (len(labels), 2))
    return [
        frozenset([f"c{c}w{a}", f"c{c}w{b}", f"c{c}w{d}", f"g{e}", f"g{g}"])
        for c, (a, b, d), (e, g) in zip(labels.tolist(), own.tolist(), common.tolist())
    ]


# --- search workers (each runs in its own process) ---------------------------------------------------------


def time_queries(search, queries: list, budget_s: float) -> tuple[list[float], list[list[int]]]:
    """Latency in ms of ``search(q)`` (-> row ids) per query, one at a time, after a few untimed warm-up
    queries, and the sorted ids each returned. Stops early once ``budget_s`` seconds of timed queries have
    passed (the table reports how many were timed; recall is over those)."""
    for q in queries[:WARMUP]:
        search(q)
    latencies, results, spent = [], [], 0.0
    for q in queries:
        t = time.perf_counter()
        ids = search(q)
        latencies.append((time.perf_counter() - t) * 1000)
        results.append(sorted(int(i) for i in ids))
        spent += latencies[-1] / 1000
        if spent > budget_s:
            break
    return latencies, results


def run_sqlite_vec(workdir: Path, n: int, budget_s: float, extension: str) -> dict:
    """Insert the first ``n`` blobs into a vec0 table of a fresh SQLite file and time KNN SQL queries.

    Standard library only, so it runs under any Python whose sqlite3 can load extensions."""
    baseline = rss_mb()
    path = workdir / f"vec_{n}.db"
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    db.enable_load_extension(True)
    db.load_extension(extension)
    db.enable_load_extension(False)
    db.execute(
        f"CREATE VIRTUAL TABLE claim_vectors USING vec0(embedding float[{DIM}] distance_metric=cosine)"
    )
    size = DIM * 4
    t = time.perf_counter()
    with open(workdir / "vectors.f32", "rb") as f, db:
        for start in range(0, n, 10_000):
            chunk = f.read(min(10_000, n - start) * size)
            db.executemany(
                "INSERT INTO claim_vectors(rowid, embedding) VALUES (?, ?)",
                ((start + i + 1, chunk[i * size : (i + 1) * size]) for i in range(len(chunk) // size)),
            )
    build_s = time.perf_counter() - t
    raw = (workdir / "queries.f32").read_bytes()
    queries = [raw[i : i + size] for i in range(0, len(raw), size)]
    sql = "SELECT rowid, distance FROM claim_vectors WHERE embedding MATCH ? AND k = ?"
    # rowids are 1-based, rows 0-based
    latencies, results = time_queries(
        lambda q: [r[0] - 1 for r in db.execute(sql, (q, K)).fetchall()], queries, budget_s
    )
    return {
        "build_s": build_s,
        "latencies_ms": latencies,
        "results": results,
        "index_mb": rss_mb() - baseline,
        "peak_mb": peak_rss_mb(),
        "disk_mb": path.stat().st_size / 2**20,
    }


def build_index(backend: str, vectors):
    """Build ``backend``'s index over ``vectors``; returns a one-query search function -> row ids."""
    import numpy as np

    n = len(vectors)
    if backend == "numpy":
        from workbench.vectors.index import top_k

        return lambda q: [i for i, _ in top_k(vectors, q, K)]
    if backend.startswith("faiss"):
        import faiss

        if backend == "faiss-flat":
            index = faiss.IndexFlatIP(DIM)
        elif backend == "faiss-ivf":
            nlist = max(1, int(math.sqrt(n)))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIM), DIM, nlist, faiss.METRIC_INNER_PRODUCT)
            sample = np.random.default_rng(SEED).choice(n, size=min(n, 64 * nlist), replace=False)
            index.train(vectors[np.sort(sample)])
            index.nprobe = 32
        else:
            index = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 40
            index.hnsw.efSearch = 64
        index.add(vectors)
        return lambda q: index.search(q[None, :], K)[1][0].tolist()
    if backend == "usearch":
        from usearch.index import Index

        # expansion_add=40 like FAISS's efConstruction: the default 128 took 388 s for 100k rows here.
        index = Index(
            ndim=DIM, metric="cos", dtype="f32", connectivity=16, expansion_add=40, expansion_search=64
        )
        index.add(np.arange(n), vectors)
        return lambda q: index.search(q, K).keys.tolist()
    raise ValueError(f"unknown backend {backend!r}")


def run_backend(backend: str, workdir: Path, n: int, budget_s: float) -> dict:
    """Load the first ``n`` vectors, build ``backend``'s index, then time single queries."""
    import numpy as np

    baseline = rss_mb()
    vectors = load_vectors(workdir, n)
    t = time.perf_counter()
    search = build_index(backend, vectors)
    build_s = time.perf_counter() - t
    if backend != "numpy":  # the index holds its own copy: free the source matrix to see what it keeps
        del vectors
        gc.collect()
    queries = list(np.fromfile(workdir / "queries.f32", dtype="<f4").reshape(-1, DIM))
    latencies, results = time_queries(search, queries, budget_s)
    return {
        "build_s": build_s,
        "latencies_ms": latencies,
        "results": results,
        "index_mb": rss_mb() - baseline,
        "peak_mb": peak_rss_mb(),
    }


# --- grouping workers --------------------------------------------------------------------------------------


def greedy_groups(neighbours: list, sims: list) -> list[list[int]]:
    """The greedy centre-based step of ``workbench.group.find_groups``, on given neighbour lists."""
    import numpy as np

    n = len(neighbours)
    order = sorted(
        range(n), key=lambda i: (-len(neighbours[i]), -float(sims[i].mean()) if len(sims[i]) else 0, i)
    )
    assigned = np.zeros(n, dtype=bool)
    groups = []
    for centre in order:
        if assigned[centre]:
            continue
        members = [centre] + [int(j) for j in neighbours[centre] if not assigned[j] and j != centre]
        assigned[members] = True
        groups.append(members)
    return groups


def group_labels(groups: list[list[int]], n: int):
    """Row -> group number, from a list of groups of row indices."""
    import numpy as np

    labels = np.empty(n, dtype=np.int64)
    for g, members in enumerate(groups):
        labels[members] = g
    return labels


def pair_agreement(reference, other) -> tuple[float, float]:
    """(precision, recall) of the pairs put together by ``other`` against those put together by ``reference``."""
    import numpy as np

    def pairs(*labels) -> int:
        _, counts = np.unique(np.stack(labels, axis=1), axis=0, return_counts=True)
        return int((counts * (counts - 1) // 2).sum())

    both, ref, oth = pairs(reference, other), pairs(reference), pairs(other)
    return (both / oth if oth else 1.0), (both / ref if ref else 1.0)


def run_group_exact(workdir: Path, n: int) -> dict:
    """Time ``workbench.group.find_groups`` (the app's grouping, with content words) over ``n`` rows."""
    import numpy as np

    from workbench.group import find_groups

    vectors = load_vectors(workdir, n)
    words = content_words_for(np.load(workdir / "labels.npy")[:n])
    baseline = rss_mb()
    t = time.perf_counter()
    groups = find_groups(vectors, GROUP_THRESHOLD, words)
    seconds = time.perf_counter() - t
    np.save(workdir / f"groups_exact_{n}.npy", group_labels([m for m, _ in groups], n))
    return {
        "seconds": seconds,
        "grouping_mb": peak_rss_mb() - baseline,
        "peak_mb": peak_rss_mb(),
        "groups_2plus": sum(len(m) > 1 for m, _ in groups),
        "rows_grouped": sum(len(m) for m, _ in groups if len(m) > 1),
    }


def run_group_knn(workdir: Path, n: int, k: int) -> dict:
    """Grouping on a top-``k`` neighbour graph from a FAISS HNSW index (batch search, all cores), then the
    same threshold, content-word filter and greedy step as ``find_groups``."""
    import faiss
    import numpy as np

    vectors = load_vectors(workdir, n)
    words = content_words_for(np.load(workdir / "labels.npy")[:n])
    baseline = rss_mb()
    t = time.perf_counter()
    index = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 40
    index.add(vectors)
    index.hnsw.efSearch = max(64, 2 * k)
    scores, ids = index.search(vectors, k)
    graph_s = time.perf_counter() - t
    neighbours, sims = [], []
    for i in range(n):
        keep = [
            (j, s)
            for j, s in zip(ids[i].tolist(), scores[i].tolist())
            if s >= GROUP_THRESHOLD and (j == i or words[i] & words[j])
        ]
        if all(j != i for j, _ in keep):  # the row itself, as find_groups always has it
            keep.append((i, 1.0))
        neighbours.append(np.array([j for j, _ in keep], dtype=np.int64))
        sims.append(np.array([s for _, s in keep], dtype=np.float32))
    groups = greedy_groups(neighbours, sims)
    seconds = time.perf_counter() - t
    result = {
        "seconds": seconds,
        "graph_s": graph_s,
        "grouping_mb": peak_rss_mb() - baseline,
        "peak_mb": peak_rss_mb(),
        "groups_2plus": sum(len(m) > 1 for m in groups),
        "rows_grouped": sum(len(m) for m in groups if len(m) > 1),
        "rows_k_full": int((scores[:, -1] >= GROUP_THRESHOLD).sum()),
    }
    exact = workdir / f"groups_exact_{n}.npy"
    if exact.exists():
        result["pair_precision"], result["pair_recall"] = pair_agreement(
            np.load(exact), group_labels(groups, n)
        )
    return result


# --- driver ------------------------------------------------------------------------------------------------


def run_worker(args: argparse.Namespace) -> None:
    """Entry point of a child process: run one measurement and print its result as JSON on the last line."""
    workdir = Path(args.workdir)
    if args.worker == "sqlite-vec":
        result = run_sqlite_vec(workdir, args.n, args.query_budget, args.extension)
    elif args.worker == "group-exact":
        result = run_group_exact(workdir, args.n)
    elif args.worker == "group-knn":
        result = run_group_knn(workdir, args.n, args.knn_k)
    else:
        result = run_backend(args.worker, workdir, args.n, args.query_budget)
    print(json.dumps(result))


def spawn(python: str, args: argparse.Namespace, worker: str, n: int, timeout: float, **extra) -> dict:
    """Run one worker in a fresh process; {'error': ...} if it fails or exceeds ``timeout`` seconds."""
    cmd = [python, __file__, "--worker", worker, "--workdir", args.workdir, "--n", str(n)]
    cmd += ["--query-budget", str(args.query_budget), "--knn-k", str(args.knn_k)]
    cmd += [f"--{key.replace('_', '-')}={value}" for key, value in extra.items()]
    repo = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": repo + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after the {timeout:.0f} s timeout"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": time.perf_counter() - t}


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile of ``values`` (linear interpolation, as numpy's default)."""
    import numpy as np

    return float(np.percentile(values, q))


def fmt_n(n: int) -> str:
    """10000 -> '10k', 1000000 -> '1M'."""
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n / 1000:g}k"


def search_benchmark(args: argparse.Namespace, sqlite_python: str) -> dict:
    """Measure every backend at every size and print one table; returns {(backend, n): summary}."""
    from sqlite_vec import loadable_path

    summary: dict = {}
    print(f"\n== Search: top-{K}, {args.queries} single queries, {DIM}-d float32, cosine ==")
    for name in args.backends:
        print(f"  {name:<11} {DESCRIPTIONS[name]}")
    header = (
        f"{'N':>5} {'backend':<11} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x np p50':>9} {'x np p95':>9}"
    )
    header += f" {'recall@10':>9} {'peak MB':>8} {'index MB':>9}  note"
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        truth = exact_top_k(Path(args.workdir), n)
        for name in args.backends:
            previous = [s for (b, m), s in summary.items() if b == name and m < n and "build_s" in s]
            if previous and previous[-1]["build_s"] * n / previous[-1]["n"] > args.timeout:
                r = {
                    "error": f"skipped: build took {previous[-1]['build_s']:.0f} s at {fmt_n(previous[-1]['n'])}, "
                    f"so at least {previous[-1]['build_s'] * n / previous[-1]['n']:.0f} s here (> --timeout)"
                }
            elif name == "sqlite-vec":
                r = spawn(sqlite_python, args, name, n, args.timeout, extension=loadable_path())
            else:
                r = spawn(sys.executable, args, name, n, args.timeout)
            r["n"] = n
            summary[(name, n)] = r
            if "error" in r:
                print(f"{fmt_n(n):>5} {name:<11} {r['error']}")
                continue
            lat = r["latencies_ms"]
            r["p50"], r["p95"] = percentile(lat, 50), percentile(lat, 95)
            r["recall"] = sum(len(set(a) & set(b)) for a, b in zip(r["results"], truth)) / (
                K * len(r["results"])
            )
            base = summary.get(("numpy", n), {})
            ratio50 = f"{r['p50'] / base['p50']:.2f}" if "p50" in base else "-"
            ratio95 = f"{r['p95'] / base['p95']:.2f}" if "p95" in base else "-"
            note = f"{len(lat)} timed" + (f"; file {r['disk_mb']:.0f} MB" if "disk_mb" in r else "")
            print(
                f"{fmt_n(n):>5} {name:<11} {r['build_s']:>8.2f} {r['p50']:>8.2f} {r['p95']:>8.2f} {ratio50:>9}"
                f" {ratio95:>9} {r['recall']:>9.3f} {r['peak_mb']:>8.0f} {r['index_mb']:>9.0f}  {note}",
                flush=True,
            )
    return summary


def growth(summary: dict, backend: str, key: str) -> str:
    """How ``key`` grows for ``backend`` from size to size, as factors ('x9.8 per x10 rows')."""
    rows = sorted((n, s[key]) for (b, n), s in summary.items() if b == backend and key in s)
    steps = [f"x{b / a:.1f} for x{m / n:g} rows" for (n, a), (m, b) in zip(rows, rows[1:]) if a > 0]
    return ", ".join(steps) or "-"


def grouping_benchmark(args: argparse.Namespace) -> None:
    """Time the current all-pairs grouping and the neighbour-graph alternative, and print one table."""
    print(
        f"\n== Grouping: threshold {GROUP_THRESHOLD}, synthetic content words, timeout {args.group_timeout:.0f} s =="
    )
    print("  exact: workbench.group.find_groups (all pairs in blocks of 1024 rows, Python per row)")
    print(f"  knn:   FAISS HNSW top-{args.knn_k} graph (batch search) -> same filter and greedy step")
    header = f"{'N':>5} {'method':<6} {'wall s':>8} {'graph s':>8} {'peak MB':>8} {'+MB':>7} {'groups2+':>9}"
    header += f" {'rows grouped':>12}  agreement with exact"
    print(header)
    print("-" * len(header))
    for n in args.group_sizes:
        for method in ("exact", "knn"):
            r = spawn(sys.executable, args, f"group-{method}", n, args.group_timeout)
            if "error" in r:
                print(f"{fmt_n(n):>5} {method:<6} {r['error']}", flush=True)
                continue
            graph = f"{r['graph_s']:.1f}" if "graph_s" in r else "-"
            agree = ""
            if "pair_precision" in r:
                agree = f"pair precision {r['pair_precision']:.3f}, pair recall {r['pair_recall']:.3f}"
            if "rows_k_full" in r:
                agree += f"; {r['rows_k_full']} rows with all {args.knn_k} neighbours >= threshold"
            print(
                f"{fmt_n(n):>5} {method:<6} {r['seconds']:>8.1f} {graph:>8} {r['peak_mb']:>8.0f}"
                f" {r['grouping_mb']:>7.0f} {r['groups_2plus']:>9} {r['rows_grouped']:>12}  {agree}",
                flush=True,
            )


def recommend(summary: dict, backends: list[str]) -> None:
    """Print how latency grows and where brute force stops being interactive (figures from this run only)."""
    print(f"\n== Growth of p95 latency (interactive = p95 <= {INTERACTIVE_MS:.0f} ms) ==")
    for name in backends:
        slow = [
            fmt_n(n)
            for (b, n), s in sorted(summary.items())
            if b == name and s.get("p95", 0) > INTERACTIVE_MS
        ]
        print(
            f"  {name:<11} {growth(summary, name, 'p95'):<45} over {INTERACTIVE_MS:.0f} ms at: {', '.join(slow) or 'none measured'}"
        )
    numpy_p95 = sorted((n, s["p95"]) for (b, n), s in summary.items() if b == "numpy" and "p95" in s)
    fast = [fmt_n(n) for n, p95 in numpy_p95 if p95 <= INTERACTIVE_MS]
    slow = [fmt_n(n) for n, p95 in numpy_p95 if p95 > INTERACTIVE_MS]
    print("\n== Recommendation (from the figures above) ==")
    print(
        f"  NumPy brute force p95 <= {INTERACTIVE_MS:.0f} ms at: {', '.join(fast) or 'none'}; "
        f"over it at: {', '.join(slow) or 'none measured'}."
    )
    largest = max(n for _, n in summary)
    good = sorted(
        (s["p95"], b)
        for (b, n), s in summary.items()
        if n == largest and s.get("recall", 0) >= MIN_RECALL and s["p95"] <= INTERACTIVE_MS
    )
    if good:
        p95, best = good[0]
        print(
            f"  Fastest at {fmt_n(largest)} with recall@10 >= {MIN_RECALL}: {best} (p95 {p95:.2f} ms, "
            f"build {summary[(best, largest)]['build_s']:.0f} s); all that qualify: {', '.join(b for _, b in good)}."
        )
    else:
        print(
            f"  No backend reached p95 <= {INTERACTIVE_MS:.0f} ms with recall@10 >= {MIN_RECALL} at {fmt_n(largest)}."
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options (the ``--worker`` ones are internal)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], help="stored claims N"
    )
    p.add_argument("--group-sizes", type=int, nargs="*", default=[10_000, 100_000], help="N for grouping")
    p.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    p.add_argument("--queries", type=int, default=200, help="single queries timed per backend and N")
    p.add_argument("--query-budget", type=float, default=120, help="stop timing queries after this many s")
    p.add_argument("--timeout", type=float, default=600, help="seconds per backend and N (build + queries)")
    p.add_argument("--group-timeout", type=float, default=600, help="seconds per grouping run")
    p.add_argument("--knn-k", type=int, default=32, help="neighbours per row for the knn grouping")
    p.add_argument("--workdir", help="where the data and SQLite files go (default: a temporary directory)")
    p.add_argument(
        "--sqlite-python", help="interpreter for the sqlite-vec worker (needs loadable extensions)"
    )
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, help=argparse.SUPPRESS)
    p.add_argument("--extension", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Generate the data once, then measure search and grouping in fresh subprocesses and print the tables."""
    args = parse_args(argv)
    if args.worker:
        run_worker(args)
        return
    import numpy as np

    sqlite_python = args.sqlite_python or (
        sys.executable if can_load_extensions(sys.executable) else "/usr/bin/python3"
    )
    if "sqlite-vec" in args.backends and not can_load_extensions(sqlite_python):
        sys.exit(f"{sqlite_python} cannot load SQLite extensions: pass --sqlite-python or drop sqlite-vec")
    with tempfile.TemporaryDirectory(prefix="vector_index_") as tmp:
        args.workdir = args.workdir or tmp
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
        largest = max(args.sizes + args.group_sizes)
        t = time.perf_counter()
        write_dataset(Path(args.workdir), largest, args.queries)
        import faiss
        import sqlite_vec
        import usearch

        print(
            f"Data: {largest} clustered vectors ({CENTRES} centres, spread {SPREAD}), {args.queries} queries, "
            f"seed {SEED}, written in {time.perf_counter() - t:.1f} s"
        )
        print(
            f"Machine: {os.cpu_count()} cores; numpy {np.__version__}, faiss {faiss.__version__}, "
            f"usearch {usearch.__version__}, sqlite-vec {sqlite_vec.__version__}"
        )
        print(
            f"sqlite-vec worker: {sqlite_python} (SQLite {sqlite3.sqlite_version}); "
            f"this interpreter can load extensions: {can_load_extensions(sys.executable)}"
        )
        summary = search_benchmark(args, sqlite_python)
        recommend(summary, args.backends)
        if args.group_sizes:
            grouping_benchmark(args)


if __name__ == "__main__":
    main()
