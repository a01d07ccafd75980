"""Reading side of ingest: files, folders, stdin, batches and HTML pages -> Article records."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.formats import files
from workbench.formats.articles import article_from_text, read_paths, read_upload
from workbench.formats.files import IngestError

SUPPORTED = "supported: .txt, .md, .html, .htm, .jsonl, .csv"
SAMPLES = Path(__file__).resolve().parents[2] / "workbench" / "data" / "samples"


def write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return str(path)


def read_error(path: str, **kwargs) -> str:
    with pytest.raises(IngestError) as info:
        read_paths([path], **kwargs)
    return str(info.value)


# --- plain text -------------------------------------------------------------------------------------------


def test_txt_first_line_is_title_and_rest_is_body(tmp_path):
    path = write(tmp_path, "news.txt", "\n\n  Headline here  \n\nFirst paragraph.\n\nSecond paragraph.\n\n")
    [article] = read_paths([path])
    assert article.title == "Headline here"
    assert article.text == "First paragraph.\n\nSecond paragraph."
    assert article.source == "news.txt"
    assert (article.url, article.date, article.external_id) == ("", "", "")


def test_single_line_txt_is_body_with_a_shortened_title(tmp_path):
    line = "Dies ist ein einziger langer Satz ohne Zeilenumbruch, " * 4
    [article] = read_paths([write(tmp_path, "one.txt", line)])
    assert article.text == line.strip()
    assert article.title.endswith("…")
    assert len(article.title) <= 81
    assert line.startswith(article.title[:-1])


def test_short_single_line_txt_title_is_the_whole_line(tmp_path):
    [article] = read_paths([write(tmp_path, "one.txt", "Only one line.\n")])
    assert (article.title, article.text) == ("Only one line.", "Only one line.")


def test_md_heading_marks_are_dropped_from_the_title(tmp_path):
    [article] = read_paths([write(tmp_path, "post.md", "# A *Markdown* post\n\nBody with **bold**.\n")])
    assert article.title == "A *Markdown* post"
    assert article.text == "Body with **bold**."


def test_crlf_and_cr_become_newlines_and_control_characters_are_removed(tmp_path):
    path = write(tmp_path, "win.txt", "Title\r\nLine one\r\nLine\x07 two\rLine\tthree\x0c\r\n")
    [article] = read_paths([path])
    assert article.title == "Title"
    assert article.text == "Line one\nLine two\nLine\tthree"


def test_texts_are_nfc_normalised_so_they_hash_alike(tmp_path):
    decomposed = write(tmp_path, "a.txt", "Titel\nDie Bu\u0308rger sprachen.")
    precomposed = write(tmp_path, "b.txt", "Titel\nDie B\u00fcrger sprachen.")
    assert read_paths([decomposed])[0].text == "Die B\u00fcrger sprachen."
    assert len(read_paths([decomposed, precomposed])) == 1


def test_utf8_bom_and_utf16_bom_are_accepted(tmp_path):
    bom8 = write(tmp_path, "bom8.txt", b"\xef\xbb\xbf" + "Überschrift\nText.".encode())
    bom16 = write(tmp_path, "bom16.txt", "Überschrift\nAnderer Text.".encode("utf-16"))
    first, second = read_paths([bom8, bom16])
    assert (first.title, first.text) == ("Überschrift", "Text.")
    assert (second.title, second.text) == ("Überschrift", "Anderer Text.")


def test_latin1_fails_as_utf8_and_reads_with_latin1(tmp_path):
    path = write(tmp_path, "alt.txt", "Café\nÜber die Straße.".encode("latin-1"))
    message = read_error(path)
    assert message.startswith(path)
    assert "byte 3" in message and "line 1" in message
    assert "--encoding latin-1" in message
    [article] = read_paths([path], encoding="latin-1")
    assert (article.title, article.text) == ("Café", "Über die Straße.")


def test_unknown_encoding_is_an_error(tmp_path):
    path = write(tmp_path, "a.txt", "Title\nBody")
    assert "unknown encoding 'klingon'" in read_error(path, encoding="klingon")


def test_bundled_samples_read_with_their_first_lines_as_titles():
    articles = read_paths([str(SAMPLES)])
    files = sorted(SAMPLES.glob("*.txt"))
    assert len(files) == 2 and len(articles) == 2
    for article, file in zip(articles, files, strict=True):
        lines = file.read_text(encoding="utf-8").splitlines()
        assert article.title == lines[0].strip()
        assert article.source == file.name
        assert article.text.startswith(lines[1].strip())
        assert lines[0] not in article.text


# --- folders, stdin, dedupe -------------------------------------------------------------------------------


def test_folder_is_recursed_sorted_and_skips_hidden_and_unsupported(tmp_path):
    write(tmp_path, "z.txt", "Z\nzzz")
    write(tmp_path, "b/2.txt", "B2\nbbb two")
    write(tmp_path, "b/1.md", "B1\nbbb one")
    write(tmp_path, "a.txt", "A\naaa")
    write(tmp_path, ".hidden.txt", "H\nhidden file")
    write(tmp_path, ".git/x.txt", "G\nhidden folder")
    write(tmp_path, "notes.pdf", b"%PDF-1.4 not read")
    articles = read_paths([str(tmp_path)])
    assert [a.title for a in articles] == ["A", "B1", "B2", "Z"]
    assert [a.source for a in articles] == ["a.txt", "1.md", "2.txt", "z.txt"]


def test_folder_without_supported_files_is_an_error(tmp_path):
    write(tmp_path, "docs/scan.pdf", b"%PDF-1.4")
    write(tmp_path, "docs/.secret.txt", "Hidden\ntext")
    message = read_error(str(tmp_path / "docs"))
    assert message.startswith(str(tmp_path / "docs"))
    assert "no supported files" in message and ".txt" in message


def test_missing_path_is_an_error(tmp_path):
    missing = str(tmp_path / "nope.txt")
    assert read_error(missing) == f"{missing}: no such file or folder"


def test_stdin_dash_reads_text_from_the_stream(tmp_path):
    file = write(tmp_path, "f.txt", "File title\nFile body")
    articles = read_paths([file, "-"], stdin=io.StringIO("Piped title\r\nPiped body\r\n"))
    assert [(a.title, a.text, a.source) for a in articles] == [
        ("File title", "File body", "f.txt"),
        ("Piped title", "Piped body", "stdin"),
    ]


def test_empty_stdin_is_an_error():
    with pytest.raises(IngestError, match=r"^stdin: "):
        read_paths(["-"], stdin=io.StringIO("  \n "))


def test_same_text_is_kept_once_first_wins(tmp_path):
    first = write(tmp_path, "first.txt", "Title one\nThe same   body\ntext.")
    second = write(tmp_path, "second.txt", "Title two\nThe same body text.")
    batch = write(tmp_path, "rows.jsonl", '{"text": "The same body\\ntext."}\n{"text": "Other"}\n')
    articles = read_paths([first, second, batch])
    assert [(a.source, a.title) for a in articles] == [("first.txt", "Title one"), ("rows.jsonl", "")]
    assert articles[1].text == "Other"


# --- batches ----------------------------------------------------------------------------------------------


def test_jsonl_fields_and_source_fallback(tmp_path):
    lines = [
        '{"text": "First line stays.\\nSecond line.", "id": 7, "title": "T1", "url": "https://ex.org/1",'
        ' "date": "2024-03-01", "source": "Agency", "extra": {"ignored": true}}',
        "",
        '{"text": "Plain row.", "title": null}',
        "   ",
    ]
    articles = read_paths([write(tmp_path, "batch.jsonl", "\n".join(lines))])
    first, second = articles
    assert first.text == "First line stays.\nSecond line."
    assert (first.title, first.external_id, first.url, first.date, first.source) == (
        "T1",
        "7",
        "https://ex.org/1",
        "2024-03-01",
        "Agency",
    )
    assert (second.text, second.title, second.external_id) == ("Plain row.", "", "")
    assert second.source == "batch.jsonl"


def test_csv_fields_bom_multiline_and_source_fallback(tmp_path):
    content = (
        "\ufeffID,Text,title,source,url,date,unused\r\n"
        'a1,"Multi\r\nline, with comma",Title A,Wire,https://ex.org/a,2024-01-02,x\r\n'
        "\r\n"
        "a2,Second text,,,,,\r\n"
    )
    first, second = read_paths([write(tmp_path, "rows.csv", content)])
    assert first.text == "Multi\nline, with comma"
    assert (first.external_id, first.title, first.source, first.url, first.date) == (
        "a1",
        "Title A",
        "Wire",
        "https://ex.org/a",
        "2024-01-02",
    )
    assert (second.external_id, second.text, second.title) == ("a2", "Second text", "")
    assert second.source == "rows.csv"


def test_batch_url_must_be_http(tmp_path):
    rows = '{"text": "a", "url": "javascript:alert(1)"}\n{"text": "b", "url": "http://ex.org/b"}\n'
    first, second = read_paths([write(tmp_path, "b.jsonl", rows)])
    assert (first.url, second.url) == ("", "http://ex.org/b")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "ok"}\n{"text": "broken"\n', "line 2: invalid JSON"),
        ('{"text": "ok"}\n\n["text"]\n', "line 3: expected a JSON object"),
        ('{"title": "no text"}\n', 'line 1: missing "text"'),
        ('{"text": "ok"}\n{"text": "   "}\n', "line 2: no text"),
        ('{"text": 42}\n', 'line 1: "text" must be a string'),
        ('{"text": "ok", "title": ["a"]}\n', 'line 1: "title" must be a string or number'),
    ],
)
def test_bad_jsonl_names_file_and_line(tmp_path, content, expected):
    path = write(tmp_path, "batch.jsonl", content)
    message = read_error(path)
    assert message.startswith(f"{path} line ")
    assert expected in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,body,title\n1,hello,x\n", 'line 1: no "text" column (found: id, body, title)'),
        ('id,text\n1,ok\n2,"broken"quote\n', "line 3: broken CSV"),
        ('id,text\n1,"never closed\n2,more\n', "line 2: broken CSV"),
        ("id,text\n1,ok\n2,too,many\n", "line 3: 3 fields, the header has 2"),
        ("id,text\n1,ok\n2,  \n", "line 3: no text"),
        ("id,text\n", "no rows"),
    ],
)
def test_bad_csv_names_file_and_line(tmp_path, content, expected):
    path = write(tmp_path, "batch.csv", content)
    message = read_error(path)
    assert message.startswith(path)
    assert expected in message


# --- HTML -------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Tab title | Example News</title>
<meta property="og:title" content="Council  approves budget">
<meta property="og:url" content="https://example.org/og">
<link rel="canonical" href="https://example.org/news/budget">
<meta property="article:published_time" content="2024-06-01T10:00:00Z">
<style>p { color: red }</style>
<script>document.write("<p>injected</p>"); alert(1)</script>
</head><body>
<header><a href="/">Example News</a> Site header text</header>
<nav><ul><li>Home<li>Politics</ul></nav>
<div class="layout">Sidebar-ish body text outside the article</div>
<article>
  <h1>Council approves budget</h1>
  <p>The council approved the budget on <b>Monday</b> &amp; cut
     taxes by 2&nbsp;%.</p>
  <img src=x onerror=alert(1)>
  <p>Mayor Smith said: &quot;We kept our promise.&quot;<br>Next line.</p>
  <p>Read <a href="javascript:alert(2)">more</a> here.</p>
  <div hidden>Hidden teaser</div><p style="display: none">Invisible text</p>
  <ul><li>Point one<li>Point two</ul>
  <aside>Related: other story</aside>
  <form><button>Subscribe</button><input type=text value="form value"></form>
  <noscript>Enable JavaScript</noscript>
</article>
<footer>Copyright footer</footer>
</body></html>
"""


def test_html_main_text_title_canonical_address_date_and_outlet(tmp_path):
    [article] = read_paths([write(tmp_path, "page.html", PAGE)])
    assert article.title == "Council approves budget"
    assert article.text == (
        "The council approved the budget on Monday & cut taxes by 2 %.\n"
        'Mayor Smith said: "We kept our promise."\n'
        "Next line.\n"
        "Read more here.\n"
        "Point one\n"
        "Point two"
    )
    assert article.url == "https://example.org/news/budget"  # the canonical link beats og:url
    assert article.date == "2024-06-01"
    # the site name closing the <title> names the page's host (example.org): the outlet
    assert (article.outlet, article.source, article.note) == ("Example News", "page.html", "")
    # no site name in the page: the host of its address, never the file name
    [bare] = read_paths([write(tmp_path, "bare.html", PAGE.replace("Tab title | Example News", "Tab title"))])
    assert bare.outlet == "example.org"


def test_html_drops_scripts_attributes_chrome_and_hidden_content(tmp_path):
    [article] = read_paths([write(tmp_path, "page.htm", PAGE)])
    for absent in [
        "alert", "onerror", "javascript", "injected", "<", "color: red", "Site header", "Politics",
        "Copyright", "Related", "Subscribe", "form value", "Enable JavaScript", "Hidden teaser",
        "Invisible", "Sidebar-ish",
    ]:  # fmt: skip
        assert absent not in article.text


def test_html_site_name_author_and_what_the_user_names(tmp_path):
    page = PAGE.replace(
        "<title>",
        '<meta property="og:site_name" content="Example News"><meta name="author" content="Ann Lee"><title>',
    )
    path = write(tmp_path, "page.html", page)
    [article] = read_paths([path])
    assert (article.outlet, article.author) == ("Example News", "Ann Lee")
    [named] = read_paths([path], outlet=" Der  Kurier ", date="2024-06-02")
    assert (named.outlet, named.date, named.source) == ("Der Kurier", "2024-06-02", "page.html")
    with pytest.raises(ValueError, match=r"not a date: '2\.6\.2024'; write it as YYYY-MM-DD"):
        read_paths([path], date="2.6.2024")


def test_html_furniture_inside_the_article_is_left_out(tmp_path):
    paragraphs = "".join(
        f"<p>The harbour authority said on Tuesday that {n} ships had been delayed by the storm, and that"
        f" the quays would reopen once the wind had dropped below gale force.</p>"
        for n in range(2, 8)
    )
    page = (
        "<html><body><article><h1>Storm delays ships</h1>"
        f"{paragraphs}"
        '<figure><img src="a.jpg"><figcaption class="image-caption">Ships at anchor. Photo: Jo Bloggs</figcaption>'
        "</figure>"
        '<div class="share-bar"><a>Share on Twitter</a><a>Share on WhatsApp</a></div>'
        '<div class="author-bio"><p>Jo Bloggs reports on shipping for the Gazette.</p></div>'
        '<section id="comments"><p>Great article, thanks!</p></section>'
        "</article></body></html>"
    )
    [article] = read_paths([write(tmp_path, "storm.html", page)])
    assert "2 ships had been delayed" in article.text and "7 ships" in article.text
    for furniture in ("Ships at anchor", "Share on", "reports on shipping", "Great article"):
        assert furniture not in article.text


def test_html_lead_shown_above_the_article_is_kept(tmp_path):
    body = "".join(
        f"<p>Paragraph {n} of the report says the council spent more on roads than planned in {2000 + n}.</p>"
        for n in range(8)
    )
    lead = "The city overspent its road budget for the third year running."
    page = (
        f'<html><head><meta name="description" content="{lead}"></head><body>'
        f'<header><h1>Roads cost more</h1><p class="standfirst">{lead}</p></header>'
        f"<article>{body}</article></body></html>"
    )
    [article] = read_paths([write(tmp_path, "roads.html", page)])
    assert article.text.startswith(lead + "\n")
    hidden = page.replace(
        f'<p class="standfirst">{lead}</p>', ""
    )  # only in the metadata: not the page's text
    [article] = read_paths([write(tmp_path, "meta-only.html", hidden)])
    assert lead not in article.text


def test_html_without_an_article_is_read_as_plain_text_with_a_note(tmp_path):
    body_page = "<body><nav>Home</nav><h1>Only &lt;h1&gt;</h1><div>Body one<div>Body two</div></div></body>"
    [article] = read_paths([write(tmp_path, "body.html", body_page)])
    assert (article.title, article.text) == ("Only <h1>", "Body one\nBody two")
    assert article.note.startswith("the extractor found no article in the page")


def test_html_ignores_non_http_canonical_links(tmp_path):
    page = '<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="/a"><p>x</p>'
    [article] = read_paths([write(tmp_path, "p.html", page)])
    assert (article.url, article.text) == ("", "x")


def test_html_without_text_is_an_error(tmp_path):
    page = "<html><head><title>T</title><script>x()</script></head><body><nav>Menu</nav></body></html>"
    path = write(tmp_path, "empty.html", page)
    message = read_error(path)
    assert message == f"{path}: no readable text found in the page"
    assert read_error(write(tmp_path, "blank.html", "<html><body>  </body></html>")).endswith(
        "no readable text found in the page"
    )


def test_html_over_the_page_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    from workbench.formats import articles

    path = write(tmp_path, "huge.html", "<p>" + "word " * 100 + "</p>")
    monkeypatch.setattr(files, "MAX_PAGE_BYTES", 100)
    monkeypatch.setattr(articles, "read_page", lambda *a, **k: pytest.fail("the page was parsed"))
    assert read_error(path) == f"{path}: page is 507 bytes, over the limit of 100 for a web page"


def test_fetched_pages_are_decoded_by_their_declared_charset():
    from workbench.formats.articles import decode_page, read_html_page

    latin = "<html><head><meta charset='iso-8859-1'></head><body><p>Grüße aus Köln</p></body></html>"
    assert "Grüße aus Köln" in decode_page(latin.encode("latin-1"), "page")
    assert "Grüße" in decode_page("<p>Grüße</p>".encode("cp1252"), "page", charset="cp1252")
    assert "Gr\ufffd\ufffde" in decode_page("<p>Grüße</p>".encode("latin-1"), "page")  # read, not refused
    with pytest.raises(IngestError, match=r"^https://a\.example/x: looks like a binary file"):
        read_html_page(b"%PDF-1.4 \x00\x01", "https://a.example/x")
    [article] = [read_html_page(b"<article><p>A text.</p></article>", "l", url="https://news.example/a")]
    assert (article.url, article.outlet, article.source) == (
        "https://news.example/a",
        "news.example",
        "https://news.example/a",
    )


# --- bad files --------------------------------------------------------------------------------------------


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.md", b" \n\t\r\n  ", "file is empty"),
        ("blank.jsonl", b"\n\n", "file is empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file, not text"),
        ("archive.csv", zip_bytes(), "looks like a binary file, not text"),
        ("nul.txt", b"Title\nSome\x00text", "looks like a binary file, not text"),
        ("controls.html", bytes(range(1, 9)) * 20 + b"<p>x</p>", "looks like a binary file, not text"),
        ("paper.pdf", b"%PDF-1.4", f"unsupported file type .pdf ({SUPPORTED})"),
        ("README", b"text", f"unsupported file type (no extension) ({SUPPORTED})"),
    ],
)
def test_bad_files_raise_with_the_file_name(tmp_path, name, content, expected):
    path = write(tmp_path, name, content)
    assert read_error(path) == f"{path}: {expected}"


def test_text_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_TEXT_CHARS", 50)
    path = write(tmp_path, "long.txt", "Title\n" + "x" * 51)
    assert read_error(path) == f"{path}: text is 51 characters, over the limit of 50"
    batch = write(tmp_path, "long.jsonl", '{"text": "short"}\n{"text": "%s"}\n' % ("y" * 60))
    assert read_error(batch) == f"{batch} line 2: text is 60 characters, over the limit of 50"
    assert read_paths([write(tmp_path, "ok.txt", "Title\n" + "x" * 50)])[0].text == "x" * 50


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path, monkeypatch):
    path = write(tmp_path, "big.txt", "Title\n" + "x" * 100)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    message = read_error(path)
    assert message.startswith(path) and "over the limit of 10" in message


def test_default_limits():
    assert files.MAX_TEXT_CHARS == 2_000_000
    assert files.MAX_FILE_BYTES == 200 * 1024 * 1024


def test_a_bad_file_means_no_partial_result(tmp_path):
    good = write(tmp_path, "good.txt", "Good\nA good article.")
    bad = write(tmp_path, "bad.jsonl", '{"text": "fine"}\nnot json\n')
    with pytest.raises(IngestError, match=r"bad\.jsonl line 2: invalid JSON"):
        read_paths([good, bad])


# --- uploads and pasted text ------------------------------------------------------------------------------


def test_read_upload_dispatches_by_extension():
    [page] = read_upload("Story.HTML", b"<article><h1>Head</h1><p>Body</p></article>")
    assert (page.title, page.text, page.source, page.outlet) == ("Head", "Body", "Story.HTML", "Story.HTML")
    rows = read_upload("dir/rows.csv", b"text,source\nOne,\nTwo,Agency\nOne,\n")
    assert [(a.text, a.source) for a in rows] == [("One", "rows.csv"), ("Two", "Agency")]
    [latin] = read_upload("l.txt", "Titel\nGrüße".encode("latin-1"), encoding="latin-1")
    assert latin.text == "Grüße"


def test_read_upload_errors_name_the_upload(tmp_path, monkeypatch):
    with pytest.raises(IngestError, match=r"^scan\.docx: unsupported file type \.docx"):
        read_upload("scan.docx", b"PK\x03\x04")
    with pytest.raises(IngestError, match=r"^photo\.txt: looks like a binary file"):
        read_upload("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 3)
    with pytest.raises(IngestError, match=r"^a\.txt: file is 4 bytes, over the limit of 3"):
        read_upload("a.txt", b"abcd")


def test_article_from_text_uses_title_or_first_line():
    pasted = article_from_text("  Headline\r\n\r\nThe body.  ")
    assert (pasted.title, pasted.text, pasted.source) == ("Headline", "The body.", "pasted")
    titled = article_from_text("Headline\nThe body.", title=" Given\ttitle ", source="clipboard")
    assert (titled.title, titled.text, titled.source) == ("Given title", "Headline\nThe body.", "clipboard")
    named = article_from_text("Headline\nThe body.", outlet="Kurier", date="2024-01-31")
    assert (named.outlet, named.date, named.source) == ("Kurier", "2024-01-31", "pasted")
    with pytest.raises(IngestError, match=r"^pasted: no text"):
        article_from_text(" \n\x07 ")


def test_html_headline_beats_a_title_with_the_site_name(tmp_path):
    page = (
        "<html><head><title>Kreml dementiert | Beispiel-Zeitung</title></head><body><article>"
        "<h1>Kreml dementiert Waffendeal</h1><p>Der Kreml hat am Freitag bestritten, dass Russland Granaten"
        " kauft.</p></article></body></html>"
    )
    [article] = read_paths([write(tmp_path, "page.html", page)])
    assert article.title == "Kreml dementiert Waffendeal"
    assert article.text == "Der Kreml hat am Freitag bestritten, dass Russland Granaten kauft."


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Anna Petersen; Küstenbote Online", "Anna Petersen"),
        ("Küstenbote Verlag GmbH; Kiel; Germany", ""),
        ("Anna Petersen; Jan Kröger", "Anna Petersen, Jan Kröger"),
        ("Example News", ""),  # the outlet itself
        ("Associated Press", "Associated Press"),  # an agency as the byline names it
    ],
)
def test_html_author_keeps_the_people_not_the_publisher(tmp_path, given, kept):
    page = PAGE.replace(
        "<title>",
        f'<meta property="og:site_name" content="Example News"><meta name="author" content="{given}"><title>',
    )
    [article] = read_paths([write(tmp_path, "page.html", page)])
    assert article.author == kept
