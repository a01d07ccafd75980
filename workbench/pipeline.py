"""The one place that knows the order of the stages: article -> claims -> embeddings -> groups -> matches
with the archive of earlier fact-checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from . import archive, claims, embed, group, ingest
from .db import write_transaction
from .records import Article, content_hash

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


def ingest_articles(
    db: Database,
    articles: list[Article],
    embedder: embed.Embedder,
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
        if h not in seen and ingest.find_article(db, h) is None:
            new.append(article)
        seen.add(h)

    claim_lists = []
    for i, article in enumerate(new, 1):
        article.lang = article.lang or claims.detect_language(article.text)
        claim_lists.append(claims.split_claims(article.text, article.lang))
        report("splitting", i, len(new))

    total = sum(len(cl) for cl in claim_lists)
    added: list[int] = []
    new_claim_ids: list[int] = []
    done = 0
    for article, article_claims in zip(new, claim_lists):
        texts = {content_hash(c.text): c.text for c in article_claims}
        missing = embed.missing_hashes(db, embedder.name, texts)
        vectors = embed.embed_texts(embedder, {h: texts[h] for h in texts if h in missing})
        with write_transaction(db):
            if ingest.find_article(db, article.content_hash) is not None:
                continue  # stored meanwhile by a concurrent ingest of the same text
            new_claim_ids.extend(claims.store_claims(db, ingest.insert_article(db, article), article_claims))
            embed.store_vectors(db, embedder.name, vectors)
        added.append(article.id)
        done += len(article_claims)
        report("embedding", done, total)

    groups = 0
    # also after a run that added nothing, if an earlier run died before grouping its articles
    if regroup and (added or group.ungrouped_claims(db)):
        report("grouping", 0, 1)
        groups = group.update_groups(db, embedder)
        report("grouping", 1, 1)
    if new_claim_ids:
        # "already checked": the new claims against the archive of earlier fact-checks
        archive.match_claims(db, embedder, new_claim_ids)
    return IngestReport(
        added=added,
        skipped=len(articles) - len(added),
        claims=sum(len(cl) for cl, a in zip(claim_lists, new) if a.id in added),
        groups=groups,
    )


def ingest_paths(
    db: Database,
    paths: list[str],
    embedder: embed.Embedder,
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
    articles = ingest.read_paths(paths, encoding=encoding, stdin=stdin, skip_bad=skip_bad, skipped=skipped)
    return ingest_articles(db, articles, embedder, progress=progress)


def sample_articles() -> list[Article]:
    """The bundled demo corpus: two German articles about one story from two outlets."""
    return ingest.read_paths([str(SAMPLES_DIR)])


def seed_samples(db: Database, embedder: embed.Embedder, progress: Progress | None = None) -> IngestReport:
    """Ingest the bundled sample articles (a no-op when they are already stored)."""
    return ingest_articles(db, sample_articles(), embedder, progress=progress)
