"""What every command shares: the ``workbench`` group, the common options, opening the database and the
model with errors as one-line messages, and progress on stderr. Standard library and click only, so
``workbench --help`` answers at once."""

from __future__ import annotations

import os
import sys
import time

import click

from .. import config

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Database file, or a postgresql://user:password@host:port/dbname URL [default: $WORKBENCH_DB, else"
    " ./claims.db].",
)
model_option = click.option(
    "--model",
    default=None,
    help="Embedding model: the default offline 'multilingual-e5-small', 'all-MiniLM-L6-v2', or any "
    "sentence-transformers name or folder [default: $WORKBENCH_MODEL, else multilingual-e5-small].",
)
allow_private_option = click.option(
    "--allow-private",
    is_flag=True,
    envvar=config.ALLOW_PRIVATE_ENV,
    help="Also fetch links on private, loopback and link-local networks (a local test server) "
    "[default: $WORKBENCH_ALLOW_PRIVATE, else refused].",
)
keep_other_option = click.option(
    "--keep-other-languages",
    "keep_other",
    is_flag=True,
    help="Store articles in neither German nor English as language 'other', without claims "
    "[default: refuse them, storing nothing].",
)
as_option = click.option(
    "--as",
    "as_",
    envvar=config.USER_ENV,
    default="",
    metavar="NAME",
    help="The account you act as (whoever runs the command has the database file) [default: $WORKBENCH_USER].",
)
reviewer_option = click.option(
    "--reviewer",
    envvar=config.REVIEWER_ENV,
    default="",
    metavar="NAME",
    help="Deprecated: the same as --as (an existing account) [default: $WORKBENCH_REVIEWER].",
)


def identity_options(f):
    """--as, and --reviewer, its deprecated alias."""
    return as_option(reviewer_option(f))


class _OneLineErrors(click.Group):
    """The ``workbench`` group: whatever goes wrong inside a command reaches the user as one line on stderr
    and exit code 1, never as a traceback (``$WORKBENCH_DEBUG=1`` shows the traceback, for developers)."""

    def invoke(self, ctx: click.Context):
        global _opened
        _opened = None
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # the reader stopped reading (`workbench claims | head`): the command stops, silently, as cat
            # would. Output still buffered goes to the null device, or the last flush fails on the pipe again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except Exception as exc:
            if config.debug():
                raise
            raise click.ClickException(one_line_error(exc)) from exc
        finally:
            if _opened is not None:  # the command is over (a process may run several: tests, scripts)
                _opened.close()


def one_line_error(exc: BaseException) -> str:
    """What a user is told about an exception no command turned into a message of its own."""
    from ..records import describe_error

    told = _opened.explain(exc) if _opened is not None else None
    if told is None and not isinstance(exc, (OSError, RecursionError, MemoryError, ValueError)):
        from ..store import explain_error  # a storage error before any database was opened

        told = explain_error(exc, config.db_path())
    if told:
        return told
    message = describe_error(exc)
    if message.startswith("unexpected error"):
        message += f"; set {config.DEBUG_ENV}=1 to see where"
    return message


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claim-workbench")
def cli() -> None:
    """Claim Workbench: split articles into claims, group the same claim across outlets, review, export.

    Every command works on one database (--db, $WORKBENCH_DB, else ./claims.db): an SQLite file, or a
    PostgreSQL database named by a postgresql:// URL.
    """


_opened = None  # the store this command opened, which explains its own storage errors


def open_store(db_path: str | None):
    """The database named by ``--db`` (else the default), or a one-line error. How it was opened (read-only,
    from an empty file) is said on stderr."""
    from ..store import open_db

    global _opened
    try:
        _opened = open_db(db_path or config.db_path())
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    for note in _opened.notes:
        click.echo(f"note: {note}", err=True)
    return _opened


def load_model(model: str | None):
    """The embedder named by ``--model`` (else the default), or a one-line error."""
    from ..vectors import embedders

    try:
        return embedders.load_embedder(model)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


def account_name(as_: str, reviewer: str) -> str:
    """The account named by --as / $WORKBENCH_USER, or by the deprecated --reviewer / $WORKBENCH_REVIEWER
    (with a warning on stderr); "" for none. An option on the command line wins over a variable."""
    ctx = click.get_current_context()
    source = ctx.get_parameter_source
    as_ = (as_ or "").strip()
    reviewer = (reviewer or "").strip()
    if reviewer and (not as_ or source("reviewer") == click.core.ParameterSource.COMMANDLINE):
        if (
            as_
            and source("as_") == click.core.ParameterSource.COMMANDLINE
            and as_.lower() != reviewer.lower()
        ):
            raise click.UsageError(f"--as {as_} and --reviewer {reviewer} name different accounts")
        click.echo("--reviewer and $WORKBENCH_REVIEWER are deprecated: use --as or $WORKBENCH_USER", err=True)
        return reviewer
    return as_


def acting_account(db, as_: str, reviewer: str, action: str):
    """The account the command acts as (--as), if it may do ``action``; a one-line error otherwise.

    On a local desk (a database without any account to sign in with), ``--as desk`` acts as its built-in
    admin, as the app on loopback does, so a single user's commands need no account of their own.
    """
    from ..accounts import LOCAL_DESK, acting, local_desk, local_desk_open
    from ..records import AccessDenied

    name = account_name(as_, reviewer)
    local = local_desk_open(db)
    try:
        if local and name.strip().lower() == LOCAL_DESK:
            local_desk(db)  # created on first use, as the app creates it
        return acting(db, name, action)
    except AccessDenied as exc:
        hint = (
            f"; this database has no accounts yet: --as {LOCAL_DESK} acts as its local desk"
            if local and not name.strip()
            else ""
        )
        raise click.ClickException(f"{exc}{hint}") from exc


class Progress:
    """Progress of long stages on stderr: a live counter on a terminal, one line per stage otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total:
            click.echo(f"\r{stage}: {done}/{total} done", err=True)
        elif self.tty and now - self.last > 0.2:
            click.echo(f"\r{stage}: {done}/{total}", err=True, nl=False)
            self.last = now
