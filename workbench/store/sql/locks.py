"""``claim_locks`` (its only writer): claims on someone's screen in the review queue, until they expire.

Times are ISO 8601 UTC strings as stored everywhere, so "still held" is a string comparison with now (in
byte order: on PostgreSQL the column is COLLATE "C").
"""

from __future__ import annotations

from ...records import ClaimLock
from .connection import Connection


class Locks:
    """LockStore over either backend; each method does what store/base.py documents for it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def get(self, claim_id: int, now: str) -> ClaimLock | None:
        row = self._db.execute(
            "SELECT claim_id, account, expires_at FROM claim_locks WHERE claim_id = ? AND expires_at > ?",
            [claim_id, now],
        ).fetchone()
        return ClaimLock(*row) if row else None

    def held(self, now: str) -> dict[int, ClaimLock]:
        rows = self._db.execute(
            "SELECT claim_id, account, expires_at FROM claim_locks WHERE expires_at > ?", [now]
        ).fetchall()
        return {r[0]: ClaimLock(*r) for r in rows}

    def put(self, claim_id: int, account: str, expires_at: str) -> None:
        self._db.execute(
            "INSERT INTO claim_locks (claim_id, account, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT(claim_id) DO UPDATE SET account = excluded.account, expires_at = excluded.expires_at",
            [claim_id, account, expires_at],
        )

    def release(self, claim_id: int, account: str) -> None:
        self._db.execute("DELETE FROM claim_locks WHERE claim_id = ? AND account = ?", [claim_id, account])

    def release_all(self, account: str, keep: int | None = None) -> None:
        # the CAST types a NULL ``keep`` for PostgreSQL
        self._db.execute(
            "DELETE FROM claim_locks WHERE account = ? AND claim_id IS DISTINCT FROM CAST(? AS BIGINT)",
            [account, keep],
        )

    def remove_expired(self, now: str) -> None:
        self._db.execute("DELETE FROM claim_locks WHERE expires_at <= ?", [now])
