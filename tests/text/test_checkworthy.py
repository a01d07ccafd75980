"""The shipped check-worthiness model: scores, calibration threshold, explanations, model file."""

import os
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from workbench.text import checkworthy

WORTH_CHECKING = [
    "Unemployment rose by 3 percent last year, more than in any year since 2009.",
    "The UN Security Council passed 11 resolutions against North Korea's missile program.",
    "Die Arbeitslosigkeit ist im vergangenen Jahr um 3 Prozent gestiegen.",
    "Nordkorea hat nach Angaben der Regierung 10.000 Granaten an Russland geliefert.",
]
NOT_WORTH_CHECKING = [
    "Thank you very much, it is great to be here tonight.",
    "What do you think about that?",
    "Ich finde das einfach nur schön.",
    "Was soll man dazu noch sagen?",
]


def test_scores_are_probabilities_and_deterministic():
    scores = checkworthy.score_texts(WORTH_CHECKING + NOT_WORTH_CHECKING)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == checkworthy.score_texts(WORTH_CHECKING + NOT_WORTH_CHECKING)


@pytest.mark.parametrize("text", WORTH_CHECKING)
def test_factual_claims_with_figures_pass_the_threshold(text):
    assert checkworthy.score(text) >= checkworthy.THRESHOLD


@pytest.mark.parametrize("text", NOT_WORTH_CHECKING)
def test_chit_chat_questions_and_opinions_stay_below_it(text):
    assert checkworthy.score(text) < checkworthy.THRESHOLD


def test_scores_do_not_depend_on_the_process_hash_seed():
    # Python's hash() is salted per process; the model must hash features with something stable
    code = (
        "from workbench.text import checkworthy; print(checkworthy.score('Exports fell 12 percent in 2023.'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outputs == {str(checkworthy.score("Exports fell 12 percent in 2023."))}


def test_explain_names_the_cues_and_the_words_behind_them():
    reasons = checkworthy.explain("North Korea delivered 10,000 shells to Russia, more than in 2023.")
    labels = {r.label: r.words for r in reasons}
    assert "10,000" in labels["number"] and "2023" in labels["number"]
    assert labels["comparison"] == "more than"
    assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)
    assert all(r.weight > 0 for r in reasons)
    # figures are reported as the number cue, never as bare "wording"
    assert not any(r.label == "wording" and r.words.strip("0123456789") == "" for r in reasons)


def test_explain_german_legal_language():
    reasons = checkworthy.explain(
        "Ein Waffentransfer würde gegen mehrere Resolutionen des UN-Sicherheitsrates verstoßen."
    )
    assert any(r.label == "legal" and "Resolution" in r.words for r in reasons)


def test_explain_has_nothing_to_say_for_small_talk():
    assert checkworthy.explain("Thank you, good night.") == []
    assert checkworthy.score("Thank you, good night.") < 0.2


def test_save_load_round_trip_and_refuses_other_cues(tmp_path):
    rng = np.random.default_rng(0)
    model = checkworthy.Model(
        idf=rng.uniform(1, 5, checkworthy.BUCKETS).astype(np.float32),
        weights=rng.normal(0, 1, checkworthy.BUCKETS).astype(np.float32),
        cue_weights=rng.normal(0, 1, len(checkworthy.CUES)).astype(np.float32),
        bias=-0.5,
        platt_a=0.8,
        platt_b=0.1,
    )
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = checkworthy.Model.load(path)
    text = "Inflation hit 8 percent in May, the highest since 1981."
    assert loaded.logit(text) == pytest.approx(model.logit(text), abs=0.02)  # float16 on disk
    assert (loaded.platt_a, loaded.platt_b, loaded.bias) == (0.8, 0.1, -0.5)

    with np.load(path) as data:
        arrays = dict(data)
    arrays["cues"] = np.array(["number", "something else"])
    np.savez(tmp_path / "other.npz", **arrays)
    with pytest.raises(ValueError, match="trained with cues"):
        checkworthy.Model.load(tmp_path / "other.npz")


def test_shipped_model_is_small_and_calibrated_for_even_odds():
    path = resources.files("workbench") / "data" / checkworthy.MODEL_FILE
    assert path.is_file()
    assert len(path.read_bytes()) < 1_000_000
    model = checkworthy.default_model()
    # calibration maps the decision boundary of the linear model near probability 0.5, not far off it
    assert model.platt_a > 0
    assert 0.3 < model.probability(0.0) < 0.7


def test_find_cues_in_german_and_english():
    found = checkworthy.find_cues(
        "Ein Waffentransfer würde laut Matthew Miller gegen Resolutionen des UN-Sicherheitsrates verstoßen,"
        " mehr als 71.500 Tonnen am Dienstag 2023?"
    )
    assert found["number"] == ["71.500", "2023"] and found["year"] == ["2023"]
    assert found["named entity"] == ["Matthew Miller", "UN-Sicherheitsrates"]
    assert (found["quantity"], found["date"], found["comparison"]) == (["Tonnen"], ["Dienstag"], ["mehr als"])
    assert found["legal"] == ["Resolutionen", "verstoßen"] and found["question"] == ["?"]
    english = checkworthy.find_cues("I think crime fell because of the new law, the lowest rate since 1990.")
    assert english["opinion"] == ["I think"] and english["causal"] == ["because"]
    assert english["legal"] == ["law"] and english["comparison"] == ["fell", "lowest"]
    assert checkworthy.find_cues("")["number"] == [] and all(
        not v for v in checkworthy.find_cues("").values()
    )
