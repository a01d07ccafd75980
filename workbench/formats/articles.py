"""Files, folders, pasted text, batches and HTML pages -> Article records; texts to score.

Pure (reads files, stores nothing): ``read_paths``, ``read_upload``, ``article_from_text`` and ``read_texts``
raise ``IngestError`` with a message a user can act on (bad lines of a .jsonl/.csv batch: all listed, or
skipped on request).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import TextIO

from ..records import Article, is_web_url
from . import files  # its size limits are read at call time, so tests can lower them in one place
from .csv import csv_records, sniff_delimiter
from .files import (
    BadLine,
    BadLinesError,
    IngestError,
    NestedTooDeep,
    clean,
    column_list,
    decode,
    one_line,
    parse_json,
    read_file_bytes,
)


class _BadRow(Exception):
    """One batch row's problem (without its location, which the caller knows)."""


TITLE_CHARS = 80
BATCH_FIELDS = ("id", "title", "source", "url", "date")


def read_paths(
    paths: list[str],
    *,
    encoding: str = "utf-8",
    stdin: TextIO | None = None,
    skip_bad: bool = False,
    skipped: list[BadLine] | None = None,
) -> list[Article]:
    """Read files, folders (recursively, sorted, hidden entries skipped) and "-" (text from ``stdin``).

    Returns the articles in input order, each text once (first wins); raises ``IngestError`` on the first
    bad input, so a result is never partial. A batch (.jsonl/.csv) with bad lines is refused whole with a
    ``BadLinesError`` listing them; with ``skip_bad`` its good lines are read and the bad ones are appended
    to ``skipped`` instead (a batch without any good line, or with broken CSV quoting, is still an error).
    """
    articles: list[Article] = []
    for given in paths:
        if given == "-":
            articles.append(_read_stdin(stdin or sys.stdin))
            continue
        for path in _expand(Path(given)):
            data = read_file_bytes(path)
            articles.extend(_read_data(str(path), path.name, data, encoding, skip_bad, skipped))
    return _dedupe(articles)


def read_upload(
    filename: str,
    data: bytes,
    *,
    encoding: str = "utf-8",
    skip_bad: bool = False,
    skipped: list[BadLine] | None = None,
) -> list[Article]:
    """Read one uploaded file (web app); the format is chosen by the extension of ``filename``.

    ``skip_bad`` and ``skipped`` work as in ``read_paths``.
    """
    # the browser's name for the file: one line, so that it can start a one-line message
    name = one_line(clean(PurePath(filename).name)) or "upload"
    if len(data) > files.MAX_FILE_BYTES:
        raise IngestError(f"{name}: file is {len(data):,} bytes, over the limit of {files.MAX_FILE_BYTES:,}")
    return _dedupe(_read_data(name, name, data, encoding, skip_bad, skipped))


def article_from_text(text: str, *, title: str = "", source: str = "pasted") -> Article:
    """An article from pasted text; without ``title`` the first non-empty line becomes the title."""
    text = clean(text)
    source = one_line(clean(source)) or "pasted"  # typed into a form: no line breaks or invisible characters
    if title.strip():
        body = _check_body(text.strip(), source)
        return Article(text=body, title=one_line(clean(title)), source=source)
    return _text_article(text, source, source)


def _read_stdin(stream: TextIO) -> Article:
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
    return _text_article(clean(text), "stdin", "stdin")


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
) -> list[Article]:
    """Dispatch by extension; ``label`` starts error messages, ``name`` is the default source."""
    reader = _READERS.get(_kind(name))
    if reader is None:
        kind = _kind(name) or "(no extension)"
        raise IngestError(f"{label}: unsupported file type {kind} ({_supported()})")
    # A plain text file over twice the limit is refused before cleaning, which takes seconds on tens of
    # megabytes; cleaning could only bring it under the limit if over half of it were control characters.
    text = decode(data, label, encoding, max_chars=2 * files.MAX_TEXT_CHARS if reader is _read_txt else None)
    if reader in _BATCH_READERS:
        articles, bad = _settle_batch(label, reader(text, label, name), skip_bad)
        if skipped is not None:
            skipped.extend(bad)
        return articles
    return reader(text, label, name)


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


def _text_article(text: str, label: str, source: str, *, markdown: bool = False) -> Article:
    """First non-empty line = title, the rest = body; a single line is the body, cut short for the title."""
    first, _, rest = text.strip().partition("\n")
    title, body = one_line(first), rest.strip()
    if markdown:
        title = title.lstrip("#").strip()
    if not body:
        body = first.strip()
        if len(title) > TITLE_CHARS:
            title = (title[:TITLE_CHARS].rsplit(" ", 1)[0] or title[:TITLE_CHARS]).rstrip(" ,;:.-") + "…"
    return Article(text=_check_body(body, label), title=title, source=source)


def _read_txt(text: str, label: str, name: str) -> list[Article]:
    return [_text_article(text, label, name, markdown=_kind(name) == ".md")]


def _row_article(row: dict, name: str) -> Article:
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
    return Article(
        text=body,
        title=fields["title"],
        source=fields["source"] or name,
        url=_safe_url(fields["url"]),
        date=fields["date"],
        external_id=fields["id"],
    )


def _read_jsonl(text: str, label: str, name: str) -> Iterator[tuple[int, Article | _BadRow]]:
    """(line number, article or its problem) for each non-blank line."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield number, _jsonl_article(line, name)


def _jsonl_article(line: str, name: str) -> Article | _BadRow:
    try:
        row = parse_json(line)
    except json.JSONDecodeError as e:
        return _BadRow(f"invalid JSON ({e.msg.removesuffix(' at')} at column {e.colno})")  # "starting at at"
    except NestedTooDeep as e:
        return _BadRow(str(e))
    if not isinstance(row, dict):
        return _BadRow(f'expected a JSON object with "text", got {type(row).__name__}')
    try:
        return _row_article(row, name)
    except _BadRow as e:
        return e


def _read_csv(text: str, label: str, name: str) -> Iterator[tuple[int, Article | _BadRow]]:
    """(line number, article or its problem) for each record; a CSV that cannot be parsed raises at once."""
    for number, row, problem in _csv_rows(text, label):
        if problem:
            yield number, _BadRow(problem)
            continue
        try:
            article = _row_article(row, name)
        except _BadRow as e:
            article = e
        yield number, article


def _csv_rows(text: str, label: str) -> Iterator[tuple[int, dict, str | None]]:
    """Yield (line number, row dict with lower-cased keys, problem or None) for each non-blank record of a
    CSV with a "text" column.

    A row with more fields than the header comes with a problem, so a batch can skip it.
    """
    header: list[str] | None = None
    # Excel writes ";"-separated CSV where the decimal mark is a comma (German settings): the delimiter is
    # the one that makes a "text" column of the header
    for start, row in csv_records(text, label, sniff_delimiter(text, "text")):
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
        text = decode(read_file_bytes(file), label, encoding)
    if kind == ".csv":
        texts = []
        for number, row, problem in _csv_rows(text, label):
            if problem:
                raise IngestError(f"{label} line {number}: {problem}")
            texts.append(one_line(row.get("text") or ""))
    else:
        texts = [line.strip() for line in text.splitlines() if line.strip()]
    if not texts:
        raise IngestError(f"{label}: no texts")
    return texts


def _safe_url(url: str) -> str:
    """Only absolute http(s) URLs are kept (never ``javascript:`` and the like)."""
    return url if is_web_url(url) else ""


_SKIP_TAGS = frozenset(
    "script style noscript template nav header footer aside form iframe svg button select textarea".split()
)
_BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li blockquote div br tr td th dd dt pre section article main ul ol table hr body"
    " figure figcaption dl address nav header footer aside form".split()
)
_IMPLIED_END = frozenset("p li dt dd tr td th option".split())
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _PageParser(HTMLParser):
    """Collects paragraphs (per <article>, <main> and the whole page) and the page's metadata.

    Keeps a stack of open elements (void elements are never pushed; an end tag closes everything opened after
    its start tag); counters keep every event O(1) even on pages full of unclosed tags.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, list[str] | None]] = []  # (tag, skipped, paragraph list)
        self.open: dict[str, int] = {}  # tag -> how many are open
        self.skips = 0  # open elements whose content is dropped
        self.targets: list[list[str]] = []  # paragraph lists of the open <article> and <main> elements
        self.buffer: list[str] = []
        self.articles: list[list[str]] = []
        self.main: list[str] = []
        self.body: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] | None = None
        self.h1: list[str] | None = None
        self.in_title = self.in_h1 = False

    def flush(self) -> None:
        paragraph = one_line("".join(self.buffer))
        self.buffer = []
        if paragraph:
            for target in [*self.targets, self.body]:
                target.append(paragraph)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "").strip() for k, v in attrs}
        if tag == "meta" and not self.skips:
            key = (a.get("property") or a.get("name") or "").lower()
            if key in ("og:title", "og:url", "article:published_time") and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag in _IMPLIED_END and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)  # <li>a<li>b, <p>a<p>b
        if tag in _BLOCK_TAGS and not self.skips:
            self.flush()
        if tag in _VOID_TAGS:
            return
        style = re.sub(r"\s+", "", a.get("style", "").lower())
        hidden = "hidden" in a or a.get("aria-hidden", "").lower() == "true"
        skip = tag in _SKIP_TAGS or hidden or "display:none" in style or "visibility:hidden" in style
        target = None
        if not (skip or self.skips):
            if tag == "article":
                target = []
                self.articles.append(target)
            elif tag == "main":
                target = self.main
            elif tag == "time" and a.get("datetime"):
                self.meta.setdefault("time", a["datetime"])
            elif tag == "title" and self.title is None:
                self.title, self.in_title = [], True
            elif tag == "h1" and self.h1 is None:
                self.h1, self.in_h1 = [], True
        self.stack.append((tag, skip, target))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.skips += skip
        if target is not None:
            self.targets.append(target)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self.handle_starttag(tag, [])
            return
        if not self.open.get(tag):
            return  # a stray end tag
        closing = self.stack[next(i for i in reversed(range(len(self.stack))) if self.stack[i][0] == tag) :]
        if not self.skips and any(t in _BLOCK_TAGS for t, _, _ in closing):
            self.flush()
        del self.stack[-len(closing) :]
        for t, skip, target in closing:
            self.open[t] -= 1
            self.skips -= skip
            if target is not None:
                self.targets.pop()
            self.in_title = self.in_title and t != "title"
            self.in_h1 = self.in_h1 and t != "h1"

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skips:
            self.buffer.append(data)
            if self.in_h1:
                self.h1.append(data)


def _read_html(text: str, label: str, name: str) -> list[Article]:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    chosen = [p for p in parser.articles if p]
    paragraphs = max(chosen, key=lambda p: sum(map(len, p))) if chosen else parser.main or parser.body
    meta = parser.meta
    # The page's headline (<h1>) beats <title>, which usually carries the site's name ("… | Zeitung").
    h1 = one_line(clean("".join(parser.h1 or [])))
    title = one_line(clean(meta.get("og:title") or h1 or "".join(parser.title or [])))
    if paragraphs and paragraphs[0] in (title, h1):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise IngestError(f"{label}: no readable text found in the page")
    return [
        Article(
            text=_check_body(clean("\n".join(paragraphs)), label),  # entities may decode to controls
            title=title,
            source=name,
            url=_safe_url(meta.get("canonical") or meta.get("og:url") or ""),
            date=one_line(meta.get("article:published_time") or meta.get("time", "")),
        )
    ]


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
_BATCH_READERS = (_read_jsonl, _read_csv)
