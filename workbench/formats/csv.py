"""CSV in and out: the one reader of CSV records (article batches, archive files, texts to score) and
spreadsheet-safe writing (every CSV the workbench writes)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

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


def write_csv(rows: list[dict], columns: list[str], *, delimiter: str = ",", decimal: str = ".") -> str:
    """Rows as CSV text with ``columns`` as header; lists are joined by spaces, every cell spreadsheet-safe.

    ``delimiter`` and ``decimal`` suit a spreadsheet's locale: German Excel splits cells at ";" and reads
    "0,75" as a number (and "0.75" as text or a date), so ``decimal=","`` writes fractions that way.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", delimiter=delimiter)
    writer.writeheader()
    for row in rows:
        cells = {}
        for k in columns:
            value = row.get(k)
            value = " ".join(value) if isinstance(value, list) else ("" if value is None else value)
            if isinstance(value, float) and decimal != ".":
                value = str(value).replace(".", decimal)
            cells[k] = spreadsheet_safe(value)
        writer.writerow(cells)
    return buffer.getvalue()


# UTF-8's byte-order mark: without it Excel reads a CSV file in the system's legacy code page (Windows-1252 in
# Germany), and "ä" shows as "Ã¤". Python reads such a file back with encoding="utf-8-sig".
BOM = "\ufeff"


def spreadsheet_file(text: str) -> bytes:
    """CSV text as the bytes of a file spreadsheets open right: UTF-8 with a byte-order mark."""
    return (BOM + text).encode("utf-8")
