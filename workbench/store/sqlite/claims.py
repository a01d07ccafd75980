"""The ``claims`` family on SQLite: the shared one (store/sql/claims.py) with SQLite's own spellings."""

from __future__ import annotations

from ..sql.claims import Claims


class SQLiteClaims(Claims):
    """ClaimStore over SQLite."""

    # the partial index named, as since the boilerplate kind came in: a count that reads only the furniture
    _FURNITURE_FROM = "claims INDEXED BY claims_boilerplate"
