"""How far reviewers agree: Cohen's kappa and raw agreement per pair (workbench.agreement)."""

import numpy as np
import pytest
import test_second_review as second_reviews
from sklearn.metrics import cohen_kappa_score

from workbench.agreement import agreement, cohen_kappa
from workbench.records import PairAgreement
from workbench.review import request_second_review


@pytest.fixture
def claim_ids(db, fake_embedder):
    return second_reviews.add_claims(db, fake_embedder)


def test_kappa_of_a_hand_computed_example():
    # 50 items: both "yes" 20, A yes/B no 5, A no/B yes 10, both "no" 15.
    # p_o = 35/50 = 0.7; A says yes 25/50, B 30/50: p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5 = 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(b, a) == pytest.approx(0.4)
    assert cohen_kappa(["x", "y", "x"], ["x", "y", "x"]) == 1.0
    # worse than chance: always the other label
    assert cohen_kappa(["x", "y"], ["y", "x"]) == pytest.approx(-1.0)
    # one and the same label throughout: p_e = 1, kappa undefined
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None
    with pytest.raises(ValueError):
        cohen_kappa([], [])
    with pytest.raises(ValueError):
        cohen_kappa(["x"], ["x", "y"])


@pytest.mark.parametrize("seed", range(8))
def test_kappa_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    labels = ["true", "mostly_true", "mixed", "false", "opinion"]
    n = int(rng.integers(2, 60))
    a = rng.choice(labels, n).tolist()
    # mostly agreeing, with some labels only one rater uses
    b = [x if rng.random() < 0.6 else str(rng.choice(labels[1:])) for x in a]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_agreement_per_pair_of_reviewers(db, claim_ids):
    anna_ben = [("false", "false"), ("true", "true"), ("mixed", "false"), ("false", "false")]
    for cid, (first, second) in zip(claim_ids, anna_ben):
        second_reviews.review_twice(db, cid, first, second)
    # ben first and Anna second: the same pair, named alike
    second_reviews.review_twice(db, claim_ids[4], "true", "mostly_true", first_by="ben", second_by="Anna")
    second_reviews.review_twice(db, claim_ids[5], "false", "false", first_by="carl", second_by="anna")
    second_reviews.first_review(
        db, claim_ids[6], "false", reviewer="carl"
    )  # requested, not yet second-reviewed
    request_second_review(db, claim_ids[6], "carl")

    pairs = agreement(db)
    assert [(p.reviewer_a, p.reviewer_b, p.n) for p in pairs] == [("anna", "ben", 5), ("anna", "carl", 1)]
    ab = pairs[0]
    anna = ["false", "true", "mixed", "false", "mostly_true"]
    ben = ["false", "true", "false", "false", "true"]
    assert ab.raw == pytest.approx(3 / 5)
    assert ab.kappa == pytest.approx(cohen_kappa_score(anna, ben))
    # by hand: p_o = 0.6; anna false 2, true 1, mixed 1, mostly_true 1; ben false 3, true 2 (of 5)
    # p_e = (2*3 + 1*2) / 25 = 0.32; kappa = (0.6 - 0.32) / 0.68
    assert ab.kappa == pytest.approx(0.28 / 0.68)
    assert pairs[1] == PairAgreement("anna", "carl", 1, 1.0, None)


def test_no_agreement_without_second_reviews(db, claim_ids):
    second_reviews.first_review(db, claim_ids[0], "false")
    assert agreement(db) == []
