"""What every command shares: the ``workbench`` group, the common options, opening the database and the
model with errors as one-line messages, and progress on stderr. Standard library and click only, so
``workbench --help`` answers at once."""

from __future__ import annotations

import errno
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


def one_line_error(exc: BaseException) -> str:
    """What a user is told about an exception no command turned into a message of its own."""
    from ..records import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if _opened is not None:
        told = _opened.explain(exc)
        if told:
            return told
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        if exc.errno == errno.ENOSPC or exc.errno == errno.EFBIG:
            return f"{where}the disk is full ({exc.strerror}); nothing was written"
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "out of memory; try a smaller input"
    detail = " ".join(str(exc).split())[:300]
    return f"unexpected error ({type(exc).__name__}: {detail}); set {config.DEBUG_ENV}=1 to see where"


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
