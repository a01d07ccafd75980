"""Claims that read on their own (workbench.text.context): referring phrases resolved from the sentences
before, for linking; the claim text itself stays as written."""

from pathlib import Path

from workbench.text.attribution import split_claims

SAMPLES = Path(__file__).resolve().parents[2] / "workbench" / "data" / "samples"


def body(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8").split("\n", 1)[1].strip()


def test_ein_solcher_deal_resolves_to_the_sale_named_before():
    claims = split_claims(body("004_d7484674f431bfd9.txt"), "de")
    [jenkins] = [c for c in claims if "ein solcher Deal" in c.text]
    assert jenkins.text.startswith("Wenn ein solcher Deal zustande käme")  # the text stays as written
    assert jenkins.resolved == (
        "Wenn ein solcher Deal [den potenziellen Verkauf von Waffen zwischen Nordkorea und Russland] zustande"
        " käme, würde er gegen die Resolutionen des Sicherheitsrats verstoßen"
    )
    assert jenkins.linking_text == jenkins.resolved


def test_dieses_thema_resolves_to_the_cooperation_named_before():
    claims = split_claims(body("004_d7484674f431bfd9.txt"), "de")
    [peskow] = [c for c in claims if "dieses oder ein anderes Thema" in c.text]
    assert "[die militärische Zusammenarbeit]" in peskow.resolved


def test_claims_that_read_on_their_own_keep_no_resolved_reading():
    claims = split_claims(body("000_c1f2b0efc178133a.txt"), "de")
    miller = next(c for c in claims if "Resolutionen des UN-Sicherheitsrates" in c.text)
    assert miller.resolved == "" and miller.linking_text == miller.text
    # "unsere Sanktionen … diese Sanktionen": the claim names them itself
    assert all(c.resolved == "" for c in claims if "diese Sanktionen" in c.text)


def test_english_such_a_move_resolves_to_the_previous_claim():
    text = "The president fired the FBI director on Tuesday. Democrats said such a move was unprecedented."
    claims = split_claims(text, "en")
    assert (
        claims[1].resolved
        == ("Democrats said such a move [The president fired the FBI director on Tuesday] was unprecedented")
        or "[The president fired the FBI director on Tuesday]" in claims[1].resolved
    )


def test_english_the_agreement_only_resolves_to_a_related_noun_phrase():
    text = (
        "Iran and six world powers signed a nuclear accord in Vienna. "
        "Critics say the agreement leaves Iran a path to a bomb. "
        "The weather was fine. The deal was criticized."
    )
    claims = split_claims(text, "en")
    agreement = next(c for c in claims if "the agreement" in c.text)
    assert agreement.resolved == "Critics say the agreement [a nuclear accord] leaves Iran a path to a bomb"
    # "the deal" with no deal, accord or agreement in the two sentences before: left alone
    assert next(c for c in claims if "The deal" in c.text).resolved == ""


def test_a_defined_phrase_needs_no_referent():
    claims = split_claims(
        "Congress passed a budget. Obama praised the deal he struck with Republicans.", "en"
    )
    assert claims[1].resolved == ""


def test_the_first_claim_has_nothing_to_refer_to():
    [claim] = split_claims("Ein solcher Deal wäre ein Verstoß gegen die Resolutionen.", "de")
    assert claim.resolved == ""
