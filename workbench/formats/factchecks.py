"""Archive files -> FactCheck records: what fact-checkers publish, read without storing anything.

Accepts JSONL, CSV/TSV, JSON and schema.org ClaimReview JSON-LD (also the Google Fact Check Tools API
response), recognising common field names; bad input raises one ``ArchiveError`` (an ``IngestError``)
naming the file and line, before anything is stored.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..records import FactCheck
from .csv import stream_records
from .files import (
    MAX_LISTED_LINES,
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

MAX_LISTED_PROBLEMS = 3  # kinds of problem named in one error message; the rest are counted
# The longest claim and title of an archive item kept, in characters: what a fact-checker checked is one
# claim (the longest of 33,481 PolitiFact and Snopes claims in ../shared has 625 characters). Longer ones are
# cut here, with a note, which bounds the cost of embedding and matching one item.
MAX_CLAIM_CHARS = 1000
MAX_TITLE_CHARS = 500

# The fields of a FactCheck that files and --map can fill ("id" is accepted for external_id).
FIELDS = ("claim", "verdict", "publisher", "url", "title", "date", "claimant", "external_id", "lang")
# Field names recognised without --map, compared after _key() (lower case, letters and digits only), in
# order of preference.
_ALIASES = {
    "claim": ("claim", "vclaim", "claimreviewed", "text"),
    "verdict": ("verdict", "rating", "truthlabel", "label", "textualrating", "reviewrating"),
    "publisher": ("publisher", "author", "site"),
    "url": ("url", "pageurl", "link"),
    "title": ("title", "headline"),
    "date": ("date", "datepublished", "reviewdate"),
    "claimant": ("claimant", "speaker"),
    "external_id": ("id", "vclaimid", "claimid", "identifier"),
    "lang": ("lang", "language", "inlanguage", "languagecode"),
}
_EXTENSIONS = (".jsonl", ".json", ".jsonld", ".csv", ".tsv")
# Keys whose list holds the records of a JSON document: JSON-LD graphs, schema.org ItemLists, and the
# "claims" of a Google Fact Check Tools API response.
_CONTAINERS = ("graph", "itemlistelement", "claims")

_SPACE = re.compile(r"\s")


class ArchiveError(IngestError):
    """Archive input that cannot be imported; the message names the file (and line) and what is wrong."""


class BadRecordsError(BadLinesError, ArchiveError):
    """A file refused whole because of its bad records, all of them in ``bad_lines``; the message groups
    their line numbers by problem ("no claim text on lines 4, 5")."""

    def __init__(self, bad_lines: list[BadLine]) -> None:
        super().__init__(bad_lines)
        problems: dict[str, list[int]] = {}
        for bad in bad_lines:
            problems.setdefault(bad.reason, []).append(bad.line)
        parts = []
        for reason, lines in list(problems.items())[:MAX_LISTED_PROBLEMS]:
            listed = ", ".join(map(str, lines[:MAX_LISTED_LINES]))
            more = f" and {len(lines) - MAX_LISTED_LINES} more" if len(lines) > MAX_LISTED_LINES else ""
            parts.append(f"{reason} on line{'s' if len(lines) > 1 else ''} {listed}{more}")
        rest = sum(len(lines) for lines in list(problems.values())[MAX_LISTED_PROBLEMS:])
        if rest:
            parts.append(f"{rest} more bad line{'s' if rest > 1 else ''}")
        self.args = (f"{bad_lines[0].file}: " + "; ".join(parts),)


def read_factchecks(
    paths: str | Path | Iterable[str | Path],
    mapping: dict[str, str] | None = None,
    encoding: str = "utf-8",
    publisher: str = "",
    cut: list[BadLine] | None = None,
) -> list[FactCheck]:
    """Read archive items from files and folders (every supported file in them, recursively).

    Formats by extension: ``.jsonl`` (one object per line), ``.csv``/``.tsv`` (header row; ``,``, ``;`` or
    tab), ``.json``/``.jsonld`` (an object, a list, a ClaimReview, an ``@graph``, an ItemList, or a Google
    Fact Check Tools response). Field names are recognised case-insensitively (see ``_ALIASES``);
    ``mapping`` ({"claim": "Behauptung", ...}) names the column of a field and overrides that recognition.
    ``publisher``, when given, is the publisher of every item (the files' author/publisher fields are then
    ignored). Raises ``ArchiveError`` (or ``IngestError`` for unreadable bytes) on the first bad file, so a
    result is never partial. A claim over ``MAX_CLAIM_CHARS`` (or a title over ``MAX_TITLE_CHARS``) is cut to
    that length at a space; each such record is appended to ``cut`` (when given) to tell the user.
    """
    mapping = _check_mapping(mapping or {})
    if isinstance(paths, (str, Path)):
        paths = [paths]
    items: list[FactCheck] = []
    publisher = one_line(clean(publisher))
    for given in paths:
        for path in _expand(Path(given)):
            label, kind = str(path), _suffix(path.name)
            if kind in (".csv", ".tsv"):  # read as a stream: one record in memory at a time
                with open_file(path) as stream:
                    delimiter = "\t" if kind == ".tsv" else None
                    records = stream_records(stream, label, encoding, delimiter=delimiter)
                    rows = list(_csv_records(records, label, mapping))
                items.extend(_read_file(None, label, path.name, mapping, publisher, cut, rows))
            else:
                text = decode(read_file_bytes(path), label, encoding)
                items.extend(_read_file(text, label, path.name, mapping, publisher, cut))
    return items


def _check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    checked = {}
    for field, column in mapping.items():
        name = "external_id" if field.strip().lower() in ("id", "external_id") else field.strip().lower()
        if name not in FIELDS:
            raise ArchiveError(f"unknown field {field!r} in the mapping (fields: {', '.join(FIELDS)})")
        if not str(column).strip():
            raise ArchiveError(f"no column given for field {field!r} in the mapping")
        checked[name] = str(column).strip()
    return checked


def _expand(path: Path) -> list[Path]:
    """The files a command-line path stands for: the file itself, or a folder's supported files."""
    if path.is_dir():
        found = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [Path(folder, f) for f in files if not f.startswith(".") and _suffix(f) in _EXTENSIONS]
        if not found:
            raise ArchiveError(f"{path}: folder has no supported files ({_supported()})")
        return sorted(found)
    if path.is_file():
        if _suffix(path.name) not in _EXTENSIONS:
            kind = _suffix(path.name) or "(no extension)"
            raise ArchiveError(f"{path}: unsupported file type {kind} ({_supported()})")
        return [path]
    raise ArchiveError(f"{path}: no such file or folder" if not path.exists() else f"{path}: not a file")


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def _supported() -> str:
    return "supported: " + ", ".join(_EXTENSIONS)


@functools.lru_cache(maxsize=4096)  # a file repeats its few field names on every record
def _key(name: str) -> str:
    """A field name as compared: "Claim_Reviewed", "claimReviewed" and "@claimreviewed" alike."""
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


class _NoClaim(Exception):
    """A record without claim text."""


def _read_file(
    text: str | None,
    label: str,
    origin: str,
    mapping: dict[str, str],
    publisher: str,
    cut: list[BadLine] | None = None,
    rows: list[tuple[int, dict | str]] | None = None,
) -> list[FactCheck]:
    """One file's items, from its decoded ``text`` (JSON, JSONL) or its CSV ``rows``; every record is read
    first so that an error can list all bad lines."""
    kind = _suffix(origin)
    if rows is not None:
        pass
    elif kind == ".jsonl":
        rows = list(_jsonl_records(text))
    else:
        rows = _json_records(text, label)
    records = [r for _, r in rows if isinstance(r, dict)]
    _check_columns(records, label, mapping)
    items: list[FactCheck] = []
    bad: list[BadLine] = []
    long: list[BadLine] = []
    for where, row in rows:
        if isinstance(row, str):
            bad.append(BadLine(label, where, row))
            continue
        try:
            found = _factchecks_from_record(row, mapping, origin, publisher)
        except _NoClaim:
            bad.append(BadLine(label, where, "no claim text"))
            continue
        for item in found:
            if _cut_to_limits(item):
                long.append(BadLine(label, where, f"claim or title cut to {MAX_CLAIM_CHARS:,} characters"))
        items.extend(found)
    if bad and kind in (".json", ".jsonld"):
        bad = _json_bad_lines(text, label, bad)
    if bad:
        raise BadRecordsError(bad)
    if long and cut is not None:
        cut.extend(_json_bad_lines(text, label, long) if kind in (".json", ".jsonld") else long)
    if not items:
        raise ArchiveError(f"{label}: no fact-checks found")
    return items


def _cut_to_limits(item: FactCheck) -> bool:
    """Cut the item's claim and title to their limits (at a space where one is near); whether it was cut."""
    claim, title = _shorten(item.claim, MAX_CLAIM_CHARS), _shorten(item.title, MAX_TITLE_CHARS)
    changed = (claim, title) != (item.claim, item.title)
    item.claim, item.title = claim, title
    return changed


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    space = text.rfind(" ", limit // 2, limit)
    return text[: space if space > 0 else limit - 1].rstrip() + "…"


def _jsonl_records(text: str) -> Iterator[tuple[int, dict | str]]:
    """(line number, record or its problem) for each record of each non-blank line."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = parse_json(line)
        except json.JSONDecodeError as e:
            yield number, f"invalid JSON ({e.msg} at column {e.colno})"
            continue
        except NestedTooDeep as e:
            yield number, str(e)
            continue
        records = _records_in(value)
        if not records:
            yield number, f"expected a JSON object, got {type(value).__name__}"
        for record in records:
            yield number, record


def _json_records(text: str, label: str) -> list[tuple[int, dict | str]]:
    """(position in the document, record) for a JSON file; the position becomes a line if one is bad."""
    try:
        value = parse_json(text)
    except json.JSONDecodeError as e:
        raise ArchiveError(f"{label} line {e.lineno}: invalid JSON ({e.msg} at column {e.colno})") from e
    except NestedTooDeep as e:
        raise ArchiveError(f"{label}: {e}") from e
    records = _records_in(value)
    if not records:
        raise ArchiveError(
            f"{label}: no records found (expected a JSON object, a list of objects, a ClaimReview, an @graph"
            " or an itemListElement list)"
        )
    return list(enumerate(records))


def _json_bad_lines(text: str, label: str, bad: list[BadLine]) -> list[BadLine]:
    """Turn the record positions of a JSON file's bad records into the lines where those records start.

    Parses the document again with the pure-Python scanner, which can report where each object starts:
    too slow for every import, fine for explaining an error.
    """
    newlines = [m.start() for m in re.finditer("\n", text)]
    starts: dict[int, int] = {}
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, *args):
        obj, end = json.decoder.JSONObject(s_and_end, *args)
        starts[id(obj)] = bisect.bisect_left(newlines, s_and_end[1]) + 1
        return obj, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    records = _records_in(decoder.decode(text))
    return [BadLine(label, starts.get(id(records[b.line]), 1), b.reason) for b in bad]


def _records_in(value: Any) -> list[dict]:
    """The records of a JSON value: itself, the items of a list, or those of a graph or item list."""
    if isinstance(value, list):
        return [r for item in value for r in _records_in(item)]
    if not isinstance(value, dict):
        return []
    keys = {_key(k): v for k, v in value.items()}
    if "listitem" in _types(value) and isinstance(keys.get("item"), dict):
        return _records_in(keys["item"])
    for container in _CONTAINERS:
        if isinstance(keys.get(container), list) and not any(a in keys for a in _ALIASES["claim"]):
            return _records_in(keys[container])
    return [value]


def _csv_records(
    records: Iterable[tuple[int, list[str]]], label: str, mapping: dict[str, str]
) -> Iterator[tuple[int, dict | str]]:
    """(line number, row or its problem) for each of the CSV ``records`` (``csv.stream_records``: the
    delimiter is the header's, ``,``, ``;`` or tab), the first being the header row; broken quoting raises,
    because after it no later line can be trusted to start a record.
    """
    header: list[str] | None = None
    try:
        for start, row in records:
            if header is None:
                header = [cell.strip() for cell in row]
                continue
            if len(row) > len(header):
                yield start, f"{len(row)} fields, the header has {len(header)}; check the quotes"
                continue
            yield start, dict(zip(header, row))
    except IngestError as e:
        raise ArchiveError(str(e)) from e
    if header is None:
        raise ArchiveError(f"{label}: file is empty")
    if not _has_claim_column(header, mapping):
        raise _no_claim_column(label, header)


def _has_claim_column(names: Iterable[str], mapping: dict[str, str]) -> bool:
    keys = {_key(n) for n in names}
    if "claim" in mapping:
        return _key(mapping["claim"]) in keys
    return any(a in keys for a in _ALIASES["claim"]) or "claimreview" in keys


def _no_claim_column(label: str, names: Iterable[str]) -> ArchiveError:
    return ArchiveError(
        f"{label}: no claim column (found: {column_list(names)}); name the one holding the claim text with "
        "--map claim=COLUMN"
    )


def _check_columns(records: list[dict], label: str, mapping: dict[str, str]) -> None:
    """Refuse a file none of whose records has a claim field, or any field the mapping names."""
    if not records:
        return
    names = list(dict.fromkeys(k for r in records for k in r))
    keys = {_key(n) for n in names}
    for field, column in mapping.items():
        if _key(column) not in keys:
            raise ArchiveError(
                f"{label}: no {column_list([column])!r} column for {field} (found: {column_list(names)})"
            )
    if not any(_has_claim_column(r, mapping) for r in records):
        raise _no_claim_column(label, names)


def _types(record: dict) -> set[str]:
    kind = next((v for k, v in record.items() if _key(k) == "type"), "")
    return {str(t).lower() for t in (kind if isinstance(kind, list) else [kind])}


def _factchecks_from_record(
    record: dict, mapping: dict[str, str], origin: str, publisher: str
) -> list[FactCheck]:
    """The archive items of one record (raises ``_NoClaim`` if it has no claim text).

    A record is one item, except a Google Fact Check Tools claim, whose ``claimReview`` list holds one
    review (one item) per fact-checker.
    """
    keys: dict[str, Any] = {}
    for k, v in record.items():
        keys.setdefault(_key(k), v)
    reviews = keys.get("claimreview")
    if isinstance(reviews, list) and reviews and all(isinstance(r, dict) for r in reviews):
        base = {k: v for k, v in record.items() if _key(k) != "claimreview"}
        return [_factcheck({**base, **review}, mapping, origin, publisher) for review in reviews]
    return [_factcheck(record, mapping, origin, publisher)]


def _factcheck(record: dict, mapping: dict[str, str], origin: str, publisher: str) -> FactCheck:
    keys: dict[str, Any] = {}
    for k, v in record.items():
        keys.setdefault(_key(k), v)
    mapped = {_key(c) for c in mapping.values()}

    def value(field: str) -> Any:
        if field in mapping:
            return keys.get(_key(mapping[field]))
        # a column the mapping gave to one field is not also guessed for another
        return next((keys[a] for a in _ALIASES[field] if a in keys and a not in mapped), None)

    claim = _text(value("claim"))
    if not claim:
        raise _NoClaim
    reviewed = keys.get("itemreviewed") if isinstance(keys.get("itemreviewed"), dict) else {}
    title = _text(value("title"))
    if not title and "claimreview" in _types(record) and "title" not in mapping:
        title = _text(keys.get("name"))
    if title == claim:
        title = ""
    return FactCheck(
        claim=claim,
        verdict=_rating(value("verdict")),
        publisher=publisher or _text(value("publisher")),
        url=archive_url(_text(value("url"))),
        title=title,
        date=_text(value("date")) or _claim_date(reviewed),
        claimant=_text(value("claimant")) or _text(_field(reviewed, "author")),
        external_id=_text(value("external_id")),
        lang=_text(value("lang")) or _text(_field(reviewed, "inlanguage")),
        origin=origin,
    )


def _field(record: Any, key: str) -> Any:
    """A field of a nested object, by compared name; None if ``record`` is not an object."""
    if not isinstance(record, dict):
        return None
    return next((v for k, v in record.items() if _key(k) == key), None)


def _claim_date(reviewed: dict) -> str:
    """When the reviewed claim was made (a ClaimReview without a date of its own)."""
    return _text(_field(reviewed, "datepublished")) or _text(
        _field(_field(reviewed, "firstappearance"), "datepublished")
    )


def _text(value: Any) -> str:
    """A field's value as one clean line: strings and numbers as they are, objects by name, lists joined."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return one_line(clean(value))
    if isinstance(value, dict):
        for key in ("name", "alternatename", "value", "site"):
            found = _text(_field(value, key))
            if found:
                return found
        return ""
    if isinstance(value, list):
        return ", ".join(dict.fromkeys(t for t in map(_text, value) if t))
    return ""


def _rating(value: Any) -> str:
    """A verdict: text as it is; a schema.org Rating by its name, else as "ratingValue/bestRating"."""
    if isinstance(value, list):
        return next((r for r in map(_rating, value) if r), "")
    if not isinstance(value, dict):
        return _text(value)
    named = _text(_field(value, "alternatename")) or _text(_field(value, "name"))
    if named:
        return named
    rating, best = _text(_field(value, "ratingvalue")), _text(_field(value, "bestrating"))
    return f"{rating}/{best}" if rating and best else rating


def archive_url(url: str) -> str:
    """The item's address: absolute http(s), or relative to the publisher's site ("/factchecks/..."), kept as
    given; anything else (``javascript:``, ``data:``) is dropped because the app shows it as a link."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("", "http", "https") and not _SPACE.search(url) else ""
