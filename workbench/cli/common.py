"""What every command shares: the ``workbench`` group, the common options, opening the database and the
model with errors as one-line messages, and progress on stderr. Standard library and click only, so
``workbench --help`` answers at once."""

from __future__ import annotations

import sys
import time

import click

from .. import config

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Database file [default: $WORKBENCH_DB, else ./claims.db].",
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
reviewer_option = click.option(
    "--reviewer", envvar=config.REVIEWER_ENV, default="", help="Your name [default: $WORKBENCH_REVIEWER]."
)


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

    Every command works on one SQLite database (--db, $WORKBENCH_DB, else ./claims.db).
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


def reviewer_required(reviewer: str) -> str:
    """The reviewer's name, stripped; a usage error when there is none."""
    if not reviewer.strip():
        raise click.UsageError("name yourself with --reviewer or $WORKBENCH_REVIEWER")
    return reviewer.strip()


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
