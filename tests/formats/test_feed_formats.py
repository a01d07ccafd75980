"""RSS and Atom feeds -> items (workbench.formats.feeds), on feeds written for this test."""

from __future__ import annotations

import pytest

from workbench.formats.feeds import read_feed
from workbench.formats.files import IngestError

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>K\xc3\xbcstenbote</title><link>https://kuestenbote.example/</link>
<item><title>Sturm legt Hafen lahm</title><link>https://kuestenbote.example/a</link>
  <guid isPermaLink="false">kb-100</guid><pubDate>Tue, 12 Mar 2024 05:28:00 +0100</pubDate></item>
<item><title>F\xc3\xa4hre f\xc3\xa4hrt wieder</title><link>https://kuestenbote.example/b</link></item>
<item><title>Nur ein Podcast</title><description>Ohne Link</description></item>
<item><title>Bad link</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title><id>urn:gazette</id>
<updated>2024-05-31T18:00:00Z</updated>
<entry><title>Council votes</title><id>urn:gazette:1</id><link href="https://gazette.example/council"/>
<updated>2024-05-31T18:00:00Z</updated></entry>
</feed>"""


def test_rss_items_with_their_keys_links_and_dates():
    feed = read_feed(RSS, "feed")
    assert feed.title == "Küstenbote"
    first, second, no_link, bad_link = feed.items
    assert (first.key, first.link, first.title, first.date) == (
        "kb-100",
        "https://kuestenbote.example/a",
        "Sturm legt Hafen lahm",
        "2024-03-12",
    )
    assert (second.key, second.date) == ("https://kuestenbote.example/b", "")  # no guid: its link is its key
    assert no_link.link == "" and no_link.key.startswith("sha256:")  # neither: a hash of title and summary
    assert bad_link.link == ""  # only http(s) links


def test_atom_entries():
    [entry] = read_feed(ATOM, "feed").items
    assert (entry.key, entry.link, entry.date) == (
        "urn:gazette:1",
        "https://gazette.example/council",
        "2024-05-31",
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b'{"items": []}',
        b"<html><body><p>A page</p></body></html>",
        b"not xml at all <",
        b"/etc/passwd",
    ],
)
def test_what_is_no_feed_is_one_line(data):
    with pytest.raises(IngestError) as info:
        read_feed(data, "https://x.example/feed")
    message = str(info.value)
    assert (
        message.startswith("https://x.example/feed: ")
        and "not an RSS or Atom feed" in message
        and "\n" not in message
    )
