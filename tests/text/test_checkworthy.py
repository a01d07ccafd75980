"""The shipped check-worthiness model: scores, per-language calibration, thresholds, explanations, files."""

import os
import subprocess
import sys

import numpy as np
import pytest

from workbench.text import checkworthy
from workbench.vectors.registry import DEFAULT_MODEL

WORTH_CHECKING = [
    ("Unemployment rose by 3 percent last year, more than in any year since 2009.", "en"),
    ("The UN Security Council passed 11 resolutions against North Korea's missile program.", "en"),
    ("Die Arbeitslosigkeit ist im vergangenen Jahr um 3 Prozent gestiegen.", "de"),
    ("Nordkorea hat nach Angaben der Regierung 10.000 Granaten an Russland geliefert.", "de"),
]
NOT_WORTH_CHECKING = [
    ("Thank you very much, it is great to be here tonight.", "en"),
    ("What do you think about that?", "en"),
    ("Ich finde das einfach nur schön.", "de"),
    ("Was soll man dazu noch sagen?", "de"),
]


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=checkworthy.load().dim).astype(np.float32)
    return v / np.linalg.norm(v)


def test_scores_are_probabilities_and_deterministic():
    texts = [t for t, _ in WORTH_CHECKING + NOT_WORTH_CHECKING]
    scores = checkworthy.score_texts(texts)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == checkworthy.score_texts(texts)


def test_the_same_vector_gives_the_same_score_and_the_vector_counts():
    text = "Exports fell 12 percent in 2023."
    a, b = _unit(1), _unit(2)
    first = checkworthy.score(text, a, "en")
    assert first == checkworthy.score(text, a.copy(), "en") == checkworthy.score_texts([text], [a], ["en"])[0]
    assert checkworthy.score(text, b, "en") != first  # the vector model reads the vector
    assert checkworthy.score(text, None, "en") == checkworthy.score(text, lang="en")  # no vector: fallback


def test_a_vector_of_another_size_is_refused():
    with pytest.raises(ValueError, match="dimensions"):
        checkworthy.score("Exports fell 12 percent.", np.ones(768, np.float32), "en")
    with pytest.raises(ValueError, match="vectors for"):
        checkworthy.score_texts(["a", "b"], [None])


@pytest.mark.parametrize("lang", ["en", "de"])
def test_factual_claims_with_figures_rank_above_chit_chat(lang):
    # Ranking, not the threshold: the n-gram fallback gives the German news sentence about North Korea 0.305,
    # under its German threshold 0.40 (GermEval's training texts are comments, not news); kept as a known miss.
    worth = [checkworthy.score(t, lang=lg) for t, lg in WORTH_CHECKING if lg == lang]
    chat = [checkworthy.score(t, lang=lg) for t, lg in NOT_WORTH_CHECKING if lg == lang]
    assert min(worth) > max(chat)


@pytest.mark.parametrize("text,lang", NOT_WORTH_CHECKING)
def test_chit_chat_questions_and_opinions_stay_below_it(text, lang):
    assert checkworthy.score(text, lang=lang) < checkworthy.threshold(lang, with_vector=False)


@pytest.mark.parametrize("kind", ["v", "f"])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_calibration_is_monotone_per_language(kind, lang):
    model = checkworthy.load()
    logits = np.linspace(-8, 8, 161)
    probs = [model.calibrate(kind, lang, float(z)) for z in logits]
    assert all(a < b for a, b in zip(probs, probs[1:]))
    assert probs[0] < 0.05 and probs[-1] > 0.95
    # the decision threshold is a probability the calibration reaches, chosen by CV per language
    assert 0.05 <= model.thresholds[(kind, lang)] <= 0.95


def test_languages_have_their_own_calibration():
    model = checkworthy.load()
    assert model.calib[("v", "en")] != model.calib[("v", "de")]
    # a language without its own calibration is scored with the English one
    text = "Exports fell 12 percent in 2023."
    assert checkworthy.score(text, lang="fr") == checkworthy.score(text, lang="en")


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


@pytest.mark.parametrize("vector", [None, 1])
def test_explain_names_the_cues_and_the_words_behind_them(vector):
    v = None if vector is None else _unit(vector)
    reasons = checkworthy.explain(
        "North Korea delivered 10,000 shells to Russia, more than in 2023.", v, "en"
    )
    labels = {r.label: r.words for r in reasons}
    assert "10,000" in labels["number"] and "2023" in labels["number"]
    assert [r.weight for r in reasons] == sorted((r.weight for r in reasons), reverse=True)
    assert all(r.weight > 0 for r in reasons)
    # figures are reported as the number cue, never as bare "wording"
    assert not any(r.label == "wording" and r.words.strip("0123456789,") == "" for r in reasons)
    # only cues a reviewer can act on are named: "first person" and "future" never are
    assert {r.label for r in reasons} <= set(checkworthy.REASONS) | {"wording"}


def test_explain_german_legal_language():
    reasons = checkworthy.explain(
        "Ein Waffentransfer würde gegen mehrere Resolutionen des UN-Sicherheitsrates verstoßen.", lang="de"
    )
    assert any(r.label == "legal" and "Resolution" in r.words for r in reasons)


def test_explain_has_nothing_to_say_for_small_talk():
    assert checkworthy.explain("Thank you, good night.", lang="en") == []
    assert checkworthy.score("Thank you, good night.", lang="en") < 0.2


def test_scorer_labels_name_the_version_and_the_scorer():
    assert checkworthy.scorer(True) == f"{checkworthy.SHIPPED}/vector"
    assert checkworthy.scorer(False, "cw9-x") == "cw9-x/ngram"


def test_versions_are_looked_up_by_name_and_checked():
    model = checkworthy.load(checkworthy.SHIPPED)
    assert model.version == checkworthy.SHIPPED and model.embedder == DEFAULT_MODEL == checkworthy.E5_MODEL
    with pytest.raises(ValueError, match="not shipped"):
        checkworthy.load("cw2-000000000000")


def test_a_file_of_other_features_is_refused(tmp_path):
    with np.load(checkworthy.model_path()) as data:
        arrays = dict(data)
    arrays["cues"] = np.array(["number", "something else"])
    np.savez(tmp_path / "other.npz", **arrays)
    with pytest.raises(ValueError, match="trained with features"):
        checkworthy.read_model(tmp_path / "other.npz")


def test_shipped_model_file_is_small():
    assert checkworthy.model_path().is_file()
    assert checkworthy.model_path().stat().st_size < 1_000_000


def test_scored_text_keeps_a_question_mark_that_went_with_the_frame():
    assert checkworthy.scored_text("Russland kauft Waffen", "Kauft Russland Waffen, fragte er?") == (
        "Russland kauft Waffen?"
    )
    assert checkworthy.scored_text("Exports fell.", "Exports fell, he said.") == "Exports fell."


@pytest.mark.slow
def test_the_vector_model_on_real_vectors_ranks_claims_above_small_talk():
    from workbench.vectors.embedders import load_embedder

    texts = WORTH_CHECKING + NOT_WORTH_CHECKING
    vectors = load_embedder(DEFAULT_MODEL).encode([t for t, _ in texts])
    scores = checkworthy.score_texts([t for t, _ in texts], list(vectors), [lg for _, lg in texts])
    assert min(scores[: len(WORTH_CHECKING)]) > max(scores[len(WORTH_CHECKING) :])
    again = checkworthy.score_texts([t for t, _ in texts], list(vectors), [lg for _, lg in texts])
    assert scores == again


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
    # "I" fires "first person" and so is not read as the start of "I think": a quirk of the features the
    # model was trained on, kept as is (changing it would change what the shipped weights mean)
    assert english["first person"] == ["I"] and english["opinion"] == []
    assert english["causal"] == ["because"]
    assert english["legal"] == ["law"] and english["comparison"] == ["fell", "lowest"]
    assert checkworthy.find_cues("We should stop this.")["opinion"] == ["We should"]
    assert checkworthy.find_cues("")["number"] == [] and all(
        not v for v in checkworthy.find_cues("").values()
    )
