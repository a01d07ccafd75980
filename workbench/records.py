"""Records that cross module boundaries, the review vocabulary (statuses, verdicts and their words), the
desk's roles and what each may do, the errors callers catch, and the small rules every layer shares, written
once here: who the claimant of a claim is, when "now" is, whether two reviewer names are one person, which
addresses are safe web links, and how a count reads in words.

Standard library only, so every layer may import it.
"""

from __future__ import annotations

import errno
import hashlib
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from urllib.parse import urlsplit


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
    # page furniture that slipped through extraction (a menu, "Share on …", "4 Min Read", a lone date, a
    # byline, a photo credit): kept with its article, but out of the queue, groups, counts and exports
    BOILERPLATE = "boilerplate"


class Stance(str, Enum):
    """What an evidence link does to the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"  # background that neither supports nor refutes (also: links stored before stances)


class Role(str, Enum):
    """What an account may do at the desk; each role may do everything of the roles before it."""

    REVIEWER = (
        "reviewer"  # reviews claims, sends them to a second review, adds articles (links too), polls feeds
    )
    EDITOR = "editor"  # also group verdicts, links (accept, reject, merge, split, regroup), resolutions, publishing,
    # and which feeds the desk follows
    ADMIN = "admin"  # also accounts and the desk's settings


KINDS = [k.value for k in Kind]
STATUSES = [s.value for s in Status]
VERDICTS = [v.value for v in Verdict]
STANCES = [s.value for s in Stance]
ROLES = [r.value for r in Role]

# What each action needs, at least: the one table of permissions, read by accounts.require (the library refuses)
# and by the app (it hides what the signed-in role may not do).
PERMISSIONS: dict[str, Role] = {
    "review": Role.REVIEWER,  # set a claim's review, decide in the queue, give or ask for a second review
    # add articles as an account (files, pasted text, links) and poll the followed feeds: bringing articles in
    # is everyday work of the whole desk, as uploads were before accounts
    "ingest": Role.REVIEWER,
    # follow or unfollow a feed: what the desk watches is an editorial choice, and whoever may start watching
    # an outlet may also stop a mistake (unfollowing keeps the articles a feed brought)
    "feeds": Role.EDITOR,
    "group_verdict": Role.EDITOR,
    "links": Role.EDITOR,  # accept or reject suggestions, merge, split, regroup
    "resolve": Role.EDITOR,  # choose the final verdict after two differing reviews
    "publish": Role.EDITOR,  # the ClaimReview export
    "accounts": Role.ADMIN,
    "desk_settings": Role.ADMIN,
}
ACTION_WORDS = {
    "review": "review claims",
    "ingest": "add articles or poll feeds",
    "feeds": "follow or unfollow feeds",
    "group_verdict": "set group verdicts",
    "links": "change groups (accept, reject, merge, split, regroup)",
    "resolve": "resolve disagreements",
    "publish": "publish ClaimReview",
    "accounts": "manage accounts",
    "desk_settings": "change the desk's settings",
}


def role_allows(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` (a key of PERMISSIONS); an unknown role may do nothing."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(PERMISSIONS[action].value)


# Workflow statuses in words, for every place a status is shown (the stored value stays the code).
STATUS_LABELS = {
    Status.UNREVIEWED.value: "Unreviewed",
    Status.IN_PROGRESS.value: "In progress",
    Status.NEEDS_SECOND_REVIEW.value: "Needs second review",
    Status.DONE.value: "Done",
}


def status_label(status: str) -> str:
    """The workflow status in words ("needs_second_review" -> "Needs second review")."""
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """A count with its noun in the right number: "1 claim", "2 claims", "0 claims" (``nouns`` if irregular)."""
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


# The verdict in words. German follows the scale of German fact-checkers (CORRECTIV: Richtig, Größtenteils
# richtig, Teilweise falsch, Größtenteils falsch, Falsch, Unbelegt).
VERDICT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        Verdict.TRUE.value: "True",
        Verdict.MOSTLY_TRUE.value: "Mostly true",
        Verdict.MIXED.value: "Mixed",
        Verdict.MOSTLY_FALSE.value: "Mostly false",
        Verdict.FALSE.value: "False",
        Verdict.UNVERIFIABLE.value: "Unverifiable",
        Verdict.NOT_CHECKWORTHY.value: "Not check-worthy",
        Verdict.OPINION.value: "Opinion",
        Verdict.NOT_A_CLAIM.value: "Not a claim",
    },
    "de": {
        Verdict.TRUE.value: "Richtig",
        Verdict.MOSTLY_TRUE.value: "Größtenteils richtig",
        Verdict.MIXED.value: "Teilweise falsch",
        Verdict.MOSTLY_FALSE.value: "Größtenteils falsch",
        Verdict.FALSE.value: "Falsch",
        Verdict.UNVERIFIABLE.value: "Unbelegt",
        Verdict.NOT_CHECKWORTHY.value: "Nicht prüfenswert",
        Verdict.OPINION.value: "Meinung",
        Verdict.NOT_A_CLAIM.value: "Keine Tatsachenbehauptung",
    },
}
LABEL_LANGUAGES = tuple(VERDICT_LABELS)
DEFAULT_LABELS = "en"

# The languages the claim pipeline splits; an article in any other is stored, if at all, as OTHER_LANGUAGE.
LANGUAGES = ("de", "en")
OTHER_LANGUAGE = "other"

# The placeholders a URL template may hold.
URL_PLACEHOLDERS = ("claim_id", "article_id")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


# --- errors ------------------------------------------------------------------------------------------------


class SettingsError(ValueError):
    """A setting that cannot be used; the message says what is allowed."""


class ModelSwitch(ValueError):
    """An ingest or regroup with a model other than the one the stored groups were made with (it would regroup
    them all); said in one line, with how to switch on purpose."""


class ReviewError(ValueError):
    """A review that cannot be recorded (unknown claim, status or verdict, bad evidence link)."""


class StoreError(ValueError):
    """A database that cannot be opened or written as asked; the message names the file and what to do."""


class ReadOnlyError(StoreError):
    """A write to a database that was opened read-only (a file or folder without write permission)."""


class AccountError(ValueError):
    """An account that cannot be created, found, changed or signed in; the message says why."""


class AccessDenied(PermissionError):
    """The acting account may not do this (its role, or it is disabled, or no account was named)."""


class VerdictOverwrite(ReviewError):
    """The change would replace the verdict another account gave; ``current`` is the review as it is now.

    Nothing was written: the caller asks the user first, naming ``current.verdict_by``, and saves again with
    ``overwrite=True``.
    """

    def __init__(self, current: Review, verdict: str) -> None:
        self.current = current
        self.verdict = verdict
        super().__init__(
            f"claim {current.claim_id} has {current.verdict_by}'s verdict {current.verdict}; replacing it with"
            f" {verdict or 'no verdict'} overwrites their work: confirm to overwrite"
        )


class ReviewConflict(ReviewError):
    """The claim's review changed since the caller loaded it; ``current`` is what it is now."""

    def __init__(self, current: Review, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        who = current.reviewer or "someone"
        super().__init__(
            f"claim {current.claim_id} was changed by {who} at {current.updated_at} since you loaded it"
            f" (version {expected_version} -> {current.version}): now status {current.status},"
            f" verdict {current.verdict or '-'}; look at it and save again to overwrite"
        )


def describe_error(exc: BaseException) -> str:
    """One line for a user about an exception that no command or page turned into a message of its own (the
    store's ``explain`` goes first for database errors): a full disk, a file that cannot be read, input nested
    too deeply, no memory left; anything else is named as unexpected."""
    if isinstance(exc, (StoreError, ReviewError, SettingsError)):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return f"{where}the disk is full ({exc.strerror}); nothing was written"
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "out of memory; try a smaller input"
    detail = " ".join(str(exc).split())[:300]
    return f"unexpected error ({type(exc).__name__}: {detail})"


# --- shared rules ------------------------------------------------------------------------------------------


def utc_now() -> str:
    """The current time as stored everywhere: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# Characters that change how text reads without showing themselves: bidi embeddings, overrides, isolates and
# marks (U+202A-202E, U+2066-2069, U+200E/200F, U+061C: they make "bob" display as something else), zero-width
# spaces and joiners (U+200B-200D, U+2060, U+FEFF: "3\u200b0" would split a number, "anna\u200b" be a second
# person), the soft hyphen, the combining grapheme joiner, invisible operators, interlinear annotation marks
# and tag characters. All are Unicode format characters (category Cf) except U+034F; the Cf characters left
# alone (Arabic, Syriac, Kaithi, Egyptian and musical format signs) show or shape text in their scripts.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # after line-break handling: all but \t and \n
_LINE_BREAKS = re.compile("\r\n?")
# Letters that show as blank space (Hangul fillers, the braille blank): in a name they are space.
_BLANK_LETTERS = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800"), " ")


def strip_invisible(text: str) -> str:
    """``text`` without the invisible characters above (bidi controls, zero-width characters, soft hyphens)."""
    return _INVISIBLE.sub("", text)


def clean_text(text: str) -> str:
    """Text as the workbench takes it in: newlines as \\n (also CR and CRLF), control characters other than \\n
    and \\t removed, invisible characters removed, NFC. (U+2028 and U+2029 stay: a JSON line may hold them
    inside a string, and the sentence splitter ends sentences at them.)"""
    text = _LINE_BREAKS.sub("\n", text)
    return unicodedata.normalize("NFC", strip_invisible(_CONTROL.sub("", text)))


def clean_name(name: str) -> str:
    """A person's name as stored and compared: compatibility-normalised (NFKC: full-width and styled letters
    become plain ones), without invisible characters, controls or blank letters, one space between words."""
    name = unicodedata.normalize("NFKC", name or "")
    name = strip_invisible(_CONTROL.sub(" ", name)).translate(_BLANK_LETTERS)
    return " ".join(name.split())


def same_person(a: str, b: str) -> bool:
    """Whether two reviewer names name one person: equal after ``clean_name``, case aside."""
    return clean_name(a).casefold() == clean_name(b).casefold()


def claimant(speaker: str, outlet: str) -> str:
    """Who makes a claim: its speaker, or for an unattributed claim the outlet that printed it."""
    return speaker or outlet


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) address without spaces (never ``javascript:``, ``file:`` ...)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[": a malformed host
        return False
    return (
        parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)
    )


def url_host(url: str) -> str:
    """The host of a web address without a leading "www." ("" when ``url`` is no http(s) address)."""
    if not is_web_url(url):
        return ""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_date(date: str) -> str:
    """``date`` stripped if it is a day written YYYY-MM-DD ("" stays ""); raise SettingsError otherwise."""
    date = (date or "").strip()
    if not date:
        return ""
    try:
        if not _ISO_DAY.fullmatch(date):
            raise ValueError
        datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        raise SettingsError(f"not a date: {date!r}; write it as YYYY-MM-DD, e.g. 2024-05-31") from None
    return date


def is_loopback(address: str | None) -> bool:
    """Whether an address (an IP address, or "localhost") is this machine's loopback: what `workbench serve`
    may bind to, and the local desk may sign in, while no account exists."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def check_labels(labels: str) -> str:
    """``labels`` if it names a label language ("en" or "de"); raise SettingsError otherwise."""
    lang = (labels or "").strip().lower()
    if lang not in VERDICT_LABELS:
        raise SettingsError(f"unknown label language {labels!r}; choose one of {', '.join(LABEL_LANGUAGES)}")
    return lang


def verdict_label(verdict: str, labels: str = DEFAULT_LABELS) -> str:
    """The verdict in words in the label language ("mostly_false" -> "Mostly false" / "Größtenteils falsch").

    A verdict without a label (one added later to the vocabulary) reads as its value with spaces.
    """
    return VERDICT_LABELS[check_labels(labels)].get(verdict, verdict.replace("_", " ").capitalize())


def check_url_template(template: str) -> str:
    """``template`` stripped, if it is an absolute http(s) address whose only placeholders are
    ``{claim_id}`` and ``{article_id}`` and that holds at least one of them; "" stays "" (no address).

    Raises SettingsError otherwise. Only these two placeholders are replaced (never ``str.format``, which
    would let a template reach into attributes), and the result is a web link like every other address the
    workbench shows.
    """
    template = (template or "").strip()
    if not template:
        return ""
    names = _PLACEHOLDER.findall(template)
    unknown = [n for n in names if n not in URL_PLACEHOLDERS]
    if unknown:
        raise SettingsError(
            f"unknown placeholder {{{unknown[0]}}} in the URL template; use {{claim_id}} or {{article_id}}"
        )
    if not names:
        raise SettingsError(
            "the URL template needs {claim_id} or {article_id}, e.g. https://factcheck.example.org/claims/{claim_id}"
        )
    example = fill_url_template(template, 1, 1, checked=True)
    try:
        urlsplit(example)
    except ValueError as exc:
        raise SettingsError(f"the URL template is no web address: {template!r}") from exc
    if not is_web_url(example):
        raise SettingsError(f"the URL template must be an http(s) address without spaces, got {template!r}")
    if "{" in example or "}" in example:
        raise SettingsError(f"unbalanced braces in the URL template {template!r}")
    return template


def fill_url_template(template: str, claim_id: int, article_id: int, *, checked: bool = False) -> str:
    """The address of one claim's fact-check: the template with its placeholders filled ("" without one)."""
    if not checked:
        template = check_url_template(template)
    return template.replace("{claim_id}", str(claim_id)).replace("{article_id}", str(article_id))


def content_hash(text: str) -> str:
    """SHA-256 of text with whitespace folded, so re-wrapped copies of one text hash alike."""
    folded = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One article as ingested: ``text`` is the body that claim offsets refer to.

    ``source`` is where it came from as given (a batch's ``source`` field, else the file name, the link or
    "pasted"); ``outlet`` is the outlet shown everywhere (the app, the CSV's ``source`` column, ClaimReview's
    publisher): the one the user or the batch named, else the page's site name, else the link's host; an
    article made without one shows its ``source``. ``lang`` is "de", "en" or "other" with
    ``lang_confidence`` (0-1); ``note`` says what the reader or the pipeline had to do (e.g. a page read as
    plain text, an article in another language kept without claims). ``added_by`` is the account that added
    it ("" when it came in without one: a script, the command line's ``ingest`` of files without --as, or
    before accounts).
    """

    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    date: str = ""
    external_id: str = ""
    lang: str = ""
    id: int | None = None
    outlet: str = ""
    author: str = ""
    lang_confidence: float = 0.0
    note: str = ""
    # the earlier version of this article (same URL, or same outlet and title) that it replaces, and the
    # newer version that replaced it (None: none); a replaced article keeps its claims and their history
    replaces: int | None = None
    replaced_by: int | None = None
    added_by: str = ""

    def __post_init__(self) -> None:
        if not self.outlet:
            self.outlet = self.source

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
    ``resolved`` is the text with what a referring phrase ("ein solcher Deal", "the move") stands for in
    brackets after it, "" when the text reads on its own; grouping compares ``linking_text``.
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
    resolved: str = ""
    id: int | None = None
    article_id: int | None = None
    # ``changed``: new or changed in a new version of its article (the earlier version's review was not
    # carried over); ``retired``: its article was replaced by a newer version (kept, out of groups and counts)
    changed: bool = False
    retired: bool = False
    frame: str = ""  # the words that made the attribution ("sagte Allendorf"; "earlier: …" when carried over)
    speaker_unclear: bool = False  # a frame or quotation whose speaker could not be told for sure
    # which model gave ``checkworthiness``: "<model version>/vector" or "<model version>/ngram"
    # (text.checkworthy.scorer); "" only on a claim not scored yet
    checkworthiness_model: str = ""

    def __post_init__(self) -> None:
        # a claim made without span offsets spans its whole sentence
        if self.span_start < 0:
            self.span_start = self.start
        if self.span_end < 0:
            self.span_end = self.end

    @property
    def linking_text(self) -> str:
        """What grouping embeds and compares: the resolved reading where there is one, else the text."""
        return self.resolved or self.text


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
    verdict_by: str = ""  # the account that gave the current verdict ("" for none, or stored before accounts)


@dataclass
class Account:
    """Someone who may sign in at the desk: ``name`` is what history rows record (lower case, unique).

    ``has_password``: a desk sign-in is possible (single sign-on accounts may have none); ``email`` and
    ``subject`` map a single sign-on identity to the account; ``disabled_at`` is set for an account that may
    no longer act (its history stays).
    """

    name: str
    role: str
    display_name: str = ""
    email: str = ""
    subject: str = ""
    created_at: str = ""
    disabled_at: str = ""
    has_password: bool = False
    id: int | None = None

    @property
    def active(self) -> bool:
        return not self.disabled_at

    @property
    def label(self) -> str:
        """How the app names the account: "Anna Berg (anna)", or the name alone."""
        return f"{self.display_name} ({self.name})" if self.display_name else self.name

    def may(self, action: str) -> bool:
        """Whether this account may do ``action`` (see PERMISSIONS); a disabled account may do nothing."""
        return self.active and role_allows(self.role, action)


@dataclass
class DeskSettings:
    """What the whole desk shares: the organisation it publishes as, the address template of a published
    fact-check, and the language of the verdict words (``en`` or ``de``) it publishes in."""

    organisation: str = ""
    url_template: str = ""
    labels: str = DEFAULT_LABELS


@dataclass
class ClaimLock:
    """A claim on someone's screen in the review queue: others' queues skip it until ``expires_at``."""

    claim_id: int
    account: str
    expires_at: str


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
    # claims that follow an earlier verdict on this group but have left it since: not reached, keep theirs
    left: list[int] = field(default_factory=list)


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


@dataclass
class GroupMember:
    """A claim as shown in a group: who said it where."""

    claim_id: int
    article_id: int
    source: str
    title: str
    speaker: str
    text: str
    similarity: float  # cosine to the group's canonical statement (1 for the statement itself)
    status: str
    verdict: str
    lang: str = ""
    probability: float | None = None  # the pair judge's P(same assertion) with the canonical statement
    canonical: bool = False  # the group's canonical statement: its most central member
    resolved: str = ""  # the claim with what a referring phrase stands for ("" when it reads on its own)


@dataclass
class Suggestion:
    """A claim that may make the same assertion as a group: ``via`` is the member it is most similar to."""

    claim_id: int
    group_id: int
    via_claim: int
    similarity: float  # cosine to the via claim
    text: str
    source: str
    speaker: str
    probability: float | None = None  # the pair judge's P(same assertion) with the via claim
    resolved: str = ""


@dataclass
class Group:
    """Claims making the same assertion; ``sources`` counts the distinct outlets among them (two articles of
    one outlet, or two versions of one article, are one source)."""

    id: int
    members: list[GroupMember] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def sources(self) -> int:
        return len({_outlet_key(m.source, m.article_id) for m in self.members})

    @property
    def canonical(self) -> GroupMember | None:
        """The group's canonical statement: its marked member, else the most similar (the first listed)."""
        return next((m for m in self.members if m.canonical), self.members[0] if self.members else None)

    def spans(self, outlets: int) -> bool:
        """Whether the group reaches ``outlets`` outlets among its members and suggested claims together (a
        suggestion may bring the second outlet)."""
        members = {_outlet_key(m.source, m.article_id) for m in self.members}
        suggested = {_outlet_key(s.source, -s.claim_id) for s in self.suggestions}
        return len(members | suggested) >= outlets


def _outlet_key(outlet: str, unnamed: int) -> str:
    """An outlet as compared ("Tagesschau" and "tagesschau " alike); an article without one counts alone."""
    return " ".join(outlet.casefold().split()) or f"#{unnamed}"


@dataclass
class Feed:
    """An RSS or Atom feed followed: its address, the outlet the user named for it ("": each page's own site
    name), its title, and how its last poll went (``polled_at`` "" until polled; ``result`` one line).
    ``added_by`` is the account that followed it, ``polled_by`` the one that polled it last ("" before
    accounts)."""

    url: str
    outlet: str = ""
    title: str = ""
    id: int | None = None
    added_at: str = ""
    polled_at: str = ""
    result: str = ""
    failed: bool = False
    articles: int = 0  # articles stored from it
    added_by: str = ""
    polled_by: str = ""


@dataclass
class ArchiveMatch:
    """An archive item matching an article claim; ``score`` is their cosine similarity.

    ``relation`` is "checked" when the item checked the same assertion ("already checked") and "related"
    when it reads alike but is not the same assertion: the pair judge says no, or a detail differs
    (``conflicts``: "number", "date", "place", "actor"), e.g. a fact-check of "54 percent" for a claim of
    "45 percent". ``probability`` is the judge's P(same assertion), None where no judge was used."""

    factcheck_id: int
    score: float
    claim: str
    verdict: str
    publisher: str
    date: str
    url: str
    relation: str = "checked"
    probability: float | None = None
    conflicts: tuple[str, ...] = ()

    @property
    def checked(self) -> bool:
        """Whether the item checked this very assertion (not only something related)."""
        return self.relation == "checked"
