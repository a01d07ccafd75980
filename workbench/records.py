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


STATUSES = [s.value for s in Status]
VERDICTS = [v.value for v in Verdict]


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

    ``sentence == article.text[start:end]``; ``text`` is the assertion itself, with any reporting
    frame ("sagte Miller", "according to X") removed and kept in ``speaker``.
    """

    text: str
    sentence: str
    start: int
    end: int
    speaker: str = ""
    checkworthiness: float = 0.0
    position: int = 0
    id: int | None = None
    article_id: int | None = None


@dataclass
class Review:
    """The current review state of one claim."""

    claim_id: int
    status: str = Status.UNREVIEWED.value
    verdict: str = ""
    note: str = ""
    evidence: list[str] = field(default_factory=list)
    reviewer: str = ""
    updated_at: str = ""


@dataclass
class SearchHit:
    """A stored claim found similar to a query."""

    claim_id: int
    score: float
    text: str
    article_id: int
    source: str
    title: str
    speaker: str
    status: str
    verdict: str
