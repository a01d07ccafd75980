"""Verdicts out: the verdict CSV (one row per claim, safe to open in a spreadsheet) and schema.org
ClaimReview JSON-LD (one fact-check per reviewed claim, to publish or to exchange with other fact-checkers).

ClaimReview
-----------
``claim_reviews`` makes one ClaimReview for every claim whose review is done and has a verdict (a verdict
still in progress or waiting for a second review is not published). ``to_jsonld`` writes them as one JSON
array of self-contained ClaimReview objects, each with its own ``"@context": "https://schema.org"``, so any
one of them can be pasted as it is into a page's ``<script type="application/ld+json">`` (the form of
Google's fact-check examples), and the whole file is valid JSON-LD that ``workbench import-factchecks``
reads back. Each object holds:

- ``claimReviewed``: the claim text;
- ``reviewRating``: a ``Rating`` with ``alternateName``, the verdict in words (English or German, see
  ``settings.VERDICT_LABELS``), and for the five rating verdicts ``ratingValue`` on the common 1-5 scale:

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
  role as ``jobTitle``; for an unattributed claim the outlet as an ``Organization``), whose ``appearance``
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

import csv
import io
import json

from sqlite_utils import Database

from .archive import already_checked, format_already_checked
from .claims import get_claim
from .ingest import get_article
from .records import Article, Claim, Review, Status, Verdict
from .review import current_reviews, format_evidence
from .settings import DEFAULT_LABELS, check_labels, check_url_template, fill_url_template, verdict_label

EXPORT_COLUMNS = [
    "claim_id",
    "article_id",
    "source",
    "title",
    "url",
    "claim",
    "sentence",
    "start",
    "end",
    "speaker",
    "role",
    "claimant",
    "kind",
    "checkworthiness",
    "group_id",
    "group_size",
    "group_sources",
    "status",
    "verdict",
    "note",
    "evidence",
    "reviewer",
    "updated_at",
    "already_checked",
    "evidence_detail",
]
# A spreadsheet runs a cell starting with one of these as a formula. Also after leading whitespace: an
# import that trims spaces (LibreOffice's "Trim spaces") or a user editing the cell drops it. Tab and CR
# count as formula starts of their own (OWASP). Such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r")

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


def export_rows(db: Database) -> list[dict]:
    """One dict per claim, in article and reading order, with its group and current review.

    ``claimant`` is who makes the claim: the speaker, or for an unattributed claim the outlet itself;
    ``already_checked`` names the best earlier fact-check of the claim (empty if the archive has none);
    ``evidence_detail`` lists each evidence link with its stance and note.
    """
    rows = db.execute(
        """
        WITH sizes AS (
            SELECT g.group_id, COUNT(*) AS size, COUNT(DISTINCT c.article_id) AS sources
            FROM claim_groups g JOIN claims c ON c.id = g.claim_id GROUP BY g.group_id
        )
        SELECT c.id, c.article_id, a.source, a.title, a.url, c.text, c.sentence, c.start, c."end", c.speaker,
               c.role, CASE WHEN c.speaker != '' THEN c.speaker ELSE a.source END, c.kind,
               ROUND(c.checkworthiness, 3), g.group_id, s.size, s.sources,
               COALESCE(r.status, 'unreviewed'), COALESCE(r.verdict, ''), COALESCE(r.note, ''),
               COALESCE(r.evidence, '[]'), COALESCE(r.reviewer, ''), COALESCE(r.updated_at, '')
        FROM claims c
        JOIN articles a ON a.id = c.article_id
        LEFT JOIN claim_groups g ON g.claim_id = c.id
        LEFT JOIN sizes s ON s.group_id = g.group_id
        LEFT JOIN reviews r ON r.claim_id = c.id
        ORDER BY c.article_id, c.position
        """
    ).fetchall()
    matches = already_checked(db)
    reviews = current_reviews(db)
    out = []
    for r in rows:
        row = dict(
            zip(EXPORT_COLUMNS, r)
        )  # every column but the last two, already_checked and evidence_detail
        row["evidence"] = json.loads(row["evidence"])
        review = reviews.get(row["claim_id"])
        # each link with its stance and note, "refutes: https://… (note)", one per line
        row["evidence_detail"] = (
            "\n".join(format_evidence(e) for e in review.evidence_items) if review else ""
        )
        best = matches.get(row["claim_id"])
        row["already_checked"] = format_already_checked(best[0]) if best else ""
        out.append(row)
    return out


def spreadsheet_safe(value):
    """Neutralise text a spreadsheet would run as a formula: a cell starting with =, +, - or @, also after
    leading whitespace, or with a tab or CR gets a leading apostrophe. Numbers pass unchanged."""
    if isinstance(value, str) and (
        value.startswith(_CONTROL_START) or value.lstrip().startswith(_FORMULA_START)
    ):
        return "'" + value
    return value


def to_csv(rows: list[dict], columns: list[str] = EXPORT_COLUMNS) -> str:
    """Rows as CSV text with ``columns`` as header; lists are joined by spaces, every cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = {}
        for k in columns:
            value = row.get(k)
            value = " ".join(value) if isinstance(value, list) else ("" if value is None else value)
            cells[k] = spreadsheet_safe(value)
        writer.writerow(cells)
    return buffer.getvalue()


# --- ClaimReview -----------------------------------------------------------------------------------------


def is_published(review: Review) -> bool:
    """Whether a review goes into the ClaimReview export: it is done and has a verdict."""
    return review.status == Status.DONE.value and bool(review.verdict)


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


def claimant(claim: Claim, article: Article) -> dict | None:
    """Who made the claim, as schema.org: the speaker as a Person, else the outlet as an Organization."""
    if claim.speaker:
        return _compact({"@type": "Person", "name": claim.speaker, "jobTitle": claim.role})
    return _organization(article.source)


def _appearance(article: Article) -> dict | None:
    """The article as a schema.org CreativeWork (None if nothing is known of it)."""
    work = _compact(
        {
            "url": article.url,
            "headline": article.title,
            "publisher": _organization(article.source),
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
            "author": claimant(claim, article),
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


def claim_reviews(
    db: Database, *, organisation: str = "", url_template: str = "", labels: str = DEFAULT_LABELS
) -> list[dict]:
    """A ClaimReview for every claim whose review is done and has a verdict, in article and reading order.

    ``url_template`` ("https://factcheck.example.org/claims/{claim_id}", also ``{article_id}``) gives each
    fact-check's ``url``; without one, ``url`` is left out. Raises ``settings.SettingsError`` (a ValueError)
    for a bad template or label language.
    """
    template = check_url_template(url_template)
    labels = check_labels(labels)
    published = {cid: r for cid, r in current_reviews(db).items() if is_published(r)}
    claims = [c for c in (get_claim(db, cid) for cid in published) if c is not None]
    claims.sort(key=lambda c: (c.article_id, c.position))
    articles: dict[int, Article] = {}
    out = []
    for claim in claims:
        if claim.article_id not in articles:
            articles[claim.article_id] = get_article(db, claim.article_id)
        url = fill_url_template(template, claim.id, claim.article_id, checked=True) if template else ""
        out.append(
            claim_review(
                claim,
                articles[claim.article_id],
                published[claim.id],
                organisation=organisation,
                url=url,
                labels=labels,
            )
        )
    return out


def unpublished_verdicts(db: Database) -> int:
    """How many claims have a verdict whose review is not done (left out of the ClaimReview export)."""
    return sum(1 for r in current_reviews(db).values() if r.verdict and not is_published(r))


def to_jsonld(reviews: list[dict]) -> str:
    """ClaimReviews as one JSON-LD document: a JSON array of self-contained ClaimReview objects.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (the same JSON) so the text is safe inside an
    HTML ``<script>`` element.
    """
    text = json.dumps(reviews, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
