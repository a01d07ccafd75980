"""Check-worthiness model v1, frozen: kept only so that migration 3 gives the same result forever.

The workbench scores claims with ``text/checkworthy.py`` (model cw2 and later); nothing but migration 3 and
the benchmark that compares against it imports this module. Do not change it or its file
``data/checkworthy-v1.npz``. What follows is v1's original description.

Check-worthiness: how much a claim deserves a fact-checker's time, as a calibrated probability.

The model is logistic regression over hashed word and character n-grams plus a few named cue features
(numbers, quantities, dates, named entities, comparisons, causal and legal language, opinion and question
markers). It is trained by ``training/train_checkworthy.py`` on public English (CheckThat 2024) and German
(GermEval 2021) data and ships as ``data/checkworthy.npz``; scores are Platt-calibrated on the dev splits so
that 0.5 is the decision threshold. Being linear, every score splits exactly into per-word and per-cue
contributions, which is what ``explain`` shows a reviewer.

Only NumPy is needed at run time: features are hashed with CRC32 (stable across processes, unlike ``hash``).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain

BUCKETS = 2**18
MODEL_FILE = "checkworthy-v1.npz"
THRESHOLD = 0.5

_TOKEN = re.compile(r"[^\W_]+|[%€$£]")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[%€$£]")  # keeps "UN-Sicherheitsrat" whole for the cues
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")

# Cue lexicons, German and English: whole words, two-word phrases, and stems that may sit anywhere in a
# word (German compounds: "Sicherheitsratsresolutionen"). Matching runs over the text's words once, with
# set lookups, because big case-insensitive regex alternations cost milliseconds per sentence.
_LEXICON: dict[str, tuple[str, str, str]] = {  # label: (words, phrases separated by "|", stems)
    "quantity": (
        "% € $ £ prozent percent euro dollar dollars millionen million milliarden billion trillion tausend"
        " thousand hundert hundred times tonnen tons tonne kilometer kilometers meilen miles jahre years",
        "per cent|mal so",
        "",
    ),
    "date": (
        "januar februar märz april mai juni juli august september oktober november dezember january"
        " february march may june july october december montag dienstag mittwoch donnerstag freitag samstag"
        " sonntag monday tuesday wednesday thursday friday saturday sunday",
        "",
        "",
    ),
    "comparison": (
        "largest biggest highest lowest most least twice double doubled tripled half hälfte increase increased"
        " decrease decreased rose fell gestiegen gesunken stieg sank",
        "mehr als|weniger als|höher als|niedriger als|größer als|kleiner als|more than|less than|fewer than"
        "|higher than|lower than|larger than|smaller than",
        "größte höchste niedrigste meiste rekord record doppelt verdoppel",
    ),
    "causal": (
        "because caused causes cause weil wegen infolge aufgrund deshalb daher",
        "due to|led to|leads to|resulted in|results in|result in|führte zu|führt zu",
        "verursach",
    ),
    "legal": (
        "court courts law laws legal bill vote voted votes abgestimmt beschlossen",
        "",
        "verstoß verstieß verletz resolution illegal rechtswidrig sanktion sanction gesetz verfassung verboten"
        " violat unlawful treaty vertrag gericht",
    ),
    "opinion": (
        "",
        "ich finde|ich glaube|ich meine|ich denke|ich hoffe|meiner meinung|i think|i believe|i feel|i hope"
        "|i guess|in my|we must|we should|we need|wir müssen|wir sollten",
        "",
    ),
}
_CUE_WORDS: dict[str, str] = {w: label for label, (words, _, _) in _LEXICON.items() for w in words.split()}
_CUE_PHRASES: dict[str, str] = {
    p: label for label, (_, phrases, _) in _LEXICON.items() for p in phrases.split("|") if p
}
_CUE_STEMS: dict[str, str] = {s: label for label, (_, _, stems) in _LEXICON.items() for s in stems.split()}
_STEM = re.compile("|".join(sorted(_CUE_STEMS, key=len, reverse=True)))

# The named cues, in the order of their model weights after the hashed n-grams.
CUES = (
    "number",
    "quantity",
    "date",
    "year",
    "named entity",
    "comparison",
    "causal",
    "legal",
    "opinion",
    "question",
)


def find_cues(text: str) -> dict[str, list[str]]:
    """The words of a text that fire each named cue (CUES order; an empty list where a cue does not fire).

    A named entity is an acronym ("UN", "UN-Sicherheitsrat", "NATO") or a run of two or more capitalised
    words after the first word ("Matthew Miller"); German capitalises every noun, so one capitalised word is
    no evidence of a name.
    """
    found: dict[str, list[str]] = {label: [] for label in CUES}
    found["number"] = _NUMBER.findall(text)
    found["year"] = _YEAR.findall(text)
    if text.rstrip().endswith("?"):
        found["question"] = ["?"]
    words = _WORD.findall(text)
    lower = [w.lower() for w in words]
    run: list[str] = []
    for i, (word, low) in enumerate(zip(words, lower)):
        label = _CUE_WORDS.get(low)
        if label is None and i + 1 < len(words):
            phrase = f"{low} {lower[i + 1]}"
            if phrase in _CUE_PHRASES:
                found[_CUE_PHRASES[phrase]].append(f"{word} {words[i + 1]}")
        if label is None and len(low) > 4:
            stem = _STEM.search(low)
            label = _CUE_STEMS[stem.group(0)] if stem else None
        if label is not None:
            found[label].append(word)
        head = word.split("-")[0]
        if len(head) > 1 and head.isupper() and head.isalpha():
            found["named entity"].append(word)
        elif i > 0 and word[:1].isupper() and word[1:].islower():
            run.append(word)
            continue
        if len(run) > 1:
            found["named entity"].append(" ".join(run))
        run = []
    if len(run) > 1:
        found["named entity"].append(" ".join(run))
    return found


def _normalise(text: str) -> str:
    # digits become 0 so "71.500" and "10.000" share n-grams: the model learns "a figure", not the figure
    return re.sub(r"\d", "0", text.lower())


@lru_cache(maxsize=200_000)
def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % BUCKETS


@lru_cache(maxsize=100_000)
def _word_buckets(word: str) -> tuple[int, ...]:
    """Buckets of a word's unigram and its character 2- to 5-grams (with word-boundary padding)."""
    padded = f" {word} "
    grams = [f"w:{word}"] + [
        f"c:{padded[i : i + n]}" for n in range(2, 6) for i in range(len(padded) - n + 1)
    ]
    return tuple(_bucket(g) for g in grams)


def tokens(text: str) -> list[str]:
    """The normalised words of a text, as the model sees them."""
    return _TOKEN.findall(_normalise(text))


def hashed_counts(text: str) -> tuple[dict[int, int], list[tuple[int, ...]]]:
    """Bucket -> raw count for a text's word, bigram and character n-grams, plus, per word, the buckets
    that word fired (so a score can be split back into words)."""
    words = tokens(text)
    per_word = [
        # a bigram is credited to its first word
        _word_buckets(w) + (_bucket(f"b:{w} {words[i + 1]}"),) if i + 1 < len(words) else _word_buckets(w)
        for i, w in enumerate(words)
    ]
    return Counter(chain.from_iterable(per_word)), per_word


def cue_values(text: str, found: dict[str, list[str]] | None = None) -> list[float]:
    """The named cue features of a text, in CUES order: log-damped counts of what ``find_cues`` found."""
    found = find_cues(text) if found is None else found
    return [math.log1p(len(found[label])) for label in CUES]


@dataclass
class Model:
    """A trained check-worthiness model: idf and weights per hash bucket, cue weights, calibration."""

    idf: object  # np.ndarray[BUCKETS] float32
    weights: object  # np.ndarray[BUCKETS] float32
    cue_weights: object  # np.ndarray[len(CUES)] float32
    bias: float
    platt_a: float = 1.0  # calibrated probability = sigmoid(platt_a * logit + platt_b)
    platt_b: float = 0.0

    def save(self, path) -> None:
        """Write the model as a compressed .npz (float16 weights keep it small)."""
        import numpy as np

        np.savez_compressed(
            path,
            idf=np.asarray(self.idf, dtype=np.float16),
            weights=np.asarray(self.weights, dtype=np.float16),
            cue_weights=np.asarray(self.cue_weights, dtype=np.float32),
            scalars=np.array([self.bias, self.platt_a, self.platt_b], dtype=np.float64),
            cues=np.array(list(CUES)),
        )

    @classmethod
    def load(cls, path) -> Model:
        """Read a model written by ``save``; refuses one trained with other cue features."""
        import numpy as np

        with np.load(path) as data:
            if list(data["cues"]) != list(CUES):
                raise ValueError(
                    f"{path}: model was trained with cues {list(data['cues'])}, not {list(CUES)}"
                )
            bias, a, b = (float(x) for x in data["scalars"])
            return cls(
                idf=data["idf"].astype("float32"),
                weights=data["weights"].astype("float32"),
                cue_weights=data["cue_weights"],
                bias=bias,
                platt_a=a,
                platt_b=b,
            )

    def tfidf(self, counts: dict[int, float]) -> dict[int, float]:
        """Sublinear tf times idf, L2-normalised (the same transform training used)."""
        import numpy as np

        if not counts:
            return {}
        buckets = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[buckets]
        norm = float(np.sqrt(values @ values)) or 1.0
        return dict(zip(buckets.tolist(), (values / norm).tolist()))

    def logit(self, text: str) -> float:
        """The uncalibrated linear score of a text."""
        import numpy as np

        z = self.bias + float(np.dot(self.cue_weights, cue_values(text)))
        x = self.tfidf(hashed_counts(text)[0])
        if x:
            z += float(
                self.weights[np.fromiter(x, dtype=np.int64)] @ np.fromiter(x.values(), dtype=np.float64)
            )
        return z

    def probability(self, logit: float) -> float:
        """The calibrated probability for an uncalibrated score."""
        return 1.0 / (1.0 + math.exp(-(self.platt_a * logit + self.platt_b)))


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The model shipped in the package (loaded once)."""
    with resources.as_file(resources.files("workbench") / "data" / MODEL_FILE) as path:
        return Model.load(path)


def score(text: str, model: Model | None = None) -> float:
    """Check-worthiness of one text in [0, 1]; 0.5 and above means worth checking."""
    model = model or default_model()
    return round(model.probability(model.logit(text)), 3)


def score_texts(texts: list[str], model: Model | None = None) -> list[float]:
    """Check-worthiness of each text, in input order."""
    model = model or default_model()
    return [score(t, model) for t in texts]


@dataclass
class Cue:
    """One reason for a score: a named cue or a word, the words of the text behind it, and its share of the
    (calibrated) logit."""

    label: str
    words: str
    weight: float


def explain(text: str, model: Model | None = None, top: int = 4) -> list[Cue]:
    """The strongest reasons a text scored as it did, strongest first.

    Named cues (number, quantity, named entity, comparison, causal, legal, ...) come with the words that
    fired them, and the n-gram weight of those words counts toward the cue; other words that pushed the
    score up are listed as "wording". Only positive contributions are returned: a reviewer asks why a
    claim is in the queue.
    """
    model = model or default_model()
    scale = model.platt_a  # contributions on the calibrated logit scale
    weight: dict[str, float] = {}
    words: dict[str, list[str]] = {}
    cue_of: dict[str, str] = {}  # normalised token -> the first cue whose match contains it
    found = find_cues(text)
    for label, w, v in zip(CUES, model.cue_weights, cue_values(text, found)):
        if not v:
            continue
        words[label] = list(dict.fromkeys(found[label]))
        weight[label] = float(w * v * scale)
        for token in tokens(" ".join(found[label])):
            cue_of.setdefault(token, label)
    counts, per_word = hashed_counts(text)
    x = model.tfidf(counts)
    originals = {_normalise(w): w for w in _TOKEN.findall(text)}
    for token, buckets in zip(tokens(text), per_word):
        # a bucket fired by several words is shared among them in proportion to its count
        share = sum(float(model.weights[b]) * x[b] / counts[b] for b in buckets) * scale
        label = cue_of.get(token)
        if label is None and len(token) < 4:  # "auf", "the": real weight, but no reason a reviewer can use
            continue
        if label is None:
            label = f"wording:{token}"
            words[label] = [originals.get(token, token)]
        weight[label] = weight.get(label, 0.0) + share
    reasons = [
        Cue(label.split(":")[0], ", ".join(words[label])[:80], w) for label, w in weight.items() if w > 0.05
    ]
    reasons.sort(key=lambda c: -c.weight)
    return reasons[:top]
