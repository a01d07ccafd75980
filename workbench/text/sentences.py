"""Text -> sentences: where sentences end in German and English, and which language a text is in."""

from __future__ import annotations

import re

from ..records import OTHER_LANGUAGE
from .words import QUOTES, VERB_AFTER_QUOTE

LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")
# A terminal mark (or ellipsis) plus any closing quotes/brackets, followed by whitespace or line end.
_TERMINAL = re.compile(r"(?:[.!?…]+)[\"“”„«»‚‘’‹›)\]]*(?=\s|$)")
JOIN_ABBREVIATIONS = {  # never end a sentence: titles, months and abbreviations that precede what they qualify
    *"Dr. Prof. z.B. u.a. bzw. ca. Nr. St. vgl. Mio. Mrd. Mr. Mrs. Ms. e.g. i.e. Gen. Sen. Rep. Gov. No. vs."
    " Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Okt. Nov. Dec. Dez. Lt. Col. Capt. Sgt. Gov. Rev."
    " Nos. Art. Abs. Hr. Fr. d.h. s. S. evtl. ggf. inkl. Dipl. Ing. Min. Std. Tel. Sens. Reps. Govs."
    " Gens.".split(),
}
_MAY_END_ABBREV = {  # these also end sentences: "… in the U.S. The …", "… in Burlington, Vt. Earlier …"
    *"usw. etc. U.S. U.N. U.K. D.C. Inc. Corp. Ltd. Co. Jr. Sr. Ala. Ariz. Ark. Calif. Colo. Conn. Del."
    " Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y."
    " N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. W.Va. Wis. Wyo.".split(),
}
JOIN_ABBREVIATIONS -= _MAY_END_ABBREV
# Words that typically open a sentence: after an ambiguous "U.S." or "am 3." they signal a real boundary.
SENTENCE_STARTERS = set(
    "The He She It They We I You But And In A An This That These Those There Then So Yet Also However"
    " Meanwhile Still Now His Her Their Our Its My On At For When While After Before If As Der Die Das Er Sie"
    " Es Wir Ich Aber Und Doch Im Am Auch Dann Damit Dies Diese Nach Mit Zudem Danach Später Trotzdem Jedoch"
    " Deshalb Daher Bei Seit Ein Eine".split()
)
_ORDINAL_NOT_AFTER = {"Nr.", "No.", "Art.", "S.", "Abs."}  # "Nr. 5." is a number, not an ordinal
# The longest sentence kept whole, in characters. News sentences stay far below it (the longest of the 8,185
# sentences of the BASIL corpus has 647); a longer "sentence" (a page without full stops, a list glued into
# one line) is cut into pieces at most this long, each a sentence of its own, so that splitting, scoring
# and embedding one claim costs a bounded time however long the input.
MAX_SENTENCE_CHARS = 1000
# What _is_boundary looks at around a terminal mark: enough for any abbreviation, ordinal or next word, and
# a bound that keeps each look O(1), so a line with thousands of full stops is split in linear time.
_LOOK = 80
# Where a long sentence is best cut, best first: after a clause mark, else at a space.
_CLAUSE_END = re.compile(r"[;:,–—]\s|\s[-–—]\s")
_SPACES = re.compile(r"\s*")


def detect_language(text: str) -> str:
    """The text's language as the claim pipeline knows it: "de", "en" or "other" (see ``language_of``)."""
    return language_of(text)[0]


# Below this many words a text is judged "other" only when the model is this sure of another language:
# short lines ("Choose from 30 Languages", "Berlin has 3.7 million inhabitants.") get odd guesses.
SHORT_TEXT_WORDS = 30
SURE_OF_OTHER = 0.9
_identifier = None


def language_of(text: str) -> tuple[str, float]:
    """("de" | "en" | "other", confidence 0-1) of a text.

    py3langid ranks all its 97 languages with probabilities that sum to 1 over them; the text is German or
    English, whichever is likelier, with that probability as the confidence. It is "other" (confidence: the
    probability of being neither) when German and English together are under one half, and for a short text
    only when another language is near certain. A text of fewer than two words is ("en", 0.0): any guess
    would be noise. The opening 2,000 characters are enough, and keep long texts fast.
    """
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 2:
        return "en", 0.0
    probabilities = dict(_language_model().rank(text[:2000]))
    de, en = probabilities.get("de", 0.0), probabilities.get("en", 0.0)
    best = max(probabilities, key=probabilities.get)
    short = len(re.findall(r"[^\W\d_]+", text)) < SHORT_TEXT_WORDS
    if de + en < 0.5 and (not short or probabilities[best] >= SURE_OF_OTHER):
        return OTHER_LANGUAGE, round(1.0 - de - en, 3)
    return ("de", round(de, 3)) if de > en else ("en", round(en, 3))


def _language_model():
    """py3langid's model with probabilities, loaded once (about a second), on first use."""
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _is_boundary(line: str, m: re.Match, lang: str) -> bool:
    """Whether the terminal mark ``m`` really ends a sentence (the text after it is non-empty)."""
    rest = line[m.end() : m.end() + _LOOK]
    first = re.match(r"\s*[\"“”„«»‚‘’‹›(\[]*(\S)", rest)
    if first is None:
        return True
    nxt = first.group(1)
    next_word = re.match(r"\s*[\"“”„«»‚‘’‹›(\[]*([\w.-]+)", rest)
    next_word = next_word.group(1) if next_word else ""
    if nxt.islower():  # German and English sentences start upper-case; "… sagte er", "U.S. officials"
        return False
    if m.start() > 0 and line[m.start() - 1] in "[(":  # editorial ellipsis "[…]"
        return False
    closing_quote = any(c in QUOTES for c in m.group())
    if closing_quote and VERB_AFTER_QUOTE.match(rest):  # “Wir gewinnen!” Smith said.
        return False
    if m.group()[0] == "." and not m.group().startswith(".."):
        prev = re.search(r"[\w.&-]*$", line[max(0, m.start() - _LOOK) : m.start()]).group() + "."
        if prev in JOIN_ABBREVIATIONS or prev.lower() in JOIN_ABBREVIATIONS:
            return False
        if prev in _MAY_END_ABBREV:
            return next_word in SENTENCE_STARTERS
        if re.fullmatch(r"(?:[^\W\d_]\.)+", prev):  # initials "J. R. Smith", "z. B.", "u. a.", "i.V."
            return False
        # German ordinals and dates: "am 3. Oktober", "der 2. Weltkrieg", "12. September 2023".
        if lang != "en" and re.fullmatch(r"\d{1,3}\.", prev):
            before = line[max(0, m.start() - _LOOK) : m.start() - len(prev) + 1].split()[-1:]
            return next_word in SENTENCE_STARTERS or bool(before and before[0] in _ORDINAL_NOT_AFTER)
    return True


def split_sentences(
    text: str, lang: str | None = None, cut: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``; ``text[start:end]`` is the sentence, stripped.

    Line breaks always end a sentence. Within a line, a run of ``.!?…`` (plus closing quotes) ends one
    unless it belongs to an abbreviation, an initial, a German ordinal or date, a number or URL (no space
    follows), or a quote that continues with its attribution. A sentence over ``MAX_SENTENCE_CHARS`` is cut
    into pieces no longer (``_pieces``); its span before cutting is appended to ``cut`` when given.
    """
    lang = lang or detect_language(text)
    spans: list[tuple[int, int]] = []

    def add(a: int, b: int) -> None:
        seg = text[a:b]
        if seg.strip():
            a, b = a + len(seg) - len(seg.lstrip()), b - len(seg) + len(seg.rstrip())
            if b - a <= MAX_SENTENCE_CHARS:
                spans.append((a, b))
                return
            if cut is not None:
                cut.append((a, b))
            spans.extend(_pieces(text, a, b))

    for line_match in re.finditer(r"[^\n\r\x0b\x0c\x85\u2028\u2029]+", text):
        line, offset, start = line_match.group(), line_match.start(), 0
        for m in _TERMINAL.finditer(line):
            if _is_boundary(line, m, lang):
                add(offset + start, offset + m.end())
                start = m.end()
        add(offset + start, offset + len(line))
    return spans


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of at most MAX_SENTENCE_CHARS covering the sentence ``text[start:end]`` (whitespace between
    them aside): each cut after the last clause mark (``;`` ``:`` ``,`` or a dash) in the second half of the
    allowed length, else at its last space, else (a run without spaces) at the length itself."""
    pieces = []
    a = start
    while end - a > MAX_SENTENCE_CHARS:
        window = text[a : a + MAX_SENTENCE_CHARS + 1]
        half = MAX_SENTENCE_CHARS // 2
        clause = [m.end() for m in _CLAUSE_END.finditer(window, half)]
        space = window.rfind(" ", half)
        b = a + (clause[-1] if clause else space if space > 0 else MAX_SENTENCE_CHARS)
        piece = text[a:b]
        pieces.append((a, a + len(piece.rstrip())))
        a = _SPACES.match(text, b, end).end()
    if a < end:
        pieces.append((a, end))
    return pieces


def long_sentences(text: str, lang: str | None = None) -> int:
    """How many sentences of ``text`` are over MAX_SENTENCE_CHARS (and so are cut into several claims)."""
    cut: list[tuple[int, int]] = []
    split_sentences(text, lang, cut)
    return len(cut)
