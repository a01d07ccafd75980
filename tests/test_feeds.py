"""Following feeds (workbench.feeds) against a real HTTP server on loopback: follow, list, unfollow, and polls
that take only new items, report failing ones and try them again, and never store half an item. Accounts of
the test desk (conftest.DESK) act: anna (an editor) follows and unfollows, rita (a reviewer) polls."""

from __future__ import annotations

import pytest
from conftest import raw_sql

from workbench import feeds
from workbench.feeds import FeedError, follow, list_feeds, poll, unfollow
from workbench.formats.files import IngestError
from workbench.web import FetchError

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL


@pytest.fixture(autouse=True)
def allow_loopback(monkeypatch):
    """The test server is on loopback: allowed here the way a user allows it, with the environment switch."""
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE", "1")


def items(db):
    # in the order they were taken: SQLite's rowid; on PostgreSQL the row's place in its table (rows of
    # feed_items are never updated, so that is the order they were inserted in)
    order = "i.rowid" if hasattr(db, "sqlite_db") else "i.ctid"
    return raw_sql(
        db,
        "SELECT f.url, i.link, i.article_id IS NOT NULL, i.skipped FROM feed_items i JOIN feeds f ON f.id = i.feed_id"
        f" ORDER BY {order}",
    ).fetchall()


def test_follow_checks_the_feed_and_stores_only_the_feed(db, news_site):
    feed = follow(db, news_site.url("/feed.xml"), by="anna", outlet=" Küstenbote  Kiel ")
    assert (feed.title, feed.outlet, feed.polled_at) == ("Küstenbote: Kiel", "Küstenbote Kiel", "")
    assert [f.url for f in list_feeds(db)] == [news_site.url("/feed.xml")]
    assert db.articles.all() == [] and news_site.hits["/de/hafen.html"] == 0  # nothing ingested yet
    with pytest.raises(FeedError, match=r"already followed$"):
        follow(db, news_site.url("/feed.xml"), by="anna")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/broken-feed.xml", "not an RSS or Atom feed"),
        ("/not-a-feed.xml", "not an RSS or Atom feed"),
        ("/missing", "HTTP 404 Not Found"),
        ("/empty.html", "empty, not an RSS or Atom feed"),
    ],
)
def test_what_is_no_feed_is_not_followed(db, news_site, path, expected):
    with pytest.raises((IngestError, FetchError)) as info:
        follow(db, news_site.url(path), by="anna")
    assert str(info.value).startswith(news_site.url(path)) and expected in str(info.value)
    assert list_feeds(db) == []


def test_a_private_address_is_refused_without_the_switch(db, news_site, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ALLOW_PRIVATE")
    with pytest.raises(FetchError, match="private or local address"):
        follow(db, news_site.url("/feed.xml"), by="anna")
    assert list_feeds(db) == []


def test_a_poll_takes_only_new_items(db, fake_embedder, news_site):
    follow(db, news_site.url("/feed.xml"), by="anna")
    [first] = poll(db, fake_embedder, by="rita")  # the feed's second request: it now lists three items
    assert (first.added, first.known, first.failures, first.error) == (3, 0, [], "")
    assert {a.outlet for a in db.articles.all()} == {"Küstenbote", "The Riverside Gazette"}
    [second] = poll(db, fake_embedder, by="rita")
    assert (second.added, second.known, second.failed) == (0, 3, False)
    assert news_site.hits["/de/hafen.html"] == 1  # a seen item's page is not fetched again
    assert len(db.articles.all()) == 3 and all(stored for _, _, stored, _ in items(db))
    [feed] = list_feeds(db)
    assert feed.polled_at and feed.result == "0 new articles, 3 seen before" and feed.articles == 3


def test_the_first_poll_sees_what_the_feed_lists_then_and_the_next_the_new_item(db, fake_embedder, news_site):
    follow(db, news_site.url("/feed.xml"), by="anna")
    news_site.hits["/feed.xml"] = 0  # serve the two-item version first
    [first] = poll(db, fake_embedder, by="rita")
    [second] = poll(db, fake_embedder, by="rita")
    assert (first.added, second.added, second.known) == (2, 1, 2)
    assert db.articles.all()[-1].title == "Fähre nach Oslo fährt wieder"


def test_a_feed_outlet_beats_the_pages_site_name_and_the_feed_date_fills_in(db, fake_embedder, news_site):
    follow(db, news_site.url("/feed.xml"), by="anna", outlet="Kieler Desk")
    poll(db, fake_embedder, by="rita")
    assert {a.outlet for a in db.articles.all()} == {"Kieler Desk"}


def test_failing_items_are_reported_and_tried_again(db, fake_embedder, news_site):
    follow(db, news_site.url("/feed-failing.xml"), by="anna")
    [result] = poll(db, fake_embedder, by="rita")
    assert result.added == 1 and result.failed
    assert [f.split(": ", 1)[1] for f in result.failures] == [
        "HTTP 404 Not Found",
        "not an HTML page (content type application/pdf)",
    ]
    assert len(result.skipped) == 1 and "not German or English" in result.skipped[0]
    assert result.line().startswith(
        "1 new article, 0 seen before, 1 skipped, 2 failed (tried again next poll)"
    )
    [feed] = list_feeds(db)
    assert feed.failed and feed.result == result.line()
    # stored and skipped items are remembered; the failed ones are not, so the next poll fetches them again
    assert sorted(
        (link.rsplit("/", 1)[1], stored, bool(skipped)) for _, link, stored, skipped in items(db)
    ) == [
        ("budget.html", False, True),
        ("hafen.html", True, False),
    ]
    [again] = poll(db, fake_embedder, by="rita")
    assert (again.added, again.known, len(again.failures)) == (0, 2, 2)
    assert news_site.hits["/missing"] == 2 and news_site.hits["/fr/budget.html"] == 1


def test_a_feed_that_fails_is_reported_and_the_others_still_polled(db, fake_embedder, news_site):
    follow(db, news_site.url("/feed.xml"), by="anna")
    follow(db, news_site.url("/feed-failing.xml"), by="anna")
    with db.write():  # the feed's address now answers 404, as a moved feed would
        raw_sql(db, "UPDATE feeds SET url = ? WHERE id = 2", [news_site.url("/missing")])
    results = poll(db, fake_embedder, by="rita")
    assert [r.failed for r in results] == [False, True]
    assert results[1].error == f"{news_site.url('/missing')}: HTTP 404 Not Found"
    assert results[1].line() == f"failed: {news_site.url('/missing')}: HTTP 404 Not Found"
    assert list_feeds(db)[1].result == results[1].line()


def test_an_item_is_stored_with_its_article_or_not_at_all(db, fake_embedder, news_site, monkeypatch):
    follow(db, news_site.url("/feed.xml"), by="anna")

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(db.feeds, "mark_seen", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        poll(db, fake_embedder, by="rita")
    assert db.articles.all() == [] and items(db) == []  # the article's transaction was rolled back too
    monkeypatch.undo()
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE", "1")
    [result] = poll(db, fake_embedder, by="rita")
    assert result.added == 3 and len(items(db)) == 3


def test_new_items_beyond_the_limit_wait_for_the_next_poll(db, fake_embedder, news_site, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_NEW_ITEMS", 2)
    follow(db, news_site.url("/feed.xml"), by="anna")
    [first] = poll(db, fake_embedder, by="rita")
    assert (first.added, first.left) == (2, 1) and first.line().endswith("1 more next poll")
    [second] = poll(db, fake_embedder, by="rita")
    assert (second.added, second.known) == (1, 2)


def test_unfollow_by_id_or_address_keeps_the_articles(db, fake_embedder, news_site):
    first = follow(db, news_site.url("/feed.xml"), by="anna")
    second = follow(db, news_site.url("/feed-failing.xml"), by="anna")
    poll(db, fake_embedder, by="rita")
    stored = len(db.articles.all())
    assert unfollow(db, str(first.id), "anna").url == first.url
    assert unfollow(db, second.url, "anna").id == second.id
    assert list_feeds(db) == [] and items(db) == [] and len(db.articles.all()) == stored
    with pytest.raises(FeedError, match="^no followed feed 7$"):
        unfollow(db, 7, "anna")


def test_following_is_an_editors_and_polling_anyones_and_both_are_recorded(db, fake_embedder, news_site):
    from workbench.accounts import disable_account
    from workbench.records import AccessDenied

    feed = news_site.url("/feed.xml")
    for who, message in [
        ("rita", "rita is a reviewer: only editors and admins may follow or unfollow feeds"),
        (None, "sign in"),
        ("zoe", "no account named 'zoe'"),
    ]:
        with pytest.raises(AccessDenied, match=message):
            follow(db, feed, by=who)
    assert list_feeds(db) == [] and news_site.hits["/feed.xml"] == 0  # refused before anything was fetched
    assert follow(db, feed, by="anna").added_by == "anna"
    with pytest.raises(AccessDenied, match="sign in"):
        poll(db, fake_embedder)
    disable_account(db, "rob", "admin")
    with pytest.raises(AccessDenied, match="account rob is disabled"):
        poll(db, fake_embedder, by="rob")
    assert news_site.hits["/feed.xml"] == 1 and db.articles.all() == []  # only follow's own check fetched it
    [result] = poll(db, fake_embedder, by="rita")
    assert result.added == 3 and result.polled_by == "rita"
    [listed] = list_feeds(db)
    assert (listed.added_by, listed.polled_by) == ("anna", "rita")
    assert {a.added_by for a in db.articles.all()} == {"rita"}
    with pytest.raises(AccessDenied, match="rita is a reviewer"):
        unfollow(db, listed.id, "rita")
    assert len(list_feeds(db)) == 1
    unfollow(db, listed.id, "admin")
    assert list_feeds(db) == []
