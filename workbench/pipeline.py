"""The one place that knows the order of the stages: article -> claims -> embeddings -> groups -> matches with
the archive of earlier fact-checks; and the one place that embeds stored texts and keeps their vectors current
(a search embeds only its query, and grouping and matching read the vectors stored for their model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import archive, group, search
from .formats.articles import read_paths
from .records import Article, FactCheck, content_hash, utc_now
from .text.attribution import split_claims
from .text.sentences import detect_language, long_sentences
from .vectors.embedders import Embedder, embed_texts

if TYPE_CHECKING:
    from .store.base import Store

SAMPLES_DIR = Path(__file__).parent / "data" / "samples"
# progress(stage, done, total): stage is "splitting", "embedding" or "grouping".
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What one ingest did."""

    added: list[int]  # ids of the new articles
    skipped: int  # inputs whose text was already stored
    claims: int  # claims of the new articles
    groups: int  # groups of two or more claims after regrouping
    # sentences of the new articles over text.sentences.MAX_SENTENCE_CHARS, each stored as several claims
    long_sentences: int = 0


# --- vectors ---------------------------------------------------------------------------------------------


def refresh_claim_vectors(
    db: Store, embedder: Embedder, progress: Callable[[int, int], None] | None = None
) -> int:
    """Embed every stored claim text that has no vector for this model yet (e.g. after switching model).

    Returns how many texts were embedded.
    """
    missing = db.vectors.unembedded_claims(embedder.name)
    if not missing:
        return 0
    vectors = embed_texts(embedder, missing, progress)
    with db.write():
        db.vectors.add(embedder.name, vectors)
    return len(vectors)


def refresh_archive_vectors(db: Store, embedder: Embedder, progress: Progress | None = None) -> int:
    """Embed the archive items' search texts that have no vector for this model (after a change of model).

    Returns how many texts were embedded.
    """
    report = progress or (lambda *_: None)
    missing = db.vectors.unembedded_factchecks(embedder.name)
    if not missing:
        return 0
    texts = {h: item.search_text() for h, item in missing.items()}
    vectors = embed_texts(embedder, texts, lambda d, t: report("embedding archive", d, t))
    with db.write():
        db.vectors.add(embedder.name, vectors)
    return len(vectors)


def refresh_search_vectors(db: Store, embedder: Embedder) -> None:
    """Before a search: embed stored claims that have no vector of this model (after a switch of model).

    Cheap when nothing is missing: the search's cached index already holds a vector for every claim. On a
    database opened read-only nothing can be stored: claims without a vector are then found by their words only.
    """
    if db.read_only:
        return
    if len(search.vector_index(db, embedder.name, "claims")) < db.vectors.table_state("claims")[0]:
        refresh_claim_vectors(db, embedder)


def regroup_all(
    db: Store, embedder: Embedder, threshold: float | None = None, suggest: float | None = None
) -> tuple[int, int]:
    """Embed the claims that lack a vector of this model, then ``group.regroup`` them all: what the group
    command and the Groups page run. Returns (groups of two or more claims, claims grouped with another)."""
    refresh_claim_vectors(db, embedder)
    return group.regroup(db, embedder, threshold, suggest)


def match_archive(
    db: Store,
    embedder: Embedder,
    claim_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Embed what lacks a vector of this model (claims and archive items), then ``archive.match_claims``
    the given claims (None: all). Returns how many of them match an archive item."""
    if db.claims.count() and db.factchecks.count() and claim_ids != []:
        refresh_claim_vectors(db, embedder)
        refresh_archive_vectors(db, embedder, progress)
    return archive.match_claims(db, embedder, claim_ids, progress=progress)


# --- articles --------------------------------------------------------------------------------------------


def ingest_articles(
    db: Store,
    articles: list[Article],
    embedder: Embedder,
    *,
    progress: Progress | None = None,
    regroup: bool = True,
) -> IngestReport:
    """Store the new articles with their claims and claim vectors, then regroup.

    Each article is committed whole, with its claims and their vectors, in one short write transaction,
    after its slow work (splitting, embedding) is done: a crash or kill leaves only whole articles, and the
    same ingest run again adds the rest (stored texts are skipped). Readers and reviewers are never blocked
    for longer than one article's insert. Articles whose text is already stored are skipped.
    """
    report = progress or (lambda *_: None)
    seen: set[str] = set()
    new: list[Article] = []
    for article in articles:
        h = article.content_hash
        if h not in seen and db.articles.find_id(h) is None:
            new.append(article)
        seen.add(h)

    claim_lists = []
    cut: dict[str, int] = {}  # content hash -> sentences cut into pieces
    for i, article in enumerate(new, 1):
        article.lang = article.lang or detect_language(article.text)
        claim_lists.append(split_claims(article.text, article.lang))
        cut[article.content_hash] = long_sentences(article.text, article.lang)
        report("splitting", i, len(new))

    total = sum(len(cl) for cl in claim_lists)
    added: list[int] = []
    new_claim_ids: list[int] = []
    done = 0
    for article, article_claims in zip(new, claim_lists):
        texts = {content_hash(c.text): c.text for c in article_claims}
        missing = db.vectors.missing(embedder.name, texts)
        vectors = embed_texts(embedder, {h: texts[h] for h in texts if h in missing})
        with db.write():
            if db.articles.find_id(article.content_hash) is not None:
                continue  # stored meanwhile by a concurrent ingest of the same text
            article_id = db.articles.insert(article, utc_now())
            new_claim_ids.extend(db.claims.insert(article_id, article_claims))
            db.vectors.add(embedder.name, vectors)
        added.append(article.id)
        done += len(article_claims)
        report("embedding", done, total)

    groups = 0
    # also after a run that added nothing, if an earlier run died before grouping its articles
    if regroup and (added or group.ungrouped_claims(db)):
        report("grouping", 0, 1)
        # claims stored with another model (a switch of model) need this model's vectors to be grouped
        refresh_claim_vectors(db, embedder)
        groups = group.update_groups(db, embedder)
        report("grouping", 1, 1)
    if new_claim_ids:
        # "already checked": the new claims against the archive of earlier fact-checks
        match_archive(db, embedder, new_claim_ids)
    return IngestReport(
        added=added,
        skipped=len(articles) - len(added),
        claims=sum(len(cl) for cl, a in zip(claim_lists, new) if a.id in added),
        groups=groups,
        long_sentences=sum(cut[a.content_hash] for a in new if a.id in added),
    )


def ingest_paths(
    db: Store,
    paths: list[str],
    embedder: Embedder,
    *,
    encoding: str = "utf-8",
    stdin=None,
    progress: Progress | None = None,
    skip_bad: bool = False,
    skipped: list | None = None,
) -> IngestReport:
    """Read files, folders, batches or ``-`` (stdin) and ingest them; raises IngestError on bad input.

    Everything is read and checked before anything is stored, so bad input leaves the database as it was.
    With ``skip_bad``, bad lines of JSONL/CSV batches are left out and appended to ``skipped`` instead.
    """
    articles = read_paths(paths, encoding=encoding, stdin=stdin, skip_bad=skip_bad, skipped=skipped)
    return ingest_articles(db, articles, embedder, progress=progress)


def sample_articles() -> list[Article]:
    """The bundled demo corpus: two German articles about one story from two outlets."""
    return read_paths([str(SAMPLES_DIR)])


def seed_samples(db: Store, embedder: Embedder, progress: Progress | None = None) -> IngestReport:
    """Ingest the bundled sample articles (a no-op when they are already stored)."""
    return ingest_articles(db, sample_articles(), embedder, progress=progress)


# --- the archive -----------------------------------------------------------------------------------------


def import_factchecks(
    db: Store, items: Sequence[FactCheck], embedder: Embedder, progress: Progress | None = None
) -> archive.ImportReport:
    """Store the items not stored yet, with the vectors of their search texts, then refresh the matches.

    Texts are embedded before anything is written, and items and vectors are written in one transaction, so
    a failure leaves the database as it was. Items already stored (same ``archive.item_hash``) or repeated in
    ``items`` are skipped. Afterwards every article claim is matched against the whole archive
    (``match_archive``). ``progress(stage, done, total)`` hears of "embedding" and "matching".
    """
    report = progress or (lambda *_: None)
    new = archive.new_items(db, items)
    texts = {content_hash(item.search_text()): item.search_text() for item in new.values()}
    missing = db.vectors.missing(embedder.name, texts)
    vectors = embed_texts(
        embedder, {h: t for h, t in texts.items() if h in missing}, lambda d, t: report("embedding", d, t)
    )
    added_at = utc_now()
    with db.write():
        added = archive.store_items(db, new, added_at)
        db.vectors.add(embedder.name, vectors)
    # also after an import that added nothing: an earlier one may have died between its commit and matching
    matched = match_archive(db, embedder, progress=progress)
    return archive.ImportReport(added=added, skipped=len(items) - added, matched_claims=matched)
