"""``factchecks`` (the archive of earlier fact-checks) and ``claim_factchecks`` (their only writer)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...records import ArchiveMatch, FactCheck
from .connection import Connection, chunks, select_in

_COLUMNS = "id, claim, verdict, publisher, url, title, date, claimant, external_id, lang, origin"


def _factcheck(row: Sequence) -> FactCheck:
    (id_, claim, verdict, publisher, url, title, date, claimant, external_id, lang, origin) = row
    return FactCheck(
        id=id_,
        claim=claim,
        verdict=verdict,
        publisher=publisher,
        url=url,
        title=title,
        date=date,
        claimant=claimant,
        external_id=external_id,
        lang=lang,
        origin=origin,
    )


def _match(row: Sequence) -> tuple:
    """(claim, item, cosine, relation, probability, conflicts) with plain Python values."""
    claim, item, score, *rest = row
    relation, probability, conflicts = rest if rest else ("checked", None, "")
    return (
        int(claim),
        int(item),
        float(score),
        relation,
        None if probability is None else float(probability),
        conflicts,
    )


class FactChecks:
    """FactCheckStore over either backend; each method does what store/base.py documents for it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def stored_item_hashes(self, item_hashes: Sequence[str]) -> set[str]:
        rows = select_in(
            self._db, "SELECT item_hash FROM factchecks WHERE item_hash IN ({marks})", item_hashes
        )
        return {r[0] for r in rows}

    def insert(self, items: Sequence[tuple[FactCheck, str, str]], added_at: str) -> int:
        rows = [
            (
                item.external_id,
                item.claim,
                item.verdict,
                item.publisher,
                item.url,
                item.title,
                item.date,
                item.claimant,
                item.lang,
                item.origin,
                text_hash,
                item_hash,
                added_at,
            )
            for item, item_hash, text_hash in items
        ]
        # DO NOTHING: an item stored meanwhile by a concurrent import is skipped, not an error
        return self._db.executemany(
            "INSERT INTO factchecks (external_id, claim, verdict, publisher, url, title, date,"
            " claimant, lang, origin, text_hash, item_hash, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            rows,
        )

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0]

    def page(self, limit: int, offset: int) -> list[FactCheck]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM factchecks ORDER BY id LIMIT ? OFFSET ?", [limit, offset]
        ).fetchall()
        return [_factcheck(r) for r in rows]

    def get_many(self, ids: Iterable[int]) -> list[FactCheck]:
        ids = list(ids)
        rows = select_in(
            self._db, f"SELECT {_COLUMNS} FROM factchecks WHERE id IN ({{marks}})", sorted(set(ids))
        )
        found = {row[0]: _factcheck(row) for row in rows}
        return [found[i] for i in ids if i in found]

    def replace_matches(
        self, claim_ids: Sequence[int] | None, matches: Sequence[tuple[int, int, float]]
    ) -> None:
        if claim_ids is None:
            self._db.execute("DELETE FROM claim_factchecks")
        else:
            for chunk, marks in chunks(claim_ids):
                self._db.execute(f"DELETE FROM claim_factchecks WHERE claim_id IN ({marks})", chunk)
        self._db.executemany(
            "INSERT INTO claim_factchecks (claim_id, factcheck_id, score, relation, probability, conflicts)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [_match(m) for m in matches],
        )

    def matches(self, claim_ids: Iterable[int] | None = None) -> dict[int, list[ArchiveMatch]]:
        select = (
            "SELECT cf.claim_id, f.id, cf.score, f.claim, f.verdict, f.publisher, f.date, f.url, cf.relation,"
            " cf.probability, cf.conflicts FROM claim_factchecks cf JOIN factchecks f ON f.id = cf.factcheck_id"
        )
        # "already checked" before "related", then the judge's probability (or the cosine without a judge)
        order = (
            "ORDER BY cf.claim_id, cf.relation = 'related', COALESCE(cf.probability, cf.score) DESC,"
            " cf.score DESC, f.id"
        )
        if claim_ids is None:
            rows = self._db.execute(f"{select} {order}").fetchall()
        else:
            rows = select_in(
                self._db, f"{select} WHERE cf.claim_id IN ({{marks}}) {order}", sorted(set(claim_ids))
            )
        out: dict[int, list[ArchiveMatch]] = {}
        for claim_id, *fields, conflicts in rows:
            out.setdefault(claim_id, []).append(
                ArchiveMatch(*fields, tuple(filter(None, conflicts.split(","))))
            )
        return out
