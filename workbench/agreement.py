"""How far reviewers agree: Cohen's kappa and raw agreement per pair of first and second reviewer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .records import PairAgreement
from .review import second_reviews

if TYPE_CHECKING:
    from .store.base import Store


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters' labels for the same items: (p_o - p_e) / (1 - p_e), where p_o is the share
    of items they label alike and p_e the share expected by chance from each rater's label frequencies.
    None when p_e is 1 (both gave one and the same label throughout), where kappa is undefined."""
    import numpy as np

    if len(a) != len(b) or not len(a):
        raise ValueError("kappa needs two equally long, non-empty lists of labels")
    labels = {label: i for i, label in enumerate(sorted(set(a) | set(b)))}
    confusion = np.zeros((len(labels), len(labels)), dtype=np.int64)
    np.add.at(confusion, ([labels[x] for x in a], [labels[y] for y in b]), 1)
    n = len(a)
    # counts kept as integers, so "p_e == 1" is an exact test
    chance = int(confusion.sum(axis=1) @ confusion.sum(axis=0))
    if chance == n * n:
        return None
    p_o, p_e = np.trace(confusion) / n, chance / (n * n)
    return float((p_o - p_e) / (1 - p_e))


AGREEMENT_COLUMNS = ["reviewer_a", "reviewer_b", "n", "raw", "kappa"]


def agreement(db: Store) -> list[PairAgreement]:
    """Agreement per pair of reviewers over the claims one reviewed first and the other second: raw
    agreement (share of equal verdicts) and Cohen's kappa. A pair is named in alphabetical order, whichever
    of them reviewed first; most shared claims first."""
    pairs: dict[tuple[str, str], tuple[list[str], list[str], tuple[str, str]]] = {}
    for s in second_reviews(db):
        if not s.decided:
            continue
        (name_a, verdict_a), (name_b, verdict_b) = sorted(
            [(s.first_reviewer, s.first_verdict), (s.reviewer, s.verdict)],
            key=lambda x: x[0].strip().casefold(),
        )
        key = (name_a.strip().casefold(), name_b.strip().casefold())
        a, b, _ = pairs.setdefault(key, ([], [], (name_a.strip(), name_b.strip())))
        a.append(verdict_a)
        b.append(verdict_b)
    out = []
    for a, b, (name_a, name_b) in pairs.values():
        raw = sum(x == y for x, y in zip(a, b)) / len(a)
        out.append(PairAgreement(name_a, name_b, len(a), raw, cohen_kappa(a, b)))
    return sorted(out, key=lambda p: (-p.n, p.reviewer_a.casefold(), p.reviewer_b.casefold()))
