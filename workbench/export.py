"""Verdicts out: the verdict CSV (one row per claim, safe to open in a spreadsheet) and schema.org ClaimReview
JSON-LD (one fact-check per reviewed claim, to publish or to exchange with other fact-checkers).

Which claims go out, with what, is decided here; the formats themselves are ``formats.csv`` and
``formats.claimreview`` (its docstring describes every ClaimReview field). The verdict CSV shows each viewer
what they may see (``review.visible_reviews``: no first verdict before a blind second one); publishing
ClaimReview is an editor's or admin's (records.PERMISSIONS "publish").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .accounts import acting
from .archive import already_checked, format_already_checked
from .claims import get_article, get_claim
from .formats.claimreview import claim_review
from .formats.csv import spreadsheet_file, write_csv
from .records import (
    DEFAULT_LABELS,
    Article,
    Review,
    Status,
    check_labels,
    check_url_template,
    claimant,
    fill_url_template,
)
from .review import current_reviews, format_evidence, visible_reviews

if TYPE_CHECKING:
    from .records import Account
    from .store.base import Store

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
    "frame",
    "speaker_unclear",
    "changed",
]
CHANGED = "changed in a new version"  # the ``changed`` cell of a claim whose words a new version changed


def export_rows(
    db: Store, viewer: Account | str | None = None, *, include_boilerplate: bool = False
) -> list[dict]:
    """One dict per claim, in article and reading order, with its group and current review; page furniture
    (kind ``boilerplate``) only with ``include_boilerplate``. ``source`` is the article's outlet.

    ``claimant`` is who makes the claim: the speaker (as a reviewer corrected it, if they did), or for an
    unattributed claim the outlet itself, but nobody for a claim whose speaker is unclear (``speaker_unclear``:
    a frame or quotation names someone the rules could not tell; ``frame`` holds the words that attribute);
    ``already_checked`` names the best earlier fact-check of the claim (empty if the archive has none);
    ``evidence_detail`` lists each evidence link with its stance and note; ``changed`` says "changed in a new
    version" for a claim whose words a new version of its article changed (its earlier review was not
    carried over). Claims of an article a newer version replaced are left out; ``group_sources`` counts
    outlets. With a ``viewer`` (the signed-in account), a first review they may not see yet is left out
    (``review.withheld_claims``); None is the database owner's view (the command line without --as):
    everything.
    """
    matches = already_checked(db)
    reviews = current_reviews(db) if viewer is None else visible_reviews(db, viewer)
    out = []
    for stored in db.claims.export_rows(include_boilerplate):
        review = reviews.get(stored["claim_id"]) or Review(stored["claim_id"])
        best = matches.get(stored["claim_id"])
        row = stored | {
            "claimant": "" if stored["speaker_unclear"] else claimant(stored["speaker"], stored["source"]),
            "status": review.status,
            "verdict": review.verdict,
            "note": review.note,
            "evidence": review.evidence,
            "reviewer": review.reviewer,
            "updated_at": review.updated_at,
            "already_checked": format_already_checked(best[0]) if best else "",
            # each link with its stance and note, "refutes: https://… (note)", one per line
            "evidence_detail": "\n".join(format_evidence(e) for e in review.evidence_items),
            "changed": CHANGED if stored["changed"] else "",
        }
        out.append({column: row[column] for column in EXPORT_COLUMNS})
    return out


def to_csv(rows: list[dict], columns: list[str] = EXPORT_COLUMNS, *, excel_de: bool = False) -> str:
    """The verdict CSV: ``rows`` (of ``export_rows``) with ``columns`` as header, every cell spreadsheet-safe.

    ``excel_de``: for German Excel, cells split at ";" and fractions written with a decimal comma.
    """
    return write_csv(rows, columns, delimiter=";" if excel_de else ",", decimal="," if excel_de else ".")


def csv_file(rows: list[dict], columns: list[str] = EXPORT_COLUMNS, *, excel_de: bool = False) -> bytes:
    """The verdict CSV as a file: UTF-8 with a byte-order mark, so Excel shows umlauts right."""
    return spreadsheet_file(to_csv(rows, columns, excel_de=excel_de))


def is_published(review: Review) -> bool:
    """Whether a review goes into the ClaimReview export: it is done and has a verdict."""
    return review.status == Status.DONE.value and bool(review.verdict)


def claim_reviews(
    db: Store,
    *,
    organisation: str = "",
    url_template: str = "",
    labels: str = DEFAULT_LABELS,
    by: Account | str | None = None,
) -> list[dict]:
    """A ClaimReview for every claim whose review is done and has a verdict, in article and reading order.

    ``by`` is the account that publishes: an editor or admin (records.AccessDenied otherwise).
    ``url_template`` ("https://factcheck.example.org/claims/{claim_id}", also ``{article_id}``) gives each
    fact-check's ``url``; without one, ``url`` is left out. Raises ``records.SettingsError`` (a ValueError)
    for a bad template or label language.
    """
    acting(db, by, "publish")
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


def unpublished_verdicts(db: Store) -> int:
    """How many claims have a verdict whose review is not done (left out of the ClaimReview export)."""
    return sum(1 for r in current_reviews(db).values() if r.verdict and not is_published(r))
