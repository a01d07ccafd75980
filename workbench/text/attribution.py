"""Sentences -> claims: the assertions in each sentence, who made them (speaker and role), their kind and
check-worthiness. Rule-based and pure (no I/O); ``split_claims`` is the entry point.
"""

from __future__ import annotations

import re

from ..records import Claim
from . import checkworthy
from .sentences import JOIN_ABBREVIATIONS as _JOIN_ABBREV
from .sentences import LINE_BREAK as _LINE_BREAK
from .sentences import SENTENCE_STARTERS as _STARTERS
from .sentences import detect_language, split_sentences
from .words import DE_SPEECH_PARTICIPLES as _DE_PART
from .words import DE_SPEECH_VERBS as _DE_VERBS
from .words import EN_SPEECH_VERBS as _EN_VERBS
from .words import QUOTES as _QUOTES
from .words import SPEECH_VERB as _VERB
from .words import TIME_PHRASE as _WHEN_PHRASE
from .words import TIME_WORDS as _WHEN

# Rule-based and deliberately conservative: a frame is only removed, and a sentence only split, when a
# pattern below matches exactly; otherwise the sentence stays one unattributed claim. Offsets always refer
# to the sentence, so ``text[claim.start:claim.end] == claim.sentence`` holds whatever the rules decide.

# Words that open a clause, never a name or a speaker: "If Nebraska …", "Despite Trump's …".
_CLAUSE_OPENERS = set(
    "If When As At On For With By From After Before While Since So Now Then Despite In But And Some Many"
    " Most All Both Every Each Another Other These Those His Her Their Our My Its Your Als Wenn Weil Nachdem"
    " Ob Seit Bei Von Zu Für Über Trotz Im Am Auch Dann Aber Und Doch and but or und aber oder sondern denn"
    " als wie".split()
)

_SAY = (  # a speech verb, finite or perfect: "sagte", "haben spekuliert", "has argued"
    rf"(?:\s+(?:hat|haben|hatte|hatten)\s+(?:{_DE_PART})|\s+(?:has|have|had)\s+(?:{_EN_VERBS})|\s+{_VERB})"
)
_ADVERB = r"(?:\s+(?:also|later|previously|then|again|auch|zudem|außerdem|erneut|bereits|jedoch))?"
# "<speaker> <verb> [up to 5 words], dass|that|: <content>"; the speaker may carry one apposition.
_APPOS = (
    r"[^,;:\"“”„«»]{1,60}, (?:[A-ZÄÖÜ]|(?:the|a|an|der|die|ein|eine)\s)[^,]{1,60},"  # "Smith, a spokesman,"
)
_SPK = rf"(?P<spk>[^,;:\"“”„«»]{{1,90}}?|{_APPOS})"
_FRONT = r"(?:[^,;:\"“”„«»]{1,80},\s+)?"  # fronted phrase: "While declining to discuss it, Obama said, …"
_LEADING = [
    re.compile(rf"{_FRONT}{_SPK}{_ADVERB}{_SAY}(?P<mid>(?:\s+[^\s,:]+){{0,5}}?)(?:,\s*dass|:)\s+(?P<c>.+)"),
    re.compile(
        rf"{_FRONT}{_SPK}{_ADVERB}{_SAY}(?P<mid>(?:\s+(?!that\b)[^\s,:]+){{0,4}}?)\s+that\s+(?P<c>.+)"
    ),
    # bare comma (German reported speech "Miller sagte, die USA würden …"): short speaker, no subordinator
    re.compile(
        rf"{_FRONT}(?P<spk>[^,;:\"“”„«»]{{1,70}}?|{_APPOS}){_ADVERB}\s+{_VERB}(?:\s+(?:hinzu|mit|darauf))?"
        rf"(?:\s+(?:am|an|in|im|vor|bei|auf|gegenüber|nach|{_WHEN})\b[^,;:\"“”„«»]{{1,40}})?,\s+"
        r"(?!(?:falls|wenn|weil|ob|um|nachdem|obwohl|if|when|because|although)\b)(?P<c>.+)"
    ),
    # English without "that": "Smith said the plan would fail" (not "Sestak said no and …")
    re.compile(
        rf"{_FRONT}(?P<spk>[^,;:\"“”]{{1,50}}?|{_APPOS}){_ADVERB}(?:\s+(?:has|have|had))?\s+"
        rf"(?:said|says|claimed|argued|warned|insisted|told\s+(?:reporters|journalists|[A-Z][\w.'’-]*"
        rf"(?:\s+[A-Z][\w.'’-]*){{0,3}})){_WHEN_PHRASE}\s+"
        r"(?!(?:no|yes|so|nothing|goodbye)\b)(?P<c>.+)"
    ),
    re.compile(r"According to\s+(?P<spk>[^,]{2,80}),\s+(?P<c>.+)"),
]
# "…, <verb> <speaker>." / "…, <speaker> <verb> [when/where]." / "…, haben <speaker> gewarnt."
_TRAILING = [
    re.compile(
        rf"(?:{_DE_VERBS}|said|says|added|asked|wrote)\s+"
        rf"(?!(?:in|on|at|to|during|after|before|for|im|am|vor|bei|{_WHEN})\b)(?P<spk>.+?)(?:\s+(?:hinzu|mit|darauf))?"
    ),
    re.compile(
        rf"(?P<spk>[^,]+?(?:,\s+[^,]+,)?){_ADVERB}(?:\s+(?:has|have|had))?\s+(?:{_EN_VERBS})"
        r"(?:\s+(?P<when>[^,]+))?"
    ),
    re.compile(rf"(?:hat|haben|hatte|hatten)\s+(?P<spk>.+?)\s+(?:{_DE_PART})"),
    re.compile(r"(?:[Aa]ccording to|so(?=\s+[A-ZÄÖÜ])|hieß es (?:aus|in|im|von|bei))\s+(?P<spk>.+)"),
]
# ", <verb> <speaker>, <content>" after a fronted phrase: "Gefragt, warum …, behauptete er, die Tatsache"
_INVERTED = re.compile(rf",\s+(?:{_DE_VERBS})\s+(?P<spk>[^,\s]+(?:\s+[^,\s]+){{0,3}}?),\s+(?P<c>.+)")
_RELATIVE = re.compile(  # "…, Bonnie Jenkins, die sagte, dass …"
    rf"(?P<pre>.+),\s+(?P<spk>[^,]{{2,80}}),\s+(?:die|der|who)\s+(?:{_VERB})(?:,\s*dass|\s+that|,|:)?"
    r"\s+(?P<c>.+)"
)
# Inline sources: "laut X", "nach Angaben X", "X zufolge", ", wie X mitteilte,", ", according to X,".
_NP_DE = (
    r"(?:(?:dem|der|den|des|einem|einer)\s+)?(?:[a-zäöüß-]+(?:e|en|er|em|es)\s+){0,2}[A-ZÄÖÜ][\w.-]*"
    r"(?:\s+[A-ZÄÖÜ][\w.-]*)*(?:\s+(?:des|der)\s+(?:[a-zäöüß]+\s+){0,2}[A-ZÄÖÜ][\w.-]*)?"
)
_INLINE = [  # (cheap keyword that must occur, pattern): the keyword test skips most sentences
    ("aut", re.compile(rf"\b[Ll]aut\s+(?P<spk>{_NP_DE})")),
    ("Angaben", re.compile(rf"\b[Nn]ach\s+Angaben(?:\s+von)?\s+(?P<spk>{_NP_DE})")),
    ("zufolge", re.compile(rf"(?:^|(?<=\s))(?P<spk>{_NP_DE})\s+zufolge\b")),
    (
        " wie ",
        re.compile(
            r",\s+wie\s+(?P<spk>[^,]{2,60}?)\s+(?:mitteilte|sagte|erklärte|berichtete|betonte)\s*(?=,|$)"
        ),
    ),
    (
        "Wie ",
        re.compile(r"^Wie\s+(?P<spk>[^,]{2,60}?)\s+(?:mitteilte|sagte|erklärte|berichtete|betonte),\s+"),
    ),
    ("according", re.compile(r",\s+according to\s+(?P<spk>[^,]{2,60}?)(?=,|$)")),
    (
        "s ",
        re.compile(
            r"(?:^|,\s+)[Aa]s\s+(?P<spk>[^,]{2,60}?)\s+(?:has\s+|have\s+)?(?:said|noted|put it|wrote),"
        ),
    ),
]
# Where one sentence holds two assertions: "X, während der Kreml erklärte, dass Y"; "X, sagte A und fügte
# hinzu, dass Y" (then Y has A's speaker).
_CONTRAST = re.compile(r",\s+(?:während|wohingegen|aber|doch|whereas|while|but)\s+")
_ADDING = re.compile(r"\s+und\s+fügte\s+hinzu(?:,\s*dass|:|,)\s+|,\s+(?:adding|and added)(?:\s+that|:|,)?\s+")
_FIRST_PERSON_FRAME = re.compile(
    r"(?:ich|wir|i|we)\b[^,.;:]{0,60}?\b(?:erinnern|betonen|sagen|klarstellen|unterstreichen|hinweisen|"
    r"remind|stress|emphasize|say|note|point out|make clear|be clear)\b[^,.;:]{0,30}?"
    r"(?:,\s*dass|\s+that|:)\s+",
    re.I,
)
_PRONOUNS = {"er", "sie", "he", "she"}
_TITLES = re.compile(
    r"^(?:(?:US-|Vize)?(?:Präsident(?:en|in)?|President|Minister(?:in)?|Kanzler(?:in)?|Sprecher(?:in)?|"
    r"Dr\.|Prof\.|Sen\.|Rep\.|Gov\.|Gen\.|Mr\.|Mrs\.|Ms\.|Herr|Frau|Senator|Representative|General|"
    r"Secretary(?: of State)?)\s+)+"
)
_NOT_PERSON = re.compile(
    r"medien|media|regierung|government|ministeri|ministry|department|kreml|house|council|rat\b|agentur|"
    r"agency|office|amt\b|partei|party|committee|news|times|post\b|bericht|report|beamte|officials|\busa\b|"
    r"u\.s\.|washington|moskau|moscow|kiew|kyiv|seoul|pjöngjang|pyongyang|länder|staaten|states",
    re.I,
)
_ROLE = re.compile(
    r"(?:minister|sprecher|präsident|kanzler|sekretär|berater|botschafter|chef|spokes(?:wo)?man|secretary|"
    r"president|official|ambassador|advis[eo]r|senator|spokesperson|inspector)(?:in|s|en)?\b",
    re.I,
)
_CUT_SPEAKER = re.compile(
    rf"\s+(?:am|vor|während|in|im|auf|nach|bei|gegenüber|letzte|letzten|vergangene|on|at|during|after|"
    rf"before|to|Journalisten|Reportern|{_WHEN})\b.*$"
)
_DETERMINERS = {"der", "die", "das", "den", "dem", "des", "the", "a", "an", "ein", "eine", "einer", "eines"}
_DE_AUX = set(
    "werde werden würde würden wird sei seien ist sind war waren habe haben hat hatte hätte hätten könne "
    "können könnte müsse muss müsste sollte solle wolle will möchte dürfe".split()
)
_QUANTIFIERS = {"jeglicher", "jede", "jeder", "jedes", "kein", "keine"}
_NO_SUBJECT_END = _DETERMINERS | set(
    "von nach aus über zwischen mit für gegen in im an auf bei durch und oder zu zum zur".split()
)


# Adverbs, auxiliaries and dangling prepositions at the end of a speaker phrase: "Obama recently", "X has".
_TRAILING_FILLER = re.compile(
    r"(?:\s+(?:\w+ly|likewise|too|first|earlier|later|has|have|had|hat|haben|also|auch|once|of|for|the|a|in|on))+$"
)


# Words naming an office or a job, also inside German compounds ("Kremlsprecher", "Vizeaußenminister"): a
# speaker phrase "<role> <Name>" is split after the last of them. Honorifics (Mr., Frau) are dropped instead.
_ROLE_WORD = re.compile(
    r"(?i:minister|sprecher|präsident|kanzler|sekretär|berater|botschafter|chef|leiter|vorsitzende|"
    r"beauftragte|direktor|bürgermeister|abgeordnete|anwalt|anwältin|richter|spokes(?:wo)?man|spokesperson|"
    r"secretary|president|official|ambassador|advis[eo]r|senator|governor|director|chair|leader|manager|"
    r"lawyer|attorney|counsel|founder|justice|judge|mayor|representative|congress(?:wo)?man|historian|"
    r"professor|analyst|economist|commissioner|auditor|aide|deputy|speaker|strategist|ceo\b|chief|inspector|"
    r"nominee|candidate|columnist|executive|tycoon|"
    r"\b(?:sen|rep|gov|gen|lt|col|capt|sgt|prof)\.)"
)
_HONORIFIC = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Herr|Frau)\.?\s+)+")
_NAME_WORD = re.compile(r"[A-ZÄÖÜ][\w'’.-]*")  # a capitalised word, an initial "M." or a suffix "III"
_PARTICLES = {"von", "van", "der", "de", "da", "di", "du", "le", "la", "bin", "al", "zu"}  # "von der Leyen"
_CONNECTORS = {"of", "for", "at", "des", "der", "für", "von"}  # "Secretary of State Antony Blinken"
_DE_ADJECTIVE_E = re.compile(r"\w{2,}(?:al|isch|sch|ig|lich|nd|ell|iv)e")  # "Nationale", "südkoreanische"


def _split_role(phrase: str) -> tuple[str, str]:
    """("Name", "role") for "<role> <Name>": "Kremlsprecher Dmitri Peskow", "Secretary of State Antony
    Blinken", "Trump's personal lawyer John Dowd"; ("", "") when the phrase is not a role plus a person's name."""
    words = phrase.split()
    i = len(words)  # start of the trailing run of capitalised words (and name particles)
    while i > 0 and (_NAME_WORD.fullmatch(words[i - 1]) or (words[i - 1] in _PARTICLES and i < len(words))):
        i -= 1
    role_words = [j for j, w in enumerate(words) if _ROLE_WORD.search(w)]
    if not role_words or i == len(words):
        return "", ""
    cut = role_words[-1] + 1 if role_words[-1] >= i else i
    if cut < len(words) - 1 and cut > i and words[cut] == "General":  # "Attorney General Eric Holder"
        cut += 1
    base = cut
    while cut < len(words) and words[cut] in _PARTICLES | _CONNECTORS:  # "Sprecher der Deutschen Bahn X Y"
        cut += 1
    main = [
        j for j in range(cut, len(words)) if not re.fullmatch(r"[A-Z]\.|Jr\.|Sr\.|I[IV]+|[a-z]+", words[j])
    ]
    if cut > base or words[cut - 1] in _CONNECTORS:  # the role's object comes first, then maybe a name
        if len(main) <= 2:
            return "", ""
        cut = main[-2]
    name, role = " ".join(words[cut:]), " ".join(words[:cut])
    if not name or not role or _NOT_PERSON.search(name) or _ROLE_WORD.search(name) or len(main) > 4:
        return "", ""
    return _HONORIFIC.sub("", name), role


def _nominative(phrase: str, after_der: bool) -> str:
    """Drop German case endings where it is safe: genitive "-s" of a lone noun ("des Kremls" -> "Kreml"), and
    an adjective after a nominative "der" takes its strong ending ("Nationale Berater" -> "Nationaler Berater")."""
    words = phrase.split()
    if after_der and len(words) > 1 and _DE_ADJECTIVE_E.fullmatch(words[0]) and words[1][:1].isupper():
        words[0] += "r"
    return " ".join(words)


def _speaker(phrase: str, lang: str) -> tuple[str, str]:
    """(name, role) of a speaker phrase: the person's name if it has one, else the phrase sans article; the
    role is the office or job the phrase gives ("der Sprecher des Kreml, Dmitri Peskow" -> ("Dmitri Peskow",
    "Sprecher des Kreml")), "" if none."""
    phrase = phrase.strip(_QUOTES + " ,.;:")
    phrase = re.sub(r"^[A-Z]{2,}[\w .,]*?\s+(?:--|—|–)\s+", "", phrase)  # dateline "FERGUSON, Mo. -- "
    phrase = re.split(r",\s+(?:who|which|der|die|das)\b|\s+(?:—|--|–)\s+", phrase)[0]  # relative clause
    phrase = re.sub(r"\s*\([RDI]-[^)]*\)|,?\s+[RDI]-[A-Z][\w.]*", "", phrase)  # party tag "(D-Md.)"
    phrase = re.sub(r"\s+(?:himself|herself|selbst)\b", "", phrase)
    # "said the statement from Grimm's attorney, William McGinley": the source is the statement's author
    phrase = re.sub(r"^(?:the |a )?(?:written |joint )?statement (?:from|by|of) ", "", phrase)
    role = ""
    if "," in phrase:  # "der Sprecher des Kreml, Dmitri Peskow" / "Smith, a spokesman for X"
        parts = [p.strip() for p in phrase.split(",") if p.strip()]
        names = [p for p in parts if re.fullmatch(r"(?:[A-ZÄÖÜ][\w.'-]*\s*){1,4}", p)]
        phrase = names[0] if names else parts[0]
        roles = [p for p in parts if p != phrase and _ROLE_WORD.search(p) and len(p.split()) <= 12]
        if names and roles:
            role = re.sub(r"^(?:der|die|das|the|a|an|ein|eine)\s+", "", roles[0], flags=re.I)
    phrase = re.sub(r"^(?:and|but|so|also|as|even|und|aber|doch|wie|auch)\s+", "", phrase, flags=re.I)
    phrase = _CUT_SPEAKER.sub("", phrase) if " " in phrase else phrase
    phrase = _TRAILING_FILLER.sub("", phrase)
    # "Representative Louise M. Slaughter of New York": the place is not part of the name
    # ("Secretary of State Antony Blinken" is a role, not a place)
    place = re.match(r"^(.*?[A-Z][\w.'-]*\s+([A-Z][\w.'-]*))\s+of\s+[A-Z][\w .'-]*$", phrase)
    if place and not _ROLE_WORD.search(place.group(2)):
        phrase = place.group(1)
    after_der = phrase[:4].lower() == "der "
    words = phrase.split()
    if len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if (
        lang == "de"
        and len(words) == 1
        and phrase[:4].lower() == "des "
        and re.search(r"[^aeiousx]s$", words[0])
    ):
        words = [words[0][:-1]]  # "des Kremls", "des Vizeministers"
    phrase = " ".join(words)
    name, prefix = _split_role(_HONORIFIC.sub("", phrase))
    if name:
        return name, role or _nominative(prefix, after_der)
    return _name(_nominative(phrase, after_der), lang), role


def _name(phrase: str, lang: str) -> str:
    """A speaker phrase without a role split off: the trailing name if there is one, else the phrase."""
    untitled = _TITLES.sub("", phrase)  # "Senator Smith" -> "Smith", but "Sprecher der Bahn" stays
    words = (untitled if untitled[:1].isupper() else phrase).split()
    lower = [i for i, w in enumerate(words) if w[:1].islower()]
    if lower and words[lower[-1]] in {"and", "und", "or", "oder", "for", "of"}:  # "Oklahoma and Nebraska"
        return " ".join(words)
    tail = words[lower[-1] + 1 :] if lower else words
    if lang == "de" and lower:  # German nouns are capitalised: "des US-Außenministeriums" precedes the name
        if len(tail) <= 2:  # "Sprecher der Deutschen Bahn": no name after the genitive
            return " ".join(words)
        tail = tail[1:]
    name = _TITLES.sub("", " ".join(tail))
    if name and not re.search(r"\d", name):
        return name
    return " ".join(words) or phrase


_NOT_IN_SPEAKER = re.compile(  # words that make a phrase a clause, not a speaker
    r"\b(?:dass|that|which|weil|because|if|wenn|und fügte|what|was|were|is|are|been|be|wird|wurde|wurden|"
    r"ist|sind|war|waren|hat|haben|had|has|have|when|where|how|warum|wie|who)\b|n[’']t\b"
)


def _plausible_speaker(phrase: str, lang: str) -> bool:
    """A short noun phrase, not a clause: no conjunction, and in English no past-tense verb ("disputed")."""
    phrase = re.sub(r"^(?:And|But|Und|Aber)\s+(?=[A-ZÄÖÜ]|(?:he|she|er|sie)\b)", "", phrase)
    words = phrase.split()
    if not words or len(words) > 12 or _NOT_IN_SPEAKER.search(phrase):
        return False
    if len(_CUT_SPEAKER.sub("", phrase.split(",")[0]).split()) > 8:  # time and place phrases aside
        return False
    first = words[0]
    if (
        first in _CLAUSE_OPENERS
        or not (  # "and", "but", "19 other", "Despite Trump's …"
            first[:1].isupper()
            or first.lower() in _DETERMINERS | _PRONOUNS
            or (lang == "de" and re.fullmatch(r"[a-zäöü]+(?:e|en|er|es)", first))  # "südkoreanische … Beamte"
        )
    ):
        return False
    if lang != "de" and first.endswith("ing"):  # "Responding to …"
        return False
    return lang == "de" or not any(w.islower() and w.endswith("ed") for w in words)


def _is_person(speaker: str, surnames: dict[str, str]) -> bool:
    """Whether a pronoun may refer to this speaker: a name or a singular role ("Sicherheitsberater")."""
    if _ROLE.search(speaker) and not re.search(r"(?:officials|ministers|advis[eo]rs|spokesmen)\b", speaker):
        return True
    if not speaker or _NOT_PERSON.search(speaker):
        return False
    words = speaker.split()
    if len(words) == 1:
        return speaker in surnames
    return all(w[:1].isupper() for w in words) or bool(_ROLE.search(words[0] + " " + words[-1]))


# A quote mark, not an apostrophe ("Obama’s"): a double mark, or one not between letters. The character class
# comes first so that the scan is fast (the same matches as the plain alternation).
_QUOTE_MARK = re.compile(rf"[{_QUOTES}](?:(?<=[\"“”„«»‹›])|(?<![^\W\d_].)|(?![^\W\d_]))")


def _clean(text: str) -> str:
    """Quote marks (not apostrophes) removed, whitespace folded, no trailing comma or full stop."""
    text = _QUOTE_MARK.sub("", text)
    text = re.sub(r"\s+", " ", text).replace(" ,", ",").strip()
    return text.rstrip(" ,;:.").lstrip(" ,;:").strip()


def _capitalise(text: str) -> str:
    """A claim reads as a sentence; but German "sie" would become the polite "Sie", and "iPhone" stays."""
    if text[:1].islower() and not text[1:2].isupper() and not re.match(r"(?:sie|ihr)\b", text):
        return text[0].upper() + text[1:]
    return text


def _verb_second(content: str) -> str:
    """German dass-clause to main-clause order when it is safe: "der Gipfel sich … konzentrieren werde" ->
    "der Gipfel werde sich … konzentrieren". Only a trailing auxiliary/modal moves, and only after a pronoun
    or a short noun phrase that is clearly complete; anything else stays verb-final (still readable)."""
    head, sep, tail = content.partition(", ")
    words = head.split()
    if len(words) < 3 or words[-1] not in _DE_AUX:
        return content
    if words[0].lower() in {"er", "sie", "es", "wir", "man", "ich"}:
        n = 1
    else:
        n = 1 if words[0].lower() in _DETERMINERS | _QUANTIFIERS else 0
        while n < len(words) - 2 and words[n][:1].islower() and re.search(r"(e|en|er|em|es)$", words[n]):
            n += 1  # attributive adjectives
        if n >= len(words) - 2 or not words[n][:1].isupper():
            return content
        n += 1
        if not words[n][:1].islower() or words[n] in _NO_SUBJECT_END:
            return content
    moved = " ".join(words[:n] + words[-1:] + words[n:-1])
    return moved + sep + tail


def _subject_first(content: str) -> str:
    """After a fronted source ("Nach Angaben X einigten sich A und B …") put the subject first."""
    m = re.match(
        r"(?P<v>[a-zäöü]\w+(?:\s+sich)?)\s+(?P<s>(?:er|sie|es|man|wir)\b|"
        r"(?:(?:der|die|das|ein|eine)\s+)?[A-ZÄÖÜ][\w-]*(?:\s+und\s+(?:(?:der|die|das)\s+)?[A-ZÄÖÜ][\w-]*)*)"
        r"(?P<r>\s.+)",
        content,
    )
    if m is None or m.group("v").split()[0] in _NO_SUBJECT_END:
        return content
    return m.group("s") + " " + m.group("v") + m.group("r")


def _content(text: str, verb_final: bool, lang: str) -> str:
    text = _clean(text)
    frame = _FIRST_PERSON_FRAME.match(text)
    if frame and len(text) - frame.end() > 15:  # "Ich möchte beide Länder daran erinnern, dass …"
        text, verb_final = text[frame.end() :], frame.group().rstrip().endswith(("dass", ":")) or verb_final
    return _capitalise(_verb_second(text) if verb_final and lang == "de" else text)


def _attribute(sentence: str, lang: str) -> list[tuple[str, str, bool, int, int]]:
    """(claim text, raw speaker phrase, came from a quote, span start, span end) for the assertions of one
    sentence; the span is the clause of ``sentence`` the assertion came from, with its frame."""
    lead = len(sentence) - len(sentence.lstrip())
    whole = sentence.strip()
    body = whole if whole.endswith("?") else whole.rstrip(".!…").rstrip()  # a question keeps its mark
    quoted = body[:1] in _QUOTES
    span = (lead, lead + len(whole))

    def shifted(parts: list, by: int) -> list:
        return [(t, s, q, a + by, b + by) for t, s, q, a, b in parts]

    n_marks = len(_QUOTE_MARK.findall(body))
    if quoted and n_marks % 2 == 1 and body[-1:] not in _QUOTES:
        # a quote that opens here and closes in a later sentence: any "said" inside it is quoted speech
        return [(_content(body, False, lang), "", True, *span)]
    if not quoted and n_marks == 1 and body[-1:] in _QUOTES:
        # ... and the sentence where such a quote closes is quoted speech up to its end ("… he said is false.”)
        return [(_content(body, False, lang), "", True, *span)]
    add = _ADDING.search(body)
    if add:
        left = _attribute(whole[: add.start()], lang)
        if len(left) == 1 and left[0][1]:
            verb_final = "dass" in add.group() or "that" in add.group()
            frame = add.start() + len(add.group()) - len(add.group().lstrip(" ,"))
            return shifted(left, lead) + [
                (_content(body[add.end() :], verb_final, lang), left[0][1], False, lead + frame, span[1])
            ]
    for m in _CONTRAST.finditer(body):
        right = body[m.end() :]
        if any(p.fullmatch(right) for p in _LEADING[:3]):
            left = _attribute(whole[: m.start()], lang)
            return shifted(left, lead) + shifted(_attribute(whole[m.end() :], lang), lead + m.end())

    m = _RELATIVE.fullmatch(body) if re.search(r",\s+(?:die|der|who)\s", body) else None
    if m and len(m.group("spk").split()) <= 8:
        return [(_content(m.group("c"), True, lang), m.group("spk"), False, *span)]
    # Trailing attribution: try the commas (and closing quotes) from the right. After a quote, the
    # attribution may go on with a clause of its own (", he added, shortly after …"), which is dropped.
    cuts = [(c.start(), c.end()) for c in re.finditer(r",\s+|[“”\"»«](?=\s)\s*", body)]
    for start, end in reversed(cuts):
        tail, head = body[end:], body[:start]
        tails = [tail]
        if head.lstrip()[:1] in _QUOTES:
            tails += [tail[: c.start()] for c in re.finditer(r",\s", tail)]
        for tail in tails:
            # one word is enough before a quote's closing mark: the quote began in an earlier sentence
            closes = body[start] in _QUOTES and n_marks % 2 == 1
            too_long = len(tail.split()) > 16 or len(head.split()) < 2 - (head[:1] in _QUOTES or closes)
            # more quotation, not a source (a quoted show title after "in an interview on" is fine)
            quoting = len(tail.split()) > 8 and re.search(r"[“”„\"]", _CUT_SPEAKER.sub("", tail))
            if too_long or quoting or re.search(r"\bdass\b|\bthat\b", tail):
                continue
            for pattern in _TRAILING:
                t = pattern.fullmatch(tail)
                if (
                    t
                    and _plausible_speaker(t.group("spk"), lang)
                    and (pattern is not _TRAILING[3] or lang == "de" or not tail.startswith("so"))
                    and not (
                        t.groupdict().get("when")
                        and (
                            len(t.group("when").split()) > 8
                            # a circumstance is fine: "she said when told the headline"
                            or _NOT_IN_SPEAKER.search(re.sub(r"^(?:when|while|as)\s", "", t.group("when")))
                        )
                    )
                ):
                    inner = _attribute(head, lang)  # "“…,” said Trump, according to TIME": Trump speaks
                    if len(inner) == 1 and inner[0][1]:
                        return [(*inner[0][:3], *span)]
                    return [(_content(head, False, lang), t.group("spk"), quoted, *span)]
    for i, pattern in enumerate(_LEADING):
        m = pattern.fullmatch(body)
        if m and _plausible_speaker(m.group("spk"), lang) and len(m.group("c").split()) >= 2:
            c = m.group("c")
            return [(_content(c, i in (0, 2), lang), m.group("spk"), c[:1] in _QUOTES, *span)]
    m = _INVERTED.search(body)
    if m and len(m.group("c").split()) >= 3:
        return [(_content(m.group("c"), False, lang), m.group("spk"), m.group("c")[:1] in _QUOTES, *span)]
    if lang == "en" and _EN_VERB_WORD.search(body):
        # a named speaker after fronted phrases, or with an apposition of any kind between name and verb:
        # "In his letter, Mattis, 68, had said …", "Thune, who serves …, added that …", "Perry, in a statement,
        # said: …". The sentence is read again without them; the apposition stays with the speaker (for a role).
        m = _NAMED_LEAD.match(body)
        if m and (m.start("name") or m.group("paren")) and _plausible_speaker(m.group("name"), lang):
            inner = _attribute(m.group("name") + " " + body[m.end() :], lang)
            if len(inner) == 1 and inner[0][1] == m.group("name"):
                return [(inner[0][0], m.group("name") + (m.group("paren") or ""), inner[0][2], *span)]
    for keyword, pattern in _INLINE:
        m = pattern.search(body) if keyword in body else None
        if m:
            after = body[m.end() :].lstrip(" ,") if m.group().startswith(",") else body[m.end() :]
            rest = (body[: m.start()] + " " + after).strip(" ,")
            if m.start() == 0 and lang == "de":
                rest = _subject_first(_clean(rest))
            if len(rest.split()) >= 3:
                return [(_content(rest, False, lang), m.group("spk"), quoted, *span)]
    return [(_content(body, False, lang), "", quoted, *span)]


_EN_VERB_WORD = re.compile(rf"\b(?:{_EN_VERBS})\b")  # cheap test before _NAMED_LEAD
_NAMED_LEAD = re.compile(
    rf"(?:[^\"“”]*?,\s+)?(?P<name>(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){{0,5}}[A-Z][\w.'’-]*)"
    rf"(?P<paren>,\s+[^\"“”]{{1,200}}?,)?(?=\s+(?:(?:has|had|have|also)\s+)*(?:{_EN_VERBS})\b)"
)


def _surnames(text: str, lang: str = "de") -> dict[str, str]:
    """Surname -> full name from first-name + surname pairs in the text ("Putin" -> "Wladimir Putin"), so
    that "sagte Putin" and "Wladimir Putin" are one speaker; "" marks an ambiguous surname."""
    surnames: dict[str, str] = {}
    short: dict[
        str, str
    ] = {}  # surname -> "First Last" of its full name, to see "Paul Ryan" = "Paul D. Ryan"
    for m in _NAME_PAIR.finditer(text):
        first, last = m.group(1), m.group(3)
        before = (text[max(0, m.start() - 30) : m.start()].split() or ["."])[-1]
        full = f"{first}{m.group(2) or ''} {last}{m.group(4) or ''}"
        not_first_name = (
            first in _STARTERS
            or first.lower() in _DETERMINERS
            or first in _CLAUSE_OPENERS
            or _TITLES.match(first + " ")
            or _NOT_PERSON.search(full)
            or re.search(r"(ung|en|heit|keit|schaft|ion|isch)$", first)
            # "on Twitter Friday", "Michigan Rep.": a day, a month or a title is never a surname
            or last in _NOT_SURNAME
            or (m.group(4) is None and text.startswith(".", m.end(3)) and f"{last}." in _JOIN_ABBREV)
        )
        # not the tail of a longer capitalised run ("New York Times"), unless after a title or role
        run_tail = (
            before[:1].isupper()
            and before[-1:].isalnum()
            and not (_TITLES.match(before + " ") or _ROLE_WORD.search(before))
        )
        # English: not the head of a longer run either ("Christian Broadcasting Network")
        run_head = lang == "en" and m.group(4) is None and _NEXT_CAPITAL.match(text, m.end(3))
        if not (not_first_name or run_tail or run_head):
            if surnames.get(last, full) != full and short.get(last) != f"{first} {last}":
                surnames[last] = ""
            elif last not in surnames:  # the first form wins: "Paul D. Ryan" over a later "Paul Ryan"
                surnames[last], short[last] = full, f"{first} {last}"
    if lang == "en":
        # a person only ever named with a title ("President Trump", "Mr. Gowdy") is known by the surname, so
        # that pronouns can refer to them and the title counts as their role
        for m in _TITLED_SURNAME.finditer(text):
            if not _NOT_PERSON.search(m.group(1)) and m.group(1) not in _NOT_SURNAME:
                surnames.setdefault(m.group(1), m.group(1))
    return surnames


# "Wladimir Putin", "Paul D. Ryan", "Roger J. Stone Jr.": first name, initials, surname, suffix.
_NAME_PAIR = re.compile(
    r"\b(?=([A-ZÄÖÜ][a-zäöüéè]+)((?:\s+[A-Z]\.)*)\s+([A-ZÄÖÜ][\w'-]+)\b(,?\s+(?:Jr|Sr)\.|\s+I{2,3}\b)?)"
)
_NEXT_CAPITAL = re.compile(r"\s+[A-Z][a-z]")
_TITLED_SURNAME = re.compile(
    r"\b(?:President|Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Rep\.|Gov\.|Gen\.|Senator|Representative|Governor)\s+"
    r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])(?!\s+[A-Z])"
)
_NOT_SURNAME = set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July"
    " August September October November December Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
    " Januar Februar März Juni Juli Oktober Dezember".split()
)


_KONJUNKTIV_I = re.compile(r"(?<!ich )\b(?:werde|sei|seien|habe|könne|müsse|solle)\b")
_ANAPHORIC_ROLE = re.compile(r"(?:der|des|dem|den|the)\s+\S+")  # "nach Angaben des Vizeministers"
# "the former official", "the inspector general": a definite description of a person, not a name
_ANAPHORIC_EN = re.compile(r"[Tt]he\s+(?:[a-z-]+\s+){0,2}[a-z-]+")


def _role_holder(phrase: str, roles: dict[str, str]) -> str:
    """The one named person whose known role ends with the role of an anaphoric phrase ("the inspector
    general" -> the person introduced as "inspector general, Michael E. Horowitz"); "" if none or several."""
    wanted = phrase.strip().lower().split(maxsplit=1)[-1]
    holders = [p for p, r in roles.items() if r and _is_name(p) and r.lower().endswith(wanted)]
    return holders[0] if len(holders) == 1 else ""


def _known_roles(text: str, surnames: dict[str, str], lang: str) -> dict[str, str]:
    """Full name -> role, from the first mention of the person that gives one, so that a later "sagte Miller"
    carries it too: "Defense Secretary Jim Mattis", "Reince Priebus, the chairman of the …"."""
    roles: dict[str, str] = {}
    for full in {f for f in surnames.values() if f}:
        at = -1
        for _ in range(3):  # the first few mentions are where a person is introduced
            at = text.find(full, at + 1)
            if at < 0:
                break
            # the words before the name, back to punctuation, that can belong to a title
            before = _CLAUSE_PUNCT.split(text[max(0, at - 100) : at])[-1]
            words = before.split()
            k = len(words)
            while (
                k > 0
                and words[k - 1].lower() not in _DETERMINERS
                and (
                    # (the German adjective ending "-er" is no English title word: "upset over Rep. X")
                    (
                        _TITLE_PART.fullmatch(words[k - 1])
                        and not (lang == "en" and re.fullmatch(r"[a-z]+er", words[k - 1]))
                    )
                    # English job titles are lower-case: "spokeswoman Dana Rucker", "press secretary Josh Earnest"
                    or (
                        lang == "en"
                        and _LOWER_TITLE.fullmatch(words[k - 1])
                        and _lower_title_at(words, k - 1)
                    )
                )
            ):
                k -= 1
            while k < len(words) and words[k] in {"of", "for"}:
                k += 1
            # a German title in the dative or genitive ("dem russischen Präsidenten") has the wrong form
            oblique = k and (
                words[k - 1].lower() in {"dem", "den", "des", "einem", "eines"} or words[k - 1].endswith("en")
            )
            if k < len(words) and not (lang == "de" and oblique):
                name, role = _split_role(" ".join(words[k:] + [full]))
                if name == full:
                    # "Representatives Brad Sherman … and Al Green": each holds the singular title
                    role = re.sub(r"^(Senator|Representative|Sen|Rep|Gov)s\b", r"\1", role)
                    roles[full] = _nominative(role, k > 0 and words[k - 1].lower() == "der")
                    break
            chunks = _CLAUSE_PUNCT.split(text[max(0, at - 120) : at])
            if k == len(words) and len(chunks) > 1 and text[:at].endswith(", "):  # "der Sprecherin X, Name"
                prior = chunks[-2].split()
                first = next((j for j, w in enumerate(prior) if _ROLE_WORD.search(w)), None)
                # with the possessor or modifiers before the role word: "the group's chief executive, X"
                while first and re.fullmatch(r"[A-Z][\w.-]*|\w+['’]s", prior[first - 1]):
                    first -= 1
                if first is not None and len(prior) - first <= 10:
                    roles[full] = " ".join(prior[first:])
                    break
            after = _APPOSITION.match(text, at + len(full))
            if after and _ROLE_WORD.search(after.group(1)):
                roles[full] = after.group(1)
                break
    return roles


# Punctuation that ends the words before a name; a full stop only when not an abbreviation ("Rep.", "U.S.").
_CLAUSE_PUNCT = re.compile(r"[,;:!?()\"“”„«»—–\n]|\s--\s|(?<![A-Z])(?<![A-Z][a-z])(?<![A-Z][a-z]{2})\.")
_CAPITALISED = re.compile(r"[A-ZÄÖÜ][\w'-]+")
# Words that may stand in a title before a name: capitalised, roles, possessives, "former", German adjectives.
_TITLE_PART = re.compile(r"[A-ZÄÖÜ][\w.'’-]*|\w+['’]s|former|acting|ehemalige[rn]?|[a-zäöü]+(?:e|er)|of|for")
_APPOSITION = re.compile(
    r",\s+(?:the|a|an|der|die)\s+([^,;:()“”\"]{3,130}?)"
    r"(?=[,;]|(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)\.(?:\s|$)|\s+(?:who|said|sagte)\b)"
)
# A lower-case word of an English title before a name: a role word, or a modifier to the left of one
# ("deputy press secretary", "national security adviser"), never a verb or a function word.
_LOWER_TITLE = re.compile(r"[a-z][a-z-]+")
_NOT_TITLE = set(
    "said says told and or but with to from by at in on of for as who that than then also when while after"
    " before according former".split()
)


def _lower_title_at(words: list[str], j: int) -> bool:
    """Whether the lower-case ``words[j]`` belongs to the title that ends before ``words[j + 1:]``."""
    w = words[j]
    if w in _NOT_TITLE or w in _DETERMINERS or w.endswith("ed") or re.fullmatch(_EN_VERBS, w):
        return False
    if _ROLE_WORD.search(w):
        return True
    rest = words[j + 1 :]
    return bool(rest) and rest[0].islower() and _lower_title_at(words, j + 1)


# A third-person singular pronoun opening a claim, and the name it stands for ("sie" only before a singular
# verb, since it may be plural).
_PRONOUN_SUBJECT = re.compile(
    r"^(?:[Ee]r|[Hh]e|[Ss]he|[Ss]ie(?=\s+(?:sei|habe|hat|ist|war|werde|wird|könne|kann|müsse|muss|wolle|will|"
    r"solle|soll|hätte|wäre|würde|möchte|dürfe|darf)\b))\b"
)
_FINITE = re.compile(  # a finite verb, or a form that is probably one: a line with one is not a headline
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do|says|said|"
    r"ist|sind|war|waren|hat|haben|hatte|hatten|wird|werden|wurde|wurden|kann|können|soll|sollen|muss|müssen|"
    r"will|wollen|gibt|gab|sei|seien|habe|werde|würde|würden|bleibt|steht|kommt|geht|sagt)\b|"
    r"\b[a-zäöüß]{3,}(?:te|ten|tet|ed)\b"
)
_EVALUATIVE = (  # value words that carry no checkable content by themselves
    r"schande|skandal|skandalös|katastrophe|katastrophal|unverschämtheit|frechheit|schrecklich|großartig|"
    r"wunderbar|lächerlich|inakzeptabel|unerträglich|empörend|besorgniserregend|traurig|peinlich|gut|schlecht|"
    r"falsch|richtig|wichtig|outrageous|disgrace|disgraceful|shame|shameful|terrible|wonderful|great|awful|"
    r"ridiculous|unacceptable|disaster|scandal|tragedy|sad|absurd|horrible|fantastic|amazing|pathetic|"
    r"appalling|wrong|right|important|bad|good"
)
_JUDGEMENT = (  # demonstrative + copula + evaluation: "Das ist eine Schande", "This is outrageous"
    r"(?:das|dies|es|this|that|it)\s+(?:ist|war|wäre|is|was|would\s+be|['’]s)\s+(?:(?:einfach|wirklich|absolut|"
    r"völlig|total|so|ganz|sehr|really|simply|absolutely|just|truly|utterly|quite|very)\s+)*(?:eine?\s+|an?\s+)?"
    rf"(?:{_EVALUATIVE})(?:\s+(?:und|and)\s+(?:{_EVALUATIVE}))*[.!…]*"
)
_OPINION = re.compile(  # ... alone or after a first-person opinion frame ("I think", "Ich finde das schrecklich")
    rf"(?:(?:ich\s+(?:finde|glaube|meine|denke)|i\s+(?:think|believe|feel)|in\s+my\s+opinion),?\s+"
    rf"(?:(?:that|dass)\s+)?)?{_JUDGEMENT}|ich\s+finde\s+(?:das|es|dies)\s+(?:\w+\s+)?(?:{_EVALUATIVE})[.!…]*",
    re.I,
)


def _kind(claim_text: str, question: bool, headline_line: bool) -> str:
    """One of KINDS: a question, a title-like line without a verb, a pure value judgement, or a claim."""
    if question or claim_text.endswith("?"):
        return "question"
    if headline_line and not _FINITE.search(claim_text) and len(claim_text.split()) <= 20:
        return "headline"
    if _OPINION.fullmatch(claim_text):
        return "opinion"
    return "claim"


def _short_name(name: str) -> str:
    """The surname of a full name ("Ursula von der Leyen" -> "von der Leyen"), for a pronoun it replaces."""
    words = name.split()
    first = next((i for i, w in enumerate(words[1:], 1) if w in _PARTICLES), len(words) - 1)
    return " ".join(words[first:])


def _is_name(speaker: str) -> bool:
    """A person's name (not a role, group or institution): capitalised words, particles allowed."""
    words = speaker.split()
    return (
        0 < len(words) <= 5
        and all(w[:1].isupper() or w in _PARTICLES for w in words)
        and not _NOT_PERSON.search(speaker)
        and not _ROLE_WORD.search(speaker)
        and speaker.lower() not in _PRONOUNS
    )


def split_claims(text: str, lang: str | None = None) -> list[Claim]:
    """The claims of an article body, in reading order, with ``position`` numbered from 0.

    Every sentence with a letter or digit yields at least one claim, marked with its ``kind`` (questions,
    headlines and opinions are kept, not dropped); a sentence joining differently attributed assertions
    yields one claim per assertion, each with the ``span_start``/``span_end`` of its clause. ``start``/``end``
    are the sentence's offsets, ``text`` the assertion without its reporting frame or quote marks (a leading
    "er"/"he" replaced by the speaker's name), ``speaker`` the normalised source ("" if none) with its
    ``role``. Pronouns resolve to the last person quoted (or named); a quote attributed only in a later
    sentence of its paragraph gets that speaker too.
    """
    lang = lang or detect_language(text)
    surnames = _surnames(text, lang)
    roles = _known_roles(text, surnames, lang)
    claims: list[Claim] = []
    last_person = mentioned = subject = ""
    prev_speaker, prev_role, prev_quoted, prev_end = "", "", False, 0
    open_quote, pending = False, []  # a quote still open after the last sentence; its unattributed claims
    for start, end in split_sentences(text, lang):
        sentence = text[start:end]
        if not re.search(r"[^\W_]", sentence):  # separators such as "***" or "—" are not sentences
            continue
        parts = _attribute(sentence, lang)
        same_paragraph = not _LINE_BREAK.search(text[prev_end:start])
        before, after = text[:start].rstrip(" \t"), text[end:].lstrip(" \t")
        headline_line = (
            (not before or _LINE_BREAK.match(before[-1]))
            and (not after or _LINE_BREAK.match(after[0]))
            and sentence[-1] not in ".!?…:;" + _QUOTES
        )
        prev_end = end
        if not same_paragraph:
            open_quote, pending = False, []
        marks = len(_QUOTE_MARK.findall(sentence)) % 2
        question = sentence.rstrip(_QUOTES + " ").endswith("?")
        for claim_text, raw_speaker, quoted, a, b in parts:
            speaker, role = _speaker(raw_speaker, lang) if raw_speaker else ("", "")
            anaphoric = _ROLE.search(raw_speaker) and (
                _ANAPHORIC_ROLE.fullmatch(raw_speaker.strip())
                or (lang == "en" and _ANAPHORIC_EN.fullmatch(raw_speaker.strip()))
            )
            if speaker.lower() in _PRONOUNS or anaphoric:
                # English "he"/"she": the subject of the last sentence that had a person as speaker or subject
                person = (lang == "en" and subject) or last_person or mentioned
                # "the inspector general said": the person introduced with that role, if it is one person
                holder = _role_holder(raw_speaker, roles) if anaphoric and lang == "en" else ""
                if holder:
                    speaker, role = holder, roles[holder]
                elif person:
                    speaker, role = person, (speaker if anaphoric else roles.get(person, ""))
                    if (
                        anaphoric and lang == "en" and not _is_name(person)
                    ):  # "the official" of an unnamed one
                        role = ""
            elif speaker in surnames and surnames[speaker]:
                speaker = surnames[speaker]
            if (
                not speaker
                and prev_speaker
                and (
                    # a quote running on in the same paragraph: a whole quoted sentence, or one whose quote
                    # mark opens or closes here
                    (prev_quoted and same_paragraph and (quoted or marks == 1))
                    # ... or German Konjunktiv I: still the reported speech of the previous speaker
                    or (lang == "de" and _KONJUNKTIV_I.search(claim_text))
                )
            ):
                speaker, role = prev_speaker, prev_role
            if speaker and role and _is_name(speaker):
                roles[speaker] = role
            role = role or roles.get(speaker, "")
            if _is_person(speaker, surnames):
                last_person = subject = speaker
                if " " in speaker:
                    surnames.setdefault(speaker.split()[-1], speaker)
            if not claim_text or not re.search(r"[^\W_]", claim_text):
                claim_text = _clean(sentence) or sentence
            if not quoted and _is_name(speaker):  # "Er werde …" -> "Putin werde …"
                # a function, not a template: sub() would read a backslash in the name as an escape
                name = _short_name(speaker)
                claim_text = _PRONOUN_SUBJECT.sub(lambda _, name=name: name, claim_text, count=1)
            if not sentence[a:b].strip():
                a, b = 0, len(sentence)
            if open_quote and marks and raw_speaker and speaker:  # the quote closes here, attributed
                for claim in pending:
                    claim.speaker, claim.role = speaker, role
                pending = []
            claims.append(
                Claim(
                    text=claim_text,
                    sentence=sentence,
                    start=start,
                    end=end,
                    speaker=speaker,
                    # a question whose "?" went with the removed frame is still scored as a question
                    checkworthiness=checkworthy.score(
                        claim_text if "?" in claim_text or not question else claim_text + "?"
                    ),
                    position=len(claims),
                    role=role,
                    kind=_kind(
                        claim_text, question and len(parts) == 1, bool(headline_line) and len(parts) == 1
                    ),
                    span_start=start + a,
                    span_end=start + b,
                )
            )
            if not raw_speaker and (open_quote or marks):
                pending.append(claims[-1])
            prev_speaker, prev_role, prev_quoted = speaker, role, quoted
        open_quote = open_quote != bool(marks)
        if not open_quote:
            pending = []
        if lang == "en" and not any(p[1] for p in parts):
            # a sentence that opens with a known person ("Tlaib, who …, dropped …") makes them the subject
            for word in _CAPITALISED.findall(" ".join(sentence.split()[:4])):
                if surnames.get(word):
                    subject = surnames[word]
                    break
        for word in reversed(_CAPITALISED.findall(sentence)):  # the last person named, for "er"/"he"
            if surnames.get(word):
                mentioned = surnames[word]
                break
    return claims
