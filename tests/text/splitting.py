"""What the splitting tests share (test_attribution.py, test_sentences.py): the bundled samples, the expected
claims of the samples, BASIL's texts, and checks of claims and sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.config import shared_dir
from workbench.records import KINDS
from workbench.text.attribution import split_claims
from workbench.text.sentences import split_sentences

SAMPLES = Path(__file__).resolve().parents[2] / "workbench" / "data" / "samples"
EXPECTED = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "sample_claims.json").read_text(encoding="utf-8")
)
BASIL = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"


def body(name: str) -> str:
    """What split_claims receives for a sample: everything after the title line, stripped."""
    return (SAMPLES / name).read_text(encoding="utf-8").split("\n", 1)[1].strip()


def sentences(text: str, lang: str | None = None) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


def claims_of(text: str, sentence_part: str, lang: str = "de"):
    found = [c for c in split_claims(text, lang) if sentence_part in c.sentence]
    assert found, f"no claim for sentence {sentence_part!r}"
    return found


def assert_spans(text: str, claims) -> None:
    """Each claim's span lies in its sentence and is not blank; kinds are from KINDS."""
    for claim in claims:
        assert claim.start <= claim.span_start < claim.span_end <= claim.end
        assert text[claim.span_start : claim.span_end].strip()
        assert claim.kind in KINDS


def basil_texts(n: int | None = None) -> list[str]:
    if not BASIL.exists():
        pytest.skip("BASIL corpus not available")
    lines = BASIL.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:n]]
