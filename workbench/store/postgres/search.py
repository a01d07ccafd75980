"""Full-text search with PostgreSQL: each claim's and archive item's words as a ``tsvector`` made with the text
search configuration of its language (German, English, else simple; accents folded with ``unaccent`` where
the server has it; see migrations.py), in GIN indexes; ranked by ``ts_rank`` normalised by length (not
BM25: search.py fuses it with the cosine at a weight tuned for it); ``ts_headline`` gives the matched words.
And the fields of a hit."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..sql.claims import counted
from ..sql.search import SearchHits

_MARK = "\x02"  # brackets a matched word in ts_headline() output; cannot occur in stored text
# The query, made once per statement. MATERIALIZED because PostgreSQL otherwise inlines a CTE read once, and
# then calls workbench_query (a plpgsql function: three plainto_tsquery per word) again for every matching
# row, in the index recheck and in ts_rank's argument: 400 ms instead of 8 ms for a 16-word tweet matching
# 870 of the 14k 2A archive items (EXPLAIN ANALYZE, issue 18), 97% of a search's time.
_QUERY = "WITH q AS MATERIALIZED (SELECT workbench_query(?) AS q)"
# ts_rank's normalization: 2 divides a row's rank by its length, so a long text that shares a few words with
# the query does not outrank a short one that is mostly those words (BM25's length normalization does the
# same). Chosen on the tuning splits of search_quality.py by benchmarks/pg_keyword_variants.py (fused with
# the cosine at each variant's best weight, mean of 2A dev MAP@5 and German MRR@10): 0.850 against 0.821
# for plain ts_rank, 0.845 for 1 (log of the length) and for 8, 0.817 and 0.840 for ts_rank_cd (and 15-20
# times slower). A BM25 computed in SQL (each word's document frequency counted through the GIN index, tf
# taken as 1, b 0.75) reached 0.852, a difference well within the noise of 379 queries, but reads every
# row's length for the average on each search, a cost that grows with the table.
RANK_NORMALIZATION = 2
_TABLES = {
    # table: (the text shown, the language of the row)
    "claims": ("c.text", "a.lang"),
    "factchecks": ("c.claim", "c.lang"),
}


def _check(table: str) -> None:
    if table not in _TABLES:
        raise ValueError(f"no full-text index for table {table!r}")


def _words(words: Sequence[str]) -> list[str]:
    # each word is read by plainto_tsquery, which takes no query syntax: no user text can become an operator
    return [w for w in (str(w).strip() for w in words) if w]


def _from(table: str, with_language: bool = False) -> str:
    if table == "claims":
        # page furniture and retired claims stay out of search as they stay out of the vectors; a claim's
        # language is its article's
        join = " JOIN articles a ON a.id = c.article_id" if with_language else ""
        return f"claims c{join} WHERE {counted('c.')} AND"
    return "factchecks c WHERE"


def _marked_words(original: str, marked: str) -> list[str]:
    """The words between marks in ``marked`` (the folded text with marks), as written in ``original``: the
    folding changes no length, so the text outside the marks walks both in step."""
    words, at, inside, start = [], 0, False, 0
    for ch in marked:
        if ch == _MARK:
            if inside:
                words.append(original[start:at])
            inside, start = not inside, at
            continue
        at += 1
    if at != len(original):  # not the text it was made from after all: the words as marked
        return re.findall(f"{_MARK}(.*?){_MARK}", marked)
    return words


class PGSearch(SearchHits):
    """SearchIndex over PostgreSQL full-text search; each method does what store/base.py documents for it."""

    keyword_score = "ts_rank"

    def keyword_matches(self, table: str, words: Sequence[str], limit: int) -> list[tuple[int, float]]:
        _check(table)
        words = _words(words)
        if not words:
            return []
        rows = self._db.execute(
            f"{_QUERY} SELECT c.id, ts_rank(c.search, q.q, {RANK_NORMALIZATION}) AS rank"
            f" FROM q, {_from(table)} c.search @@ q.q ORDER BY rank DESC, c.id LIMIT ?",
            [words, limit],
        ).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def matched_words(self, table: str, words: Sequence[str], ids: Sequence[int]) -> dict[int, list[str]]:
        _check(table)
        words = _words(words)
        if not words or not ids:
            return {}
        text, lang = _TABLES[table]
        # HighlightAll: the whole text comes back with each matched word between the marks
        options = f"HighlightAll=true, StartSel={_MARK}, StopSel={_MARK}"
        rows = self._db.execute(
            f"{_QUERY} SELECT c.id,"
            f" {text}, ts_headline(workbench_ts_config({lang}), workbench_fold({text}), q.q, ?)"
            f" FROM q, {_from(table, with_language=True)} c.id = ANY(?) AND c.search @@ q.q",
            [words, options, [int(i) for i in ids]],
        ).fetchall()
        out = {}
        for row_id, original, marked in rows:
            out[row_id] = list(dict.fromkeys(w.lower() for w in _marked_words(original, marked or "")))
        return out
