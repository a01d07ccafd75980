"""Who works at the desk: accounts with a role, their passwords (argon2) and sign-in sessions, the mapping of
a single sign-on identity to an account, and the one check every write path makes (``acting``).

Roles and what each may do are ``records.PERMISSIONS``. An account's ``name`` is what history rows record, so
it is checked here once (lower case, no spaces) and never typed freely elsewhere. A database without any
account that can sign in is a *local desk*: the app, bound to loopback, acts as the built-in admin ``desk``
(no password) until the first real account is added, which disables it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from .records import (
    ACTION_WORDS,
    PERMISSIONS,
    ROLES,
    AccessDenied,
    Account,
    AccountError,
    Role,
    clean_name,
    role_allows,
    utc_now,
)

if TYPE_CHECKING:
    from .store.base import Store

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
LOCAL_DESK = "desk"  # the built-in admin of a database without accounts, on loopback only
MIN_PASSWORD = 12  # characters; long passphrases beat composition rules (NIST SP 800-63B)
MAX_PASSWORD = 1024  # argon2 hashes any length, but a megabyte "password" is an attack, not a password
SESSION_HOURS = 12  # a working day: a session ends after this, or at sign-out


def _hasher():
    from argon2 import PasswordHasher  # imported here: the CLI's --help stays free of it

    return PasswordHasher()


# A hash of nothing anyone knows: verified against when the account does not exist or has no password, so
# a wrong name takes as long to refuse as a wrong password (no telling which names exist by timing).
_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_hasher().hash(secrets.token_hex(16)))
    return _DUMMY_HASH[0]


def check_name(name: str) -> str:
    """``name`` lower-cased and stripped if it can name an account; AccountError otherwise."""
    folded = (name or "").strip().lower()
    if not NAME_PATTERN.fullmatch(folded):
        raise AccountError(
            f"account names are 1-40 letters a-z, digits, '.', '_' or '-', starting with a letter or digit;"
            f" got {name!r}"
        )
    return folded


def check_role(role: str) -> str:
    """``role`` if it is one of ROLES; AccountError otherwise."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    """``password`` if it is long enough to keep; AccountError otherwise (it is never echoed)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(
            f"a password needs at least {MIN_PASSWORD} characters (a few words make a good one)"
        )
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"a password has at most {MAX_PASSWORD} characters")
    return password


def get_account(db: Store, name: str) -> Account | None:
    """The account named ``name`` (case aside), or None."""
    return db.accounts.get((name or "").strip().lower())


def list_accounts(db: Store) -> list[Account]:
    """Every account, disabled ones included, by name."""
    return db.accounts.all()


def can_sign_in(account: Account) -> bool:
    """Whether anyone can sign in as ``account``: it is active and has a password or a single sign-on mapping."""
    return account.active and (account.has_password or bool(account.email or account.subject))


def local_desk_open(db: Store) -> bool:
    """Whether the database is a local desk: no account anyone can sign in as (the built-in desk aside)."""
    return not any(can_sign_in(a) for a in db.accounts.all() if a.name != LOCAL_DESK)


def acting(db: Store, who: Account | str | None, action: str) -> Account:
    """The account that does ``action`` (a key of records.PERMISSIONS), as stored now; every write path calls it.

    ``who`` is the signed-in Account or an account name. Raises AccessDenied, naming what is missing, when no
    account is named, it does not exist, it is disabled, or its role may not do ``action``.
    """
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")
    # a typed name loses invisible characters: "anna" and "anna" + a zero-width space are one account
    name = who.name if isinstance(who, Account) else clean_name(who or "")
    if not name.strip():
        raise AccessDenied(f"sign in (or name your account with --as) to {ACTION_WORDS[action]}")
    account = db.accounts.get(name.strip().lower())
    if account is None:
        raise AccessDenied(f"no account named {name.strip()!r}; an admin adds it with `workbench user add`")
    if not account.active:
        raise AccessDenied(f"account {account.name} is disabled")
    if account.name == LOCAL_DESK and not local_desk_open(db):
        raise AccessDenied("the local desk account ends once the desk has accounts: sign in with yours")
    if not role_allows(account.role, action):
        needed = PERMISSIONS[action].value
        article = "an" if account.role[0] in "aeiou" else "a"
        raise AccessDenied(
            f"{account.name} is {article} {account.role}: only {needed}s"
            + (" and admins" if needed == Role.EDITOR.value else "")
            + f" may {ACTION_WORDS[action]}"
        )
    return account


# --- managing accounts ---------------------------------------------------------------------------------------


def add_account(
    db: Store,
    name: str,
    role: str,
    *,
    password: str | None = None,
    display_name: str = "",
    email: str = "",
    subject: str = "",
    by: Account | str | None = None,
) -> Account:
    """Create an account; ``by`` is the admin who adds it.

    The first account anyone can sign in as needs no ``by`` and is always an admin (someone must be able to
    add the others); adding it ends the local desk (the built-in ``desk`` account is disabled). An account
    needs a password, an email or a single sign-on subject, or nobody could sign in as it.
    """
    name = check_name(name)
    if name == LOCAL_DESK:
        raise AccountError(f"{LOCAL_DESK!r} is the built-in local desk account; choose another name")
    role = check_role(role)
    if password is not None:
        check_password(password)
    # a display name is shown beside every review: no bidi controls or zero-width characters (records.clean_name)
    email, subject, display_name = email.strip(), subject.strip(), clean_name(display_name)
    if password is None and not (email or subject):
        raise AccountError(f"{name} needs a password, or an email or subject for single sign-on")
    with db.write():
        first = local_desk_open(db)
        if first:
            role = Role.ADMIN.value
        else:
            acting(db, by, "accounts")
        if db.accounts.get(name) is not None:
            raise AccountError(f"an account named {name} exists already")
        account = Account(name, role, display_name, email, subject, utc_now())
        db.accounts.insert(account, _hasher().hash(password) if password is not None else "")
        account.has_password = password is not None
        desk = db.accounts.get(LOCAL_DESK)
        if first and desk is not None and desk.active:
            db.accounts.set_disabled(LOCAL_DESK, utc_now())
            db.accounts.remove_sessions(desk.id)
    return account


def _target(db: Store, name: str) -> Account:
    account = get_account(db, name)
    if account is None:
        raise AccountError(f"no account named {name!r}")
    return account


def _active_admins(db: Store, without: str = "") -> list[Account]:
    return [
        a
        for a in db.accounts.all()
        if a.active and a.role == Role.ADMIN.value and a.name not in (without, LOCAL_DESK)
    ]


def set_password(db: Store, name: str, password: str, by: Account | str | None) -> Account:
    """Set or reset an account's password: an admin for anyone, an account for itself. Every session of the
    account ends (a reset locks out whoever knew the old one)."""
    check_password(password)
    with db.write():
        target = _target(db, name)
        actor_name = by.name if isinstance(by, Account) else (by or "").strip().lower()
        if actor_name != target.name or target.name == LOCAL_DESK:
            acting(db, by, "accounts")
        elif not target.active:
            raise AccessDenied(f"account {target.name} is disabled")
        db.accounts.set_password_hash(target.name, _hasher().hash(password))
        db.accounts.remove_sessions(target.id)
    return replace(target, has_password=True)


def set_role(db: Store, name: str, role: str, by: Account | str | None) -> Account:
    """Give an account another role (an admin's change); the last active admin keeps theirs."""
    role = check_role(role)
    with db.write():
        acting(db, by, "accounts")
        target = _target(db, name)
        if (
            target.role == Role.ADMIN.value
            and role != Role.ADMIN.value
            and not _active_admins(db, target.name)
        ):
            raise AccountError(f"{target.name} is the last active admin: make another account admin first")
        db.accounts.set_role(target.name, role)
    return replace(target, role=role)


def set_identity(
    db: Store,
    name: str,
    by: Account | str | None,
    *,
    display_name: str | None = None,
    email: str | None = None,
    subject: str | None = None,
) -> Account:
    """Change an account's display name, or the email and subject single sign-on maps to it (an admin's change;
    ``None`` keeps a field)."""
    with db.write():
        acting(db, by, "accounts")
        target = _target(db, name)
        new = replace(
            target,
            display_name=target.display_name if display_name is None else clean_name(display_name),
            email=target.email if email is None else email.strip(),
            subject=target.subject if subject is None else subject.strip(),
        )
        db.accounts.set_identity(target.name, new.display_name, new.email, new.subject)
    return new


def disable_account(db: Store, name: str, by: Account | str | None) -> Account:
    """Disable an account (an admin's change): it can no longer sign in or act, its sessions end, its queue
    locks go; its history stays. The last active admin cannot be disabled."""
    with db.write():
        acting(db, by, "accounts")
        target = _target(db, name)
        if target.role == Role.ADMIN.value and target.active and not _active_admins(db, target.name):
            raise AccountError(f"{target.name} is the last active admin: make another account admin first")
        when = target.disabled_at or utc_now()
        db.accounts.set_disabled(target.name, when)
        db.accounts.remove_sessions(target.id)
        db.locks.release_all(target.name)
    return replace(target, disabled_at=when)


def enable_account(db: Store, name: str, by: Account | str | None) -> Account:
    """Let a disabled account sign in and act again (an admin's change)."""
    with db.write():
        acting(db, by, "accounts")
        target = _target(db, name)
        if target.name == LOCAL_DESK:
            raise AccountError("the local desk account ends once the desk has accounts")
        db.accounts.set_disabled(target.name, "")
    return replace(target, disabled_at="")


def local_desk(db: Store) -> Account:
    """The built-in admin ``desk`` of a local desk, created on first use; AccountError once the desk has
    accounts to sign in with (the app then asks everyone to sign in)."""
    with db.write():
        if not local_desk_open(db):
            raise AccountError("this desk has accounts: sign in with yours")
        desk = db.accounts.get(LOCAL_DESK)
        if desk is None:
            desk = Account(LOCAL_DESK, Role.ADMIN.value, "Local desk", created_at=utc_now())
            db.accounts.insert(desk, "")
        elif not desk.active:
            db.accounts.set_disabled(LOCAL_DESK, "")
            desk = replace(desk, disabled_at="")
    return desk


# --- signing in ----------------------------------------------------------------------------------------------


def verify_password(db: Store, name: str, password: str) -> Account | None:
    """The account if ``password`` is its password and it may sign in; None otherwise (which of the two is
    wrong is not told). A hash made with older argon2 parameters is replaced on success."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    try:
        folded = check_name(name)
    except AccountError:
        folded = ""
    account = db.accounts.get(folded) if folded else None
    stored = db.accounts.password_hash(folded) if account else ""
    if not isinstance(password, str) or len(password) > MAX_PASSWORD:
        password = ""
    try:
        hasher.verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if not stored or account is None or not account.active:
        return None
    if hasher.check_needs_rehash(stored):
        with db.write():
            db.accounts.set_password_hash(account.name, hasher.hash(password))
    return account


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start_session(db: Store, account: Account, hours: float = SESSION_HOURS) -> str:
    """A new session for ``account``: returns its token (for a cookie; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc)
    with db.write():
        stored = db.accounts.get(account.name)
        if stored is None or not stored.active:
            raise AccessDenied(f"account {account.name} may not sign in")
        db.accounts.remove_expired_sessions(now.isoformat(timespec="seconds"))
        db.accounts.add_session(
            _token_hash(token),
            stored.id,
            now.isoformat(timespec="seconds"),
            (now + timedelta(hours=hours)).isoformat(timespec="seconds"),
        )
    return token


def session_account(db: Store, token: str) -> Account | None:
    """The active account signed in with ``token``, or None (unknown or expired session, disabled account, the
    local desk once the desk has accounts)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    account = db.accounts.session_account(_token_hash(token), utc_now())
    if account is None or not account.active:
        return None
    if account.name == LOCAL_DESK and not local_desk_open(db):
        return None
    return account


def end_session(db: Store, token: str) -> None:
    """Sign out: the session of ``token`` ends (nothing happens for an unknown token)."""
    if token:
        with db.write():
            db.accounts.remove_session(_token_hash(token))


def account_for_identity(
    db: Store, *, email: str = "", subject: str = "", email_verified: bool | None = None
) -> Account | None:
    """The account a single sign-on identity acts as, or None (then it may not write).

    The provider's subject maps first, exactly as an admin recorded it; else the email address, when the
    provider has not said it is unverified and exactly one account has it. Disabled accounts map to nothing.
    """
    subject, email = (subject or "").strip(), (email or "").strip()
    account = db.accounts.with_subject(subject) if subject else None
    if account is None and email and email_verified is not False:
        matches = db.accounts.with_email(email)
        account = matches[0] if len(matches) == 1 else None
    return account if account is not None and account.active else None
