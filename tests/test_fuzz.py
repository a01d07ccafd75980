"""Fuzz pass over every reader (issue 16): articles (.txt, .md, .html pages, .jsonl and .csv batches, pasted
text), fact-check files in every format (JSONL, CSV, TSV, JSON, ClaimReview JSON-LD with its graphs, item
lists and Google Fact Check Tools responses), RSS and Atom feeds, and query input (the files of ``match`` and
``score``, stdin, the text of ``search``). Inputs are random bytes, random text and structured documents of
each format with random edits.

The property, for every input: the reader returns a valid result (what the rest of the workbench relies on:
clean one-line fields within the limits, claim offsets that slice their article) or refuses it with an
``IngestError`` whose message is one line; never another exception. Sizes are bounded, so no input can hang.

The suite runs ``FUZZ_EXAMPLES`` inputs per test (60, a few hundred in all); the long pass sets it higher:
``FUZZ_EXAMPLES=8000 pytest tests/test_fuzz.py --hypothesis-show-statistics`` (benchmarks/fuzz_run_*.txt
holds one: the number of inputs each test ran, and what failed).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from conftest import FakeEmbedder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.formats.articles import article_from_text, read_texts, read_upload
from workbench.formats.factchecks import MAX_CLAIM_CHARS, MAX_TITLE_CHARS, archive_url, read_factchecks
from workbench.formats.feeds import read_feed
from workbench.formats.files import MAX_TEXT_CHARS, IngestError
from workbench.pipeline import seed_samples
from workbench.records import is_web_url, strip_invisible
from workbench.search import MAX_QUERY_CHARS, limit_query, match, search
from workbench.store import open_db
from workbench.text import checkworthy
from workbench.text.attribution import split_claims
from workbench.text.sentences import MAX_SENTENCE_CHARS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the machine is shared and noisy; sizes are bounded instead
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# --- generators ------------------------------------------------------------------------------------------

# What breaks readers: quotes, delimiters, brackets, line ends of every kind, NUL, BOM, bidi and zero-width
# characters, markup, formula starts, escapes.
SPECIAL = [
    '"', "'", "\n", "\r", "\r\n", "\t", ",", ";", "|", "{", "}", "[", "]", "<", ">", "&", "\\", "\x00",
    "\ufeff", "\u202e", "\u200b", "\u2028", "\x85", "é", "ß", "…", " ", "=", "@", "#", "*", "<!--", "]]>",
    "&amp;", "&#0;", "&#x202e;", "\\u0000", "\\ud800", "NaN", "1e999", "-", ".", "?", "!", "“", "„",
]  # fmt: skip
WORDS = (
    "Der Minister sagte , dass die Steuer um 3 Prozent stieg . The mayor said taxes rose by 12 percent ."
    ' U.S. Dr. Nr. 5. am 3. Oktober „ “ " Wird sie steigen ? Smith ( CDU ) erklärte : Die'
).split()
piece = st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS), st.text(max_size=10))


@st.composite
def edited(draw, base):
    """A document from ``base`` with a few random insertions and deletions (truncation included)."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(piece) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(0, 20)) :]
    return text


KEYS = [
    "text", "title", "source", "url", "date", "id", "claim", "claimReviewed", "claim_reviewed", "verdict",
    "rating", "reviewRating", "alternateName", "ratingValue", "bestRating", "name", "author", "publisher",
    "itemReviewed", "appearance", "firstAppearance", "datePublished", "@type", "@context", "@graph",
    "itemListElement", "item", "claimReview", "claims", "textualRating", "inLanguage", "lang", "vclaim",
    "truth_label", "speaker", "claimant", "headline", "identifier", "Behauptung",
]  # fmt: skip
VALUES = [
    "ClaimReview", "Claim", "Rating", "ListItem", "ItemList", "Person", "Organization", "https://schema.org",
    "https://example.org/fc/1", "/factchecks/2", "javascript:alert(1)", "data:text/html,x", "http://[", "",
    "false", "Falsch", "2023-10-01", "Die Steuer stieg um 3 Prozent.", "=cmd|' /C calc'!A0",
]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(VALUES),
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=25,
)
json_objects = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), json_values, max_size=8)


def dumps(value, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


claim_reviews = st.fixed_dictionaries(
    {
        "@context": st.just("https://schema.org"),
        "@type": st.sampled_from(["ClaimReview", "claimreview", "X"]),
    },
    optional={
        "claimReviewed": scalars,
        "reviewRating": json_values,
        "itemReviewed": json_values,
        "author": json_values,
        "url": scalars,
        "datePublished": scalars,
        "name": scalars,
    },
)
# a ClaimReview as published: alone, in a list, in an @graph, in an ItemList, or as a Google Fact Check
# Tools response (claims, each with its claimReview list)
claim_review_documents = st.one_of(
    claim_reviews,
    st.lists(claim_reviews, max_size=4),
    st.builds(
        lambda rs: {"@context": "https://schema.org", "@graph": rs}, st.lists(claim_reviews, max_size=4)
    ),
    st.builds(
        lambda rs: {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "item": r} for r in rs]},
        st.lists(claim_reviews, max_size=4),
    ),
    st.builds(
        lambda cs: {"claims": cs},
        st.lists(
            st.fixed_dictionaries(
                {"text": scalars, "claimant": scalars, "claimReview": st.lists(json_objects)}
            ),
            max_size=3,
        ),
    ),
)


@st.composite
def jsonl_documents(draw):
    lines = draw(st.lists(st.one_of(json_objects, json_values).map(lambda v: dumps(v, True)), max_size=6))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@st.composite
def csv_documents(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.lists(st.sampled_from(KEYS) | st.text(max_size=6), min_size=1, max_size=5))
    cell = st.one_of(st.text(max_size=30), st.sampled_from(WORDS + VALUES + SPECIAL))
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 2), max_size=6))
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    writer = csv.writer(
        buffer, delimiter=delimiter, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    for row in [header, *rows]:
        writer.writerow(row)
    return buffer.getvalue()


TAGS = "p div article main section script style noscript template h1 h2 title li ul span a b br img iframe svg time nav footer".split()
ATTRS = [
    ' hidden', ' aria-hidden="true"', ' style="display: none"', ' datetime="2023-10-01"', ' onerror="x()"',
    ' href="javascript:alert(1)"', ' property="og:title" content="Titel"', ' rel="canonical" href="https://e.org/a"',
    ' name="article:published_time" content="2023"', "",
]  # fmt: skip


@st.composite
def html_documents(draw, depth: int = 0):
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.integers(0, 3 if depth < 4 else 1))
        if choice <= 1:
            parts.append(draw(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)))
        elif choice == 2:
            parts.append(f"<meta{draw(st.sampled_from(ATTRS))}>")
        else:
            tag = draw(st.sampled_from(TAGS))
            close = draw(st.sampled_from([f"</{tag}>", "", f"</{draw(st.sampled_from(TAGS))}>"]))
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>{draw(html_documents(depth + 1))}{close}")
    return "".join(parts)


def encodings():
    return st.sampled_from(["utf-8", "utf-8", "utf-8", "cp1252", "latin-1", "utf-16"])


@st.composite
def payloads(draw, document):
    """Bytes of a file: a (possibly edited) document in some encoding, random text, or random bytes."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=600)), "utf-8"
    encoding = draw(encodings())
    text = draw(st.text(max_size=300)) if kind == 1 else draw(edited(document))
    return text.encode(encoding, errors="replace"), encoding


# --- what every result must be -----------------------------------------------------------------------------


def refused(exc: Exception) -> None:
    """A refusal is an IngestError with a one-line message (the CLI and the app show it as it is)."""
    assert isinstance(exc, IngestError), repr(exc)
    message = str(exc)
    assert message and "\n" not in message and "\r" not in message, repr(message)


def one_clean_line(value: str) -> None:
    assert value == " ".join(value.split()) and strip_invisible(value) == value and not CONTROL.search(value)


def valid_articles(articles) -> None:
    assert articles
    for article in articles:
        assert article.text.strip() and len(article.text) <= MAX_TEXT_CHARS
        assert not CONTROL.search(article.text) and strip_invisible(article.text) == article.text
        for field in (article.title, article.source, article.date, article.external_id):
            one_clean_line(field)
        assert article.url == "" or is_web_url(article.url)
        for claim in split_claims(article.text, "de"):  # what an ingest does next
            assert article.text[claim.start : claim.end] == claim.sentence
            assert claim.end - claim.start <= MAX_SENTENCE_CHARS
            assert 0.0 <= checkworthy.score(claim.text) <= 1.0


def valid_factchecks(items) -> None:
    assert items
    for item in items:
        assert item.claim and len(item.claim) <= MAX_CLAIM_CHARS and len(item.title) <= MAX_TITLE_CHARS
        for field in (item.claim, item.verdict, item.publisher, item.title, item.date, item.claimant):
            one_clean_line(field)
        assert archive_url(item.url) == item.url


def check(read, valid) -> None:
    try:
        result = read()
    except Exception as exc:  # noqa: BLE001 - the property is about which exceptions escape
        refused(exc)
        return
    valid(result)


# --- articles and batches -----------------------------------------------------------------------------------

ARTICLE_DOCUMENTS = {
    ".txt": st.lists(piece, max_size=60).map("".join),
    ".md": st.lists(piece, max_size=60).map(lambda p: "# " + "".join(p)),
    ".html": html_documents(),
    ".jsonl": jsonl_documents(),
    ".csv": csv_documents(),
}


@pytest.mark.parametrize("extension", sorted(ARTICLE_DOCUMENTS))
@FUZZ
@given(data=st.data())
def test_article_files_are_read_or_refused_in_one_line(extension, data):
    payload, encoding = data.draw(payloads(ARTICLE_DOCUMENTS[extension]), "payload")
    skip_bad = data.draw(st.booleans(), "skip_bad")
    check(
        lambda: read_upload(f"input{extension}", payload, encoding=encoding, skip_bad=skip_bad, skipped=[]),
        valid_articles,
    )


@FUZZ
@given(
    text=edited(st.lists(piece, max_size=60).map("".join)),
    title=st.text(max_size=40),
    source=st.text(max_size=20),
)
def test_pasted_text_is_read_or_refused_in_one_line(text, title, source):
    check(lambda: [article_from_text(text, title=title, source=source or "pasted")], valid_articles)


# --- the archive: fact-check files in every format ----------------------------------------------------------

FOLDER = Path(tempfile.mkdtemp(prefix="workbench-fuzz-"))
ARCHIVE_DOCUMENTS = {
    ".jsonl": jsonl_documents(),
    ".csv": csv_documents(),
    ".tsv": csv_documents(),
    ".json": st.one_of(json_values, st.lists(json_objects, max_size=4)).map(lambda v: dumps(v, False)),
    ".jsonld": claim_review_documents.map(lambda v: dumps(v, False)),
}


@pytest.mark.parametrize("extension", sorted(ARCHIVE_DOCUMENTS))
@FUZZ
@given(data=st.data())
def test_fact_check_files_are_read_or_refused_in_one_line(extension, data):
    payload, encoding = data.draw(payloads(ARCHIVE_DOCUMENTS[extension]), "payload")
    mapping = data.draw(
        st.one_of(
            st.just({}),
            st.dictionaries(st.sampled_from(["claim", "verdict", "url"]), st.sampled_from(KEYS), max_size=2),
        ),
        "mapping",
    )
    publisher = data.draw(st.sampled_from(["", "Snopes", "\u202eX"]), "publisher")
    path = FOLDER / f"archive{extension}"
    path.write_bytes(payload)
    check(
        lambda: read_factchecks(path, mapping, encoding=encoding, publisher=publisher, cut=[]),
        valid_factchecks,
    )


# --- feeds (RSS and Atom, as followed and polled) --------------------------------------------------------------


@st.composite
def feed_documents(draw):
    def text():
        return draw(st.one_of(st.text(max_size=30), st.sampled_from(WORDS + VALUES + SPECIAL)))

    items = []
    for _ in range(draw(st.integers(0, 4))):
        link = draw(st.sampled_from(["https://example.org/a", "javascript:x()", "", "/relative", text()]))
        if draw(st.booleans()):
            items.append(
                f"<item><title>{text()}</title><link>{link}</link><guid>{text()}</guid>"
                f"<pubDate>{draw(st.sampled_from(['Mon, 02 Oct 2023 10:00:00 GMT', '', 'gestern', text()]))}"
                f"</pubDate><description>{text()}</description></item>"
            )
        else:
            items.append(f'<entry><title>{text()}</title><link href="{link}"/><id>{text()}</id></entry>')
    if draw(st.booleans()):
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{text()}</title>{"".join(items)}</channel></rss>'
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{text()}</title>{"".join(items)}</feed>'


@FUZZ
@given(data=st.data())
def test_feeds_are_read_or_refused_in_one_line(data):
    payload, _ = data.draw(payloads(feed_documents()), "payload")

    def valid(feed):
        one_clean_line(feed.title)
        for item in feed.items:
            one_clean_line(item.title)
            assert item.link == "" or is_web_url(item.link)
            assert item.key and isinstance(item.key, str)
            assert item.date == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.date)

    check(lambda: read_feed(payload, "feed.xml"), valid)


# --- query input: match and score files, stdin, and the search text ----------------------------------------

QUERY_DOCUMENTS = {".txt": st.lists(piece, max_size=60).map("".join), ".csv": csv_documents()}


def valid_queries(texts) -> None:
    assert texts and all(isinstance(t, str) and "\n" not in t for t in texts)
    for text in texts:
        query, _ = limit_query(text)
        assert len(query) <= MAX_QUERY_CHARS
        assert 0.0 <= (checkworthy.score(text) if text else 0.0) <= 1.0


@pytest.mark.parametrize("extension", sorted(QUERY_DOCUMENTS))
@FUZZ
@given(data=st.data())
def test_query_files_are_read_or_refused_in_one_line(extension, data):
    payload, encoding = data.draw(payloads(QUERY_DOCUMENTS[extension]), "payload")
    path = FOLDER / f"queries{extension}"
    path.write_bytes(payload)
    check(lambda: read_texts(str(path), encoding=encoding), valid_queries)
    text = payload.decode(encoding, errors="replace")
    check(lambda: read_texts("-", stdin=io.StringIO(text)), valid_queries)


@pytest.fixture(scope="module")
def samples():
    db = open_db(memory=True)
    embedder = FakeEmbedder()
    seed_samples(db, embedder)
    return db, embedder


@FUZZ
@given(
    query=edited(st.lists(piece, max_size=40).map("".join)),
    scope=st.sampled_from(["all", "claims", "factchecks"]),
)
def test_any_search_text_finds_hits_or_is_refused_as_empty(samples, query, scope):
    db, embedder = samples
    try:
        hits = search(db, query, embedder, 5, scope)
    except ValueError as exc:
        assert str(exc) == "the search text is empty" and not limit_query(query)[0]
        return
    assert len(hits) <= 5 and all(h.kind in ("claim", "factcheck") for h in hits)
    [batch] = match(db, [query], embedder, 5, scope)
    assert [h.id for h in batch] == [h.id for h in hits]
