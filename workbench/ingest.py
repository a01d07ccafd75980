"""Files, folders, pasted text, batches and HTML pages -> Article records; storing them without duplicates.

Reading (``read_paths``, ``read_upload``, ``article_from_text``) is pure and raises ``IngestError`` with a
message a user can act on; ``insert_article`` is the only writer of the ``articles`` table.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlite_utils import Database

from .records import Article


class IngestError(ValueError):
    """Input that cannot be ingested; the message names the file (and line) and what is wrong."""


# --- storage ---------------------------------------------------------------------------------------------


def find_article(db: Database, content_hash: str) -> int | None:
    """Id of the stored article with this content hash, if any."""
    row = db.execute("SELECT id FROM articles WHERE content_hash = ?", [content_hash]).fetchone()
    return row[0] if row else None


def insert_article(db: Database, article: Article) -> int:
    """Insert an article (the caller has checked it is new); returns its id. Call inside the ingest transaction."""
    cursor = db.execute(
        "INSERT INTO articles (content_hash, title, text, source, url, date, external_id, lang, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            article.content_hash,
            article.title,
            article.text,
            article.source,
            article.url,
            article.date,
            article.external_id,
            article.lang,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ],
    )
    article.id = cursor.lastrowid
    return article.id


def list_articles(db: Database) -> list[Article]:
    """All stored articles, oldest first."""
    rows = db.execute(
        "SELECT id, title, text, source, url, date, external_id, lang FROM articles ORDER BY id"
    ).fetchall()
    return [
        Article(id=r[0], title=r[1], text=r[2], source=r[3], url=r[4], date=r[5], external_id=r[6], lang=r[7])
        for r in rows
    ]
