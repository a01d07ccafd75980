"""Sentence splitting and language detection (workbench.text.sentences)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from splitting import body, sentences

from workbench.text.sentences import detect_language, language_of, split_sentences

# --- language -----------------------------------------------------------------------------------------


def test_detect_language():
    assert detect_language(body("000_c1f2b0efc178133a.txt")) == "de"
    assert detect_language("The senators said the bill would pass the House next week.") == "en"
    assert detect_language("") == "en"
    assert detect_language("ok") == "en"
    assert detect_language("... 123 !!") == "en"


FRENCH = (
    "Le conseil municipal a adopté mardi soir le budget de la ville pour l'année prochaine, après un débat de"
    " plus de quatre heures."
)


def test_language_is_german_english_or_other_with_a_confidence():
    lang, confidence = language_of(body("000_c1f2b0efc178133a.txt"))
    assert lang == "de" and confidence > 0.99
    lang, confidence = language_of("The senators said the bill would pass the House next week.")
    assert lang == "en" and 0.5 < confidence <= 1.0
    assert language_of(FRENCH)[0] == "other" and language_of(FRENCH)[1] > 0.9
    for other in [  # Spanish, Dutch: never guessed as one of a hundred languages, only "other"
        "El gobierno anunció el martes un aumento de impuestos para las empresas más ricas del país.",
        "De regering heeft dinsdag een belastingverhoging aangekondigd voor de rijkste bedrijven van het land.",
    ]:
        assert detect_language(other) == "other"
    assert language_of("") == ("en", 0.0)


def test_short_unclear_text_is_not_called_another_language():
    # a menu line that once came out as "fuv": short, and no other language near certain
    lang, confidence = language_of("Choose from 30 Languages")
    assert lang in ("de", "en") and confidence < 0.5


def test_import_is_cheap():
    code = "import sys, workbench.text.attribution; print('py3langid' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]  # the language model loads on first use only


# --- sentences ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Dr. Müller kam am 3. Oktober nach Berlin. Er blieb bis zum 12.09.2023 dort.",
            ["Dr. Müller kam am 3. Oktober nach Berlin.", "Er blieb bis zum 12.09.2023 dort."],
        ),
        (
            "Der 2. Weltkrieg endete. Zum 5. Mal siegte er, z.B. in Rom, z. B. in Genf, u.a. vor 71.500 Fans.",
            [
                "Der 2. Weltkrieg endete.",
                "Zum 5. Mal siegte er, z.B. in Rom, z. B. in Genf, u.a. vor 71.500 Fans.",
            ],
        ),
        (
            "Die Firma zahlte ca. 3.5 Mio. Euro, vgl. Nr. 5. Danach kam Prof. Schmidt aus St. Gallen bzw. Bern.",
            [
                "Die Firma zahlte ca. 3.5 Mio. Euro, vgl. Nr. 5.",
                "Danach kam Prof. Schmidt aus St. Gallen bzw. Bern.",
            ],
        ),
        (
            "Am 12. September 2023 kam es zum Treffen. „Es gab keine solchen Pläne“, betonte er. Dann ging er.",
            [
                "Am 12. September 2023 kam es zum Treffen.",
                "„Es gab keine solchen Pläne“, betonte er.",
                "Dann ging er.",
            ],
        ),
        (
            "“Wir kommen!”, sagte er. Infos unter www.example.com oder info@example.de. Gut.",
            ["“Wir kommen!”, sagte er.", "Infos unter www.example.com oder info@example.de.", "Gut."],
        ),
        (
            "Er sagte: »Wir bleiben.« Sie nickte. ‚Gut.‘ Das war alles.",
            ["Er sagte: »Wir bleiben.«", "Sie nickte.", "‚Gut.‘", "Das war alles."],
        ),
        (
            "Kim sagte … nichts. Danach … Stille. Die Zusammenarbeit […] ist illegal.",
            ["Kim sagte … nichts.", "Danach …", "Stille.", "Die Zusammenarbeit […] ist illegal."],
        ),
    ],
)
def test_split_sentences_german(text, expected):
    assert sentences(text, "de") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Smith met J. R. Smith on Jan. 5. The U.S. officials said so.",
            ["Mr. Smith met J. R. Smith on Jan. 5.", "The U.S. officials said so."],
        ),
        (
            "He lives in the U.S. The rest live in Burlington, Vt. They are happy.",
            ["He lives in the U.S.", "The rest live in Burlington, Vt.", "They are happy."],
        ),
        (
            '"We will win," he said. "We will win!" Smith said. "Why?" asked Jones. She went home.',
            [
                '"We will win," he said.',
                '"We will win!" Smith said.',
                '"Why?" asked Jones.',
                "She went home.",
            ],
        ),
        (
            "It cost $3.5 million, i.e. a lot, e.g. more than Sen. Jones and Gov. Brown etc. Then it ended",
            [
                "It cost $3.5 million, i.e. a lot, e.g. more than Sen. Jones and Gov. Brown etc.",
                "Then it ended",
            ],
        ),
        ("Is it true? Yes! Really... Maybe.", ["Is it true?", "Yes!", "Really...", "Maybe."]),
    ],
)
def test_split_sentences_english(text, expected):
    assert sentences(text, "en") == expected


def test_newlines_always_end_sentences():
    text = "Erste Zeile ohne Punkt\nZweite Zeile, z.B.\n\n  Dritter Absatz.  \r\nVierter"
    expected = ["Erste Zeile ohne Punkt", "Zweite Zeile, z.B.", "Dritter Absatz.", "Vierter"]
    assert sentences(text, "de") == expected


def test_english_ordinal_like_number_ends_sentence_but_german_ordinal_does_not():
    assert sentences("The score was 3. The game ended.", "en") == ["The score was 3.", "The game ended."]
    assert sentences("Es war der 3. Versuch.", "de") == ["Es war der 3. Versuch."]


def test_samples_sentence_counts():
    assert len(split_sentences(body("000_c1f2b0efc178133a.txt"), "de")) == 16
    assert len(split_sentences(body("004_d7484674f431bfd9.txt"), "de")) == 14
    # the attribution after the closing quote stays in the sentence
    assert "“Es gab keine solchen Pläne”, betonte er." in sentences(body("004_d7484674f431bfd9.txt"))
