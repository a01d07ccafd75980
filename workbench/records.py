"""Records that cross module boundaries, and the review vocabulary (statuses and verdicts)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    """Where a claim is in the review workflow (kept apart from the verdict)."""

    UNREVIEWED = "unreviewed"
    IN_PROGRESS = "in_progress"
    NEEDS_SECOND_REVIEW = "needs_second_review"
    DONE = "done"


class Verdict(str, Enum):
    """The outcome of a check; the last three are non-verdicts (nothing was rated)."""

    TRUE = "true"
    MOSTLY_TRUE = "mostly_true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly_false"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"
    NOT_CHECKWORTHY = "not_checkworthy"
    OPINION = "opinion"
    NOT_A_CLAIM = "not_a_claim"


class Kind(str, Enum):
    """What a sentence part asserts: only ``claim`` is a checkable assertion; the others are kept and marked
    so a reviewer sees that nothing was dropped."""

    CLAIM = "claim"
    QUESTION = "question"
    HEADLINE = "headline"  # a title-like line without an assertion
    OPINION = "opinion"  # a pure value judgement


class Stance(str, Enum):
    """What an evidence link does to the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"  # background that neither supports nor refutes (also: links stored before stances)


KINDS = [k.value for k in Kind]
STATUSES = [s.value for s in Status]
VERDICTS = [v.value for v in Verdict]
STANCES = [s.value for s in Stance]


def content_hash(text: str) -> str:
    """SHA-256 of text with whitespace folded, so re-wrapped copies of one text hash alike."""
    folded = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One article as ingested: ``text`` is the body that claim offsets refer to."""

    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    date: str = ""
    external_id: str = ""
    lang: str = ""
    id: int | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class Claim:
    """An assertion found in an article.

    ``sentence == article.text[start:end]``; ``article.text[span_start:span_end]`` is the part of the
    sentence this assertion came from (the whole sentence unless the sentence holds several). ``text`` is
    the assertion itself, with any reporting frame ("sagte Miller", "according to X") removed and kept in
    ``speaker`` (a name) and ``role`` ("Sprecher des US-Außenministeriums"). ``kind`` is one of KINDS.
    """

    text: str
    sentence: str
    start: int
    end: int
    speaker: str = ""
    checkworthiness: float = 0.0
    position: int = 0
    role: str = ""
    kind: str = "claim"
    span_start: int = -1
    span_end: int = -1
    id: int | None = None
    article_id: int | None = None

    def __post_init__(self) -> None:
        # a claim made without span offsets spans its whole sentence
        if self.span_start < 0:
            self.span_start = self.start
        if self.span_end < 0:
            self.span_end = self.end


@dataclass
class Evidence:
    """An evidence link (http/https) with its stance (one of STANCES) and the reviewer's note on it."""

    url: str
    stance: str = Stance.CONTEXT.value
    note: str = ""


@dataclass
class Review:
    """The current review state of one claim.

    ``evidence`` are the links in the order they were added; ``evidence_items`` the same links with their
    stance and note. ``via_group`` is the group whose verdict the claim follows (None: the verdict, if any,
    was set on the claim itself). ``hidden`` is True when ``review.review_for`` withheld the first review
    (verdict, note, evidence) from a reviewer who has yet to give a blind second verdict.
    """

    claim_id: int
    status: str = Status.UNREVIEWED.value
    verdict: str = ""
    note: str = ""
    evidence: list[str] = field(default_factory=list)
    reviewer: str = ""
    updated_at: str = ""
    version: int = 0  # accepted changes so far; 0 = never reviewed
    evidence_items: list[Evidence] = field(default_factory=list)
    via_group: int | None = None
    hidden: bool = False


@dataclass
class SecondReview:
    """A claim marked for a blind second review, and what became of it.

    ``first_reviewer``/``first_verdict`` are the claim's review when the second one was requested; the second
    reviewer's verdict is ``verdict`` (empty until given); ``resolved_verdict`` is the final verdict someone
    chose after the two were compared (empty until resolved).
    """

    claim_id: int
    requested_by: str
    requested_at: str
    first_reviewer: str
    first_verdict: str
    reviewer: str = ""
    verdict: str = ""
    note: str = ""
    reviewed_at: str = ""
    resolved_by: str = ""
    resolved_verdict: str = ""
    resolved_at: str = ""

    @property
    def decided(self) -> bool:
        """The second reviewer has given a verdict."""
        return bool(self.verdict)

    @property
    def disagrees(self) -> bool:
        """Both verdicts are in and they differ."""
        return self.decided and self.verdict != self.first_verdict


@dataclass
class GroupVerdictResult:
    """What ``review.set_group_verdict`` did to each member of the group."""

    group_id: int
    verdict: str
    updated: list[int] = field(
        default_factory=list
    )  # members now at the group's verdict (one history row each)
    unchanged: list[int] = field(default_factory=list)  # members that already followed it
    kept: list[int] = field(default_factory=list)  # members whose verdict was set on the claim itself


@dataclass
class PairAgreement:
    """How two reviewers agree over the ``n`` claims both reviewed (first and second review).

    ``raw`` is the share of identical verdicts; ``kappa`` is Cohen's kappa (agreement beyond chance), None
    when it is undefined (both reviewers gave one and the same verdict throughout).
    """

    reviewer_a: str
    reviewer_b: str
    n: int
    raw: float
    kappa: float | None


@dataclass
class SearchHit:
    """A stored claim or an archived fact-check found similar to a query.

    ``score`` ranks the hits (BM25 and cosine fused, see search.py); ``cosine`` and ``bm25`` are the two
    parts (None when the hit was not among that method's candidates); ``matched`` are the query words
    found in the hit (stemmed, as the full-text index matches them).
    """

    kind: str  # "claim" (an article claim) or "factcheck" (an archived fact-check)
    id: int  # claims.id or factchecks.id
    score: float
    text: str
    cosine: float | None = None
    bm25: float | None = None
    matched: list[str] = field(default_factory=list)
    source: str = ""  # the outlet of a claim, the publisher of a fact-check
    speaker: str = ""  # who made the claim (the claimant of a fact-check)
    verdict: str = ""
    status: str = ""  # review status of a claim; "published" for a fact-check
    date: str = ""
    url: str = ""
    title: str = ""
    article_id: int | None = None
    external_id: str = ""  # a fact-check's own id in its archive

    @property
    def match_id(self) -> str:
        """The id a user looks the hit up by: the archive item's own id, else the row id."""
        return self.external_id or str(self.id)


@dataclass
class FactCheck:
    """A claim fact-checked earlier, as published (by us or another fact-checker): the archive item."""

    claim: str
    verdict: str = ""
    publisher: str = ""
    url: str = ""
    title: str = ""
    date: str = ""
    claimant: str = ""
    external_id: str = ""  # the item's own id in the archive it came from
    lang: str = ""
    origin: str = ""  # the file it was imported from
    id: int | None = None

    def search_text(self) -> str:
        """What search and matching compare with: the claim, and the title when it adds words."""
        if self.title and self.title.strip().lower() not in self.claim.lower():
            return f"{self.claim} {self.title}".strip()
        return self.claim
