"""Stored articles and their claims, as the pages and commands list them.

Splitting an article into claims is pure language work (``text.attribution.split_claims``); storing an
article with its claims is the pipeline's (``pipeline.ingest_articles``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .accounts import acting
from .records import Account, Article, Claim, Kind, ReviewError, utc_now

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


# --- speakers a reviewer corrected ---------------------------------------------------------------------


def set_speaker(
    db: Store, claim_id: int, speaker: str, role: str = "", reviewer: Account | str | None = None
) -> Claim:
    """Give a claim the speaker (and role) a reviewer chose; ``speaker=""`` clears it (the claim is then the
    outlet's own). The claim is no longer "speaker unclear"; the change (who, when, old -> new) is kept in the
    speaker history, shown with the review history, and outlives regrouping and a new ingest of the same text.

    ``reviewer`` is the acting account (records.PERMISSIONS "review"). Raises AccessDenied for an account that
    may not review; ReviewError for an unknown claim, a speaker or role longer than 200 characters or on several
    lines, or a role without a speaker. Setting what the claim already has records nothing.
    """
    speaker, role = " ".join((speaker or "").split()), " ".join((role or "").split())
    if len(speaker) > 200 or len(role) > 200:
        raise ReviewError("a speaker or role is at most 200 characters")
    if role and not speaker:
        raise ReviewError("a role needs a speaker: give the speaker's name too")
    with db.write():
        actor = acting(db, reviewer, "review")
        claim = db.claims.get(claim_id)
        if claim is None:
            raise ReviewError(f"no claim with id {claim_id}")
        if (claim.speaker, claim.role) == (speaker, role) and not claim.speaker_unclear:
            return claim
        db.claims.set_speaker(claim_id, speaker, role, actor.name, utc_now())
        return db.claims.get(claim_id)


def speaker_history(db: Store, claim_id: int | None = None) -> list[dict]:
    """Every speaker a reviewer set (of one claim, or all), oldest first, with the old one and who and when."""
    return db.claims.speaker_changes(claim_id)


def apply_speaker_corrections(db: Store, content_hash: str, claims: list[Claim]) -> int:
    """Give freshly split claims of an article text the speakers reviewers set on the same text before (a
    claim is found again by its span); returns how many were corrected."""
    corrections = db.claims.speaker_corrections(content_hash)
    done = 0
    for claim in claims:
        fix = corrections.get((claim.span_start, claim.span_end))
        if fix is not None:
            claim.speaker, claim.role = fix
            claim.speaker_unclear = False
            done += 1
    return done
