"""Claims -> groups of the same assertion across sources.

``find_groups`` is pure over vectors (hand-made vectors test it); ``regroup`` runs it over the stored vectors of
one model and replaces the ``claim_groups`` table, of which this module is the only writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlite_utils import Database

from .embed import Embedder, claim_vectors, ensure_claim_vectors

# Cosine at or above which two claims count as the same assertion, per model. Calibrated with
# benchmarks/calibrate_thresholds.py on the STS benchmark dev sets (gold >= 4 of 5 = same; best F0.5); e5
# cosines sit in a narrow high band, so a threshold must never be shared between models.
THRESHOLDS = {
    "multilingual-e5-small": 0.90,
    "all-MiniLM-L6-v2": 0.75,
}
# For a model nobody calibrated: typical for sentence-transformers models with cosines spread over [0, 1].
FALLBACK_THRESHOLD = 0.75
ROW_CHUNK = 1024  # rows of the similarity matrix computed at once: bounds memory at ROW_CHUNK x n floats


def threshold_for(model: str) -> float:
    """The calibrated grouping threshold of ``model`` (a fallback for uncalibrated models)."""
    return THRESHOLDS.get(model, FALLBACK_THRESHOLD)


def find_groups(vectors: np.ndarray, threshold: float) -> list[tuple[list[int], list[float]]]:
    """Partition rows of ``vectors`` (L2-normalised) into groups of the same assertion.

    Greedy centre-based clustering: the row with most neighbours (cosine >= threshold) becomes a centre and
    takes its unassigned neighbours; repeat. Every member is similar to its centre, so groups cannot chain
    through a series of slightly-related claims the way connected components do. Returns (row indices,
    cosine of each to the centre) per group, the centre first; every row is in exactly one group.
    """
    n = len(vectors)
    neighbours: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    for start in range(0, n, ROW_CHUNK):
        block = vectors[start : start + ROW_CHUNK] @ vectors.T
        for row in block:
            idx = np.flatnonzero(row >= threshold)
            neighbours.append(idx)
            sims.append(row[idx])
    # Most neighbours first; ties broken by the mean similarity so the most typical claim leads.
    order = sorted(range(n), key=lambda i: (-len(neighbours[i]), -float(sims[i].mean()) if len(sims[i]) else 0, i))
    assigned = np.zeros(n, dtype=bool)
    groups = []
    for centre in order:
        if assigned[centre]:
            continue
        members, scores = [centre], [1.0]
        for j, s in zip(neighbours[centre], sims[centre]):
            if not assigned[j] and j != centre:
                members.append(int(j))
                scores.append(float(s))
        assigned[members] = True
        groups.append((members, scores))
    return groups


@dataclass
class GroupMember:
    """A claim as shown in a group: who said it where."""

    claim_id: int
    article_id: int
    source: str
    title: str
    speaker: str
    text: str
    similarity: float
    status: str
    verdict: str


@dataclass
class Group:
    """Claims making the same assertion; ``sources`` counts the distinct articles among them."""

    id: int
    members: list[GroupMember] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def sources(self) -> int:
        return len({m.article_id for m in self.members})


def regroup(
    db: Database, embedder: Embedder, threshold: float | None = None, progress=None
) -> tuple[int, int]:
    """Group all stored claims with ``embedder``'s vectors (embedding any that lack one).

    Returns (number of groups with two or more claims, number of claims grouped with another).
    """
    ensure_claim_vectors(db, embedder, progress)
    threshold = threshold_for(embedder.name) if threshold is None else threshold
    ids, vectors = claim_vectors(db, embedder.name)
    groups = find_groups(vectors, threshold) if ids else []
    rows = []
    for members, scores in groups:
        # The smallest claim id names the group, so an unchanged group keeps its id across regroups.
        group_id = min(ids[m] for m in members)
        rows.extend((ids[m], group_id, embedder.name, s) for m, s in zip(members, scores))
    with db.atomic():
        db.execute("DELETE FROM claim_groups")
        db.conn.executemany(
            "INSERT INTO claim_groups (claim_id, group_id, model, similarity) VALUES (?, ?, ?, ?)", rows
        )
    multi = [m for m, _ in groups if len(m) > 1]
    return len(multi), sum(len(m) for m in multi)


def list_groups(db: Database, min_size: int = 2, min_sources: int = 1) -> list[Group]:
    """Stored groups with at least ``min_size`` claims from at least ``min_sources`` articles, largest first."""
    rows = db.execute(
        """
        SELECT g.group_id, c.id, c.article_id, a.source, a.title, c.speaker, c.text, g.similarity,
               COALESCE(r.status, 'unreviewed'), COALESCE(r.verdict, '')
        FROM claim_groups g
        JOIN claims c ON c.id = g.claim_id
        JOIN articles a ON a.id = c.article_id
        LEFT JOIN reviews r ON r.claim_id = c.id
        WHERE g.group_id IN (SELECT group_id FROM claim_groups GROUP BY group_id HAVING COUNT(*) >= ?)
        ORDER BY g.group_id, g.similarity DESC, c.id
        """,
        [min_size],
    ).fetchall()
    groups: dict[int, Group] = {}
    for r in rows:
        groups.setdefault(r[0], Group(id=r[0])).members.append(GroupMember(*r[1:]))
    kept = [g for g in groups.values() if g.sources >= min_sources]
    return sorted(kept, key=lambda g: (-g.sources, -g.size, g.id))


def group_of(db: Database, claim_id: int) -> int | None:
    """The group id of a claim, if it has been grouped."""
    row = db.execute("SELECT group_id FROM claim_groups WHERE claim_id = ?", [claim_id]).fetchone()
    return row[0] if row else None
