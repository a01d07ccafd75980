"""The reviews family on PostgreSQL: the shared one (store/sql/reviews.py) with PostgreSQL's own spellings."""

from __future__ import annotations

from ..sql.reviews import Reviews


class PGReviews(Reviews):
    """ReviewStore over PostgreSQL."""

    # the blanks SQLite's trim() removes in its twin; ILIKE for SQLite's case-blind LIKE
    _REVIEWER_LIKE = "btrim(reviewer, chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) ILIKE ?"
