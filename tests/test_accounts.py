"""Accounts, roles, passwords and sessions (workbench.accounts), and single sign-on's mapping to accounts.

Passwords here are real argon2 hashes (half a second each), so this module makes few of them; the test
desk of conftest signs in by single sign-on and has none.
"""

import pytest
from conftest import raw_sql

from workbench.accounts import (
    LOCAL_DESK,
    account_for_identity,
    acting,
    add_account,
    disable_account,
    enable_account,
    end_session,
    get_account,
    list_accounts,
    local_desk,
    local_desk_open,
    session_account,
    set_identity,
    set_password,
    set_role,
    start_session,
    verify_password,
)
from workbench.records import PERMISSIONS, ROLES, AccessDenied, AccountError, role_allows
from workbench.store import open_db

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

PASSWORD = "correct horse battery staple"


@pytest.fixture
def empty():
    """A database without any account."""
    return open_db(memory=True)


def test_the_first_account_is_an_admin_and_adds_the_others(empty):
    assert local_desk_open(empty) and list_accounts(empty) == []
    first = add_account(empty, " Anna ", "reviewer", password=PASSWORD)
    assert (first.name, first.role, first.has_password) == ("anna", "admin", True)
    assert not local_desk_open(empty)
    with pytest.raises(AccessDenied, match="sign in"):
        add_account(empty, "ben", "reviewer", password=PASSWORD)  # nobody named: refused
    ben = add_account(empty, "ben", "reviewer", email="ben@desk.example", by="anna")
    assert (ben.role, ben.has_password) == ("reviewer", False)
    with pytest.raises(AccessDenied, match="ben is a reviewer: only admins may manage accounts"):
        add_account(empty, "carl", "editor", email="carl@desk.example", by="ben")
    with pytest.raises(AccountError, match="exists already"):
        add_account(empty, "BEN", "editor", email="x@desk.example", by="anna")
    assert [a.name for a in list_accounts(empty)] == ["anna", "ben"]


@pytest.mark.parametrize(
    "name, kwargs, message",
    [
        ("", {"password": PASSWORD}, "account names are"),
        ("anna schmidt", {"password": PASSWORD}, "account names are"),
        ("<b>x</b>", {"password": PASSWORD}, "account names are"),
        ("=cmd", {"password": PASSWORD}, "account names are"),
        ("desk", {"password": PASSWORD}, "built-in local desk"),
        ("anna", {"password": "short"}, "at least 12 characters"),
        ("anna", {}, "needs a password, or an email or subject"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_stored(empty, name, kwargs, message):
    with pytest.raises(AccountError, match=message):
        add_account(empty, name, "admin", **kwargs)
    assert list_accounts(empty) == []


def test_passwords_are_argon2_hashes_and_only_the_right_one_signs_in(empty):
    add_account(empty, "anna", "admin", password=PASSWORD)
    stored = raw_sql(empty, "SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_password(empty, "ANNA", PASSWORD).name == "anna"
    assert verify_password(empty, "anna", PASSWORD + " ") is None
    assert verify_password(empty, "nobody", PASSWORD) is None
    assert verify_password(empty, "anna", "x" * 5000) is None  # never hashed at that length


def test_a_session_lives_in_the_database_and_ends(empty):
    anna = add_account(empty, "anna", "admin", password=PASSWORD)
    token = start_session(empty, anna)
    assert session_account(empty, token).name == "anna"
    # only a hash of the token is stored: a copy of the database opens no session
    assert token not in str(raw_sql(empty, "SELECT * FROM account_sessions").fetchall())
    assert session_account(empty, token + "x") is None and session_account(empty, "") is None
    end_session(empty, token)
    assert session_account(empty, token) is None
    expired = start_session(empty, anna, hours=-1)
    assert session_account(empty, expired) is None


def test_a_new_password_or_a_disabled_account_ends_every_session(empty):
    add_account(empty, "anna", "admin", password=PASSWORD)
    ben = add_account(empty, "ben", "reviewer", password=PASSWORD, by="anna")
    token = start_session(empty, ben)
    set_password(empty, "ben", PASSWORD + "!", "ben")  # an account sets its own
    assert session_account(empty, token) is None
    assert verify_password(empty, "ben", PASSWORD + "!") is not None
    with pytest.raises(AccessDenied, match="only admins may manage accounts"):
        set_password(empty, "anna", PASSWORD + "?", "ben")  # but not another's
    token = start_session(empty, ben)
    disable_account(empty, "ben", "anna")
    assert session_account(empty, token) is None and verify_password(empty, "ben", PASSWORD + "!") is None
    with pytest.raises(AccessDenied, match="ben is disabled"):
        acting(empty, "ben", "review")
    with pytest.raises(AccessDenied, match="may not sign in"):
        start_session(empty, ben)
    enable_account(empty, "ben", "anna")
    assert acting(empty, "ben", "review").name == "ben"


def test_the_last_admin_keeps_the_role(db):
    with pytest.raises(AccountError, match="last active admin"):
        set_role(db, "admin", "editor", "admin")
    with pytest.raises(AccountError, match="last active admin"):
        disable_account(db, "admin", "admin")
    set_role(db, "anna", "admin", "admin")
    assert set_role(db, "admin", "editor", "anna").role == "editor"
    assert get_account(db, "admin").role == "editor"


def test_roles_allow_what_records_permissions_say(db):
    assert PERMISSIONS["review"].value == "reviewer" and PERMISSIONS["publish"].value == "editor"
    assert PERMISSIONS["accounts"].value == PERMISSIONS["desk_settings"].value == "admin"
    for action, needed in PERMISSIONS.items():
        for role in ROLES:
            allowed = ROLES.index(role) >= ROLES.index(needed.value)
            assert role_allows(role, action) is allowed, (role, action)
            name = {"reviewer": "rita", "editor": "anna", "admin": "admin"}[role]
            if allowed:
                assert acting(db, name, action).name == name
            else:
                with pytest.raises(
                    AccessDenied, match=f"{name} is {'an' if role[0] in 'aeiou' else 'a'} {role}"
                ):
                    acting(db, name, action)
    assert not role_allows("owner", "review")
    for who, message in [(None, "sign in"), ("", "sign in"), ("zoe", "no account named 'zoe'")]:
        with pytest.raises(AccessDenied, match=message):
            acting(db, who, "review")


def test_a_database_without_accounts_is_a_local_desk_until_the_first_account(empty):
    desk = local_desk(empty)
    assert (desk.name, desk.role, desk.has_password) == (LOCAL_DESK, "admin", False)
    token = start_session(empty, desk)
    assert session_account(empty, token).name == LOCAL_DESK
    assert acting(empty, LOCAL_DESK, "accounts").name == LOCAL_DESK
    assert local_desk(empty).id == desk.id  # the same account every time
    add_account(empty, "anna", "editor", password=PASSWORD)  # the first real account ...
    assert get_account(empty, "anna").role == "admin"
    assert session_account(empty, token) is None  # ... ends the local desk
    assert not get_account(empty, LOCAL_DESK).active
    with pytest.raises(AccountError, match="has accounts"):
        local_desk(empty)
    with pytest.raises(AccessDenied):
        acting(empty, LOCAL_DESK, "review")


def test_single_sign_on_maps_subject_then_verified_email(db):
    set_identity(db, "ben", "admin", subject="oidc|ben-123", email="Ben@Desk.Example")
    assert account_for_identity(db, subject="oidc|ben-123").name == "ben"
    assert account_for_identity(db, email="ANNA@desk.example").name == "anna"  # case aside
    assert account_for_identity(db, email="anna@desk.example", email_verified=False) is None
    assert account_for_identity(db, email="stranger@desk.example") is None  # unknown: no write access
    assert account_for_identity(db, subject="oidc|other", email="") is None
    set_identity(db, "carl", "admin", email="anna@desk.example")
    assert account_for_identity(db, email="anna@desk.example") is None  # two accounts: map neither
    disable_account(db, "ben", "admin")
    assert account_for_identity(db, subject="oidc|ben-123") is None
