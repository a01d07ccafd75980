"""Differences inside a group (workbench.text.details): the details of a claim, and which members differ."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.config import shared_dir
from workbench.text.attribution import split_claims
from workbench.text.details import DETAIL_KINDS, Difference, describe, details, differences

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "workbench" / "data" / "samples"
STSB = shared_dir() / "data" / "bench" / "stsb_de_en"


def kinds(texts: list[str], langs: list[str] | None = None) -> list[list[str]]:
    """The kinds each member is flagged in."""
    return [[d.kind for d in member] for member in differences(texts, langs)]


def texts_of(found) -> list[str]:
    return [d.text for d in found]


def sample_claim(name: str, word: str) -> str:
    """The claim text that split_claims gives for the sample sentence containing ``word``."""
    body = (SAMPLES / name).read_text(encoding="utf-8").split("\n", 1)[1].strip()
    found = [c.text for c in split_claims(body, "de") if word in c.text]
    assert len(found) == 1, found
    return found[0]


# --- the reference example --------------------------------------------------------------------------------


def test_samples_differ_in_place_and_agree_on_the_day():
    kim = sample_claim("000_c1f2b0efc178133a.txt", "Wladiwostok")
    talks = sample_claim("004_d7484674f431bfd9.txt", "Wostotschny")
    assert "am Dienstag in Wladiwostok" in kim and "auf dem Kosmodrom Wostotschny am Dienstag" in talks

    assert [(d.text, d.key) for d in details(kim, "de").dates] == [("Dienstag", "tue")]
    assert texts_of(details(kim, "de").places) == ["Wladiwostok"]
    assert texts_of(details(talks, "de").places) == ["Kosmodrom Wostotschny"]

    first, second = differences([kim, talks], ["de", "de"])
    assert first == [Difference("place", ("Wladiwostok",), ("Kosmodrom Wostotschny",), (1,))]
    assert second == [Difference("place", ("Kosmodrom Wostotschny",), ("Wladiwostok",), (0,))]
    assert describe(first[0]) == "place: Wladiwostok ≠ Kosmodrom Wostotschny"


def test_no_sample_claim_differs_from_itself_or_its_article():
    for name in ("000_c1f2b0efc178133a.txt", "004_d7484674f431bfd9.txt"):
        body = (SAMPLES / name).read_text(encoding="utf-8").split("\n", 1)[1]
        for claim in split_claims(body, "de"):
            assert differences([claim.text, claim.sentence], ["de", "de"]) == [[], []], claim.text


# --- English examples -------------------------------------------------------------------------------------


def test_a_different_death_toll_is_the_only_difference():
    texts = [
        "Taliban fighters killed 12 people in Kabul on Monday",
        "A bomber killed 15 people in Kabul on Monday",
    ]
    assert kinds(texts) == [["number"], ["number"]]
    assert [describe(d) for d in differences(texts)[0]] == ["number: 12 ≠ 15"]


def test_a_different_speaker_is_an_actor_difference():
    texts = ["Trump said the wall would be built", "Pence said the wall would be built"]
    assert [describe(d) for m in differences(texts) for d in m] == [
        "actor: Trump ≠ Pence",
        "actor: Pence ≠ Trump",
    ]
    assert kinds(
        ["President Donald Trump said the wall would be built", "Trump said the wall would be built"]
    ) == [
        [],
        [],
    ]


def test_the_odd_member_out_is_named():
    texts = [
        "A bomb killed 12 people in Kabul",
        "A bomb killed 12 people in Kabul, Afghanistan",
        "A bomb killed 15 people in Kandahar",
    ]
    first, second, odd = differences(texts)
    assert [d.members for d in first] == [(2,), (2,)]
    assert [d.members for d in odd] == [(0, 1), (0, 1)]
    assert [describe(d) for d in odd] == ["number: 15 ≠ 12", "place: Kandahar ≠ Kabul"]


# --- numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit"),
    [
        ("Russland schickte 1.000 Soldaten", "de", 1000, ""),
        ("Russia sent 1,000 troops", "en", 1000, ""),
        ("Die Inflation stieg auf 3,5 Prozent", "de", 3.5, "%"),
        ("Inflation rose to 3.5 percent", "en", 3.5, "%"),
        ("Der Index schloss bei 1.520,15", "de", 1520.15, ""),
        ("The index closed at 1,520.15", "en", 1520.15, ""),
        ("The firm paid $1.2 billion", "en", 1.2e9, "$"),
        ("Die Firma zahlte 1,2 Milliarden Dollar", "de", 1.2e9, "$"),
        ("Die Schulden betragen 2 Billionen Euro", "de", 2e12, "€"),
        ("Zwei Menschen starben", "de", 2, ""),
        ("two people died", "en", 2, ""),
        ("Im Jahr 2023 schickte Russland 2000 Soldaten", "de", 2000, ""),
    ],
)
def test_numbers_are_normalised(text, lang, value, unit):
    (number,) = details(text, lang).numbers
    assert float(number.key) == pytest.approx(value) and number.facet == unit


def test_hedged_numbers_allow_a_range():
    (nearly,) = details("fast 18.000 gepanzerte Fahrzeuge", "de").numbers
    assert (nearly.low, nearly.high) == pytest.approx((16200, 18000))
    (more,) = details("more than 1,000 people", "en").numbers
    assert more.low == 1000 and more.high == float("inf")


def test_numbers_in_names_dates_and_times_are_not_counts():
    text = "The G20 and No. 2 discussed F-35 jets, COVID-19, 9/11 and the 5th fleet at 10:30 on March 5, 2023"
    assert details(text, "en").numbers == ()
    assert details("Im Jahr 2023 schickte Russland 2000 Soldaten", "de").dates[0].key == "2023"


def test_equal_numbers_agree_across_notations_and_languages():
    assert kinds(["Russland schickte 1.000 Soldaten", "Russland schickte 1000 Soldaten"]) == [[], []]
    assert kinds(["Die Inflation stieg auf 3,5 Prozent", "Inflation rose to 3.5 percent"], ["de", "en"]) == [
        [],
        [],
    ]
    assert kinds(["Sie verloren fast 18.000 Fahrzeuge", "They lost 17,900 vehicles"], ["de", "en"]) == [
        [],
        [],
    ]
    assert kinds(["Russia sent 2,000 troops", "Russland schickte 1.000 Soldaten"], ["en", "de"]) == [
        ["number"],
        ["number"],
    ]


def test_numbers_are_compared_only_with_numbers_of_the_same_thing():
    # a percentage is no count, and "3 cities" is not "12 people"
    assert kinds(["12 people died in 3 cities", "Turnout was 15 percent, 12 people died"]) == [[], []]
    assert kinds(["12 people died in 3 cities", "15 people died in 3 cities"]) == [["number"], ["number"]]
    # an extra figure beside a shared one is no conflict
    assert kinds(
        ["It got $1.4 billion, not the $5.7 billion it wanted", "It got none of the $5.7 billion"]
    ) == [
        [],
        [],
    ]


# --- dates ------------------------------------------------------------------------------------------------


def test_dates_agree_across_languages_and_on_overlap():
    assert kinds(["Kim traf Putin am Dienstag", "Kim met Putin on Tuesday"], ["de", "en"]) == [[], []]
    assert kinds(["Der Gipfel ist am 5. März", "The summit is on March 5"], ["de", "en"]) == [[], []]
    assert kinds(["Kim traf Putin am Dienstag", "Kim traf Putin am Dienstag 2023"]) == [[], []]
    assert kinds(["Der Gipfel ist am 5. März", "The summit is on March 6"], ["de", "en"]) == [
        ["date"],
        ["date"],
    ]
    assert kinds(["Kim met Putin on Tuesday", "Kim met Putin on Wednesday"]) == [["date"], ["date"]]


def test_date_ranges_and_cues():
    assert sorted(d.key for d in details("vom 13. bis 15. August", "de").dates if d.facet == "day") == [
        "08-13",
        "08-15",
    ]
    assert kinds(["Li visits from 13. bis 15. August", "Li visits from August 13 to 15"], ["de", "en"]) == [
        [],
        [],
    ]
    assert details("They may win", "en").dates == () and details("in May", "en").dates[0].key == "05"


# --- places and actors ------------------------------------------------------------------------------------


def test_places_follow_place_prepositions_and_skip_german_nouns():
    text = (
        "Kim liefere im Konflikt bei Bedarf nach Angaben Waffen in der Hand, die in der Ukraine und in Kiew"
    )
    assert texts_of(details(text, "de").places) == ["Ukraine", "Kiew"]
    assert texts_of(details("He was in the Afghan capital and at the White House", "en").places) == [
        "White House"
    ]


def test_places_agree_across_languages_and_spellings():
    for german, english in [
        ("in Moskau", "in Moscow"),
        ("in Kenia", "in Kenya"),
        ("im Libanon", "in Lebanon"),
    ]:
        assert kinds([f"Es geschah {german}", f"It happened {english}"], ["de", "en"]) == [[], []]
    assert kinds(["A bomb went off in Kabul", "A bomb went off in Kabul, Afghanistan"]) == [[], []]


def test_actors_are_named_speakers_and_subjects_with_titles_stripped():
    assert texts_of(details("Präsident Wladimir Putin sagte, Russland gewinne", "de").actors) == [
        "Wladimir Putin"
    ]
    assert texts_of(details("Der Sprecher sagte, Russland gewinne", "de").actors) == []
    assert texts_of(details("Westliche Medien haben spekuliert", "de").actors) == []
    assert texts_of(details("Officials said the plan would fail", "en").actors) == []
    assert texts_of(details("Die Lage sei ernst, sagte Miller am Montag vor Reportern", "de").actors) == [
        "Miller"
    ]
    assert texts_of(details("Die Armee verlor 500 Panzer, sagte Putin", "de").actors) == ["Putin"]
    # a name further on is an object, not who acts
    assert texts_of(details("Democrats called on President Trump to cancel", "en").actors) == []
    assert texts_of(details("DeMint said Afghanistan is a war", "en").actors) == ["DeMint"]


# --- what is not flagged ----------------------------------------------------------------------------------


def test_members_without_details_are_never_flagged():
    assert kinds(["The plan is bad", "Taliban fighters killed 12 people in Kabul on Monday"]) == [[], []]
    assert kinds(["Officials said the plan would fail", "Experts said the plan would fail"]) == [[], []]
    assert differences([]) == [] and differences(["only one 12 in Kabul"]) == [[]]


PARAPHRASES = [  # the same assertion as different outlets word it: nothing may be flagged
    ("Ukraine lost 71,500 soldiers since June, Putin said on Tuesday in Vladivostok.",
     "Das ukrainische Militär hat seit Juni 71.500 Soldaten verloren, sagte Putin am Dienstag in "
     "Wladiwostok."),
    ("Kim Jong-un arrived in Russia on Tuesday for talks with Vladimir Putin.",
     "North Korean leader Kim arrived Tuesday in Russia for rare talks with President Putin."),
    ("Nearly 18,000 armoured vehicles were lost, the Kremlin said.",
     "About 17,900 armored vehicles were destroyed, according to Moscow."),
    ("The bill passed 228 to 191 on March 29.",
     "The House approved the plan on March 29 by a vote of 228-191."),
    ("Pelosi has led House Democrats since 2002.",
     "Nancy Pelosi, the Democratic leader since 2002, said no."),
    ("The Clintons paid $43 million in federal taxes since 2007.",
     "From 2007 through 2014 the couple paid $43,885,310 in federal taxes."),
    ("Die Inflation lag im März bei 3,5 Prozent.", "Inflation stood at 3.5 percent in March."),
    ("Seoul und Washington warnten Moskau am Freitag.", "Seoul and Washington warned Moscow on Friday."),
]  # fmt: skip


def test_paraphrases_of_one_assertion_raise_no_flag():
    for a, b in PARAPHRASES:
        assert differences([a, b]) == [[], []], (a, b)


@pytest.mark.skipif(not (STSB / "stsb-de-dev.csv").exists(), reason="STSB data not available")
def test_a_german_translation_rarely_differs_from_its_english_original():
    """Precision on real text: each German sentence translates the English one, so any flag is false."""
    with (
        open(STSB / "stsb-de-dev.csv", encoding="utf-8") as de,
        open(STSB / "stsb-en-dev.csv", encoding="utf-8") as en,
    ):
        pairs = [(d[0], e[0]) for d, e in zip(csv.reader(de), csv.reader(en))]
    both = [
        p for p in pairs if any(details(p[0], "de").of(k) and details(p[1], "en").of(k) for k in DETAIL_KINDS)
    ]
    flagged = [p for p in pairs if any(differences(list(p), ["de", "en"]))]
    assert len(both) > 200  # enough pairs where a flag could be raised
    assert len(flagged) <= 0.02 * len(both), flagged


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"0123456789.,-/:$€% aAbZäß'\n", " Montag", " in Kabul", " Mr. X"])).map(
        "".join
    )
)
def test_any_text_agrees_with_itself(text):
    assert differences([text, text]) == [[], []]


def test_languages_must_match_the_texts():
    with pytest.raises(ValueError):
        differences(["a", "b"], ["de"])
