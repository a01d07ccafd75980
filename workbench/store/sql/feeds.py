"""``feeds`` and ``feed_items`` (their only writer)."""

from __future__ import annotations

from ...records import Feed
from .connection import Connection

_SELECT = (
    "SELECT f.url, f.outlet, f.title, f.id, f.added_at, f.polled_at, f.result, f.failed,"
    " (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id AND i.article_id IS NOT NULL),"
    " f.added_by, f.polled_by FROM feeds f"
)


def _feed(row) -> Feed:
    return Feed(*row[:7], failed=bool(row[7]), articles=row[8], added_by=row[9], polled_by=row[10])


class Feeds:
    """FeedStore over either backend; each method does what store/base.py documents for it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def add(self, feed: Feed, added_at: str) -> int:
        new_id = self._db.insert_id(
            "INSERT INTO feeds (url, outlet, title, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
            [feed.url, feed.outlet, feed.title, added_at, feed.added_by],
        )
        feed.id, feed.added_at = new_id, added_at
        return feed.id

    def find(self, url: str) -> Feed | None:
        row = self._db.execute(f"{_SELECT} WHERE f.url = ?", [url]).fetchone()
        return _feed(row) if row else None

    def get(self, feed_id: int) -> Feed | None:
        row = self._db.execute(f"{_SELECT} WHERE f.id = ?", [feed_id]).fetchone()
        return _feed(row) if row else None

    def all(self) -> list[Feed]:
        return [_feed(r) for r in self._db.execute(f"{_SELECT} ORDER BY f.id").fetchall()]

    def remove(self, feed_id: int) -> None:
        self._db.execute("DELETE FROM feed_items WHERE feed_id = ?", [feed_id])
        self._db.execute("DELETE FROM feeds WHERE id = ?", [feed_id])

    def seen(self, feed_id: int) -> set[str]:
        return {
            r[0] for r in self._db.execute("SELECT item_key FROM feed_items WHERE feed_id = ?", [feed_id])
        }

    def mark_seen(
        self, feed_id: int, item_key: str, link: str, article_id: int | None, skipped: str, seen_at: str
    ) -> None:
        self._db.execute(
            "INSERT INTO feed_items (feed_id, item_key, link, article_id, skipped, seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [feed_id, item_key, link, article_id, skipped, seen_at],
        )

    def record_poll(
        self, feed_id: int, polled_at: str, result: str, failed: bool, polled_by: str = ""
    ) -> None:
        self._db.execute(
            "UPDATE feeds SET polled_at = ?, result = ?, failed = ?, polled_by = ? WHERE id = ?",
            [polled_at, result, int(bool(failed)), polled_by, feed_id],
        )
