"""``claim_locks`` (its only writer): claims on someone's screen in the review queue, until they expire.

Times are ISO 8601 UTC strings as stored everywhere, so "still held" is a string comparison with now (in
byte order: the column is COLLATE "C").
"""

from __future__ import annotations

from ...records import ClaimLock
from .database import Database


class PGLocks:
    """LockStore over PG; each method does what store/base.py documents for it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, claim_id: int, now: str) -> ClaimLock | None:
        row = self._db.execute(
            "SELECT claim_id, account, expires_at FROM claim_locks WHERE claim_id = %s AND expires_at > %s",
            [claim_id, now],
        ).fetchone()
        return ClaimLock(*row) if row else None

    def held(self, now: str) -> dict[int, ClaimLock]:
        rows = self._db.execute(
            "SELECT claim_id, account, expires_at FROM claim_locks WHERE expires_at > %s", [now]
        ).fetchall()
        return {r[0]: ClaimLock(*r) for r in rows}

    def put(self, claim_id: int, account: str, expires_at: str) -> None:
        self._db.execute(
            "INSERT INTO claim_locks (claim_id, account, expires_at) VALUES (%s, %s, %s)"
            " ON CONFLICT(claim_id) DO UPDATE SET account = excluded.account, expires_at = excluded.expires_at",
            [claim_id, account, expires_at],
        )

    def release(self, claim_id: int, account: str) -> None:
        self._db.execute("DELETE FROM claim_locks WHERE claim_id = %s AND account = %s", [claim_id, account])

    def release_all(self, account: str, keep: int | None = None) -> None:
        self._db.execute(
            "DELETE FROM claim_locks WHERE account = %s AND claim_id IS DISTINCT FROM %s::bigint",
            [account, keep],
        )

    def remove_expired(self, now: str) -> None:
        self._db.execute("DELETE FROM claim_locks WHERE expires_at <= %s", [now])
