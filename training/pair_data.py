"""The labelled claim pairs of issue 13, read for training and benchmarking the pair judge.

The pair files live outside the repository (third-party text): ``$WORKBENCH_PAIRS``, else ``../data/pairs``
beside the shared folder (see ``workbench.config.pairs_dir``); their README is ``LABELLING.md`` there. Each
side of a pair becomes a ``Side``: the claim as the workbench would hold it (text, resolved reading from
``text.context`` where the side's article is at hand, language, speaker), its e5 vector and its article's
centroid (the mean of the article's claim vectors), the way ``workbench.group`` sees a stored claim.

Vectors come from caches made with the same embedder (``cache/basil_e5.npy``, ``en_work/ecbplus/e5.npy``,
``de_work/samples_e5.npy``, ``de_work/news/brexit_e5.npy``); any other text (translations, fact-checks,
resolved readings) is embedded once with ``load_embedder()`` and kept in ``--cache`` (a .npz keyed by the
text's hash), so a second run is fast and gives the same vectors.

Used by training/train_pair_judge.py and benchmarks/pair_judge.py; not shipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.config import pairs_dir, shared_dir
from workbench.judge import article_margins
from workbench.records import FactCheck, content_hash
from workbench.text.attribution import split_claims
from workbench.vectors.embedders import load_embedder

DEFAULT_CACHE = Path.home() / ".cache" / "claim-workbench" / "pair_vectors.npz"
FILES = (
    "en_basil_traindev.jsonl",
    "en_basil_test.jsonl",
    "en_ecbplus_test.jsonl",
    "de_train.jsonl",
    "de_test.jsonl",
    "archive_pairs.jsonl",
)
SAMPLES = Path(__file__).resolve().parents[1] / "workbench" / "data" / "samples"


@dataclass
class Side:
    """One side of a pair as the workbench holds it."""

    text: str
    lang: str
    speaker: str = ""
    resolved: str = ""
    article: str = ""  # a key naming its article ("" when the side stands alone: a post, a fact-check)
    event: str = ""
    vector: np.ndarray | None = None  # of the linking text (resolved reading, else text)
    centroid: np.ndarray | None = None  # of its article's claims; None without an article
    context: np.ndarray | None = None  # the vectors of its article's claims (rows), None without an article
    search_text: str = ""  # for a fact-check: what the archive embeds (claim + title)

    @property
    def linking_text(self) -> str:
        return self.resolved or self.text


@dataclass
class Pair:
    """A labelled pair: ``same`` is the label same_assertion."""

    id: str
    split: str
    lang_pair: str
    source: str
    label: str
    tags: list[str]
    a: Side
    b: Side
    group: str  # what cross-validation keeps together: the event (or fact-check) of the pair
    record: dict = field(repr=False, default_factory=dict)

    @property
    def same(self) -> bool:
        return self.label == "same_assertion"


def read_records(files=FILES, root: Path | None = None) -> list[dict]:
    """The raw records of the pair files, in file order."""
    root = root or pairs_dir()
    rows = []
    for name in files:
        with open(root / name, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


class Contexts:
    """Articles the sides come from, split with today's ``split_claims``: each claim's resolved reading and
    each article's claim texts (for its centroid)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved: dict[tuple[str, str], str] = {}  # (article key, claim text) -> resolved reading
        self.article_texts: dict[str, list[str]] = {}  # article key -> its claims' linking texts

    def add_article(self, key: str, text: str, lang: str) -> None:
        if key in self.article_texts:
            return
        claims = split_claims(text, lang)
        self.article_texts[key] = [c.linking_text for c in claims]
        for c in claims:
            if c.resolved:
                self.resolved[(key, c.text)] = c.resolved

    def load(self, needed: set[str]) -> None:
        """Split the articles named in ``needed`` (BASIL article ids, ECB+ doc ids, sample and news files)."""
        basil = shared_dir() / "data" / "corpora" / "basil_en" / "articles.jsonl"
        for line in basil.open(encoding="utf-8"):
            r = json.loads(line)
            if r["article_id"] in needed:
                self.add_article(r["article_id"], r["text"].strip(), "en")
        ecb = self.root / "en_work" / "ecbplus" / "docs.jsonl"
        for line in ecb.open(encoding="utf-8"):
            d = json.loads(line)
            if d["doc_id"] in needed:
                s = d["sentences"]  # joined as en_work/ecb_claims.py joined them
                text = "\n\n".join([s[0], " ".join(s[1:])]) if len(s) > 1 else s[0]
                self.add_article(d["doc_id"], text, "en")
        for path in sorted(SAMPLES.glob("*.txt")):
            if path.name in needed:
                self.add_article(path.name, path.read_text(encoding="utf-8").split("\n", 1)[1].strip(), "de")
        # test2's German and English news (SemEval 2022 task 8)
        semeval = self.root / "test2" / "semeval" / "articles.json"
        if semeval.exists() and any(key.startswith("semeval:") for key in needed):
            for article, item in json.loads(semeval.read_text(encoding="utf-8")).items():
                if "semeval:" + article in needed:
                    # paragraph breaks kept, spaces tidied: as test2/de/split.py split them
                    text = re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t\r]+", " ", item["text"])).strip()
                    self.add_article("semeval:" + article, text, item["lang"])
        news = self.root / "de_work" / "news" / "brexit_articles.json"
        for article, item in json.loads(news.read_text(encoding="utf-8")).items():
            key = "trafilatura-eval:" + article
            if key in needed:
                self.add_article(key, item["text"], "de")


class VectorCache:
    """Vectors of texts by content hash: the helpers' caches first, then the cache file, then the model."""

    def __init__(self, root: Path, path: Path = DEFAULT_CACHE) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        for claims, npy in (
            ("cache/basil_claims.jsonl", "cache/basil_e5.npy"),
            ("en_work/ecbplus/claims.jsonl", "en_work/ecbplus/e5.npy"),
        ):
            matrix = np.load(root / npy)
            for line, vector in zip((root / claims).open(encoding="utf-8"), matrix):
                self.vectors.setdefault(content_hash(json.loads(line)["text"]), vector)
        for claims, npy in (
            ("de_work/samples_claims.json", "de_work/samples_e5.npy"),
            ("de_work/news/brexit_claims.json", "de_work/news/brexit_e5.npy"),
        ):
            items = json.loads((root / claims).read_text(encoding="utf-8"))
            for item, vector in zip(items, np.load(root / npy)):
                self.vectors.setdefault(content_hash(item["text"]), vector)
        # the held-out set's own claim vectors (same embedder), read only for it
        for claims, npy in (
            ("test2/en/claims.jsonl", "test2/en/e5.npy"),
            ("test2/de/claims.jsonl", "test2/de/e5.npy"),
        ):
            if (root / npy).exists():
                matrix = np.load(root / npy)
                for line, vector in zip((root / claims).open(encoding="utf-8"), matrix):
                    self.vectors.setdefault(content_hash(json.loads(line)["text"]), vector)
        if path.exists():
            with np.load(path) as stored:
                for key in stored.files:
                    self.vectors.setdefault(key, stored[key])

    def get(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Vectors of ``texts`` by text; the missing ones are embedded (and written to the cache file)."""
        missing = list(dict.fromkeys(t for t in texts if content_hash(t) not in self.vectors))
        if missing:
            embedder = load_embedder()
            print(f"embedding {len(missing)} texts not in any cache", flush=True)
            for i in range(0, len(missing), 64):
                batch = missing[i : i + 64]
                for text, vector in zip(batch, embedder.encode(batch)):
                    self.vectors[content_hash(text)] = vector
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, **self.vectors)
        return {t: self.vectors[content_hash(t)] for t in texts}


def _article_key(side: dict, source: str) -> str:
    """The article a side comes from, as ``Contexts`` names it; "" for sides without an article."""
    article = side.get("article", "")
    if source in ("basil", "ecbplus") or source == "samples" and not article.endswith(":en"):
        return article
    if source == "news_de":
        return article
    if source == "basil_translated" or source == "ecbplus_translated":  # a rendering: its original's article
        return article.removesuffix(":de") if article.endswith(":de") else article
    if source == "semeval2022_task8":
        return "semeval:" + article
    return ""


def corpus_centre(root: Path | None = None) -> np.ndarray:
    """The mean claim vector of the corpus the judge learns from, taken off article means: every claim of
    the BASIL train/dev events (English) and of the German news and sample articles, each language weighing
    half. Test events are left out."""
    root = root or pairs_dir()
    split = json.loads((root / "en_work" / "basil_event_split.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in (root / "cache" / "basil_claims.jsonl").open(encoding="utf-8")]
    english = np.load(root / "cache" / "basil_e5.npy")[
        [r["row"] for r in rows if split[r["event_id"]] != "test"]
    ]
    german = np.vstack(
        [np.load(root / "de_work" / "samples_e5.npy"), np.load(root / "de_work" / "news" / "brexit_e5.npy")]
    )
    return 0.5 * english.astype(np.float64).mean(axis=0) + 0.5 * german.astype(np.float64).mean(axis=0)


def load_pairs(
    files=FILES,
    root: Path | None = None,
    cache: Path = DEFAULT_CACHE,
    resolve: bool = True,
    centre: np.ndarray | None = None,
) -> list[Pair]:
    """Every labelled pair of ``files`` with both sides as the workbench would hold them.

    ``resolve``: read the resolved readings of sides whose article is at hand (else the plain texts).
    Article centroids (mean claim vector less ``centre``, default ``corpus_centre``, unit length): BASIL,
    ECB+, the samples and the German news come with their articles; a German
    rendering of a BASIL claim takes its English article's centroid (the same story), an English rendering
    of a sample claim the centroid of the English renderings of its article's claims; posts and fact-checks
    have none.
    """
    root = root or pairs_dir()
    records = read_records(files, root)
    contexts = Contexts(root)
    needed = {_article_key(r[s], r["source"]) for r in records for s in "ab"}
    contexts.load(needed - {""})
    # English renderings of the sample claims: the "English article" of each sample
    renderings: dict[str, list[str]] = {}
    for line in (root / "de_work" / "translations_samples.jsonl").open(encoding="utf-8"):
        t = json.loads(line)
        if t.get("perturbation") is None:
            renderings.setdefault(t["original_id"].split("#")[0] + ":en", []).append(t["text"])

    sides = []
    for r in records:
        for s in "ab":
            side = r[s]
            key = _article_key(side, r["source"])
            lang = r["lang_pair"].split("-")[0 if s == "a" else 1]
            resolved = contexts.resolved.get((key, side["text"]), "") if resolve else ""
            speaker = side.get("speaker") or ""
            if s == "a" and r.get("factcheck"):  # a fact-check's claimant speaks its claim
                speaker = r["factcheck"].get("speaker") or ""
            search = ""
            if s == "a" and r.get("factcheck"):
                fc = r["factcheck"]
                search = FactCheck(claim=side["text"], title=fc.get("title") or "").search_text()
            sides.append(
                Side(
                    text=side["text"],
                    lang=lang,
                    speaker=speaker,
                    resolved=resolved if resolved != side["text"] else "",
                    article=key or (side["article"] if side.get("article", "").endswith(":en") else ""),
                    event=side.get("event", ""),
                    search_text=search,
                )
            )
    texts = [s.search_text or s.linking_text for s in sides]
    texts += [
        t for key in {s.article for s in sides if s.article} for t in contexts.article_texts.get(key, [])
    ]
    texts += [t for ts in renderings.values() for t in ts]
    vectors = VectorCache(root, cache).get(texts)
    centre = corpus_centre(root) if centre is None else centre
    centroids: dict[str, np.ndarray] = {}
    matrices: dict[str, np.ndarray] = {}
    for key, ts in [*contexts.article_texts.items(), *renderings.items()]:
        matrices[key] = np.vstack([vectors[t] for t in ts]).astype(np.float32)
        centroids[key] = _unit(matrices[key].mean(axis=0) - centre)
    for side in sides:
        side.vector = vectors[side.search_text or side.linking_text]
        side.centroid = centroids.get(side.article)
        side.context = matrices.get(side.article)
    pairs = []
    for i, r in enumerate(records):
        a, b = sides[2 * i], sides[2 * i + 1]
        group = r["a"].get("event") or r["id"]
        if r["source"].startswith("checkthat"):
            group = "ct25:" + r["b"]["text"]  # the verified claim keeps its posts together
        pairs.append(
            Pair(r["id"], r["split"], r["lang_pair"], r["source"], r["label"], r["tags"], a, b, group, r)
        )
    return pairs


def margins(a: Side, b: Side) -> tuple[float, float] | None:
    """The pair's margins in each other's article (``workbench.judge.article_margins``), as ``linking``
    computes them for stored claims; None unless both sides come from two different articles. A side's own
    row in its article is the row most like it (itself; for a rendering, the claim it renders)."""
    if a.context is None or b.context is None or not a.article or a.article == b.article:
        return None
    own_b = int(np.argmax(b.context @ b.vector))
    own_a = int(np.argmax(a.context @ a.vector))
    others_a = np.delete(b.context, own_b, axis=0) @ a.vector  # a against b's article, b itself left out
    others_b = np.delete(a.context, own_a, axis=0) @ b.vector
    return article_margins(float(a.vector @ b.vector), others_a, others_b)


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / max(float(np.linalg.norm(v)), 1e-9)).astype(np.float32)
