"""What a web page says about its article (workbench.formats.pagemeta): the headline shown, the outlet's name
and the day of publication in the page's own time zone. Pages written for this test; outlets made up."""

from __future__ import annotations

import json

import pytest

from workbench.formats import pagemeta
from workbench.formats.pages import _parse


def tree_of(head: str = "", body: str = "", lang: str = "en"):
    return _parse(f"<html lang='{lang}'><head>{head}</head><body>{body}</body></html>")


def ld(**item) -> str:
    return f"<script type='application/ld+json'>{json.dumps(item)}</script>"


def og(prop: str, content: str) -> str:
    return f"<meta property='{prop}' content='{content}'>"


# ------------------------------------------------------------------------------------------------ headline


def headline(head: str, body: str) -> str:
    tree = tree_of(head, body)
    return pagemeta.headline(tree, pagemeta.json_ld(tree), "fallback")


def test_the_first_h1_is_the_headline():
    assert headline(og("og:title", "Ferries stop"), "<h1>Ferries cancelled after the storm</h1>") == (
        "Ferries cancelled after the storm"
    )


def test_a_copy_of_the_title_in_a_breadcrumb_gives_way_to_the_headline_shown():
    body = (
        "<nav class='crumbs'><h1>Storm: Ferries cancelled, harbour closed for days</h1></nav>"
        "<div data-breadcrumb-headline><h1>Storm: Ferries cancelled, harbour closed for days</h1></div>"
        "<article><h2 class='article-title'>Ferries cancelled after the storm</h2></article>"
    )
    head = og("og:title", "Ferries cancelled after the storm")
    assert headline(head, body) == "Ferries cancelled after the storm"
    # with nothing else to go by, the breadcrumb's copy is better than the tab's title
    assert headline(
        og("og:title", "Ferries cancelled, harbour closed for days"), body.split("<article>")[0]
    ) == ("Storm: Ferries cancelled, harbour closed for days")


def test_a_kicker_set_apart_is_left_out_when_the_metadata_leaves_it_out():
    body = "<h1><span class='kicker'>Stormy week</span><span>Ferries cancelled after the storm</span></h1>"
    head = og("og:title", "Stormy week: Ferries cancelled after the storm") + ld(
        **{"@type": "NewsArticle", "headline": "Ferries cancelled after the storm"}
    )
    assert headline(head, body) == "Ferries cancelled after the storm"
    bold = "<h2><strong>Harbour</strong> Ferries cancelled after the storm</h2>"
    assert (
        headline(og("og:title", "Ferries cancelled after the storm"), bold)
        == "Ferries cancelled after the storm"
    )


def test_a_kicker_every_title_of_the_metadata_carries_stays_as_the_metadata_writes_it():
    body = "<h1><span>Stormy week</span> <span>Ferries cancelled after the storm</span></h1>"
    head = og("og:title", "Stormy week: Ferries cancelled after the storm")
    assert headline(head, body) == "Stormy week: Ferries cancelled after the storm"


def test_a_headline_written_as_one_text_stays_whole_and_a_logo_is_no_headline():
    body = "<h1><a href='/'>Harbour Times</a></h1><h1>\"Not one more crossing\": ferries stop for the winter</h1>"
    assert headline(og("og:title", "Ferries stop for the winter"), body) == (
        '"Not one more crossing": ferries stop for the winter'
    )
    assert headline("", "<h1>Harbour Times</h1><p>No headline here.</p>") == "fallback"


# -------------------------------------------------------------------------------------------------- outlet


def outlet(head: str, host: str = "harbourtimes.example") -> str:
    tree = tree_of(head)
    return pagemeta.outlet(tree, pagemeta.json_ld(tree), host, "fallback")


def test_site_name_without_place_country_tagline_brackets_or_handle():
    assert outlet(og("og:site_name", "HARBOUR TIMES, Kiel, Germany")) == "HARBOUR TIMES"
    assert outlet(og("og:site_name", "Harbour Times | News from the coast")) == "Harbour Times"
    assert outlet(og("og:site_name", "Harbour Times (HT News)")) == "Harbour Times"
    assert outlet(og("og:site_name", "@harbourtimes")) == "harbourtimes"


def test_the_name_that_names_the_host_wins():
    # a magazine's own name on the host of its publisher's news site: the site's name
    head = og("og:site_name", "Coastal Review") + "<meta name='application-name' content='Harbour Times'>"
    assert outlet(head) == "Harbour Times"
    # initials name a host too: "Rhein Kurier Zeitung" for rkz.example
    head = og("og:site_name", "News") + "<meta name='application-name' content='Rhein Kurier Zeitung'>"
    assert outlet(head, "www.rkz.example") == "Rhein Kurier Zeitung"
    # the publisher in the article's JSON-LD
    head = ld(**{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Harbour Times"}})
    assert outlet(og("og:site_name", "U.S.") + head) == "Harbour Times"


def test_a_company_name_comes_last_and_the_title_end_only_when_it_names_the_host():
    head = ld(
        **{"@type": "NewsArticle", "publisher": [{"name": "Harbour Verlags GmbH"}, {"name": "Harbour Times"}]}
    )
    assert outlet(head) == "Harbour Times"
    assert outlet("<title>Ferries stop | Harbour Times</title>") == "Harbour Times"
    assert outlet("<title>Ferries stop | Politics</title>") == "fallback"
    assert outlet("<title>Ferries stop | 10.06.2013</title>") == "fallback"
    assert outlet("") == "fallback"


# ---------------------------------------------------------------------------------------------------- date


def published(head: str = "", body: str = "", lang: str = "en") -> str:
    tree = tree_of(head, body, lang)
    return pagemeta.published(tree, pagemeta.json_ld(tree), pagemeta.page_language(tree), "fallback")


def test_a_time_with_its_own_offset_is_that_day():
    assert published(og("article:published_time", "2024-08-27T00:30:00+02:00")) == "2024-08-27"
    assert published(og("article:published_time", "2024-08-26T23:30:00-04:00")) == "2024-08-26"
    assert published(og("article:published_time", "2024-08-26T23:30:00")) == "2024-08-26"  # the page's own
    assert published(og("article:published_time", "2024-08-26")) == "2024-08-26"


def test_a_utc_time_moves_to_the_offset_the_page_writes_its_other_times_in():
    head = og("article:published_time", "2024-08-04T23:30:00Z")
    assert published(head, "<time datetime='2024-08-05T01:00:00+01:00'>5 August</time>") == "2024-08-05"
    assert published(head) == "2024-08-04"  # no other offset, not German: the UTC day


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("2024-08-26T23:27:57Z", "2024-08-27"),  # summer: +2 h
        ("2024-01-15T22:59:00Z", "2024-01-15"),  # winter: +1 h
        ("2024-01-15T23:00:00Z", "2024-01-16"),
        ("2024-03-31T00:30:00Z", "2024-03-31"),  # the night summer time starts (01:00 UTC)
        ("2024-10-26T22:30:00Z", "2024-10-27"),  # the day before it ends, still summer time
    ],
)
def test_a_utc_time_on_a_german_page_is_the_day_in_central_european_time(stamp, day):
    assert published(ld(**{"@type": "NewsArticle", "datePublished": stamp}), lang="de") == day


def test_the_article_date_wins_over_other_objects_and_placeholders_are_ignored():
    head = (
        ld(**{"@type": "VideoObject", "datePublished": "2024-07-07T09:00:00+02:00"})
        + ld(**{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"})
        + "<meta name='date' content='2024-07-08T05:00:00'>"
    )
    assert published(head) == "2024-07-08"
    graph = ld(
        **{"@graph": [{"@type": ["ReportageNewsArticle"], "datePublished": "2024-07-09T10:00:00+02:00"}]}
    )
    assert published(graph) == "2024-07-09"
    assert published("", "<article><time datetime='2019-05-15 05:28:29'>15.05.2019</time></article>") == (
        "2019-05-15"
    )
    assert published("<script type='application/ld+json'>{not json</script>") == "fallback"


def test_page_language():
    assert pagemeta.page_language(tree_of(lang="de-AT")) == "de"
    assert (
        pagemeta.page_language(_parse("<html><head>" + og("og:locale", "en_GB") + "</head></html>")) == "en"
    )
    assert pagemeta.page_language(_parse("<html><body><p>x</p></body></html>")) == ""
