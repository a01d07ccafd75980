"""Verdicts out: the verdict CSV (one row per claim), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

from sqlite_utils import Database

from .archive import already_checked, format_already_checked

EXPORT_COLUMNS = [
    "claim_id",
    "article_id",
    "source",
    "title",
    "url",
    "claim",
    "sentence",
    "start",
    "end",
    "speaker",
    "role",
    "claimant",
    "kind",
    "checkworthiness",
    "group_id",
    "group_size",
    "group_sources",
    "status",
    "verdict",
    "note",
    "evidence",
    "reviewer",
    "updated_at",
    "already_checked",
]
# A spreadsheet runs a cell starting with one of these as a formula; such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_rows(db: Database) -> list[dict]:
    """One dict per claim, in article and reading order, with its group and current review.

    ``claimant`` is who makes the claim: the speaker, or for an unattributed claim the outlet itself;
    ``already_checked`` names the best earlier fact-check of the claim (empty if the archive has none).
    """
    rows = db.execute(
        """
        WITH sizes AS (
            SELECT g.group_id, COUNT(*) AS size, COUNT(DISTINCT c.article_id) AS sources
            FROM claim_groups g JOIN claims c ON c.id = g.claim_id GROUP BY g.group_id
        )
        SELECT c.id, c.article_id, a.source, a.title, a.url, c.text, c.sentence, c.start, c."end", c.speaker,
               c.role, CASE WHEN c.speaker != '' THEN c.speaker ELSE a.source END, c.kind,
               ROUND(c.checkworthiness, 3), g.group_id, s.size, s.sources,
               COALESCE(r.status, 'unreviewed'), COALESCE(r.verdict, ''), COALESCE(r.note, ''),
               COALESCE(r.evidence, '[]'), COALESCE(r.reviewer, ''), COALESCE(r.updated_at, '')
        FROM claims c
        JOIN articles a ON a.id = c.article_id
        LEFT JOIN claim_groups g ON g.claim_id = c.id
        LEFT JOIN sizes s ON s.group_id = g.group_id
        LEFT JOIN reviews r ON r.claim_id = c.id
        ORDER BY c.article_id, c.position
        """
    ).fetchall()
    matches = already_checked(db)
    out = []
    for r in rows:
        row = dict(zip(EXPORT_COLUMNS, r))  # every column but the last, already_checked
        row["evidence"] = json.loads(row["evidence"])
        best = matches.get(row["claim_id"])
        row["already_checked"] = format_already_checked(best[0]) if best else ""
        out.append(row)
    return out


def spreadsheet_safe(value):
    """Neutralise text a spreadsheet would run as a formula; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[dict], columns: list[str] = EXPORT_COLUMNS) -> str:
    """Rows as CSV text with ``columns`` as header; lists are joined by spaces, every cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = {}
        for k in columns:
            value = row.get(k)
            value = " ".join(value) if isinstance(value, list) else ("" if value is None else value)
            cells[k] = spreadsheet_safe(value)
        writer.writerow(cells)
    return buffer.getvalue()
