"""``accounts`` and ``account_sessions`` (their only writer).

Password hashes stay here and in the domain's ``accounts`` module: ``Account`` records never carry one.
Sessions are stored by the SHA-256 of their token, so reading the database gives no usable session.
"""

from __future__ import annotations

from ...records import Account
from .connection import Connection

_FIELDS = ("id", "name", "display_name", "role", "email", "subject", "created_at", "disabled_at")
_COLUMNS = ", ".join(_FIELDS) + ", password_hash != ''"
_JOINED = ", ".join(f"a.{f}" for f in _FIELDS) + ", a.password_hash != ''"  # beside account_sessions


def _account(row) -> Account:
    return Account(
        name=row[1],
        role=row[3],
        display_name=row[2],
        email=row[4],
        subject=row[5],
        created_at=row[6],
        disabled_at=row[7],
        has_password=bool(row[8]),
        id=row[0],
    )


class Accounts:
    """AccountStore over either backend; each method does what store/base.py documents for it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def insert(self, account: Account, password_hash: str) -> int:
        new_id = self._db.insert_id(
            "INSERT INTO accounts (name, display_name, role, password_hash, email, subject, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                account.name,
                account.display_name,
                account.role,
                password_hash,
                account.email,
                account.subject,
                account.created_at,
            ],
        )
        account.id = new_id
        return account.id

    def get(self, name: str) -> Account | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM accounts WHERE name = ?", [name]).fetchone()
        return _account(row) if row else None

    def all(self) -> list[Account]:
        return [_account(r) for r in self._db.execute(f"SELECT {_COLUMNS} FROM accounts ORDER BY name")]

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]

    def with_email(self, email: str) -> list[Account]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM accounts WHERE email != '' AND lower(email) = lower(?) ORDER BY name",
            [email],
        ).fetchall()
        return [_account(r) for r in rows]

    def with_subject(self, subject: str) -> Account | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM accounts WHERE subject != '' AND subject = ?", [subject]
        ).fetchone()
        return _account(row) if row else None

    def password_hash(self, name: str) -> str:
        row = self._db.execute("SELECT password_hash FROM accounts WHERE name = ?", [name]).fetchone()
        return row[0] if row else ""

    def set_password_hash(self, name: str, password_hash: str) -> None:
        self._db.execute("UPDATE accounts SET password_hash = ? WHERE name = ?", [password_hash, name])

    def set_role(self, name: str, role: str) -> None:
        self._db.execute("UPDATE accounts SET role = ? WHERE name = ?", [role, name])

    def set_disabled(self, name: str, disabled_at: str) -> None:
        self._db.execute("UPDATE accounts SET disabled_at = ? WHERE name = ?", [disabled_at, name])

    def set_identity(self, name: str, display_name: str, email: str, subject: str) -> None:
        self._db.execute(
            "UPDATE accounts SET display_name = ?, email = ?, subject = ? WHERE name = ?",
            [display_name, email, subject, name],
        )

    def add_session(self, token_hash: str, account_id: int, created_at: str, expires_at: str) -> None:
        self._db.execute(
            "INSERT INTO account_sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [token_hash, account_id, created_at, expires_at],
        )

    def session_account(self, token_hash: str, now: str) -> Account | None:
        row = self._db.execute(
            f"SELECT {_JOINED} FROM account_sessions s JOIN accounts a ON a.id = s.account_id"
            " WHERE s.token_hash = ? AND s.expires_at > ?",
            [token_hash, now],
        ).fetchone()
        return _account(row) if row else None

    def remove_session(self, token_hash: str) -> None:
        self._db.execute("DELETE FROM account_sessions WHERE token_hash = ?", [token_hash])

    def remove_sessions(self, account_id: int) -> None:
        self._db.execute("DELETE FROM account_sessions WHERE account_id = ?", [account_id])

    def remove_expired_sessions(self, now: str) -> None:
        self._db.execute("DELETE FROM account_sessions WHERE expires_at <= ?", [now])
