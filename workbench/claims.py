"""Stored articles and their claims, as the pages and commands list them.

Splitting an article into claims is pure language work (``text.attribution.split_claims``); storing an
article with its claims is the pipeline's (``pipeline.ingest_articles``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .records import Article, Claim, Kind

if TYPE_CHECKING:
    from .store.base import Store


def list_articles(db: Store, article_id: int | None = None) -> list[Article]:
    """All stored articles, oldest first (or just the one with ``article_id``)."""
    if article_id is None:
        return db.articles.all()
    article = db.articles.get(article_id)
    return [article] if article else []


def get_article(db: Store, article_id: int) -> Article | None:
    """One stored article, or None."""
    return db.articles.get(article_id)


def list_claims(
    db: Store, article_id: int | None = None, *, include_boilerplate: bool = False
) -> list[Claim]:
    """Stored claims, of one article or of all, in article and reading order; page furniture (kind
    ``boilerplate``) only with ``include_boilerplate``."""
    claims = db.claims.all(article_id)
    if include_boilerplate:
        return claims
    return [c for c in claims if c.kind != Kind.BOILERPLATE.value]


def get_claim(db: Store, claim_id: int) -> Claim | None:
    """One stored claim, or None."""
    return db.claims.get(claim_id)


def claim_texts(db: Store) -> dict[int, str]:
    """The text of every stored claim, by id."""
    return db.claims.texts()
