"""Reading a web page (workbench.formats.pages): the furniture inside an article left out before and after
trafilatura runs, and the standfirst kept. Real parsing and real trafilatura on pages written for this test;
outlets and people are made up."""

from __future__ import annotations

import json

from workbench.formats.pages import read_page

# Enough article text for trafilatura to take the <article> as the page's main text.
BODY = "".join(
    f"<p>The harbour board said on Tuesday that {n} ferries had been cancelled since the storm began, and that the"
    f" quays at the northern pier would reopen once the wind had dropped below gale force again.</p>"
    for n in range(2, 9)
)
LAST = "<p>The board expects to publish a new timetable for the winter season by the end of the month.</p>"


def page(inside: str, *, head: str = "", before: str = "", after: str = LAST) -> str:
    """A news page whose article holds BODY, then ``inside``, then ``after``."""
    return (
        f"<html lang='en'><head><title>Ferries cancelled | Harbour Times</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Ferries cancelled after the storm</h1>{before}{BODY}{inside}{after}</article>"
        "<footer>Harbour Times Ltd</footer></body></html>"
    )


def read(html: str):
    return read_page(html, "page.html", url="https://harbourtimes.example/news/ferries")


def test_furniture_paragraphs_inside_the_article_are_left_out():
    inside = (
        "<p>Read more: Storm closes the coastal road</p>"
        "<p>Get in touch with our newsdesk by emailing news@harbourtimes.example.</p>"
        "<p>Contributing: Maria Holt</p>"
        "<p>Maria Holt is a senior correspondent who covers shipping for the Harbour Times.</p>"
    )
    article = read(page(inside))
    assert "7 ferries had been cancelled" in article.text and "new timetable" in article.text
    for furniture in ("Read more", "Get in touch", "Contributing", "senior correspondent"):
        assert furniture not in article.text


def test_captions_embedded_posts_and_side_boxes_are_left_out():
    inside = (
        "<figure><img src='pier.jpg'><figcaption>The northern pier on Monday. Photo: Dana Whitlock</figcaption></figure>"
        "<blockquote class='twitter-tweet'><p>Ferry cancelled again this morning</p>"
        "— Harbour Watch (@harbourwatch) March 3, 2024</blockquote>"
        "<div role='complementary'><p>Most read: Lighthouse keeper retires after forty years at sea</p></div>"
        "<div class='related-stories'><p>Port budget approved by a narrow majority of the council</p></div>"
    )
    article = read(page(inside))
    for furniture in (
        "northern pier on Monday",
        "Ferry cancelled again",
        "Harbour Watch",
        "Lighthouse",
        "Port budget",
    ):
        assert furniture not in article.text
    assert "new timetable" in article.text


def test_lists_of_links_to_other_articles_are_left_out():
    inside = (
        "<h3>More from the coast</h3><ul>"
        "<li><a href='/a'>Lighthouse keeper retires after forty years</a></li>"
        "<li><b>Weather:</b> <a href='/b'>Gales expected again on Friday night</a></li></ul>"
        "<ul><li>Two ferries run again from <a href='/d'>the southern pier</a> on weekdays.</li>"
        "<li>Night crossings stay cancelled until further notice.</li></ul>"
    )
    article = read(page(inside))
    for furniture in ("More from the coast", "Lighthouse keeper", "Gales expected"):
        assert furniture not in article.text
    # a list of the article's own points has text outside its links and stays
    assert "Two ferries run again from the southern pier on weekdays." in article.text
    assert "Night crossings stay cancelled" in article.text


def test_a_bold_label_with_another_headline_is_a_teaser_but_a_question_or_a_fact_is_not():
    inside = (
        "<p><strong>Also on the coast:</strong> Fishermen protest against the new quota rules in the bay</p>"
        "<p><strong>Question:</strong> When will the night ferries run again?</p>"
        "<p><strong>Passengers:</strong> 1.2 million</p>"
    )
    article = read(page(inside))
    assert "Fishermen protest" not in article.text
    assert "Question: When will the night ferries run again?" in article.text
    assert "Passengers: 1.2 million" in article.text


def test_the_line_naming_a_pull_quotes_speaker_is_left_out_the_quote_stays():
    inside = (
        "<div class='pull'><blockquote>We will not run a ferry into a gale for a timetable.</blockquote>"
        "<p>Maria Holt, harbour master of the northern pier</p></div>"
        "<blockquote><p>Safety first, always.</p><cite>Sam Okafor, ferry captain</cite></blockquote>"
    )
    article = read(page(inside))
    assert "We will not run a ferry into a gale for a timetable." in article.text
    assert "Safety first, always." in article.text
    assert "harbour master of the northern pier" not in article.text and "ferry captain" not in article.text


def test_an_appeal_box_with_its_button_and_heading_is_left_out():
    inside = (
        "<div class='box'><p>Keep coastal news free</p>"
        "<p>Local reporting costs money. If you read us every day, think about a contribution to keep this"
        " site free for everyone on the coast. <a class='button' href='/support'>Support us</a></p></div>"
    )
    article = read(page(inside))
    assert "Keep coastal news free" not in article.text and "contribution" not in article.text
    assert "new timetable" in article.text


def test_an_empty_icon_inside_a_link_keeps_the_links_text():
    inside = (
        "<p>The harbour master said the quays <a href='https://port.example' class='extlink'>"
        "<span class='icon icon-extlink'></span>would stay closed until Friday</a>, whatever the forecast.</p>"
    )
    article = read(page(inside))
    assert "the quays would stay closed until Friday, whatever the forecast." in article.text


def test_notes_in_italics_closing_the_article_are_left_out_italics_inside_it_stay():
    before = "<p><em>In the bay, the ferries are the only link to the islands.</em></p>"
    after = LAST + "<p><em>This report was updated with the board's figures on Wednesday.</em></p>"
    article = read(page("", before=before, after=after))
    assert "updated with the board's figures" not in article.text
    assert "In the bay, the ferries are the only link to the islands." in article.text
    assert "new timetable" in article.text


def test_the_title_repeated_inside_the_body_is_left_out():
    inside = "<h2>Storm: Ferries cancelled after the storm</h2>"
    article = read(page(inside))
    assert article.title == "Ferries cancelled after the storm"
    assert "Storm: Ferries" not in article.text


def test_a_standfirst_in_the_header_and_a_fact_checks_claim_are_kept_in_front():
    stand = "Strong winds are expected to keep the ferries in port for the rest of the week."
    html = (
        "<html><body><header><h1>Ferries cancelled after the storm</h1>"
        f"<h2 class='font--subheadline'>{stand}</h2></header>"
        f"<article>{BODY}{LAST}</article></body></html>"
    )
    assert read(html).text.startswith(stand + "\n")
    claim = "“The ferry company cancelled every crossing to save money on fuel this winter.”"
    html = (
        "<html><body><h1>Did the ferry company cancel crossings to save fuel?</h1>"
        "<div class='statement'><div class='statement-author'>Posts on social media</div>"
        f"<div class='statement-content'><p>{claim}</p></div><div class='statement-source'>Seen on 3 March</div>"
        f"</div><article>{BODY}{LAST}</article></body></html>"
    )
    text = read(html).text
    assert text.startswith(claim + "\n")
    assert "Posts on social media" not in text and "Seen on 3 March" not in text


def test_another_articles_lead_is_not_taken_for_the_standfirst():
    teaser = "Lighthouse keeper retires after forty years at sea and moves to the city at last."
    html = (
        "<html><body><h1>Ferries cancelled after the storm</h1>"
        f"<article>{BODY}{LAST}</article>"
        f"<div class='more'><a href='/lighthouse'><p class='item__dek'>{teaser}</p></a></div>"
        f"<section><p class='summary'>{teaser} Read the story.</p></section>"
        "</body></html>"
    )
    assert "Lighthouse keeper" not in read(html).text


def test_an_article_behind_a_paywall_is_the_article():
    # outlets mark the paragraphs behind their paywall with the word: the text is the article's all the same
    locked = BODY.replace("<p>", "<p class='paywall locked'>")
    html = (
        "<html><body><h1>Ferries cancelled after the storm</h1>"
        f"<div class='content-body paywall subscription'>{locked}{LAST}</div></body></html>"
    )
    article = read(html)
    assert "7 ferries had been cancelled" in article.text and "new timetable" in article.text


def test_an_empty_element_holding_a_space_keeps_the_words_apart():
    inside = "<p>The harbour master said the northern<span> </span>quays would reopen on Friday morning.</p>"
    assert "the northern quays would reopen on Friday morning." in read(page(inside)).text


def script_drawn_page(article_body: str, kind: str = "NewsArticle") -> str:
    """A page drawn by script (a single-page app): the server sends the headline, a photo caption and the
    JSON-LD; the article's paragraphs come later from the script."""
    data = json.dumps({"@context": "https://schema.org", "@type": kind, "headline": "Ferries cancelled",
                       "articleBody": article_body})  # fmt: skip
    return (
        "<html lang='en'><head><title>Ferries cancelled | Harbour Times</title>"
        f"<script type='application/ld+json'>{data}</script></head><body><div id='app'>"
        "<h1>Ferries cancelled after the storm</h1>"
        "<p>Ferries wait at the northern pier on Tuesday. Photo: Harbour Times</p>"
        "<script>window.__STATE__ = {}</script></div></body></html>"
    )


TEXT = " ".join(
    f"The harbour board said on Tuesday that {n} ferries had been cancelled since the storm began."
    for n in range(2, 12)
)


def test_a_page_drawn_by_script_is_read_from_its_structured_data():
    article = read(script_drawn_page(TEXT + " Fuel &amp; fares rose by 4 % in a week."))
    assert article.text == TEXT + " Fuel & fares rose by 4 % in a week."
    assert "Photo: Harbour Times" not in article.text
    assert "structured data (JSON-LD)" in article.note
    assert (article.title, article.outlet) == ("Ferries cancelled after the storm", "Harbour Times")


def test_an_article_body_given_as_html_keeps_its_paragraphs_and_loses_its_tags():
    halves = TEXT[: len(TEXT) // 2].rsplit(" ", 1)[0], TEXT[len(TEXT) // 2 :].split(" ", 1)[1]
    article = read(script_drawn_page(f"<p>{halves[0]}</p><p><b>{halves[1]}</b></p>"))
    assert article.text.split("\n") == [halves[0], halves[1]]


def test_the_extracted_text_stays_where_it_holds_the_article_and_a_teaser_is_never_the_article():
    # a page whose own HTML holds the article: its extracted text (with its furniture rules) is kept, even
    # where its JSON-LD gives a text of about the same length that differs
    with_data = page("").replace(
        "</head>",
        "<script type='application/ld+json'>"
        + json.dumps({"@type": "NewsArticle", "articleBody": TEXT + " Only in the structured data."})
        + "</script></head>",
    )
    article = read(with_data)
    assert (
        "7 ferries had been cancelled" in article.text and "Only in the structured data" not in article.text
    )
    assert article.note == ""
    # a page drawn by script whose articleBody is a teaser: not taken for the article
    teaser = (
        "Ferries were cancelled after the storm, the harbour board said on Tuesday. The quays at the northern pier"
        " reopen once the wind drops below gale force; a winter timetable follows by the end of the month."
    )  # under STRUCTURED_MIN_CHARS, and more than twice the caption the page shows
    assert teaser not in read(script_drawn_page(teaser)).text
    # another kind of item (a web page, not an article) is not the article either
    assert read(script_drawn_page(TEXT, kind="WebPage")).text != TEXT


def test_a_furniture_name_on_the_element_that_holds_the_article_does_not_remove_the_article():
    comments = (
        "<div class='comments'><p>Reader42: The ferries are always late anyway, nothing new here.</p></div>"
    )
    share = "<div class='share-buttons'><a href='/s'>Share on Facebook</a></div>"
    # a theme's share container around the article's text, and a flag on the element that is the article
    themed = (
        "<html lang='en'><body><h1>Ferries cancelled after the storm</h1>"
        f"<div class='thb-post-share-container'>{share}<div class='entry-content'>{BODY}{LAST}</div></div>"
        f"{comments}</body></html>"
    )
    flagged = (
        "<html lang='en'><body><h1>Ferries cancelled after the storm</h1>"
        f"<div class='comments-enabled' id='article'>{BODY}{LAST}{comments}</div></body></html>"
    )
    for html in (themed, flagged):
        text = read(html).text
        assert "7 ferries had been cancelled" in text and "new timetable" in text
        # the furniture inside them is still left out
        assert "Reader42" not in text and "Share on Facebook" not in text
    # teasers named "story" in a box of related stories do not make the box the article
    related = "<div class='related-stories'>" + "".join(
        f"<div class='story'><p>Teaser {i}: the coastal road between the two harbours stays closed until Friday"
        " evening, the county council said, because engineers must first inspect the sea wall.</p></div>"
        for i in range(4)
    )
    assert "Teaser" not in read(page(related + "</div>")).text
