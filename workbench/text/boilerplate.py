"""Page furniture that slipped through extraction, in German and English: share bars, reading times, lone
dates and times, bylines, photo credits, cookie notices, menus. Such a sentence is kept with its article but
marked ``Kind.BOILERPLATE``, which keeps it out of the review queue, the groups, the counts and the exports.

The rules are few and anchored on the whole sentence (a claim that merely mentions cookies or a date is an
assertion like any other); they were written from the development pages of benchmarks/real_pages.py and are
measured there against the hand-made gold bodies. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Claim, Kind

_SOCIAL = (
    r"(?:twitter|x|facebook|whatsapp|e-?mail|mail|linkedin|telegram|reddit|pinterest|xing|flipboard|threads|"
    r"bluesky|messenger|instagram|tiktok|youtube|pocket|sms)"
)
_MONTHS = (
    r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:ar(?:ch)?|ärz|rz)|apr(?:il)?|ma[iy]|jun[ei]?|jul[iy]?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)\.?"
)
_WEEKDAYS = (
    r"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday)?\.?|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so)\.?"
)
# Words that may stand around a date or time on a page without saying anything: "Stand:", "Updated",
# "Veröffentlicht am", "Uhr", time zones.
_DATE_WORDS = (
    r"(?:stand|aktualisiert|veröffentlicht|erschienen|zuletzt|updated?|published|posted|last|modified|am|um|"
    r"on|at|uhr|h|gmt|utc|bst|cet|cest|mez|mesz|est|edt|pst|pdt|et|pt|am|pm|a\.m\.|p\.m\.)"
)
_DATE_TOKEN = re.compile(
    rf"\b(?:{_MONTHS}|{_WEEKDAYS}|{_DATE_WORDS})(?=\W|$)|\d+(?:[.:/-]\d+)*\.?", re.IGNORECASE
)

# One entry of a share bar: "Twitter", "Share on Twitter", "Auf WhatsApp teilen", "Per E-Mail teilen".
_SHARE_ITEM = (
    rf"(?:(?:share|teilen|tweet|post)(?:\s+(?:this|the|on|via|auf|per|bei|über|article|artikel|story))*\s+|"
    rf"(?:auf|bei|via|per|on)\s+)?{_SOCIAL}(?:\s+(?:teilen|share|posten))?"
)
# A name as bylines write it: capitalised, whatever the case-blindness of the pattern around it.
_NAME = r"(?-i:[A-ZÄÖÜ][\w.'’-]*)"
_NAMES = rf"{_NAME}(?:(?:\s+|\s*,\s*|\s*&\s*|\s*/\s*|\s+(?:und|and|von|van|de|der|den)\s+){_NAME}){{0,7}}"

_PATTERNS = [
    # share bars: "Share on Twitter", "Auf Facebook teilen", "Twitter / Share on Twitter / Share on WhatsApp"
    rf"{_SHARE_ITEM}(?:\s*[/|,·•]?\s*{_SHARE_ITEM})*",
    r"(?:share|teilen|tweet|post)(?:\s+(?:this|the|article|artikel|story|page|seite))*",
    r"(?:link|url)\s+(?:kopieren|copy|copied|kopiert)|copy\s+link",
    # reading and listening times: "4 Min Read", "Lesezeit: 3 Minuten", "5 min", "Listen to this article"
    r"(?:(?:lesezeit|lesedauer|reading\s+time|read\s+time)\s*:?\s*)?(?:ca\.\s*)?\d+\s*(?:-\s*\d+\s*)?"
    r"(?:min(?:ute[ns]?|s)?\.?|minuten)(?:\s+(?:read|lesezeit|lesedauer|listen|zum\s+lesen))?",
    r"(?:lesezeit|lesedauer|reading\s+time)\s*:?\s*.{0,20}",
    r"(?:listen\s+to\s+(?:this\s+)?(?:article|story)|artikel\s+(?:anhören|vorlesen\s+lassen))(?:\s*\W?\s*\d+\s*min\.?)?",
    # how long ago: "vor 2 Stunden", "3 hours ago" (a duration alone, "36 Stunden.", may be the article's)
    r"(?:aktualisiert\s+|updated\s+)?vor\s+\d+\s+(?:minuten|min\.?|stunden|std\.?|tagen)",
    r"(?:updated\s+)?\d+\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago",
    # author's or agency's initials closing an article: "(grh)", "(dpa/lnw)"
    r"\([a-zäöü]{2,5}(?:\s*/\s*[a-zäöü]{2,5})*\)",
    # a wire story's promise of more: "This is a breaking news story - more to follow", "Dieser Artikel wird
    # laufend aktualisiert"
    r".{0,60}\bmore\s+to\s+follow\b.{0,20}",
    r"(?:dieser|der)\s+(?:artikel|text|beitrag)\s+wird\s+(?:laufend\s+|ständig\s+|fortlaufend\s+)?aktualisiert",
    # promotion of the print edition or the full story: "Den kompletten Beitrag lesen Sie in der neuen …"
    r"(?:den|die)\s+(?:kompletten?|ganzen?|vollständigen?)\s+(?:beitrag|artikel|text|reportage)\s+lesen\s+sie\b.{0,200}",
    r"read\s+the\s+(?:full|whole|complete)\s+(?:story|article|report)\b.{0,100}",
    # bylines: "Von Anna Müller", "By John Smith and Jane Doe", "Text: Max Mustermann", "Reporting by Steve
    # Gorman; Editing by Sarah King": the names capitalised (case-sensitive inside this case-blind pattern),
    # so "Von den Schiffen sind viele beschädigt" or "Reporting by the BBC found …" stay claims
    rf"(?:von|by|text|autor(?:in)?|author|written\s+by|recherche|redaktion|bearbeitet\s+von|"
    rf"(?:additional\s+)?reporting\s+by|editing\s+by)\s*:?\s+{_NAMES}"
    rf"(?:\s*[;,]\s*(?:and\s+)?(?:(?:additional\s+)?reporting|writing|editing)\s+by\s+{_NAMES})*"
    rf"(?:\s*(?:in|aus|from)\s+{_NAME}(?:\s+{_NAME})?)?",
    # credits and sources: "Foto: dpa", "Bild: picture alliance / dpa", "Photo: Getty Images", "© AFP",
    # "Quelle: ntv.de, dpa", "(dpa)", "mit Material von dpa"
    r"(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4})\s*.{0,80}",  # not "Copyright cases rose 20 percent"
    r"(?:foto|fotos|bild|bilder|grafik|illustration|video|photo|photos|image|images|picture|credit|credits|"
    r"quelle|source)s?\s*:\s*.{0,80}",
    r"\(?(?:dpa|afp|ap|reuters|epd|kna|dts|sid|rtr|ddp)(?:\s*[/,]\s*(?:dpa|afp|ap|reuters|epd|kna|dts|sid|rtr|ddp|"
    r"[a-z]{2,4}))*\)?",
    r"(?:mit\s+(?:material\s+(?:von|der)\s+)?|material\s+von\s+)(?:dpa|afp|ap|reuters|epd|kna|agenturen)"
    r"(?:\s*(?:und|,)\s*(?:dpa|afp|ap|reuters|epd|kna|agenturen))*",
    # cookie and consent notices, and the placeholders of embedded content that waits for consent
    r".{0,80}\b(?:we|wir)\s+(?:use|verwenden|nutzen|setzen)\s+cookies\b.{0,300}",
    r"(?:empfohlener\s+(?:redaktioneller\s+)?inhalt|externer\s+inhalt|recommended\s+(?:editorial\s+)?content|"
    r"external\s+content)",
    r".{0,120}\b(?:externen?\s+inhalte?|external\s+content|drittplattformen|third[-\s]party\s+platforms?)\b"
    r".{0,200}\b(?:anzeigen|angezeigt|einverstanden|ausblenden|laden|übermittelt|zustimmung|consent|"
    r"displayed|shown|loaded|transmitted|agree|ausgewählten|anreichert)\b.{0,200}",
    r".{0,160}\b(?:datenschutz-?einstellungen|datenschutzerklärung|privacy\s+(?:settings|policy))\b.{0,160}",
    r"(?:alle\s+)?(?:cookies\s+)?(?:akzeptieren|zustimmen|ablehnen|accept(?:\s+all)?(?:\s+cookies)?|"
    r"reject\s+all|cookie[-\s]?(?:einstellungen|settings|policy|richtlinie|hinweis))",
    # navigation and page chrome
    r"(?:zur\s+startseite|startseite|home(?:page)?|back\s+to\s+top|nach\s+oben|zum\s+seitenanfang|"
    r"skip\s+to\s+(?:main\s+)?content|zum\s+inhalt\s+springen|menü|menu|navigation|suche|search|"
    r"anmelden|abmelden|log\s*in|sign\s+in|sign\s+up|subscribe|abonnieren|jetzt\s+abonnieren|newsletter|"
    r"mehr\s+zum\s+thema|lesen\s+sie\s+auch|auch\s+interessant|read\s+more|more\s+on\s+this\s+story|"
    r"related(?:\s+(?:articles|stories|topics|content))?|advertisement|anzeige|werbung|"
    r"kommentare?|comments?|(?:\d+\s+)?(?:kommentare|comments)|weiterlesen|mehr\s+lesen|"
    r"zurück|weiter|next|previous|vorherige\s+seite|nächste\s+seite|seite\s+\d+(?:\s+(?:von|of)\s+\d+)?|"
    r"page\s+\d+(?:\s+of\s+\d+)?|fact\s*box|factbox)\s*:?",
]
_BOILERPLATE = re.compile(
    r"\s*(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + r")\s*[.!:]?\s*", re.IGNORECASE
)
# A breadcrumb or menu row: three or more short items without digits divided by | › » > · • (not "/", which
# also divides parties and figures: "CDU/CSU 30 %")
_MENU_ROW = re.compile(r"[^|›»>·•\d]{1,30}(?:\s*[|›»>·•]\s*[^|›»>·•\d]{1,30}){2,}")
_LETTER = re.compile(r"[^\W\d_]")


def is_boilerplate(sentence: str) -> bool:
    """Whether a sentence is page furniture rather than something the article says (see the module)."""
    text = sentence.strip().strip("\"'“”„«»‚‘’‹›").strip()
    if not text:
        return False
    if _BOILERPLATE.fullmatch(text):
        return True
    if _lone_date(text):
        return True
    return bool(_MENU_ROW.fullmatch(text)) and not re.search(r"[.!?]\s*$", text)


def _lone_date(text: str) -> bool:
    """A date or time with at most the words that stand around one ("Stand: 12.03.2024, 10:49 Uhr")."""
    if not re.search(r"\d", text) and not re.search(_MONTHS, text, re.IGNORECASE):
        return False
    rest = _DATE_TOKEN.sub(" ", text)
    return not _LETTER.search(rest) and len(text) <= 80


def mark_boilerplate(claims: Sequence[Claim]) -> int:
    """Mark the claims whose whole sentence is boilerplate as ``Kind.BOILERPLATE``; returns how many.

    Judged on the sentence, not the claim's text: a sentence is furniture or not as a whole."""
    marked = 0
    for claim in claims:
        if is_boilerplate(claim.sentence):
            claim.kind = Kind.BOILERPLATE.value
            marked += 1
    return marked
