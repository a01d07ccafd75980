"""Reading outside files, shared by every format reader: size limits, bytes -> clean text, and the input
errors that name the file (and line) and what is wrong."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..records import clean_text


class IngestError(ValueError):
    """Input that cannot be ingested; the message names the file (and line) and what is wrong."""


MAX_LISTED_LINES = 10  # bad line numbers named in one message; the rest are counted


@dataclass(frozen=True)
class BadLine:
    """A line of a .jsonl/.csv batch that cannot become an article: the file, its line number, why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.reason}"


class BadLinesError(IngestError):
    """A batch refused whole because of its bad lines, all of them in ``bad_lines``.

    Raised unless the caller asked for ``skip_bad`` (and then still when no line is good); the message
    gives the first line's problem and the bad line numbers (the first ``MAX_LISTED_LINES`` of them).
    """

    def __init__(self, bad_lines: list[BadLine]) -> None:
        self.bad_lines = bad_lines
        message = str(bad_lines[0])
        if len(bad_lines) > 1:
            message += f"; {len(bad_lines)} bad lines: {_numbers(bad_lines)}"
        super().__init__(message)


def describe_bad_lines(bad_lines: list[BadLine], limit: int = MAX_LISTED_LINES) -> str:
    """Where the bad lines are, for one line of output: "a.jsonl lines 2, 5; b.csv line 3 and 4 more"."""
    parts: list[str] = []
    files: dict[str, list[BadLine]] = {}
    for bad in bad_lines[:limit]:
        files.setdefault(bad.file, []).append(bad)
    for file, lines in files.items():
        parts.append(f"{file} line{'s' if len(lines) > 1 else ''} {_numbers(lines, len(lines))}")
    more = len(bad_lines) - limit
    return "; ".join(parts) + (f" and {more} more" if more > 0 else "")


def _numbers(bad_lines: list[BadLine], limit: int = MAX_LISTED_LINES) -> str:
    """Line numbers as "2, 5, 9": at most ``limit`` of them, then "and N more"."""
    listed = ", ".join(str(b.line) for b in bad_lines[:limit])
    more = len(bad_lines) - limit
    return listed + (f" and {more} more" if more > 0 else "")


MAX_TEXT_CHARS = 2_000_000
# The deepest nesting of JSON objects and lists read. Real records nest a handful of levels (a ClaimReview
# with its itemReviewed, author and appearance: 4); deeper input is refused before the readers, which walk
# values recursively, could exhaust the stack.
MAX_JSON_DEPTH = 64
MAX_FILE_BYTES = 200 * 1024 * 1024
# A web page (a saved .html file, a fetched link or feed) over this is refused before it is parsed: news pages
# run to 1.5 MB with their scripts, and parsing costs several times the page's size in memory.
MAX_PAGE_BYTES = 16 * 1024 * 1024

_BINARY_MAGIC = (b"\x89PNG", b"PK\x03\x04", b"%PDF-", b"\x1f\x8b", b"\xff\xd8\xff", b"GIF8")


@contextmanager
def open_file(path: Path) -> Iterator[BinaryIO]:
    """A file opened to be read as a stream (binary), refusing files over MAX_FILE_BYTES before opening them."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"{path}: file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the caller's reading
    except OSError as e:
        raise IngestError(f"{path}: cannot read ({e.strerror or e})") from e
    with stream:
        yield stream


def read_file_bytes(path: Path) -> bytes:
    """A file's bytes, refusing files over MAX_FILE_BYTES before reading them."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"{path}: file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        return path.read_bytes()
    except OSError as e:
        raise IngestError(f"{path}: cannot read ({e.strerror or e})") from e


class NestedTooDeep(IngestError):
    """JSON nested deeper than MAX_JSON_DEPTH (or than Python's recursion allows)."""

    def __init__(self) -> None:
        super().__init__(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")


def parse_json(text: str):
    """``json.loads(text)``, refusing nesting deeper than MAX_JSON_DEPTH with NestedTooDeep; invalid JSON
    raises json.JSONDecodeError as usual."""
    try:
        value = json.loads(text)
    except RecursionError as e:  # the C parser gives up at Python's recursion limit
        raise NestedTooDeep() from e
    level = [value]  # breadth first, one nesting level at a time: no recursion of our own
    for _ in range(MAX_JSON_DEPTH):
        level = [
            child
            for v in level
            if isinstance(v, (dict, list))
            for child in (v.values() if isinstance(v, dict) else v)
            if isinstance(child, (dict, list))
        ]
        if not level:
            return value
    raise NestedTooDeep()


def check_encoding(encoding: str, label: str = "") -> str:
    """The codec name of ``encoding`` if it decodes bytes to text; IngestError otherwise (an unknown name, or a
    bytes-to-bytes codec such as base64, hex or zlib, or a text-to-text one such as rot13)."""
    where = f"{label}: " if label else ""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError) as e:
        raise IngestError(f"{where}unknown encoding {encoding!r}") from e
    if not getattr(info, "_is_text_encoding", True):
        raise IngestError(
            f"{where}{encoding!r} is not a text encoding (it transforms bytes or text, like base64, hex, rot13"
            " or zlib); give the encoding the text is written in, e.g. utf-8, cp1252 or latin-1"
        )
    return info.name


def decode(data: bytes, label: str, encoding: str, max_chars: int | None = None) -> str:
    """Bytes -> cleaned text: refuses binary and empty files and texts over ``max_chars``, explains decoding
    errors."""
    codec = check_encoding(encoding, label)
    if codec == "utf-8" and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif codec.startswith(("utf-16", "utf-32")):  # NUL bytes are part of these encodings
        if data.startswith(_BINARY_MAGIC):
            raise IngestError(f"{label}: looks like a binary file, not text")
    elif looks_binary(data):
        raise IngestError(f"{label}: looks like a binary file, not text")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        where = f"line {line}, byte {e.start}"
        hint = "; if it is in another encoding, try --encoding latin-1" if codec == "utf-8" else ""
        raise IngestError(f"{label}: not valid {codec} ({where}){hint}") from e
    except (UnicodeError, LookupError, ValueError) as e:  # codecs that fail without a position (idna ...)
        raise IngestError(f"{label}: cannot decode as {codec} ({e})") from e
    if max_chars is not None and len(text) > max_chars:
        raise IngestError(f"{label}: text is {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}")
    text = clean(text.removeprefix("\ufeff"))
    if not text.strip():
        raise IngestError(f"{label}: file is empty")
    return text


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` starts like an image, archive or PDF, or holds NUL or many control bytes."""
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data:
        return True
    sample = data[:8192]
    odd = sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f" or b == 127)
    return odd > len(sample) * 0.1


def clean(text: str) -> str:
    """Newlines to \\n, control characters other than \\n and \\t removed, invisible characters (bidi
    controls, zero-width characters, soft hyphens: ``records.strip_invisible``) removed, Unicode NFC."""
    return clean_text(text)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (line breaks included) as one space, stripped."""
    return " ".join(text.split())


def column_list(names, limit: int = 12, chars: int = 40) -> str:
    """Column names for an error message: one line, each cut to ``chars`` characters, at most ``limit`` of
    them ("and N more"), "none" for none. Names come from the file, so they may hold anything."""
    shown = list(dict.fromkeys(one_line(clean(str(n))) for n in names))
    shown = [n if len(n) <= chars else n[: chars - 1] + "…" for n in shown if n]
    more = len(shown) - limit
    return (", ".join(shown[:limit]) + (f" and {more} more" if more > 0 else "")) or "none"
