"""CSV in and out: the one reader of CSV records (article batches, archive files, texts to score) and
spreadsheet-safe writing (every CSV the workbench writes)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..records import strip_invisible
from .files import IngestError


def csv_records(text: str, label: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line number where it starts, cells) for each non-blank record of a CSV text, the header included.

    Broken quoting raises IngestError, because after it no later line can be trusted to start a record.
    """
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # only ever raised, never lowered
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise IngestError(f"{label} line {start}: broken CSV ({e})") from e
        if any(cell.strip() for cell in row):
            yield start, row


DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str, column: str | None = None) -> str:
    """The delimiter of a CSV text, from its first line: of comma, semicolon and tab, one whose header has a
    cell named ``column`` (case and spaces aside) if any does, else the one giving the most cells; comma on a
    tie. Quotes are respected ("a;b" in a quoted cell is no delimiter)."""
    start = len(text) - len(text.lstrip("\n"))
    end = text.find("\n", start)
    first = text[start : end if end >= 0 else len(text)]
    best, best_key = ",", (False, 0)
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        key = (column is not None and column in (c.strip().lower() for c in cells), len(cells))
        if key > best_key:
            best, best_key = delimiter, key
    return best


# A spreadsheet runs a cell starting with one of these as a formula. Also after leading whitespace: an
# import that trims spaces (LibreOffice's "Trim spaces") or a user editing the cell drops it. Tab and CR
# count as formula starts of their own (OWASP). Such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r")


def spreadsheet_safe(value):
    """Neutralise text a spreadsheet would run as a formula: a cell starting with =, +, - or @, also after
    leading whitespace, or with a tab or CR gets a leading apostrophe. Numbers pass unchanged."""
    if isinstance(value, str) and (
        value.startswith(_CONTROL_START) or value.lstrip().startswith(_FORMULA_START)
    ):
        return "'" + value
    return value


def write_csv(rows: list[dict], columns: list[str]) -> str:
    """Rows as CSV text with ``columns`` as header; lists are joined by spaces, every cell spreadsheet-safe and
    without invisible characters (bidi controls, zero-width characters), also in text stored before they were
    removed on the way in."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = {}
        for k in columns:
            value = row.get(k)
            value = " ".join(value) if isinstance(value, list) else ("" if value is None else value)
            if isinstance(value, str):
                value = strip_invisible(value)
            cells[k] = spreadsheet_safe(value)
        writer.writerow(cells)
    return buffer.getvalue()
