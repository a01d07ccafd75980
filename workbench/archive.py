"""The archive of earlier fact-checks: reading them from files, storing them, and matching article claims to them.

Reading (``read_factchecks``) is pure and accepts what fact-checkers publish: JSONL, CSV/TSV, JSON and
schema.org ClaimReview JSON-LD (also the Google Fact Check Tools API response), recognising common field
names; bad input raises one ``ArchiveError`` (an ``IngestError``) naming the file and line, before anything
is stored. ``import_factchecks`` stores items with their vectors in one transaction; ``match_claims`` finds
the article claims that an archive item already checked. This module is the only writer of the
``factchecks`` and ``claim_factchecks`` tables.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from sqlite_utils import Database

from . import embed
from .db import write_transaction
from .ingest import (
    MAX_LISTED_LINES,
    BadLine,
    BadLinesError,
    IngestError,
    _clean,
    _decode,
    _one_line,
    _read_bytes,
    csv_records,
)
from .records import FactCheck, content_hash

# Cosine similarity from which an article claim counts as already checked by an archive item, per model.
# e5: the grouping confirm threshold (group.THRESHOLDS), i.e. "the same assertion". On CheckThat 2022 2A,
# tweets against 14,231 Snopes fact-checks, 0.88 would have been right for 92 % of dev tweets reaching it, but
# clean article claims sit higher: on the sample articles, claims on the same topic that assert something
# else reached 0.88-0.92 against a fact-check, and only the same assertion reached 0.93 (0.93-0.96).
# At 0.93 every 2A dev and dev-test tweet reaching it was matched right (for 17 % and 8 % of tweets);
# benchmarks/search_quality.py prints the whole curve.
ARCHIVE_THRESHOLDS = {"multilingual-e5-small": 0.93}
DEFAULT_ARCHIVE_THRESHOLD = 0.80  # for models without a calibrated value
MAX_MATCHES_PER_CLAIM = 3
# Rows of the similarity blocks computed at once: memory stays near CLAIM_CHUNK * ARCHIVE_CHUNK * 4 bytes
# (32 MB) however large the archive and the article collection grow.
CLAIM_CHUNK = 1024
ARCHIVE_CHUNK = 8192
_SQL_CHUNK = 500  # ids per "IN (...)" query, well under SQLite's variable limit
MAX_LISTED_PROBLEMS = 3  # kinds of problem named in one error message; the rest are counted

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

Progress = Callable[[str, int, int], None]  # (stage, done, total), as in pipeline.Progress


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


@dataclass
class ImportReport:
    """What one import did."""

    added: int  # new archive items stored
    skipped: int  # items already stored, or repeated within the input
    matched_claims: int  # article claims that match at least one archive item after the import


@dataclass
class ArchiveMatch:
    """An archive item that already checked an article claim; ``score`` is their cosine similarity."""

    factcheck_id: int
    score: float
    claim: str
    verdict: str
    publisher: str
    date: str
    url: str


# --- reading ---------------------------------------------------------------------------------------------


def read_factchecks(
    paths: str | Path | Iterable[str | Path],
    mapping: dict[str, str] | None = None,
    encoding: str = "utf-8",
    publisher: str = "",
) -> list[FactCheck]:
    """Read archive items from files and folders (every supported file in them, recursively).

    Formats by extension: ``.jsonl`` (one object per line), ``.csv``/``.tsv`` (header row; ``,``, ``;`` or
    tab), ``.json``/``.jsonld`` (an object, a list, a ClaimReview, an ``@graph``, an ItemList, or a Google
    Fact Check Tools response). Field names are recognised case-insensitively (see ``_ALIASES``);
    ``mapping`` ({"claim": "Behauptung", ...}) names the column of a field and overrides that recognition.
    ``publisher``, when given, is the publisher of every item (the files' author/publisher fields are then
    ignored). Raises ``ArchiveError`` (or ``IngestError`` for unreadable bytes) on the first bad file, so a
    result is never partial.
    """
    mapping = _check_mapping(mapping or {})
    if isinstance(paths, (str, Path)):
        paths = [paths]
    items: list[FactCheck] = []
    for given in paths:
        for path in _expand(Path(given)):
            text = _decode(_read_bytes(path), str(path), encoding)
            items.extend(_read_file(text, str(path), path.name, mapping, _one_line(publisher)))
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
    text: str, label: str, origin: str, mapping: dict[str, str], publisher: str
) -> list[FactCheck]:
    """One decoded file's items; every record is read first so that an error can list all bad lines."""
    kind = _suffix(origin)
    if kind == ".jsonl":
        rows = list(_jsonl_records(text))
    elif kind in (".csv", ".tsv"):
        rows = list(_csv_records(text, label, mapping, "\t" if kind == ".tsv" else None))
    else:
        rows = _json_records(text, label)
    records = [r for _, r in rows if isinstance(r, dict)]
    _check_columns(records, label, mapping)
    items: list[FactCheck] = []
    bad: list[BadLine] = []
    for where, row in rows:
        if isinstance(row, str):
            bad.append(BadLine(label, where, row))
            continue
        try:
            items.extend(_factchecks_from_record(row, mapping, origin, publisher))
        except _NoClaim:
            bad.append(BadLine(label, where, "no claim text"))
    if bad and kind in (".json", ".jsonld"):
        bad = _json_bad_lines(text, label, bad)
    if bad:
        raise BadRecordsError(bad)
    if not items:
        raise ArchiveError(f"{label}: no fact-checks found")
    return items


def _jsonl_records(text: str) -> Iterator[tuple[int, dict | str]]:
    """(line number, record or its problem) for each record of each non-blank line."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            yield number, f"invalid JSON ({e.msg} at column {e.colno})"
            continue
        records = _records_in(value)
        if not records:
            yield number, f"expected a JSON object, got {type(value).__name__}"
        for record in records:
            yield number, record


def _json_records(text: str, label: str) -> list[tuple[int, dict | str]]:
    """(position in the document, record) for a JSON file; the position becomes a line if one is bad."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise ArchiveError(f"{label} line {e.lineno}: invalid JSON ({e.msg} at column {e.colno})") from e
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
    text: str, label: str, mapping: dict[str, str], delimiter: str | None
) -> Iterator[tuple[int, dict | str]]:
    """(line number, row or its problem) for each non-blank record of a CSV file with a header row.

    The delimiter (``,``, ``;`` or tab) is the one the header line uses most; broken quoting raises, because
    after it no later line can be trusted to start a record.
    """
    if delimiter is None:
        first = text.lstrip("\n").split("\n", 1)[0]
        delimiter = max([",", ";", "\t"], key=first.count)
    header: list[str] | None = None
    try:
        for start, row in csv_records(text, label, delimiter):
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
    found = ", ".join(dict.fromkeys(n for n in names if n)) or "none"
    return ArchiveError(
        f"{label}: no claim column (found: {found}); name the one holding the claim text with "
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
                f"{label}: no {column!r} column for {field} (found: {', '.join(names) or 'none'})"
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
        url=_archive_url(_text(value("url"))),
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
        return _one_line(_clean(value))
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


def _archive_url(url: str) -> str:
    """The item's address: absolute http(s), or relative to the publisher's site ("/factchecks/..."), kept as
    given; anything else (``javascript:``, ``data:``) is dropped because the app shows it as a link."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("", "http", "https") and not _SPACE.search(url) else ""


# --- storage ---------------------------------------------------------------------------------------------


def item_hash(item: FactCheck) -> str:
    """What makes an archive item the same item on a second import: claim, verdict, url, id and publisher."""
    fields = [item.claim, item.verdict, item.url, item.external_id, item.publisher]
    return content_hash(json.dumps(fields, ensure_ascii=False))


def import_factchecks(
    db: Database, items: Sequence[FactCheck], embedder: embed.Embedder, progress: Progress | None = None
) -> ImportReport:
    """Store the items not stored yet, with the vectors of their search texts, then refresh the matches.

    Texts are embedded before anything is written, and items and vectors are written in one transaction, so
    a failure leaves the database as it was. Items already stored (same ``item_hash``) or repeated in
    ``items`` are skipped. Afterwards every article claim is matched against the whole archive
    (``match_claims``). ``progress(stage, done, total)`` hears of "embedding" and "matching".
    """
    report = progress or (lambda *_: None)
    batch: dict[str, FactCheck] = {}
    for item in items:
        batch.setdefault(item_hash(item), item)
    stored = _stored_item_hashes(db, list(batch))
    new = {h: item for h, item in batch.items() if h not in stored}
    texts = {content_hash(item.search_text()): item.search_text() for item in new.values()}
    missing = embed.missing_hashes(db, embedder.name, texts)
    vectors = embed.embed_texts(
        embedder, {h: t for h, t in texts.items() if h in missing}, lambda d, t: report("embedding", d, t)
    )
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = [
        (
            item.external_id,
            item.claim,
            item.verdict,
            item.publisher,
            _archive_url(item.url),  # again here: items may come from Python, not only from read_factchecks
            item.title,
            item.date,
            item.claimant,
            item.lang,
            item.origin,
            content_hash(item.search_text()),
            h,
            now,
        )
        for h, item in new.items()
    ]
    with write_transaction(db):
        # OR IGNORE: an item stored meanwhile by a concurrent import is skipped, not an error
        cursor = db.conn.executemany(
            "INSERT OR IGNORE INTO factchecks (external_id, claim, verdict, publisher, url, title, date,"
            " claimant, lang, origin, text_hash, item_hash, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        added = max(cursor.rowcount, 0)
        embed.store_vectors(db, embedder.name, vectors)
    # also after an import that added nothing: an earlier one may have died between its commit and matching
    matched = match_claims(db, embedder, progress=progress)
    return ImportReport(added=added, skipped=len(items) - added, matched_claims=matched)


def _stored_item_hashes(db: Database, hashes: list[str]) -> set[str]:
    stored: set[str] = set()
    for i in range(0, len(hashes), _SQL_CHUNK):
        chunk = hashes[i : i + _SQL_CHUNK]
        marks = ", ".join("?" * len(chunk))
        stored.update(
            r[0] for r in db.execute(f"SELECT item_hash FROM factchecks WHERE item_hash IN ({marks})", chunk)
        )
    return stored


def threshold_for(model: str) -> float:
    """The cosine from which an article claim counts as already checked, for vectors of ``model``."""
    return ARCHIVE_THRESHOLDS.get(model, DEFAULT_ARCHIVE_THRESHOLD)


def match_claims(
    db: Database,
    embedder: embed.Embedder,
    claim_ids: Iterable[int] | None = None,
    *,
    threshold: float | None = None,
    progress: Progress | None = None,
) -> int:
    """Find the archive items that already checked the given article claims (None = all claims).

    Keeps, per claim, the (at most ``MAX_MATCHES_PER_CLAIM``) best items whose cosine similarity is at
    least ``threshold`` (default: ``threshold_for(embedder.name)``), and replaces those claims' stored
    matches with them. Claims and archive items without a vector for this model are embedded first (after
    a change of model), since matching vectors of two models would be meaningless. Returns how many of the
    claims match at least one item.
    """
    report = progress or (lambda *_: None)
    threshold = threshold_for(embedder.name) if threshold is None else threshold
    ids = None if claim_ids is None else sorted(set(claim_ids))
    has_claims = db.execute("SELECT EXISTS (SELECT 1 FROM claims)").fetchone()[0]
    has_archive = db.execute("SELECT EXISTS (SELECT 1 FROM factchecks)").fetchone()[0]
    matches: list[tuple[int, int, float]] = []
    if has_claims and has_archive and ids != []:
        embed.ensure_claim_vectors(db, embedder)
        _ensure_factcheck_vectors(db, embedder, report)
        total = len(ids) if ids is not None else db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        done = 0
        for claim_chunk_ids, claims in _claim_chunks(db, embedder.name, ids):
            best_scores, best_ids = _best_items(db, embedder.name, claims, threshold)
            for row, claim_id in enumerate(claim_chunk_ids):
                for score, factcheck_id in zip(best_scores[row], best_ids[row]):
                    if factcheck_id >= 0 and score >= threshold:
                        matches.append((claim_id, int(factcheck_id), float(score)))
            done += len(claim_chunk_ids)
            report("matching", min(done, total - 1), total)
        report("matching", total, total)
    with write_transaction(db):
        if ids is None:
            db.execute("DELETE FROM claim_factchecks")
        else:
            for i in range(0, len(ids), _SQL_CHUNK):
                chunk = ids[i : i + _SQL_CHUNK]
                marks = ", ".join("?" * len(chunk))
                db.execute(f"DELETE FROM claim_factchecks WHERE claim_id IN ({marks})", chunk)
        db.conn.executemany(
            "INSERT INTO claim_factchecks (claim_id, factcheck_id, score) VALUES (?, ?, ?)", matches
        )
    return len({m[0] for m in matches})


def _ensure_factcheck_vectors(db: Database, embedder: embed.Embedder, report: Progress) -> None:
    """Embed the archive items' search texts that have no vector for this model (after a change of model)."""
    rows = db.execute(
        "SELECT DISTINCT f.text_hash, f.claim, f.title FROM factchecks f LEFT JOIN embeddings e"
        " ON e.text_hash = f.text_hash AND e.model = ? WHERE e.text_hash IS NULL",
        [embedder.name],
    ).fetchall()
    if rows:
        texts = {h: FactCheck(claim=claim, title=title).search_text() for h, claim, title in rows}
        vectors = embed.embed_texts(embedder, texts, lambda d, t: report("embedding archive", d, t))
        with write_transaction(db):
            embed.store_vectors(db, embedder.name, vectors)


def _matrix(rows: list[tuple[int, bytes]]) -> tuple[list[int], np.ndarray]:
    ids = [r[0] for r in rows]
    return ids, np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)


def _claim_chunks(db: Database, model: str, ids: list[int] | None) -> Iterator[tuple[list[int], np.ndarray]]:
    """The vectors of the claims (all, or those with ``ids``), CLAIM_CHUNK at a time."""
    select = (
        "SELECT c.id, e.vector FROM claims c JOIN embeddings e ON e.text_hash = c.text_hash AND e.model = ?"
    )
    if ids is None:
        last = -1
        while rows := db.execute(
            f"{select} WHERE c.id > ? ORDER BY c.id LIMIT ?", [model, last, CLAIM_CHUNK]
        ).fetchall():
            last = rows[-1][0]
            yield _matrix(rows)
        return
    for i in range(0, len(ids), min(CLAIM_CHUNK, _SQL_CHUNK)):
        chunk = ids[i : i + min(CLAIM_CHUNK, _SQL_CHUNK)]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"{select} WHERE c.id IN ({marks}) ORDER BY c.id", [model, *chunk]).fetchall()
        if rows:
            yield _matrix(rows)


def _best_items(
    db: Database, model: str, claims: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per claim row, the cosines and ids of its MAX_MATCHES_PER_CLAIM most similar archive items (best
    first, equal cosines by lower id; id -1 where the archive has fewer), reading the archive vectors
    ARCHIVE_CHUNK at a time."""
    k = MAX_MATCHES_PER_CLAIM
    best_scores = np.full((len(claims), k), -np.inf, dtype=np.float32)
    best_ids = np.full((len(claims), k), -1, dtype=np.int64)
    last = -1
    while rows := db.execute(
        "SELECT f.id, e.vector FROM factchecks f JOIN embeddings e ON e.text_hash = f.text_hash"
        " AND e.model = ? WHERE f.id > ? ORDER BY f.id LIMIT ?",
        [model, last, ARCHIVE_CHUNK],
    ).fetchall():
        last = rows[-1][0]
        ids, archive = _matrix(rows)
        scores = claims @ archive.T
        top = min(k, scores.shape[1])
        # argpartition keeps only each row's `top` best of this chunk before the merge with earlier chunks
        cols = np.argpartition(-scores, top - 1, axis=1)[:, :top]
        picked = np.take_along_axis(scores, cols, axis=1)
        # Among items tied at a row's last kept cosine, argpartition keeps any; copies of one text (the same
        # claim checked by several publishers) tie exactly, so such rows are redone with a stable sort to
        # keep the lowest ids and make the result independent of the chunk sizes.
        kth = picked.min(axis=1, keepdims=True)
        tied = (kth[:, 0] >= threshold) & ((scores == kth).sum(axis=1) > (picked == kth).sum(axis=1))
        for row in np.flatnonzero(tied):
            cols[row] = np.argsort(-scores[row], kind="stable")[:top]
        all_scores = np.concatenate([best_scores, np.take_along_axis(scores, cols, axis=1)], axis=1)
        all_ids = np.concatenate([best_ids, np.asarray(ids, dtype=np.int64)[cols]], axis=1)
        order = np.lexsort((all_ids, -all_scores), axis=1)[:, :k]
        best_scores = np.take_along_axis(all_scores, order, axis=1)
        best_ids = np.take_along_axis(all_ids, order, axis=1)
    return best_scores, best_ids


# --- reading the store -----------------------------------------------------------------------------------


def already_checked(db: Database, claim_ids: Iterable[int] | None = None) -> dict[int, list[ArchiveMatch]]:
    """The archive items matching each article claim (all claims, or those in ``claim_ids``), best first.

    Claims without a match are left out of the result.
    """
    select = (
        "SELECT cf.claim_id, f.id, cf.score, f.claim, f.verdict, f.publisher, f.date, f.url"
        " FROM claim_factchecks cf JOIN factchecks f ON f.id = cf.factcheck_id"
    )
    order = "ORDER BY cf.claim_id, cf.score DESC, f.id"
    if claim_ids is None:
        rows = db.execute(f"{select} {order}").fetchall()
    else:
        ids = sorted(set(claim_ids))
        rows = []
        for i in range(0, len(ids), _SQL_CHUNK):
            chunk = ids[i : i + _SQL_CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows += db.execute(f"{select} WHERE cf.claim_id IN ({marks}) {order}", chunk).fetchall()
    out: dict[int, list[ArchiveMatch]] = {}
    for claim_id, *fields in rows:
        out.setdefault(claim_id, []).append(ArchiveMatch(*fields))
    return out


def format_already_checked(match: ArchiveMatch) -> str:
    """One line for a reviewer: "already checked: false, PolitiFact, 2019-10-22" (empty parts left out)."""
    parts = [match.verdict or "no verdict given", match.publisher, match.date]
    return "already checked: " + ", ".join(p for p in parts if p)


_FACTCHECK_COLUMNS = "id, claim, verdict, publisher, url, title, date, claimant, external_id, lang, origin"


def _factcheck_from_row(row: Sequence) -> FactCheck:
    (id_, claim, verdict, publisher, url, title, date, claimant, external_id, lang, origin) = row
    return FactCheck(
        id=id_,
        claim=claim,
        verdict=verdict,
        publisher=publisher,
        url=url,
        title=title,
        date=date,
        claimant=claimant,
        external_id=external_id,
        lang=lang,
        origin=origin,
    )


def list_factchecks(db: Database, limit: int = 50, offset: int = 0) -> list[FactCheck]:
    """Stored archive items in the order they were imported, ``limit`` of them from ``offset``."""
    rows = db.execute(
        f"SELECT {_FACTCHECK_COLUMNS} FROM factchecks ORDER BY id LIMIT ? OFFSET ?", [limit, offset]
    ).fetchall()
    return [_factcheck_from_row(r) for r in rows]


def count_factchecks(db: Database) -> int:
    """How many archive items are stored."""
    return db.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0]


def get_factchecks(db: Database, ids: Iterable[int]) -> list[FactCheck]:
    """The stored archive items with these ids, in the order given (unknown ids are left out)."""
    ids = list(ids)
    found: dict[int, FactCheck] = {}
    unique = sorted(set(ids))
    for i in range(0, len(unique), _SQL_CHUNK):
        chunk = unique[i : i + _SQL_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(f"SELECT {_FACTCHECK_COLUMNS} FROM factchecks WHERE id IN ({marks})", chunk):
            found[row[0]] = _factcheck_from_row(row)
    return [found[i] for i in ids if i in found]
