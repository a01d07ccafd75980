"""RSS and Atom feeds -> their items (read with feedparser). Pure: reads bytes, fetches nothing."""

from __future__ import annotations

import hashlib
import io
import time
from dataclasses import dataclass, field

from ..records import is_web_url
from .files import IngestError, clean, one_line


@dataclass
class FeedItem:
    """One entry of a feed: ``key`` identifies it within its feed (its id, else its link, else a hash of its
    title and summary), ``link`` is the article's address, ``date`` YYYY-MM-DD ("" if the feed gives none)."""

    key: str
    link: str
    title: str = ""
    date: str = ""


@dataclass
class ParsedFeed:
    """A feed's title and items, in the feed's order."""

    title: str
    items: list[FeedItem] = field(default_factory=list)


def read_feed(data: bytes, label: str) -> ParsedFeed:
    """The items of an RSS or Atom feed; raise IngestError (one line) when ``data`` is not a feed."""
    import feedparser

    if not data.strip():
        raise IngestError(f"{label}: empty, not an RSS or Atom feed")
    # a file-like object: given bytes or a str, feedparser may treat them as a file name or a link and read it
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({one_line(str(reason))})" if reason else ""
        raise IngestError(f"{label}: not an RSS or Atom feed{detail}")
    title = one_line(clean(parsed.feed.get("title", "") or ""))
    return ParsedFeed(title, [_item(entry) for entry in parsed.entries])


def _item(entry) -> FeedItem:
    link = (entry.get("link") or "").strip()
    link = link if is_web_url(link) else ""
    title = one_line(clean(entry.get("title", "") or ""))
    key = (entry.get("id") or "").strip() or link
    if not key:
        key = "sha256:" + hashlib.sha256(f"{title}\n{entry.get('summary', '')}".encode()).hexdigest()
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    date = time.strftime("%Y-%m-%d", stamp) if stamp else ""
    return FeedItem(key=key, link=link, title=title, date=date)
