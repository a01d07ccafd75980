"""Checkable details of a claim text, and which members of a group differ in them.

``details`` pulls the numbers, dates, places and named actors out of one claim text, normalised so that the
same fact reads alike across outlets and languages ("1.000" = "1,000", "3,5 Prozent" = "3.5 percent",
"Dienstag" = "Tuesday", "Moskau" = "Moscow"); ``differences`` compares the members of a group. Pure and
rule-based, and deliberately conservative: a false "differs" costs a reviewer time, a missed one only leaves
the reading to them, so a detail is taken only where a pattern makes it unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

DETAIL_KINDS = ("number", "date", "place", "actor")


@dataclass(frozen=True)
class Detail:
    """One checkable detail: ``text`` as written (for display), ``key`` normalised (for comparing).

    ``facet`` is what it may be compared with: a number's unit ("%", "$", "km", "" for a count) or a date's
    part ("weekday", "day", "month", "year"). For numbers, ``low``/``high`` is the range the wording allows
    ("about 1,000", "more than 12", "1.2 million") and ``counted`` the words saying what they count.
    """

    kind: str
    text: str
    key: str
    facet: str = ""
    low: float = 0.0
    high: float = 0.0
    counted: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Details:
    """The checkable details of one claim text, by kind, and the language they were read in."""

    numbers: tuple[Detail, ...] = ()
    dates: tuple[Detail, ...] = ()
    places: tuple[Detail, ...] = ()
    actors: tuple[Detail, ...] = ()
    lang: str = ""

    def of(self, kind: str) -> tuple[Detail, ...]:
        """The details of one of DETAIL_KINDS."""
        return getattr(self, kind + "s")


@dataclass(frozen=True)
class Difference:
    """A kind of detail in which a member differs: its ``value``s against the ``others`` stated by the
    members (indices into the group) it conflicts with."""

    kind: str
    value: tuple[str, ...]
    others: tuple[str, ...]
    members: tuple[int, ...] = ()


# --- dates -----------------------------------------------------------------------------------------------

_MONTHS = {
    n: i
    for i, names in enumerate(
        ("Januar|Jänner|January|Jan", "Februar|February|Feb", "März|March|Mar", "April|Apr", "Mai|May",
         "Juni|June|Jun", "Juli|July|Jul", "August|Aug", "September|Sept|Sep", "Oktober|October|Oct|Okt",
         "November|Nov", "Dezember|December|Dec|Dez"), 1)
    for n in names.split("|")
}  # fmt: skip
_WEEKDAYS = {
    n: d
    for d, names in zip("mon tue wed thu fri sat sun".split(), (
        "Montag|Monday", "Dienstag|Tuesday", "Mittwoch|Wednesday", "Donnerstag|Thursday", "Freitag|Friday",
        "Samstag|Sonnabend|Saturday", "Sonntag|Sunday"))
    for n in names.split("|")
}  # fmt: skip
_DAYTIME = ("abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht")  # "Dienstagabend"
_DATE_WORDS = {*_MONTHS, *_WEEKDAYS, *(d + t for d in _WEEKDAYS for t in _DAYTIME)}
_DATE = re.compile(
    r"\b(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)\b|\b(?P<nd>\d{1,2})\.(?P<nm>\d{1,2})\.(?P<ny>\d{4})\b"
    r"|\b(?:(?:(?P<d0>\d{1,2})\.?\s*(?:-|–|bis|und|to|and)\s*)?"  # "13. bis 15. August", "23.-24. Mai"
    r"(?P<d1>\d{1,2})(?:\.|st|nd|rd|th)?\s+(?:of\s+)?)?"  # "5. März", "5 March"
    rf"(?P<m>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b\.?"
    r"(?:\s+(?P<d2>\d{1,2})(?!\d)(?:st|nd|rd|th)?"
    r"(?:\s*(?:-|–|to|and|through)\s*(?P<d3>\d{1,2})\b)?(?![\d.,]\d))?"
    r"(?:,?\s+(?P<y>(?:1[89]|20)\d\d)\b)?"  # "March 5, 2023", "May 23-24"
    rf"|\b(?P<wd>{'|'.join(_WEEKDAYS)})(?:{'|'.join(_DAYTIME)})?\b"
    r"|\b(?P<year>(?:1[89]|20)\d\d)\b(?![.,]\d|\s?(?:%|[Pp]ro|per|[Mm]il|bil|[Bb]illion|Mrd))"
)
# A bare year, or a bare "May"/"March", needs a cue: "2000 Soldaten" is a number, "may" a verb.
_DATE_CUE = re.compile(
    r"(?:\b(?:in|im|seit|since|until|bis|by|of|from|von|vor|after|before|nach|the|early|late|end|fiscal|"
    r"Jahr|Jahres|year|Ende|Anfang|Mitte|Sommer|Herbst|Winter|Frühjahr|spring|summer|fall|autumn|winter|"
    r"and|und|or|oder|through|between|to|for|zwischen)\s+|[-–/]|['’]s\s+)$"
)
_TIME = re.compile(r"\b\d{1,2}(?::\d\d|\.\d\d(?=\s?Uhr))?\s?(?:Uhr|a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b")


def _dates(text: str) -> tuple[list[Detail], str]:
    """Date details, and the text with them (and clock times) blanked out so no number is read twice."""
    if not re.search(r"\d", text) and _DATE_WORDS.isdisjoint(re.findall(r"[A-ZÄÖÜ][a-zäöü]+", text)):
        return [], text  # most claims: spare them the long pattern
    found, spans = [], [m.span() for m in _TIME.finditer(text)]
    for m in _DATE.finditer(text):
        g, shown = m.groupdict(), m.group().rstrip(".").strip()
        cue = _DATE_CUE.search(text, max(0, m.start() - 12), m.start())
        year = g["iy"] or g["ny"] or g["y"] or g["year"]
        days = [int(d) for d in (g["id"], g["nd"], g["d0"], g["d1"], g["d2"], g["d3"]) if d]
        days = [d for d in days if 0 < d < 32]  # "Juni 71.500" is no day
        if g["year"] and not (cue or re.match(r"\s*(?:$|[.,;:)!?\"”“’])", text[m.end() :])):
            continue
        if g["m"] in ("May", "March", "Mar") and not (days or year or cue):
            continue
        month = int(g["im"] or g["nm"] or _MONTHS.get(g["m"] or "", 0))
        found += [Detail("date", shown, _WEEKDAYS[g["wd"]], "weekday")] if g["wd"] else []
        found += [Detail("date", shown, f"{month:02d}-{day:02d}", "day") for day in days if month]
        found += [Detail("date", shown, f"{month:02d}", "month")] if month else []
        found += [Detail("date", shown, year, "year")] if year else []
        spans.append(m.span())
    return found, _blank(text, spans)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans overwritten by a mark that is neither a word nor a space: what was read once is
    not read again, and the names on either side do not join up."""
    for a, b in spans:
        text = text[:a] + "·" * (b - a) + text[b:]
    return text


# --- numbers ---------------------------------------------------------------------------------------------

_WORDS = {  # small numbers spelt out; not "one"/"ein", which are mostly articles
    w: n
    for n, ws in enumerate(
        "zwei two|drei three|vier four|fünf five|sechs six|sieben seven|acht eight|neun nine|zehn ten|"
        "elf eleven|zwölf twelve dozen dutzend".split("|"),
        start=2,
    )
    for w in ws.split()
}
_SCALES = {
    "thousand": 1e3, "tausend": 1e3, "million": 1e6, "millions": 1e6, "millionen": 1e6, "mio": 1e6, "mn": 1e6,
    "mln": 1e6, "m": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "bil": 1e9, "bln": 1e9,
    "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "trillion": 1e12, "billionen": 1e12,
}  # fmt: skip
_UNITS = {  # pattern -> unit; each currency is its own unit (no exchange rates here)
    r"%|Prozent|percent|per cent|pct": "%", r"Prozentpunkten?|percentage points?": "pp",
    r"US-Dollar|Dollar|dollars?|USD": "$", r"Euro|euros?|EUR": "€",
    r"Kilometern?|kilometers?|kilometres?|km": "km", r"Meilen|miles?": "mi", r"Tonnen|tons|tonnes": "t",
    r"-year-old|years? old|Jahre alt|-?jährige[nr]?": "age",
}  # fmt: skip
_HEDGES = {  # a word before a number -> what it allows: at least, at most, just below, about
    word: bound
    for bound, words in (
        (">", "more than|over|at least|mehr als|über|mindestens|gut|upwards of"),
        ("<", "fewer than|less than|under|weniger als|unter|höchstens|at most|up to|bis zu"),
        ("≲", "nearly|almost|fast|knapp"),
        ("~", "about|around|roughly|some|approximately|an estimated|rund|etwa|ca.|circa|zirka"),
    )
    for word in words.split("|")
}
_HEDGE = re.compile(rf"(?i)(?<!\w)({'|'.join(map(re.escape, _HEDGES))})\s+$")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")  # opens with \d, so the regex engine skips ahead fast
# spelt-out numbers, matched in the lower-cased text: "zwei", "Two", not "two-thirds"
_SPELT = re.compile(rf"\b(?:{'|'.join(_WORDS)})\b(?!-|\s+(?:drittel|viertel|thirds|quarters|fifths))")
_AFTER = re.compile(  # scale and unit: "3,5 Prozent", "1.2 billion dollars", "$3-million"
    rf"(?:[\s-]?(?P<scale>(?i:{'|'.join(sorted(_SCALES, key=len, reverse=True))})\b\.?))?"
    rf"(?:\s?(?P<unit>{'|'.join(_UNITS)})(?!\w))?"
)
# A number that is part of a name: "G20", "F-35", "No. 2", "9/11", "1:4", "5G", "10th", "2-Egypt".
_NAME_BEFORE = re.compile(r"(?:\b(?:No|Nr|Art|Abs|Nos)\.\s?|[#§/]\s?|\d[-:]|[A-Za-zÄÖÜäöüß]-?)$")
_NAME_AFTER = re.compile(r"[^\W\d_]|[-/]\d|[.,]\d|-[A-ZÄÖÜ]")
_FUNCTION = set(  # they end the words that say what a number counts: "12 Russian intelligence officers in"
    "the a an of in on at to for and or but with from by as than that who which were was are is have"
    " has had be been would will could said der die das den dem des und oder im am an auf aus bei mit"
    " von zu zum zur für als wie dass sind ist war waren hat haben wurden wurde werden".split()
)
_COUNTED = re.compile(rf"(?:\s+(?!(?:{'|'.join(_FUNCTION)})\b)[^\W\d_][\w'’-]*){{0,3}}")


def _value(num: str) -> tuple[float, float]:
    """(value, half the step of its last digit): "1.000" and "1,000" are 1000, "3,5" is 3.5 ± 0.05, and
    "1.520,15" and "1,520.15" are both 1520.15 (the last separator is the decimal one)."""
    if num.lower() in _WORDS:
        return _WORDS[num.lower()], 0.0
    if re.fullmatch(r"[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*", num):  # thousands separators only
        return float(re.sub(r"[.,]", "", num)), 0.0
    cut = max(num.rfind("."), num.rfind(","))
    whole, decimals = (num[:cut], num[cut + 1 :]) if cut > 0 else (num, "")
    if not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*|\d+", whole):  # "1.2.3": a version or a list
        return float("nan"), 0.0
    return float(re.sub(r"[.,]", "", whole) + "." + decimals), 0.5 * 10 ** -len(decimals) if decimals else 0.0


def _numbers(text: str, lang: str) -> tuple[list[Detail], str]:
    """Number details, and the text with them blanked out ("1 Milliarde Dollar" is not a name)."""
    found, spans, lower = [], [], text.lower()
    spelt = _SPELT.finditer(lower) if not _WORDS.keys().isdisjoint(re.findall(r"\w+", lower)) else ()
    for m in sorted([*_DIGITS.finditer(text), *spelt], key=lambda m: m.start()):
        start, num = m.start(), m.group()
        currency = re.search(r"([$€£])\s?$", text[max(0, start - 2) : start])
        start -= len(currency.group()) if currency else 0
        if _NAME_BEFORE.search(text, max(0, start - 14), start):
            continue  # part of a name ("G20", "F-35", "No. 2"): what _in_name checks first, before the rest
        hedge = _HEDGE.search(text, max(0, start - 16), start)
        after = _AFTER.match(text, m.end())
        scale, unit = (after.group("scale") or "").rstrip("."), after.group("unit") or ""
        value, step = _value(num)
        metres = scale == "m" and not currency
        if value != value or metres or _in_name(text, start, m.end(), after.end(), lang):
            continue  # a version number ("1.2.3"), metres, or part of a name
        unit = currency[1] if currency else next((u for p, u in _UNITS.items() if re.fullmatch(p, unit)), "")
        if unit == "%" and value >= 1000 and re.search(r"[.,]", num):  # "4,015 Prozent": a decimal after all
            value, step = float(num.replace(",", ".")), 0.0005
        factor = 1e12 if scale[:1] == "B" and lang != "en" else _SCALES.get(scale.lower(), 1)  # "Billion"
        step = step or (min(1, 0.05 * value) if factor > 1 else 0)  # "$43 million" may be $43.9 million
        bound = _HEDGES[hedge.group(1).lower()] if hedge else ""
        low, high = _range(value * factor, step * factor, bound)
        counted = {w.lower().rstrip("s") for w in _COUNTED.match(text, after.end())[0].split()} - _FUNCTION
        if not counted:  # a bare number: the word before says what it is ("aged 16", "Lauten, 31")
            counted = {"<" + w.lower() for w in re.findall(r"(\w+)\W*$", text[max(0, start - 20) : start])}
        shown = (hedge.group(1) + " " if hedge else "") + text[start : after.end()].strip()
        found.append(Detail("number", shown, f"{value * factor:g}", unit, low, high, frozenset(counted)))
        spans.append((start, after.end()))
    return found, _blank(text, spans)


def _in_name(text: str, start: int, end: int, unit_end: int, lang: str) -> bool:
    """Whether the number text[start:end] belongs to a name or rank: "G20", "F-35", "No. 2", "9/11", "1:4",
    "Section 230", "5G", "10th", "2-Egypt", German "17. Parade" (but "Only 12 …" merely opens a sentence)."""
    # after a capitalised word ("Section 230"); German capitalises nouns ("schickte Russland 2000 Soldaten")
    capital = lang == "en" and re.search(r"[A-Z]\w*\s$", text[max(0, start - 20) : start])
    if (
        _NAME_BEFORE.search(text, max(0, start - 14), start)
        or capital
        and not re.fullmatch(r"(?:.*[.!?:]\s+)?\S+\s", text[:start], re.S)
    ):
        return True
    ordinal = re.match(r"\.\s+([^\W\d_])", text[end:])  # not "it rose to 17. Then"
    return bool(_NAME_AFTER.match(text, unit_end) or ordinal and (lang == "de" or ordinal[1].islower()))


def _range(value: float, step: float, bound: str) -> tuple[float, float]:
    """The values a number's wording allows: "more than 12", "up to 12", "nearly 12", "about 12", "12"."""
    if bound == ">":
        return value, float("inf")
    if bound == "<":
        return 0.0, value + step
    if bound == "≲":
        return 0.9 * value, value + step
    if bound == "~":
        return min(value - step, 0.9 * value), max(value + step, 1.1 * value)
    return value - step, value + step


# --- places and actors -----------------------------------------------------------------------------------

_TOKEN = r"[A-ZÄÖÜ](?:(?:\.[A-Z])+\.|[\w'’-]*\w|\.)?"  # "Kabul", "U.S.", "J.", "Jong-un"
_RUN = re.compile(rf"{_TOKEN}(?:\s+(?:(?:von der|von|van|de|da|di|bin|al|of)\s+)?{_TOKEN})*")
_OPENERS = set(  # capitalised because they open a sentence, not because they name something
    "The A An This That These Those In On At For From By With But And Or If When While After Before"
    " As Since His Her Their Our Its It He She They We I You There Here Some Many Most All No Not So"
    " Yet Still Also Even Now Then Last Next Only Just What Who Why How Both Each Such Other Another"
    " Despite Under Over Every Any Several Few Although Though Because Unlike Like According Amid"
    " During Until Upon Against Through Whether Where Whose Which Meanwhile However Instead Indeed"
    " Perhaps Once Already Again Earlier Later Today Yesterday Tonight Tomorrow Either Neither Nor"
    " Yes Please Dear Top Senior Let My Your Former Der Die Das Den Dem Des Ein Eine Einen Einem"
    " Einer Im Am Beim Vom Zum Zur Auf Aus Bei Nach Mit Von Für Über Unter Vor Seit Er Sie Es Wir Ich"
    " Ihr Und Aber Doch Auch Dann Wenn Als Weil Dass Nachdem Obwohl Während Laut Trotz Wegen Diese"
    " Dieser Dieses Dies Jetzt Nun Noch Nur Kein Keine Sein Seine Ihre Unsere Man Wie Was Wer Warum"
    " Zudem Damit Deshalb Daher Jedoch Zwar Nicht Hier Dort Heute Gestern".split()
)
_GROUPS = set(  # groups and parties, not named actors: "Officials said", "Missouri Republican senators"
    "Officials Police Authorities Witnesses Critics Experts Lawmakers Analysts Researchers"
    " Investigators Prosecutors Protesters Residents Sources Aides Advocates Opponents Supporters"
    " Observers Voters People Americans American Democrats Democrat Democratic Republicans Republican"
    " GOP Beamte Experten Kritiker Behörden Ermittler Zeugen Medien Diplomaten Analysten Quellen".split()
)
_ROLES = tuple(  # before a name, also as the end of a German compound ("Kremlsprecher Dmitri Peskow")
    r + ending
    for r in "präsident president kanzler chancellor minister sprecher spokesman spokeswoman senator governor"
    " representative gouverneur secretary sekretär führer leader chef chief mayor bürgermeister general judge"
    " richter pope papst king könig queen prince prinz chairman chairwoman director direktor ambassador"
    " botschafter adviser advisor berater attorney counsel speaker ceo".split()
    for ending in ("", "in", "en", "s", "innen")
)
_TITLES = set("sen rep gov gen lt col capt sgt adm dr prof mr mrs ms herr frau pm".split())
_SPEECH = (
    r"said|says|told|added|argued|claimed|announced|wrote|tweeted|stated|insisted|warned|noted|explained|"
    r"asserted|declared|testified|acknowledged|sagte|sagt|sagten|erklärte|erklärten|betonte|behauptete|"
    r"warnte|argumentierte|beharrte|meinte|schrieb|bestätigte|berichtete|kritisierte|forderte"
)
# "Smith said", "Smith, a spokesman, said"; not "…, 500 Panzer, sagte Putin", which ends a quote
_SPEECH_AFTER = re.compile(
    rf"(?:,\s+[a-z][^,]{{1,60}},)?\s+(?:has\s+|had\s+|hat\s+|also\s+|auch\s+)?(?:{_SPEECH})\b"
)
# "…, said Obama." or "sagte Miller am Montag", but not "told Reuters" or "said Afghanistan is a war"
_SPEECH_BEFORE = re.compile(rf"\b(?:{_SPEECH.replace('told|', '')})\s+$")
_SPEAKER_END = re.compile(
    r"\s*(?:$|[,.;:!?)\"”“]|(?:am|im|on|at|in|vor|to|during|gegenüber|yesterday|gestern)\b)"
)
# What may follow a place name, where a noun would follow a modifier ("in the Senate race").
_AFTER_PLACE = re.compile(
    r"\s+(?:\w+ly|on|in|at|and|or|of|to|for|with|that|which|where|when|after|before|last|this|is|was|were|"
    rf"has|had|{_SPEECH})\b"
)
# English place prepositions; not "from", which mostly names a source ("a letter from Obama")
_EN_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
_DE_ARTICLE_PLACES = set(  # places that German names with an article: "in der Ukraine", "im Iran"
    "Ukraine Türkei Schweiz Slowakei Mongolei Krim Iran Irak Jemen Libanon Sudan Kongo Tschad Niger"
    " Vatikan Gazastreifen Westjordanland Donbass Kosovo Niederlanden Philippinen Arktis Antarktis"
    " Kreml".split()
)
_NOT_PLACES = {  # capitalised words after "in" that are no places (or, like "the House", institutions)
    *_MONTHS,
    *_WEEKDAYS,
    *"Angaben Ansicht Anfrage Auftrag Bedarf Bezug Folge Frage Gefahr Höhe Kraft Zukunft Sicht Sorge"
    " Richtung Protest Zeiten Teilen Ende Anfang Mitte Beginn Kontakt Hinblick Kürze Ruhe Verbindung"
    " Haft Gewahrsam Betrieb Gesprächen Berichten Medien Zusammenarbeit Wahrheit Zeit Grunde Grund"
    " Form Westen Osten Norden Süden English Englisch Deutsch Spanish Response Addition Truth"
    " General Particular Total Part GMT EST EDT PST PDT CET MEZ UTC ET Congress House Senate Court"
    " Parliament God Office Department Committee Ministry Agency Administration Party".split(),
}
_DE_NOUN_END = re.compile(r"(?:e|en|er|ern|el|ung|heit|keit|schaft|tion|tät|nis|ismus|um|chen|ik|ur)$")
_ALIASES = {  # cheap cross-language names (folded); spelling variants are left to _skeleton
    "moskau": "moscow", "kiew": "kyiv", "kiev": "kyiv", "russland": "russia", "nordkorea": "north korea",
    "sudkorea": "south korea", "usa": "us", "u.s.": "us", "united states": "us", "vereinigten staaten": "us",
    "amerika": "us", "america": "us", "deutschland": "germany", "frankreich": "france",
    "grossbritannien": "uk", "britain": "uk", "great britain": "uk", "u.k.": "uk", "united kingdom": "uk",
    "irak": "iraq", "syrien": "syria", "turkei": "turkey", "brussel": "brussels", "wien": "vienna",
    "peking": "beijing", "warschau": "warsaw", "rom": "rome", "munchen": "munich", "koln": "cologne",
    "europa": "europe", "gazastreifen": "gaza", "weissen haus": "white house", "agypten": "egypt",
    "spanien": "spain", "italien": "italy", "polen": "poland", "indien": "india",
    "niederlande": "netherlands", "niederlanden": "netherlands", "westjordanland": "west bank",
    "schweiz": "switzerland", "osterreich": "austria", "griechenland": "greece", "belgien": "belgium",
    "vae": "uae", "genf": "geneva", "mailand": "milan", "venedig": "venice", "neapel": "naples",
    "lissabon": "lisbon", "prag": "prague",
}  # fmt: skip
_KNOWN_PLACES = {*_ALIASES, *_ALIASES.values()}
_WEAK_NAME_WORDS = set(  # skeletons of name words that alone identify nothing ("City", "North", "San")
    "kity stadt kounty nort sout east vest nord sud ost nev united unite state republik island insel"
    " river lake mount santa saint sankt san the von der of de".split()
)


def _is_role(word: str) -> bool:
    word = word.lower().rstrip(".")
    return word in _TITLES or word.endswith(_ROLES)


def _names(text: str, lang: str) -> tuple[list[Detail], list[Detail]]:
    """(places, actors) among the runs of capitalised words, told apart by the words around each run."""
    places: list[Detail] = []
    actors: list[Detail] = []
    words = [w for w in text.split() if len(w) > 2]
    if lang == "en" and 3 * sum(w[0].isupper() for w in words) > 2 * len(words):  # A Headline In Title Case
        return places, actors
    for m in _RUN.finditer(text):
        start, after = m.start(), text[m.end() :]
        tokens = [re.sub(r"['’]s$", "", t) for t in m.group().split()]
        prev = [w.strip("\"'“”„«»()[],;:.!?") for w in text[max(0, start - 40) : start].split()[-2:]]
        while tokens and tokens[0] in _OPENERS:  # "In Kabul", "The White House"
            prev = [*prev, tokens.pop(0)][-2:]
        roles = [i for i, t in enumerate(tokens[:-1]) if _is_role(t)]
        if roles:  # "President Donald Trump", "Regierung von Präsident Joe Biden", "Secretary of State X"
            cut = roles[-1] + (3 if tokens[roles[-1] + 1] == "of" else 1)
            prev, tokens = [*prev, *tokens[:cut]][-2:], tokens[cut:]
        while len(tokens) > 1 and tokens[-1] in _GROUPS:  # "Missouri Republican senators"
            tokens.pop()
        if not tokens or tokens[0] in _GROUPS or _is_role(tokens[-1]):  # "Australischer Premierminister"
            continue
        role, name, low = bool(prev) and _is_role(prev[-1]), " ".join(tokens), [w.lower() for w in prev]
        if not role and not re.search(r"['’]s$", m.group()) and _place(tokens, low, after, lang):
            places.append(Detail("place", name, _fold(name)))
            continue
        # An actor is who says or does what is asserted: a name next to a speech verb, or the name opening the
        # claim (with a title, or two capitalised words in English). Names further on are mostly objects
        # ("called on President Trump to …"); they still count as mentioned when another member names them.
        speech = _SPEECH_AFTER.match(after) or (
            _SPEECH_BEFORE.search(text, max(0, start - 20), start) and _SPEAKER_END.match(after)
        )
        opening = start < 30 and all(
            w in _OPENERS or w.lower() in _TITLES for w in re.findall(r"[\w'’-]+", text[:start])
        )
        # German capitalises every noun: after an article or adjective ("das britische Außenministerium") a
        # word is a noun, and one word before a plural verb ("Händler sagten") is a group
        after_article = low and re.fullmatch(
            rf"(?!{_SPEECH}$)(?:der|die|das|den|dem|des|\w+(?:e|en|er|es|em))", low[-1]
        )
        group = len(tokens) == 1 and re.match(r",?\s+\w+ten\b", after)
        noun = lang == "de" and not role and bool(after_article or group)
        if not noun and (speech or opening and (role or lang == "en" and len(tokens) > 1)):
            actors.append(Detail("actor", name, _fold(name)))
    return places, actors


def _place(tokens: list[str], prev: list[str], after: str, lang: str) -> bool:
    """Whether the run ``tokens`` after the (lower-cased) words ``prev`` names a place."""
    if tokens[0] in _NOT_PLACES or not prev:
        return False
    last, before = prev[-1], prev[0] if len(prev) == 2 else ""
    if lang == "en":  # one word before a noun is a modifier: "in the Senate race", "in Mexican cave"
        modifier = len(tokens) == 1 and re.match(r"\s+[a-z]", after) and not _AFTER_PLACE.match(after)
        if last in _EN_PLACE_PREPS:
            return not (modifier and re.search(r"(?:an|ese|ish|ic|i)$", tokens[0]))
        return last == "the" and before in _EN_PLACE_PREPS and not modifier
    known = _fold(tokens[0]) in _KNOWN_PLACES
    if last in ("in", "aus") or last in ("nach", "bei") and known:  # not "nach Angaben", "bei Bedarf"
        return known or len(tokens) > 1 or not _DE_NOUN_END.search(tokens[0])
    article = last in ("der", "dem", "den") and before in ("in", "auf", "aus", "bei", "nach", "an")
    if not (article or last in ("im", "am", "beim")):
        return False
    # German nouns take an article, most place names none: "in der Ukraine", "auf dem Kosmodrom Wostotschny",
    # "im Weißen Haus"; but not "im Konflikt", "auf dem Schlachtfeld", "im Konflikt Russlands"
    if tokens[0] in _DE_ARTICLE_PLACES or tokens[0].isupper():
        return True
    adjective = re.fullmatch(r"[A-ZÄÖÜ]\w+(?:en|e)", tokens[0])
    noun = tokens[-1].endswith("s") or _DE_NOUN_END.search(tokens[-1])  # a genitive "s" too
    return len(tokens) > 1 and bool(adjective or not noun)


@lru_cache(maxsize=8192)
def _fold(name: str) -> str:
    """Case- and accent-free, possessive dropped, with the cross-language aliases applied."""
    name = re.sub(r"['’]s?$", "", name).replace("ß", "ss")
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    return _ALIASES.get(name, name)


@lru_cache(maxsize=8192)
def _skeleton(word: str) -> str:
    """A spelling-tolerant form of a name word: "Kanada"/"Canada", "Bagdad"/"Baghdad", "Neanders"."""
    word = _fold(word)
    for a, b in (("ph", "f"), ("c", "k"), ("w", "v"), ("z", "s"), ("j", "y"), ("h", "")):
        word = word.replace(a, b)
    word = re.sub(r"(.)\1", r"\1", word)
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


_DE_FUNCTION = set(
    "der die das und ist nicht mit dass sich auf für ein eine im am zum wird hat von bei".split()
)
_EN_FUNCTION = "the|and|is|of|to|that|with|was|on|at|for|by|has|have|will|said"
_LANG_WORDS = re.compile(rf"(?i)\b(?:{'|'.join(_DE_FUNCTION)}|{_EN_FUNCTION})\b|[äöüß]")


@lru_cache(maxsize=4096)
def details(text: str, lang: str = "") -> Details:
    """The checkable details of one claim text, each normalised so that equal facts compare equal.

    Numbers keep their unit, the range their wording allows ("fast 18.000" is 16,200-18,000) and what they
    count; dates are read part by part (weekday, day, month, year; relative ones like "gestern" are left
    out, they depend on the publication date); places are names after a place preposition ("in Kabul", "auf
    dem Kosmodrom Wostotschny"); actors are the names that say or do what is asserted (next to a speech verb,
    or opening the claim with a title). ``lang`` ("de"/"en") is guessed from function words when empty.
    """
    if not lang:
        words = [w.lower() for w in _LANG_WORDS.findall(text)]  # an umlaut counts for German
        lang = "de" if 2 * sum(w in _DE_FUNCTION or len(w) == 1 for w in words) > len(words) else "en"
    dates, rest = _dates(text)
    numbers, rest = _numbers(rest, lang)
    places, actors = _names(rest, lang)
    return Details(tuple(numbers), tuple(dates), tuple(places), tuple(actors), lang)


# --- comparing -------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[frozenset[str], str]:
    """The names in a text, whole and word by word (as skeletons), and the folded text itself."""
    names = set()
    for m in _RUN.finditer(text):
        names.update((_fold(m.group()), _skeleton(m.group().replace(" ", ""))))
        names.update(_skeleton(w) for w in re.split(r"[\s-]+", m.group()))
    return frozenset(names), " " + " ".join(re.findall(r"\w+(?:[-'’]\w+)*", _fold(text))) + " "


def _agree(a: Detail, b: Detail, theirs: tuple[frozenset[str], str]) -> bool:
    """Whether detail ``a`` is matched by the other member's detail ``b``, or anywhere in the other text."""
    if a.kind == "number":  # in any unit ("35.72" matches "35.7 percent"), or written anywhere
        return a.low <= b.high and b.low <= a.high or f" {a.key} " in theirs[1]
    if a.kind == "date":  # a year may stand there as a plain number ("Gore's 2000 ticket")
        return a.key == b.key and a.facet == b.facet or a.facet == "year" and f" {a.key} " in theirs[1]
    if a.key == b.key or a.key in theirs[0] or f" {a.key} " in theirs[1]:
        return True
    # one distinctive word in common ("Trump" in "Donald Trump", "Gaza-Stadt" and "Gaza City"), or spelt alike
    # ("Kenia"/"Kenya", "Libanon"/"Lebanon", "Hongkong"/"Hong Kong"; not "Iran"/"Iraq", whose ratio is 0.75)
    words = {_skeleton(w) for w in re.split(r"[\s-]+", f"{a.text} {a.key}")} - _WEAK_NAME_WORDS
    if any(len(w) > 2 and w in theirs[0] for w in words):
        return True
    words = {w for w in (*words, _skeleton(a.key.replace(" ", ""))) if len(w) > 3}
    return any(_alike(x, y) for x in words for y in theirs[0])


@lru_cache(maxsize=65536)
def _alike(x: str, y: str) -> bool:
    """Whether two name skeletons are spelt alike (the cheap upper bounds first)."""
    if 3 * min(len(x), len(y)) < 2 * max(len(x), len(y)):
        return False
    matcher = SequenceMatcher(None, x, y)
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


def _comparable(a: Detail, b: Detail, across_languages: bool) -> bool:
    """Whether two details of one kind speak of the same thing: the same facet and, for counts and amounts,
    the same counted words (not across languages; and what a percentage measures is said before it)."""
    if a.facet != b.facet or a.kind != "number" or a.facet in ("%", "pp", "age") or across_languages:
        return a.facet == b.facet
    return bool(a.counted & b.counted) or not a.counted and not b.counted


def _differ(mine: Details, theirs: Details, kind: str, names: tuple) -> tuple[list[str], list[str]]:
    """(my values, their values) in which two members differ in one kind; both empty when they do not."""
    own, other, pairs = mine.of(kind), theirs.of(kind), []
    if kind == "number":  # each number counts something: pair those that neither side matches
        lone = [a for a in own if not any(_agree(a, b, names[1]) for b in other)]
        their_lone = [b for b in other if not any(_agree(b, a, names[0]) for a in own)]
        pairs = [(a, b) for a in lone for b in their_lone if _comparable(a, b, mine.lang != theirs.lang)]
    else:  # dates part by part, places and actors as a whole: one match is agreement
        for facet in dict.fromkeys(d.facet for d in own):
            mine_, theirs_ = [a for a in own if a.facet == facet], [b for b in other if b.facet == facet]
            if not any(_agree(a, b, names[1]) or _agree(b, a, names[0]) for a in mine_ for b in theirs_):
                pairs += [(a, b) for a in mine_ for b in theirs_]
    return list(dict.fromkeys(a.text for a, _ in pairs)), list(dict.fromkeys(b.text for _, b in pairs))


def differing_kinds(mine: Details, theirs: Details, mentions: tuple) -> frozenset[str]:
    """The kinds of detail in which ``mine`` differs from ``theirs`` (the first member's kinds in
    ``differences`` of two texts), from details read already; ``mentions`` is ``_mentions`` of the two texts."""
    return frozenset(
        kind
        for kind in DETAIL_KINDS
        if mine.of(kind) and theirs.of(kind) and _differ(mine, theirs, kind, mentions)[0]
    )


def differences(texts: list[str], langs: list[str] | None = None) -> list[list[Difference]]:
    """For each member of a group, the kinds of detail in which it differs from other members.

    The rule, for what a fact-checker should look at and not more: two members differ in a kind only where
    BOTH state a detail of it about the same thing and none of those details is matched on the other side.
    "The same thing" is the same date part (weekday, day, month, year), any place, any actor, and for numbers
    the same unit and the same counted words ("12 people" against "15 people", never against "3 cities" or
    "15 percent"). A detail is matched when the other member states it too, even in other words: numbers
    when the ranges their wording allows overlap ("fast 18.000" and "17,900"; "more than 1,000" and "1,200"),
    dates when equal, places and actors when the name occurs anywhere in the other text ("Kabul" in "Kabul,
    Afghanistan", "Trump" in "Donald Trump", "Kenia" in "Kenya"). So saying nothing is not disagreeing,
    "Dienstag" agrees with "Dienstag, 2023", and an extra figure beside a shared one is no conflict.

    ``langs`` are the members' languages ("de", "en"; guessed when empty). ``Difference.members`` lists
    whom a member conflicts with, so a reviewer can tell the odd one out.
    """
    langs = langs or [""] * len(texts)
    if len(langs) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
    found = [details(t, lang) for t, lang in zip(texts, langs)]
    names = [_mentions(t) for t in texts]
    result: list[list[Difference]] = []
    for i, mine in enumerate(found):
        differing = []
        for kind in DETAIL_KINDS:
            value: list[str] = []
            others: list[str] = []
            members: list[int] = []
            for j, theirs in enumerate(found):
                if j == i or not mine.of(kind) or not theirs.of(kind):
                    continue
                own, other = _differ(mine, theirs, kind, (names[i], names[j]))
                if own:
                    value += [t for t in own if t not in value]
                    others += [t for t in other if t not in others]
                    members.append(j)
            if value:
                differing.append(Difference(kind, tuple(value), tuple(others), tuple(members)))
        result.append(differing)
    return result


def describe(difference: Difference) -> str:
    """A short text for a reviewer: "place: Wladiwostok ≠ Kosmodrom Wostotschny"."""
    return f"{difference.kind}: {', '.join(difference.value)} ≠ {', '.join(difference.others)}"
