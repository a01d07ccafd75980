"""schema.org ClaimReview JSON-LD: one reviewed claim as the markup fact-checkers publish. Pure (no storage);
``export.claim_reviews`` picks the claims and ``to_jsonld`` writes the document.

``export.claim_reviews`` makes one ClaimReview for every claim whose review is done and has a verdict (a verdict
still in progress or waiting for a second review is not published). ``to_jsonld`` writes them as one JSON
array of self-contained ClaimReview objects, each with its own ``"@context": "https://schema.org"``, so any
one of them can be pasted as it is into a page's ``<script type="application/ld+json">`` (the form of
Google's fact-check examples), and the whole file is valid JSON-LD that ``workbench import-factchecks``
reads back. Each object holds:

- ``claimReviewed``: the claim text;
- ``reviewRating``: a ``Rating`` with ``alternateName``, the verdict in words (English or German, see
  ``records.VERDICT_LABELS``), and for the five rating verdicts ``ratingValue`` on the common 1-5 scale:

  ============  ===========  ============
  verdict       ratingValue  en / de
  ============  ===========  ============
  true          5            True / Richtig
  mostly_true   4            Mostly true / Größtenteils richtig
  mixed         3            Mixed / Teilweise falsch
  mostly_false  2            Mostly false / Größtenteils falsch
  false         1            False / Falsch
  ============  ===========  ============

  with ``bestRating`` 5 and ``worstRating`` 1. The non-verdicts (unverifiable, not_checkworthy, opinion,
  not_a_claim) rate nothing: their Rating has only ``alternateName`` (Unverifiable / Unbelegt, Not
  check-worthy / Nicht prüfenswert, Opinion / Meinung, Not a claim / Keine Tatsachenbehauptung), no
  numbers, since no point of a true-false scale fits them;
- ``itemReviewed``: a ``Claim`` whose ``author`` is the claimant (the speaker as a ``Person``, with the
  role as ``jobTitle``; for an unattributed claim the outlet as an ``Organization``; no author when the
  speaker is unclear), whose ``appearance``
  and ``firstAppearance`` are the article as a ``CreativeWork`` (``url``, ``headline`` = title,
  ``publisher`` = the outlet, ``datePublished``; the article is the first appearance the workbench
  knows of), ``datePublished`` = the article date and ``inLanguage`` = the article language;
- ``author``: the fact-checking organisation (a setting) as an ``Organization``;
- ``datePublished``: the day the review was last changed (``Review.updated_at``);
- ``url``: the fact-check's address from a URL template such as
  ``https://factcheck.example.org/claims/{claim_id}`` (left out without a template);
- ``identifier``: the claim id, so that two claims with the same words stay two fact-checks on import.

Empty values are left out rather than written as "". The JSON escapes ``<``, ``>`` and ``&`` so that claim
text can never close the ``<script>`` element it is pasted into.
"""

from __future__ import annotations

import json

from ..records import (
    DEFAULT_LABELS,
    Article,
    Claim,
    Review,
    Verdict,
    claimant,
    strip_invisible,
    verdict_label,
)

SCHEMA_CONTEXT = "https://schema.org"
# The rating verdicts on the common ClaimReview 1-5 scale; the other verdicts rate nothing (see above).
RATING_VALUES = {
    Verdict.TRUE.value: 5,
    Verdict.MOSTLY_TRUE.value: 4,
    Verdict.MIXED.value: 3,
    Verdict.MOSTLY_FALSE.value: 2,
    Verdict.FALSE.value: 1,
}
BEST_RATING = 5
WORST_RATING = 1


def review_rating(verdict: str, labels: str = DEFAULT_LABELS) -> dict:
    """The schema.org Rating of a verdict: its words, and the 1-5 numbers for the five rating verdicts."""
    rating = {"@type": "Rating", "alternateName": verdict_label(verdict, labels)}
    if verdict in RATING_VALUES:
        rating |= {
            "ratingValue": RATING_VALUES[verdict],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    return rating


def _organization(name: str) -> dict | None:
    return {"@type": "Organization", "name": name} if name else None


def _compact(record: dict) -> dict:
    """The record without its empty values."""
    return {k: v for k, v in record.items() if v not in ("", None, [], {})}


def claimant_entity(claim: Claim, article: Article) -> dict | None:
    """Who made the claim, as schema.org: the speaker as a Person, else the outlet as an Organization; None
    when the speaker is unclear (someone else said it, but who is not known: the outlet would be wrong)."""
    if claim.speaker_unclear and not claim.speaker:
        return None
    if claim.speaker:
        return _compact({"@type": "Person", "name": claim.speaker, "jobTitle": claim.role})
    return _organization(claimant(claim.speaker, article.outlet))


def _appearance(article: Article) -> dict | None:
    """The article as a schema.org CreativeWork (None if nothing is known of it)."""
    work = _compact(
        {
            "url": article.url,
            "headline": article.title,
            "publisher": _organization(article.outlet),
            "datePublished": article.date,
        }
    )
    return {"@type": "CreativeWork", **work} if work else None


def claim_review(
    claim: Claim,
    article: Article,
    review: Review,
    *,
    organisation: str = "",
    url: str = "",
    labels: str = DEFAULT_LABELS,
) -> dict:
    """One claim's review as a schema.org ClaimReview (see the module docstring for every field).

    ``organisation`` is the fact-checker (the ClaimReview's author), ``url`` the address of the published
    fact-check, ``labels`` the language of the verdict's words ("en" or "de"). Pure: no database.
    """
    appearance = _appearance(article)
    item = _compact(
        {
            "@type": "Claim",
            "author": claimant_entity(claim, article),
            "datePublished": article.date,
            "appearance": appearance,
            "firstAppearance": appearance,
            "inLanguage": article.lang,
        }
    )
    return _compact(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": claim.text,
            "reviewRating": review_rating(review.verdict, labels),
            "itemReviewed": item,
            "author": _organization(organisation.strip()),
            "datePublished": review.updated_at[:10],  # ISO timestamp -> its day
            "identifier": str(claim.id) if claim.id is not None else "",
        }
    )


def to_jsonld(reviews: list[dict]) -> str:
    """ClaimReviews as one JSON-LD document: a JSON array of self-contained ClaimReview objects.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (the same JSON) so the text is safe inside an
    HTML ``<script>`` element. Invisible characters (bidi controls, zero-width characters) are left out, also
    from text stored before they were removed on the way in: published text reads as it shows.
    """
    text = strip_invisible(json.dumps(reviews, ensure_ascii=False, indent=2))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
