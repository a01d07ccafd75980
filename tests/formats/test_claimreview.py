"""ClaimReview JSON-LD of one reviewed claim, pure (workbench.formats.claimreview)."""

import pytest

from workbench.formats.claimreview import claim_review, review_rating
from workbench.records import Article, Claim, Review


def test_empty_fields_are_left_out():
    claim = Claim(text="Exports fell", sentence="Exports fell.", start=0, end=13, id=7, article_id=3)
    article = Article(text="Exports fell.", source="", url="")
    review = Review(claim_id=7, status="done", verdict="false")
    assert claim_review(claim, article, review) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Exports fell",
        "reviewRating": review_rating("false"),
        "itemReviewed": {"@type": "Claim"},
        "identifier": "7",
    }


@pytest.mark.parametrize(
    "verdict, value, en, de",
    [
        ("true", 5, "True", "Richtig"),
        ("mostly_true", 4, "Mostly true", "Größtenteils richtig"),
        ("mixed", 3, "Mixed", "Teilweise falsch"),
        ("mostly_false", 2, "Mostly false", "Größtenteils falsch"),
        ("false", 1, "False", "Falsch"),
        ("unverifiable", None, "Unverifiable", "Unbelegt"),
        ("not_checkworthy", None, "Not check-worthy", "Nicht prüfenswert"),
        ("opinion", None, "Opinion", "Meinung"),
        ("not_a_claim", None, "Not a claim", "Keine Tatsachenbehauptung"),
    ],
)
def test_verdict_mapping_and_non_verdicts(verdict, value, en, de):
    numbers = {"ratingValue": value, "bestRating": 5, "worstRating": 1} if value else {}
    assert review_rating(verdict, "en") == {"@type": "Rating", "alternateName": en, **numbers}
    assert review_rating(verdict, "de") == {"@type": "Rating", "alternateName": de, **numbers}


def test_the_outlet_is_publisher_and_claimant_not_the_file_name():
    claim = Claim(text="Exports fell", sentence="Exports fell.", start=0, end=13, id=7, article_id=3)
    article = Article(text="Exports fell.", source="story.html", outlet="Küstenbote", date="2024-03-12")
    review = Review(claim_id=7, status="done", verdict="false")
    item = claim_review(claim, article, review)["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Küstenbote"}
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Küstenbote"}
    assert "story.html" not in str(item)
