"""Whole paragraphs of page furniture inside an article's text, German and English: staff and agency credits,
the bios of the article's own reporters, "Read more:" teasers, newsletter and tip-line promotions, pointers to a
live blog, the signature lines and texts of embedded posts, copyright and source lines.

A web page's reader (``formats/pages.py``) leaves such a paragraph out, so it never becomes a claim. Each
recogniser judges one whole paragraph and is anchored on its form, not on a topic: a paragraph that mentions a
newsletter, a correspondent or an e-mail address while reporting something stays. They were written from the 44
pages of ``benchmarks/real_pages.py`` and are measured there by the body paragraphs they would take (none).
Sentences that slip through are marked by ``text/boilerplate.py`` instead. Pure: no I/O.
"""

from __future__ import annotations

import re

# A capitalised word, whatever the case-blindness of the pattern around it: "Marcus", "O'Neill", "Müller-Lüdenscheidt".
_NAME = r"(?-i:[A-ZÄÖÜ][\w'’-]*\.?)"
# Names as credit lines list them: "Marcus Bensmann, Elena Müller", "Anna Roth und Jan Kröger", "Kim Lee & Sam Park".
_NAMES = rf"{_NAME}(?:(?:\s+|\s*,\s*|\s*&\s*|\s*/\s*|\s+(?:und|and|von|van|de|der|den|da|di|le|la|bin|al)\s+){_NAME}){{0,24}}"

# What a credit line credits: "Redaktion:", "Mitarbeit:", "Contributing:", "Additional reporting by", "Fotos:".
_CREDIT = (
    r"(?:redaktion|mitarbeit|recherche|faktencheck|text|texte|fotos?|bilder?|grafik(?:en)?|videos?|kamera|schnitt|"
    r"illustration(?:en)?|schlussredaktion|produktion|datenanalyse|daten|gestaltung|umsetzung|übersetzung|"
    r"adaptierung|lektorat|contributing|contributors?|(?:additional\s+)?reporting|editing|edited|editor|written|"
    r"produced|production|design|graphics|photos?|photography|video|research(?:ed)?|fact-?check(?:ed|ing)?|"
    r"translation|translated|illustrations?|data)"
)
_CREDIT_ITEM = (
    rf"{_CREDIT}(?:\s*(?:und|and|&|/|,)\s*{_CREDIT})*(?:\s+(?:by|von))?\s*:?\s+{_NAMES}"
    rf"(?:\s*,?\s*(?:in|aus|from)\s+{_NAME}(?:\s+{_NAME})?)?"
)
_CREDITS = re.compile(rf"{_CREDIT_ITEM}(?:\s*[;,.|·•]?\s*{_CREDIT_ITEM})*\s*\.?", re.IGNORECASE)

# Where the text came from: "Mit Agenturmaterial.", "Mit Material von dpa und AFP", "mit dpa", "With reporting by
# Reuters", "Mit Informationen der ARD-Korrespondenten sowie der Nachrichtenagenturen AFP, AP und dpa. …"
_AGENCY = r"(?:dpa|afp|ap|reuters|epd|kna|sid|apa|sda|keystone-sda|ddp|dts|kna|upi|agenturen|agencies|nachrichtenagentur\w*)"
_SOURCES = re.compile(
    rf"(?:mit\s+agenturmaterial|mit\s+material\s+(?:von|der|des|aus)\s+(?:den\s+)?{_AGENCY}.{{0,80}}|"
    rf"mit\s+{_AGENCY}(?:\s*(?:und|,|/)\s*{_AGENCY})*|with\s+(?:additional\s+)?(?:reporting|material)\s+(?:by|from)\s+.{{1,160}}|"
    rf"mit\s+informationen\s+(?:von|der|des|aus)\s+.{{0,200}}\b(?:korrespondent\w*|{_AGENCY})\b.{{0,200}}|"
    rf"(?:quelle|source|sources|quellen)\s*:\s*.{{1,120}}|(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{{4}}|by\b)).{{0,160}}|"
    rf"alle\s+rechte\s+vorbehalten.{{0,80}}|all\s+rights\s+reserved.{{0,80}})\s*\.?",
    re.IGNORECASE,
)
# An outlet and its reporters in brackets, closing an article: "MDR (Engin Haupt, Alisa Sonntag)".
_OUTLET_CREDIT = re.compile(rf"[\w.&' -]{{1,40}}\s*\(\s*{_NAME}\s+{_NAME}(?:\s*[,/]\s*{_NAMES})*\s*\)\s*\.?")

# The article's own journalists: "Manuela Conrad ist ZDF-Reporterin für …", "Korrespondent Ulrich Exner ist bei
# WELT für …", "Jane Doe is a senior correspondent who covers …", "Caroline Hawley, BBC diplomatic correspondent".
_ROLE = (
    r"(?:[\w-]*(?:reporter|korrespondent|redakteur|journalist|kolumnist|moderator|volontär|autor|ressortleiter|"
    r"chefredakteur|kommentator)(?:in|innen|en)?|"
    r"[\w-]*(?:correspondent|reporter|editor|writer|journalist|columnist|contributor|producer|anchor|"
    r"presenter|commentator)s?)"
)
_BIO_VERB = (
    r"(?:ist|war|arbeitet|berichtet|schreibt|leitet|lebt|is|was|has\s+been|works|writes|reports|covers|leads|"
    r"joined|lives)"
)
# the role right after the verb ("ist ZDF-Reporterin", "is a senior correspondent", "arbeitet als freie
# Journalistin", "is the Gazette's West Africa reporter"), at most three words between and none of them a negation,
# an article or "of", so "Donald Trump ist kein Freund der Reporter" is not a bio
_AS_ROLE = (
    rf"(?:als\s+|as\s+)?(?:(?:ein|eine|einer|a|an|the|our|unser\w*)\s+)?"
    rf"(?:(?!(?:kein\w*|nicht|no|not|der|die|das|des|dem|den|of|for|von|für)\b)[\w'’.-]+\s+){{0,3}}{_ROLE}\b"
)
_BIO = re.compile(
    rf"(?:{_ROLE}\s+{_NAME}(?:\s+{_NAME}){{1,3}}\s+{_BIO_VERB}\b|{_NAME}(?:\s+{_NAME}){{1,3}}\s+{_BIO_VERB}\s+{_AS_ROLE})"
    rf".{{0,400}}",
    re.IGNORECASE,
)
_NAMED_ROLE = re.compile(rf"{_NAME}(?:\s+{_NAME}){{1,3}}\s*,\s*[^.!?,]{{0,60}}\b{_ROLE}", re.IGNORECASE)
# "Seine Artikel finden Sie hier.", "Alle Texte von Anna Roth", "Read more of her work here", "Follow him on X".
_AUTHOR_LINKS = re.compile(
    r"(?:(?:seine|ihre|alle)\s+(?:artikel|texte|beiträge|kolumnen)(?:\s+[\w-]+){0,4}\s+(?:finden|lesen)\s+sie\s+"
    r"(?:hier|unter|auf)\b.{0,40}|"
    r"(?:read|see|find)\s+(?:more\s+of\s+)?(?:his|her|their|all)\s+(?:work|articles|stories|reporting)\b.{0,60}|"
    r"follow\s+(?:him|her|them)\s+on\s+\w+.{0,60})",
    re.IGNORECASE,
)

# Teasers of other articles and pointers away: "Read more: …", "Lesen Sie auch: …", "Mehr zum Thema: …".
_POINTER = (
    r"(?:read\s+more|read\s+also|also\s+read|more|see\s+also|related|watch|listen|recommended|more\s+on\s+this\s+story|"
    r"lesen\s+sie\s+(?:auch|mehr|hier)|mehr\s+(?:zum\s+thema|dazu|lesen)|auch\s+interessant|weiterlesen|siehe\s+auch|"
    r"zum\s+thema|passend\s+zum\s+(?:artikel|thema)|das\s+könnte\s+sie\s+auch\s+interessieren|hören\s+sie\s+auch|"
    r"video|podcast)"
)
_TEASER = re.compile(rf"{_POINTER}\s*(?:[:|»›>→]\s*.{{0,220}})?", re.IGNORECASE)
# A fact-check's card labels standing alone: "Claim", "Rating", "Origin".
_LABEL = re.compile(r"(?:claim|rating|origin|behauptung|bewertung)\s*:?", re.IGNORECASE)

# Writing to the newsroom: "Get in touch with our news team by emailing us at webnews@…", "Melden Sie vertraulich
# und sicher via Signal bei unserem Reporter: …", "Send us a tip".
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# getting in touch with "us" by its words alone, and getting in touch with someone
_CONTACT_US = re.compile(
    r"\b(?:get\s+in\s+touch|e-?mail(?:ing)?\s+us|contact\s+(?:us|our)|write\s+to\s+us|send\s+us|tip\s+us|"
    r"let\s+us\s+know|schreiben\s+sie\s+uns|kontaktieren\s+sie\s+uns|erreichen\s+sie\s+uns)",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"\b(?:send\s+your|tips?\s+(?:to|at)\b|schreiben\s+sie\s+an|kontaktieren\s+sie|melden\s+sie\b|"
    r"wenden\s+sie\s+sich|hinweise?\s+(?:an|via|per|bitte))",
    re.IGNORECASE,
)
_CHANNEL = re.compile(
    r"\b(?:signal|whatsapp|threema|telegram|securedrop|e-?mail|kontaktformular|contact\s+form)\b", re.I
)
_US = re.compile(r"\b(?:us|our|we|uns|unser\w*|wir|newsroom|news\s+team|redaktion)\b", re.IGNORECASE)
# Sign-ups, subscriptions and appeals: "Sign up for our newsletter", "Jetzt abonnieren", "Unterstützen Sie …".
_PROMO = re.compile(
    r"(?:^|[.!?]\s+|\b(?:dann|then|and|und)\s+)(?:jetzt\s+|now\s+)?(?:sign\s+up|subscribe|abonnieren\s+sie|"
    r"jetzt\s+abonnieren|registrieren\s+sie\s+sich|melden\s+sie\s+sich\s+(?:hier\s+)?(?:für|zum|an)|"
    r"unterstützen\s+sie|support\s+(?:us|our|independent)|donate|spenden\s+sie|hol(?:en\s+sie\s+sich|\s+dir)|"
    r"get\s+(?:our|the)\s+(?:free\s+)?(?:newsletter|app)|download\s+(?:our|the)\s+app|laden\s+sie\s+(?:die|unsere)\s+app|"
    r"folgen\s+sie\s+uns|follow\s+us|jetzt\s+(?:unterstützen|testen|lesen|spenden)|"
    r"(?:jetzt|now)\s+(?:[\w-]+\s+){0,3}(?:abonnieren|bestellen|testen|herunterladen|anmelden|registrieren))\b",
    re.IGNORECASE,
)
_PROMO_OBJECT = re.compile(
    r"\b(?:newsletter\w*|abo\w*|subscri\w*|app|podcast\w*|journalism|journalismus|aktion|kanal|channel|"
    r"whatsapp|telegram|instagram|facebook|x|twitter|tiktok|youtube|briefing|digest|plus|premium|membership|"
    r"mitglied\w*|unterstützung|support)\b",
    re.IGNORECASE,
)
# Pointers to the outlet's own live blog or pages: "Aktuelle Meldungen … finden Sie jederzeit in unserem Liveblog",
# "Follow along with the latest updates below", "For more stories like this, check our news page."
_OWN_PAGES = re.compile(
    r".{0,160}\b(?:unserem|unserer|unseren|our)\s+(?:\w+[-\s])?(?:live-?blog|news-?blog|live-?ticker|ticker|news\s+page|"
    r"homepage|website|webseite|newsletter|podcast|app|themenseite|topic\s+page|dossier|live\s+coverage|page|seite)\b"
    r".{0,80}|"
    r"follow\s+(?:along\s+)?(?:with\s+)?(?:the|our)\s+(?:latest|live)\s+(?:updates|coverage|news)\b.{0,40}|"
    r"(?:alle|die\s+(?:neuesten|aktuellen))\s+(?:entwicklungen|ereignisse|infos|nachrichten)\s+(?:im|in\s+unserem)\s+"
    r"(?:live-?blog|news-?blog|ticker)\b.{0,40}",
    re.IGNORECASE,
)
# Embedded posts: the signature line "— Jane Doe (@janedoe) August 5, 2024" and a post's text with its link.
_MONTH = (
    r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:arch|ärz)|apr(?:il)?|ma[iy]|june?i?|july?i?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)\.?"
)
_POST_SIGNATURE = re.compile(
    rf"[—–-]\s*[^\n]{{1,80}}\(@\w{{1,30}}\)\s*(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}})",
    re.IGNORECASE,
)
_POST_LINK = re.compile(r"\bpic\.twitter\.com/\w+|\bhttps?://t\.co/\w+", re.IGNORECASE)
# The print edition or the full story elsewhere: "Den kompletten Beitrag lesen Sie in der neuen Juli-Ausgabe …",
# a wire story's "more to follow".
_ELSEWHERE = re.compile(
    r"(?:den|die|das)\s+(?:kompletten?|ganzen?|vollständigen?)\s+(?:beitrag|artikel|text|reportage|interview)\s+"
    r"lesen\s+sie\b.{0,200}|read\s+the\s+(?:full|whole|complete)\s+(?:story|article|report|interview)\b.{0,120}|"
    r".{0,60}\bmore\s+to\s+follow\b.{0,20}|(?:dieser|der)\s+(?:artikel|text|beitrag)\s+wird\s+"
    r"(?:laufend\s+|ständig\s+|fortlaufend\s+)?aktualisiert\.?",
    re.IGNORECASE,
)

# A byline on a line of its own: "von Manuela Conrad", "By Jane Doe and John Roe in Kyiv".
_BYLINE = re.compile(
    rf"(?:von|by|text|autor(?:in)?|author|written\s+by)\s*:?\s+{_NAMES}(?:\s*,?\s*(?:in|aus|from)\s+{_NAME}(?:\s+{_NAME})?)?",
    re.IGNORECASE,
)
# A note that the text comes from elsewhere: "Capital ist eine Partnermarke des stern …", "This article first
# appeared on …", "Dieser Artikel erschien zuerst bei …".
_SYNDICATION = re.compile(
    r".{0,80}\b(?:partnermarke|partner\s+brand|partnerseite|partner\s+site)\b.{0,400}|"
    r"(?:dieser|der)\s+(?:artikel|text|beitrag)\s+(?:erschien|ist)\s+(?:zuerst|ursprünglich)\b.{0,200}|"
    r"this\s+(?:article|story|piece)\s+(?:first|originally)\s+(?:appeared|ran)\b.{0,200}|"
    r"this\s+(?:article|story|piece)\s+was\s+(?:first|originally)\s+published\b.{0,200}",
    re.IGNORECASE,
)
# The placeholder of embedded content waiting for the reader's consent: "Ich bin damit einverstanden, dass mir
# externe Inhalte angezeigt werden …", "You agree to see content from third-party providers …"
_CONSENT = re.compile(
    r"(?=.*\b(?:sie|ich|you|mir|ihre)\b)(?=.*\b(?:einverstanden|zustimm\w*|zustimmung|einwillig\w*|consent\w*|"
    r"agree\w*|akzeptier\w*|accept\w*|einstellungen|settings)\b)(?=.*\b(?:externe[nrs]?|third[-\s]party|"
    r"drittanbieter\w*|drittplattform\w*|dritt\w*)\b).{20,700}",
    re.IGNORECASE,
)
# Asking the reader for tips: "Haben Sie eine Behauptung gefunden, die AFP überprüfen soll?", "Have you got a story?"
_ASK_TIPS = re.compile(
    r"(?:haben\s+sie|hast\s+du|have\s+you(?:\s+got)?|got|do\s+you\s+have)\b.{0,100}\b(?:behauptung\w*|hinweis\w*|"
    r"tipps?|tips?|story|stories|claims?|informationen|information|fotos?|photos?|videos?)\b.{0,100}\?"
    r"(?:\s*(?:kontaktieren\s+sie\s+uns|contact\s+us|get\s+in\s+touch|schreiben\s+sie\s+uns)\.?)?",
    re.IGNORECASE,
)

# A call to action standing alone, the text of a button: "Kontaktieren Sie uns", "Jetzt abonnieren", "Sign up".
_CALL = re.compile(
    r"(?:jetzt\s+|now\s+)?(?:kontaktieren\s+sie\s+uns|contact\s+us|get\s+in\s+touch|schreiben\s+sie\s+uns|"
    r"write\s+to\s+us|send\s+us\s+a\s+tip|tip\s+us|unterstützen(?:\s+sie\s+uns)?|abonnieren|subscribe|sign\s+up|"
    r"donate|spenden|support\s+us|newsletter\s+abonnieren|zum\s+newsletter|mehr\s+erfahren|learn\s+more)"
    r"(?:\s+now|\s+jetzt)?\s*[.!]?",
    re.IGNORECASE,
)
# A registration wall's line: "Log in or create an account to continue", "Create an account or sign in to continue
# with your reading experience", "Melden Sie sich an, um weiterzulesen".
_LOGIN_WALL = re.compile(
    r"(?:please\s+)?(?:log\s*in|sign\s*in|create\s+an?\s+(?:free\s+)?account|register)\b.{0,80}?\bto\s+(?:continue|"
    r"keep\s+reading|read\s+(?:on|more|this|the\s+full)|access|view)\b.{0,60}|"
    r"(?:bitte\s+)?(?:melden\s+sie\s+sich\s+an|loggen\s+sie\s+sich\s+ein|registrieren\s+sie\s+sich)\b.{0,80}?"
    r"\b(?:weiterzulesen|weiterlesen|fortzufahren|lesen\s+zu\s+können)\b.{0,40}",
    re.IGNORECASE,
)

_WHOLE = (
    _LOGIN_WALL,
    _CALL,
    _CREDITS,
    _SOURCES,
    _OUTLET_CREDIT,
    _TEASER,
    _LABEL,
    _POST_SIGNATURE,
    _ELSEWHERE,
    _AUTHOR_LINKS,
    _BYLINE,
    _SYNDICATION,
    _CONSENT,
    _ASK_TIPS,
)


def is_furniture(paragraph: str) -> bool:
    """Whether a whole paragraph of an article's text is page furniture (see the module) rather than what the
    article says."""
    text = " ".join(paragraph.split()).strip()
    if not text:
        return False
    if any(pattern.fullmatch(text) for pattern in _WHOLE):
        return True
    if len(text) <= 500 and (_BIO.fullmatch(text) or _NAMED_ROLE.fullmatch(text)):
        return True
    if _POST_LINK.search(text):
        return True
    if len(text) <= 400 and _writes_to_the_newsroom(text):
        return True
    if len(text) <= 300 and _PROMO.search(text) and _PROMO_OBJECT.search(text):
        return True
    return len(text) <= 300 and bool(_OWN_PAGES.fullmatch(text))


def _writes_to_the_newsroom(text: str) -> bool:
    """An invitation to write to the outlet: an address or a channel, and words of getting in touch with "us"
    (a police appeal for witnesses names the police, not "us")."""
    if not (_EMAIL.search(text) or _CHANNEL.search(text)):
        return False
    return bool(_CONTACT_US.search(text) or (_CONTACT.search(text) and _US.search(text)))
