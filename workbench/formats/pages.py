"""Web pages -> Article records: the article's main text and its metadata (title, site name, date, author,
canonical address), read with trafilatura.

trafilatura (the open-source extractor news research uses) finds the main text and leaves out navigation,
cookie notices, teasers and comments. Several outlets put more furniture inside the article element itself, so
before it runs, elements whose class or id names them as captions, author boxes, share bars, comments,
newsletter or appeal boxes, related articles or embedded posts are removed, and so are figure captions, lists of
links to other articles, labelled teasers, pull-quote attributions and appeal boxes with their button; after it
runs, whole paragraphs of furniture (credits, bios of the outlet's reporters, "Read more:", tip lines and
promotions, embedded posts' signatures: ``furniture.is_furniture``) and editors' notes in italics closing the
article are left out, so they never become claims. The standfirst above the article, which trafilatura leaves
out, is put back in front. A page drawn by script, whose HTML holds a caption or a teaser and whose JSON-LD the
whole text (``articleBody``), is read from that text. Title, outlet and date come from ``pagemeta``. A page
trafilatura cannot read (too little text in any one place) is kept as its plain text, with a note saying so.
Pure: reads text, stores nothing, fetches nothing.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from html import unescape as html_unescape
from urllib.parse import urljoin

from ..records import Article, is_web_url, url_host
from . import files, pagemeta
from .files import IngestError, clean, one_line
from .furniture import is_furniture

# favor_precision, not favor_recall: chosen on the 15 development pages of benchmarks/real_pages.py. Without
# the pruning below, precision held 138 of 149 checks, the default 135 and recall 132; with it, precision and
# recall both hold 145, and precision leaves fewer boilerplate claims (9 against 10 of about 670). Round 2, on
# all 44 pages with its rules: precision 438 of 439 checks and 6 boilerplate claims of 1,976, the default 435
# and 12, recall 435 and 32 (recall finds 5 more of the 995 body paragraphs). deduplicate=True changed nothing
# there and keeps state between calls, so it stays off.
FAVOR_PRECISION = True

# Elements never shown as text.
_INVISIBLE = ("head", "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas")
# A class or id naming page furniture: figure captions and credits, author boxes, bylines and bios, share and
# social bars, comment sections, newsletter sign-ups and subscription or donation appeals, promotions and related
# articles, embedded posts, footnotes, debugging output. Matched as a whole part of a class name
# ("cbx-Author_Position", "share-bar", "show-comments", "relatedContent" once its camel case is split), so
# "commentary", "shared-content" or "promoted" are not. The parts added in round 2 (byline … tiktok) took no body
# paragraph of the 44 gold pages (benchmarks/real_pages.py). Not "paywall" (nor "subscription", a name of the same
# kind): on two pages of the held-out set test3 it named the article's own paragraphs behind a paywall, 32 of them.
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:caption|image-?description|imagedescription|bildunterschrift|credits?|"
    r"author[-_]?(?:bio|info|box|position|details)|attribution|trust-?badge|comments?|newsletter|"
    r"share|sharing|social|debug|byline|bio|biography|footnote|sign-?up|subscribe|"
    r"donate|donation|promo|related|recommended|recommendations|read-?more|embed|embedded|tweet|instagram|"
    r"tiktok)(?:$|[-_\s])",
    re.IGNORECASE,
)
_KEEP_TAGS = ("html", "body", "main", "article")
# Page chrome by its element: left out of the plain text a page is read as when no article is found.
_CHROME = ("nav", "header", "footer", "aside", "form", "button", "select", "textarea")
_BULLET = re.compile(r"^- ", re.MULTILINE)  # trafilatura writes list items as "- item"
# Pages drawn by script (single-page apps: the South China Morning Post's, among 109 real pages of trafilatura's
# test set) send only a caption or a teaser as HTML and the whole article as JSON-LD ``articleBody``. That text is
# taken where what was extracted is under this share of it; on the three other pages of that set with an
# ``articleBody`` the two agreed in length (0.95-1.06), and there the extracted text, with its furniture rules,
# stays.
STRUCTURED_SHARE = 0.5
STRUCTURED_MIN_CHARS = 500  # a shorter articleBody is a teaser or a summary, not the article
_BREAKS = re.compile(r"</p>|<br\s*/?>", re.IGNORECASE)  # paragraph ends inside an articleBody given as HTML


def read_page(text: str, label: str, *, source: str = "", url: str = "") -> Article:
    """The article in an HTML page: its main text, title, outlet (the page's site name, else the host of its
    address), date (YYYY-MM-DD), author and canonical address (else ``url``, where it was fetched from).

    ``label`` starts error messages; ``source`` is the article's source as given (file name or link).
    A page without any readable text raises ``IngestError``; a page trafilatura finds no article in is read
    as plain text and the article's ``note`` says so.
    """
    tree = _parse(text)
    if tree is None:
        raise IngestError(f"{label}: no readable text found in the page")
    _prune_hidden(tree)
    visible = _visible_text(tree)
    if not visible.strip():
        raise IngestError(f"{label}: no readable text found in the page")
    h1 = one_line(clean(_first(tree, "//h1")))  # before pruning: some outlets put the headline in odd places
    items = pagemeta.json_ld(tree)
    shown = pagemeta.headline(tree, items)
    _prune_furniture(tree)
    notes = _italic_notes(tree)
    lead_blocks = _lead_blocks(tree)
    plain = _visible_text(tree, chrome=False)
    for element in tree.xpath("//nav"):  # navigation is never the article, however little else there is
        _remove(element)
    document = _extract(tree, url)
    title = shown or _headline(h1, _meta_title(document, tree))
    body = (document.text or "").strip() if document is not None else ""
    body = _without_furniture(_without_leading_title(body, (title, h1)), (title, h1), notes)
    note = ""
    structured = _structured_body(items)
    if len(structured) >= STRUCTURED_MIN_CHARS and len(body) < STRUCTURED_SHARE * len(structured):
        # the article is drawn by script: the server sent a caption or a teaser, its JSON-LD the whole text
        body = _without_leading_title(structured, (title, h1))
        note = (
            "the page's own text held under half of the article text its structured data (JSON-LD) gives:"
            " stored that text"
        )
    elif body:
        body = _with_lead(body, document.description or "", visible, _before_body(tree, lead_blocks, body))
    else:
        # trafilatura found no article (a very short page, or text everywhere and nowhere): keep what a
        # reader sees outside the page's navigation, header and footer, and say so
        body = _without_leading_title(plain, (title,))
        note = "the extractor found no article in the page: stored its visible text outside menus, header and footer"
    body = clean(_BULLET.sub("", body)).strip()
    if not body:
        raise IngestError(f"{label}: no readable text found in the page")
    if len(body) > files.MAX_TEXT_CHARS:
        raise IngestError(
            f"{label}: text is {len(body):,} characters, over the limit of {files.MAX_TEXT_CHARS:,}"
        )
    address = _address(tree, document, url)
    outlet = pagemeta.outlet(
        tree,
        items,
        url_host(address),
        one_line(clean(getattr(document, "sitename", "") or "")) or url_host(address),
    )
    return Article(
        text=body,
        title=title,
        source=source or label,
        outlet=outlet,
        url=address,
        date=pagemeta.published(
            tree, items, pagemeta.page_language(tree), getattr(document, "date", "") or ""
        ),
        author=_people(one_line(clean(getattr(document, "author", "") or "")), outlet),
        note=note,
    )


def _structured_body(items: list[dict]) -> str:
    """The longest ``articleBody`` of the page's JSON-LD articles as plain text (some outlets put HTML in it:
    its tags are dropped, entities read), or ""."""
    bodies = [
        i["articleBody"] for i in pagemeta.article_items(items) if isinstance(i.get("articleBody"), str)
    ]
    if not bodies:
        return ""
    body = max(bodies, key=len)
    if "<" not in body:
        return clean(html_unescape(body)).strip()
    tree = _parse("<div>" + _BREAKS.sub("\n", body) + "</div>")
    return clean(tree.text_content()).strip() if tree is not None else ""


def _parse(text: str):
    """The page as an lxml tree (always an <html> root), or None when there is nothing to parse."""
    from lxml import etree, html

    # given as UTF-8 bytes, so a page's own <?xml encoding=…?> declaration cannot contradict the text
    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):  # "Document is empty"
        return None


def _quiet() -> None:
    # trafilatura logs every page it finds too short at ERROR; the reader reports that itself
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def _extract(tree, url: str):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            tree,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_precision=FAVOR_PRECISION,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError):  # malformed markup trafilatura cannot walk
        return None


def _visible_text(tree, chrome: bool = True) -> str:
    """The text a browser shows (everything but head, scripts, styles and the like), a line per block;
    without ``chrome``, also without navigation, header, footer, asides and forms."""
    copy = deepcopy(tree)
    tags = _INVISIBLE if chrome else _INVISIBLE + _CHROME
    for element in copy.xpath(" | ".join(f"//{tag}" for tag in tags)):
        _remove(element)
    return _block_text(copy)


_BLOCKS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 blockquote tr td th dd dt pre section article main ul ol table hr body"
    " figure figcaption dl address nav header footer aside form br".split()
)


def _block_text(tree) -> str:
    """Text with a line break around every block element, each line with its spaces folded. Walked with
    events rather than recursion, so a page nested thousands of levels deep cannot exhaust the stack."""
    from lxml import etree

    parts: list[str] = []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCKS:
            parts.append("\n")
        if event == "start" and tag and element.text:
            parts.append(element.text)
        if event == "end" and element.tail and element is not tree:
            parts.append(element.tail)
    return _fold("".join(parts))


def _fold(text: str) -> str:
    lines = (one_line(line) for line in clean(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _remove(element) -> None:
    """Drop an element but keep its tail (the text after it belongs to its parent)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# Elements the page hides: the hidden attribute, or an inline style that hides them.
_HIDDEN = (
    "//*[@hidden] | //*[contains(translate(@style, ' ', ''), 'display:none')]"
    " | //*[contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)


def _prune_hidden(tree) -> None:
    for element in tree.xpath(_HIDDEN):
        _remove(element)


def _class_names(element) -> str:
    """An element's class and id, camel case split into parts ("relatedContent" -> "related-Content")."""
    names = " ".join(filter(None, (element.get("class"), element.get("id"))))
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", names)


# Whole class names that name an element as the article or its text. A furniture name on such an element, or on
# one holding it, tells of a state or a theme, not of furniture: "comments-enabled" with the id "article"
# (TimesLive), a WordPress theme's "thb-post-share-container" around the "entry-content" (Occupy Democrats).
_ARTICLE_CLASSES = (
    "article", "story", "entry-content", "post-content", "post-body", "article-body", "article-content",
    "article-text", "articlebody", "story-body",
)  # fmt: skip


def _article_holders(tree) -> set:
    """The elements named (by a class or their id) as the article or its text, or marked itemprop="articleBody",
    and every element holding one: one pass over the page and one walk up from each, so a page of deeply nested
    furniture costs no more than its size."""
    held: set = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        names = {*(element.get("class") or "").lower().split(), (element.get("id") or "").lower()}
        if element.get("itemprop") == "articleBody" or names.intersection(_ARTICLE_CLASSES):
            while element is not None and element not in held:
                held.add(element)
                element = element.getparent()
    return held


def _prune_furniture(tree) -> None:
    """Remove the page furniture that sits inside articles before trafilatura reads the page: elements whose
    class names it (unless they are or hold the article), figure captions, what the page marks as beside the
    article, lists that are only links to other articles, labelled teasers, the attribution under a pull quote,
    and appeal boxes with their button."""
    holders = _article_holders(tree)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in _KEEP_TAGS:
            continue
        names = _class_names(element)
        if names and _FURNITURE.search(names) and element not in holders:
            _remove(element)
    # captions and credits, never the article's text; what the page marks as beside the article or as its
    # navigation, banner or footer, as trafilatura does with <aside>, <nav> and <footer>
    for element in tree.xpath(
        "//figcaption | //*[@role='complementary' or @role='navigation' or @role='banner' or @role='contentinfo'"
        " or @role='search']"
    ):
        _remove(element)
    _prune_empty_inline(tree)
    _prune_link_lists(tree)
    _prune_labelled_teasers(tree)
    _prune_quote_attributions(tree)
    _prune_appeals(tree)


def _text(element) -> str:
    return one_line(clean(element.text_content()))


def _link_share(element) -> float:
    """The share of an element's text that is the text of links."""
    text = len(_text(element))
    return sum(len(_text(a)) for a in element.iter("a")) / text if text else 0.0


_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _prune_empty_inline(tree) -> None:
    """Inline elements without any text (an icon's <span> inside a link): trafilatura drops some of them with the
    text that follows them, which is the article's. A space such an element holds stays, so the words around it
    do not run together."""
    for element in list(tree.iter("span", "i", "em", "b", "strong", "small", "font")):
        if not _text(element) and not element.xpath(".//img | .//br"):
            if element.text_content():  # only white space: keep one
                element.tail = " " + (element.tail or "")
            _remove(element)


def _is_link_item(item) -> bool:
    """A list item that is a link to another article, perhaps behind a bold label ("<b>KI in der Schule?</b>
    <a>Digitalminister Wildberger: …</a>")."""
    text = len(_text(item))
    if not text:
        return False
    links = sum(len(_text(a)) for a in item.iter("a"))
    labels = sum(
        len(_text(b)) for b in item.iter("strong", "b") if not any(x.tag == "a" for x in b.iterancestors())
    )
    return links / text >= 0.9 or (links / text >= 0.4 and (links + labels) / text >= 0.9)


def _prune_link_lists(tree) -> None:
    """Lists whose every item is a link (related articles, "Auch interessant"), with the short heading right above
    one: a list of the article's own points has text outside its links."""
    for listing in list(tree.iter("ul", "ol")):
        items = [item for item in listing if item.tag == "li"]
        if len(items) < 2 or not all(_is_link_item(item) for item in items):
            continue
        heading = listing.getprevious()
        _remove(listing)
        if heading is not None and heading.tag in _HEADINGS and len(_text(heading)) <= 80:
            _remove(heading)


_END_OF_SENTENCE = re.compile(r"[.!?…:;\"“”„'’»«)]\s*$")


def _prune_labelled_teasers(tree) -> None:
    """A paragraph that is a bold label and a headline of another article: "<b>Internal memo:</b> Federal prison
    guards falsified records". The headline has five words or more and no closing punctuation, so an interview's
    question ("<b>Frage:</b> Wie geht es weiter?") and a fact box's line ("<b>Einwohner:</b> 3,6 Millionen")
    stay."""
    for paragraph in list(tree.iter("p")):
        children = [c for c in paragraph if isinstance(c.tag, str)]
        if not children or (paragraph.text or "").strip() or children[0].tag not in ("strong", "b"):
            continue
        label = _text(children[0])
        text = _text(paragraph)
        headline = text[len(label) :].strip() if text.startswith(label) else ""
        if (
            label.endswith(":")
            and len(text) <= 200
            and len(headline.split()) >= 5
            and not _END_OF_SENTENCE.search(headline)
        ):
            _remove(paragraph)


def _prune_quote_attributions(tree) -> None:
    """The line naming a pull quote's speaker ("Samantha Burgess, stellvertretende Direktorin …"): a quote's own
    <cite> or <footer>, or a short line without closing punctuation that shares a box with the quote alone."""
    for quote in list(tree.iter("blockquote")):
        for credit in quote.xpath(".//cite | .//footer"):
            _remove(credit)
        parent = quote.getparent()
        if parent is None or parent.tag in _KEEP_TAGS:
            continue
        siblings = [c for c in parent if isinstance(c.tag, str) and _text(c)]
        if len(siblings) != 2 or siblings[0] is not quote:
            continue
        line = _text(siblings[1])
        if (
            siblings[1].tag in ("p", "div", "span", "cite", "footer")
            and len(line) <= 150
            and ("," in line or line[:1] in "—–-")
            and not re.search(r"[.!?]\s*$", line)
        ):
            _remove(siblings[1])


# The words of an appeal's button: "Jetzt unterstützen", "Jetzt abonnieren", "Subscribe", "Donate now".
_APPEAL = re.compile(
    r"(?:jetzt\s+|now\s+)?(?:unterstützen|abonnieren|spenden|testen|registrieren|mitglied\s+werden|subscribe|"
    r"support(?:\s+us)?|donate|sign\s+up|join(?:\s+us)?|become\s+a\s+member)(?:\s+now|\s+jetzt)?",
    re.IGNORECASE,
)
_BUTTON = re.compile(r"(?:^|[-_\s])(?:button|btn|cta)(?:$|[-_\s])", re.IGNORECASE)


def _prune_appeals(tree) -> None:
    """A subscription or donation appeal inside the article: the paragraph holding its button ("Jetzt
    unterstützen", "Subscribe") and the short heading right above it."""
    for button in list(tree.xpath("//a | //button")):
        if button.getparent() is None or not _APPEAL.fullmatch(_text(button)):
            continue
        if (
            button.tag != "button"
            and button.get("role") != "button"
            and not _BUTTON.search(_class_names(button))
        ):
            continue
        block = next((a for a in button.iterancestors() if a.tag in ("p", "div", "li", "section")), None)
        if block is None or block.tag in _KEEP_TAGS or len(_text(block)) > 1200:
            _remove(button)
            continue
        heading = block.getprevious()
        _remove(block)
        if heading is not None and len(_text(heading)) <= 80 and not re.search(r"[.!?]\s*$", _text(heading)):
            _remove(heading)


def _italic_notes(tree) -> set[str]:
    """The paragraphs set wholly in italics (<em>/<i>), as one line each: at an article's end they are notes of
    the editors (credits, a correspondent's bio, "more to follow"), not the article. On the 44 gold pages none of
    the 11 such paragraphs was article text; ``is_furniture`` already knew each of them, so this catches the
    notes its words miss."""
    notes = set()
    for paragraph in tree.iter("p"):
        if (paragraph.text or "").strip():
            continue
        children = [c for c in paragraph if isinstance(c.tag, str)]
        if (
            children
            and all(c.tag in ("em", "i", "br") for c in children)
            and not any((c.tail or "").strip() for c in children)
        ):
            text = _text(paragraph)
            if text:
                notes.add(text)
    return notes


def _without_furniture(body: str, titles: tuple[str, ...], notes: set[str]) -> str:
    """The body without its furniture paragraphs (``furniture.is_furniture``), without a line repeating the
    title, and without the notes in italics that close it."""
    keys = {_letters(t) for t in titles if t}
    lines = []
    for line in body.split("\n"):
        bare = _BULLET.sub("", line).strip()
        if not bare or is_furniture(bare) or _repeats_title(_letters(bare), keys):
            continue
        lines.append(line)
    while lines and one_line(_BULLET.sub("", lines[-1])) in notes:
        lines.pop()
    return "\n".join(lines)


def _with_lead(body: str, description: str, visible: str, blocks: list[str]) -> str:
    """The body with the page's standfirst in front, which trafilatura leaves out when it sits above the
    article (in a <header>, or in a fact-check's claim box): the meta description when the page also shows it
    as text, and the elements marked as the lead (``_lead_blocks``), each only when the extracted body lacks it;
    two at most."""
    flat = one_line(body)
    shown = one_line(visible)
    first = one_line(body.partition("\n")[0])[:40]
    leads: list[str] = []
    for lead in (one_line(clean(description)), *blocks):
        if not lead or lead in flat or lead not in shown or any(lead in x or x in lead for x in leads):
            continue
        if first and first in lead:  # the body's first line is the lead's start: not a lead then
            continue
        leads.append(lead)
    return "\n".join([*leads[:2], body])


# A class naming the article's standfirst: "intro", "lead", "leadtext", "standfirst", "article-summary" …
_LEAD = re.compile(
    r"(?:^|[-_\s])(?:intro|introtext|lead|leadtext|standfirst|dek|deck|summary|excerpt|vorspann|preface|subtitle|"
    r"subhead|subheadline|abstract|statement|claim)(?:$|[-_\s])",
    re.IGNORECASE,
)


# another article's lead or kicker, or the author, source or date line of a claim box ("statement-author")
_NOT_LEAD = re.compile(
    r"teaser|(?<!sub)headline|card|related|list|author|byline|source|meta|date", re.IGNORECASE
)
_LEAD_TAGS = ("p", "div", "section", "h2")


def _lead_blocks(tree) -> list[tuple[object, str]]:
    """The innermost paragraph-like elements whose class names them the article's lead (its standfirst, or a
    fact-check's claim) and not another article's teaser: 40 to 1,000 characters, outside links, navigation,
    asides and footers, after the page's first <h1>; each as (the element, its text)."""
    found = []
    order = {element: number for number, element in enumerate(tree.iter())}
    headline = next(tree.iter("h1"), None)
    after = order[headline] if headline is not None else -1
    for element in tree.iter(*_LEAD_TAGS):
        if (
            order[element] <= after
        ):  # the lead follows the headline; a menu or the headline's box comes before
            continue
        names = _class_names(element)
        if not _LEAD.search(names) or _NOT_LEAD.search(names):
            continue
        if any(_LEAD.search(_class_names(d)) for d in element.iterdescendants(*_LEAD_TAGS)):
            continue  # the innermost: a claim box holds its claim, its author and its source
        # another article's teaser is a link, or sits in navigation, an aside or a footer
        if any(a.tag in ("nav", "aside", "footer", "a") for a in element.iterancestors()):
            continue
        if _link_share(element) > 0.5:
            continue
        text = _text(element)
        if 40 <= len(text) <= 1000 and not is_furniture(text):
            found.append((element, text))
    return found


def _before_body(tree, blocks: list[tuple[object, str]], body: str) -> list[str]:
    """The lead blocks that come before the extracted body's first paragraph in the page (another article's
    teaser further down is marked as a lead too)."""
    order = {element: number for number, element in enumerate(tree.iter())}
    first = one_line(body.partition("\n")[0])[:60]
    start = None
    if first:
        for element, number in order.items():
            if element.tag in ("p", "div", "h2", "h3", "li", "section") and _text(element).startswith(first):
                start = number  # the outermost such element, the first in the page
                break
    return [
        text for element, text in blocks if element in order and (start is None or order[element] < start)
    ]


def _without_leading_title(body: str, titles: tuple[str, ...]) -> str:
    """The body without a first line that repeats a title (the headline inside the article element),
    compared by letters and digits only: a kicker's colon or a space may be lost in the markup."""
    first, _, rest = body.partition("\n")
    if _letters(first) in {_letters(t) for t in titles if t}:
        return rest.strip()
    return body


def _repeats_title(line: str, titles: set[str]) -> bool:
    """Whether a line (as ``_letters``) is the title, or a kicker of a few words and the title."""
    return any(line == t or (len(t) >= 20 and line.endswith(t) and len(line) - len(t) <= 60) for t in titles)


def _letters(text: str) -> str:
    return "".join(re.findall(r"[^\W_]+", text.lower()))


# Words that make an author entry an organisation, not a person: "Süddeutsche de GmbH", "Heise Online".
_ORGANISATION = re.compile(
    r"\b(?:gmbh|ag|ltd|inc|llc|plc|verlag|online|news|zeitung|media|medien|redaktion|newsroom)\b",
    re.IGNORECASE,
)


def _people(author: str, outlet: str) -> str:
    """The people among the authors the page names: trafilatura also passes on the publisher and its city
    ("SPIEGEL ONLINE; Hamburg; Germany"). A person has two to five words, no digits, no organisation's word,
    and is not the outlet."""
    people = []
    for part in re.split(r"\s*;\s*", author):
        words = part.split()
        if not 2 <= len(words) <= 5 or re.search(r"\d", part) or _ORGANISATION.search(part):
            continue
        if _letters(part) == _letters(outlet):
            continue
        people.append(part)
    return ", ".join(dict.fromkeys(people))


def _address(tree, document, url: str) -> str:
    """The article's address: the page's canonical link, else its og:url, else the one trafilatura found,
    else where it was fetched from; relative links are resolved against ``url``; only http(s)."""
    candidates = [
        *tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"),
        *tree.xpath("//meta[@property='og:url']/@content"),
        getattr(document, "url", "") or "",
        url,
    ]
    for candidate in candidates:
        address = urljoin(url, candidate.strip()) if url else candidate.strip()
        if is_web_url(address):
            return address
    return ""


def _meta_title(document, tree) -> str:
    """The title trafilatura found in the page's metadata, else the page's <title>."""
    return one_line(clean(getattr(document, "title", "") or _first(tree, "//title")))


def _headline(h1: str, extracted: str) -> str:
    """The headline the page shows (its first <h1>), unless that is only a kicker in front of the title
    trafilatura found in the page's metadata, or shares too few words with it to be the article's headline
    (a site logo in an <h1>). The metadata's title often carries the site's name ("… | DW | 10.06.2013")."""
    if not h1 or not extracted:
        return h1 or extracted
    if h1 != extracted and h1.endswith(extracted):  # "Deutschlandtakt: Flixbus attackiert Deutsche Bahn"
        return extracted
    words = set(re.findall(r"[^\W_]+", h1.lower()))
    shared = words & set(re.findall(r"[^\W_]+", extracted.lower()))
    return h1 if words and len(shared) >= len(words) / 2 else extracted


def _first(tree, xpath: str) -> str:
    found = tree.xpath(xpath)
    return found[0].text_content() if found else ""
