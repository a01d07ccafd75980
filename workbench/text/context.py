"""Claims that read on their own: "ein solcher Deal", "dieses Thema", "the move", "the agreement" resolved to
what the previous sentences name, for linking claims across articles.

A claim such as "Wenn ein solcher Deal zustande käme, würde er gegen die Resolutionen verstoßen" says nothing
checkable until one knows which deal: the sentence before names it ("den potenziellen Verkauf von Waffen
zwischen Nordkorea und Russland"). ``resolve_references`` writes a *resolved reading* beside such a claim,
with the referring phrase followed by what it refers to in brackets:

    "Wenn ein solcher Deal [den potenziellen Verkauf von Waffen zwischen Nordkorea und Russland] zustande käme …"

The claim text a reviewer sees stays as written; the resolved reading is what grouping compares. Pure and
rule-based, German and English, and conservative: only the phrases listed below are resolved, from at most
the two previous sentences of the same paragraph. Where the previous sentences hold a noun phrase with the
same or a related head noun ("Deal" ← "Verkauf", "the agreement" ← "the accord"), that phrase is the
referent; otherwise the previous claim's own text is (an event described by a clause: "The move" ← "Trump
fired Comey on Tuesday").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Claim

# Head nouns that refer back to an act, a deal or a subject, and the nouns an earlier sentence may use for the
# same thing. Keys and values are lower-case; German and English side by side.
_RELATED = {
    "deal": "deal deals waffendeal geschäft verkauf verkaufs waffenverkauf lieferung lieferungen waffenlieferung "
    "waffenlieferungen vereinbarung abkommen agreement accord pact sale sales transfer arms",
    "abkommen": "abkommen vereinbarung vertrag deal pakt agreement accord treaty",
    "vereinbarung": "vereinbarung vereinbarungen abkommen vertrag deal agreement accord",
    "vereinbarungen": "vereinbarung vereinbarungen abkommen vertrag deal agreement accord",
    "plan": "plan pläne plans vorhaben vorschlag proposal vereinbarung vereinbarungen abkommen",
    "pläne": "plan pläne plans vorhaben vorschlag vereinbarung vereinbarungen abkommen",
    "schritt": "schritt entscheidung beschluss maßnahme decision move step",
    "entscheidung": "entscheidung beschluss urteil decision ruling",
    "maßnahme": "maßnahme maßnahmen sanktionen sanktion measure measures sanctions",
    "thema": "thema frage zusammenarbeit kooperation issue matter cooperation",
    "agreement": "agreement accord deal pact treaty abkommen vereinbarung",
    "accord": "accord agreement deal pact treaty",
    "pact": "pact agreement accord deal treaty",
    "treaty": "treaty agreement accord pact",
    "move": "decision order announcement plan proposal step move",
    "decision": "decision ruling order choice move",
    "plans": "plan plans proposal proposals",
    "proposal": "proposal plan bill measure",
    "measure": "measure bill legislation proposal",
    "bill": "bill legislation measure act",
    "legislation": "legislation bill measure act",
    "step": "step move decision",
    "issue": "issue matter question",
    "matter": "matter issue question",
    "policy": "policy rule order",
    "order": "order executive decision",
    "announcement": "announcement statement decision",
    "remarks": "remarks comments statement statements",
    "comments": "comments remarks statement statements",
    "sale": "sale sales deal transfer",
    "attack": "attack attacks strike strikes bombing shooting",
    "incident": "incident attack shooting crash",
}
_DE_HEADS = "Deal|Abkommen|Vereinbarung|Vereinbarungen|Plan|Pläne|Schritt|Entscheidung|Maßnahme|Thema|Vorhaben|Geschäft"
_EN_HEADS = (
    "move|deal|agreement|accord|pact|treaty|decision|plans?|proposal|measure|bill|legislation|step|issue|matter|"
    "policy|order|announcement|remarks|comments|sale|attack|incident"
)
# The referring phrases: German "ein solcher Deal", "keine solchen Pläne", "dieses Thema", "dieses oder ein
# anderes Thema", "der Schritt"; English "such a deal", "this agreement", "the move".
_REFERRING = {
    "de": re.compile(
        r"\b(?:(?:ein|eine|einen|einem|einer|eines|kein|keine|keinen|keinem|keiner)\s+solche[nrms]?"
        r"|solche[nrms]?|dies(?:e[nrms]?)?(?:\s+oder\s+ein(?:e[nrms]?)?\s+andere[nrms]?)?"
        rf"|(?:der|die|das|den|dem)(?=\s+(?:{_DE_HEADS})\b))\s+(?P<head>[A-ZÄÖÜ][\wäöüß]+)"
    ),
    "en": re.compile(
        rf"(?i:\b(?:such\s+an?|such|this|that|these|those))\s+(?P<head>(?i:{_EN_HEADS}))\b"
        r"|\b(?i:the)\s+(?P<the>(?i:move|deal|agreement|accord|pact|decision|measure|plan|step))\b"
    ),
}
# A noun followed by what defines it needs no referent: "the deal Obama struck", "the decision to …",
# "der Deal zwischen …"
_DEFINED = re.compile(
    r"\s+(?:to|that|which|who|of|between|with|on|over|for|against|by|he|she|they|it|we|I|[A-Z][a-z]+\s+[A-Z]"
    r"|zwischen|von|vom|über|mit|mit|gegen|für|des|der|zur|zum|[A-ZÄÖÜ]\w+\s+[A-ZÄÖÜ])\b"
)
# After "this"/"that", words of time or amount are no reference to an act: "this week", "that number".
_NOT_HEADS = {"woche", "jahr", "jahres", "monat", "mal", "zeit", "week", "year", "month", "time", "morning"}
_NP_STOP = re.compile(
    r"[,;:.!?()\[\]\"“”„«»]|\s(?:und|aber|dass|weil|wenn|ist|sind|war|and|but|that|which|who|because|if|is|are|was)\s"
)
_MAX_WORDS = 18  # a referent longer than this is cut: the start of a clause says what it is about


def resolve_references(claims: Sequence[Claim], text: str, lang: str) -> None:
    """Set ``claim.resolved`` on the claims of one article (``text``) whose text uses a referring phrase: the
    claim text with the phrase's referent in brackets after it. Claims without one keep ``resolved == ""``.

    ``claims`` are ``split_claims``' claims of ``text`` in reading order; ``lang`` is "de" or "en" (other
    languages are left alone)."""
    pattern = _REFERRING.get(lang)
    if pattern is None:
        return
    for i, claim in enumerate(claims):
        m = pattern.search(claim.text)
        head = m and (m.group("head") or m.groupdict().get("the"))
        if not head or head.lower() in _NOT_HEADS:
            continue
        definite = re.match(r"(?i)(?:the|der|die|das|den|dem)\b", m.group())
        if definite and _DEFINED.match(claim.text, m.end()):
            continue  # "the deal he struck", "der Deal zwischen …": a definite phrase defined on the spot
        if re.search(rf"\b{re.escape(head)}\b", claim.text[: m.start()]):
            continue  # "unsere Sanktionen … diese Sanktionen": the claim names it itself
        # English "the deal" often names the story's main subject, not the last sentence's: only a related
        # noun phrase resolves it; "such a deal", "this issue", "ein solcher Deal" point to what came just before
        referent = _referent(head, _earlier_claims(claims, i), lang, fallback=not m.groupdict().get("the"))
        if referent:
            claim.resolved = f"{claim.text[: m.end()]} [{referent}]{claim.text[m.end() :]}"


def _earlier_claims(claims: Sequence[Claim], i: int) -> list[Claim]:
    """The earlier claims of claim ``i``'s own sentence, then the claims of the (at most two) sentences
    before it, nearest first. News paragraphs are often one sentence long, so paragraphs are no limit."""
    claim = claims[i]
    same = [c for c in claims[:i] if c.start == claim.start]
    before: list[Claim] = []
    starts: set[int] = set()
    for c in reversed(claims[:i]):
        if c.start == claim.start:
            continue
        starts.add(c.start)
        if len(starts) > 2:
            break
        before.append(c)
    return [*reversed(same), *before]


def _referent(head: str, earlier: list[Claim], lang: str, fallback: bool) -> str:
    """What the phrase with this head noun refers to: a noun phrase with a related head in the earlier
    claims (nearest first), else (with ``fallback``) the nearest earlier claim's text; "" when none."""
    related = set(_RELATED.get(head.lower(), head.lower()).split()) | {head.lower()}
    for c in earlier:
        source = _BRACKETS.sub("", c.resolved or c.text)  # a referent of a referent is not taken twice
        for m in re.finditer(r"[\wäöüÄÖÜß-]+", source):
            word = m.group().lower()
            if word in related or any(word.endswith(r) and len(r) > 4 for r in related):
                phrase = _noun_phrase(source, m.start(), m.end(), lang)
                if len(phrase.split()) > 1 + (phrase.split()[0].lower() in _DETERMINERS):
                    return phrase  # not a bare "the matter": that says no more than the phrase itself
    if earlier and fallback:
        return _cut(_BRACKETS.sub("", earlier[0].resolved or earlier[0].text))
    return ""


_BRACKETS = re.compile(r"\s*\[[^\]]*\]")
_DETERMINERS = set(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner unsere unseren"
    " ihre ihren seine seinen the a an its their his her this that these those our no".split()
)
# A complement that belongs to the noun: "Verkauf von Waffen", "the sale of arms to Russia"
_COMPLEMENT = re.compile(
    r"\s+(?:von|vom|zwischen|mit|über|gegen|für|an|auf|zur|zum|des|der|of|between|with|on|over|to|for|against)\b"
)


def _noun_phrase(text: str, start: int, end: int, lang: str) -> str:
    """The noun phrase of the word text[start:end]: from a determiner among the three words before it
    ("den potenziellen Verkauf"), and its complement after it ("von Waffen zwischen Nordkorea und
    Russland") up to the next clause mark."""
    left = text[:start].split()[-3:]
    first = next((k for k, w in enumerate(left) if w.lower() in _DETERMINERS), len(left))
    words = [] if any(re.search(r"[,;:.!?]$", w) for w in left[first:]) else left[first:]
    rest, tail = text[end:], ""
    if _COMPLEMENT.match(rest):
        stop = _NP_STOP.search(rest)
        tail = rest[: stop.start()] if stop else rest
        # "zwischen Nordkorea und Russland": a coordination of two names stays in the phrase
        names = re.match(r"\s+(?:und|and)\s+[A-ZÄÖÜ][\w-]*", rest[len(tail) :])
        if names:
            tail += names.group()
    return _cut(" ".join([*words, text[start:end]]) + tail)


def _cut(text: str) -> str:
    words = text.split()
    return " ".join(words[:_MAX_WORDS]).strip(" ,;:")
