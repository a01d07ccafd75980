"""The textual evidence a fact-checker weighs when deciding whether two claims make the same assertion.

Per claim, a ``Profile`` is read once (content words, names, figures, negation); per pair, ``compare`` gives
the evidence for and against, each a number: how many content words and names the two share, whether they
name different people, places or figures in the same slot (the details of ``text.details``), whether one
denies what the other asserts. Names, numbers and dates are compared in language-independent forms
("Russland" = "Russia", "1.000" = "1,000", "Dienstag" = "Tuesday"), so German and English claims are compared
too. Modality is deliberately not evidence against: "würde … verstoßen" and "verstößt" make the same
assertion about the same act (a reported-speech Konjunktiv is a frame, not a doubt).

Pure and rule-based: the pair judge (``workbench.judge``) learns how much each piece weighs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..records import same_person
from .details import _KNOWN_PLACES, DETAIL_KINDS, Details, _fold, _skeleton, details, differences
from .words import STOPWORDS

# Words that deny or negate what the clause asserts. Counted per claim: a pair where one side negates and the
# other does not is a denial against a claim (or a claim against its denial), not the same assertion.
_NEGATION = re.compile(
    r"(?i)\b(?:not|no|never|nobody|nothing|none|neither|nor|without|cannot|denied|denies|deny|denying|"
    r"rejected|rejects|refuted|dismissed|false|nicht|nichts|kein|keine|keinen|keinem|keiner|keines|nie|"
    r"niemals|niemand|weder|ohne|bestritt|bestreitet|bestritten|dementierte|dementiert|zurückgewiesen|"
    r"wies|weist|falsch)\b|n['’]t\b"
)
# Capitalised words that open a sentence or a clause rather than name something.
_NOT_NAMES = set(
    "The A An This That These Those In On At For From By With But And Or If When While After Before As Since"
    " His Her Their Our Its It He She They We I You There Here Some Many Most All No Not So Yet Also Even Now"
    " Then What Who Why How Both Each Such Other Another Despite Under Over Every Any According Mr Mrs Ms Dr"
    " Der Die Das Den Dem Des Ein Eine Einen Einem Einer Im Am Beim Vom Zum Zur Auf Aus Bei Nach Mit Von Für"
    " Über Unter Vor Seit Er Sie Es Wir Ich Ihr Und Aber Doch Auch Dann Wenn Als Weil Dass Nachdem Obwohl"
    " Während Laut Trotz Wegen Diese Dieser Dieses Dies Jetzt Nun Noch Nur Kein Keine Sein Seine Ihre Man Wie"
    " Was Wer Warum Natürlich Indeed However Meanwhile Still Says Said".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

# What a claim says happened, in German and English: word stems of a few predicate classes that news claims
# often share across wording and language ("einen Preis zahlen" ~ "pay a price" ~ "punish"; "eintraf" ~
# "Besuch" ~ "visit"). Two claims of one story that share a class often make one assertion; two that each
# have classes but share none mostly make different ones ("met" vs "lost"). A stem matches the start of a
# lower-case word; ``=word`` matches the whole word only.
_PREDICATE_STEMS = {
    "violate": "verletz verstoß verstieß verstöß violat breach =bruch brach =breaks broke infring contraven",
    "consequence": "=preis =preise =price =prices =zahlen =pay =pays =paid konsequenz consequen bestraf =strafe "
    "punish rechenschaft accountab vergelt retaliat",
    "sanction": "sanktion sanction",
    "warn": "warn gewarnt",
    "visit": "besuch visit eintraf eintreff eingetroffen arriv ankunft =reist =reiste =trip",
    "meet": "=treffen =trifft =traf getroffen =meet =meets =met =meeting gipfel summit gespräch =talks",
    "supply": "liefer deliver =supply supplie suppli verkauf verkäuf =sell =sells =sold =sale =sales transfer "
    "export",
    "deny": "bestreit bestritt dementi zurückgewies zurückweis =deny =denied =denies =denial reject dismiss",
    "agree": "vereinbar =einig einigt abkommen agreement =agreed =agree =agrees unterzeichn =signed =deal =deals "
    "accord",
    "lose": "verlor verlust verlier =lost =loss =losses =lose casualt",
    "attack": "angriff angreif attack =strike =strikes beschoss beschuss bombard",
    "kill": "tötet getötet =killed =kill =kills murder ermord",
    "increase": "=stieg steigt gestiegen anstieg erhöh =rose =rise =rises risen increas =grew growth =jump surge",
    "decrease": "=sank =sinkt gesunken =fiel =fällt gefallen rückgang declin =drop =dropped =fell decreas kürz "
    "=cut =cuts",
    "arrest": "festgenommen festnahm verhaft =arrest arrested =detained",
    "charge": "anklage angeklagt =charged indict beschuldig =accused",
    "support": "unterstütz =support supported supports befürwort endors",
    "oppose": "ablehn =lehnt oppos",
    "investigate": "ermittl untersuch investig =probe",
    "cooperate": "zusammenarb kooperat cooperat collaborat",
    "ban": "verbot verbiet =ban =bans =banned prohibit",
    "resign": "rücktritt zurückgetreten =resign resigned resigns",
    "elect": "gewählt =wahl =wahlen =elected =election =vote =voted abstimm",
    "approve": "beschloss beschlossen verabschied genehmig =approve approved =passed",
}
_PREDICATE_WORDS: dict[str, str] = {}
_PREDICATE_PREFIXES: list[tuple[str, str]] = []
for _class, _stems in _PREDICATE_STEMS.items():
    for _stem in _stems.split():
        if _stem.startswith("="):
            _PREDICATE_WORDS[_stem[1:]] = _class
        else:
            _PREDICATE_PREFIXES.append((_stem, _class))
_PREDICATE_PREFIX = re.compile(
    "|".join(sorted((re.escape(s) for s, _ in _PREDICATE_PREFIXES), key=len, reverse=True))
)
_PREFIX_CLASS = dict(_PREDICATE_PREFIXES)


def predicates(tokens: list[str]) -> frozenset[str]:
    """The predicate classes (``_PREDICATE_STEMS``) of a claim's words."""
    found = set()
    for token in tokens:
        word = token.lower()
        if word in _PREDICATE_WORDS:
            found.add(_PREDICATE_WORDS[word])
            continue
        m = _PREDICATE_PREFIX.match(word)
        if m:
            found.add(_PREFIX_CLASS[m.group()])
    return frozenset(found)


@dataclass(frozen=True)
class Profile:
    """What ``compare`` needs of one claim, read once: its language, content words (cut to 6 characters, so
    "Sicherheitsrates" ~ "Sicherheitsrats"), names (folded, aliased and spelling-tolerant: "Moskau" =
    "Moscow"), figures (numbers and dates as normalised keys), how many negations it has, its speaker."""

    text: str
    lang: str
    words: frozenset[str]
    grams: frozenset[str]
    names: frozenset[str]
    figures: frozenset[str]
    negations: int
    speaker: str
    predicates: frozenset[str]
    details: Details
    kinds: frozenset[str]  # the kinds of detail it states (only a kind both state can differ)


@dataclass(frozen=True)
class Surface:
    """The part of a ``Profile`` read without ``text.details`` (cheap): language, content words, letter
    4-grams, negations, speaker. Enough for ``surface_evidence``, which bounds a pair before it is judged."""

    lang: str
    words: frozenset[str]
    grams: frozenset[str]
    negations: int
    speaker: str
    predicates: frozenset[str]


@lru_cache(maxsize=65536)
def surface(text: str, lang: str, speaker: str = "") -> Surface:
    """The ``Surface`` of one claim text in a known language."""
    tokens = _TOKEN.findall(text)
    words = frozenset(
        t.lower()[:6] for t in tokens if t.isdigit() or (len(t) >= 4 and t.lower() not in STOPWORDS)
    )
    # letter 4-grams of the content words: "UN-Sicherheitsratsresolutionen" shares "reso", "olut", "tion" with
    # "Resolutionen des Sicherheitsrats" (German compounds) and with English "resolutions" (cognates)
    grams = frozenset(
        w[k : k + 4]
        for t in tokens
        if len(t) >= 4 and t.lower() not in STOPWORDS
        for w in (t.lower(),)
        for k in range(len(w) - 3)
    )
    return Surface(lang, words, grams, len(_NEGATION.findall(text)), speaker, predicates(tokens))


@lru_cache(maxsize=65536)
def profile(text: str, lang: str = "", speaker: str = "") -> Profile:
    """The ``Profile`` of one claim text (``lang`` "de"/"en", guessed when empty)."""
    found = details(text, lang)
    tokens = _TOKEN.findall(text)
    cheap = surface(text, found.lang, speaker)
    words, grams = cheap.words, cheap.grams
    names = set()
    for i, token in enumerate(tokens):
        # a capitalised word after the first is a name in English; in German every noun is capitalised, so
        # there a name is a word the aliases know, a word with a capital inside ("UN", "DVRK") or a run of
        # capitalised words inside a hyphenated compound ("UN-Sicherheitsrat")
        if not token[:1].isupper() or token in _NOT_NAMES:
            continue
        folded = _fold(token)
        known = (
            token.isupper()
            or folded != token.casefold()
            or folded in _KNOWN_PLACES
            or any(c.isupper() for c in token[1:])
        )
        # an English sentence opens with a capital: there only a known or all-capital name counts
        if (found.lang == "de" or i == 0) and not known:
            continue
        names.update(_skeleton(w) for w in folded.split())  # "Nordkorea" -> "north korea" -> 2 words
    for d in (*found.places, *found.actors):
        names.update(_skeleton(w) for w in re.split(r"[\s-]+", d.key) if len(w) > 2)
    figures = frozenset(
        [f"n:{d.key}:{d.facet}" for d in found.numbers] + [f"d:{d.key}:{d.facet}" for d in found.dates]
    )
    return Profile(
        text=text,
        lang=found.lang,
        words=words,
        grams=grams,
        names=frozenset(names),
        figures=figures,
        negations=cheap.negations,
        speaker=speaker,
        predicates=cheap.predicates,
        details=found,
        kinds=frozenset(k for k in DETAIL_KINDS if found.of(k)),
    )


# The evidence of one pair, in this order; ``compare`` returns one value per name.
EVIDENCE = (
    "word_overlap",  # shared content words / the smaller side's (same language only)
    "word_jaccard",  # shared / all content words (same language only)
    "gram_overlap",  # shared letter 4-grams of content words / the smaller side's (any languages)
    "name_overlap",  # shared names / the smaller side's; 0 when either names none
    "name_swap",  # both name something the other does not: another person, place or party in the slot
    "figure_shared",  # a number or date both state
    "figure_swap",  # both state a figure the other does not
    "conflict_number",  # text.details.differences: the same kind of detail, differing values
    "conflict_date",
    "conflict_place",
    "conflict_actor",
    "negation_mismatch",  # one side negates or denies, the other does not
    "speaker_same",  # both attributed, to the same person
    "speaker_differ",  # both attributed, to different people
    "length_ratio",  # content words of the shorter / of the longer side
    # The same evidence where the two read alike otherwise (x word overlap; across languages, name overlap):
    # one name, figure or negation changed in an otherwise identical claim is another assertion, while the
    # same differences between two long claims that say more are common among same assertions.
    "name_swap_alike",
    "figure_swap_alike",
    "conflict_alike",
    "negation_alike",
    "predicate_shared",  # both say one of the predicate classes (``_PREDICATE_STEMS``), in any language
    "predicate_differ",  # both say some predicate class, but none in common
)


def surface_evidence(a: Surface | Profile, b: Surface | Profile) -> dict[str, float]:
    """The evidence that needs no ``text.details``: exactly the values ``compare`` gives for these names."""
    same_language = a.lang == b.lang
    shared = len(a.words & b.words) if same_language else 0
    smaller = max(1, min(len(a.words), len(b.words)))
    both_attributed = bool(a.speaker and b.speaker)
    same_speaker = both_attributed and same_person(a.speaker, b.speaker)
    return {
        "word_overlap": shared / smaller,
        "word_jaccard": shared / max(1, len(a.words | b.words)) if same_language else 0.0,
        "gram_overlap": len(a.grams & b.grams) / max(1, min(len(a.grams), len(b.grams))),
        "negation_mismatch": float((a.negations % 2) != (b.negations % 2)),
        "speaker_same": float(same_speaker),
        "speaker_differ": float(both_attributed and not same_speaker),
        "length_ratio": min(len(a.words), len(b.words)) / max(1, len(a.words), len(b.words)),
        "predicate_shared": float(bool(a.predicates & b.predicates)),
        "predicate_differ": float(bool(a.predicates and b.predicates and not a.predicates & b.predicates)),
    }


def compare(a: Profile, b: Profile) -> tuple[float, ...]:
    """The evidence for and against "same assertion" between two claims, one value per name in EVIDENCE."""
    cheap = surface_evidence(a, b)
    names = len(a.names & b.names)
    name_overlap = names / min(len(a.names), len(b.names)) if a.names and b.names else 0.0
    name_swap = float(bool(a.names - b.names) and bool(b.names - a.names) and bool(a.names and b.names))
    figures = len(a.figures & b.figures)
    figure_swap = float(bool(a.figures - b.figures) and bool(b.figures - a.figures))
    # differences() is the costly part: only two claims stating one kind of detail can differ in it
    kinds = _conflicts(a.text, a.lang, b.text, b.lang) if a.kinds & b.kinds else frozenset()
    alike = cheap["word_overlap"] if a.lang == b.lang else name_overlap
    conflict = float(bool(kinds))
    negation = cheap["negation_mismatch"]
    return (
        cheap["word_overlap"],
        cheap["word_jaccard"],
        cheap["gram_overlap"],
        name_overlap,
        name_swap,
        float(figures > 0),
        figure_swap,
        *(float(kind in kinds) for kind in DETAIL_KINDS),
        negation,
        cheap["speaker_same"],
        cheap["speaker_differ"],
        cheap["length_ratio"],
        name_swap * alike,
        figure_swap * alike,
        conflict * alike,
        negation * alike,
        cheap["predicate_shared"],
        cheap["predicate_differ"],
    )


@lru_cache(maxsize=65536)
def _conflicts(text_a: str, lang_a: str, text_b: str, lang_b: str) -> frozenset[str]:
    """The kinds of detail (number, date, place, actor) in which two claim texts differ."""
    first, _ = differences([text_a, text_b], [lang_a, lang_b])
    return frozenset(d.kind for d in first)


def conflicting_details(text_a: str, text_b: str, lang_a: str = "", lang_b: str = "") -> list[str]:
    """The kinds of detail in which two claims differ ("number", "date", "place", "actor"): what stops an
    "already checked" mark however alike the two read."""
    return sorted(_conflicts(text_a, lang_a, text_b, lang_b), key=DETAIL_KINDS.index)
