"""Sentences -> claims: the assertions in each sentence, who made them (speaker and role), their kind and
check-worthiness. Rule-based and pure (no I/O); ``split_claims`` is the entry point.
"""

from __future__ import annotations

import re

from ..records import Claim
from . import checkworthy
from .context import resolve_references
from .names import is_first_name, name_gender
from .sentences import JOIN_ABBREVIATIONS as _JOIN_ABBREV
from .sentences import LINE_BREAK as _LINE_BREAK
from .sentences import SENTENCE_STARTERS as _STARTERS
from .sentences import detect_language, split_sentences
from .words import DE_SPEECH_PARTICIPLES as _DE_PART
from .words import DE_SPEECH_VERBS as _DE_VERBS
from .words import EN_SPEECH_VERBS as _EN_VERBS
from .words import QUOTES as _QUOTES
from .words import SPEECH_VERB as _VERB
from .words import STOPWORDS
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
    # "a spokesperson for the Universities and Colleges Employers’ Association (UCEA) said its members …"
    re.compile(
        r"(?:(?:But|And|Yet)\s+)?(?P<spk>(?:a|an|one)\s+(?:spokes(?:wo)?man|spokesperson|representative)\s+"
        r"(?:for|of|at)\s+[^,;:\"“”]{2,100}?)\s+(?:said|says|told\s+\w+)(?:\s+that)?\s+(?P<c>.+)"
    ),
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
        rf"(?:{_DE_VERBS}|said|says|added|asked|wrote|writes|reports|reported|tweeted|testified|explained|noted|"
        rf"quipped|joked)\s+"
        rf"(?!(?:in|on|at|to|during|after|before|for|im|am|vor|bei|{_WHEN})\b)(?P<spk>.+?)(?:\s+(?:hinzu|mit|darauf))?"
    ),
    re.compile(
        rf"(?P<spk>[^,]+?(?:,\s+[^,]+,)?){_ADVERB}(?:\s+(?:has|have|had))?\s+(?:{_EN_VERBS})"
        r"(?:\s+(?P<when>[^,]+))?"
    ),
    re.compile(rf"(?:hat|haben|hatte|hatten)\s+(?P<spk>.+?)\s+(?:{_DE_PART})"),
    re.compile(
        r"(?:[Aa]ccording to|per|so(?=\s+(?:[A-ZÄÖÜ]|(?:ein|eine|der|die|das)\s))|hieß es (?:aus|in|im|von|bei))"
        r"\s+(?P<spk>.+)"
    ),
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
    # a frame in parentheses: "(so ein Sprecher der Stadt)", "(according to the council)"
    ("(", re.compile(r"\s*\(\s*(?:so|laut|nach Angaben|according to|per)\s+(?P<spk>[^()]{2,60}?)\s*\)")),
    # the passive "…, wird in der Mitteilung betont: …"; without "in …" it names no one
    (
        " betont",
        re.compile(
            r",\s+(?:wird|wurde)\s+(?:(?:in|im)\s+(?P<spk>(?:der|dem|einer|einem)\s+[\w-]+)\s+)?"
            r"(?:betont|hervorgehoben|unterstrichen|erklärt)\b:?"
        ),
    ),
    # "laut Angaben der Organisation Housing Justice for All", "laut den Aktivisten von »Its going down«"
    (
        "aut",
        re.compile(
            rf"\b[Ll]aut\s+(?P<spk>(?:(?:den|dem|der)\s+)?(?:Angaben|[A-ZÄÖÜ]\w+en)\s+(?:der|des|von)\s+"
            rf"(?:[»„\"“][^«“\"”]{{2,60}}[«“\"”]|{_NP_DE}))"
        ),
    ),
    ("aut", re.compile(rf"\b[Ll]aut\s+(?P<spk>{_NP_DE})")),
    ("Angaben", re.compile(rf"\b[Nn]ach\s+Angaben(?:\s+von)?\s+(?P<spk>{_NP_DE})")),
    ("zufolge", re.compile(rf"(?:^|(?<=\s))(?P<spk>{_NP_DE})\s+zufolge\b")),
    (
        " wie ",
        re.compile(
            r",\s+wie\s+(?P<spk>[^,]{2,60}?)\s+(?:mitteilte|sagte|erklärte|berichtete|betonte|schildert|schilderte|"
            r"erklärt|sagt|berichtet|betont|erzählt|erzählte|erläutert|erläuterte|mitteilt|schreibt|schrieb)\s*(?=,|$)"
        ),
    ),
    (
        "Wie ",
        re.compile(
            r"^Wie\s+(?P<spk>[^,]{2,60}?)\s+(?:mitteilte|sagte|erklärte|berichtete|betonte|schildert|schilderte|"
            r"erklärt|sagt|berichtet|betont|erzählt|erzählte|erläutert|erläuterte|mitteilt|schreibt|schrieb),\s+"
        ),
    ),
    ("Informationen", re.compile(rf"\b[Nn]ach\s+(?:\w+-)?Informationen\s+(?:von\s+)?(?P<spk>{_NP_DE})")),
    ("Recherche", re.compile(r"\b[Nn]ach\s+(?P<spk>[A-ZÄÖÜ][\w.]*)-Recherchen\b")),  # "nach NDR-Recherchen"
    ("Sicht", re.compile(rf"\b[Aa]us\s+(?:der\s+)?Sicht\s+(?:von\s+)?(?P<spk>{_NP_DE})")),
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
    rf"\s+(?:am|vor|während|in|im|auf|nach|bei|beim|gegenüber|letzte|letzten|vergangene|zum|zur|weiter|"
    rf"demnach|zudem|außerdem|jedoch|nun|jetzt|damals|dazu|daraufhin|seinem|seiner|ihrem|ihrer|mit|über|"
    rf"on|at|during|after|before|to|backstage|afterwards|afterward|separately|privately|publicly|bluntly|"
    rf"recently|earlier|later|via|from|over|under|when|while|Journalisten|Reportern|unter Berufung|{_WHEN})\b.*$"
)
# A dative addressee after a name or pronoun: "sagte Allendorf der Frankfurter Allgemeinen Zeitung",
# "sagte er dem NDR" (after a role noun the same words are a genitive: "der Sprecher der Bahn").
_ADDRESSEE_DE = re.compile(
    r"^((?:[A-ZÄÖÜ][\w.'’-]*\s+){0,3}[A-ZÄÖÜ][\w.'’-]*|er|sie|Er|Sie)\s+(?:dem|den|der|einem|einer)\s+\S.*$"
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
    r"(?:\s+(?:\w+ly|likewise|too|first|earlier|later|has|have|had|hat|haben|also|auch|once|of|for|the|a|in|on|"
    r"always|never|still|often|again))+$"
)


# Words naming an office or a job, also inside German compounds ("Kremlsprecher", "Vizeaußenminister"): a
# speaker phrase "<role> <Name>" is split after the last of them. Honorifics (Mr., Frau) are dropped instead.
_ROLE_WORD = re.compile(
    r"(?i:minister|sprecher|präsident|kanzler|sekretär|berater|botschafter|chef|leiter|vorsitzende|"
    r"beauftragte|direktor|bürgermeister|abgeordnete|anwalt|anwältin|richter|spokes(?:wo)?man|spokesperson|"
    r"secretary|president|official|ambassador|advis[eo]r|senator|governor|director|chair|leader|manager|"
    r"lawyer|attorney|counsel|founder|justice|judge|mayor|representative|congress(?:wo)?man|historian|"
    r"professor|analyst|economist|commissioner|auditor|aide|deputy|speaker|strategist|ceo\b|chief|inspector|"
    r"nominee|candidate|columnist|executive|tycoon|führer|leiterin|trainer|experte|expertin|forscher|"
    r"ökonom|gründer|inhaber|vorstand|aufsichtsrät|beauftragter|manager|kapitän|professor|boss|prüfer|"
    r"organisator|aktivist|politiker|vorsitzender|sprecherin|koordinator|referent|intendant|dirigent|"
    r"\b(?:sen|rep|gov|gen|lt|col|capt|sgt|prof)\.)"
)
_HONORIFIC = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Herr|Frau)\.?\s+)+")
_NAME_WORD = re.compile(r"[A-ZÄÖÜ][\w'’.-]*")  # a capitalised word, an initial "M." or a suffix "III"
_PARTICLES = {"von", "van", "der", "de", "da", "di", "du", "le", "la", "bin", "al", "zu"}  # "von der Leyen"
_CONNECTORS = {"of", "for", "at", "des", "der", "für", "von"}  # "Secretary of State Antony Blinken"
_DE_ADJECTIVE_E = re.compile(r"\w{2,}(?:al|isch|sch|ig|lich|nd|ell|iv)e")  # "Nationale", "südkoreanische"


# Roles of several capitalised words that end before a name: "Chef de Mission Dirk Schimmelpfennig".
_MULTIWORD_ROLE = re.compile(r"(?:Chef de Mission|Chief of Staff|Director General|Chef de Cabinet)\s+")


def _split_role(phrase: str) -> tuple[str, str]:
    """("Name", "role") for "<role> <Name>": "Kremlsprecher Dmitri Peskow", "Secretary of State Antony
    Blinken", "Trump's personal lawyer John Dowd"; ("", "") when the phrase is not a role plus a person's name."""
    multi = _MULTIWORD_ROLE.match(phrase)
    if multi and phrase[multi.end() :].strip() and not _ROLE_WORD.search(phrase[multi.end() :]):
        return _HONORIFIC.sub("", phrase[multi.end() :].strip()), multi.group().strip()
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


_SPOKESPERSON = re.compile(
    r"(?:a|an|one|ein|eine|einer|so\s+ein|so\s+eine)\s+(?:(?P<org1>[A-ZÄÖÜ][\w&.'’-]*(?:\s+[A-ZÄÖÜ][\w&.'’-]*){0,3})\s+)?"
    r"(?P<role>spokes(?:wo)?man|spokesperson|representative|Sprecher(?:in)?|Mitarbeiter(?:in)?|Vertreter(?:in)?)"
    r"(?:\s+(?P<prep>for|of|at|from|des|der|von|vom)\s+(?P<org2>[^,;:]{2,80}))?"
)


def _speaker(phrase: str, lang: str) -> tuple[str, str]:
    """(name, role) of a speaker phrase: the person's name if it has one, else the phrase sans article; the
    role is the office or job the phrase gives ("der Sprecher des Kreml, Dmitri Peskow" -> ("Dmitri Peskow",
    "Sprecher des Kreml")), "" if none."""
    phrase = phrase.replace("\u2060", "").strip(_QUOTES + " ,.;:")
    phrase = re.sub(r"^[A-Z]{2,}[\w .,]*?\s+(?:--|—|–)\s+", "", phrase)  # dateline "FERGUSON, Mo. -- "
    # "Gaby Allendorf, die als Sprecherin der Initiative fungiert": the relative clause gives the role only
    acting = re.search(
        r",\s+(?:der|die|who)\s+(?:\w+\s+){0,2}?als\s+([^,]{3,80}?)\s+(?:fungiert|tätig ist|arbeitet)\b",
        phrase,
    )
    phrase = re.split(r",\s+(?:who|which|der|die|das)\b|\s+(?:—|--|–)\s+", phrase)[0]  # relative clause
    # "so Prechts Prognose", "nach Müllers Einschätzung": the one whose forecast or view it is
    statement = re.fullmatch(
        r"(?:so\s+)?(?P<who>[A-ZÄÖÜ][\w-]+?)(?:s|’|')\s+(?:Prognose|Einschätzung|Ansicht|Meinung|Worten?|Aussagen?|Urteil|"
        r"Fazit|Bilanz|Kritik|Forderung|Vorschlag|Antwort|Sicht|Warnung|Analyse|Argument|Darstellung|Schätzung|"
        r"Angaben|Auffassung|Überzeugung)",
        phrase.strip(),
    )
    if statement and lang == "de":
        phrase = statement.group("who")
    # "Angaben der Organisation Housing Justice for All", "den Aktivisten von »Its going down«": the named one
    of_named = re.fullmatch(
        r"(?:(?:den|dem|der|die)\s+)?(?:Angaben|[A-ZÄÖÜ]\w+en)\s+(?:der|des|von)\s+"
        r"(?:(?:Organisation|Initiative|Gruppe|Gewerkschaft|Partei|Firma|Unternehmens?|Vereins?|Verbands?)\s+)?"
        r"(?:[»„\"“](?P<quoted>[^«“\"”]{2,60})(?:[«“\"”]|$)|(?P<name>[A-ZÄÖÜ].{1,60}))",
        phrase.strip(),
    )
    named = of_named and (of_named.group("quoted") or of_named.group("name"))
    if named and lang == "de" and of_named.group("quoted"):
        return named.strip(), ""  # a quoted name is taken as written ("Its going down")
    if named and lang == "de" and not re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(?:s|es)?", named):
        phrase = named
    addressee = _ADDRESSEE_DE.match(phrase) if lang == "de" else None
    if (
        addressee
        and addressee.group(1).split()[0].lower() not in _DETERMINERS
        and not _ROLE_WORD.search(addressee.group(1))
    ):
        phrase = addressee.group(1)
    phrase = re.sub(r"^(?:gerade|bereits|schon|zuletzt|kürzlich|nun|jetzt)\s+", "", phrase)
    # "so das Ziel der Initiative", "so die Forderung des Verbands": the one whose aim or demand it is
    phrase = re.sub(
        r"^(?:das|die|der)\s+(?:Ziel|Forderung|Plan|Vorschlag|Wunsch|Argument|Einschätzung|Ansicht|Auffassung|"
        r"Position|Kritik)\s+(?=(?:der|des|von)\s)",
        "",
        phrase,
    )
    of_outlet = re.fullmatch(
        r"((?:[A-Z][\w.'’-]+\s+){0,2}[A-Z][\w.'’-]+)\s+(of|at|from|von|vom)\s+((?:the|der|dem)\s+)?([A-Z].{1,60})",
        phrase,
    )
    if of_outlet and not _ROLE_WORD.search(of_outlet.group(1)) and not _NOT_PERSON.search(of_outlet.group(1)):
        # "Sui-Lee Wee of the New York Times": the person speaks; where they work is their role
        return of_outlet.group(1), f"{of_outlet.group(2)} {of_outlet.group(3) or ''}{of_outlet.group(4)}"
    document = re.fullmatch(
        r"(?:a|an|the)\s+(?:new\s+)?(report|statement|study|survey|letter|analysis)\s+(?:by|from|of)\s+(?:the\s+)?(.+)",
        phrase.strip(),
    )
    if document:  # "says a report by the Labour Office": the document, named by its author
        return f"{document.group(2)} {document.group(1)}", ""
    spokes = _SPOKESPERSON.fullmatch(phrase.strip())
    if spokes:  # "a spokesperson for UCEA", "ein Sprecher des Konzerns": the organisation speaks
        org = (spokes.group("org1") or spokes.group("org2") or "").strip()
        org = re.sub(r"^(?:the|der|die|das|des|dem|den)\s+", "", org)
        if lang == "de" and spokes.group("prep") == "des":
            org = re.sub(r"(?<=[^aeiousx])s$", "", org)
        if lang == "de" and spokes.group("prep") == "der":  # "der Deutschen Bahn": feminine genitive
            org = re.sub(r"^([A-ZÄÖÜ]\w+)en(?=\s+[A-ZÄÖÜ])", r"\1e", org)
        if org and org[:1].isupper() and len(org.split()) <= 6:
            return org, spokes.group("role")
        return "", spokes.group("role")
    phrase = re.sub(r"\s*\([RDI]-[^)]*\)|,?\s+[RDI]-[A-Z][\w.]*", "", phrase)  # party tag "(D-Md.)"
    phrase = re.sub(r"\s+(?:himself|herself|selbst)\b", "", phrase)
    phrase = re.sub(r"\s+of\s+(?:his|her|their|its|my|our)\b.*$", "", phrase)  # "Pitt of his role"
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
    phrase = re.sub(
        r"\s+(?:und|and)\s+(?!(?:the|der|die|das)\s+[A-ZÄÖÜ])[a-zäöü]\w*(?:\s.*)?$", "", phrase
    )  # "Stenger und greift die Bahn an"
    phrase = _CUT_SPEAKER.sub("", phrase) if " " in phrase else phrase
    phrase = _TRAILING_FILLER.sub("", phrase)
    trailing = re.search(
        r"(?<=\S)(?:\s+(?!(?:von|van|der|de|da|di|du|le|la|zu|und)\b)[a-zäöüß][\w-]*)+$", phrase
    )
    if lang == "de" and trailing and not _SPEAKER_FUNCTION_WORDS.intersection(trailing.group().split()):
        phrase = phrase[: trailing.start()]  # "sagte Renkema geknickt", "sagte er schmallippig": an adverb
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
    if acting and not role:
        role = acting.group(1)
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
    if re.search(r"\b(?:and|und)\s+(?:the|der|die|das)\s+[A-ZÄÖÜ]", " ".join(words)):
        return " ".join(words)  # "United Nations and the European Union": both
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
    r"did|does|not|nicht|"
    r"ist|sind|war|waren|hat|haben|had|has|have|when|where|how|warum|wie|who)\b|n[’']t\b"
)


def _plausible_speaker(phrase: str, lang: str) -> bool:
    """A short noun phrase, not a clause: no conjunction, and in English no past-tense verb ("disputed")."""
    phrase = re.sub(
        r"^(?:And|But|Und|Aber)\s+(?=[A-ZÄÖÜ]|(?:he|she|er|sie)\b)", "", phrase.replace("\u2060", "")
    )
    words = phrase.split()
    # (what _CUT_SPEAKER drops later, a circumstance such as "when contacted by Reuters", may hold any word)
    if not words or len(words) > 12 or _NOT_IN_SPEAKER.search(_CUT_SPEAKER.sub("", phrase)):
        return False
    # an apposition is no speaker: "a senior military analyst at Stratfor, …" (but "a spokesperson for X")
    if (
        lang == "en"
        and re.match(r"(?:a|an)\s+(?:[a-z-]+\s+){0,3}[a-z-]+\b", phrase)
        and _ROLE_WORD.search(phrase.split(",")[0])
        and not _SPOKESPERSON.match(phrase)
    ):
        return False
    if len(_CUT_SPEAKER.sub("", phrase.split(",")[0]).split()) > 8:  # time and place phrases aside
        return False
    first = words[0]
    if (
        first in _CLAUSE_OPENERS
        or not (  # "and", "but", "19 other", "Despite Trump's …"
            first[:1].isupper()
            or first.lower() in _DETERMINERS | _PRONOUNS | {"one"}
            or (lang == "de" and re.fullmatch(r"[a-zäöü]+(?:e|en|er|es)", first))  # "südkoreanische … Beamte"
        )
    ):
        return False
    if lang != "de" and first.endswith("ing"):  # "Responding to …"
        return False
    if words[0] in _NOT_A_SUBJECT:  # "Although CBP …", "Wer von ihm …", "Viel mehr wollte Weikert"
        return False
    # no verb among an English speaker's words ("Oil fell", "he thought …")
    return lang == "de" or not any(w.islower() and (w.endswith("ed") or w in _IRREGULAR_PAST) for w in words)


_NOT_A_SUBJECT = set(
    "Although Though Unless Whether Because Whereas Wer Was Wen Wem Viel Viele Mehr Weniger Obwohl Während Weil"
    " Nachdem Sobald Falls".split()
)
_IRREGULAR_PAST = set(
    "fell rose thought felt went came took made gave found left kept held knew saw became began brought built"
    " bought caught chose drew drove fought flew forgot got grew hid hit hurt led lost meant met paid put ran"
    " sent set shut sold sat spent stood struck swore taught threw understood won wore wrote".split()
)


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
    text = _QUOTE_MARK.sub("", text).replace("\u2060", "")
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
    title = _QUOTED_TITLE.match(body)
    if title:  # "“Parasite” director Bong Joon Ho said …": a quoted title opens the speaker, not a quote
        # (its marks become word joiners, so every offset into the sentence stays as it was)
        body = "\u2060" + title.group(1) + "\u2060" + body[title.end() :]
    quoted = body[:1] in _QUOTES
    span = (lead, lead + len(whole))

    def shifted(parts: list, by: int) -> list:
        return [(t, s, q, a + by, b + by) for t, s, q, a, b in parts]

    n_marks = len(_QUOTE_MARK.findall(body))
    if (
        lang == "de"
        and not n_marks
        and re.match(r"Über\s", body)
        and re.search(r"\b(?:berichtet|geschrieben|gesprochen|diskutiert|informiert)$", body)
    ):
        # "Über das Schreiben hatte die F.A.S. berichtet": a topic, no content, nobody is quoted
        return [(_content(body, False, lang), "", False, *span)]
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
        if any(p.fullmatch(right) for p in _LEADING[1:4]):
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
        for dash in (" – ", " — ", " -- "):  # "…“, sagt Frankenstein – aber alle würden …"
            if dash in tail:
                tails.append(tail.split(dash)[0])
        if head.lstrip()[:1] in _QUOTES or body[start] in _QUOTES:  # also a quote that opens mid-sentence
            tails += [tail[: c.start()] for c in re.finditer(r",\s", tail)]
        for tail in tails:
            # one word is enough before a quote's closing mark: the quote began in an earlier sentence
            closes = body[start] in _QUOTES and n_marks % 2 == 1
            # right after a closing quote the frame may name a long circumstance ("Esper said in a speech to
            # the Diplomatic Academy of Vietnam"): the quote marks make the content certain
            after_quote = (body[start] in _QUOTES or head.rstrip()[-1:] in _QUOTES) and (
                head.lstrip()[:1] in _QUOTES or closes
            )
            too_long = len(tail.split()) > (24 if after_quote else 16) or len(head.split()) < 2 - (
                head[:1] in _QUOTES or closes
            )
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
                            len(t.group("when").split()) > (20 if after_quote else 8)
                            # a circumstance is fine: "she said when told the headline"
                            or _NOT_IN_SPEAKER.search(re.sub(r"^(?:when|while|as)\s", "", t.group("when")))
                        )
                    )
                ):
                    # "“…,” said Trump, according to TIME": Trump speaks (after a source phrase only: in
                    # "Es könne nicht bestätigt werden, dass …, teilte das Amt mit" the office speaks)
                    inner = _attribute(head, lang) if pattern is _TRAILING[3] else []
                    if len(inner) == 1 and inner[0][1]:
                        return [(*inner[0][:3], *span)]
                    return [(_content(head, False, lang), t.group("spk"), quoted, *span)]
    for i, pattern in enumerate(_LEADING):
        m = pattern.fullmatch(body)
        # (the spokesperson pattern, first, names its organisation in as many words as it takes)
        if m and (i == 0 or _plausible_speaker(m.group("spk"), lang)) and len(m.group("c").split()) >= 2:
            c = m.group("c")
            return [(_content(c, i in (1, 3), lang), m.group("spk"), c[:1] in _QUOTES, *span)]
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
            rest = (body[: m.start()] + (": " if m.group().endswith(":") else " ") + after).strip(" ,")
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
        known = is_first_name(first)
        middle = _MIDDLE_SURNAME.match(text, m.end(3)) if known and not m.group(4) else None
        if middle and is_first_name(last) or (middle and not _ORG_WORD.search(middle.group(1))):
            # "Richard David Precht", "Luz Contreras Arroyo": the last word is the surname
            last = middle.group(1)
            full = f"{first}{m.group(2) or ''} {m.group(3)} {last}"
        else:
            full = f"{first}{m.group(2) or ''} {last}{m.group(4) or ''}"
        not_first_name = (
            first in _STARTERS
            or first.lower() in _FUNCTION_WORDS
            or (not known and _ROLE_WORD.search(first) is not None)  # "Verbandschef Uwe"
            # German nouns take articles, names do not: "den Tod Kims", "die Linke Aktivisten"; and an
            # unknown first word with an adjective ending is an adjective ("Linke Aktivisten")
            or (lang == "de" and not known and before.lower() in _DETERMINERS | _NOUN_BEFORE)
            or (lang == "de" and not known and re.search(r"(?:e|en|er|es|em)$", first) is not None)
            or first.lower() in _DETERMINERS
            or first in _CLAUSE_OPENERS
            or _TITLES.match(first + " ")
            or _NOT_PERSON.search(full)
            or (not known and re.search(r"(ung|en|heit|keit|schaft|ion|isch)$", first))
            # "on Twitter Friday", "Michigan Rep.": a day, a month or a title is never a surname
            or last in _NOT_SURNAME
            or (m.group(4) is None and text.startswith(".", m.end(3)) and f"{last}." in _JOIN_ABBREV)
        )
        # not the tail of a longer capitalised run ("New York Times"), unless after a title or role
        run_tail = (
            before[:1].isupper()
            and before[-1:].isalnum()
            and not (_TITLES.match(before + " ") or _ROLE_WORD.search(before) or known)
        )
        # English: not the head of a longer run either ("Christian Broadcasting Network")
        run_head = lang == "en" and m.group(4) is None and not middle and _NEXT_CAPITAL.match(text, m.end(3))
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


# "Wladimir Putin", "Paul D. Ryan", "Roger J. Stone Jr.", "Joël Niederlaender", "Jean-Yves Le Drian": first
# name, initials, surname, suffix (the letters of Western European and Slavic names).
_UPPER = "A-ZÀ-ÖØ-ÞĆČĐŁŃŚŠŹŻŽŘ"
_LOWER = "a-zß-öø-ÿąćčďęěłńňőřśšťůűźżž"
_NAME_PAIR = re.compile(  # on one line: "DB-Takt\nDie Bahn" is no name
    rf"(?<![\w-])(?=([{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?)((?:[ \t]+[A-Z]\.)*)[ \t]+([{_UPPER}][\w'-]+)\b"
    r"(,?[ \t]+(?:Jr|Sr)\.|[ \t]+I{2,3}\b)?)"
)
# A third name word after a known first name and a second one ("Richard David Precht").
_MIDDLE_SURNAME = re.compile(
    rf"[ \t]+([{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?)(?![\w-])(?![ \t]+[{_UPPER}])"
)
# Words that make three capitalised words an organisation or a place, not a person.
_ORG_WORD = re.compile(
    r"(?i)^(?:network|association|party|union|institute|foundation|university|bank|group|company|corporation|"
    r"inc|ltd|gmbh|ag|council|committee|agency|office|services?|times|post|news|journal|street|avenue|road|"
    r"airport|hospital|school|college|cent(?:er|re)|stadium|church|club|team|house|press|media|verlag|"
    r"stiftung|verband|gruppe|partei|zeitung|straße|platz|city|county|state|river|mountains?|award|prize)$"
)
# Capitalised function words that open sentences and are never a first name ("Yet Sondland", "Although CBP").
_FUNCTION_WORDS = {w for w in STOPWORDS if len(w) > 1} | set(
    "yet although though however meanwhile instead indeed moreover nevertheless thus hence perhaps maybe even "
    "only just later earlier today yesterday tonight now unless whether whereas despite amid among across via "
    "per including like unlike under still again already ever never always sometimes often laut zudem "
    "außerdem deshalb daher trotzdem allerdings zwar ebenfalls bereits gestern heute morgen nun jetzt dann "
    "dort hier vielleicht wohl gerade zuletzt zuerst erst sogar etwa rund fast kaum nur schon".split()
)
_NEXT_CAPITAL = re.compile(r"(?:['’]s?)?\s+[A-Z][a-z]")  # also "Colleges Employers’ Association"
_TITLED_SURNAME = re.compile(
    r"\b(?:President|Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Rep\.|Gov\.|Gen\.|Senator|Representative|Governor)\s+"
    r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])(?!\s+[A-Z])"
)
_NOT_SURNAME = set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July"
    " August September October November December Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
    " Januar Februar März Mai Juni Juli Oktober Dezember".split()
)


_KONJUNKTIV_I = re.compile(r"(?<!ich )\b(?:werde|sei|seien|habe|könne|müsse|solle)\b")
_ANAPHORIC_ROLE = re.compile(r"(?:der|des|dem|den|the)\s+\S+")  # "nach Angaben des Vizeministers"
# "the former official", "the inspector general": a definite description of a person, not a name
_ANAPHORIC_EN = re.compile(r"[Tt]he\s+(?:[a-z-]+\s+){0,2}[a-z-]+")


def _role_holder(phrase: str, roles: dict[str, str]) -> str:
    """The one named person whose known role ends with the role of an anaphoric phrase ("the inspector
    general" -> the person introduced as "inspector general, Michael E. Horowitz"); "" if none or several."""
    wanted = _TRAILING_FILLER.sub("", phrase.strip()).lower().split(maxsplit=1)[-1]
    holders = [p for p, r in roles.items() if r and _is_name(p) and r.lower().endswith(wanted)]
    if not holders:  # "the Wikileaks founder" for the "Wikileaks co-founder": the same head noun
        head = wanted.split()[-1]
        holders = [
            p
            for p, r in roles.items()
            if r and _is_name(p) and re.search(rf"(?<![a-z]){re.escape(head)}\b", r.lower())
        ]
    return holders[0] if len(holders) == 1 else ""


def _first_mentions(text: str, names: set[str], count: int) -> dict[str, list[int]]:
    """Where each of ``names`` is mentioned in ``text``: the offsets of its first ``count`` mentions that begin a
    word, in order. One pass over the words (issue 16): a search of the text per name took time in the
    number of names times the text's length (a 2,000,000-character article naming a new person in every
    sentence: 140 s)."""
    first_word: dict[str, dict[int, set[str]]] = {}  # a name's first word -> its length -> the names
    found: dict[str, list[int]] = {name: [] for name in names}
    for name in names:
        head = _WORD.match(name)
        if head is None:  # not beginning with a letter or digit: searched the simple way
            at = -1
            while len(found[name]) < count and (at := text.find(name, at + 1)) >= 0:
                found[name].append(at)
            continue
        first_word.setdefault(head.group(), {}).setdefault(len(name), set()).add(name)
    for word in _WORD.finditer(text):
        by_length = first_word.get(word.group())
        if by_length is None:
            continue
        at = word.start()
        for length, candidates in by_length.items():
            name = text[at : at + length]
            if name in candidates and len(found[name]) < count:
                found[name].append(at)
    return found


_WORD = re.compile(r"\w+")


def _known_roles(text: str, surnames: dict[str, str], lang: str) -> dict[str, str]:
    """Full name -> role, from the first mention of the person that gives one, so that a later "sagte Miller"
    carries it too: "Defense Secretary Jim Mattis", "Reince Priebus, the chairman of the …"."""
    roles: dict[str, str] = {}
    fulls = {f for f in surnames.values() if f}
    mentions = _first_mentions(text, fulls, 3)  # the first few mentions are where a person is introduced
    for full in fulls:
        for at in mentions[full]:
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
                roles[full] = re.sub(
                    r"^als\s+(.+?)\s+(?:fungiert|tätig ist|arbeitet)\b.*$", r"\1", after.group(1)
                )
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


# --- the article-level resolver: who is meant, or "speaker unclear" -------------------------------------

_PRONOUN_SPEAKERS = {"er", "sie", "he", "she"}
_PLURAL_PRONOUNS = {"they", "it", "we", "wir", "ich", "i", "man", "es"}  # never resolved to a person
# Generic organisation nouns: "the company said", "teilte der Konzern mit" name no one by themselves.
_GENERIC_ORG = re.compile(
    r"(?i)(?:the\s+|der\s+|die\s+|das\s+)?(?:company|firm|group|organi[sz]ation|association|agency|konzern|"
    r"unternehmen|firma|verband|gruppe)"
)
# Konjunktiv I (and II where it stands for I) of verbs that reported speech uses most: a sentence with one
# continues the reported speech of the sentence before ("Er spüre, dass …", "Das sei ein Weg des Protests").
_KONJUNKTIV = re.compile(
    r"(?<!\b[Ii]ch )(?<!\b[Ww]ir )\b(?:werde|sei|seien|habe|könne|müsse|solle|wolle|dürfe|gebe|"
    r"stehe|komme|gehe|liege|bleibe|fehle|wisse|brauche|zwinge|handle|gelte|spüre|lasse|mache|heiße|"
    r"würden|hätten|müssten|könnten|wären|lägen|gäben|kämen|stünden|bräuchten|ginge|gäbe|käme|läge)\b"
)
# Konjunktiv I by its form, for the verbs the list above lacks ("dominiere", "liege", "herrsche", "gelte"):
# a lower-case word ending in -e that is no function word, adjective before a noun, adverb or past tense.
_NOT_KONJUNKTIV = frozenset(
    """eine keine meine deine seine ihre unsere eure diese jene welche solche manche alle beide viele wenige
    einige andere meiste selbe ganze halbe gerade heute lange gerne ohne bitte online live alleine eigene genaue
    große kleine gute neue alte erste letzte zweite dritte nächste beste hohe weite ebene nahe mitte ende rate
    wie je ne etwa gleiche übrige rasche breite tiefe weitere mehrere hierzulande nie wurde würde hätte wäre
    könnte sollte müsste dürfte möchte wollte konnte musste durfte""".split()
) | (STOPWORDS - {"habe", "sei", "werde", "könne", "müsse", "solle", "wolle"})
# Verbs whose stem ends in -t: their Konjunktiv I ends in -te like a past tense ("gelte", not "sagte").
_KONJUNKTIV_TE = frozenset(
    """gelte halte leiste arbeite berichte bedeute biete deute erwarte fürchte richte warte trete koste achte
    beachte betrachte vertrete gestalte leite begleite bereite verbreite starte teste rette schalte verhalte
    enthalte erhalte unterhalte behalte beobachte verzichte bewerte werte melde""".split()
)
_NOT_BEFORE_KONJUNKTIV = frozenset(
    "ich der die das den dem des ein eine einer eines einem zu am im vom zum zur beim als".split()
)


def _konjunktiv_form(text: str) -> bool:
    """Whether a sentence has a Konjunktiv I verb outside quotation marks, by the list or by its form, in a
    clause of its own: not in "ob er Symptome habe" or "als könnten sie" (a question or comparison inside the
    writer's sentence)."""
    text = _QUOTED_SPAN.sub(" ", text)
    for i, clause in enumerate(re.split(r"[,;:–—]\s*|\s-\s", text)):
        if (
            i or re.match(r"(?i)(?:ob|dass|wenn|falls|weil|als|obwohl|nachdem)\b", clause.strip())
        ) and re.match(
            r"(?i)(?:ob|dass|wenn|falls|weil|damit|als|obwohl|nachdem|sodass|wie|der|die|das|den|dem|"
            r"deren|dessen|wo|was|wer)\b",
            clause.strip(),
        ):
            continue
        if _KONJUNKTIV.search(clause) or _konjunktiv_word(clause):
            return True
    return False


def _konjunktiv_word(clause: str) -> bool:
    """A Konjunktiv I verb by its form: "dominiere", "liege", "herrsche", "gelte"."""
    words = re.findall(r"[\wäöüÄÖÜß-]+|[,.;:!?]", clause)
    for i, w in enumerate(words):
        if not re.fullmatch(r"[a-zäöüß]{2,}e", w) or w in _NOT_KONJUNKTIV or w.endswith("weise"):
            continue
        if w.endswith("te") and w not in _KONJUNKTIV_TE:
            continue
        before = words[i - 1].lower() if i else ""
        after = words[i + 1 : i + 3] + ["", ""]
        if before in _NOT_BEFORE_KONJUNKTIV or after[0] == "ich" or after[0][:1].isupper():
            continue  # first person, or an adjective before its noun ("die neue Regel")
        if (
            re.fullmatch(r"[a-zäöüß]+(?:e|en|er|es|em)", after[0])
            and after[0] not in _DETERMINERS | _NOUN_BEFORE | STOPWORDS
            and after[1][:1].isupper()
        ):
            continue  # "eine sehr große Halle"
        return True
    return False


# An institution, not a person described by a role: "Ministerium", "Innenministerium", "Bundesrat".
_INSTITUTION = re.compile(
    r"(?i)(?:ministerium|amt|behörde|rat|ium|agentur|ministry|department|office|agency|council)$"
)
_POSSESSIVE = re.compile(r"(?<=[a-z]s)['’](?=\s)")  # "Employers’ Association": an apostrophe, not a quote
_QUOTED_TITLE = re.compile(r"[\"“„]((?:[^\s\"“”„,.!?]+ ?){1,4})[\"”“](?=\s+[a-z]+\s+[A-Z])")
_NAME_COLON = re.compile(r"(?P<spk>(?:[A-ZÄÖÜ][\w'’.-]+\s+){0,2}[A-ZÄÖÜ][\w'’.-]+):\s+[\"“„«»]")
_QUOTED_SPAN = re.compile(r"[\"“„«»][^\"“”„«»]*[\"“”«»]|[\"“„«»][^\"“”„«»]*$|^[^\"“”„«»]*[\"”“«»]")
_QUOTE_OPENERS = '"“„«»‚‘‹›'


def _frame_words(span: str, claim_text: str) -> str:
    """The words of a clause that are not in its claim text: the reporting frame, runs joined by " … "."""
    import difflib

    src = re.findall(r"\S+", span)
    norm = [w.strip(_QUOTES + ",.;:!?()").casefold() for w in src]
    dst = [w.strip(_QUOTES + ",.;:!?()").casefold() for w in re.findall(r"\S+", claim_text)]
    keep = set(dst)
    runs, run = [], []
    matcher = difflib.SequenceMatcher(None, norm, dst, autojunk=False)
    matched = set()
    for block in matcher.get_matching_blocks():
        matched.update(range(block.a, block.a + block.size))
    for i in range(len(src)):
        if i in matched or not norm[i]:
            if run:
                runs.append(run)
                run = []
            continue
        run.append(i)
    if run:
        runs.append(run)
    pieces = []
    for r in runs:
        if all(norm[i] in keep for i in r):  # moved words (German verb-second order), not a frame
            continue
        pieces.append(" ".join(src[i] for i in r).strip(_QUOTES + " ,;:."))
    return " … ".join(p for p in pieces if p)


# Words that make a capitalised pair a thing, not a person's name: "Rüstungskonzern Rheinmetall",
# "Verantwortliche Stelle".
_NOT_FIRST_NAME = re.compile(
    r"(?i)(?:konzern|unternehmen|bank|verband|partei|gruppe|firma|werk|ministerium|behörde|stelle|amt|verein|"
    r"zeitung|magazin|sender|agentur|gericht|institut|universität|stiftung|kommission|lich|liche|lichen|ische|"
    r"ischen|ige|igen|ale|alen|ive|iven|ort|ung|heit|keit|schaft|nder|ender|ischer|licher|iger|tum|nis)$"
)


_SUBJECT_LEAD = set("The Der Die Das Former Ex-".split()) | {"former", "acting", "ehemalige", "frühere"}


def _subject_person(sentence: str, names: dict[str, str]) -> str:
    """The person a sentence opens with, its subject ("Morrison was …", "Defense Secretary Mark Esper on
    Wednesday accused …", "Der Bürgermeister Hans Müller sagte …"); "" when it opens otherwise."""
    words = sentence.split()[:8]
    for word in words:
        bare = word.strip(',;:.!?()"“”„«»').removesuffix("’s").removesuffix("'s")
        full = names.get(bare)
        if full and _looks_like_person(full):
            return full
        if word.endswith((",", ";", ":")) or not (
            word in _SUBJECT_LEAD or _NAME_WORD.fullmatch(bare) or _ROLE_WORD.search(word)
        ):
            return ""
    return ""


def _persons_in(sentence: str, surnames: dict[str, str]) -> list[str]:
    """Full names of the people a sentence names, in order of their first mention."""
    found: list[str] = []
    for word in _CAPITALISED.findall(sentence):
        full = surnames.get(word.rstrip("s") if word not in surnames and word.endswith("s") else word)
        if full and full not in found and _looks_like_person(full):
            found.append(full)
    return found


# German noun endings no surname has: "Kim Waffen" aside, "… Zuhörern", "… Verhandlungen", "… Sicherheit".
_NOUN_SURNAME = re.compile(
    r"(?:(?<=\w{3})ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tion|tionen|ismus|ität|nisse|nissen|(?<=\w{5})ern|ungs)$"
)
_NOT_NAME_START = set(
    "Ohne Mit Gegen Unter Zwischen Durch Um Aus Per Laut Nach Vor Hinter Neben Seit Bis Statt Wegen Während"
    " Ab Trotz Dank Zum Zur Vom Beim Dem Den Des Einer Eines Einem Unser Unsere Mein Meine Sein Seine Ihr Ihre"
    " Kein Keine Jeder Jede Alle Viele Wenige Mehr Weniger Neue Neuer Neues Erste Erster Letzte Letzter".split()
)


_NOUN_BEFORE = set(
    "der die das den dem des ein eine einen einem einer eines kein keine mit von für an auf in im aus bei zu zum"
    " zur über unter gegen the a an of for to in on at with".split()
)


def _people(text: str, surnames: dict[str, str], roles: dict[str, str]) -> dict[str, str]:
    """The part of ``surnames`` that surely names people: a name introduced with a role, known only by a
    title ("President Trump"), or whose surname stands alone elsewhere, not after an article or preposition
    (German capitalises nouns, so "Zehntausend Zuhörern" or "Kim Waffen" look like names until then)."""
    sure: set[str] = set()
    for full in {f for f in surnames.values() if f and _looks_like_person(f)}:
        words = full.split()
        if full in roles or len(words) == 1 or is_first_name(words[0]):
            sure.add(full)
            continue
        first, last = words[0], words[-1]
        if re.search(
            rf"(?:^|[.!?:]\s+){re.escape(full)}\s+[a-zäöü]", text, re.M
        ):  # the subject of a sentence
            sure.add(full)
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(last)}(?![\w-])", text):
            before = text[max(0, m.start() - 40) : m.start()].split()
            if before and before[-1] == first:
                continue
            if not before or before[-1].lower().strip(",.;:") not in _NOUN_BEFORE:
                sure.add(full)
                break
    return {w: f for w, f in surnames.items() if f in sure}


def _looks_like_person(full: str) -> bool:
    """Whether a first-name + surname pair is a person rather than a thing ("Rüstungskonzern Rheinmetall",
    "Besorgniserregender Vorfall", "Ohne Einzelheiten"): a short first word that is no noun or adjective."""
    words = full.split()
    if len(words) == 1:  # known only by a title and surname ("President Trump")
        return bool(re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß'-]+", full)) and not _NOT_PERSON.search(full)
    return (
        len(words[0]) <= 11
        and (is_first_name(words[0]) or not _NOUN_SURNAME.search(words[-1]))
        and words[0] not in _NOT_NAME_START
        and not _NOT_FIRST_NAME.search(words[0])
        and not _NOT_PERSON.search(full)
        and not _ROLE_WORD.search(words[0])
    )


_SPEAKER_FUNCTION_WORDS = (
    set(
        "dem den einem einer seinem seiner ihrem ihrer zufolge weiter beim im am auf bei in zu nicht ich wir mir uns"
        " mich i we me us to on at with after before during when while just".split()
    )
    | _DE_AUX
    | set("würden würde wurde wurden werden wird hat haben hatte hatten ist sind war waren".split())
)


def _plausible_name(speaker: str, lang: str) -> bool:
    """A speaker that reads as a name, organisation or source, not as a clause or a circumstance: few words,
    no function word, auxiliary or first-person pronoun among its lower-case words."""
    words = speaker.split()
    if not words or len(words) > 8:
        return False
    return not any(w in _SPEAKER_FUNCTION_WORDS for w in words if w[:1].islower() or w == "I")


def _carried_frame(claim: Claim) -> str:
    """The frame a continuing sentence inherits: the earlier claim's own frame, marked as earlier."""
    frame = claim.frame[len("earlier: ") :] if claim.frame.startswith("earlier: ") else claim.frame
    return f"earlier: {frame}" if frame else ""


# Speech acts whose object is the content ("kritisierte die Vergabepolitik", "warnte vor dem Verlust …",
# "accused the Democrats of …"): the claim keeps its words, the subject is its speaker.
_SPEECH_ACTS_DE = (
    r"kritisierte|kritisiert|kritisierten|warnte|warnt|warnten|forderte|fordert|forderten|mahnte|mahnt|"
    r"bekräftigte|bekräftigt|bestätigte|bestätigt|dementierte|dementiert|verteidigte|verteidigt|lobte|lobt|"
    r"beklagte|beklagt|bemängelte|bemängelt|verlangte|verlangt|prangerte|kündigte|nennt|nannte"
)
_SPEECH_ACTS_EN = (
    r"criticized|criticised|accused|urged|warned|denied|confirmed|defended|assailed|praised|blamed|called"
)
_DE_ACT_SUBJECT = re.compile(
    rf"^(?:(?:Der|Die|Das)\s+)?(?P<spk>(?:[A-ZÄÖÜ][\w'’.-]*\s+){{0,4}}[A-ZÄÖÜ][\w'’.-]*)(?:,\s+[^,]{{3,80}},)?"
    rf"\s+(?:(?:hat|hatte)\s+[^,]{{0,60}}?\s+)?(?:auch\s+|zudem\s+|erneut\s+|scharf\s+)?(?:{_SPEECH_ACTS_DE})\b"
)
_DE_ACT_PRONOUN = re.compile(
    rf"^(?:(?:[\w-]+\s+){{1,6}}?(?:{_SPEECH_ACTS_DE}|betonte|erklärte)\s+(?P<spk>er|sie)|(?P<lead>Er|Sie)\s+"
    rf"(?:auch\s+|zudem\s+)?(?:{_SPEECH_ACTS_DE})(?!\s+(?:ein|auf|an|zu)\b))\b"
)
_DE_REPORTED_BY = re.compile(
    r"^(?:Das|Dies|So)\s+(?:berichtet|berichtete|berichten|meldet|meldete|schreibt|schrieb)\s+"
    r"(?P<spk>(?:(?:der|die|das)\s+)?(?:[A-ZÄÖÜ][\w'’.-]*\s*){1,5})"
)
_EN_ACT_SUBJECT = re.compile(
    rf"^(?:The\s+)?(?P<spk>(?:[A-Z][\w'’.-]*\s+){{0,4}}[A-Z][\w'’.-]*)\s+(?:also\s+|again\s+)?(?:{_SPEECH_ACTS_EN})\b"
)


# English: a named subject, then a reporting verb, at the start of a sentence (after a fronted phrase):
# "U.S. Defense Secretary Mark Esper on Wednesday accused China of …", "The EU reiterated it …", "Indiana State
# Police reported …", "Lt. Col. Alexander Vindman told lawmakers …", "The United Nations and European Union
# stressed …". The subject is capitalised words (with "of", "for", "and", "the", "&" between them).
_EN_REPORTING_VERBS = (
    r"said|says|told|tells|testified|reported|reports|announced|announces|confirmed|confirms|denied|denies|"
    r"warned|warns|urged|urges|accused|argued|argues|claimed|claims|insisted|stressed|reiterated|welcomed|"
    r"condemned|criticized|criticised|rejected|called|described|suggested|explained|acknowledged|noted|notes|"
    r"recommended|recommends|asserted|alleged|alleges|estimated|predicted|ruled|assured|revealed|pleaded|"
    r"begged|demanded|vowed|promised|stated|wrote|writes|tweeted|disputed|dismissed|blamed|praised|hailed|"
    r"touted|declared|admitted|conceded|maintained|contended|countered|responded|replied|added(?=\s+that)|believes|"
    r"thinks|expects|forecast|projected|cautioned|complained|questioned|pledged|threatened|proposed"
)
_EN_CAP = r"(?:[A-Z][\w.&'’-]*|U\.S\.)"
_EN_SUBJECT_VERB = re.compile(
    rf"(?:(?:But|And|Yet|However|Still|Meanwhile|Separately)\s*,?\s+)?"
    rf"(?:(?:In|On|At|During|Over|After|Before|Last|This|Earlier|Later|Since|For)\b[^,]{{0,60}},\s+)?"
    rf"(?P<spk>(?:The\s+)?{_EN_CAP}(?:\s+(?:(?:of|for|and|the|&|de|on)\s+)*{_EN_CAP}){{0,9}})"
    rf"(?:,\s+[^,;:\"“”]{{2,120}},)?"
    rf"(?:\s+(?:on\s+)?(?:{_WHEN}|also|further|again|later|previously|recently|repeatedly|has|had|have|"
    rf"first|last\s+week|this\s+week|on\s+\w+day|sharply|publicly|then|once|already|always|routinely|"
    rf"strongly|quickly|swiftly|formally|officially|now))*"
    rf"\s+(?P<verb>{_EN_REPORTING_VERBS})\b"
)


# German: a named subject and a reporting verb, the subject first ("Bundeswirtschaftsminister Robert Habeck
# dringt auf …", "Der Präsident des BDI, Siegfried Russwurm, sagte zu …: …", "Weikert weiß: …") or after a fronted
# phrase ("Außerdem attackierte Ex-Präsident Alfons Hörmann …", "Am Sonntag verkündete der Ministerpräsident …").
_DE_REPORTING_VERBS = (
    r"sagte|sagt|sagten|sagen|erklärte|erklärt|erklärten|betonte|betont|kritisierte|kritisiert|kritisierten|"
    r"forderte|fordert|fordern|forderten|warnte|warnt|warnten|bestätigte|bestätigt|dementierte|dementiert|"
    r"verkündete|verkündet|kündigte|kündigt|räumte|räumt|teilte|teilt|berichtete|berichtet|meldete|meldet|"
    r"schrieb|schreibt|schrieben|nannte|nennt|nennen|bezifferte|beziffert|schätzte|schätzt|rechnet|rechnete|"
    r"verwies|verweist|lobte|lobt|beklagte|beklagt|monierte|moniert|attackierte|attackiert|warf|wirft|"
    r"verlangte|verlangt|mahnte|mahnt|appellierte|appelliert|drängte|drängt|dringt|drang|lehnte|lehnt|lehnen|"
    r"äußerte|äußert|sprach|spricht|begründete|begründet|versicherte|versichert|stellte|stellt|wünscht|"
    r"wünschte|weiß|ergänzte|ergänzt|unterstrich|unterstreicht|bekräftigte|bekräftigt|verteidigte|verteidigt|"
    r"prognostiziert|prognostizierte|vermutet|vermutete|beschreibt|beschrieb|schildert|schilderte|erzählt|"
    r"erzählte|fügte|bezeichnete|bezeichnet|glaubt|glaubte|sprach\s+sich|spricht\s+sich|"
    r"erwartet|erwartete|befürchtet|befürchtete|fürchtet|fürchtete|kündigten|beschwerte|klagte|"
    r"zeigte\s+sich\s+überzeugt|ist\s+überzeugt|ist\s+zuversichtlich|ist\s+sicher"
)
_DE_PERFECT_PARTICIPLES = (
    r"gesagt|erklärt|betont|kritisiert|gefordert|gewarnt|bestätigt|angekündigt|vorgeschlagen|geäußert|"
    r"eingeräumt|mitgeteilt|berichtet|geschrieben|verkündet|bekannt\s?gegeben|angeordnet|vorgestellt|"
    r"dementiert|bekräftigt|abgelehnt|verlangt"
)
_DE_SUBJECT = (
    r"(?:(?:[Dd]er|[Dd]ie|[Dd]as)\s+)?(?:[a-zäöü][\w-]*(?:e|en|er)\s+){0,2}"
    r"[A-ZÄÖÜ][\w'’.*-]*(?:\s+(?:(?:und|de|von|van|der|des|du|la|le)\s+)*[A-ZÄÖÜ][\w'’.*-]*){0,5}"
    r"(?:\s+(?:von|vom)\s+(?:(?:der|dem|den)\s+)?(?:[a-zäöü][\w-]*(?:e|en|er)\s+){0,2}[A-ZÄÖÜ][\w'’.-]*"
    r"(?:\s+(?:der|des)\s+[A-ZÄÖÜ][\w'’.-]*)?)?"
    r"(?:\s+\([^()]{1,40}\))?"
)
_DE_SUBJECT_VERB = re.compile(
    rf"(?:(?:Doch|Auch|Aber|Und|Nun|Zudem|Außerdem|Dann)\s+)?(?P<spk>{_DE_SUBJECT})"
    rf"(?P<appos>,\s+[^,;:„“\"»«]{{3,140}},)?"
    rf"(?:\s+[^,;:„“\"»«\s]+){{0,0}}(?:\s+[a-zäöüß]+\s+[^,;:„“\"»«]{{0,50}}?\s+und)?"
    rf"(?:\s+(?:hat|hatte|haben|hatten)\s+[^,;:„“\"»«]{{0,80}}?\s+(?:{_DE_PERFECT_PARTICIPLES})\b"
    rf"|\s+(?:{_DE_REPORTING_VERBS})\b)"
)
_DE_VERB_SUBJECT = re.compile(
    rf"(?P<front>[A-ZÄÖÜ][^,;:„“\"»«]{{0,60}}?|[A-ZÄÖÜ][^;:„“\"»«]{{0,40}}?\d{{4}},)\s+"
    rf"(?P<verb>(?:{_DE_REPORTING_VERBS})|hat|hatte)\s+(?P<spk>{_DE_SUBJECT}|er|sie)(?=[\s,.:]|$)"
)
_NO_SUBJECT_START = set(
    "Anstelle Statt Angesichts Laut Trotz Wegen Dank Infolge Mithilfe Seit Während Nach Vor Bei Mit Ohne Für"
    " Gegen Um Durch Über Unter Zwischen Neben Hinter Aus Von Zu Bis Ab Am Im Zum Zur Beim Vom Als Wenn Dass"
    " Ob Damit Weil Da So Auch Nur Noch Schon Bereits Zuletzt Zunächst Inzwischen Mittlerweile Hier Dort".split()
)


def _german_subject(sentence: str, names: dict[str, str], organisations: list[str]) -> str:
    """The speaker phrase of a German sentence whose subject reports (see _DE_SUBJECT_VERB), or "": the
    subject must name a known person, a role with a name, an organisation (capitalised, an acronym, or one
    already heard), a description to resolve ("der Manager") or a pronoun."""
    body = sentence.strip()
    m = _DE_SUBJECT_VERB.match(body)
    if m and m.group("spk").split()[0].lower() in _FUNCTION_WORDS - {"der", "die", "das"}:
        m = None  # "Außerdem kritisierte X …": an adverb first, the subject after the verb
    spk = m.group("spk") if m else ""
    appos = (m.group("appos") or "") if m else ""
    if not m:
        m = _DE_VERB_SUBJECT.match(body)
        front = m.group("front") if m else ""
        if m and (
            front.split()[0] in _NOT_A_SUBJECT | {"Was", "Wie", "Wer", "Ob"}
            or _persons_in(front, names)
            or len(front.split()) > 6
            or re.search(r"\b(?:und|oder)\b", front)
        ):
            m = None  # the front names someone: that is the subject, and no pattern read it
        elif (
            m
            and m.group("verb") in ("hat", "hatte")
            and not re.search(rf"\b(?:{_DE_PERFECT_PARTICIPLES})\b", body.split(",")[0])
        ):
            m = None  # "Zuletzt hatte Kims Abwesenheit …": no speech verb
        elif m and m.group("spk") == "sie" and m.group("verb").endswith("en"):
            m = None  # "schrieben sie": plural
        spk = m.group("spk") if m else ""
    if not spk:
        return ""
    spk = re.sub(r"\s+\([^()]*\)$", "", spk).strip()
    words = [w for w in spk.split() if w[:1].isupper()]
    if spk in ("er", "sie"):
        return spk
    if (
        not words
        or words[0] in _STARTERS - {"Der", "Die", "Das"}
        or words[0] in _NOT_NAME_START | _NO_SUBJECT_START
    ):
        return ""
    if words[0] in ("Der", "Die", "Das"):
        words = words[1:]
    if not words:
        return ""
    known = any(names.get(w.rstrip("s")) or names.get(w) for w in words) or spk in organisations
    acronym = any(re.fullmatch(r"[A-ZÄÖÜ]{2,6}|[A-Z][a-z]*[A-Z][\w-]*", w) for w in words)
    described = _description_kind(spk, spk.split()[-1], "de")
    proper = len(words) >= 2 and all(w[:1].isupper() for w in words) and not _ROLE_WORD.search(words[-1])
    if appos and _persons_in(appos, names):  # "Der Präsident des BDI, Siegfried Russwurm, sagte …"
        return spk + appos
    return spk if known or acronym or described or proper else ""


def _acronyms(text: str) -> dict[str, str]:
    """Acronym -> the name it stands for in this text ("CBP" -> "Customs and Border Protection", "EU" ->
    "European Union"): a run of capitalised words whose initials spell it, when exactly one run does."""
    wanted = set(re.findall(r"\b[A-Z]{2,6}\b", text)) - {
        "US",
        "UK",
        "USA",
    }  # countries keep their short names
    if not wanted:
        return {}
    found: dict[str, set[str]] = {}
    for run in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|the|&)\s+)*[A-Z][\w’'-]*)+", text):
        words = [re.sub(r"['’]s?$", "", w) for w in run.group().split()]
        caps = [i for i, w in enumerate(words) if w[:1].isupper()]
        for a in range(len(caps)):
            for b in range(a + 1, len(caps)):
                initials = "".join(words[i][0] for i in caps[a : b + 1])
                if initials in wanted:
                    found.setdefault(initials, set()).add(" ".join(words[caps[a] : caps[b] + 1]))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _speech_act_subject(sentence: str, lang: str, surnames: dict[str, str]) -> str:
    """The speaker phrase of a sentence that reports a speech act with a noun object, or "": the subject
    must be a person the article names, or (for German) an organisation written with capitals."""
    if lang == "de":
        m = _DE_REPORTED_BY.match(sentence)
        if m:
            return m.group("spk")
        m = _DE_ACT_PRONOUN.match(sentence)
        if m:
            return m.group("spk") or m.group("lead")
        m = _DE_ACT_SUBJECT.match(sentence)
    else:
        m = _EN_ACT_SUBJECT.match(sentence)
        subject = _EN_SUBJECT_VERB.match(sentence)
        if subject:
            spk = subject.group("spk")
            words = [w for w in spk.split() if w not in ("The", "of", "for", "and", "the", "&", "de", "on")]
            if (
                words
                and words[0] not in _STARTERS | _CLAUSE_OPENERS | _NOT_A_SUBJECT
                and words[0].lower() not in _FUNCTION_WORDS
                and (len(words) > 1 or re.fullmatch(r"[A-Z]{2,6}|[A-Z][a-z]+", words[0]))
                and not re.fullmatch(r"[A-Z][a-z]+s", spk)  # "Republicans", "Democrats": a plural group
            ):
                return spk
    if not m:
        return ""
    spk = m.group("spk")
    words = spk.split()
    known = any(surnames.get(w) for w in words) or spk in surnames.values()
    org = (
        lang == "de"
        and words[0].lower() not in _FUNCTION_WORDS  # "Außerdem kritisierte …": an adverb, no subject
        and not _ROLE_WORD.search(spk)
        and len(words) <= 4
        and not _NOT_NAME_START.intersection(words)
        and words[0] not in _STARTERS | _CLAUSE_OPENERS | {"So", "Dies", "Dabei", "Damit", "Zudem", "Nun"}
    )
    return spk if known or org else ""


def _antecedent(
    before: str,
    recent: list[tuple[list[str], list[Claim], str]],
    people: dict[str, str],
    names: dict[str, str],
    gender: str = "",
) -> str:
    """The one person a pronoun can mean: named earlier in its own sentence, else in the nearest of the
    ``recent`` sentences (people named, claims; the previous sentence first, at most three back, this and
    the previous paragraph) that names anyone (its speaker or the person it names); with several, that
    sentence's speaker if that is one person. ``names`` are all pairs that may be names (they compete), ``people`` those surely people (only
    they are chosen). ``gender`` ("m" for er/he, "f" for she) drops the candidates whose first name is of the
    other gender (an unknown first name stays a candidate). "" when unsure: two people and no speaker among
    them compete.

    ``before`` is the sentence up to the pronoun. When the pronoun's frame trails its content ("…, he said"),
    the names of unquoted content are what is said, not who says it ("The Sierra Nevada has seen …, he
    said"); only names outside a quotation count there."""
    sure = set(people.values())

    def fits(person: str) -> bool:
        return not gender or name_gender(person) in ("", gender)

    trailing = bool(re.search(r"[,“”\"»«]\s*$", before))
    if trailing and not _QUOTE_MARK.search(before):
        before = ""
    here = [p for p in _persons_in(_QUOTED_SPAN.sub(" ", before), names) if fits(p)]
    if here:  # a name inside a quotation is what is said
        return here[0] if len(here) == 1 and here[0] in sure else ""
    for (
        prev_persons,
        prev_claims,
        subject,
    ) in recent:  # the nearest earlier sentence that names someone decides
        # a speaker who is a person, or an organisation through its spokesperson ("he" is the spokesperson)
        spoke = list(
            dict.fromkeys(
                c.speaker
                for c in prev_claims
                if c.speaker
                and (_is_person(c.speaker, names) or re.search(r"(?i)spokes|sprecher", c.role))
                and fits(c.speaker)
            )
        )
        candidates = list(dict.fromkeys([p for p in prev_persons if fits(p)] + spoke))
        if len(candidates) == 1:
            return candidates[0] if candidates[0] in sure or candidates[0] in spoke else ""
        if len(spoke) == 1:
            return spoke[0]
        if not spoke and subject and subject in candidates and subject in sure:
            return subject  # the sentence's subject over people it only mentions ("X met Y. He said …")
        if candidates or any(c.speaker for c in prev_claims) or prev_persons:
            return ""
    return ""


def split_claims(text: str, lang: str | None = None, *, score: bool = True) -> list[Claim]:
    """The claims of an article body, in reading order, with ``position`` numbered from 0.

    Every sentence with a letter or digit yields at least one claim, marked with its ``kind`` (questions,
    headlines and opinions are kept, not dropped); a sentence joining differently attributed assertions
    yields one claim per assertion, each with the ``span_start``/``span_end`` of its clause. ``start``/``end``
    are the sentence's offsets, ``text`` the assertion without its reporting frame or quote marks (a leading
    "er"/"he" replaced by the speaker's name), ``speaker`` the normalised source ("" if none) with its
    ``role``, and ``frame`` the words that made the attribution ("earlier: …" when the speaker carries over
    from the sentence before).

    Precision comes first: a pronoun ("er", "sie", "he", "she") resolves only to the one person named in the
    same or the previous sentence (the previous sentence's speaker or subject when it names several), a role
    noun ("der Vorstandschef", "the official") only to the one person introduced with that role; otherwise
    the speaker stays empty and ``speaker_unclear`` is set, as it is for a quotation nobody is named for.
    A sentence without a frame of its own continues the previous sentence's speaker when it is quoted speech
    running on, or German Konjunktiv; a quotation opened earlier and attributed when it closes gets that
    speaker for all its sentences.
    ``resolved`` holds the claim with the referent of a phrase such as "ein solcher Deal" or "the move"
    (``text.context``).

    Each claim gets the check-worthiness of the n-gram fallback (``text.checkworthy``); with ``score`` False
    it keeps 0.0 and no scorer, for a caller that scores the claims itself (ingest scores them with their
    vectors, and scoring them here too took a twentieth of an ingest).
    """
    lang = lang or detect_language(text)
    surnames = _surnames(text, lang)
    roles = _known_roles(text, surnames, lang)
    # the names that surely are people, antecedents of pronouns (English nouns are lower-case: any pair will do)
    names = {w: f for w, f in surnames.items() if f and _looks_like_person(f)}  # pairs that may be names
    people = _people(text, surnames, roles)
    claims: list[Claim] = []
    prev_end = 0
    open_quote, pending = False, []  # a quote still open after the last sentence; its unattributed claims
    prev_claims: list[Claim] = []  # the claims of the previous sentence
    prev_persons: list[str] = []  # the people the previous sentence names
    # (people named, claims, subject) of earlier sentences, nearest first
    recent: list[tuple[list[str], list[Claim], str]] = []
    paragraphs: list[int] = []  # the paragraph of each of ``recent``
    organisations: list[str] = []  # the speakers so far that are no people
    acronyms = _acronyms(text)
    last_attr: Claim | None = None  # the last claim with a speaker, and its paragraph
    last_paragraph = 0
    paragraph = 0
    for start, end in split_sentences(text, lang):
        sentence = text[start:end]
        if not re.search(r"[^\W_]", sentence):  # separators such as "***" or "—" are not sentences
            continue
        parts = _attribute(sentence, lang)
        marks_here = len(_QUOTE_MARK.findall(_POSSESSIVE.sub("", sentence))) % 2
        if open_quote and not marks_here and len(parts) == 1 and parts[0][1]:
            # inside a quotation that runs on from an earlier sentence: "dass"/"sagte" here is what is quoted
            parts = [(_content(sentence.strip().rstrip(".!…"), False, lang), "", True, 0, len(sentence))]
        colon = _NAME_COLON.match(sentence) if len(parts) == 1 and not parts[0][1] else None
        if colon and (people.get(colon.group("spk")) or colon.group("spk") in people.values()):
            # "Barisic: „Dafür bin ich nicht zu haben“": a known person's name before a colon and a quote
            parts = [
                (
                    _content(sentence[colon.end("spk") + 1 :].strip().rstrip(".!…"), False, lang),
                    colon.group("spk"),
                    True,
                    0,
                    len(sentence),
                )
            ]
        unknown_frame = (
            lang == "de"
            and not open_quote  # (inside a running quotation a frame is what is quoted)
            and len(parts) == 1
            and not parts[0][1]
            and _UNKNOWN_FRAME_DE.search(_QUOTED_SPAN.sub(" ", sentence)) is not None
        )
        if len(parts) == 1 and not parts[0][1]:
            act = _speech_act_subject(sentence, lang, people if lang == "de" else names)
            if not act and lang == "de":
                act = _german_subject(sentence, names, organisations)
            if act:  # the speaker of a speech act with a noun object; the sentence stays whole
                parts = [(parts[0][0], act, parts[0][2], parts[0][3], parts[0][4])]
        gap = text[prev_end:start]
        same_paragraph = not _LINE_BREAK.search(gap)
        adjacent = len(_LINE_BREAK.findall(gap)) <= 2  # the same or the next paragraph
        paragraph += 0 if same_paragraph else (1 if adjacent else 2)
        recent = [r for r, p in zip(recent, paragraphs) if p >= paragraph - 1]
        # the characters next to the sentence, spaces aside (found in place: slicing the text before and after
        # each sentence copied it whole, time in the square of its length)
        left, right = start, end
        while left > 0 and text[left - 1] in " \t":
            left -= 1
        while right < len(text) and text[right] in " \t":
            right += 1
        headline_line = (
            (left == 0 or _LINE_BREAK.match(text[left - 1]))
            and (right == len(text) or _LINE_BREAK.match(text[right]))
            and sentence[-1] not in ".!?…:;" + _QUOTES
        )
        prev_end = end
        if not same_paragraph:
            open_quote, pending = False, []
        marks = len(_QUOTE_MARK.findall(_POSSESSIVE.sub("", sentence))) % 2
        question = sentence.rstrip(_QUOTES + " ").endswith("?")
        persons = _persons_in(sentence, names)
        whole_quote = sentence.lstrip()[:1] in _QUOTE_OPENERS
        # the speaker of the previous sentence, if it had one (its first attributed claim)
        prev_attr = next((c for c in prev_claims if c.speaker), None) if adjacent else None
        # ... and the last speaker of this or the previous paragraph, for Konjunktiv that resumes after a
        # sentence of the writer's ("…, sagte X. [narration] Das sei …")
        konj_attr = prev_attr or (last_attr if last_attr and paragraph - last_paragraph <= 1 else None)
        sentence_claims: list[Claim] = []
        for claim_text, raw_speaker, quoted, a, b in parts:
            speaker, role = _speaker(raw_speaker, lang) if raw_speaker else ("", "")
            unclear = False
            frame = ""
            lowered = speaker.lower()
            # a definite description instead of a name: "der Vorstandschef", "der 48-Jährige", "the official"
            described = (
                bool(raw_speaker)
                and bool(speaker)
                and not _is_name(speaker)
                and (
                    (
                        _ANAPHORIC_ROLE.fullmatch(raw_speaker.strip())
                        or (lang == "en" and _ANAPHORIC_EN.fullmatch(raw_speaker.strip()))
                    )
                    or (
                        lang == "de"
                        and len(speaker.split()) == 1
                        and (_ROLE_WORD.search(speaker) or "Jährige" in speaker)
                    )
                )
                and (_ROLE_WORD.search(speaker) or "Jährige" in speaker or _ROLE.search(speaker))
                and not _INSTITUTION.search(speaker)
            )
            description = _description_kind(raw_speaker, speaker, lang) if raw_speaker and speaker else ""
            if raw_speaker and lowered in _PRONOUN_SPEAKERS:
                hit = re.search(rf"\b{re.escape(raw_speaker.strip())}\b", sentence)
                at = hit.start() if hit else 0
                gender = "m" if lowered in ("er", "he") else "f"
                person = _antecedent(sentence[: max(at, 0)], recent, people, names, gender)
                if person:
                    speaker, role = person, roles.get(person, "")
                else:
                    speaker, role, unclear = "", "", True
            elif raw_speaker and lowered in _PLURAL_PRONOUNS:
                speaker, unclear = "", True
            elif described or description == "person":
                holder = _role_holder(raw_speaker, roles) if lang == "en" else _role_holder_de(speaker, roles)
                if holder:  # German keeps the description as the role ("nach Angaben des Vizeministers")
                    speaker, role = holder, (roles[holder] if lang == "en" else speaker)
                else:
                    at = sentence.find(raw_speaker.strip())
                    gender = _description_gender(raw_speaker, lang)
                    person = _antecedent(sentence[: max(at, 0)], recent, people, names, gender)
                    # only a description that fits the one person a reader has in mind: a role the person
                    # was given, an age, or a plain description ("der Franzose") of the one candidate
                    fits = person and (
                        "Jährige" in speaker
                        or _role_holder_de(speaker, {person: roles.get(person, "")})
                        or _role_holder(raw_speaker, {person: roles.get(person, "")})
                        or not (_ROLE_WORD.search(speaker) and roles.get(person))
                    )
                    if fits:
                        speaker, role = person, roles.get(person, "")
                    else:
                        role = role or speaker
                        speaker, unclear = "", True
            elif description == "group":
                # "the doctors" after "Doctors for Camp Closure": the one earlier name holding the noun
                noun = speaker.split()[-1].capitalize()
                named_groups = set(
                    re.findall(
                        rf"\b{re.escape(noun)}(?:\s+(?:for|of|and|the|&)?\s*[A-Z][\w&.-]*)+", text[:start]
                    )
                )
                if len(named_groups) == 1:
                    speaker = named_groups.pop()
                else:
                    speaker, unclear = "", True
            elif description == "org" or _GENERIC_ORG.fullmatch(speaker):
                org = _organisation_meant(speaker, text[:start], organisations)
                if org:  # "der Konzern" after "Rüstungskonzern Rheinmetall", "the group" after one group
                    speaker = org
                else:
                    speaker, unclear = "", True
            elif re.fullmatch(r"[A-Z]{2,6}", speaker) and speaker in acronyms:
                speaker = acronyms[
                    speaker
                ]  # "CBP" -> "Customs and Border Protection", as the article names it
            elif speaker in surnames and surnames[speaker]:
                speaker = surnames[speaker]
            if speaker and not _plausible_name(speaker, lang):
                speaker, role, unclear = "", "", True
            if raw_speaker and not speaker:  # a frame whose speaker is no one we can name ("eine Sprecherin")
                unclear = True
            if unknown_frame and not raw_speaker:
                # "Auch die … Internetzeitung „Daily NK“ in Südkorea meldete, Kim habe …": a frame whose
                # subject we cannot read; nobody else's speech runs on here
                unclear = True
                prev_attr = konj_attr = None
            if (
                raw_speaker
                and lang == "de"
                and prev_attr
                and _is_name(prev_attr.speaker)
                and _is_person(prev_attr.speaker, surnames)
                and not _is_person(speaker, surnames)
                and _konjunktiv_form(claim_text)
                and re.search(
                    rf"(?:[Ll]aut|[Nn]ach\s+Angaben)\s+(?:\S+\s+){{0,2}}{re.escape(raw_speaker.strip())}"
                    rf"|{re.escape(raw_speaker.strip())}\s+zufolge",
                    sentence,
                )
            ):
                # "Bis 2042 würden laut Marktprognosen …" in a run of someone's reported speech: the source is
                # nested in what that person says, who stays the speaker
                speaker, role, frame = prev_attr.speaker, prev_attr.role, _carried_frame(prev_attr)
                unclear = False
            elif raw_speaker:
                frame = _frame_words(sentence[a:b], claim_text)
            elif open_quote and pending and pending[-1].speaker:  # a quotation running on from before
                speaker, role, frame = pending[-1].speaker, pending[-1].role, _carried_frame(pending[-1])
            elif prev_attr and (
                # quoted speech running on: a whole quoted sentence, or one whose quote mark opens or closes here
                # (names inside the quotation are what is said, not who says it)
                (same_paragraph and (quoted or whole_quote))
                # (a quote that opens mid-sentence is a new quotation, attributed later if at all)
                or (
                    marks == 1
                    and (open_quote or whole_quote or re.search(rf":\s*[{_QUOTE_OPENERS}]", sentence))
                    and not (set(_persons_in(_QUOTED_SPAN.sub("", sentence), names)) - {prev_attr.speaker})
                )
            ):
                speaker, role, frame = prev_attr.speaker, prev_attr.role, _carried_frame(prev_attr)
            elif konj_attr and lang == "de" and _konjunktiv_form(claim_text) and not question:
                # German Konjunktiv: still the reported speech of the last speaker
                speaker, role, frame = konj_attr.speaker, konj_attr.role, _carried_frame(konj_attr)
            elif (quoted or whole_quote) and not open_quote:
                # a quotation nobody is named for: the one person of the previous sentence, else unclear (a
                # quoted heading announces a statement of later paragraphs: unclear too)
                named = [p for p in prev_persons if p] if adjacent and not headline_line else []
                # ... who is that sentence's subject, not someone it mentions ("contacted by Letitia James")
                if (
                    len(named) == 1
                    and named[0] in people.values()
                    and not (set(persons) - set(named))
                    and recent
                    and recent[0][2] == named[0]
                ):
                    speaker, role, frame = named[0], roles.get(named[0], ""), ""
                else:
                    unclear = True
            if (
                speaker
                and raw_speaker
                and speaker[:1].isupper()
                and not _is_person(speaker, surnames)
                and speaker not in organisations
            ):
                organisations.append(speaker)
            if speaker and role and _is_name(speaker):
                roles[speaker] = role
            role = role or roles.get(speaker, "")
            if _is_person(speaker, surnames) and " " in speaker:
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
                    claim.speaker, claim.role, claim.frame = speaker, role, f"later: {frame}"
                    claim.speaker_unclear = False
                pending = []
            claim = Claim(
                text=claim_text,
                sentence=sentence,
                start=start,
                end=end,
                speaker=speaker,
                # a question whose "?" went with the removed frame is still scored as a question;
                # this is the n-gram fallback's score: ingest rescores with the claim's vector
                checkworthiness=checkworthy.score(
                    claim_text if "?" in claim_text or not question else claim_text + "?", lang=lang
                )
                if score
                else 0.0,
                checkworthiness_model=checkworthy.scorer(with_vector=False) if score else "",
                position=len(claims),
                role=role,
                kind=_kind(claim_text, question and len(parts) == 1, bool(headline_line) and len(parts) == 1),
                span_start=start + a,
                span_end=start + b,
                frame=frame,
                speaker_unclear=unclear and not speaker,
            )
            claims.append(claim)
            sentence_claims.append(claim)
            if not raw_speaker and (open_quote or marks):
                pending.append(claim)
        open_quote = open_quote != bool(marks)
        if not open_quote:
            pending = []
        prev_claims = sentence_claims
        prev_persons = persons
        attributed = next((c for c in sentence_claims if c.speaker), None)
        if attributed and not headline_line:  # (a heading announces a later section)
            last_attr, last_paragraph = attributed, paragraph
        elif any(c.speaker_unclear for c in sentence_claims):
            last_attr = None  # someone else speaks here, whom we cannot name
        elif last_attr and not attributed and _new_subject(sentence, last_attr.speaker, names, organisations):
            last_attr = None  # "Der US-Nachrichtensender CNN wiederum …": Konjunktiv after it is not the last speaker's
        recent = [(persons, sentence_claims, _subject_person(sentence, names))] + recent[:2]
        paragraphs = [paragraph] + paragraphs[:2]
    resolve_references(claims, text, lang)  # "ein solcher Deal", "the move": for linking, not for display
    return claims


# Nouns that describe a person instead of naming them ("der Franzose", "der Grünen-Politiker", "die
# Sportdirektorin", "the governor"): by ending, or a role word.
_PERSON_NOUN = re.compile(
    r"(?:[A-ZÄÖÜ][\w-]*(?:ler|ner|iker|loge|login|ist|istin|ent|entin|ant|antin|eur|eurin|or|orin|chef|chefin|"
    r"boss|mann|frau|jährige|jähriger|kenner|kennerin|macher|leiter|leiterin|sprecher|sprecherin|geber|nehmer|"
    r"halter|arbeiter|händler|spieler|spielerin|trainer|trainerin|erin|ende|enden)|Chef|Boss|Franzose|Französin|"
    r"Brite|Britin|Russe|Russin|Chinese|Chinesin|Pole|Polin|Türke|Türkin|Grieche|Griechin|Schwede|Schwedin|"
    r"Däne|Dänin|Finne|Finnin|Amerikaner|Amerikanerin|Deutsche|Deutscher|Österreicher|Österreicherin|Schweizer|"
    r"Schweizerin|Italiener|Italienerin|Spanier|Spanierin|Ukrainer|Ukrainerin|Niederländer|Niederländerin)"
)
# Nouns that describe an organisation: "der Konzern", "das Ministerium", "the company", "the utility".
_ORG_NOUN_DE = re.compile(
    r"[A-ZÄÖÜ]?[\w-]*(?:Konzern|konzern|Unternehmen|unternehmen|Firma|Verein|Verband|verband|Ministerium|ministerium|"
    r"Behörde|behörde|Gewerkschaft|Organisation|Initiative|Gruppe|Club|Klub|Hersteller|hersteller|Autobauer|"
    r"Airline|Sender|Agentur|Institut|Gericht|Amt|amt|Bündnis|Partei|Fraktion|Bank|Plattform|Start-up|Startup)"
)
_ORG_NOUN_EN = re.compile(
    r"(?:company|group|utility|agency|organi[sz]ation|firm|association|union|coalition|department|ministry|"
    r"office|commission|council|committee|government|administration|court|board|bank|network|carrier|airline|"
    r"automaker|retailer|startup|league|team|club|party|campaign|authority|service|institute|university|"
    r"hospital|school|district|city|county|state|police|military|army|navy|embassy|bureau|center|centre)"
)


def _description_kind(raw: str, speaker: str, lang: str) -> str:
    """ "person" or "org" when a speaker phrase describes instead of naming ("der Franzose", "der Konzernchef
    von FACC", "the Wikileaks founder"; "der Konzern", "the utility", "the physicians"), else ""."""
    raw = _CUT_SPEAKER.sub("", raw.strip()) if " " in raw.strip() else raw.strip()
    raw = _TRAILING_FILLER.sub("", raw)
    if _is_name(speaker) and (lang == "en" or len(speaker.split()) > 1):
        return ""  # a name ("Matthew Miller" after "der Sprecher des US-Außenministeriums")
    if lang == "en":
        m = re.fullmatch(
            r"(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w.&'’-]+\s+){0,3}?([a-z][\w’'-]*)", raw
        )
        if not m:
            return ""
        head = m.group(1)
        # (a capitalised modifier names the organisation: "the French foreign ministry", "the US military")
        if (_ORG_NOUN_EN.fullmatch(head) or re.search(r"['’]s?\s+office$", raw)) and not re.search(
            r"\s[A-Z]", raw
        ):
            return "org"
        if re.fullmatch(r"[a-z]{3,}s", head) and not re.search(r"\s[A-Z]", raw):
            return "group"  # "the doctors", "the physicians": a group named earlier, or no one we can name
        return "person" if _ROLE_WORD.search(head) or _ROLE.search(head) else ""
    m = re.fullmatch(
        r"(?:der|die|das|des|dem|den)\s+(?:[a-zäöüß-]+\s+|[A-ZÄÖÜ][\w-]*er\s+){0,2}"
        r"(?P<head>[A-ZÄÖÜ][\w-]*)(?:\s+(?:von|vom|des|der|aus|bei|beim)\s+[^,]{1,80})?",
        raw,
    )
    if not m or _NAME_PAIR.match(m.group("head") + " X") and is_first_name(m.group("head")):
        return ""
    if raw.startswith("den ") and m.group("head").endswith("en"):
        return ""  # "laut den Aktivisten von …": a plural group, not one person
    head = re.sub(r"(?<=[^aeiousx])s$", "", m.group("head"))  # "des Ministeriums"
    if _INSTITUTION.search(head) and head not in ("Ministerium", "Behörde", "Amt"):
        return ""  # "des Vereinigungsministeriums": a name
    if _ORG_NOUN_DE.fullmatch(head) and not re.search(r"(?:ministerium|behörde|amt)$", head[1:]):
        return "org"
    if head in ("Ministerium", "Behörde", "Amt"):
        return "org"
    if _PERSON_NOUN.fullmatch(head) or _ROLE_WORD.search(head):
        return "person"
    return ""


def _description_gender(raw: str, lang: str) -> str:
    """ "f" or "m" for a description whose noun says it ("die Sportdirektorin", "der Franzose",
    "spokeswoman"), else ""."""
    words = raw.split()
    head = words[-1] if words else ""
    if lang == "en":
        return "f" if re.search(r"woman$", head) else "m" if re.search(r"(?<!wo)man$", head) else ""
    first = words[0].lower() if words else ""
    noun = next((w for w in words[1:] if w[:1].isupper()), "")
    if re.search(r"in$", noun) and first in ("die", "der"):  # "der Sprecherin" is a dative or genitive
        return "f"
    if first == "der" and noun and not noun.endswith("in"):
        return "m"
    return ""


def _organisation_meant(noun_phrase: str, before: str, organisations: list[str]) -> str:
    """The one organisation a description means: a compound of the same noun named earlier ("das Ministerium"
    after "das Vereinigungsministerium"), a name right after such a noun ("Rüstungskonzern Rheinmetall"), else
    the one organisation that has spoken so far; "" when none or several."""
    head = noun_phrase.split()[-1] if noun_phrase.split() else ""
    head = re.sub(r"(?<=[^aeiousx])s$", "", head)  # "des Ministeriums"
    found: list[str] = []
    if head[:1].isupper() and len(head) > 3:
        for m in re.finditer(
            rf"\b([A-ZÄÖÜ][\w-]*{re.escape(head.lower())})(?:s|es)?\b(?:\s+([A-ZÄÖÜ][\w&.-]+))?", before
        ):
            compound, name = m.group(1), m.group(2)
            if (
                name
                and name.lower() not in _DETERMINERS
                and not _NOT_PERSON.search(name)
                and head != "Ministerium"
            ):
                found.append(name)
            elif compound.lower() != head.lower():
                found.append(compound)
    found = list(dict.fromkeys(found))
    if len(found) == 1:
        return found[0]
    if not found and len(organisations) == 1:
        return organisations[0]
    return ""


# A German frame verb right before the content (", Kim habe …", ": …") whose subject no pattern read.
_UNKNOWN_FRAME_DE = re.compile(
    r"\b(?:sagte|sagt|sagten|erklärte|erklärt|betonte|betont|meldete|meldet|berichtete|berichtet|schrieb|"
    r"schreibt|teilte\s+mit|warnte|warnt|kritisierte|kritisiert|forderte|fordert)\s*[,:]\s"
)


def _new_subject(sentence: str, speaker: str, names: dict[str, str], organisations: list[str]) -> bool:
    """Whether a sentence of the writer's brings in someone other than ``speaker`` in its first clause: a
    person, an organisation already heard, or an acronym ("Der US-Nachrichtensender CNN wiederum scheint …")."""
    first = _QUOTED_SPAN.sub(" ", sentence).split(",")[0]
    others = [p for p in _persons_in(first, names) if p != speaker]
    orgs = [o for o in organisations if o != speaker and o in first]
    acronyms = [a for a in re.findall(r"\b[A-ZÄÖÜ]{2,6}\b", first) if a not in speaker]
    return bool(others or orgs or acronyms)


def _role_holder_de(role_phrase: str, roles: dict[str, str]) -> str:
    """The one named person whose known role has the same role word as a German role noun ("der
    Vorstandschef" -> the person introduced as "VW-Chef"); "" if none or several."""
    found = list(_ROLE_WORD.finditer(role_phrase))
    if not found:
        return ""
    stem = found[-1].group().lower()
    stems = {stem, "chef"} if stem in ("boss", "chef", "leiter") else {stem}  # "VW-Boss" is the "VW-Chef"
    holders = [p for p, r in roles.items() if r and _is_name(p) and any(x in r.lower() for x in stems)]
    return holders[0] if len(holders) == 1 else ""
