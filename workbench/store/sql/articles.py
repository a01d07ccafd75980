"""The ``articles`` table (its only writer)."""

from __future__ import annotations

from ...records import Article
from .connection import Connection

_COLUMNS = (
    "id, title, text, source, url, date, external_id, lang, outlet, author, lang_confidence, note, added_by,"
    " replaces, (SELECT MIN(n.id) FROM articles n WHERE n.replaces = articles.id)"
)
# an article no newer version replaced
_CURRENT = "NOT EXISTS (SELECT 1 FROM articles n WHERE n.replaces = articles.id)"


def _article(row) -> Article:
    return Article(
        id=row[0], title=row[1], text=row[2], source=row[3], url=row[4], date=row[5], external_id=row[6],
        lang=row[7], outlet=row[8], author=row[9], lang_confidence=row[10], note=row[11], added_by=row[12],
        replaces=row[13], replaced_by=row[14],
    )  # fmt: skip


class Articles:
    """ArticleStore over either backend; each method does what store/base.py documents for it."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def find_id(self, content_hash: str) -> int | None:
        row = self._db.execute("SELECT id FROM articles WHERE content_hash = ?", [content_hash]).fetchone()
        return row[0] if row else None

    def current_versions(self, url: str, outlet: str, title: str) -> list[tuple[int, str]]:
        found = []
        if url:
            found += [
                (r[0], "url")
                for r in self._db.execute(
                    f"SELECT id FROM articles WHERE url = ? AND {_CURRENT} ORDER BY id DESC", [url]
                )
            ]
        if outlet and title:
            found += [
                (r[0], "outlet and title")
                for r in self._db.execute(
                    f"SELECT id FROM articles WHERE outlet = ? AND title = ? AND {_CURRENT} ORDER BY id DESC",
                    [outlet, title],
                )
            ]
        return found

    def insert(self, article: Article, added_at: str) -> int:
        new_id = self._db.insert_id(
            "INSERT INTO articles (content_hash, title, text, source, url, date, external_id, lang, added_at,"
            " outlet, author, lang_confidence, note, added_by, replaces)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article.content_hash,
                article.title,
                article.text,
                article.source,
                article.url,
                article.date,
                article.external_id,
                article.lang,
                added_at,
                article.outlet or article.source,
                article.author,
                float(article.lang_confidence or 0.0),
                article.note,
                article.added_by,
                article.replaces,
            ],
        )
        article.id = new_id
        return article.id

    def get(self, article_id: int) -> Article | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", [article_id]).fetchone()
        return _article(row) if row else None

    def all(self) -> list[Article]:
        return [
            _article(r) for r in self._db.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY id").fetchall()
        ]
