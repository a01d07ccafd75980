"""The one way commands print rows: a table (one line per row), CSV (spreadsheet-safe) or JSON."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

FORMATS = ["table", "csv", "json"]


def format_option(choices: list[str] = FORMATS, default: str = "table"):
    """The ``--format`` option of a command that prints rows."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="How to print the rows.",
    )


def emit(
    rows: list[dict], columns: list[str], fmt: str, table: Callable[[list[dict]], None] | None = None
) -> None:
    """Print ``rows`` as JSON (a list of objects), as CSV with ``columns`` as header, or as a table by
    ``table`` (a function that echoes the rows)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        from ..formats.csv import write_csv

        click.echo(write_csv(rows, columns), nl=False)
    else:
        table(rows)


def write_file(path: str, text: str | bytes) -> None:
    """Write ``text`` (str as UTF-8, or bytes as they are) to the file ``path`` whole or not at all: into a temporary file beside it, flushed to
    the disk, then renamed over ``path``. A full disk or a kill leaves the earlier file (or none), never a
    cut or empty one. Raises click.ClickException with one line."""
    target = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent or ".")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():  # keep the permissions of the file being replaced
            os.chmod(name, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(name, 0o666 & ~umask)
        os.replace(name, target)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        kept = "the earlier file is unchanged" if target.exists() else "no file was written"
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}; {kept}") from exc
