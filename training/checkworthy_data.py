"""Public check-worthiness data for training and evaluation, with the groups used for cross-validation.

Training pool (everything that may guide a choice):
  * CheckThat 2024 task 1 English train + dev (US presidential debates, ClaimBuster sentence ids).
  * GermEval 2021 fact-claiming train (German Facebook comments under a political talk show).
  * From cw3 on, news: 595 German and English sentences of 100 real news pages (the flairNLP/fundus test
    pages of publishers outside the held-out news set), labelled for check-worthiness (``news_train``).

Untouched sets (read only by ``benchmarks/checkworthy.py --final`` after the model is frozen):
  * CheckThat 2024 English dev-test and test_gold (later debates than train/dev).
  * GermEval 2021 test (other shows than train).
  * CheckThat 2022 task 1A English dev-test and CheckThat 2020 task 1 English test: COVID-19 tweets,
    another domain and another annotation guideline.

Groups for cross-validation (no figure of a held-out set is used to pick anything):
  * CheckThat: the Sentence_ids of train/dev are ClaimBuster ids, numbered debate after debate (about
    1,000 ids per debate; names of candidates change in blocks of that size). The ClaimBuster release
    with the debate of each sentence (crowdsourced.csv, File_id) is on Zenodo and in no GitHub
    repository reachable here, so the folds are contiguous Sentence_id ranges: fold k holds the k-th
    eighth of the id range by count, i.e. about four whole debates; at most one debate per fold edge is
    split between two folds.
  * GermEval: comment_ids run through the comment threads in order (the first hundreds are about climate
    policy, the last about Sea-Watch), so contiguous comment_id ranges are shows/threads in time order;
    same scheme, 8 folds.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from workbench.config import shared_dir  # noqa: E402

BENCH = shared_dir() / "data" / "bench"  # CheckThat 2024 en, GermEval 2021 de train (the training pool)
# The untouched sets' public files (CheckThat 2024 en test_gold, GermEval21_TestData.csv, CheckThat 2022 1A
# en dev_test, CheckThat 2020 task 1 en test gold), fetched by hand; the benchmark sets this from --raw.
RAW: Path | None = None
N_FOLDS = 8


@dataclass
class Dataset:
    """Texts with binary labels (1 = check-worthy / fact-claiming), a language and CV fold per row."""

    name: str
    lang: str  # "en" or "de"
    ids: list[str]
    texts: list[str]
    labels: np.ndarray
    folds: np.ndarray | None = None  # -1 where not used for CV

    def __len__(self) -> int:
        return len(self.texts)


def _unquote(text: str) -> str:
    # CheckThat TSVs carry some texts CSV-quoted ("...""x""..."); undo that quoting, keep inner quotes
    text = text.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return text.strip()


def _checkthat_rows(path: Path) -> list[tuple[int, str, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 5:  # one train line holds two records glued: id, text, "No<id2>", text2, label2
            glued = re.fullmatch(r"(Yes|No)(\d+)", fields[2].strip())
            if glued is None:
                raise ValueError(f"{path.name}: cannot split the glued line {line[:80]!r}")
            rows.append((int(fields[0]), _unquote(fields[1]), int(glued.group(1) == "Yes")))
            rows.append((int(glued.group(2)), _unquote(fields[3]), int(fields[4].strip() == "Yes")))
        elif len(fields) == 3:
            rows.append((int(fields[0]), _unquote(fields[1]), int(fields[2].strip() == "Yes")))
        elif line.strip():
            raise ValueError(f"{path.name}: unexpected line with {len(fields)} fields: {line[:80]!r}")
    return rows


def _contiguous_folds(keys: np.ndarray, n_folds: int = N_FOLDS) -> np.ndarray:
    """Fold of each row: rank the keys, cut the ranking into n equal contiguous parts."""
    order = np.argsort(keys, kind="stable")
    folds = np.empty(len(keys), dtype=np.int64)
    folds[order] = np.arange(len(keys)) * n_folds // len(keys)
    return folds


def ct24_trainval() -> Dataset:
    """CheckThat 2024 English train + dev, with contiguous Sentence_id folds (about 4 debates each)."""
    d = BENCH / "checkthat2024_checkworthy_en"
    rows = _checkthat_rows(d / "CT24_checkworthy_english_train.tsv")
    rows += _checkthat_rows(d / "CT24_checkworthy_english_dev.tsv")
    ids = np.array([r[0] for r in rows])
    return Dataset(
        "CT24 en train+dev",
        "en",
        [str(i) for i in ids],
        [r[1] for r in rows],
        np.array([r[2] for r in rows]),
        _contiguous_folds(ids),
    )


def _germeval(path: Path, name: str, with_folds: bool) -> Dataset:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    ids = np.array([int(r["comment_id"]) for r in rows])
    return Dataset(
        name,
        "de",
        [str(i) for i in ids],
        [r["comment_text"].strip() for r in rows],
        np.array([int(r["Sub3_FactClaiming"]) for r in rows]),
        _contiguous_folds(ids) if with_folds else None,
    )


def germeval_train() -> Dataset:
    """GermEval 2021 train, with contiguous comment_id folds (threads/shows in order)."""
    return _germeval(
        BENCH / "germeval2021_factclaiming_de" / "GermEval21_TrainData.csv", "GermEval21 de train", True
    )


def training_sets() -> list[Dataset]:
    """The two training pools; every choice is made by grouped CV inside them."""
    return [ct24_trainval(), germeval_train()]


def news_train(folder: Path) -> list[Dataset]:
    """Sentences of real news pages labelled for check-worthiness, ``folder``/sentences.jsonl (id, page, lang,
    text) and labels.jsonl (id, label), one Dataset per language (en, de). cw3's training sentences are built by
    ``training/news_sentences.py``; the held-out news sets of ``benchmarks/checkworthy_news.py`` are read the
    same way. Folds: sha256 of the page name modulo N_FOLDS, so a page is never split."""
    import hashlib
    import json

    rows = [json.loads(x) for x in (folder / "sentences.jsonl").read_text(encoding="utf-8").splitlines() if x]
    labels = {}
    for x in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if x:
            r = json.loads(x)
            labels[r["id"]] = int(r["label"])
    missing = [r["id"] for r in rows if r["id"] not in labels]
    if missing:
        raise ValueError(f"{len(missing)} news sentences have no label, e.g. {missing[0]}")
    out = []
    for lang in ("en", "de"):
        mine = [r for r in rows if r["lang"] == lang]
        out.append(
            Dataset(
                f"news {lang}",
                lang,
                [r["id"] for r in mine],
                [r["text"] for r in mine],
                np.array([labels[r["id"]] for r in mine]),
                np.array([int(hashlib.sha256(r["page"].encode()).hexdigest(), 16) % N_FOLDS for r in mine]),
            )
        )
    return out


# --- untouched sets: read their labels only after the model is frozen -----------------------------------


def _ct24_split(path: Path, name: str) -> Dataset:
    rows = _checkthat_rows(path)
    return Dataset(
        name, "en", [str(r[0]) for r in rows], [r[1] for r in rows], np.array([r[2] for r in rows])
    )


def _tweets_tsv(path: Path, name: str, text_col: str, label_col: str) -> Dataset:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    ti, li, ii = header.index(text_col), header.index(label_col), header.index("tweet_id")
    ids, texts, labels = [], [], []
    for line in lines[1:]:
        f = line.split("\t")
        if len(f) != len(header):
            raise ValueError(f"{path.name}: {len(f)} fields, expected {len(header)}: {line[:80]!r}")
        ids.append(f[ii])
        texts.append(f[ti].strip())
        labels.append(int(f[li].strip()))
    return Dataset(name, "en", ids, texts, np.array(labels))


def untouched_sets() -> list[Dataset]:
    """The held-out sets, in report order. Only the final evaluation calls this."""
    if RAW is None:
        raise SystemExit("the untouched sets need --raw DIR (the folder of their fetched files)")
    ct = BENCH / "checkthat2024_checkworthy_en"
    return [
        _ct24_split(ct / "CT24_checkworthy_english_dev-test.tsv", "CT24 en dev-test"),
        _ct24_split(RAW / "CT24_checkworthy_english_test_gold.tsv", "CT24 en test_gold"),
        _germeval(RAW / "GermEval21_TestData.csv", "GermEval21 de test", False),
        _tweets_tsv(
            RAW / "CT22_english_1A_checkworthy_dev_test.tsv",
            "CT22 1A en tweets dev-test",
            "tweet_text",
            "class_label",
        ),
        _tweets_tsv(
            RAW / "CT20_task1_en_test_gold.tsv", "CT20 1 en tweets test", "tweet_text", "claim_worthiness"
        ),
    ]


def untouched_texts() -> list[str]:
    """Only the texts of the untouched sets (to embed them ahead; labels are not returned)."""
    return [t for d in untouched_sets() for t in d.texts]
