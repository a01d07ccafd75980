"""Following RSS and Atom feeds: follow, unfollow, list, and poll (fetch each feed, ingest the items not seen
before).

An item is remembered per feed, in the same write transaction that stores its article, so a poll that dies
half-way leaves every item either stored and remembered or neither; the next poll takes up the rest. An
item that fails (its page times out, is missing, is not HTML …) is reported and not remembered, so the next
poll tries it again; an item that can never become an article (no link, another language) is remembered as
skipped with the reason. A feed that fails is reported, and its last result is kept for the Articles page.

Each of these acts as an account (records.PERMISSIONS): following and unfollowing is an editor's or an
admin's choice ("feeds"); polling adds articles, which every account may do ("ingest"). The account that
followed a feed, that polled it last, and that added each article is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .accounts import acting
from .formats.files import IngestError, clean, one_line
from .records import Account, Article, Feed, plural, utc_now

if TYPE_CHECKING:
    from .formats.feeds import FeedItem
    from .pipeline import Progress
    from .store.base import Store
    from .vectors.embedders import Embedder

FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
MAX_NEW_ITEMS = 30  # pages fetched per feed and poll at most; the rest come with the next poll


class FeedError(ValueError):
    """A feed that cannot be followed or unfollowed; the message is one line."""


@dataclass
class PollResult:
    """What polling one feed did: articles added, items already seen or stored, items skipped for good
    (with reasons), items that failed (one line each; tried again next poll), or the feed's own ``error``."""

    feed: Feed
    added: int = 0
    known: int = 0
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    error: str = ""
    left: int = 0  # new items beyond MAX_NEW_ITEMS, for the next poll
    polled_by: str = ""  # the account that polled

    @property
    def failed(self) -> bool:
        """Whether the feed or any of its items failed."""
        return bool(self.error or self.failures)

    def line(self) -> str:
        """The result in one line, as ``workbench poll`` prints it and the Articles page shows it."""
        if self.error:
            return f"failed: {self.error}"
        parts = [plural(self.added, "new article"), f"{self.known:,} seen before"]
        if self.skipped:
            parts.append(f"{len(self.skipped):,} skipped")
        if self.failures:
            parts.append(f"{len(self.failures):,} failed (tried again next poll), first: {self.failures[0]}")
        if self.left:
            parts.append(f"{self.left:,} more next poll")
        return ", ".join(parts)


def follow(
    db: Store,
    url: str,
    *,
    by: Account | str | None = None,
    outlet: str = "",
    allow_private: bool | None = None,
) -> Feed:
    """Follow the feed at ``url`` as the account ``by`` (an editor or admin: records.AccessDenied, before
    anything is fetched, otherwise): fetched and read once to check it is a feed (nothing is ingested yet).
    ``outlet`` names the outlet of its articles ("" : each page's own site name). Raises FeedError,
    web.FetchError or IngestError with one line; nothing is stored then."""
    from . import web
    from .formats.feeds import read_feed

    account = acting(db, by, "feeds")
    url = web.check_link(url)
    if db.feeds.find(url) is not None:
        raise FeedError(f"{url}: already followed")
    fetched = web.fetch(url, allow_private=allow_private, accept=FEED_TYPES)
    parsed = read_feed(fetched.data, url)
    feed = Feed(url=url, outlet=one_line(clean(outlet or "")), title=parsed.title)
    with db.write():
        # checked again in the write: the account may have been disabled during the fetch
        feed.added_by = acting(db, account.name, "feeds").name
        if db.feeds.find(url) is not None:  # followed meanwhile
            raise FeedError(f"{url}: already followed")
        db.feeds.add(feed, utc_now())
    return feed


def list_feeds(db: Store) -> list[Feed]:
    """Every followed feed with its last poll and result, in the order they were followed."""
    return db.feeds.all()


def find_feed(db: Store, feed: str | int) -> Feed:
    """A followed feed by its id or its address; FeedError if there is none."""
    text = str(feed).strip()
    found = db.feeds.get(int(text)) if text.isdigit() else db.feeds.find(text)
    if found is None:
        raise FeedError(f"no followed feed {text}")
    return found


def unfollow(db: Store, feed: str | int, by: Account | str | None = None) -> Feed:
    """Stop following a feed (by id or address) as the account ``by`` (an editor or admin:
    records.AccessDenied otherwise); the articles it brought stay. Returns the feed."""
    with db.write():
        acting(db, by, "feeds")
        found = find_feed(db, feed)
        db.feeds.remove(found.id)
    return found


def poll(
    db: Store,
    embedder: Embedder,
    *,
    allow_private: bool | None = None,
    keep_other: bool = False,
    progress: Progress | None = None,
    by: Account | str | None = None,
) -> list[PollResult]:
    """Poll every followed feed (see ``poll_feed``) as the account ``by``, one after the other; a feed that
    fails does not stop the others. records.AccessDenied, before anything is fetched, for no account or one
    that may not add articles."""
    account = acting(db, by, "ingest")
    return [
        poll_feed(
            db,
            feed,
            embedder,
            allow_private=allow_private,
            keep_other=keep_other,
            progress=progress,
            by=account,
        )
        for feed in db.feeds.all()
    ]


def poll_feed(
    db: Store,
    feed: Feed,
    embedder: Embedder,
    *,
    allow_private: bool | None = None,
    keep_other: bool = False,
    progress: Progress | None = None,
    by: Account | str | None = None,
) -> PollResult:
    """Fetch one feed and ingest its items not seen before, as the account ``by`` (records.AccessDenied, before
    anything is fetched, for no account or one that may not add articles): each item's page is fetched and
    read like a link (the feed's outlet, if the user named one, beats the page's site name; the feed's date
    fills a page without one). Records the poll's time, account and result on the feed, and the account on
    each article it adds."""
    # imported here: listing feeds needs none of this (fetching, page reading, the pipeline), so `workbench
    # feeds` answers at once
    from . import web
    from .formats.feeds import read_feed
    from .pipeline import ingest_articles

    account = acting(db, by, "ingest")
    result = PollResult(feed, polled_by=account.name)
    try:
        fetched = web.fetch(feed.url, allow_private=allow_private, accept=FEED_TYPES)
        parsed = read_feed(fetched.data, feed.url)
    except (web.FetchError, IngestError) as exc:
        result.error = str(exc)
        return _recorded(db, result)

    seen = db.feeds.seen(feed.id)
    new: dict[str, FeedItem] = {}
    for item in parsed.items:
        if item.key in seen:
            result.known += 1
        else:
            new.setdefault(item.key, item)
    items = list(new.values())
    result.left = max(0, len(items) - MAX_NEW_ITEMS)
    items = items[:MAX_NEW_ITEMS]

    waiting: dict[str, list[FeedItem]] = {}  # content hash -> the items that brought that text
    articles: list[Article] = []
    now = utc_now()
    for item in items:
        try:
            article = _item_article(item, feed, allow_private, keep_other)
        except _Skip as skip:
            result.skipped.append(f"{item.link or item.key}: {skip}")
            with db.write():
                db.feeds.mark_seen(feed.id, item.key, item.link, None, str(skip), now)
            continue
        except (web.FetchError, IngestError) as exc:
            result.failures.append(str(exc))
            continue
        waiting.setdefault(article.content_hash, []).append(item)
        articles.append(article)

    def remember(article: Article) -> None:  # inside the article's write transaction
        for item in waiting.pop(article.content_hash, []):
            db.feeds.mark_seen(feed.id, item.key, item.link, article.id, "", utc_now())

    try:
        report = ingest_articles(
            db, articles, embedder, keep_other=keep_other, after_store=remember, progress=progress, by=account
        )
    except (IngestError, ValueError, OSError) as exc:
        result.error = f"{feed.url}: {one_line(str(exc))}"
        return _recorded(db, result)
    result.added = len(report.added)
    # texts stored before (by another feed, a link or a file): remembered as seen, pointing at that article
    with db.write():
        for content_hash, left in waiting.items():
            article_id = db.articles.find_id(content_hash)
            for item in left:
                db.feeds.mark_seen(feed.id, item.key, item.link, article_id, "", utc_now())
                result.known += 1
    return _recorded(db, result)


class _Skip(Exception):
    """An item that can never become an article (remembered as skipped with this reason)."""


def _item_article(item: FeedItem, feed: Feed, allow_private: bool | None, keep_other: bool) -> Article:
    if not item.link:
        raise _Skip("the item has no http(s) link")
    from . import web
    from .formats.articles import read_html_page
    from .pipeline import check_language

    fetched = web.fetch_page(item.link, allow_private=allow_private)
    article = read_html_page(
        fetched.data, item.link, url=fetched.final_url, charset=fetched.charset, outlet=feed.outlet
    )
    article.source = item.link
    article.date = article.date or item.date
    article.title = article.title or item.title
    if check_language(article, keep_other):
        raise _Skip(f"not German or English (confidence {article.lang_confidence:.2f}); not stored")
    return article


def _recorded(db: Store, result: PollResult) -> PollResult:
    with db.write():
        db.feeds.record_poll(result.feed.id, utc_now(), result.line(), result.failed, result.polled_by)
    result.feed = db.feeds.get(result.feed.id) or result.feed
    return result
