"""Full-text search with SQLite FTS5 (BM25 ranking, highlight() for the matched words) over the ``claims_fts``
and ``factchecks_fts`` indexes, which triggers keep in step with their tables; and the fields of a hit."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..sql.claims import FURNITURE, RETIRED
from ..sql.search import SearchHits

_MARK = "\x02"  # brackets a matched word in FTS5 highlight() output; cannot occur in stored text
_FTS_TABLES = ("claims", "factchecks")


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query matching any of ``words``. Each word is double-quoted, so no user text can be read as
    FTS5 syntax (AND, NEAR, column filters, a lone quote)."""
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def _fts(table: str) -> str:
    if table not in _FTS_TABLES:
        raise ValueError(f"no full-text index for table {table!r}")
    return f"{table}_fts"


class SQLiteSearch(SearchHits):
    """SearchIndex over SQLite FTS5; each method does what store/base.py documents for it."""

    keyword_score = "bm25"

    def keyword_matches(self, table: str, words: Sequence[str], limit: int) -> list[tuple[int, float]]:
        if not words:
            return []
        fts = _fts(table)
        # page furniture and retired claims stay out of search as they stay out of the vectors (see
        # claims.counted); one subquery each, so that each is answered from its partial index
        furniture = (
            f" AND rowid NOT IN (SELECT id FROM claims WHERE {FURNITURE})"
            f" AND rowid NOT IN (SELECT id FROM claims WHERE {RETIRED})"
            if table == "claims"
            else ""
        )
        rows = self._db.execute(
            f"SELECT rowid, bm25({fts}) FROM {fts} WHERE {fts} MATCH ?{furniture} ORDER BY bm25({fts}) LIMIT ?",
            [fts_query(words), limit],
        ).fetchall()
        return [(r[0], -r[1]) for r in rows]

    def matched_words(self, table: str, words: Sequence[str], ids: Sequence[int]) -> dict[int, list[str]]:
        if not words or not ids:
            return {}
        fts = _fts(table)
        rows = self._db.execute(
            f"SELECT rowid, highlight({fts}, 0, ?, ?) FROM {fts} WHERE {fts} MATCH ?"
            f" AND rowid IN ({','.join('?' * len(ids))})",
            [_MARK, _MARK, fts_query(words), *ids],
        ).fetchall()
        out = {}
        for rowid, marked in rows:
            found = re.findall(f"{_MARK}(.*?){_MARK}", marked or "")
            out[rowid] = list(dict.fromkeys(w.lower() for w in found))
        return out
