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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from sys import intern
from typing import TYPE_CHECKING

from ..records import same_person
from .details import (
    _KNOWN_PLACES,
    DETAIL_KINDS,
    Details,
    _fold,
    _mentions,
    _skeleton,
    details,
    differing_kinds,
)
from .words import STOPWORDS

if TYPE_CHECKING:
    import numpy as np

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

    @cached_property
    def mentions(self) -> tuple[frozenset[str], str]:
        """The names in the text and its folded form, as ``text.details`` matches details against them
        (read when a pair first needs them, then kept with the profile)."""
        return _mentions(self.text)


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
    # words and 4-grams interned: claims share most of them, and a regroup of 1M claims holds every claim's
    # sets at once (one copy of each string instead of one per claim: a third of a profile's memory)
    words = frozenset(
        intern(t.lower()[:6]) for t in tokens if t.isdigit() or (len(t) >= 4 and t.lower() not in STOPWORDS)
    )
    # letter 4-grams of the content words: "UN-Sicherheitsratsresolutionen" shares "reso", "olut", "tion" with
    # "Resolutionen des Sicherheitsrats" (German compounds) and with English "resolutions" (cognates)
    grams = frozenset(
        intern(w[k : k + 4])
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


def surface_evidence(a: Sequence[Surface | Profile], b: Sequence[Surface | Profile]) -> dict[str, np.ndarray]:
    """The evidence of each pair (a[k], b[k]) that needs no ``text.details``, one array by EVIDENCE name: the
    values ``compare`` gives for these names (it starts from them), and what the pre-judging bound knows.

    What the two sides share is counted pair by pair (set intersections are fast in Python); everything else
    is done over arrays."""
    import numpy as np  # here: reading claims and the archive's items needs no numpy

    n = len(a)
    pairs = list(zip(a, b))

    def ints(values) -> np.ndarray:
        return np.fromiter(values, dtype=np.int64, count=n)

    same_language = ints(x.lang == y.lang for x, y in pairs).astype(bool)
    wa, wb = ints(len(x.words) for x in a), ints(len(y.words) for y in b)
    ga, gb = ints(len(x.grams) for x in a), ints(len(y.grams) for y in b)
    words = ints(len(x.words & y.words) if x.lang == y.lang else 0 for x, y in pairs)
    grams = ints(len(x.grams & y.grams) for x, y in pairs)
    predicates = ints(
        2 * bool(x.predicates & y.predicates) + bool(x.predicates and y.predicates) for x, y in pairs
    )
    out = {
        "word_overlap": words / np.maximum(1, np.minimum(wa, wb)),
        "word_jaccard": np.where(same_language, words / np.maximum(1, wa + wb - words), 0.0),
        "gram_overlap": grams / np.maximum(1, np.minimum(ga, gb)),
        "negation_mismatch": ints(x.negations % 2 != y.negations % 2 for x, y in pairs).astype(float),
        "speaker_same": np.zeros(n),
        "speaker_differ": np.zeros(n),
        "length_ratio": np.minimum(wa, wb) / np.maximum(1, np.maximum(wa, wb)),
        "predicate_shared": (predicates >= 2).astype(float),
        "predicate_differ": (predicates == 1).astype(float),
    }
    for k, (x, y) in enumerate(pairs):
        if x.speaker and y.speaker:
            same = same_person(x.speaker, y.speaker)
            out["speaker_same"][k], out["speaker_differ"][k] = float(same), float(not same)
    return out


def compare(a: Profile, b: Profile) -> tuple[float, ...]:
    """The evidence for and against "same assertion" between two claims, one value per name in EVIDENCE."""
    return tuple(compare_many([a], [b])[0].tolist())


def compare_many(a: Sequence[Profile], b: Sequence[Profile]) -> np.ndarray:
    """``compare`` of each pair (a[k], b[k]): one row per pair, one column per name in EVIDENCE.

    ``surface_evidence`` first, then names, figures and details, the same way (a regroup of 100k claims, 0.7M
    pairs, spends about a second here instead of the minute that building each pair's values one at a time
    took). Only the few pairs that both state a kind of detail have their details compared
    (``differing_kinds``)."""
    import numpy as np

    n = len(a)
    pairs = list(zip(a, b))

    def ints(values) -> np.ndarray:
        return np.fromiter(values, dtype=np.int64, count=n)

    out = surface_evidence(a, b)
    same_language = ints(x.lang == y.lang for x, y in pairs).astype(bool)
    na, nb = ints(len(x.names) for x in a), ints(len(y.names) for y in b)
    fa, fb = ints(len(x.figures) for x in a), ints(len(y.figures) for y in b)
    names = ints(len(x.names & y.names) for x, y in pairs)
    figures = ints(len(x.figures & y.figures) for x, y in pairs)
    out |= {
        "name_overlap": np.where((na > 0) & (nb > 0), names / np.maximum(1, np.minimum(na, nb)), 0.0),
        "name_swap": ((na > names) & (nb > names)).astype(float),
        "figure_shared": (figures > 0).astype(float),
        "figure_swap": ((fa > figures) & (fb > figures)).astype(float),
    } | {f"conflict_{kind}": np.zeros(n) for kind in DETAIL_KINDS}
    for k, (x, y) in enumerate(pairs):
        if x.kinds & y.kinds:  # only a kind both state can differ
            for kind in differing_kinds(x.details, y.details, (x.mentions, y.mentions)):
                out[f"conflict_{kind}"][k] = 1.0
    alike = np.where(same_language, out["word_overlap"], out["name_overlap"])
    conflict = np.logical_or.reduce([out[f"conflict_{kind}"] > 0 for kind in DETAIL_KINDS])
    out |= {
        "name_swap_alike": out["name_swap"] * alike,
        "figure_swap_alike": out["figure_swap"] * alike,
        "conflict_alike": conflict * alike,
        "negation_alike": out["negation_mismatch"] * alike,
    }
    return np.column_stack([out[name] for name in EVIDENCE]).reshape(n, len(EVIDENCE))


@lru_cache(maxsize=65536)
def _conflicts(text_a: str, lang_a: str, text_b: str, lang_b: str) -> frozenset[str]:
    """The kinds of detail (number, date, place, actor) in which two claim texts differ."""
    mentions = (_mentions(text_a), _mentions(text_b))
    return differing_kinds(details(text_a, lang_a), details(text_b, lang_b), mentions)


def conflicting_details(text_a: str, text_b: str, lang_a: str = "", lang_b: str = "") -> list[str]:
    """The kinds of detail in which two claims differ ("number", "date", "place", "actor"): what stops an
    "already checked" mark however alike the two read."""
    return sorted(_conflicts(text_a, lang_a, text_b, lang_b), key=DETAIL_KINDS.index)
