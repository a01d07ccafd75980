"""The reviews family on SQLite: the shared one (store/sql/reviews.py) with SQLite's own spellings."""

from __future__ import annotations

from ..sql.reviews import Reviews


class SQLiteReviews(Reviews):
    """ReviewStore over SQLite."""

    # SQLite's LIKE ignores ASCII case by itself
    _REVIEWER_LIKE = "trim(reviewer, char(32, 9, 10, 11, 12, 13)) LIKE ?"
