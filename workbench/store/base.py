"""The storage interface: what the domain modules call, grouped by table family.

Written from the calls the domain makes (no general-purpose query layer): each method does one thing the
workbench needs and is named for it. A backend implements ``Store`` with one object per family; SQLite is in
``store/sqlite/``, and a PostgreSQL backend (psycopg 3, pgvector) implements the same methods beside it; the
families whose SQL is the same on both are written once, in ``store/sql/``.
Every method that writes runs inside ``Store.write()``, which the domain opens around what must be stored
together (an article with its claims and vectors; a review with its history row).

Tables are written by one family each: articles; claims and speaker_changes (claims); embeddings (vectors);
claim_groups, group_suggestions and link_decisions (groups); reviews, review_history, group_verdicts and
second_reviews (reviews); factchecks and claim_factchecks (factchecks); feeds and feed_items (feeds); accounts
and account_sessions (accounts); claim_locks (locks); desk_settings and account_preferences (settings). The
full-text indexes follow their tables on their own (search reads them). One exception: ``copy`` (TableCopy)
reads and loads whole tables, for ``workbench copy-db``, which fills an empty database with another's rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # numpy is imported where vectors are handled, not by every command that opens the store
    import numpy as np

from ..records import (
    Account,
    ArchiveMatch,
    Article,
    Claim,
    ClaimLock,
    FactCheck,
    Feed,
    GroupMember,
    Review,
    SecondReview,
    Suggestion,
)

# The tables whose rows carry a text hash keying a vector: article claims and archived fact-checks.
VECTOR_TABLES = ("claims", "factchecks")

# The tables ``workbench copy-db`` moves from one database to another, in an order that loads every row after
# the rows it refers to. Left out on purpose: claim_locks (a claim on someone's screen, gone in minutes), the
# full-text indexes (each backend rebuilds its own from the rows), the record of applied migrations and the
# vector-index versions (both belong to the database itself, not to the desk: a copy is a new database).
COPY_TABLES = (
    "articles",
    "claims",
    "speaker_changes",
    "embeddings",
    "claim_groups",
    "group_suggestions",
    "link_decisions",
    "reviews",
    "review_history",
    "group_verdicts",
    "second_reviews",
    "factchecks",
    "claim_factchecks",
    "feeds",
    "feed_items",
    "accounts",
    "account_sessions",
    "desk_settings",
    "account_preferences",
)


class ArticleStore(Protocol):
    """The ``articles`` table: one row per stored article text."""

    def find_id(self, content_hash: str) -> int | None:
        """Id of the stored article with this content hash, if any."""

    def current_versions(self, url: str, outlet: str, title: str) -> list[tuple[int, str]]:
        """(id, "url" or "outlet and title") of the stored articles no newer version replaced that have this
        ``url`` (when given), then those with this ``outlet`` and ``title`` (when both are given), newest first."""

    def insert(self, article: Article, added_at: str) -> int:
        """Store a new article with the account that added it (``article.added_by``; the caller checked it is
        new) and ``article.replaces`` (the earlier version it replaces, or None); sets and returns
        ``article.id``."""

    def get(self, article_id: int) -> Article | None:
        """One stored article, or None."""

    def all(self) -> list[Article]:
        """Every stored article, oldest first."""


class ClaimStore(Protocol):
    """The ``claims`` table: the claims of each article, in reading order."""

    def insert(self, article_id: int, claims: Sequence[Claim]) -> list[int]:
        """Store the claims of one article (keyed for the vector cache by ``content_hash(claim.text)``); sets
        each claim's ``id`` and ``article_id`` and returns the ids. Speaker changes recorded for an earlier
        copy of the same text (whose claims are gone) are linked to the new claims with the same spans."""

    def get(self, claim_id: int) -> Claim | None:
        """One stored claim, or None."""

    def all(self, article_id: int | None = None) -> list[Claim]:
        """Stored claims, of one article or of all, in article and reading order."""

    def texts(self) -> dict[int, str]:
        """The text of every stored claim, by id."""

    def for_linking(self, claim_ids: Iterable[int] | None = None) -> dict[int, tuple[str, str, str, int]]:
        """What grouping compares of each claim (all, or those in ``claim_ids``), by id: (linking text: the
        resolved reading if any, else the text; its article's language; speaker; article id)."""

    def languages(
        self, claim_ids: Iterable[int] | None = None, article_ids: Iterable[int] | None = None
    ) -> dict[int, tuple[int, str]]:
        """(article id, article language) of every stored claim, by claim id: no texts, so cheap at 100k;
        with ``claim_ids``, of those claims; with ``article_ids``, of the claims of those articles (an ingest
        asks only for the claims it touches)."""

    def article_ids(self) -> dict[int, int]:
        """The article id of every stored claim, by claim id."""

    def exists(self, claim_id: int) -> bool:
        """Whether a claim with this id is stored."""

    def count(self) -> int:
        """How many claims are stored, page furniture (kind ``boilerplate``) and retired claims not counted."""

    def boilerplate_count(self) -> int:
        """How many stored claims are page furniture (kind ``boilerplate``)."""

    def set_scores(self, scores: Sequence[tuple[int, float, str]]) -> None:
        """Store (claim id, check-worthiness, the scorer that gave it) for each claim named."""

    def export_rows(self, include_boilerplate: bool = False) -> list[dict]:
        """One dict per claim, in article and reading order: the claim, its article (``source``: the outlet;
        title, url) and its group (group_id, group_size, group_sources: the group's distinct outlets; None when
        ungrouped), checkworthiness to 3 places, its frame, whether its speaker is unclear and ``changed``
        (bool). Page furniture only with ``include_boilerplate``; claims of replaced articles never."""

    def retire(self, article_id: int) -> list[int]:
        """Mark the claims of ``article_id`` retired (a newer version replaced it); returns their ids."""

    def set_speaker(self, claim_id: int, speaker: str, role: str, changed_by: str, changed_at: str) -> None:
        """Give an existing claim the speaker and role a reviewer chose (no longer unclear), and record the
        change (old and new, who, when, the article's content hash and the claim's span) in speaker_changes."""

    def speaker_changes(self, claim_id: int | None = None) -> list[dict]:
        """Every recorded speaker change (of one claim, or all), oldest first: change_id, claim_id,
        changed_at, changed_by, old_speaker, old_role, speaker, role."""

    def speaker_corrections(self, content_hash: str) -> dict[tuple[int, int], tuple[str, str]]:
        """(span_start, span_end) -> the latest (speaker, role) a reviewer set for a claim of the article
        text with this content hash: what a new ingest of the same text applies again."""


class VectorStore(Protocol):
    """The ``embeddings`` table: one vector per (model, text hash), so an unchanged text is embedded once."""

    def missing(self, model: str, hashes: Iterable[str]) -> set[str]:
        """The hashes among ``hashes`` that have no stored vector for ``model``."""

    def add(self, model: str, vectors_by_hash: dict[str, np.ndarray]) -> None:
        """Store vectors keyed by text hash; a vector already stored for a hash is kept."""

    def get(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``model`` for those of ``hashes`` that have one, by hash."""

    def unembedded_claims(self, model: str) -> dict[str, str]:
        """Text hash -> linking text (the resolved reading, else the text) of the stored claims that have no
        vector for ``model``."""

    def unembedded_factchecks(self, model: str) -> dict[str, FactCheck]:
        """Text hash -> archive item (claim and title only: what its search text is made of) of the stored
        items whose search text has no vector for ``model``."""

    def matrix(self, model: str, table: str, after_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(ids, matrix) of the rows of ``table`` (one of VECTOR_TABLES) with id > ``after_id`` that have a
        ``model`` vector, by id; a float32 row per id."""

    def chunks(
        self, model: str, table: str, size: int, ids: Sequence[int] | None = None
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        """(ids, matrix) of the rows of ``table`` with a ``model`` vector (all, or those in sorted ``ids``), by
        id, at most ``size`` rows at a time, so memory stays bounded however large the table grows."""

    def nearest(self, model: str, table: str, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(id, cosine) of the ``k`` rows of ``table`` (one of VECTOR_TABLES) whose ``model`` vector is nearest
        to ``vector`` (L2-normalised), best first: what search asks for, and on PostgreSQL an ingest's grouping. SQLite: exact (a FAISS IVF index
        from 300k rows) over the vectors kept in this process and in files beside the database
        (``vectors.kept``); PostgreSQL: the server's HNSW index (approximate), so a new process reads
        no vectors to search."""

    def count(self, model: str, table: str) -> int:
        """How many rows of ``table`` have a ``model`` vector (fewer than ``table_state``'s count: some still
        wait to be embedded)."""

    def table_state(self, table: str) -> tuple[int, int]:
        """(row count, largest id) of ``table``: what a cached index compares to see whether rows were added."""

    def index_version(self, table: str) -> tuple[str, int]:
        """(this database's identity, how often vectors of ``table`` changed other than by appended rows: a
        deleted row, a changed text or kind, a deleted or replaced vector). A kept index is current while
        this and ``table_state`` are what they were when it was built (or only more rows were appended)."""


class GroupStore(Protocol):
    """``claim_groups`` (derived), ``group_suggestions`` (derived) and ``link_decisions`` (a reviewer's word on
    a pair of claims, kept across every regroup; stored with claim_a < claim_b)."""

    def memberships(
        self, claim_ids: Iterable[int] | None = None, group_ids: Iterable[int] | None = None
    ) -> dict[int, int]:
        """Group id of every grouped claim, by claim id; with ``claim_ids``, of those claims only (the
        ungrouped ones absent); with ``group_ids``, of every member of those groups (an ingest into 100k
        claims reads the few groups it touches, not every row)."""

    def models(self) -> set[str]:
        """The models whose vectors made the stored groups."""

    def centres(self, group_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Each group's centre (the member with the highest similarity, 1.0), by group id; with
        ``group_ids``, of those groups only."""

    def members(self, group_id: int) -> list[int]:
        """The claims of one group, by claim id (empty for an unknown group)."""

    def group_of(self, claim_id: int) -> int | None:
        """The group of a claim, if it has been grouped."""

    def count(self, min_size: int) -> int:
        """How many groups have at least ``min_size`` claims."""

    def ungrouped_count(self) -> int:
        """How many stored claims have no group row."""

    def ungrouped_ids(self) -> list[int]:
        """Ids of the stored claims that have no group row."""

    def replace_all(self, memberships: Iterable[tuple], suggestions: Iterable[tuple]) -> None:
        """Replace every group row and every suggestion (rows as ``assign`` and ``add_suggestions`` take them)."""

    def assign(self, memberships: Iterable[tuple]) -> None:
        """Put claims into groups, replacing a claim's earlier row: (claim, group, model, similarity,
        probability, canonical) rows, where similarity is the cosine to the group's canonical statement,
        probability the pair judge's P(same assertion) with it (None: the canonical statement itself, or
        grouping by cosine thresholds) and canonical 1 for that statement; (claim, group, model, similarity)
        rows are taken as probability None, canonical 0."""

    def add_suggestions(self, suggestions: Iterable[tuple]) -> None:
        """Add (claim, group, via claim, cosine[, probability]) suggestions, keeping the best per (claim,
        group): the highest probability, or cosine where there is none."""

    def set_similarity(self, claim_id: int, similarity: float, probability: float | None) -> None:
        """Set a member's cosine and judge probability (to the member it joined through), as no canonical."""

    def suggestion(self, claim_id: int, group_id: int) -> tuple[int, float, float | None] | None:
        """(via claim, cosine, probability) of the suggestion of ``claim_id`` for ``group_id``, or None."""

    def rename(self, claim_ids: Sequence[int], group_id: int) -> None:
        """Give these claims the group ``group_id``, then drop suggestions made moot: those of a group that no
        longer exists, and those of a claim for its own group."""

    def suggestion_via(self, claim_id: int, group_id: int) -> int | None:
        """The member through which ``claim_id`` is suggested for ``group_id``, or None if it is not."""

    def remove_suggestion(self, claim_id: int, group_id: int) -> None:
        """Drop the suggestion of ``claim_id`` for ``group_id``."""

    def decide(self, claim_a: int, claim_b: int, decision: str, reviewer: str, decided_at: str) -> None:
        """Record (or replace) the decision on a pair (claim_a < claim_b): "same" or "different"."""

    def forget_decision(self, claim_a: int, claim_b: int, decision: str) -> None:
        """Drop the pair's decision if it is ``decision`` (claim_a < claim_b)."""

    def forget_claims(self, claim_ids: Sequence[int]) -> None:
        """Take these claims out of their groups and out of every suggestion (their article was replaced)."""

    def carry_decisions(self, successors: dict[int, int]) -> int:
        """Give every reviewer decision on a claim in ``successors`` (old id -> new id) to its successor too
        (the same words in a new version of the article); returns how many decisions were added."""

    def decision_pairs(self) -> list[tuple[int, int, str]]:
        """(claim_a, claim_b, decision) of every decision."""

    def decisions(self) -> list[dict]:
        """Every decision with its reviewer and time, newest first."""

    def listing(self, min_size: int, with_suggestions: bool) -> list[tuple[int, GroupMember]]:
        """(group id, member) of the groups with at least ``min_size`` claims (and, ``with_suggestions``, of
        every group with a suggestion), by group, most similar member first, then by claim id."""

    def suggestions(self) -> list[Suggestion]:
        """Every pending suggestion, most similar first."""


class ReviewStore(Protocol):
    """``reviews`` (the current state), ``review_history`` (one row per change), ``group_verdicts`` and
    ``second_reviews``."""

    def get(self, claim_id: int) -> Review | None:
        """The stored review of a claim, or None if nobody has touched it."""

    def all(self) -> dict[int, Review]:
        """The review of every claim anybody has touched, by claim id."""

    def save(self, review: Review, changed_by: str, source: str, via_group: int | None) -> None:
        """Store ``review`` as the claim's current state and add it to the claim's history with who changed
        it, where the change came from (claim, group, second_review, resolution) and the group it came via."""

    def history(self, claim_id: int | None = None) -> list[dict]:
        """Every change (of one claim, or all), oldest first: change_id, claim_id, changed_at, reviewer,
        status, verdict, note, evidence_items (list of Evidence), source, via_group."""

    def changes_by(self, reviewer: str) -> list[tuple[int, int, str, str]]:
        """The changes whose reviewer may be ``reviewer`` (case and outer spaces aside; a few other spellings
        may come too, for the caller to compare), oldest first: (change_id, claim_id, reviewer, verdict)."""

    def status_counts(self) -> dict[str, int]:
        """How many claims are in each status, claims nobody touched counted as "unreviewed"."""

    def add_group_verdict(
        self,
        group_id: int,
        verdict: str,
        note: str,
        reviewer: str,
        decided_at: str,
        members: Sequence[int] = (),
    ) -> None:
        """Record a verdict given to a whole group, with the claims it covered (the group's members then)."""

    def group_verdicts(self, group_id: int | None = None) -> list[dict]:
        """Every group verdict (of one group, or all), newest first: group_id, verdict, note, reviewer,
        decided_at, members (the claim ids it covered; None for a verdict stored before that was recorded)."""

    def following(self, group_id: int) -> list[int]:
        """The claims whose review follows a verdict given to this group (``via_group``), by id."""

    def second_review(self, claim_id: int) -> SecondReview | None:
        """The second review of a claim, if one was requested."""

    def second_reviews(self) -> list[SecondReview]:
        """Every second review, by claim id."""

    def add_second_review(self, second: SecondReview) -> None:
        """Record a requested second review (requester, time, first reviewer and verdict)."""

    def carry_second_review(self, from_claim: int, to_claim: int) -> bool:
        """Copy the second review of ``from_claim`` (if any) to ``to_claim``, the same words in a new version of
        its article; whether there was one to copy."""

    def record_second_verdict(self, second: SecondReview) -> None:
        """Store the second reviewer, verdict, note and time of ``second``."""

    def resolve_second_review(self, claim_id: int, reviewer: str, verdict: str, resolved_at: str) -> None:
        """Store who chose the final verdict after a second review, which one, and when."""

    def pending_second_reviews(self) -> list[SecondReview]:
        """Second reviews still without a verdict, oldest request first."""

    def differing_second_reviews(self, include_resolved: bool) -> list[SecondReview]:
        """Second reviews whose verdict differs from the first (unresolved ones, or all), by claim id."""


class FactCheckStore(Protocol):
    """``factchecks`` (the archive of earlier fact-checks) and ``claim_factchecks`` (derived matches)."""

    def stored_item_hashes(self, item_hashes: Sequence[str]) -> set[str]:
        """The item hashes among ``item_hashes`` that are stored."""

    def insert(self, items: Sequence[tuple[FactCheck, str, str]], added_at: str) -> int:
        """Store (item, item hash, text hash) rows, skipping items stored meanwhile; returns how many were
        added."""

    def count(self) -> int:
        """How many archive items are stored."""

    def page(self, limit: int, offset: int) -> list[FactCheck]:
        """Stored items in import order, ``limit`` of them from ``offset``."""

    def get_many(self, ids: Iterable[int]) -> list[FactCheck]:
        """The items with these ids, in the order given (unknown ids left out)."""

    def replace_matches(self, claim_ids: Sequence[int] | None, matches: Sequence[tuple]) -> None:
        """Replace the stored matches of these claims (None: of all claims) with (claim, item, cosine,
        relation, probability, conflicts) rows: relation "checked" or "related", the judge's probability
        (None without a judge), the kinds of detail that differ joined by commas. (claim, item, cosine) rows
        are taken as "checked" with no probability."""

    def matches(self, claim_ids: Iterable[int] | None = None) -> dict[int, list[ArchiveMatch]]:
        """The matched items of each claim (all, or those in ``claim_ids``), best first; claims without a
        match are left out."""


class SearchIndex(Protocol):
    """Full-text search over claims and archive items (BM25, or PostgreSQL's ts_rank), and the fields a search
    hit shows."""

    # What keyword_matches scores with: "bm25" (SQLite FTS5) or "ts_rank" (PostgreSQL); search.py fuses each
    # with the cosine at the weight tuned for it.
    keyword_score: str

    def keyword_matches(self, table: str, words: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """(id, BM25 score, higher is better) of the best rows of ``table`` matching any of ``words``."""

    def matched_words(self, table: str, words: Sequence[str], ids: Sequence[int]) -> dict[int, list[str]]:
        """For each id, the words of the row that matched ``words`` (as written there, lower-cased)."""

    def claim_hits(self, ids: Sequence[int]) -> dict[int, dict]:
        """For each claim id: text, source, speaker, verdict, status, date, url, title, article_id."""

    def factcheck_hits(self, ids: Sequence[int]) -> dict[int, dict]:
        """For each archive item id: text, source, speaker, verdict, status, date, url, title, external_id."""


class FeedStore(Protocol):
    """``feeds`` (the RSS/Atom feeds followed) and ``feed_items`` (the items already taken from each feed)."""

    def add(self, feed: Feed, added_at: str) -> int:
        """Follow a new feed as ``feed.added_by`` (the caller checked its address is not followed yet); sets
        and returns its id."""

    def find(self, url: str) -> Feed | None:
        """The followed feed with this address, or None."""

    def get(self, feed_id: int) -> Feed | None:
        """One followed feed, or None."""

    def all(self) -> list[Feed]:
        """Every followed feed, in the order they were followed, with how many articles each brought."""

    def remove(self, feed_id: int) -> None:
        """Stop following a feed and forget its items (the articles it brought stay)."""

    def seen(self, feed_id: int) -> set[str]:
        """The keys of the feed's items already taken (stored, or skipped for good)."""

    def mark_seen(
        self, feed_id: int, item_key: str, link: str, article_id: int | None, skipped: str, seen_at: str
    ) -> None:
        """Remember an item as taken: stored as ``article_id``, or skipped with the reason ``skipped``."""

    def record_poll(
        self, feed_id: int, polled_at: str, result: str, failed: bool, polled_by: str = ""
    ) -> None:
        """Remember when the feed was last polled and by which account, what came of it in one line, and
        whether something failed."""


class AccountStore(Protocol):
    """``accounts`` (who may act at the desk, in which role) and ``account_sessions`` (signed-in browsers, by
    the SHA-256 of their token). Password hashes never leave this family and the domain's accounts module."""

    def insert(self, account: Account, password_hash: str) -> int:
        """Store a new account (name checked unique by the caller); sets and returns ``account.id``."""

    def get(self, name: str) -> Account | None:
        """The account with this name (lower case), or None."""

    def all(self) -> list[Account]:
        """Every account, disabled ones included, by name."""

    def count(self) -> int:
        """How many accounts exist, disabled ones included."""

    def with_email(self, email: str) -> list[Account]:
        """The accounts with this email address (case aside), by name."""

    def with_subject(self, subject: str) -> Account | None:
        """The account mapped to this single sign-on subject, or None."""

    def password_hash(self, name: str) -> str:
        """The stored password hash of an account ("" for none)."""

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Replace an account's password hash ("" removes the password)."""

    def set_role(self, name: str, role: str) -> None:
        """Give an account another role."""

    def set_disabled(self, name: str, disabled_at: str) -> None:
        """Disable an account from ``disabled_at`` ("" enables it again)."""

    def set_identity(self, name: str, display_name: str, email: str, subject: str) -> None:
        """Replace an account's display name, email and single sign-on subject."""

    def add_session(self, token_hash: str, account_id: int, created_at: str, expires_at: str) -> None:
        """Store a new session of an account."""

    def session_account(self, token_hash: str, now: str) -> Account | None:
        """The account of the session with this token hash, if the session has not expired by ``now``."""

    def remove_session(self, token_hash: str) -> None:
        """End one session."""

    def remove_sessions(self, account_id: int) -> None:
        """End every session of an account."""

    def remove_expired_sessions(self, now: str) -> None:
        """Drop the sessions expired by ``now``."""


class LockStore(Protocol):
    """``claim_locks``: a claim on someone's screen in the review queue, held by an account until it expires."""

    def get(self, claim_id: int, now: str) -> ClaimLock | None:
        """The lock on a claim, if one is still held at ``now``."""

    def held(self, now: str) -> dict[int, ClaimLock]:
        """Every lock still held at ``now``, by claim id."""

    def put(self, claim_id: int, account: str, expires_at: str) -> None:
        """Lock a claim for ``account`` until ``expires_at`` (replacing any lock on it)."""

    def release(self, claim_id: int, account: str) -> None:
        """Drop ``account``'s lock on a claim (nothing if another account holds it)."""

    def release_all(self, account: str, keep: int | None = None) -> None:
        """Drop every lock ``account`` holds, except the one on claim ``keep``."""

    def remove_expired(self, now: str) -> None:
        """Drop the locks expired by ``now``."""


class SettingsStore(Protocol):
    """``desk_settings`` (one value per key for the whole desk) and ``account_preferences`` (per account)."""

    def desk(self) -> dict[str, str]:
        """The desk's stored settings, by key (keys never set are absent)."""

    def set_desk(self, key: str, value: str, changed_by: str, changed_at: str) -> None:
        """Store one desk setting with who changed it and when."""

    def preferences(self, account_id: int) -> dict[str, str]:
        """One account's stored preferences, by key."""

    def set_preference(self, account_id: int, key: str, value: str) -> None:
        """Store one preference of an account."""


class TableCopy(Protocol):
    """Whole tables in and out, for ``workbench copy-db``: rows in a form both backends share (the column
    names of the SQLite schema; text, integers, floats and None; a vector as little-endian float32 bytes; a
    flag as 0 or 1), ids kept. Only the tables in COPY_TABLES."""

    def columns(self, table: str) -> list[str]:
        """The columns of ``table``, in the shared form's names and in schema order."""

    def counts(self) -> dict[str, int]:
        """Rows of every table in COPY_TABLES, by table."""

    def rows(self, table: str, batch: int) -> Iterator[list[tuple]]:
        """Every row of ``table`` as tuples in ``columns(table)`` order, by primary key, ``batch`` at a time.
        Call it inside ``snapshot()`` so that all tables come from one moment."""

    def snapshot(self) -> AbstractContextManager[None]:
        """A read transaction: everything read inside sees the database as it was when it began, while
        others keep writing."""

    def load_rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        """Insert rows into ``table`` as they are, ids included (inside ``Store.write()``)."""

    def finish_load(self) -> None:
        """After a load, inside the same write: set whatever hands out new ids (sequences) past the largest
        id loaded, and bring derived indexes up to date."""


class Store(Protocol):
    """One open workbench database: a family object per group of tables, write transactions, backup."""

    articles: ArticleStore
    claims: ClaimStore
    vectors: VectorStore
    groups: GroupStore
    reviews: ReviewStore
    factchecks: FactCheckStore
    search: SearchIndex
    feeds: FeedStore
    read_only: bool  # opened without write access: reading works, ``write()`` raises ReadOnlyError
    notes: list[str]  # what the user should hear about how the file was opened (read-only, was empty)
    accounts: AccountStore
    locks: LockStore
    settings: SettingsStore
    copy: TableCopy

    @property
    def location(self) -> str | None:
        """What names this database for caches in the process (a file path, or a PostgreSQL URL without its
        password); None for a private one."""

    def write(self) -> AbstractContextManager[Store]:
        """A write transaction that holds the write lock from its start (nested: a savepoint); raises
        ReadOnlyError on a database opened read-only."""

    def backup(self, target: str | Path) -> Path:
        """A consistent copy of the (possibly live) database in the new file ``target``."""

    def check(self) -> dict:
        """The database's health: ``integrity`` ("ok" or the problems found), ``schema`` (the last migration
        applied) and ``counts`` (rows of the main tables: articles, claims, reviews, factchecks)."""

    def explain(self, exc: BaseException) -> str | None:
        """A one-line message for a storage error met on this database (damaged file, full disk,
        read-only, busy); None for any other exception."""

    def close(self) -> None:
        """Close the connection."""
