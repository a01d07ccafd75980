"""What the 2,000-character query limit (issue 16, ``workbench.search.MAX_QUERY_CHARS``) costs the search of long
queries: German social-media posts searched for the claim a fact-checker verified in them.

CheckThat 2025 claim normalisation, German train (research/retrieval.py's loader: the distinct posts shuffled
with ``random.Random(2025)``, first half "tune", second half "report"). Only the posts over the limit are
searched, each twice, through the shipped ranking (``workbench.search.rank``, BM25 and e5 fused at the shipped
weight) over the 301 claims imported into a real database: the whole post, and the post as the workbench now
searches it (``search.limit_query``). Metric: MRR@10 on each half. The limit was set from the length of a
query ("a few hundred words") and the lengths of real sentences, claims and tweets (docs/measurements.md),
before this was run: neither half chose it.

Run: python benchmarks/query_cap.py [--db-dir /tmp/query_cap]; the log sits beside it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "research"))
import retrieval  # noqa: E402  (the data loader and the metric of the exploration script in research/)

from workbench import search  # noqa: E402
from workbench.pipeline import import_factchecks  # noqa: E402
from workbench.records import FactCheck  # noqa: E402
from workbench.store import open_db  # noqa: E402
from workbench.vectors.embedders import load_embedder  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--db-dir", type=Path, default=Path("/tmp/query_cap"))
    args = ap.parse_args()
    args.db_dir.mkdir(parents=True, exist_ok=True)
    data = retrieval.load_checkthat2025_de()
    embedder = load_embedder()
    db = open_db(args.db_dir / "ct2025de.db")
    started = time.perf_counter()
    docs = [FactCheck(claim=text, external_id=str(i)) for i, text in enumerate(data.docs)]
    report = import_factchecks(db, docs, embedder)
    print(
        f"{data.name}: {len(data.docs)} claims ({report.added} imported in {time.perf_counter() - started:.0f} s)"
    )
    row_of_id = {int(r[1]): int(r[0]) for r in db.sqlite_db.execute("SELECT external_id, id FROM factchecks")}

    print(f"limit: {search.MAX_QUERY_CHARS:,} characters; shipped BM25 weight {search.BM25_WEIGHT}")
    print(
        f"{'split':7} {'posts':>6} {'over':>5} {'median chars':>13} {'MRR@10 whole':>13} {'MRR@10 cut':>11}"
    )
    for split in ("tune", "report"):
        pairs = data.splits[split]
        long = [(post, relevant) for post, relevant in pairs if search.limit_query(post)[1]]
        scores = {}
        for form in ("whole", "cut"):
            queries = [" ".join(p.split()) if form == "whole" else search.limit_query(p)[0] for p, _ in long]
            vectors = embedder.encode(queries)
            rankings = []
            for query, vector in zip(queries, vectors):
                hits = search.rank(db, query, vector, embedder.name, k=10, scope="factchecks")
                rankings.append([row_of_id[h.id] for h in hits])
            scores[form] = retrieval.evaluate(rankings, long)["MRR@10"]
        lengths = sorted(len(p) for p, _ in long)
        print(
            f"{split:7} {len(pairs):6} {len(long):5} {lengths[len(lengths) // 2]:13,} {scores['whole']:13.3f}"
            f" {scores['cut']:11.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
