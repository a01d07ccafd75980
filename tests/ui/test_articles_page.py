"""AppTest of the Articles page for real news (issue 11): outlet and date for pasted text, the "Paste links"
box, followed feeds with their last poll and result, "Poll now", languages and boilerplate, against a real HTTP
server on loopback (allowed here with the server's environment switch). Signed in as rita (a reviewer), who
adds articles and polls; anna (an editor) follows and unfollows feeds. Each write records the account."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import workbench

PAGE = Path(workbench.__file__).parent / "ui" / "views" / "articles.py"


def open_page():
    app = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def at(seeded, sign_in, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE", "1")
    sign_in("rita")
    return open_page()


COLUMNS = {"articles_table": "language", "feeds_table": "last poll"}


def table(app, name):
    """The articles or the feeds table (by a column only it has), or None when the page shows none."""
    return next((d.value for d in app.dataframe if COLUMNS[name] in d.value.columns), None)


def test_the_samples_show_their_outlets_and_dates(at):
    articles = table(at, "articles_table")
    assert list(articles["outlet"]) == ["Beispiel-Kurier", "Muster-Rundschau"]
    assert list(articles["date"]) == ["2023-09-12", "2023-09-15"]
    assert all(lang.startswith("de (") for lang in articles["language"])
    assert list(articles["boilerplate"]) == [0, 0]


def test_pasted_text_takes_the_outlet_and_date_given(at, seeded):
    at.text_area(key="paste_text").input(
        "Hafen\nDer Hafen war am Montag wegen des Sturms geschlossen, sagte die Behörde."
    )
    at.text_input(key="paste_source").input("Küstenbote")
    at.date_input(key="paste_date").set_value(date(2024, 3, 12))
    at.button(key="add").click().run()
    assert not at.exception and at.success, at.error
    stored = seeded.articles.all()[-1]
    assert (stored.outlet, stored.date, stored.source) == ("Küstenbote", "2024-03-12", "pasted")
    assert (stored.added_by, table(at, "articles_table")["added by"].iloc[-1]) == ("rita", "rita")


def test_paste_links_adds_the_pages_and_lists_each_failure(at, seeded, news_site):
    links = [
        news_site.url("/de/hafen.html"),
        news_site.url("/missing"),
        news_site.url("/en/council.html"),
        "file:///etc/passwd",
    ]
    at.text_area(key="links").input("\n".join(links) + "\n\n")
    at.button(key="fetch_links").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("2 articles added, 0 already stored;")
    assert "boilerplate sentences kept aside" in at.success[0].value
    assert at.warning[0].value == "2 links failed; the others went in:"
    failures = at.text[0].value.splitlines()
    assert failures == [
        f"{news_site.url('/missing')}: HTTP 404 Not Found",
        "file:///etc/passwd: file: links are not fetched; only http and https",
    ]
    articles = table(at, "articles_table")
    assert list(articles["outlet"])[-2:] == ["Küstenbote", "The Riverside Gazette"]
    # "Mit Material von dpa" and "Photo: Riverside Gazette" are left out when the pages are read
    assert list(articles["boilerplate"])[-2:] == [1, 2]
    assert list(articles["author"])[-2:] == ["Anna Petersen", "Maria Lopez"]
    assert list(articles["added by"]) == ["", "", "rita", "rita"]  # the samples came without an account


def test_a_page_in_another_language_is_refused_or_kept_and_shown_as_other(at, seeded, news_site):
    at.text_area(key="links").input(news_site.url("/fr/budget.html"))
    at.button(key="fetch_links").click().run()
    assert "the text is not German or English" in at.text[0].value
    assert "tick “Keep articles in other languages (stored without claims)” to store it" in at.text[0].value
    assert len(seeded.articles.all()) == 2
    at.checkbox(key="links_keep_other").check()
    at.button(key="fetch_links").click().run()
    assert at.success and at.info and "stored without claims" in at.info[0].value
    articles = table(at, "articles_table")
    assert articles["language"].iloc[-1] == "other: not German or English, no claims"
    assert articles["claims"].iloc[-1] == 0
    at.selectbox(key="article").set_value(seeded.articles.all()[-1]).run()
    assert any("neither German nor English" in w.value for w in at.warning)


def test_feeds_are_followed_listed_and_polled(seeded, sign_in, news_site, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE", "1")
    sign_in("anna")
    at = open_page()
    assert table(at, "feeds_table") is None
    at.text_input(key="feed_url").input(news_site.url("/feed-failing.xml"))
    at.button(key="follow").click().run()
    assert not at.exception and at.success[0].value.startswith("Following Failing items")
    feeds = table(at, "feeds_table")
    assert list(feeds["last poll"]) == ["not yet"] and list(feeds["articles"]) == [0]
    at.button(key="poll").click().run()
    assert not at.exception
    assert any("1 new article, 0 seen before, 1 skipped, 2 failed" in w.value for w in at.warning)
    feeds = table(at, "feeds_table")
    assert feeds["last poll"].iloc[0] != "not yet" and feeds["articles"].iloc[0] == 1
    assert feeds["result"].iloc[0].startswith("1 new article, 0 seen before, 1 skipped, 2 failed")
    assert (feeds["followed by"].iloc[0], feeds["polled by"].iloc[0]) == ("anna", "anna")
    at.text_input(key="feed_url").input("http://127.0.0.1:1/not-there.xml")
    at.button(key="follow").click().run()
    assert at.error and at.error[0].value.startswith("Not followed: ")
    at.selectbox(key="unfollow_feed").set_value(seeded.feeds.all()[0]).run()
    at.button(key="unfollow").click().run()
    assert table(at, "feeds_table") is None and len(seeded.articles.all()) == 3


def test_boilerplate_is_kept_aside_and_shown_on_request(at, seeded, news_site):
    at.text_area(key="links").input(news_site.url("/en/council.html"))
    at.button(key="fetch_links").click().run()
    at.selectbox(key="article").set_value(seeded.articles.all()[-1]).run()
    claims = at.dataframe[-1].value
    assert "boilerplate" not in set(claims["kind"])
    at.checkbox(key="show_boilerplate").check().run()
    claims = at.dataframe[-1].value
    assert list(claims[claims["kind"] == "boilerplate"]["sentence"]) == [
        "4 Min Read", "Share on Twitter",
    ]  # fmt: skip


def test_a_reviewer_polls_but_does_not_choose_the_feeds(seeded, sign_in, news_site, monkeypatch):
    from workbench.feeds import follow

    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE", "1")
    follow(seeded, news_site.url("/feed.xml"), by="anna")
    sign_in("rita")
    at = open_page()
    keys = {e.key for e in [*at.text_input, *at.button, *at.selectbox]}
    assert not {"feed_url", "follow", "unfollow_feed", "unfollow"} & keys and "poll" in keys
    assert any("Editors and admins choose which feeds" in c.value for c in at.caption)
    at.button(key="poll").click().run()
    assert not at.exception and at.success[0].value.endswith("3 new articles, 0 seen before")
    feeds = table(at, "feeds_table")
    assert (feeds["followed by"].iloc[0], feeds["polled by"].iloc[0]) == ("anna", "rita")
    assert {a.added_by for a in seeded.articles.all()[2:]} == {"rita"}
