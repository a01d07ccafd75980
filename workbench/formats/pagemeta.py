"""What a web page says about its article: the headline it shows, the outlet's name and the day it was
published, read from the page's own markup (JSON-LD, meta tags, <time>, the headline element).

Used by ``formats/pages.py`` next to what trafilatura finds. Every rule reads the page alone: an outlet's name
comes from the page's metadata, never from a list of known sites; a date is the day in the page's own time zone.
Pure: reads an lxml tree, stores nothing, fetches nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date as Day
from datetime import datetime, timedelta

from .files import clean, one_line

# schema.org types of an article (and of a fact-check's review): their headline, publisher and date count
_ARTICLE_TYPES = re.compile(r"article$|^blogposting$|^liveblogposting$|^report$|^claimreview$", re.IGNORECASE)


def _text(element) -> str:
    return one_line(clean(element.text_content()))


def _letters(text: str) -> str:
    return "".join(re.findall(r"[^\W_]+", text.lower()))


def json_ld(tree) -> list[dict]:
    """Every object in the page's JSON-LD blocks, nested ones and @graph members included; a block that is not
    valid JSON is skipped."""
    found: list[dict] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            found.append(value)
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            walk(json.loads(script.text or ""))
        except (
            ValueError,
            RecursionError,
        ):  # malformed or absurdly nested: the page's other metadata remains
            continue
    return found


def _types(item: dict) -> list[str]:
    kind = item.get("@type", [])
    return (
        [kind]
        if isinstance(kind, str)
        else [k for k in kind if isinstance(k, str)]
        if isinstance(kind, list)
        else []
    )


def article_items(items: list[dict]) -> list[dict]:
    """The JSON-LD objects that describe an article (NewsArticle, ReportageNewsArticle, BlogPosting, …)."""
    return [item for item in items if any(_ARTICLE_TYPES.search(kind) for kind in _types(item))]


def meta(tree, *names: str) -> list[str]:
    """The contents of the page's <meta> tags with one of ``names`` (property, name or itemprop; any case), in
    page order, each on one line; empty ones left out."""
    wanted = {name.lower() for name in names}
    found = []
    for tag in tree.xpath("//meta[@content]"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        if key in wanted:
            value = one_line(clean(tag.get("content") or ""))
            if value:
                found.append(value)
    return found


# ---------------------------------------------------------------------------------------------------- outlet

# Words of a company's legal name ("TAZ Verlags- und Vertriebs GmbH"): the publisher, not the outlet's name.
_COMPANY = re.compile(r"\b(?:gmbh|ag|ltd|inc|llc|plc|verlag\w*|kg|se|corp|corporation|mediengruppe)\b", re.I)
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "à": "a"})


def _site_name(name: str) -> str:
    """A site name without what follows its name: a place and country ("SPIEGEL ONLINE, Hamburg, Germany"), a
    tagline ("ZEIT ONLINE | Nachrichten …"), a bracket ("Voice of America (VOA News)"), a handle's "@"."""
    name = re.split(r"\s*(?:,|\||·|•| - | – | — |:\s)\s*", one_line(clean(name)))[0]
    name = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip().lstrip("@").strip()
    return name if 2 <= len(name) <= 60 else ""


def _host_words(host: str) -> list[str]:
    """The labels of a host that can name an outlet: "faktencheck.afp.com" -> ["faktencheck", "afp"]."""
    labels = [label for label in host.lower().split(".") if label and label != "www"]
    return [_letters(label) for label in labels[:-1] if len(_letters(label)) >= 2]


def _names_host(name: str, host: str) -> bool:
    """Whether a site name names the page's host: "heise online" for heise.de, "ntv.de" for n-tv.de,
    "Süddeutsche.de" for sueddeutsche.de, "Rhein Neckar Zeitung" for rnz.de (its initials)."""
    key = _letters(name.translate(_TRANSLITERATE).lower())
    initials = "".join(word[0] for word in re.findall(r"[^\W\d_]+", name.lower()) if word)
    return any(
        word in key or key in word or (len(initials) >= 2 and word.startswith(initials))
        for word in _host_words(host)
    )


def outlet(tree, items: list[dict], host: str, fallback: str = "") -> str:
    """The outlet's name as the page gives it: og:site_name, the publisher of its article in JSON-LD, the
    application's name, the site name that closes its <title> where it names the page's host; the first of these
    that names the host, else the first of them, else ``fallback``. A company's legal name ("… GmbH") comes after
    the others."""
    candidates = [
        *meta(tree, "og:site_name"),
        *[
            publisher.get("name", "")
            for item in article_items(items)
            for publisher in (
                item.get("publisher") if isinstance(item.get("publisher"), list) else [item.get("publisher")]
            )
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str)
        ],
        *meta(tree, "application-name", "apple-mobile-web-app-title"),
    ]
    names = [n for n in (_site_name(c) for c in candidates if c) if n]
    closing = _site_name(_title_site(tree))
    if (
        closing and host and _names_host(closing, host)
    ):  # the end of a <title> may be a section: only the host's
        names.append(closing)
    names = [n for n in names if not _COMPANY.search(n)] + [n for n in names if _COMPANY.search(n)]
    for name in names:
        if host and _names_host(name, host):
            return name
    return names[0] if names else fallback


def _title_site(tree) -> str:
    """The site name that closes a page's <title> ("… | heise online", "… - Rhein Neckar Zeitung"), or ""."""
    titles = tree.xpath("//head/title")
    parts = re.split(r"\s+[|–—-]\s+", _text(titles[0])) if titles else []
    last = parts[-1] if len(parts) >= 2 else ""
    return last if len(last) <= 40 and len(re.findall(r"[^\W\d_]", last)) >= 2 else ""


# -------------------------------------------------------------------------------------------------- headline

# A headline element's box that is not the article's own: a breadcrumb (where some outlets repeat the title
# for search engines), navigation.
_BREADCRUMB = re.compile(r"breadcrumb|pfadnavigation", re.IGNORECASE)


def _in_breadcrumb(element) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag == "nav":
            return True
        if any(_BREADCRUMB.search(key) or _BREADCRUMB.search(value) for key, value in node.attrib.items()):
            return True
    return False


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.lower()))


_KICKER_TAGS = ("span", "strong", "b", "em", "i", "div", "p", "small", "mark")


def _split_kicker(element) -> tuple[str, str]:
    """A headline element's (kicker, headline): a kicker is set in an element of its own before the headline
    ("<span>Ausschuss zur Ahrtal-Flut</span><span>Zwei Rücktritte …</span>", "<strong>Deutschlandtakt</strong>
    Flixbus attackiert …"), and is shorter than it; ("", the whole text) otherwise."""
    whole = _text(element)
    parts = [c for c in element if isinstance(c.tag, str) and _letters(_text(c) + (c.tail or ""))]
    if not parts or _letters(element.text or "") or parts[0].tag not in _KICKER_TAGS:
        return "", whole
    first = parts[0]
    if _letters(first.tail or ""):  # "<strong>kicker</strong> headline"
        kicker, headline = (
            _text(first),
            one_line(" ".join([first.tail or ""] + [_text(c) + (c.tail or "") for c in parts[1:]])),
        )
    elif len(parts) >= 2 and not any(
        _letters(c.tail or "") for c in parts
    ):  # "<span>kicker</span><span>headline</span>"
        kicker, headline = " ".join(_text(c) for c in parts[:-1]), _text(parts[-1])
    else:
        return "", whole
    kicker = kicker.strip(" :|–—-")
    if not _letters(kicker) or len(kicker) >= len(headline):
        return "", whole
    return kicker, headline.strip(" :|–—-")


def headline(tree, items: list[dict], fallback: str = "") -> str:
    """The headline the page shows for its article: its first <h1> outside breadcrumbs and navigation, else the
    first <h1>/<h2> that shares most of its words with a title in the page's metadata (og:title, twitter:title,
    JSON-LD headline). A kicker set apart from the headline is left out, unless every title in the metadata
    carries it ("Ausschuss zur Ahrtal-Flut: Zwei Rücktritte …"). Else ``fallback``."""
    titles = [
        *meta(tree, "og:title", "twitter:title"),
        *[one_line(clean(i["headline"])) for i in article_items(items) if isinstance(i.get("headline"), str)],
    ]
    titles = [t for t in titles if t]
    wanted = set().union(*(_words(t) for t in titles)) if titles else set()

    def named(candidate) -> bool:  # shares most of its words with a title in the metadata
        words = _words(_text(candidate))
        return len(words) >= 3 and len(words & wanted) >= 0.7 * len(words)

    usable = [c for c in tree.iter("h1", "h2") if not _in_link(c) and len(_words(_text(c))) >= 3]
    choices = (
        [c for c in usable if c.tag == "h1" and not _in_breadcrumb(c)]
        + [c for c in usable if named(c) and not _in_breadcrumb(c)]
        + [c for c in usable if named(c)]  # a breadcrumb's copy of the title is better than none
    )
    if not choices:
        return fallback
    element = choices[0]
    kicker, text = _split_kicker(element)  # a headline written as one text stays whole
    if (
        kicker
        and titles
        and all(_letters(kicker) in _letters(t) for t in titles if _letters(text) in _letters(t))
    ):
        # the kicker belongs to the title: as the metadata writes the two together ("Kicker: Headline")
        together = next((t for t in titles if _letters(t) == _letters(kicker + text)), "")
        return together or f"{kicker}: {text}"
    return text or fallback


def _in_link(element) -> bool:
    return any(node.tag == "a" for node in element.iterancestors())


# ------------------------------------------------------------------------------------------------------ date

_STAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-])(\d{2}):?(\d{2})\b")


def _parse(stamp: str):
    """A date or time stamp written the ISO way as (datetime, has a time, UTC offset or None), or None."""
    found = _STAMP.match(stamp.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, zone = found.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if not 1995 <= moment.year <= datetime.now().year + 1:  # "0001-01-01T00:00:00Z" is a placeholder
        return None
    offset = None
    if zone:
        if zone.upper() == "Z":
            offset = timedelta(0)
        else:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment, hour is not None, offset


def _central_european(moment_utc: datetime) -> timedelta:
    """The offset of Central European time at a moment (UTC): +2 h from the last Sunday of March to the last
    Sunday of October, 01:00 UTC each, else +1 h (the EU rule since 1996)."""

    def last_sunday(month: int) -> datetime:
        day = Day(moment_utc.year, month, 31)
        return datetime(day.year, month, 31 - (day.weekday() + 1) % 7, 1)

    return timedelta(hours=2 if last_sunday(3) <= moment_utc < last_sunday(10) else 1)


def _page_offset(tree, items: list[dict]) -> timedelta | None:
    """The UTC offset the page writes its own times in: the most common one other than UTC among its JSON-LD,
    meta and <time> stamps, or None."""
    stamps = [
        *(str(v) for item in items for k, v in item.items() if k.startswith("date") and isinstance(v, str)),
        *(m.get("content") or "" for m in tree.xpath("//meta[@content]")),
        *(t.get("datetime") or "" for t in tree.xpath("//time[@datetime]")),
    ]
    offsets = Counter()
    for stamp in stamps:
        found = _OFFSET.search(stamp)
        if found and found.group(2, 3) != ("00", "00"):
            sign = -1 if found.group(1) == "-" else 1
            offsets[sign * timedelta(hours=int(found.group(2)), minutes=int(found.group(3)))] += 1
    return offsets.most_common(1)[0][0] if offsets else None


def published(tree, items: list[dict], lang: str, fallback: str = "") -> str:
    """The day the article was published (YYYY-MM-DD), in the page's own time zone: from article:published_time,
    the article's datePublished in JSON-LD, the page's date meta tags, or the first <time datetime> inside its
    article, in that order, else ``fallback``. A time given in UTC is moved to the offset the page writes its
    other times in, else, on a German page, to Central European time ("2024-08-26T23:27:57Z" is 27 August in
    Berlin); a time without an offset is taken as the page's own."""
    candidates = [
        *meta(tree, "article:published_time", "og:article:published_time"),
        *[str(i.get("datePublished") or i.get("dateCreated") or "") for i in article_items(items)],
        *meta(
            tree,
            "datePublished",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "pubdate",
            "publishdate",
        ),
        *(
            t.get("datetime") or ""
            for t in tree.xpath("(//article//time[@datetime] | //main//time[@datetime])[1]")
        ),
    ]
    for candidate in candidates:
        parsed = _parse(candidate)
        if parsed is None:
            continue
        moment, has_time, offset = parsed
        if not has_time or offset is None or offset != timedelta(0):
            return moment.date().isoformat()  # the day as the page writes it, in its own zone or none
        local = _page_offset(tree, items)
        if local is None and lang == "de":
            local = _central_european(moment)
        return (moment + (local or timedelta(0))).date().isoformat()
    return fallback


def page_language(tree) -> str:
    """The language the page declares (<html lang>, og:locale, content-language), as two letters, or ""."""
    declared = [
        *tree.xpath("/html/@lang"),
        *meta(tree, "og:locale", "content-language", "language"),
        *tree.xpath(
            "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')='content-language']/@content"
        ),
    ]
    for value in declared:
        code = re.match(r"\s*([a-zA-Z]{2})(?:[-_\s,;]|$)", value or "")
        if code:
            return code.group(1).lower()
    return ""
