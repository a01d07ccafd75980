"""Claim decomposition, speakers, roles, kinds and check-worthiness of claims (workbench.text.attribution)."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from splitting import BASIL, EXPECTED, assert_spans, basil_texts, body, claims_of

from workbench.text.attribution import split_claims
from workbench.text.sentences import split_sentences

# --- the offsets invariant ----------------------------------------------------------------------------

NASTY = [
    "",
    "   ",
    "...",
    "„",
    "“",
    "a\n\nb",
    "😀 🎉",
    "Nr. 5.",
    "U.S. officials said.",
    "ohne Punkt",
    "\n\n\t ",
    "?!",
    "«»",
    "a",
    " x. ",
    "„Hallo“, sagte er.",
    "He said.",
    "said",
    ", sagte",
    "…",
    "\u2028x\u2029y",
    "Er sagte:",
    "“”",
    "laut",
    "according to",
    "Wie? Was?!  Warum…",
    "\u00a0Nbsp\u00a0x.\u00a0",
    "Ünïcödé façade — naïve café. Ωμέγα.",
    "A.B.C.D.E.",
    "1.2.3. 4. 5.",
    '"',
    "'",
    "(...)",
    "[…] x",
    "Line one\r\nLine two\rLine three",
    "Tab\tseparated.\tWords here.",
    "x" * 500,
    "Er sagte, dass.",
]


@pytest.mark.parametrize("text", NASTY)
def test_offsets_invariant_on_nasty_strings(text):
    for lang in (None, "de", "en"):
        spans = split_sentences(text, lang)
        assert all(0 <= a < b <= len(text) and text[a:b] == text[a:b].strip() for a, b in spans)
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
        claims = split_claims(text, lang)
        for i, claim in enumerate(claims):
            assert text[claim.start : claim.end] == claim.sentence
            assert claim.position == i and claim.text and 0.0 <= claim.checkworthiness <= 1.0
            assert not claim.text.endswith(",")
        assert_spans(text, claims)


def test_offsets_invariant_on_random_text():
    rng = random.Random(7)
    pieces = list("abXYZäü .,!?…\"“”„«»‚‘’'()[]:;-—\n\t 0179") + [
        "Dr.",
        " z. B. ",
        "U.S.",
        " sagte er",
        ", said Smith",
        "laut ",
        " dass ",
        "😀",
        " am 3. ",
        "Er ",
    ]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        for lang in ("de", "en"):
            for i, claim in enumerate(split_claims(text, lang)):
                assert text[claim.start : claim.end] == claim.sentence and claim.position == i
                assert claim.text and 0.0 <= claim.checkworthiness <= 1.0
            assert_spans(text, split_claims(text, lang))


def test_only_punctuation_or_empty_yields_no_claims():
    for text in ("", "   ", "...", "„", "😀", "***\n---"):
        assert split_claims(text) == []


@pytest.mark.parametrize("name", ["000_c1f2b0efc178133a.txt", "004_d7484674f431bfd9.txt"])
def test_offsets_invariant_on_samples(name):
    text = body(name)
    claims = split_claims(text)
    assert [c.position for c in claims] == list(range(len(claims)))
    for claim in claims:
        assert text[claim.start : claim.end] == claim.sentence
        assert 0.0 <= claim.checkworthiness <= 1.0
        assert not claim.text.endswith((",", "."))
        assert not any(q in claim.text for q in "“”„")
    # every sentence yields at least one claim, in reading order
    assert sorted({(c.start, c.end) for c in claims}) == split_sentences(text, "de")
    assert_spans(text, claims)


def test_offsets_invariant_on_basil():
    for text in basil_texts(25):
        claims = split_claims(text)
        assert claims
        assert [c.position for c in claims] == list(range(len(claims)))
        assert all(text[c.start : c.end] == c.sentence and 0 <= c.checkworthiness <= 1 for c in claims)
        assert all(c.text and not c.text.endswith(",") for c in claims)
        starts = [c.start for c in claims]
        assert starts == sorted(starts)
        assert_spans(text, claims)


# --- sample articles: hand-written expectations --------------------------------------------------------


@pytest.mark.parametrize(
    "name, case",
    [(name, case) for name, cases in EXPECTED.items() if not name.startswith("_") for case in cases],
)
def test_sample_claims(name, case):
    candidates = claims_of(body(name), case["sentence"])
    matching = [c for c in candidates if case["text"] in c.text]
    assert matching, f"no claim containing {case['text']!r}; got {[c.text for c in candidates]}"
    claim = matching[0]
    assert claim.speaker == case["speaker"]
    for frame in case["not"]:
        assert frame not in claim.text


def test_sample_decomposition_counts():
    a = split_claims(body("000_c1f2b0efc178133a.txt"))
    b = split_claims(body("004_d7484674f431bfd9.txt"))
    assert len(claims_of(body("000_c1f2b0efc178133a.txt"), "Kim möchte laut")) == 2
    assert len(claims_of(body("004_d7484674f431bfd9.txt"), "Wenn ein solcher Deal")) == 2
    assert (len(a), len(b)) == (18, 15)


def test_kreml_claim_is_in_main_clause_order():
    claims = claims_of(body("000_c1f2b0efc178133a.txt"), "Kim möchte laut")
    kreml = [c for c in claims if c.speaker == "Kreml"]
    assert kreml[0].text == "Der Gipfel werde sich auf eine Reihe von heiklen Themen konzentrieren"


# --- English attribution ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, text, speaker",
    [
        ("According to the Pentagon, 300 troops were deployed.", "300 troops were deployed", "Pentagon"),
        ("300 troops were deployed, according to the Pentagon.", "300 troops were deployed", "Pentagon"),
        (
            "The plan, according to officials, will cost $5 billion.",
            "The plan will cost $5 billion",
            "officials",
        ),
        (
            "Senator John Smith said the bill would cost $5 billion.",
            "The bill would cost $5 billion",
            "John Smith",
        ),
        ("The White House said that the talks had failed.", "The talks had failed", "White House"),
        ("The talks had failed, the White House said on Friday.", "The talks had failed", "White House"),
        (
            '"The talks have failed," said State Department spokesman Ned Price.',
            "The talks have failed",
            "Ned Price",
        ),
        (
            "\u201cThere was no impropriety,\u201d Robert F. Bauer, the White House counsel, said in a memo.",
            "There was no impropriety",
            "Robert F. Bauer",
        ),
        (
            "Jane Doe told reporters that the mine was closed in 2019.",
            "The mine was closed in 2019",
            "Jane Doe",
        ),
        # a role without a name names no one: empty and "speaker unclear" (see test_unresolved_role_is_unclear)
        (
            "The governor argued that the law violates the constitution.",
            "The law violates the constitution",
            "",
        ),
        ("Smith warned that prices would rise by 10 percent.", "Prices would rise by 10 percent", "Smith"),
        ("The company did not comment on the report.", "The company did not comment on the report", ""),
    ],
)
def test_english_attribution(sentence, text, speaker):
    [claim] = split_claims(sentence, "en")
    assert (claim.text, claim.speaker) == (text, speaker)


def test_english_pronoun_resolves_to_last_named_person():
    text = (
        'Senator Jane Roe said the plan was flawed. "It is a disaster," she said. '
        '"It will cost billions." The vote is due in May.'
    )
    claims = split_claims(text, "en")
    assert [c.speaker for c in claims] == ["Jane Roe", "Jane Roe", "Jane Roe", ""]
    assert claims[1].text == "It is a disaster"


def test_quote_split_over_sentences_keeps_its_speaker_only_in_the_paragraph():
    text = '"We won," Smith said. "It was close.\n\n"Nobody knows who said this."'
    claims = split_claims(text, "en")
    assert [c.speaker for c in claims] == ["Smith", "Smith", ""]


def test_english_two_claims_with_adding():
    [first, second] = split_claims(
        "The deal violates the treaty, Jenkins said, adding that sanctions would follow.", "en"
    )
    assert (first.text, first.speaker) == ("The deal violates the treaty", "Jenkins")
    assert (second.text, second.speaker) == ("Sanctions would follow", "Jenkins")


def test_english_speaker_is_never_a_clause():
    for text in basil_texts(60):
        for claim in split_claims(text, "en"):
            assert len(claim.speaker.split()) <= 8
            assert not claim.speaker.startswith(("and ", "but ", "that "))


# --- German attribution -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, text, speaker",
    [
        ("Laut dem Innenministerium kamen 2023 rund 5000 Menschen.", "2023 kamen rund 5000 Menschen", None),
        ("Dem Bericht zufolge stieg die Zahl um 12 Prozent.", "Die Zahl stieg um 12 Prozent", "Bericht"),
        (
            "Die Zahl stieg, wie das Innenministerium mitteilte, um 12 Prozent.",
            "Die Zahl stieg um 12 Prozent",
            "Innenministerium",
        ),
        (
            "Die Ministerin erklärte, dass die Reform gescheitert sei.",
            "Die Reform sei gescheitert",
            "",
        ),
        (
            "„Die Reform ist gescheitert“, sagte Ministerin Anna Schmidt am Montag in Berlin.",
            "Die Reform ist gescheitert",
            "Anna Schmidt",
        ),
        ("Die Reform ist gescheitert, sagte der Sprecher.", "Die Reform ist gescheitert", ""),
        ("Die Wirtschaft wächst wieder.", "Die Wirtschaft wächst wieder", ""),
    ],
)
def test_german_attribution(sentence, text, speaker):
    [claim] = split_claims(sentence, "de")
    if speaker is None:  # verb-first residue that is not safe to reorder: the frame must still be gone
        assert claim.speaker == "Innenministerium" and "Laut" not in claim.text
    else:
        assert (claim.text, claim.speaker) == (text, speaker)


def test_konjunktiv_continues_reported_speech():
    text = "Die Ministerin Anna Schmidt sagte, die Reform sei gescheitert. Man habe zu spät gehandelt."
    claims = split_claims(text, "de")
    assert [c.speaker for c in claims] == ["Anna Schmidt", "Anna Schmidt"]


# --- check-worthiness ---------------------------------------------------------------------------------


def test_checkworthiness_orders_figures_above_questions_and_opinions():
    claims = split_claims(body("000_c1f2b0efc178133a.txt"))
    putin = next(c for c in claims if "71.500" in c.text)
    miller = next(c for c in claims if "Waffentransfer" in c.text)
    question = split_claims("Wird Russland die Waffen wirklich kaufen?", "de")[0]
    opinion = split_claims("Das ist einfach schrecklich und besorgniserregend.", "de")[0]
    wish = split_claims("Ich hoffe, dass alles gut wird.", "de")[0]
    assert putin.checkworthiness > question.checkworthiness
    assert putin.checkworthiness > opinion.checkworthiness
    assert miller.checkworthiness > wish.checkworthiness
    assert putin.checkworthiness >= 0.6 and question.checkworthiness <= 0.3


def test_checkworthiness_cues_in_english():
    def score(text):
        return split_claims(text, "en")[0].checkworthiness

    base = score("The committee met in the afternoon to talk.")
    assert score("Unemployment rose by 4.5 percent in 2023, the highest rate since 1990.") > base
    assert score("The strike violated a UN Security Council resolution.") > base
    assert score("Is this the end?") < base
    assert score("I think it is terrible.") < base
    assert all(0.0 <= score(t) <= 1.0 for t in ["1 2 3 4 5 6 7 8 9 10 % 2020 most illegal UN", "Hm?", "Hm."])


# --- every sample sentence: claims, speakers, roles, kinds ---------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED["_every_sentence"]))
def test_every_sample_sentence(name):
    text = body(name)
    claims = split_claims(text, "de")
    spans = split_sentences(text, "de")
    expected = EXPECTED["_every_sentence"][name]
    assert len(expected) == len(spans)
    for (a, b), case in zip(spans, expected):
        assert text[a:b].startswith(case["sentence"])
        got = [[c.speaker, c.role, c.kind] for c in claims if c.start == a]
        assert got == case["claims"], text[a:b]


def test_sample_spans_of_split_sentences():
    text = body("000_c1f2b0efc178133a.txt")
    kim, kreml = claims_of(text, "Kim möchte laut")
    assert text[kim.span_start : kim.span_end].startswith("Kim möchte laut westlichen Medienberichten")
    assert text[kim.span_start : kim.span_end].endswith("ausbauen")
    assert text[kreml.span_start : kreml.span_end].startswith("der Kreml erklärte, dass")
    [whole] = claims_of(text, "Nordkorea verfügt")
    assert (whole.span_start, whole.span_end) == (whole.start, whole.end)


# --- speakers and roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, lang, speaker, role",
    [
        (
            "Die Sanktionen wirken, sagte der Sprecher des US-Außenministeriums Matthew Miller.",
            "de",
            "Matthew Miller",
            "Sprecher des US-Außenministeriums",
        ),
        ("Kremlsprecher Dmitri Peskow sagte, es gebe keine Pläne.", "de", "Dmitri Peskow", "Kremlsprecher"),
        (
            "Der Sprecher des Kreml, Dmitri Peskow, sagte, es gebe keine Pläne.",
            "de",
            "Dmitri Peskow",
            "Sprecher des Kreml",
        ),
        (
            "Es gebe keine Pläne, sagte der südkoreanische Vizeaußenminister Chang Ho-jin.",
            "de",
            "Chang Ho-jin",
            "südkoreanischer Vizeaußenminister",
        ),
        (
            "„Das ist ein guter Tag“, sagte Kommissionschefin Ursula von der Leyen.",
            "de",
            "Ursula von der Leyen",
            "Kommissionschefin",
        ),
        (
            "US Secretary of State Antony Blinken said the talks would continue.",
            "en",
            "Antony Blinken",
            "US Secretary of State",
        ),
        (
            "The strike was legal, John Smith, a spokesman for the Pentagon, said.",
            "en",
            "John Smith",
            "spokesman for the Pentagon",
        ),
        (
            '"We will win," said State Department spokesman Ned Price.',
            "en",
            "Ned Price",
            "State Department spokesman",
        ),
        ("Senator John Smith said the bill would cost $5 billion.", "en", "John Smith", "Senator"),
        ("The talks had failed, the White House said on Friday.", "en", "White House", ""),
        ("Die Reform ist gescheitert, sagte der Sprecher.", "de", "", "Sprecher"),  # a role without a name
    ],
)
def test_speaker_and_role(sentence, lang, speaker, role):
    [claim] = split_claims(sentence, lang)
    assert (claim.speaker, claim.role) == (speaker, role)


def test_role_is_remembered_for_later_mentions():
    text = (
        "Der Sprecher des US-Außenministeriums Matthew Miller sagte, die Sanktionen wirkten. "
        "Die Lage sei ernst, sagte Miller."
    )
    assert [(c.speaker, c.role) for c in split_claims(text, "de")] == [
        ("Matthew Miller", "Sprecher des US-Außenministeriums")
    ] * 2
    text = "Defense Secretary Jim Mattis visited Kabul on Monday. The troops will stay, Mattis said."
    assert split_claims(text, "en")[-1].role == "Defense Secretary"


def test_anaphoric_role_resolves_to_the_person_and_keeps_the_role():
    [claim] = claims_of(body("004_d7484674f431bfd9.txt"), "Nach Angaben des Vizeministers")
    assert (claim.speaker, claim.role) == ("Chang Ho-jin", "Vizeminister")


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("Laut dem Kreml ist der Gipfel beendet.", "Kreml"),
        ("Nach Angaben des Kremls wurde nichts unterzeichnet.", "Kreml"),
        ("Dem Ministerium zufolge stieg die Zahl um 12 Prozent.", "Ministerium"),
        ("Nach Angaben der Polizei wurden drei Menschen verletzt.", "Polizei"),
        ("Die Zahl stieg um 12 Prozent, so Innenministerin Nancy Faeser.", "Nancy Faeser"),
        # an unnamed spokesperson speaks for the organisation
        (
            "Wie ein Sprecher der Deutschen Bahn mitteilte, fallen am Montag alle Fernzüge aus.",
            "Deutsche Bahn",
        ),
        ("Der Vorschlag sei nicht umsetzbar, hieß es aus dem Kreml.", "Kreml"),
        (
            "Bundeskanzler Olaf Scholz sagte am Mittwoch in Berlin, die Hilfen würden verlängert.",
            "Olaf Scholz",
        ),
    ],
)
def test_german_sources_are_speakers_and_leave_the_text(sentence, speaker):
    [claim] = split_claims(sentence, "de")
    assert claim.speaker == speaker
    for frame in ("Laut", "laut", "zufolge", "Angaben", " so ", "mitteilte", "hieß es", "sagte"):
        assert frame not in claim.text


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("The mine was closed in 2019, Jane Doe told reporters.", "Jane Doe"),
        ("The mine was closed in 2019, Jane Doe said in a statement.", "Jane Doe"),
        ("Jane Doe told reporters the mine was closed in 2019.", "Jane Doe"),
        ("In a letter to voters, Jane Doe said the mine was closed in 2019.", "Jane Doe"),
        ("The mine was closed in 2019, according to the Home Office.", "Home Office"),
    ],
)
def test_english_sources_are_speakers_and_leave_the_text(sentence, speaker):
    [claim] = split_claims(sentence, "en")
    assert (claim.text, claim.speaker) == ("The mine was closed in 2019", speaker)


# --- quotes over sentences and pronouns ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, texts",
    [
        (
            "„Wir werden das nicht hinnehmen. Die Sanktionen wirken“, sagte Miller.",
            "de",
            ["Wir werden das nicht hinnehmen", "Die Sanktionen wirken"],
        ),
        (
            '"We will not accept this. The sanctions are working," Miller said.',
            "en",
            ["We will not accept this", "The sanctions are working"],
        ),
    ],
)
def test_quote_attributed_in_a_later_sentence(text, lang, texts):
    claims = split_claims(
        f"Jones sprach zuerst. {text}" if lang == "de" else f"Jones spoke first. {text}", lang
    )
    assert [(c.text, c.speaker) for c in claims[1:]] == [(t, "Miller") for t in texts]


def test_open_quote_is_not_attributed_backwards_across_paragraphs():
    text = '"We will not accept this.\n\nThe sanctions are working," Miller said.'
    assert [c.speaker for c in split_claims(text, "en")] == ["", "Miller"]


@pytest.mark.parametrize(
    "text, lang, claim_text, speaker",
    [
        (
            "Wladimir Putin sagte, die Lage sei stabil. Er werde die Gespräche fortsetzen.",
            "de",
            "Putin werde die Gespräche fortsetzen",
            "Wladimir Putin",
        ),
        (
            "Der russische Präsident Wladimir Putin traf in Peking ein. Er werde die Gespräche fortsetzen, sagte er.",
            "de",
            "Putin werde die Gespräche fortsetzen",
            "Wladimir Putin",
        ),
        (
            "Ricarda Lang sagte, die Partei stehe zusammen. Sie sei zuversichtlich.",
            "de",
            "Lang sei zuversichtlich",
            "Ricarda Lang",
        ),
        (
            "John Smith was asked about the scandal. He said he would resign.",
            "en",
            "Smith would resign",
            "John Smith",
        ),
    ],
)
def test_pronoun_subject_is_replaced_by_the_name(text, lang, claim_text, speaker):
    claim = split_claims(text, lang)[-1]
    assert (claim.text, claim.speaker) == (claim_text, speaker)


def test_pronouns_stay_when_unsure():
    # plural "sie" and pronouns inside a quote are left alone
    claim = split_claims("Die Minister sagten, sie würden helfen.", "de")[0]
    assert claim.text.startswith("sie würden")
    claim = split_claims('"He will lose," Smith said.', "en")[0]
    assert claim.text == "He will lose"


# --- kinds ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, kinds",
    [
        ("Wird Russland die Waffen kaufen?", "de", ["question"]),
        ("Why did the talks fail?", "en", ["question"]),
        (
            "Nordkorea und Russland: Gipfel in Wladiwostok\nDer Gipfel begann am Montag.",
            "de",
            ["headline", "claim"],
        ),
        ("Summit in Vladivostok\nThe summit began on Monday.", "en", ["headline", "claim"]),
        ("Das ist eine Schande.", "de", ["opinion"]),
        ("Ich finde das einfach schrecklich.", "de", ["opinion"]),
        ("This is outrageous!", "en", ["opinion"]),
        ("I think it is terrible.", "en", ["opinion"]),
        # checkable content framed as opinion stays a claim
        ("Ich finde, dass Scholz 2023 die Wahl verloren hat.", "de", ["claim"]),
        ("I think Smith lied about the 2019 budget.", "en", ["claim"]),
        ("The line ends without a stop but has a verb: prices rose", "en", ["claim"]),
    ],
)
def test_kinds(text, lang, kinds):
    claims = split_claims(text, lang)
    assert [c.kind for c in claims] == kinds
    assert all(c.text for c in claims)  # marked, never dropped


# --- attribution accuracy on the gold set ---------------------------------------------------------------


def _extraction_benchmark():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "extraction.py"
    spec = importlib.util.spec_from_file_location("extraction_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_attribution_accuracy_floor():
    bench = _extraction_benchmark()
    results = bench.gold_results()
    de_speaker, de_role, n_de = bench.accuracy(results, "de")
    assert n_de >= 40 and de_speaker >= 0.82 and de_role >= 0.9
    if BASIL.exists():
        en_speaker, en_role, n_en = bench.accuracy(results, "en")
        assert n_en >= 100 and en_speaker >= 0.63 and en_role >= 0.73


def test_dev_attribution_accuracy_floor():
    # the dev set (tests/fixtures/attribution_dev.jsonl, other BASIL sentences) is what the English rules were
    # tuned on; the gold set above stays the held-out test. Issue 14 lowered the floor from 0.76: a "he"/"she"
    # whose person is not named in the same or the previous sentence is now left empty and marked "speaker
    # unclear" rather than guessed, and so is one that competes with another possible name (0.81 -> 0.72
    # here; the held-out set above went from 0.68 to 0.70)
    if not BASIL.exists():
        pytest.skip("BASIL not available")
    bench = _extraction_benchmark()
    results = bench.gold_results(path=Path(__file__).parents[1] / "fixtures" / "attribution_dev.jsonl")
    en_speaker, en_role, n_en = bench.accuracy(results, "en")
    assert n_en >= 100 and en_speaker >= 0.7 and en_role >= 0.78


@pytest.mark.parametrize(
    "text, speaker, role",
    [
        # a name with an apposition of any kind before the verb, after fronted phrases
        ("In his letter Thursday, Jim Mattis, 68, had said he would stay until February.", "Jim Mattis", ""),
        (
            "John Thune, who leads the Senate Republican Conference, added that Democrats had failed.",
            "John Thune",
            "",
        ),
        (
            'Texas Gov. Rick Perry, in a written statement, said: "Guns require a finger to pull the trigger."',
            "Rick Perry",
            "Texas Gov.",
        ),
        # "Attorney General" is one title
        ("Attorney General Eric Holder said the inquiry would continue.", "Eric Holder", "Attorney General"),
        # a person only named with a title is the referent of "he", with the title as role
        ("President Trump spoke on Friday. “We have a deal,” he said.", "Trump", "President"),
        # a lower-case job title at the first mention is the role
        (
            "The centre was closed, spokeswoman Dana Rucker told reporters. “They are shaken,” Rucker said.",
            "Dana Rucker",
            "spokeswoman",
        ),
        # "the <role>" is the one person introduced with that role
        (
            "The report by the inspector general, Michael E. Horowitz, was long. "
            "The inspector general said the email contained sealed information.",
            "Michael E. Horowitz",
            "inspector general",
        ),
        # a fragment closing a quote from the sentence before
        ("“Release the report. Now,” Ms. Warren wrote on Twitter.", "Warren", ""),
    ],
)
def test_english_attribution_rules(text, speaker, role):
    claim = split_claims(text, "en")[-1]
    assert (claim.speaker, claim.role) == (speaker, role)


def test_quote_closing_sentence_is_not_parsed_for_a_speaker():
    text = 'Biden was quick to retort: "That is malarkey. Not a single thing he said is accurate."'
    assert split_claims(text, "en")[-1].speaker != "Not a single thing he"


# --- issue 14: speakers a fact-checker can rely on (own example sentences, none from the gold set) ---------


def _one(text: str, lang: str, part: str = ""):
    """The last claim of ``text`` (or the one whose sentence holds ``part``)."""
    claims = split_claims(text, lang)
    return next(c for c in reversed(claims) if part in c.sentence)


@pytest.mark.parametrize(
    "text, lang, speaker, role",
    [
        # a pronoun means the one person named in the previous sentence ...
        (
            "Mara Lindqvist leitet das Klärwerk. Die Anlage sei veraltet, sagte sie.",
            "de",
            "Mara Lindqvist",
            "",
        ),
        ("Tomas Brandt runs the depot. The trucks are too old, he said.", "en", "Tomas Brandt", ""),
        # ... of the pronoun's gender, when the first names tell it ("er" is not Anna Berg)
        (
            "Anna Berg traf Paul Kern in Bremen. Die Gespräche seien gut gelaufen, sagte er.",
            "de",
            "Paul Kern",
            "",
        ),
        ("Lena Ortiz met Tom Okafor in Leeds. The talks went well, he said.", "en", "Tom Okafor", ""),
        # ... or the subject of the previous sentence over the people it only mentions
        ("Omar Ortiz met Tom Okafor in Leeds. The talks went well, he said.", "en", "Omar Ortiz", ""),
        # ... and the nearest sentence that names anyone, up to three back in this or the previous paragraph
        (
            "Sabine Jung leitet die Kita. Das Haus ist alt. Es fehle an Geld, sagte sie.",
            "de",
            "Sabine Jung",
            "",
        ),
        # ... or the speaker of the previous sentence when it names several
        (
            "Ilse Haupt sagte, Jonas Wirth habe sich geirrt. Die Zahlen seien falsch, betonte sie.",
            "de",
            "Ilse Haupt",
            "",
        ),
    ],
)
def test_pronoun_resolves_only_to_one_person_nearby(text, lang, speaker, role):
    claim = _one(text, lang)
    assert (claim.speaker, claim.role, claim.speaker_unclear) == (speaker, role, False)


@pytest.mark.parametrize(
    "text, lang",
    [
        # two people of the pronoun's gender, nobody speaking before, neither the subject: "er" could be either
        ("In Bremen traf Jonas Berg Paul Kern. Die Gespräche seien gut gelaufen, sagte er.", "de"),
        ("In Leeds, Omar Ortiz met Tom Okafor. The talks went well, he said.", "en"),
        # nobody named in this or the previous sentence
        ("Der Hafen wurde 1890 gebaut. Er sei zu klein geworden, sagte sie.", "de"),
        ("The port was built in 1890. It is too small now, she said.", "en"),
        # a role without a name, and a generic organisation noun
        ("Die Reform ist gescheitert, sagte der Sprecher.", "de"),
        ("The plan is dead, the company said.", "en"),
        # a quotation nobody is named for, after a sentence naming two people
        ("Anna Berg traf Paul Kern in Bremen.\n\n„Wir brauchen mehr Geld.“", "de"),
    ],
)
def test_uncertain_speakers_stay_empty_and_are_marked_unclear(text, lang):
    claim = _one(text, lang)
    assert claim.speaker == "" and claim.speaker_unclear


def test_a_claim_without_reporting_is_not_unclear():
    claim = _one("Die Brücke ist seit Montag gesperrt.", "de")
    assert (claim.speaker, claim.speaker_unclear, claim.frame) == ("", False, "")


@pytest.mark.parametrize(
    "sentence, lang, speaker, role, gone",
    [
        # role split from the name, in front of it
        (
            "Das Werk schließt 2027, sagte Geschäftsführer Jens Kolbe.",
            "de",
            "Jens Kolbe",
            "Geschäftsführer",
            ["sagte", "Geschäftsführer"],
        ),
        (
            "Der Umsatz stieg laut Geschäftsführerin Petra Lindner um 8 Prozent.",
            "de",
            "Petra Lindner",
            "Geschäftsführerin",
            ["laut", "Geschäftsführerin"],
        ),
        # the addressee in the dative is not the speaker
        (
            "„Wir bleiben in Kassel“, sagte Hofer der Süddeutschen Zeitung.",
            "de",
            "Hofer",
            "",
            ["sagte", "Süddeutschen"],
        ),
        ("Die Mieten steigen weiter, sagte er dem WDR.", "de", "", "", ["WDR"]),
        # an unnamed spokesperson speaks for the organisation
        (
            "„Die Lieferungen laufen wieder“, so ein Sprecher von Norla.",
            "de",
            "Norla",
            "Sprecher",
            ["Sprecher"],
        ),
        (
            '"Our members will strike," a spokesperson for the Tenants Guild said.',
            "en",
            "Tenants Guild",
            "spokesperson",
            ["spokesperson"],
        ),
        # circumstances after the name are not part of it
        (
            "Die Bahn muss schneller werden, sagte Kerner beim Parteitag der Liberalen.",
            "de",
            "Kerner",
            "",
            ["Parteitag"],
        ),
        ('"We were lucky," Ada Quist said backstage.', "en", "Ada Quist", "", ["backstage"]),
        ('"It rained for a week," he said to laughter.', "en", "", "", ["laughter"]),
        # a person of an outlet
        (
            "The river rose by two metres, according to Mia Sorensen of the Daily Courier.",
            "en",
            "Mia Sorensen",
            "of the Daily Courier",
            ["according"],
        ),
    ],
)
def test_frames_speakers_roles_and_addressees(sentence, lang, speaker, role, gone):
    claim = split_claims(sentence, lang)[-1]
    assert (claim.speaker, claim.role) == (speaker, role)
    for word in gone:
        assert word not in claim.text
    assert claim.frame and all(w in sentence for w in claim.frame.replace(" … ", " ").split())


@pytest.mark.parametrize(
    "sentence, lang, speaker",
    [
        # German reporting verbs and constructions as news use them
        ("Die Preise würden weiter steigen, glaubt Hanna Vogt.", "de", "Hanna Vogt"),
        ("Im Winter fehlen 300 Busfahrer, berichtet Uwe Rossmann.", "de", "Uwe Rossmann"),
        ("Die Halle sei zu klein gewesen, erzählt Irma Kessler.", "de", "Irma Kessler"),
        ("Bis 2030 verdoppelt sich der Bedarf, prognostizieren Fachleute.", "de", "Fachleute"),
        ("Die Kosten seien gestiegen, hieß es aus dem Rathaus.", "de", "Rathaus"),
        ("Der Mieterverband teilte mit, dass 40 Betriebe schließen.", "de", "Mieterverband"),
        ("Nach Angaben der Feuerwehr brannten drei Hallen.", "de", "Feuerwehr"),
        ("Dem Gutachten zufolge fehlen 12 Millionen Euro.", "de", "Gutachten"),
        ("Die Schule schließt, wie die Stadt mitteilte, im Juli.", "de", "Stadt"),
        ("Nach Informationen des Kuriers wird das Werk verkauft.", "de", "Kurier"),
        # English
        ("Police said in a statement that two men were arrested.", "en", "Police"),
        ("Rita Moss told the Gazette that the mill would close.", "en", "Rita Moss"),
        ("The mill will close in May, says a report by the Labour Office.", "en", ""),
        ("The mill will close in May, according to the GMB union.", "en", "union"),
    ],
)
def test_reporting_constructions(sentence, lang, speaker):
    claim = split_claims(sentence, lang)[-1]
    if speaker:
        assert speaker in claim.speaker
    assert not claim.speaker or claim.frame


def test_konjunktiv_continues_the_speaker_and_indicative_does_not():
    text = (
        "Die Bürgermeisterin Carla Nowak sagte, die Brücke sei marode. Sie müsse bis 2026 ersetzt werden. "
        "Die Brücke wurde 1962 gebaut."
    )
    claims = split_claims(text, "de")
    assert [c.speaker for c in claims] == ["Carla Nowak", "Carla Nowak", ""]
    assert claims[1].frame.startswith("earlier: ")


def test_quotation_over_sentences_takes_the_speaker_of_its_frame():
    text = "„Wir haben genug gewartet. Jetzt muss gebaut werden“, sagte Theo Ramm. Der Rat tagt im Mai."
    claims = split_claims(text, "de")
    assert [c.speaker for c in claims] == ["Theo Ramm", "Theo Ramm", ""]
    assert claims[0].frame.startswith("later: ")


def test_a_frame_inside_a_running_quotation_is_quoted_speech():
    text = "„Wir sind am Limit, sagte mir gestern ein Kollege, und das stimmt.“ So beschreibt es Jana Wolff. "
    text = "Jana Wolff sagte: „Wir sind am Limit. Mein Kollege sagte, dass es nicht reicht. Das stimmt.“"
    claims = split_claims(text, "de")
    assert [c.speaker for c in claims] == ["Jana Wolff"] * 3


def test_name_before_a_colon_and_a_quote():
    text = "Eva Sturm ist seit 2019 Trainerin.\n\nSturm: „Wir spielen auf Sieg“"
    claim = split_claims(text, "de")[-1]
    assert (claim.speaker, claim.text) == ("Eva Sturm", "Wir spielen auf Sieg")


def test_relative_clause_gives_the_role_and_is_no_claim_of_its_own():
    sentence = (
        "Der Vertrag gilt bis 2030, sagte Rosa Imhof, die als Sprecherin der Initiative fungiert und die "
        "Pressearbeit leitet."
    )
    claims = split_claims(sentence, "de")
    assert len(claims) == 1
    assert (claims[0].speaker, claims[0].role) == ("Rosa Imhof", "Sprecherin der Initiative")
    assert "fungiert" not in claims[0].text


def test_speech_act_with_a_noun_object_keeps_the_sentence():
    text = "Karl Dorn ist Betriebsrat. Dorn kritisierte die Schließung des Werks in Hof."
    claim = split_claims(text, "de")[-1]
    assert claim.speaker == "Karl Dorn" and claim.text.startswith("Dorn kritisierte")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_speakers_are_plausible_names_on_random_sentences(lang):
    # property: whatever the rules find, a speaker is short, has no clause words, and a named or unclear
    # claim always shows the words that made it
    rng = random.Random(14)
    words = (
        "sagte er sie der die Sprecher dem NDR laut Kerner Anna Berg zufolge teilte mit dass „ “ , . : said he she"
        " the spokesperson for Union told reporters that according to Ada Quist in a statement added"
    ).split()
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 25)))
        for claim in split_claims(text, lang):
            assert len(claim.speaker.split()) <= 8
            assert not (claim.speaker and claim.speaker_unclear)
            assert text[claim.start : claim.end] == claim.sentence


def test_a_spokesperson_speaks_for_the_organisation_and_he_then_means_it():
    text = (
        "Jo Reed, the union's leader, said pay had fallen. "
        "But a spokesperson for the Harbour Employers’ Association (HEA) said its members had raised pay. "
        "“Wages rose 4% last year,” he said."
    )
    claims = split_claims(text, "en")
    assert [c.speaker for c in claims] == ["Jo Reed"] + ["Harbour Employers’ Association (HEA)"] * 2
    assert claims[1].role == "spokesperson" and claims[1].text.startswith("Its members")


def test_a_quoted_title_before_the_speaker_is_no_quotation():
    [claim] = split_claims(
        "“Tidewater” director Ana Ruiz said backstage that nobody expected the prize.", "en"
    )
    assert (claim.speaker, claim.role) == ("Ana Ruiz", "Tidewater director")
    assert claim.text == "Nobody expected the prize" and "\u2060" not in claim.frame + claim.text


@pytest.mark.parametrize(
    "sentence, lang, speaker, text",
    [
        # the passive frame names the document it points to
        (
            "Es gehe nicht um Geld, wird in der Mitteilung betont: „Wir wollen Fairness.“",
            "de",
            "Mitteilung",
            "Es gehe nicht um Geld: Wir wollen Fairness",
        ),
        # a document as source, named by its author
        (
            "The mill will close in May, says a report by the Labour Office.",
            "en",
            "Labour Office report",
            "The mill will close in May",
        ),
        # frames in parentheses
        (
            "Die Mieten steigen (so ein Sprecher der Stadt) weiter.",
            "de",
            "Stadt",
            "Die Mieten steigen weiter",
        ),
        (
            "Rents will rise (according to Leeds City Council) by 5 percent.",
            "en",
            "Leeds City Council",
            "Rents will rise by 5 percent",
        ),
    ],
)
def test_passive_document_and_parenthesised_frames(sentence, lang, speaker, text):
    [claim] = split_claims(sentence, lang)
    assert (claim.speaker, claim.text) == (speaker, text) and claim.frame


# --- issue 14, round 2: descriptions, Konjunktiv runs, subjects, names (own example sentences) -------------


def test_first_names_tell_gender_and_unknown_names_stay_open():
    from workbench.text.names import is_first_name, name_gender

    assert (name_gender("Paul Kern"), name_gender("Anna Berg"), name_gender("Hans-Peter Kolb")) == (
        "m",
        "f",
        "m",
    )
    assert name_gender("Kim Renkema") == "" and name_gender("Sierra Nevada") == ""  # both genders, or no name
    assert is_first_name("Jürgen") and not is_first_name("Linke")


@pytest.mark.parametrize(
    "text, lang, speaker",
    [
        # a generic organisation noun: the one organisation of that kind named earlier ...
        (
            "Der Rüstungskonzern Rheinmetall baut ein Werk in Unterlüß. Man prüfe weitere Standorte, teilte der Konzern mit.",
            "de",
            "Rheinmetall",
        ),
        (
            "Das Umweltministerium will mehr Windräder. Es fehle an Flächen, hieß es aus dem Ministerium.",
            "de",
            "Umweltministerium",
        ),
        # ... a group named by its noun ("the doctors" after "Doctors for Safe Wards")
        (
            "Doctors for Safe Wards wrote to the minister on Monday. The doctors said the wards were full.",
            "en",
            "Doctors for Safe Wards",
        ),
        # a person described instead of named: the one person a reader has in mind
        (
            "„Wir bleiben hier“, sagte Stéphane Leclerc. „Das wird nicht schlimmer“, sagt der Franzose.",
            "de",
            "Stéphane Leclerc",
        ),
        # a description with a role: the one person introduced with it
        (
            "Bürgermeisterin Petra Lang eröffnete die Halle. „Sie kostet zu viel“, sagte die Bürgermeisterin.",
            "de",
            "Petra Lang",
        ),
    ],
)
def test_descriptions_resolve_to_the_one_antecedent(text, lang, speaker):
    claim = _one(text, lang)
    assert (claim.speaker, claim.speaker_unclear) == (speaker, False)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Die Brücke ist gesperrt, sagt der Franzose.", "de"),  # nobody named before
        ("The plant will close, the utility said.", "en"),
        ("The wards are full, the physicians said.", "en"),  # no group of that name
        ("Es fehle an Geld, teilte der Konzern mit.", "de"),
    ],
)
def test_descriptions_without_an_antecedent_are_unclear(text, lang):
    claim = _one(text, lang)
    assert claim.speaker == "" and claim.speaker_unclear


def test_konjunktiv_by_its_form_continues_the_speaker():
    text = (
        "Die Kita sei zu klein, sagte Bürgermeisterin Petra Lang. Die Stadt plane einen Neubau. "
        "Der Bau dauere zwei Jahre.\n\nDie Kosten lägen bei vier Millionen Euro."
    )
    claims = split_claims(text, "de")
    assert [c.speaker for c in claims] == ["Petra Lang"] * 4
    assert all(c.frame.startswith("earlier: ") for c in claims[1:])


def test_konjunktiv_resumes_after_the_writers_sentence_but_stops_at_a_new_subject():
    resumed = split_claims(
        "Die Kita sei zu klein, sagte Petra Lang. Die Halle wurde 1970 gebaut. Der Bau dauere zwei Jahre.",
        "de",
    )
    assert [c.speaker for c in resumed] == ["Petra Lang", "", "Petra Lang"]
    stopped = split_claims(
        "Die Kita sei zu klein, sagte Petra Lang. Der Sender NDR wiederum sieht das anders. "
        "Der Bau dauere zwei Jahre.",
        "de",
    )
    assert [c.speaker for c in stopped] == ["Petra Lang", "", ""]


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Kunde muss angeben, ob er Fieber habe.",  # an indirect question inside the writer's sentence
        "Ganz so, als könnten sie damit den Regen aufhalten.",  # a comparison
        "Die neue Halle ist groß.",  # an adjective before its noun
    ],
)
def test_konjunktiv_in_a_subordinate_clause_does_not_continue(sentence):
    claims = split_claims("„Wir warten ab“, sagte Petra Lang. " + sentence, "de")
    assert claims[-1].speaker == ""


def test_a_source_nested_in_someones_reported_speech_keeps_that_speaker():
    text = (
        "Der Umsatz steige, sagte Firmenchef Jens Vogt. Bis 2030 würden laut Marktstudien 500 Anlagen gebaut."
    )
    assert split_claims(text, "de")[-1].speaker == "Jens Vogt"


def test_an_unreadable_frame_ends_the_run_and_is_unclear():
    text = "Der Hafen sei voll, sagte Hafenchef Tim Rau. Die in Kiel erscheinende Zeitung „Nordblick“ meldete, der Hafen sei gesperrt."
    claim = split_claims(text, "de")[-1]
    assert claim.speaker == "" and claim.speaker_unclear


@pytest.mark.parametrize(
    "text, lang, speaker, role",
    [
        (
            "Jens Vogt leitet die Firma. Die Lage bleibe schwierig, so Vogts Einschätzung.",
            "de",
            "Jens Vogt",
            "",
        ),
        (
            "In Hamburg wollen laut Angaben der Organisation Clean Air Now 400 Familien klagen.",
            "de",
            "Clean Air Now",
            "",
        ),
        ("Laut den Aktivisten von »Mieten runter« streiken 50 Häuser.", "de", "Mieten runter", ""),
        ("„Wir warten ab“, sagte Chef de Mission Dirk Albers.", "de", "Dirk Albers", "Chef de Mission"),
        (
            "Bundesbauministerin Klara Geywitz dringt auf mehr Tempo beim Wohnungsbau.",
            "de",
            "Klara Geywitz",
            "Bundesbauministerin",
        ),
        (
            "Außerdem kritisierte Verbandschef Uwe Brandt die Pläne der Regierung.",
            "de",
            "Uwe Brandt",
            "Verbandschef",
        ),
        (
            "Der Präsident des Bauernverbands, Peter Meyer, sagte zu den Plänen der Regierung: „Das reicht nicht.“",
            "de",
            "Peter Meyer",
            "Präsident des Bauernverbands",
        ),
        (
            "Transport Secretary Ian Holt on Tuesday accused the operator of cutting corners.",
            "en",
            "Ian Holt",
            "Transport Secretary",
        ),
        (
            "“We will not give up,” Mara Quinn said in a speech to the Royal Society of Arts in London on Friday.",
            "en",
            "Mara Quinn",
            "",
        ),
        (
            "The Federal Aviation Administration (FAA) grounded the jets. The FAA said the checks would take weeks.",
            "en",
            "Federal Aviation Administration",
            "",
        ),
        # the names of unquoted content do not compete for a trailing pronoun
        (
            "Tom Berg studies the weather. The Rhine Valley had little rain in May, he said.",
            "en",
            "Tom Berg",
            "",
        ),
    ],
)
def test_round_two_constructions(text, lang, speaker, role):
    claim = _one(text, lang)
    assert (claim.speaker, claim.role) == (speaker, role)


def test_two_organisations_named_as_one_subject_are_both_named():
    claim = _one("The United Nations and the European Union stressed the deal was void.", "en")
    assert "United Nations" in claim.speaker and "European Union" in claim.speaker


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Über den Brief hatte zuerst die Lokalzeitung berichtet.", "de"),  # a topic, no content
        ("Mit vielem hatte Jens Vogt gerechnet.", "de"),  # no speech verb
        ("Anstelle des Essens, für das man ansteht, gibt es eine Box.", "de"),
        ("NASA also added smaller landers to the contract.", "en"),  # "added" without "that"
        ("Republicans questioned the witness for hours.", "en"),
    ],
)
def test_no_speaker_without_a_speech_act(text, lang):
    claim = _one(text, lang)
    assert (claim.speaker, claim.speaker_unclear) == ("", False)
