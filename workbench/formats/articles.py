"""Files, folders, pasted text, batches and HTML pages -> Article records; texts to score.

Pure (reads files, stores nothing): ``read_paths``, ``read_upload``, ``article_from_text`` and ``read_texts``
raise ``IngestError`` with a message a user can act on (bad lines of a .jsonl/.csv batch: all listed, or
skipped on request). HTML pages are read by ``formats.pages``.

The outlet and date a user names (``outlet``, ``date``) go on every article read, except where a batch row
names its own (its ``source`` and ``date`` fields); they beat what a page says about itself.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO, TextIO

from ..records import Article, check_date, is_web_url, url_host
from . import files  # its size limits are read at call time, so tests can lower them in one place
from .csv import csv_records, sniff_delimiter, stream_records
from .files import (
    BadLine,
    BadLinesError,
    IngestError,
    NestedTooDeep,
    clean,
    column_list,
    decode,
    one_line,
    open_file,
    parse_json,
    read_file_bytes,
)
from .pages import read_page


class _BadRow(Exception):
    """One batch row's problem (without its location, which the caller knows)."""


TITLE_CHARS = 80
BATCH_FIELDS = ("id", "title", "source", "url", "date")


@dataclass(frozen=True)
class Named:
    """The outlet and date a user named for what they add ("" where they named none)."""

    outlet: str = ""
    date: str = ""

    @classmethod
    def checked(cls, outlet: str = "", date: str = "") -> Named:
        """Both stripped to one line; the date must be YYYY-MM-DD (SettingsError otherwise)."""
        return cls(one_line(clean(outlet or "")), check_date(date))


def read_paths(
    paths: list[str],
    *,
    encoding: str = "utf-8",
    stdin: TextIO | None = None,
    skip_bad: bool = False,
    skipped: list[BadLine] | None = None,
    outlet: str = "",
    date: str = "",
) -> list[Article]:
    """Read files, folders (recursively, sorted, hidden entries skipped) and "-" (text from ``stdin``).

    Returns the articles in input order, each text once (first wins); raises ``IngestError`` on the first
    bad input, so a result is never partial. A batch (.jsonl/.csv) with bad lines is refused whole with a
    ``BadLinesError`` listing them; with ``skip_bad`` its good lines are read and the bad ones are appended
    to ``skipped`` instead (a batch without any good line, or with broken CSV quoting, is still an error).
    ``outlet`` and ``date`` (YYYY-MM-DD) are what the user names for these articles (see the module).
    """
    named = Named.checked(outlet, date)
    articles: list[Article] = []
    for given in paths:
        if given == "-":
            articles.append(_read_stdin(stdin or sys.stdin, named))
            continue
        for path in _expand(Path(given)):
            if _READERS.get(_kind(path.name)) is _read_csv:  # read as a stream, not loaded whole
                with open_file(path) as stream:
                    articles.extend(
                        _read_csv_stream(str(path), path.name, stream, encoding, skip_bad, skipped, named)
                    )
                continue
            if _READERS.get(_kind(path.name)) is _read_html:
                _check_page_size(_size(path), str(path))  # a page is refused by its size before it is read
            data = read_file_bytes(path)
            articles.extend(_read_data(str(path), path.name, data, encoding, skip_bad, skipped, named))
    return _dedupe(articles)


def read_upload(
    filename: str,
    data: bytes,
    *,
    encoding: str = "utf-8",
    skip_bad: bool = False,
    skipped: list[BadLine] | None = None,
    outlet: str = "",
    date: str = "",
) -> list[Article]:
    """Read one uploaded file (web app); the format is chosen by the extension of ``filename``.

    ``skip_bad``, ``skipped``, ``outlet`` and ``date`` work as in ``read_paths``.
    """
    named = Named.checked(outlet, date)
    # the browser's name for the file: one line, so that it can start a one-line message
    name = one_line(clean(PurePath(filename).name)) or "upload"
    if len(data) > files.MAX_FILE_BYTES:
        raise IngestError(f"{name}: file is {len(data):,} bytes, over the limit of {files.MAX_FILE_BYTES:,}")
    return _dedupe(_read_data(name, name, data, encoding, skip_bad, skipped, named))


def article_from_text(
    text: str, *, title: str = "", source: str = "pasted", outlet: str = "", date: str = ""
) -> Article:
    """An article from pasted text; without ``title`` the first non-empty line becomes the title.
    ``outlet`` and ``date`` (YYYY-MM-DD) are what the user names for it."""
    named = Named.checked(outlet, date)
    text = clean(text)
    source = one_line(clean(source)) or "pasted"  # typed into a form: no line breaks or invisible characters
    if title.strip():
        body = _check_body(text.strip(), source)
        return Article(
            text=body, title=one_line(clean(title)), source=source, outlet=named.outlet, date=named.date
        )
    return _text_article(text, source, source, named)


def read_html_page(
    data: bytes, label: str, *, url: str = "", charset: str = "", outlet: str = "", date: str = ""
) -> Article:
    """One fetched web page (``url``: where it was fetched from) -> its article; refused by size before it is
    parsed. ``charset`` is the one the server declared; ``outlet`` and ``date`` are what the user names."""
    named = Named.checked(outlet, date)
    _check_page_size(len(data), label)
    return _named_page(
        read_page(decode_page(data, label, charset), label, source=url or label, url=url), named
    )


def decode_page(data: bytes, label: str, charset: str = "") -> str:
    """A fetched page's text: in the charset the server or the page declares, else UTF-8; bytes that do not
    decode become U+FFFD (a web page is read as a browser reads it, not refused for one bad byte)."""
    if files.looks_binary(data):
        raise IngestError(f"{label}: looks like a binary file, not a web page")
    for name in (charset, _meta_charset(data), "utf-8"):
        if not name:
            continue
        try:
            text = data.decode(name, errors="replace")
        except LookupError:
            continue
        return clean(text.removeprefix("\ufeff"))
    return clean(data.decode("utf-8", errors="replace"))


def _meta_charset(data: bytes) -> str:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "replace") if found else ""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as e:
        raise IngestError(f"{path}: cannot read ({e.strerror or e})") from e


def _check_page_size(size: int, label: str) -> None:
    if size > files.MAX_PAGE_BYTES:
        raise IngestError(
            f"{label}: page is {size:,} bytes, over the limit of {files.MAX_PAGE_BYTES:,} for a web page"
        )


def _named_page(article: Article, named: Named) -> Article:
    """A page's article with what the user named: their outlet and date beat the page's own."""
    if named.outlet:
        article.outlet = named.outlet
    if named.date:
        article.date = named.date
    return article


def _read_stdin(stream: TextIO, named: Named) -> Article:
    try:
        text = stream.read(files.MAX_FILE_BYTES + 1)
    except UnicodeDecodeError as e:
        raise IngestError(f"stdin: not valid text ({e.reason}); check the input's encoding") from e
    if "\x00" in text:
        raise IngestError("stdin: looks like binary data, not text")
    if len(text) > 2 * files.MAX_TEXT_CHARS:  # before the slow cleaning, as for files (see _read_data)
        raise IngestError(
            f"stdin: text is {len(text):,} characters, over the limit of {files.MAX_TEXT_CHARS:,}"
        )
    return _text_article(clean(text), "stdin", "stdin", named)


def _expand(path: Path) -> list[Path]:
    """The readable files a command-line path stands for."""
    if path.is_dir():
        found = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [Path(folder, f) for f in files if not f.startswith(".") and _kind(f) in _READERS]
        if not found:
            raise IngestError(f"{path}: folder has no supported files ({_supported()})")
        return sorted(found)  # by path components: a.txt, b/1.txt, b/2.txt, c.txt
    if path.is_file():
        return [path]
    raise IngestError(f"{path}: no such file or folder" if not path.exists() else f"{path}: not a file")


def _kind(name: str) -> str:
    return PurePath(name).suffix.lower()


def _supported() -> str:
    return "supported: " + ", ".join(_READERS)


def _read_data(
    label: str,
    name: str,
    data: bytes,
    encoding: str,
    skip_bad: bool = False,
    skipped: list[BadLine] | None = None,
    named: Named = Named(),
) -> list[Article]:
    """Dispatch by extension; ``label`` starts error messages, ``name`` is the default source."""
    reader = _READERS.get(_kind(name))
    if reader is None:
        kind = _kind(name) or "(no extension)"
        raise IngestError(f"{label}: unsupported file type {kind} ({_supported()})")
    if reader is _read_csv:  # parsed from the bytes as a stream: no decoded copy of the whole file
        return _read_csv_stream(label, name, io.BytesIO(data), encoding, skip_bad, skipped, named)
    if reader is _read_html:
        _check_page_size(len(data), label)  # before decoding and parsing, which cost memory and time
    # A plain text file over twice the limit is refused before cleaning, which takes seconds on tens of
    # megabytes; cleaning could only bring it under the limit if over half of it were control characters.
    text = decode(data, label, encoding, max_chars=2 * files.MAX_TEXT_CHARS if reader is _read_txt else None)
    if reader in _BATCH_READERS:
        articles, bad = _settle_batch(label, reader(text, label, name, named), skip_bad)
        if skipped is not None:
            skipped.extend(bad)
        return articles
    return reader(text, label, name, named)


def _settle_batch(
    label: str, rows: Iterator[tuple[int, Article | _BadRow]], skip_bad: bool
) -> tuple[list[Article], list[BadLine]]:
    """A batch's good articles and bad lines; every row is read first so that an error can list all bad lines."""
    articles: list[Article] = []
    bad: list[BadLine] = []
    for number, row in rows:
        if isinstance(row, _BadRow):
            bad.append(BadLine(label, number, str(row)))
        else:
            articles.append(row)
    if bad and not (skip_bad and articles):
        raise BadLinesError(bad)
    if not articles:
        raise IngestError(f"{label}: no rows")
    return articles, bad


def _body_problem(text: str) -> str | None:
    if not text:
        return "no text"
    if len(text) > files.MAX_TEXT_CHARS:
        return f"text is {len(text):,} characters, over the limit of {files.MAX_TEXT_CHARS:,}"
    return None


def _check_body(text: str, where: str) -> str:
    problem = _body_problem(text)
    if problem:
        raise IngestError(f"{where}: {problem}")
    return text


def _text_article(
    text: str, label: str, source: str, named: Named = Named(), *, markdown: bool = False
) -> Article:
    """First non-empty line = title, the rest = body; a single line is the body, cut short for the title."""
    first, _, rest = text.strip().partition("\n")
    title, body = one_line(first), rest.strip()
    if markdown:
        title = title.lstrip("#").strip()
    if not body:
        body = first.strip()
        if len(title) > TITLE_CHARS:
            title = (title[:TITLE_CHARS].rsplit(" ", 1)[0] or title[:TITLE_CHARS]).rstrip(" ,;:.-") + "…"
    return Article(
        text=_check_body(body, label), title=title, source=source, outlet=named.outlet, date=named.date
    )


def _read_txt(text: str, label: str, name: str, named: Named) -> list[Article]:
    return [_text_article(text, label, name, named, markdown=_kind(name) == ".md")]


def _read_html(text: str, label: str, name: str, named: Named) -> list[Article]:
    return [_named_page(read_page(text, label, source=name), named)]


def _row_article(row: dict, name: str, named: Named) -> Article:
    """One batch row (JSONL object or CSV record) -> Article; raises ``_BadRow`` saying what is wrong."""
    text = row.get("text")
    if text is None:
        raise _BadRow('missing "text"')
    if not isinstance(text, str):
        raise _BadRow(f'"text" must be a string, not {type(text).__name__}')
    fields = {}
    for key in BATCH_FIELDS:
        value = row.get(key)
        if value is not None and not isinstance(value, (str, int, float)):
            raise _BadRow(f'"{key}" must be a string or number, not {type(value).__name__}')
        fields[key] = one_line(clean(str(value))) if value is not None else ""
    body = clean(text).strip()
    problem = _body_problem(body)
    if problem:
        raise _BadRow(problem)
    url = _safe_url(fields["url"])
    return Article(
        text=body,
        title=fields["title"],
        source=fields["source"] or name,
        # the row's own source is exported as given; else the user's outlet, else the host of its link
        outlet=fields["source"] or named.outlet or url_host(url),
        url=url,
        date=fields["date"] or named.date,
        external_id=fields["id"],
    )


def _read_jsonl(text: str, label: str, name: str, named: Named) -> Iterator[tuple[int, Article | _BadRow]]:
    """(line number, article or its problem) for each non-blank line."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield number, _jsonl_article(line, name, named)


def _jsonl_article(line: str, name: str, named: Named) -> Article | _BadRow:
    try:
        row = parse_json(line)
    except json.JSONDecodeError as e:
        return _BadRow(f"invalid JSON ({e.msg.removesuffix(' at')} at column {e.colno})")  # "starting at at"
    except NestedTooDeep as e:
        return _BadRow(str(e))
    if not isinstance(row, dict):
        return _BadRow(f'expected a JSON object with "text", got {type(row).__name__}')
    try:
        return _row_article(row, name, named)
    except _BadRow as e:
        return e


def _read_csv(
    records: Iterable[tuple[int, list[str]]], label: str, name: str, named: Named
) -> Iterator[tuple[int, Article | _BadRow]]:
    """(line number, article or its problem) for each CSV record; a CSV that cannot be parsed raises at once."""
    for number, row, problem in _csv_rows(records, label):
        if problem:
            yield number, _BadRow(problem)
            continue
        try:
            article = _row_article(row, name, named)
        except _BadRow as e:
            article = e
        yield number, article


def _read_csv_stream(
    label: str,
    name: str,
    stream: BinaryIO,
    encoding: str,
    skip_bad: bool,
    skipped: list[BadLine] | None,
    named: Named,
) -> list[Article]:
    """A .csv batch read as a stream (one record in memory at a time besides the articles read); Excel writes
    ";"-separated CSV where the decimal mark is a comma (German settings), so the delimiter is the one that
    makes a "text" column of the header."""
    records = stream_records(stream, label, encoding, column="text")
    articles, bad = _settle_batch(label, _read_csv(records, label, name, named), skip_bad)
    if skipped is not None:
        skipped.extend(bad)
    return articles


def _csv_rows(records: Iterable[tuple[int, list[str]]], label: str) -> Iterator[tuple[int, dict, str | None]]:
    """Yield (line number, row dict with lower-cased keys, problem or None) for each non-blank record of a
    CSV with a "text" column (the first record is the header).

    A row with more fields than the header comes with a problem, so a batch can skip it.
    """
    header: list[str] | None = None
    for start, row in records:
        if header is None:
            header = [cell.strip().lower() for cell in row]
            if "text" not in header:
                raise IngestError(f'{label} line {start}: no "text" column (found: {column_list(row)})')
            continue
        problem = None
        if len(row) > len(header):
            problem = f"{len(row)} fields, the header has {len(header)}; check the quotes"
        yield start, dict(zip(header, row, strict=False)), problem


def read_texts(path: str, *, encoding: str = "utf-8", stdin: TextIO | None = None) -> list[str]:
    """Texts to score, in input order: the ``text`` column of a ``.csv`` (every row, even an empty
    text, so output rows line up with input rows), else one text per non-blank line (``.txt``, ``-``).
    Standard input whose first line is a CSV header with a ``text`` column is read as CSV."""
    if path == "-":
        text = clean((stdin or sys.stdin).read())
        # piped CSV is recognised by its header: a first line naming a "text" column (, ; or tab between)
        first = text.split("\n", 1)[0]
        header = next(csv.reader([first], delimiter=sniff_delimiter(first, "text")), [])
        label, kind = "stdin", ".csv" if "text" in (h.strip().lower() for h in header) else ".txt"
    else:
        file = Path(path)
        if file.is_dir():
            raise IngestError(f"{file}: is a folder; give a .csv or .txt file")
        label, kind = str(file), _kind(file.name)
        if kind not in (".csv", ".txt"):
            raise IngestError(f"{label}: unsupported file type {kind or '(no extension)'} (use .csv or .txt)")
    if kind == ".csv":
        texts = []
        with contextlib.ExitStack() as stack:
            if path == "-":
                records = csv_records(text, label, sniff_delimiter(text, "text"))
            else:  # read as a stream
                records = stream_records(stack.enter_context(open_file(file)), label, encoding, column="text")
            for number, row, problem in _csv_rows(records, label):
                if problem:
                    raise IngestError(f"{label} line {number}: {problem}")
                texts.append(one_line(row.get("text") or ""))
    else:
        if path != "-":
            text = decode(read_file_bytes(file), label, encoding)
        texts = [line.strip() for line in text.splitlines() if line.strip()]
    if not texts:
        raise IngestError(f"{label}: no texts")
    return texts


def _safe_url(url: str) -> str:
    """Only absolute http(s) URLs are kept (never ``javascript:`` and the like)."""
    return url if is_web_url(url) else ""


def _dedupe(articles: list[Article]) -> list[Article]:
    seen: set[str] = set()
    unique = []
    for article in articles:
        key = article.content_hash
        if key not in seen:
            seen.add(key)
            unique.append(article)
    return unique


_READERS = {
    ".txt": _read_txt,
    ".md": _read_txt,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
    ".csv": _read_csv,
}
# readers that yield (line number, article or problem) per row, settled by _settle_batch
_BATCH_READERS = (_read_jsonl,)  # .csv batches are read as a stream (_read_csv_stream)
