"""CSV in and out: the one reader of CSV records (article batches, archive files, texts to score), read as a
stream, and spreadsheet-safe writing (every CSV the workbench writes)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..records import strip_invisible
from . import files
from .files import IngestError, check_encoding, clean, looks_binary

# How much of the start of a CSV file is looked at before it is read: for binary content, and for the
# delimiter of its header.
_HEAD_BYTES = 8192


def _field_limit() -> int:
    """The longest field read, in characters: the longest text the workbench takes. A longer field is refused
    when the parser reaches the limit, before it is held in memory whole."""
    return files.MAX_TEXT_CHARS + 1


def csv_records(text: str, label: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line number where it starts, cells) for each non-blank record of a CSV text, the header included.

    Broken quoting raises IngestError, because after it no later line can be trusted to start a record.
    """
    return _records(_lines(text), label, delimiter, lambda cell: cell)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (line ends kept), without a copy of the whole text."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _records(lines: Iterable[str], label: str, delimiter: str, cleaned) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(_field_limit())
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if "field limit" in str(e):
                raise IngestError(
                    f"{label} line {start}: a field is over {files.MAX_TEXT_CHARS:,} characters, the limit of a"
                    " text; nothing of the file was read past it"
                ) from e
            raise IngestError(f"{label} line {start}: broken CSV ({e})") from e
        row = [cleaned(cell) for cell in row]
        if any(cell.strip() for cell in row):
            yield start, row


def stream_records(
    source: BinaryIO, label: str, encoding: str, *, delimiter: str | None = None, column: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank record of the CSV file ``source`` (a seekable binary stream),
    read and decoded as it goes: memory holds one record at a time, never the whole file, and a field over
    the text limit is refused when the parser reaches the limit.

    Cells are cleaned as ``files.clean`` cleans a text (line ends, controls, invisible characters, NFC). The
    delimiter, unless given, is the header's (``sniff_delimiter``, preferring one that makes a ``column``).
    Refuses, as ``files.decode`` does, binary files, bytes that are not ``encoding``, and files without a
    record ("file is empty").
    """
    codec = check_encoding(encoding, label)
    head = source.read(_HEAD_BYTES)
    if codec == "utf-8" and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif not codec.startswith(("utf-16", "utf-32")) and looks_binary(head):
        raise IngestError(f"{label}: looks like a binary file, not text")
    source.seek(0)
    stream = io.TextIOWrapper(source, encoding=codec, errors="strict", newline="")
    line = skipped = 0  # the line last read; blank lines before the header
    try:
        first = stream.readline(2 * files.MAX_TEXT_CHARS + 1)
        while first and not first.strip():
            skipped += 1
            first = stream.readline(2 * files.MAX_TEXT_CHARS + 1)
        if delimiter is None:
            delimiter = sniff_delimiter(first.removeprefix("\ufeff")[:65536], column)
        for number, row in _records(_bounded_lines(first, stream, label, skipped), label, delimiter, clean):
            line = number + skipped
            yield line, row
        if not line:
            raise IngestError(f"{label}: file is empty")
    except UnicodeDecodeError as e:
        hint = "; if it is in another encoding, try --encoding latin-1" if codec == "utf-8" else ""
        raise IngestError(f"{label}: not valid {codec} (after line {line}){hint}") from e
    except UnicodeError as e:
        raise IngestError(f"{label}: cannot decode as {codec} ({e})") from e
    finally:
        # the caller's stream stays open: it closes it. A generator dropped unfinished is closed later, maybe
        # after its source was closed: there is nothing left to detach then
        if not source.closed:
            stream.detach()


def _bounded_lines(first: str, stream: io.TextIOBase, label: str, skipped: int) -> Iterator[str]:
    """``first``, then the stream's lines, refusing a line over twice the text limit when it reaches it: the
    parser gets whole lines (the end of each string it is given ends a record), so a line is the unit that
    must be bounded before it is held in memory; one row holds one text, besides a few short fields."""
    limit = 2 * files.MAX_TEXT_CHARS
    number = skipped
    line = first
    while line:
        number += 1
        if len(line) > limit:
            raise IngestError(
                f"{label} line {number}: over {limit:,} characters in one line (a text may have"
                f" {files.MAX_TEXT_CHARS:,}); nothing of the file was read past it"
            )
        yield line
        line = stream.readline(limit + 1)


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


def write_csv(rows: list[dict], columns: list[str], *, delimiter: str = ",", decimal: str = ".") -> str:
    """Rows as CSV text with ``columns`` as header; lists are joined by spaces, every cell spreadsheet-safe and
    without invisible characters (bidi controls, zero-width characters), also in text stored before they were
    removed on the way in.

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
            if isinstance(value, str):
                value = strip_invisible(value)
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
