"""Commands for the desk: ``user`` (add, passwd, list, disable, enable, role, edit) and ``settings`` (the desk's
organisation, fact-check address and verdict words). Managing accounts and the desk's settings is an admin's
(``--as``); the first account of a database needs no ``--as`` and is always an admin."""

from __future__ import annotations

import sys

import click

from ..records import ROLES
from .common import account_name, acting_account, as_option, cli, db_option, open_store
from .output import emit, format_option

ACCOUNT_COLUMNS = ["name", "role", "display_name", "email", "subject", "sign_in", "created_at", "disabled_at"]


def _read_password(password_stdin: bool, confirm: bool = True) -> str:
    """The new password: the first line of stdin with --password-stdin, else asked twice without echo."""
    if password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return click.prompt("Password", hide_input=True, confirmation_prompt=confirm)


def _fail(exc: Exception):
    raise click.ClickException(str(exc)) from exc


@cli.group()
def user() -> None:
    """Accounts of the desk: who may sign in, and in which role (reviewer, editor, admin)."""


password_stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin (for scripts)."
)


@user.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(ROLES), required=True, help="reviewer, editor or admin (see docs/guide.md)."
)
@click.option("--display-name", default="", help="The name the app shows beside the account name.")
@click.option("--email", default="", help="The address single sign-on maps to this account.")
@click.option("--subject", default="", help="The single sign-on subject (sub) mapped to this account.")
@click.option(
    "--no-password",
    is_flag=True,
    help="No desk password: the account signs in by single sign-on only (needs --email or --subject).",
)
@password_stdin_option
@as_option
@db_option
def user_add(name, role, display_name, email, subject, no_password, password_stdin, as_, db_path):
    """Add the account NAME with a role; its password is asked for (or read with --password-stdin). The
    first account of a database needs no --as and is always an admin; after it, an admin adds accounts."""
    from ..accounts import add_account, local_desk_open
    from ..records import AccessDenied, AccountError

    db = open_store(db_path)
    first = local_desk_open(db)
    by = None if first else acting_account(db, as_, "", "accounts")
    password = None if no_password else _read_password(password_stdin)
    try:
        account = add_account(
            db,
            name,
            role,
            password=password,
            display_name=display_name,
            email=email,
            subject=subject,
            by=by,
        )
    except (AccountError, AccessDenied) as exc:
        _fail(exc)
    note = ""
    if first and role != account.role:
        note = " (the first account is always an admin: someone must be able to add the others)"
    click.echo(f"added {account.name} as {account.role}{note}")
    if first:
        click.echo("the desk now signs everyone in: the app asks for account and password", err=True)


@user.command("passwd")
@click.argument("name")
@password_stdin_option
@as_option
@db_option
def user_passwd(name, password_stdin, as_, db_path):
    """Set or reset the password of NAME: an admin for anyone, an account for itself (--as NAME). Every
    session of the account ends."""
    from ..accounts import get_account, set_password
    from ..records import AccessDenied, AccountError

    db = open_store(db_path)
    if get_account(db, name) is None:
        raise click.ClickException(f"no account named {name!r}")
    who = account_name(as_, "")
    if not who:
        raise click.UsageError("name yourself with --as (the account itself, or an admin)")
    try:
        set_password(db, name, _read_password(password_stdin), who)
    except (AccountError, AccessDenied) as exc:
        _fail(exc)
    click.echo(f"password of {name.strip().lower()} set; its sessions ended")


@user.command("list")
@format_option()
@db_option
def user_list(fmt, db_path):
    """List the accounts: name, role, how they sign in, and whether they are disabled."""
    from ..accounts import list_accounts

    rows = [
        {
            "name": a.name,
            "role": a.role,
            "display_name": a.display_name,
            "email": a.email,
            "subject": a.subject,
            "sign_in": ", ".join(
                [w for w, ok in (("password", a.has_password), ("sso", bool(a.email or a.subject))) if ok]
            )
            or "-",
            "created_at": a.created_at,
            "disabled_at": a.disabled_at,
        }
        for a in list_accounts(open_store(db_path))
    ]
    emit(rows, ACCOUNT_COLUMNS, fmt, _accounts_table)


def _accounts_table(rows: list[dict]) -> None:
    if not rows:
        click.echo("no accounts yet: `workbench user add NAME --role admin` adds the first (an admin)")
    for r in rows:
        state = f"  disabled {r['disabled_at']}" if r["disabled_at"] else ""
        shown = f" ({r['display_name']})" if r["display_name"] else ""
        click.echo(f"{r['name']}{shown}  {r['role']}  sign-in: {r['sign_in']}{state}")


def _admin_change(change, name, as_, db_path, *args):
    from ..records import AccessDenied, AccountError

    db = open_store(db_path)
    by = acting_account(db, as_, "", "accounts")
    try:
        return change(db, name, *args, by)
    except (AccountError, AccessDenied) as exc:
        _fail(exc)


@user.command("disable")
@click.argument("name")
@as_option
@db_option
def user_disable(name, as_, db_path):
    """Disable NAME: it can no longer sign in or act; its sessions end and its history stays (an admin's)."""
    from ..accounts import disable_account

    account = _admin_change(disable_account, name, as_, db_path)
    click.echo(f"disabled {account.name}")


@user.command("enable")
@click.argument("name")
@as_option
@db_option
def user_enable(name, as_, db_path):
    """Let the disabled account NAME sign in and act again (an admin's)."""
    from ..accounts import enable_account

    account = _admin_change(enable_account, name, as_, db_path)
    click.echo(f"enabled {account.name}")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@as_option
@db_option
def user_role(name, role, as_, db_path):
    """Give NAME the ROLE reviewer, editor or admin (an admin's; the last admin keeps the role)."""
    from ..accounts import set_role

    account = _admin_change(set_role, name, as_, db_path, role)
    click.echo(f"{account.name} is now {account.role}")


@user.command("edit")
@click.argument("name")
@click.option("--display-name", default=None, help="The name the app shows beside the account name.")
@click.option("--email", default=None, help="The address single sign-on maps to this account ('' for none).")
@click.option("--subject", default=None, help="The single sign-on subject mapped to it ('' for none).")
@as_option
@db_option
def user_edit(name, display_name, email, subject, as_, db_path):
    """Change the display name of NAME, or the email or subject single sign-on maps to it (an admin's)."""
    from ..accounts import set_identity
    from ..records import AccessDenied, AccountError

    db = open_store(db_path)
    by = acting_account(db, as_, "", "accounts")
    try:
        account = set_identity(db, name, by, display_name=display_name, email=email, subject=subject)
    except (AccountError, AccessDenied) as exc:
        _fail(exc)
    click.echo(
        f"{account.name}: display name {account.display_name or '-'}, email {account.email or '-'},"
        f" subject {account.subject or '-'}"
    )


@cli.command("settings")
@click.option("--organisation", default=None, help="The organisation ClaimReviews name as author.")
@click.option(
    "--url-template",
    default=None,
    metavar="TEMPLATE",
    help="The address of each published fact-check, with {claim_id} and/or {article_id} ('' for none).",
)
@click.option(
    "--labels", type=click.Choice(["en", "de"], case_sensitive=False), default=None, help="Verdict words."
)
@as_option
@db_option
def settings_command(organisation, url_template, labels, as_, db_path):
    """Show the desk's settings, or change them (an admin's, --as): the organisation, the fact-check address
    template and the language of the verdict words. `export` options override them for one command."""
    from ..records import AccessDenied, SettingsError
    from ..settings import desk_settings, set_desk_settings

    db = open_store(db_path)
    if organisation is not None or url_template is not None or labels is not None:
        by = acting_account(db, as_, "", "desk_settings")
        try:
            set_desk_settings(db, by, organisation=organisation, url_template=url_template, labels=labels)
        except (SettingsError, AccessDenied) as exc:
            _fail(exc)
    desk = desk_settings(db)
    click.echo(f"organisation: {desk.organisation or '-'}")
    click.echo(f"url template: {desk.url_template or '-'}")
    click.echo(f"verdict words: {desk.labels}")
