"""The ``claims`` family on PostgreSQL: the shared one (store/sql/claims.py) with PostgreSQL's own spellings."""

from __future__ import annotations

from ..sql.claims import Claims


class PGClaims(Claims):
    """ClaimStore over PostgreSQL."""

    # ROUND(x, places) is defined for NUMERIC only; the export hands on a float, as SQLite's does
    _SCORE = "ROUND(c.checkworthiness::numeric, 3)::float8"
