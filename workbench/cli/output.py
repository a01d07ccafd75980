"""The one way commands print rows: a table (one line per row), CSV (spreadsheet-safe) or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

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
