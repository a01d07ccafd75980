"""The ``claims`` table (its only writer); ``text_hash`` keys the vector cache."""

from __future__ import annotations

from ...records import Claim, Kind, content_hash
from .connection import Connection, select_in

# Claims that are page furniture, and the claims of an article a newer version replaced ("retired"), are kept
# but left out of counts, groups, vectors, search and exports.
FURNITURE = f"kind = '{Kind.BOILERPLATE.value}'"  # the condition of the partial index claims_boilerplate
RETIRED = "retired = 1"  # the condition of the partial index claims_retired


def counted(alias: str = "") -> str:
    """The SQL condition of a claim that counts (neither furniture nor retired); ``alias`` is "c." or the like."""
    return f"{alias}kind != '{Kind.BOILERPLATE.value}' AND {alias}retired = 0"


# columns in the order of Claim's fields, so a row is the record's arguments
_COLUMNS = (
    'text, sentence, start, "end", speaker, checkworthiness, position, role, kind, span_start, span_end, resolved,'
    " id, article_id, changed, retired, frame, speaker_unclear, checkworthiness_model"
)


class Claims:
    """ClaimStore over either backend; each method does what store/base.py documents for it."""

    # what differs between the dialects, set by each backend's subclass
    _FURNITURE_FROM = "claims"  # the table as the count of furniture reads it
    _SCORE = "ROUND(c.checkworthiness, 3)"  # the exported score, rounded

    def __init__(self, db: Connection) -> None:
        self._db = db

    def insert(self, article_id: int, claims) -> list[int]:
        claims = list(claims)
        rows = [
            [
                article_id,
                claim.position,
                claim.text,
                claim.sentence,
                claim.start,
                claim.end,
                claim.speaker,
                float(claim.checkworthiness),
                content_hash(claim.linking_text),  # what is embedded: the resolved reading, if any
                claim.role,
                claim.kind,
                claim.span_start,
                claim.span_end,
                claim.resolved,
                int(bool(claim.changed)),
                claim.frame,
                int(bool(claim.speaker_unclear)),
                claim.checkworthiness_model,
            ]
            for claim in claims
        ]
        ids = self._db.insert_ids(
            'INSERT INTO claims (article_id, position, text, sentence, start, "end", speaker,'
            " checkworthiness, text_hash, role, kind, span_start, span_end, resolved, changed, frame,"
            " speaker_unclear, checkworthiness_model)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        for claim, claim_id in zip(claims, ids):
            claim.id, claim.article_id = claim_id, article_id
        # speaker changes made on an earlier copy of this text (since removed) belong to these claims now
        self._db.execute(
            "UPDATE speaker_changes SET claim_id = (SELECT c.id FROM claims c WHERE c.article_id = ?"
            " AND c.span_start = speaker_changes.span_start AND c.span_end = speaker_changes.span_end)"
            " WHERE claim_id IS NULL AND article_hash = (SELECT content_hash FROM articles WHERE id = ?)",
            [article_id, article_id],
        )
        return ids

    def _select(self, where: str, params: list) -> list[Claim]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM claims {where} ORDER BY article_id, position", params
        ).fetchall()
        return [
            Claim(
                *r[:-5],
                changed=bool(r[-5]),
                retired=bool(r[-4]),
                frame=r[-3],
                speaker_unclear=bool(r[-2]),
                checkworthiness_model=r[-1],
            )
            for r in rows
        ]

    def get(self, claim_id: int) -> Claim | None:
        return next(iter(self._select("WHERE id = ?", [claim_id])), None)

    def all(self, article_id: int | None = None) -> list[Claim]:
        if article_id is None:
            return self._select("", [])
        return self._select("WHERE article_id = ?", [article_id])

    def texts(self) -> dict[int, str]:
        return dict(self._db.execute("SELECT id, text FROM claims").fetchall())

    def for_linking(self, claim_ids=None) -> dict[int, tuple[str, str, str, int]]:
        where, params = "", []
        if claim_ids is not None:
            ids = list(claim_ids)
            where, params = f"WHERE c.id IN ({','.join('?' * len(ids))})", ids
        rows = self._db.execute(
            "SELECT c.id, CASE WHEN c.resolved != '' THEN c.resolved ELSE c.text END, a.lang, c.speaker,"
            f" c.article_id FROM claims c JOIN articles a ON a.id = c.article_id {where}",
            params,
        )
        return {r[0]: tuple(r[1:]) for r in rows}

    def languages(self, claim_ids=None, article_ids=None) -> dict[int, tuple[int, str]]:
        sql = "SELECT c.id, c.article_id, a.lang FROM claims c JOIN articles a ON a.id = c.article_id"
        if claim_ids is None and article_ids is None:
            return {r[0]: (r[1], r[2]) for r in self._db.execute(sql)}
        found = {}
        for column, wanted in (("c.id", claim_ids), ("c.article_id", article_ids)):
            if wanted is not None:
                rows = select_in(self._db, f"{sql} WHERE {column} IN ({{marks}})", sorted(set(wanted)))
                found.update((r[0], (r[1], r[2])) for r in rows)
        return found

    def article_ids(self) -> dict[int, int]:
        return dict(self._db.execute("SELECT id, article_id FROM claims").fetchall())

    def exists(self, claim_id: int) -> bool:
        return self._db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is not None

    def count(self) -> int:
        return self._db.execute(f"SELECT COUNT(*) FROM claims WHERE {counted()}").fetchone()[0]

    def boilerplate_count(self) -> int:
        return self._db.execute(f"SELECT COUNT(*) FROM {self._FURNITURE_FROM} WHERE {FURNITURE}").fetchone()[
            0
        ]

    def set_scores(self, scores) -> None:
        self._db.executemany(
            "UPDATE claims SET checkworthiness = ?, checkworthiness_model = ? WHERE id = ?",
            [(float(s), model, claim_id) for claim_id, s, model in scores],
        )

    def export_rows(self, include_boilerplate: bool = False) -> list[dict]:
        columns = [
            "claim_id", "article_id", "source", "title", "url", "claim", "sentence", "start", "end", "speaker",
            "role", "kind", "checkworthiness", "group_id", "group_size", "group_sources", "frame",
            "speaker_unclear", "changed",
        ]  # fmt: skip
        rows = self._db.execute(
            f"""
            WITH sizes AS (
                -- sources are outlets (case and outer spaces aside); an article without one counts alone
                SELECT g.group_id, COUNT(*) AS size,
                       COUNT(DISTINCT CASE WHEN trim(a.outlet) != '' THEN lower(trim(a.outlet))
                                           ELSE '#' || a.id END) AS sources
                FROM claim_groups g JOIN claims c ON c.id = g.claim_id JOIN articles a ON a.id = c.article_id
                GROUP BY g.group_id
            )
            SELECT c.id, c.article_id, a.outlet, a.title, a.url, c.text, c.sentence, c.start, c."end", c.speaker,
                   c.role, c.kind, {self._SCORE}, g.group_id, s.size, s.sources, c.frame,
                   c.speaker_unclear, c.changed
            FROM claims c
            JOIN articles a ON a.id = c.article_id
            LEFT JOIN claim_groups g ON g.claim_id = c.id
            LEFT JOIN sizes s ON s.group_id = g.group_id
            WHERE c.retired = 0 AND (CAST(? AS BOOLEAN) OR c.kind != '{Kind.BOILERPLATE.value}')
            ORDER BY c.article_id, c.position
            """,
            [include_boilerplate],
        ).fetchall()
        return [
            dict(zip(columns, r)) | {"speaker_unclear": bool(r[-2]), "changed": bool(r[-1])} for r in rows
        ]

    def retire(self, article_id: int) -> list[int]:
        ids = [r[0] for r in self._db.execute("SELECT id FROM claims WHERE article_id = ?", [article_id])]
        self._db.execute("UPDATE claims SET retired = 1 WHERE article_id = ?", [article_id])
        return ids

    def set_speaker(self, claim_id: int, speaker: str, role: str, changed_by: str, changed_at: str) -> None:
        old = self._db.execute(
            "SELECT c.speaker, c.role, a.content_hash, c.span_start, c.span_end"
            " FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?",
            [claim_id],
        ).fetchone()
        self._db.execute(
            "UPDATE claims SET speaker = ?, role = ?, speaker_unclear = 0 WHERE id = ?",
            [speaker, role, claim_id],
        )
        self._db.execute(
            "INSERT INTO speaker_changes (claim_id, article_hash, span_start, span_end, old_speaker, old_role,"
            " speaker, role, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [claim_id, old[2], old[3], old[4], old[0], old[1], speaker, role, changed_by, changed_at],
        )

    def speaker_changes(self, claim_id: int | None = None) -> list[dict]:
        where, params = ("WHERE claim_id = ?", [claim_id]) if claim_id is not None else ("", [])
        columns = [
            "change_id",
            "claim_id",
            "changed_at",
            "changed_by",
            "old_speaker",
            "old_role",
            "speaker",
            "role",
        ]
        rows = self._db.execute(
            f"SELECT id, claim_id, changed_at, changed_by, old_speaker, old_role, speaker, role FROM speaker_changes"
            f" {where} ORDER BY id",
            params,
        ).fetchall()
        return [dict(zip(columns, r)) for r in rows]

    def speaker_corrections(self, content_hash: str) -> dict[tuple[int, int], tuple[str, str]]:
        rows = self._db.execute(
            "SELECT span_start, span_end, speaker, role FROM speaker_changes WHERE article_hash = ? ORDER BY id",
            [content_hash],
        ).fetchall()
        return {(a, b): (speaker, role) for a, b, speaker, role in rows}  # the latest change wins
