"""Web pages -> Article records: the article's main text and its metadata (title, site name, date, author,
canonical address), read with trafilatura.

trafilatura (the open-source extractor news research uses) finds the main text and leaves out navigation,
cookie notices, teasers and comments; before it runs, elements whose class or id names them as captions,
author boxes, share bars, comments or newsletter boxes are removed, because several outlets put those inside
the article element itself. A page trafilatura cannot read (too little text in any one place) is kept as its
plain text, with a note saying so. Pure: reads text, stores nothing, fetches nothing.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from urllib.parse import urljoin

from ..records import Article, is_web_url, url_host
from . import files
from .files import IngestError, clean, one_line

# favor_precision, not favor_recall: chosen on the 15 development pages of benchmarks/real_pages.py. Without
# the pruning below, precision held 138 of 149 checks, the default 135 and recall 132; with it, precision and
# recall both hold 145, and precision leaves fewer boilerplate claims (9 against 10 of about 670).
FAVOR_PRECISION = True

# Elements never shown as text.
_INVISIBLE = ("head", "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas")
# A class or id naming page furniture: figure captions and credits, author boxes, bylines' bios, share and
# social bars, comment sections, newsletter sign-ups, debugging output. Matched as a whole part of a class name ("cbx-Author_Position",
# "share-bar", "show-comments"), so "commentary" or "shared-content" are not.
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:caption|image-?description|imagedescription|bildunterschrift|credits?|"
    r"author[-_]?(?:bio|info|box|position|details)|attribution|trust-?badge|comments?|newsletter|"
    r"share|sharing|social|debug)(?:$|[-_\s])",
    re.IGNORECASE,
)
_KEEP_TAGS = ("html", "body", "main", "article")
# Page chrome by its element: left out of the plain text a page is read as when no article is found.
_CHROME = ("nav", "header", "footer", "aside", "form", "button", "select", "textarea")
_BULLET = re.compile(r"^- ", re.MULTILINE)  # trafilatura writes list items as "- item"


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
    _prune_furniture(tree)
    lead_block = _lead_block(tree)
    plain = _visible_text(tree, chrome=False)
    for element in tree.xpath("//nav"):  # navigation is never the article, however little else there is
        _remove(element)
    document = _extract(tree, url)
    title = _headline(h1, _meta_title(document, tree))
    body = (document.text or "").strip() if document is not None else ""
    body = _without_leading_title(body, (title, h1))
    note = ""
    if body:
        body = _with_lead(body, document.description or "", visible, lead_block)
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
    outlet = one_line(clean(getattr(document, "sitename", "") or "")) or url_host(address)
    return Article(
        text=body,
        title=title,
        source=source or label,
        outlet=outlet,
        url=address,
        date=getattr(document, "date", "") or "",
        author=_people(one_line(clean(getattr(document, "author", "") or "")), outlet),
        note=note,
    )


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


def _prune_furniture(tree) -> None:
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in _KEEP_TAGS:
            continue
        names = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if names and _FURNITURE.search(names):
            _remove(element)


def _with_lead(body: str, description: str, visible: str, block: str) -> str:
    """The body with the page's standfirst in front, which trafilatura leaves out when it sits above the
    article: the meta description when the page also shows it as text, else the first element marked as the
    lead (``_lead_block``); only when the extracted body lacks it."""
    flat = one_line(body)
    for lead in (one_line(clean(description)), block):
        if lead and lead in one_line(visible) and lead not in flat:
            first = one_line(body.partition("\n")[0])[:40]
            if first and first in lead:  # the body's first line is the lead's start: not a lead then
                return body
            return f"{lead}\n{body}"
        if lead and lead in flat:
            return body
    return body


# A class naming the article's standfirst: "intro", "lead", "leadtext", "standfirst", "article-summary" …
_LEAD = re.compile(
    r"(?:^|[-_\s])(?:intro|introtext|lead|leadtext|standfirst|dek|summary)(?:$|[-_\s])", re.IGNORECASE
)


_NOT_LEAD = re.compile(
    r"teaser|headline|card|related|list", re.IGNORECASE
)  # another article's lead or kicker


def _lead_block(tree) -> str:
    """The text of the first paragraph-like element whose class names it the article's lead and not another
    article's teaser (40 to 600 characters, outside navigation, asides and footers), or ""."""
    for element in tree.iter("p", "div", "section"):
        names = element.get("class") or ""
        if not _LEAD.search(names) or _NOT_LEAD.search(names):
            continue
        if any(a.tag in ("nav", "aside", "footer") for a in element.iterancestors()):
            continue
        text = one_line(clean(element.text_content()))
        if 40 <= len(text) <= 600:
            return text
    return ""


def _without_leading_title(body: str, titles: tuple[str, ...]) -> str:
    """The body without a first line that repeats a title (the headline inside the article element),
    compared by letters and digits only: a kicker's colon or a space may be lost in the markup."""
    first, _, rest = body.partition("\n")
    if _letters(first) in {_letters(t) for t in titles if t}:
        return rest.strip()
    return body


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
