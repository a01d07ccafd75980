"""The evidence of a pair of claims (workbench.text.evidence): what both say, where they differ."""

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.evidence import EVIDENCE, compare, conflicting_details, profile


def evidence(a: str, b: str, lang_a: str = "en", lang_b: str = "en", **speakers) -> dict[str, float]:
    pa = profile(a, lang_a, speakers.get("speaker_a", ""))
    pb = profile(b, lang_b, speakers.get("speaker_b", ""))
    return dict(zip(EVIDENCE, compare(pa, pb)))


def test_a_changed_figure_in_an_otherwise_identical_claim_is_a_conflict():
    e = evidence("Taxes fell by 45 percent in 1992.", "Taxes fell by 54 percent in 1992.")
    assert e["conflict_number"] == 1 and e["figure_swap"] == 1 and e["figure_shared"] == 1
    assert e["conflict_alike"] >= 0.8  # the rest reads alike: one changed figure makes another assertion
    assert conflicting_details("Taxes fell by 45 percent in 1992.", "Taxes fell by 54 percent in 1992.") == [
        "number"
    ]


def test_a_changed_date_place_and_actor_are_conflicts():
    assert "date" in conflicting_details(
        "Unemployment fell to 3 percent in 2007.", "Unemployment fell to 3 percent in 2001."
    )
    assert conflicting_details(
        "Disease-ridden migrants are being dumped in San Antonio.",
        "Disease-ridden migrants are being dumped in El Paso.",
    ) == ["place"]
    e = evidence(
        "White House chef quits because Trump has only eaten fast food.",
        "White House chef quits because Obama has only eaten fast food.",
    )
    assert e["name_swap"] == 1 and e["name_swap_alike"] > 0.5


def test_names_compare_across_german_and_english():
    e = evidence("Russland liefert Waffen an Nordkorea", "Russia delivers weapons to North Korea", "de", "en")
    assert (
        e["name_overlap"] == 1.0 and e["word_overlap"] == 0
    )  # content words are compared in one language only
    assert e["gram_overlap"] > 0


def test_a_denial_against_the_claim_is_a_negation_mismatch_but_a_conditional_is_not():
    denial = evidence(
        "The photograph shows Michael Bennett burning a flag.",
        "The photograph does not show Michael Bennett burning a flag.",
    )
    assert denial["negation_mismatch"] == 1 and denial["negation_alike"] > 0.8
    conditional = evidence(
        "Ein Waffentransfer würde gegen die Resolutionen verstoßen",
        "Ein Waffentransfer verstößt gegen die Resolutionen",
        "de",
        "de",
    )
    assert conditional["negation_mismatch"] == 0 and conditional["conflict_number"] == 0


def test_speakers_agree_or_differ_only_when_both_are_named():
    assert (
        evidence("Taxes rose.", "Taxes went up.", speaker_a="Joe Biden", speaker_b="Joe Biden")[
            "speaker_same"
        ]
        == 1
    )
    assert (
        evidence("Taxes rose.", "Taxes went up.", speaker_a="Joe Biden", speaker_b="Paul Ryan")[
            "speaker_differ"
        ]
        == 1
    )
    e = evidence("Taxes rose.", "Taxes went up.", speaker_a="Joe Biden")
    assert e["speaker_same"] == e["speaker_differ"] == 0


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="abcdefgh ABCDEF0123456789.,", min_size=0, max_size=60),
    st.text(alphabet="abcdefgh ABCDEF0123456789.,", min_size=0, max_size=60),
)
def test_the_evidence_is_symmetric_and_bounded(a, b):
    ab = compare(profile(a, "en"), profile(b, "en"))
    ba = compare(profile(b, "en"), profile(a, "en"))
    assert len(ab) == len(EVIDENCE)
    assert all(0.0 <= x <= 1.0 for x in ab)
    assert ab == ba


def test_the_evidence_of_many_pairs_at_once_is_each_pairs_own():
    # a batch mixes languages, speakers, figures and details, so every column takes both of its branches
    from workbench.text.evidence import compare_many

    claims = [
        ("Taxes fell by 45 percent in 1992.", "en", ""),
        ("Taxes fell by 54 percent in 1992.", "en", "Miller"),
        ("Die Steuern sanken 1992 um 45 Prozent.", "de", "Miller"),
        ("Russland verletzt UN-Sicherheitsratsresolutionen.", "de", "Chang Ho-jin"),
        ("Russia is violating UN Security Council resolutions, Jenkins said.", "en", "Bonnie Jenkins"),
        ("Kim did not visit Russia on Tuesday.", "en", ""),
        ("Kim visited Russia on Tuesday.", "en", "the Kremlin"),
        ("Kim besuchte am Dienstag Wladiwostok.", "de", ""),
        ("", "en", ""),
    ]
    profiles = [profile(*c) for c in claims]
    pairs = [(a, b) for a in range(len(claims)) for b in range(len(claims))]
    batch = compare_many([profiles[a] for a, _ in pairs], [profiles[b] for _, b in pairs])
    assert batch.shape == (len(pairs), len(EVIDENCE))
    for k, (a, b) in enumerate(pairs):
        assert tuple(batch[k]) == compare(profiles[a], profiles[b]), claims[a][0] + " / " + claims[b][0]
    columns = dict(zip(EVIDENCE, batch.T))
    for name in ("conflict_number", "speaker_same", "speaker_differ", "negation_mismatch", "name_swap"):
        assert 0 < columns[name].sum() < len(pairs), name  # the batch exercises both values
