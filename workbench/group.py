"""Claims -> groups of the same assertion across sources.

``find_groups`` is pure over vectors (hand-made vectors test it); ``regroup`` runs it over the stored vectors of
one model and replaces the ``claim_groups`` table, of which this module is the only writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from sqlite_utils import Database

from .claims import claim_texts
from .db import write_transaction
from .embed import Embedder, claim_vectors, ensure_claim_vectors

# Cosine at or above which two claims count as the same assertion, per model: e5 cosines sit in a narrow high
# band, so a threshold must never be shared between models. e5: 0.88 is the highest threshold that keeps the
# reference example together (Miller's, Chang Ho-jin's and Jenkins' statements on the UN resolutions). On
# BASIL it links 97.7 % of same-event article pairs at a link precision of 0.339; 0.91 would give 90.7 % at
# 0.772 (benchmarks/grouping_basil.py). The STS dev sets (benchmarks/calibrate_thresholds.py) favour 0.93.
THRESHOLDS = {
    "multilingual-e5-small": 0.88,
}
# For a model nobody calibrated: typical for sentence-transformers models with cosines spread over [0, 1].
FALLBACK_THRESHOLD = 0.75
# Words too common to show that two claims are about the same thing (German and English).
_STOPWORDS = frozenset(
    """aber alle allem allen aller alles also auch auf aus bei beim bereits bis bisher damit dann darauf dass
    dein dem den denen der deren des dessen dich die dies diese diesem diesen dieser dieses doch dort durch eine
    einem einen einer eines einige etwa euch gegen gibt habe haben hatte hatten heute hier hinter ihre ihrem
    ihren ihrer immer jede jedem jeden jeder jedoch jetzt kann kein keine keinen koennen können könnte machen
    mehr mein meine muss müssen nach nicht noch nun oder ohne sagte sagen sehr sein seine seinem seinen seiner
    seit sich sind soll sollen sollte sondern sowie über unter viel viele vom von wegen weil weiter welche wenn
    werde werden wieder will wird wollen worden wurde wurden würde würden zwischen about above after again
    against also although among another because been before being below between both cannot could does doing
    down during each either every from further have having here hers herself himself however into itself just
    least less like made make many more most much must never only other ought ours over said same says shall
    should since some still such than that their theirs them themselves then there these they this those
    through told under until very were what when where whether which while whom whose will with within without
    would your yours""".split()
)
ROW_CHUNK = 1024  # rows of the similarity matrix computed at once: bounds memory at ROW_CHUNK x n floats


def threshold_for(model: str) -> float:
    """The calibrated grouping threshold of ``model`` (a fallback for uncalibrated models)."""
    return THRESHOLDS.get(model, FALLBACK_THRESHOLD)


def content_words(text: str) -> frozenset[str]:
    """The words that say what a claim is about: numbers and words of 4+ letters that are not stopwords,
    cut to 6 characters so inflected forms match ("Sicherheitsrates" ~ "Sicherheitsrats")."""
    words = re.findall(r"[^\W_]+", text.lower())
    return frozenset(w[:6] for w in words if w.isdigit() or (len(w) >= 4 and w not in _STOPWORDS))


def find_groups(
    vectors: np.ndarray, threshold: float, words: list[frozenset[str]] | None = None
) -> list[tuple[list[int], list[float]]]:
    """Partition rows of ``vectors`` (L2-normalised) into groups of the same assertion.

    Two rows are neighbours when their cosine is >= ``threshold`` and, if ``words`` (one set per row, see
    ``content_words``) is given, they share a content word: embeddings alone rate generic statements on one
    topic as near-duplicates ("Democrats were not impressed" ~ "Democrats called that a mischaracterization").
    Greedy centre-based clustering: the row with most neighbours becomes a centre and takes its unassigned
    neighbours; repeat. Every member is similar to its centre, so groups cannot chain through a series of
    slightly-related claims the way connected components do. Returns (row indices, cosine of each to the
    centre) per group, the centre first; every row is in exactly one group.
    """
    n = len(vectors)
    neighbours: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    for start in range(0, n, ROW_CHUNK):
        block = vectors[start : start + ROW_CHUNK] @ vectors.T
        for i, row in enumerate(block, start):
            idx = np.flatnonzero(row >= threshold)
            if words is not None:
                idx = np.array([j for j in idx if j == i or words[i] & words[j]], dtype=np.int64)
            neighbours.append(idx)
            sims.append(row[idx])
    # Most neighbours first; ties broken by the mean similarity so the most typical claim leads.
    order = sorted(
        range(n), key=lambda i: (-len(neighbours[i]), -float(sims[i].mean()) if len(sims[i]) else 0, i)
    )
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


def regroup(db: Database, embedder: Embedder, threshold: float | None = None) -> tuple[int, int]:
    """Group all stored claims with ``embedder``'s vectors (embedding any that lack one).

    Returns (number of groups with two or more claims, number of claims grouped with another).
    """
    ensure_claim_vectors(db, embedder)
    threshold = threshold_for(embedder.name) if threshold is None else threshold
    ids, vectors = claim_vectors(db, embedder.name)
    texts = claim_texts(db)
    groups = find_groups(vectors, threshold, [content_words(texts[i]) for i in ids]) if ids else []
    rows = []
    for members, scores in groups:
        # The smallest claim id names the group, so an unchanged group keeps its id across regroups.
        group_id = min(ids[m] for m in members)
        rows.extend((ids[m], group_id, embedder.name, s) for m, s in zip(members, scores))
    with write_transaction(db):
        db.execute("DELETE FROM claim_groups")
        db.conn.executemany(
            "INSERT INTO claim_groups (claim_id, group_id, model, similarity) VALUES (?, ?, ?, ?)", rows
        )
    multi = [m for m, _ in groups if len(m) > 1]
    return len(multi), sum(len(m) for m in multi)


def ungrouped_claims(db: Database) -> int:
    """How many stored claims have no group row (each claim is in a group, alone or not, after a regroup)."""
    return db.execute(
        "SELECT COUNT(*) FROM claims c LEFT JOIN claim_groups g ON g.claim_id = c.id WHERE g.claim_id IS NULL"
    ).fetchone()[0]


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
