"""Stored articles and their claims, as the pages and commands list them, and new versions of an article.

Splitting an article into claims is pure language work (``text.attribution.split_claims``); storing an
article with its claims is the pipeline's (``pipeline.ingest_articles``), which asks ``earlier_version``
whether an incoming article replaces a stored one and ``replace_version`` to carry the reviews over.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import replace
from typing import TYPE_CHECKING

from .accounts import acting
from .records import Account, Article, Claim, Kind, ReviewError, content_hash, utc_now

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
    db: Store,
    article_id: int | None = None,
    *,
    include_boilerplate: bool = False,
    include_retired: bool | None = None,
) -> list[Claim]:
    """Stored claims, of one article or of all, in article and reading order; page furniture (kind
    ``boilerplate``) only with ``include_boilerplate``. Claims of a replaced article (``retired``) are left
    out of all claims, and kept when one article is asked for (``include_retired`` overrides both)."""
    if include_retired is None:
        include_retired = article_id is not None
    return [
        c
        for c in db.claims.all(article_id)
        if (include_boilerplate or c.kind != Kind.BOILERPLATE.value) and (include_retired or not c.retired)
    ]


def get_claim(db: Store, claim_id: int) -> Claim | None:
    """One stored claim, or None."""
    return db.claims.get(claim_id)


def claim_texts(db: Store) -> dict[int, str]:
    """The text of every stored claim, by id."""
    return db.claims.texts()


# --- new versions of an article --------------------------------------------------------------------------

# Of two articles with the same outlet and title, the new one is a version of the earlier one only when this
# share of the claims of the shorter one are in both (a corrected article repeats nearly all of them; a daily
# "Hafen-Ticker" under one title repeats none). The same URL makes a version without this check.
VERSION_OVERLAP = 0.5


def _counted(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.kind != Kind.BOILERPLATE.value]


def earlier_version(db: Store, article: Article, claims: list[Claim]) -> tuple[int, str] | None:
    """The stored article that ``article`` (with its ``claims``, not stored yet) is a new version of, and why
    ("same URL", "same outlet and title"); None for an article of its own. Only an article no newer version
    replaced yet qualifies; of several, the newest."""
    new = {content_hash(c.text) for c in _counted(claims)}
    for article_id, matched in db.articles.current_versions(article.url, article.outlet, article.title):
        if matched == "url":
            return article_id, "same URL"
        old = {content_hash(c.text) for c in _counted(db.claims.all(article_id))}
        if old and new and len(old & new) / min(len(old), len(new)) >= VERSION_OVERLAP:
            return article_id, "same outlet and title"
    return None


def match_versions(db: Store, earlier_id: int, claims: list[Claim]) -> tuple[list[tuple[int, int]], int]:
    """Pair the claims of a new version with those of the earlier article ``earlier_id``: a claim with the
    same words as an earlier claim is unchanged, the others are marked ``changed`` (in place). Returns
    ((earlier claim id, index in ``claims``) for each unchanged claim, how many earlier claims are gone)."""
    earlier: dict[str, deque[int]] = defaultdict(deque)
    for c in _counted(db.claims.all(earlier_id)):
        earlier[content_hash(c.text)].append(c.id)
    pairs = []
    for i, claim in enumerate(claims):
        if claim.kind == Kind.BOILERPLATE.value:
            continue
        same = earlier.get(content_hash(claim.text))
        if same:
            pairs.append((same.popleft(), i))
        else:
            claim.changed = True
    return pairs, sum(len(ids) for ids in earlier.values())


def replace_version(db: Store, earlier_id: int, successors: dict[int, int]) -> int:
    """Retire the claims of the earlier article ``earlier_id`` (kept with their reviews and history, out of
    groups and counts) and carry what reviewers did to the claims of the new version that keep their words
    (``successors``: earlier claim id -> new claim id): the review (one history row, source "carried"), a
    second review, and the decisions on links between claims. Returns how many reviews were carried. Call
    inside the write transaction that stores the new version."""
    db.groups.forget_claims(db.claims.retire(earlier_id))
    carried = 0
    now = utc_now()
    for old, new in successors.items():
        review = db.reviews.get(old)
        if review is not None and review.version:
            # the review as it was, on the same words: one history row says where it came from
            db.reviews.save(
                replace(review, claim_id=new, version=1, updated_at=now),
                review.reviewer,
                "carried",
                review.via_group,
            )
            carried += 1
        db.reviews.carry_second_review(old, new)
    db.groups.carry_decisions(successors)
    return carried


def carry_speakers(db: Store, successors: dict[int, int]) -> int:
    """Give the claims of a new version the speakers reviewers set on the same claims of the earlier version
    (``successors``: earlier claim id -> new claim id): the latest correction of each, recorded again as a
    speaker change of the new claim by whoever made it. Returns how many were carried. Call inside the write
    transaction that stores the new version."""
    carried = 0
    for old, new in successors.items():
        changes = db.claims.speaker_changes(old)
        if changes:
            last = changes[-1]
            db.claims.set_speaker(new, last["speaker"], last["role"], last["changed_by"], utc_now())
            carried += 1
    return carried


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

    ``vectors_by_hash``: the claims' vectors of ``embedder_name`` by the hash of what was embedded (the
    linking text: a claim's resolved reading where it has one, issue 13). The vector model reads only
    vectors of the default embedder (multilingual-e5-small); with any other embedder, and for page furniture
    (never embedded), the n-gram fallback scores the claim.
    """
    from .records import content_hash
    from .text import checkworthy

    usable = embedder_name == checkworthy.E5_MODEL
    vectors = [
        vectors_by_hash.get(content_hash(c.linking_text))
        if usable and c.kind != Kind.BOILERPLATE.value
        else None
        for c in claims
    ]
    rows = [(i, c.text, c.sentence, lang, v) for i, (c, v) in enumerate(zip(claims, vectors))]
    for score, label, i in checkworthy.rescored(rows, checkworthy.SHIPPED):
        claims[i].checkworthiness = score
        claims[i].checkworthiness_model = label


def rescore_claims(db: Store, embedder_name: str, hashes: set[str]) -> int:
    """Rescore, with the shipped model, the stored claims whose text hash is in ``hashes`` (claims whose
    vectors of ``embedder_name`` were just stored). Call inside a write transaction. Returns how many."""
    from .records import content_hash

    claims = [c for c in db.claims.all() if content_hash(c.linking_text) in hashes]
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
        vector = db.vectors.get(checkworthy.E5_MODEL, [content_hash(claim.linking_text)]).get(
            content_hash(claim.linking_text)
        )
    article = db.articles.get(claim.article_id) if claim.article_id is not None else None
    return checkworthy.explain(
        checkworthy.scored_text(claim.text, claim.sentence),
        vector,
        article.lang if article else None,
        version=version,
    )
