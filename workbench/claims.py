"""Article text -> claims: sentences, the assertions in them, their speakers and check-worthiness.

``split_claims`` is pure; ``store_claims`` / ``list_claims`` keep them in the ``claims`` table (this module is
the only writer of that table).
"""

from __future__ import annotations

from sqlite_utils import Database

from .records import Claim, content_hash

# --- splitting (pure) ------------------------------------------------------------------------------------


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("de", "en", ...)."""
    raise NotImplementedError


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``; ``text[start:end]`` is the sentence, stripped."""
    raise NotImplementedError


def split_claims(text: str, lang: str | None = None) -> list[Claim]:
    """The claims of an article body, in reading order, with ``position`` numbered from 0."""
    raise NotImplementedError


# --- storage ---------------------------------------------------------------------------------------------


def store_claims(db: Database, article_id: int, claims: list[Claim]) -> list[int]:
    """Insert the claims of one article; returns their ids. Call inside the ingest transaction."""
    ids = []
    for claim in claims:
        cursor = db.execute(
            'INSERT INTO claims (article_id, position, text, sentence, start, "end", speaker, checkworthiness,'
            " text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article_id,
                claim.position,
                claim.text,
                claim.sentence,
                claim.start,
                claim.end,
                claim.speaker,
                float(claim.checkworthiness),
                content_hash(claim.text),
            ],
        )
        claim.id, claim.article_id = cursor.lastrowid, article_id
        ids.append(cursor.lastrowid)
    return ids


def list_claims(db: Database, article_id: int | None = None) -> list[Claim]:
    """Stored claims, of one article or of all, in article and reading order."""
    where, params = ("WHERE article_id = ?", [article_id]) if article_id is not None else ("", [])
    rows = db.execute(
        'SELECT id, article_id, position, text, sentence, start, "end", speaker, checkworthiness FROM claims '
        f"{where} ORDER BY article_id, position",
        params,
    ).fetchall()
    return [
        Claim(
            id=r[0], article_id=r[1], position=r[2], text=r[3], sentence=r[4], start=r[5], end=r[6],
            speaker=r[7], checkworthiness=r[8],
        )
        for r in rows
    ]
