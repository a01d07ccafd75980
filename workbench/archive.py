"""The archive of earlier fact-checks in use: which article claims an archive item already checked, and the
stored items as the pages list them.

Reading archive files is ``formats.factchecks``; importing (embedding and storing items) is
``pipeline.import_factchecks``; ``match_claims`` compares the stored vectors, one block at a time, and
lets the pair judge (``workbench.judge``) decide each close item: "already checked" only when the judge says
the item checked the same assertion *and* no number, date, place or actor differs between the two (a
fact-check of "54 percent" does not check "45 percent", however alike the two read); otherwise the item is
shown as a "related fact-check" at most.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .formats.factchecks import archive_url
from .records import ArchiveMatch, FactCheck, content_hash
from .text.evidence import conflicting_details, profile
from .vectors.registry import archive_threshold

if TYPE_CHECKING:
    import numpy as np

    from .judge import PairJudge
    from .store.base import Store
    from .vectors.embedders import Embedder

MAX_MATCHES_PER_CLAIM = 3


def load_judge(model: str) -> PairJudge | None:
    """The shipped pair judge for ``model`` (judge.load_judge), imported when matching: listing and exporting
    the archive need no numpy."""
    from .judge import load_judge as load

    return load(model)


CANDIDATES_PER_CLAIM = 5  # the closest items per claim that the judge looks at
CANDIDATE_FLOOR = 0.85  # ... from this cosine on (e5: altered fact-checks sit at 0.90-0.97)
# Rows of the similarity blocks computed at once: memory stays near CLAIM_CHUNK * ARCHIVE_CHUNK * 4 bytes
# (32 MB) however large the archive and the article collection grow.
CLAIM_CHUNK = 1024
ARCHIVE_CHUNK = 8192

Progress = Callable[[str, int, int], None]  # (stage, done, total), as in pipeline.Progress


@dataclass
class ImportReport:
    """What one import did."""

    added: int  # new archive items stored
    skipped: int  # items already stored, or repeated within the input
    matched_claims: int  # article claims that match at least one archive item after the import


def item_hash(item: FactCheck) -> str:
    """What makes an archive item the same item on a second import: claim, verdict, url, id and publisher."""
    fields = [item.claim, item.verdict, item.url, item.external_id, item.publisher]
    return content_hash(json.dumps(fields, ensure_ascii=False))


def new_items(db: Store, items: Sequence[FactCheck]) -> dict[str, FactCheck]:
    """The items not stored yet, by item hash (an item repeated in ``items``: its first copy)."""
    batch: dict[str, FactCheck] = {}
    for item in items:
        batch.setdefault(item_hash(item), item)
    stored = db.factchecks.stored_item_hashes(list(batch))
    return {h: item for h, item in batch.items() if h not in stored}


def store_items(db: Store, items_by_hash: dict[str, FactCheck], added_at: str) -> int:
    """Store new archive items (inside the caller's write transaction); returns how many were added (an item
    stored meanwhile by a concurrent import is skipped). Addresses are checked again here: items may come
    from Python, not only from ``formats.factchecks``."""
    rows = [
        (replace(item, url=archive_url(item.url)), h, content_hash(item.search_text()))
        for h, item in items_by_hash.items()
    ]
    return db.factchecks.insert(rows, added_at)


def match_claims(
    db: Store,
    embedder: Embedder,
    claim_ids: Iterable[int] | None = None,
    *,
    threshold: float | None = None,
    progress: Progress | None = None,
) -> int:
    """Find the archive items that checked the given article claims (None = all claims), or are related.

    Per claim, the closest items (``CANDIDATES_PER_CLAIM``, from cosine ``CANDIDATE_FLOOR`` or ``threshold``
    if lower) are classified by ``classify``: "checked" or "related" (or dropped); the best
    ``MAX_MATCHES_PER_CLAIM`` replace the claim's stored matches. ``threshold`` (default
    ``registry.archive_threshold``) is the cosine from which an item counts as related, and, for a model
    without a pair judge, as checked. Only vectors of this model are compared: ``pipeline.refresh_vectors``
    embeds what lacks one first. Returns how many of the claims an item already checked.
    """
    report = progress or (lambda *_: None)
    threshold = archive_threshold(embedder.name) if threshold is None else threshold
    judge = load_judge(embedder.name)
    floor = min(threshold, CANDIDATE_FLOOR) if judge is not None else threshold
    ids = None if claim_ids is None else sorted(set(claim_ids))
    n_claims = db.claims.count()
    matches: list[tuple] = []
    if n_claims and db.factchecks.count() and ids != []:
        total = len(ids) if ids is not None else n_claims
        done = 0
        for claim_chunk_ids, claims in db.vectors.chunks(embedder.name, "claims", CLAIM_CHUNK, ids):
            best_scores, best_ids = _best_items(db, embedder.name, claims, floor)
            close = [
                (row, int(f), float(score))
                for row in range(len(claim_chunk_ids))
                for score, f in zip(best_scores[row], best_ids[row])
                if f >= 0 and score >= floor
            ]
            infos = db.claims.for_linking([claim_chunk_ids[r] for r, _, _ in close]) if close else {}
            items = {item.id: item for item in db.factchecks.get_many({f for _, f, _ in close})}
            found: dict[int, list[tuple]] = {}
            for row, item_id, score in close:
                claim_id = claim_chunk_ids[row]
                text, lang, speaker, _ = infos[claim_id]
                relation, probability, conflicts = classify(
                    judge, text, lang, speaker, items[item_id], score, threshold
                )
                if relation:
                    found.setdefault(claim_id, []).append(
                        (claim_id, item_id, score, relation, probability, ",".join(conflicts))
                    )
            for rows in found.values():
                # "checked" first, then by the judge's probability (cosine without one)
                rows.sort(key=lambda m: (m[3] != "checked", -(m[4] if m[4] is not None else m[2]), m[1]))
                matches += rows[:MAX_MATCHES_PER_CLAIM]
            done += len(claim_chunk_ids)
            report("matching", min(done, total - 1), total)
        report("matching", total, total)
    with db.write():
        db.factchecks.replace_matches(ids, matches)
    return len({m[0] for m in matches if m[3] == "checked"})


def classify(
    judge: PairJudge | None,
    claim: str,
    lang: str,
    speaker: str,
    item: FactCheck,
    cosine: float,
    threshold: float,
) -> tuple[str, float | None, tuple[str, ...]]:
    """(relation, probability, conflicts) of an article claim (its linking text, language and speaker) and
    an archive item at this cosine: relation "checked" (the same assertion, nothing differs), "related"
    (alike, but the judge says no or a detail differs) or "" (neither). ``conflicts`` are the kinds of
    detail that differ ("number", "date", "place", "actor"). Without a judge, the cosine ``threshold`` and
    the differing details decide."""
    # The claimant of a fact-check is often vague ("Facebook posts", "Viral image") and a news claim is
    # attributed to whoever repeats it, so speakers are the judge's evidence, not a rule here
    conflicts = conflicting_details(claim, item.claim, lang, item.lang)
    if judge is None:
        if cosine < threshold:
            return "", None, ()
        return ("related" if conflicts else "checked"), None, tuple(conflicts)
    from .judge import pair_features

    features = pair_features(
        cosine, profile(claim, lang, speaker), profile(item.claim, item.lang, item.claimant), None, False
    )
    probability = float(judge.probabilities(features)[0])
    levels = judge.levels_for(lang, item.lang or lang)
    if probability >= levels.confirm and not conflicts:
        return "checked", probability, ()
    if probability >= levels.suggest or cosine >= threshold:
        return "related", probability, tuple(conflicts)
    return "", probability, tuple(conflicts)


def _best_items(db: Store, model: str, claims: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Per claim row, the cosines and ids of its MAX_MATCHES_PER_CLAIM most similar archive items (best
    first, equal cosines by lower id; id -1 where the archive has fewer), reading the archive vectors
    ARCHIVE_CHUNK at a time."""
    import numpy as np  # here: listing and exporting the archive need no numpy

    k = MAX_MATCHES_PER_CLAIM
    best_scores = np.full((len(claims), k), -np.inf, dtype=np.float32)
    best_ids = np.full((len(claims), k), -1, dtype=np.int64)
    for ids, archive in db.vectors.chunks(model, "factchecks", ARCHIVE_CHUNK):
        scores = claims @ archive.T
        top = min(k, scores.shape[1])
        # argpartition keeps only each row's `top` best of this chunk before the merge with earlier chunks
        cols = np.argpartition(-scores, top - 1, axis=1)[:, :top]
        picked = np.take_along_axis(scores, cols, axis=1)
        # Among items tied at a row's last kept cosine, argpartition keeps any; copies of one text (the same
        # claim checked by several publishers) tie exactly, so such rows are redone with a stable sort to
        # keep the lowest ids and make the result independent of the chunk sizes.
        kth = picked.min(axis=1, keepdims=True)
        tied = (kth[:, 0] >= threshold) & ((scores == kth).sum(axis=1) > (picked == kth).sum(axis=1))
        for row in np.flatnonzero(tied):
            cols[row] = np.argsort(-scores[row], kind="stable")[:top]
        all_scores = np.concatenate([best_scores, np.take_along_axis(scores, cols, axis=1)], axis=1)
        all_ids = np.concatenate([best_ids, np.asarray(ids, dtype=np.int64)[cols]], axis=1)
        order = np.lexsort((all_ids, -all_scores), axis=1)[:, :k]
        best_scores = np.take_along_axis(all_scores, order, axis=1)
        best_ids = np.take_along_axis(all_ids, order, axis=1)
    return best_scores, best_ids


# --- reading the store -----------------------------------------------------------------------------------


def already_checked(db: Store, claim_ids: Iterable[int] | None = None) -> dict[int, list[ArchiveMatch]]:
    """The archive items matching each article claim (all claims, or those in ``claim_ids``), best first:
    those that checked it ("already checked", ``ArchiveMatch.checked``) before related ones.

    Claims without a match are left out of the result.
    """
    return db.factchecks.matches(claim_ids)


def format_already_checked(match: ArchiveMatch) -> str:
    """One line for a reviewer: "already checked: false, PolitiFact, 2019-10-22" (empty parts left out), or
    "related fact-check (differs in number): false, PolitiFact" for an item that checked something else."""
    parts = [match.verdict or "no verdict given", match.publisher, match.date]
    if match.checked:
        return "already checked: " + ", ".join(p for p in parts if p)
    differs = f" (differs in {', '.join(match.conflicts)})" if match.conflicts else ""
    return f"related fact-check{differs}: " + ", ".join(p for p in parts if p)


def list_factchecks(db: Store, limit: int = 50, offset: int = 0) -> list[FactCheck]:
    """Stored archive items in the order they were imported, ``limit`` of them from ``offset``."""
    return db.factchecks.page(limit, offset)


def count_factchecks(db: Store) -> int:
    """How many archive items are stored."""
    return db.factchecks.count()


def get_factchecks(db: Store, ids: Iterable[int]) -> list[FactCheck]:
    """The stored archive items with these ids, in the order given (unknown ids are left out)."""
    return db.factchecks.get_many(ids)
