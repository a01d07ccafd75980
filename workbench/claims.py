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


def score_claims(claims: list[Claim], lang: str, vectors_by_hash: dict, embedder_name: str) -> None:
    """Give each claim its check-worthiness from the shipped model, in place, with the scorer's label.

    ``vectors_by_hash``: the claims' vectors of ``embedder_name`` by text hash. The vector model reads only
    vectors of the default embedder (multilingual-e5-small); with any other embedder, and for page furniture
    (never embedded), the n-gram fallback scores the claim.
    """
    from .records import content_hash
    from .text import checkworthy

    usable = embedder_name == checkworthy.E5_MODEL
    vectors = [
        vectors_by_hash.get(content_hash(c.text)) if usable and c.kind != Kind.BOILERPLATE.value else None
        for c in claims
    ]
    scores = checkworthy.score_texts(
        [checkworthy.scored_text(c.text, c.sentence) for c in claims], vectors, [lang] * len(claims)
    )
    for claim, vector, score in zip(claims, vectors, scores):
        claim.checkworthiness = score
        claim.checkworthiness_model = checkworthy.scorer(vector is not None)


def rescore_claims(db: Store, embedder_name: str, hashes: set[str]) -> int:
    """Rescore, with the shipped model, the stored claims whose text hash is in ``hashes`` (claims whose
    vectors of ``embedder_name`` were just stored). Call inside a write transaction. Returns how many."""
    from .records import content_hash

    claims = [c for c in db.claims.all() if content_hash(c.text) in hashes]
    if not claims:
        return 0
    langs = {a.id: a.lang for a in db.articles.all()}
    vectors = db.vectors.get(embedder_name, hashes)
    for lang in {langs.get(c.article_id, "") for c in claims}:
        score_claims([c for c in claims if langs.get(c.article_id, "") == lang], lang, vectors, embedder_name)
    db.claims.set_scores([(c.id, c.checkworthiness, c.checkworthiness_model) for c in claims])
    return len(claims)


def claim_reasons(db: Store, claim: Claim) -> list:
    """Why a stored claim scored as it did (``text.checkworthy.explain``), from the scorer that gave its
    score: with its stored multilingual-e5-small vector when the vector model scored it."""
    from .records import content_hash
    from .text import checkworthy

    version, _, kind = claim.checkworthiness_model.partition("/")
    try:
        checkworthy.load(version)
    except ValueError:  # a score from a model no longer shipped: explain with today's
        version = checkworthy.SHIPPED
    vector = None
    if kind == "vector":
        vector = db.vectors.get(checkworthy.E5_MODEL, [content_hash(claim.text)]).get(
            content_hash(claim.text)
        )
    article = db.articles.get(claim.article_id) if claim.article_id is not None else None
    return checkworthy.explain(
        checkworthy.scored_text(claim.text, claim.sentence),
        vector,
        article.lang if article else None,
        version=version,
    )
