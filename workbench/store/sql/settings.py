"""``desk_settings`` and ``account_preferences`` (their only writer): text values by key."""

from __future__ import annotations

from .connection import Connection


class Settings:
    """SettingsStore over either backend; each method does what store/base.py documents for it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def desk(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM desk_settings").fetchall())

    def set_desk(self, key: str, value: str, changed_by: str, changed_at: str) -> None:
        self._db.execute(
            "INSERT INTO desk_settings (key, value, changed_by, changed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by,"
            " changed_at = excluded.changed_at",
            [key, value, changed_by, changed_at],
        )

    def preferences(self, account_id: int) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT key, value FROM account_preferences WHERE account_id = ?", [account_id]
        ).fetchall()
        return dict(rows)

    def set_preference(self, account_id: int, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO account_preferences (account_id, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT(account_id, key) DO UPDATE SET value = excluded.value",
            [account_id, key, value],
        )
