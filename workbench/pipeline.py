"""The one place that knows the order of the stages: article -> claims -> embeddings -> groups -> matches with
the archive of earlier fact-checks; and the one place that embeds stored texts and keeps their vectors current
(a search embeds only its query, and grouping and matching read the vectors stored for their model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import archive, claims, group, search, web
from .accounts import acting
from .claims import rescore_claims, score_claims
from .formats.articles import read_html_page, read_paths
from .formats.files import IngestError
from .records import LANGUAGES, OTHER_LANGUAGE, Account, Article, FactCheck, Kind, content_hash, utc_now
from .text.attribution import split_claims
from .text.boilerplate import mark_boilerplate
from .text.context import resolve_references
from .text.sentences import language_of, long_sentences
from .vectors.embedders import CALL_SIZE, Embedder, embed_texts

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
    claims: int  # claims of the new articles (boilerplate not counted)
    groups: int  # groups of two or more claims after regrouping
    boilerplate: int = 0  # sentences of the new articles marked as page furniture (kept, not counted above)
    notes: list[str] = field(default_factory=list)  # "source: what had to be done" for new articles
    # sentences of the new articles over text.sentences.MAX_SENTENCE_CHARS, each stored as several claims
    long_sentences: int = 0
    # new versions of stored articles: {article_id, replaces, why, unchanged, carried, changed, gone}
    versions: list[dict] = field(default_factory=list)


# --- vectors ---------------------------------------------------------------------------------------------


def refresh_claim_vectors(
    db: Store, embedder: Embedder, progress: Callable[[int, int], None] | None = None
) -> int:
    """Embed every stored claim text that has no vector for this model yet (e.g. after switching model).
    Claims that thereby gain a vector of the default model are rescored by the vector model.

    Returns how many texts were embedded.
    """
    missing = db.vectors.unembedded_claims(embedder.name)
    if not missing:
        return 0
    vectors = embed_texts(embedder, missing, progress)
    with db.write():
        db.vectors.add(embedder.name, vectors)
        rescore_claims(db, embedder.name, set(vectors))
    return len(vectors)


ARCHIVE_CALL = 1024  # archive texts embedded, and their vectors committed, per step of an import


def refresh_archive_vectors(db: Store, embedder: Embedder, progress: Progress | None = None) -> int:
    """Embed the archive items' search texts that have no vector for this model: after an import has stored
    its items, after an import that was stopped, after a change of model.

    The vectors are committed ``ARCHIVE_CALL`` texts at a time, so an interrupted run keeps what it did and
    the next run embeds only the rest. ``progress("embedding archive", done, total)`` follows it.
    Returns how many texts were embedded.
    """
    report = progress or (lambda *_: None)
    missing = db.vectors.unembedded_factchecks(embedder.name)
    if not missing:
        return 0
    hashes = list(missing)
    report("embedding archive", 0, len(hashes))
    for start in range(0, len(hashes), ARCHIVE_CALL):
        chunk = hashes[start : start + ARCHIVE_CALL]
        vectors = embed_texts(embedder, {h: missing[h].search_text() for h in chunk}, call_size=ARCHIVE_CALL)
        with db.write():
            db.vectors.add(embedder.name, vectors)
        report("embedding archive", start + len(chunk), len(hashes))
    return len(hashes)


def refresh_search_vectors(db: Store, embedder: Embedder) -> None:
    """Before a search: embed stored claims that have no vector of this model (after a switch of model).

    Cheap when nothing is missing: the search's cached index already holds a vector for every claim. On a
    database opened read-only nothing can be stored: claims without a vector are then found by their words only.
    """
    if db.read_only:
        return
    if search.claims_lack_vectors(db, embedder.name):
        refresh_claim_vectors(db, embedder)


def regroup_all(
    db: Store,
    embedder: Embedder,
    threshold: float | None = None,
    suggest: float | None = None,
    confirm_model_switch: bool = False,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Embed the claims that lack a vector of this model, then ``group.regroup`` them all: what the group
    command and the Groups page run. Returns (groups of two or more claims, claims grouped with another).
    ``progress(stage, done, total)`` hears of the regroup's stages.

    Stored groups made with another model are regrouped only with ``confirm_model_switch``; otherwise
    ``ModelSwitch`` is raised before anything is embedded or changed (``group.check_model_switch``)."""
    group.check_model_switch(db, embedder.name, confirm_model_switch)
    embedding = None if progress is None else (lambda done, total: progress("embedding claims", done, total))
    refresh_claim_vectors(db, embedder, embedding)
    return group.regroup(db, embedder, threshold, suggest, progress)


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


OTHER_NOTE = "not German or English: stored without claims (the workbench splits German and English only)"


def check_language(article: Article, keep_other: bool = False) -> str | None:
    """Set the article's language and confidence (unless it came with one) and say what is wrong with it:
    None for German or English, and for another language when ``keep_other`` (it is then marked "other" and
    noted); else a one-line reason that names the article."""
    if not article.lang:
        article.lang, article.lang_confidence = language_of(article.text)
    if article.lang in LANGUAGES:
        return None
    article.lang = OTHER_LANGUAGE
    if keep_other:
        article.note = "; ".join(filter(None, [article.note, OTHER_NOTE]))
        return None
    sure = f", confidence {article.lang_confidence:.2f}" if article.lang_confidence else ""
    return (
        f"{article.source or article.title or 'article'}: the text is not German or English (language"
        f" {article.lang}{sure}); claims are split in German and English only, so nothing was stored"
        " (--keep-other-languages stores it without claims)"
    )


def article_claims(article: Article) -> list:
    """The claims of an article whose language is set: none for "other"; page furniture marked boilerplate.

    Resolved readings ("ein solcher Deal [...]") are taken from counted claims only: page furniture is never
    embedded or grouped, so it neither gets a resolved reading nor serves as the referent of another claim."""
    if article.lang not in LANGUAGES:
        return []
    claims = split_claims(article.text, article.lang, score=False)  # claims.score_claims scores them
    if mark_boilerplate(claims):
        for claim in claims:
            claim.resolved = ""
        kept = [c for c in claims if c.kind != Kind.BOILERPLATE.value]
        resolve_references(kept, article.text, article.lang)
    return claims


def ingest_articles(
    db: Store,
    articles: list[Article],
    embedder: Embedder,
    *,
    progress: Progress | None = None,
    regroup: bool = True,
    keep_other: bool = False,
    after_store: Callable[[Article], None] | None = None,
    by: Account | str | None = None,
) -> IngestReport:
    """Store the new articles with their claims and claim vectors, then regroup.

    ``by`` is the account that adds them: it must be allowed to ("ingest", records.PERMISSIONS; AccessDenied
    before anything is stored otherwise) and each new article records its name (``added_by``). None adds
    them without an account, as the database's owner: scripts, the bundled samples, and the command line's
    ``ingest`` of files without --as (adding files and text is open to everyone, as it was before accounts).

    Each article is committed whole, with its claims and their vectors, in one short write transaction,
    after its slow work (splitting, embedding) is done: a crash or kill leaves only whole articles, and the
    same ingest run again adds the rest (stored texts are skipped). Readers and reviewers are never blocked
    for longer than one article's insert. Articles whose text is already stored are skipped.

    When the stored groups were made with another model than ``embedder``'s, ``ModelSwitch`` is raised before
    anything is stored (a regroup with ``confirm_model_switch`` switches on purpose).

    An article in neither German nor English raises ``IngestError`` before anything is stored, unless
    ``keep_other``: then it is stored as "other", without claims, with a note. Sentences that are page
    furniture are stored as ``boilerplate`` claims, without vectors, so they never reach groups or counts.
    ``after_store(article)`` runs inside each article's write transaction, so what it writes (a feed item
    marked as seen) is stored together with the article or not at all.
    """
    report = progress or (lambda *_: None)
    added_by = "" if by is None else acting(db, by, "ingest").name
    if regroup:  # a switch of model would regroup every stored group: refused before anything is stored
        group.check_model_switch(db, embedder.name)
    seen: set[str] = set()
    new: list[Article] = []
    for article in articles:
        h = article.content_hash
        if h not in seen and db.articles.find_id(h) is None:
            new.append(article)
        seen.add(h)

    for article in new:  # every language is checked before anything is stored
        problem = check_language(article, keep_other)
        if problem:
            raise IngestError(problem)
        article.added_by = added_by
    claim_lists = []
    cut: dict[str, int] = {}  # content hash -> sentences cut into pieces
    for i, article in enumerate(new, 1):
        claim_lists.append(article_claims(article))
        if article.lang in LANGUAGES:
            cut[article.content_hash] = long_sentences(article.text, article.lang)
        report("splitting", i, len(new))

    def counted(claims):
        return [c for c in claims if c.kind != Kind.BOILERPLATE.value]

    total = sum(len(counted(cl)) for cl in claim_lists)
    added: list[int] = []
    new_claim_ids: list[int] = []
    versions: list[dict] = []
    done = 0
    vectors_by_hash: dict = {}
    covered: set[str] = set()  # hashes looked up (and embedded if missing) by the last _embed_ahead
    for index, (article, article_claims_) in enumerate(zip(new, claim_lists)):
        # the vector of a claim is that of its linking text (its resolved reading where it has one); page
        # furniture gets none
        texts = {content_hash(c.linking_text): c.linking_text for c in counted(article_claims_)}
        if not texts.keys() <= covered:
            # Embed this article's claims together with the next articles' (up to CALL_SIZE texts): the
            # fast engine is fast on large calls. Each article is still stored whole in its own transaction.
            vectors_by_hash, covered = _embed_ahead(db, embedder, claim_lists[index:], counted)
        vectors = {h: vectors_by_hash[h] for h in texts if h in vectors_by_hash}
        # check-worthiness from the claim vectors (stored ones for texts seen before), or the n-gram
        # fallback for another embedder: scored before the write, so a claim is never stored half-scored
        known = db.vectors.get(embedder.name, [h for h in texts if h not in vectors])
        score_claims(article_claims_, article.lang, {**known, **vectors}, embedder.name)
        with db.write():
            if db.articles.find_id(article.content_hash) is not None:
                continue  # stored meanwhile by a concurrent ingest of the same text
            # a new version of a stored article (same URL, or same outlet and title) replaces it
            earlier = claims.earlier_version(db, article, article_claims_)
            if earlier:
                article.replaces = earlier[0]
                pairs, gone = claims.match_versions(db, earlier[0], article_claims_)
            article_id = db.articles.insert(article, utc_now())
            # speakers reviewers corrected on this same text before (it was stored and removed since)
            claims.apply_speaker_corrections(db, article.content_hash, article_claims_)
            ids = db.claims.insert(article_id, article_claims_)
            if earlier:
                carried = claims.replace_version(db, earlier[0], {old: ids[i] for old, i in pairs})
                claims.carry_speakers(db, {old: ids[i] for old, i in pairs})
                versions.append(
                    {
                        "article_id": article_id,
                        "replaces": earlier[0],
                        "why": earlier[1],
                        "unchanged": len(pairs),
                        "carried": carried,
                        "changed": sum(c.changed for c in article_claims_),
                        "gone": gone,
                    }
                )
            new_claim_ids.extend(i for i, c in zip(ids, article_claims_) if c.kind != Kind.BOILERPLATE.value)
            db.vectors.add(embedder.name, vectors)
            if after_store is not None:
                after_store(article)
        added.append(article.id)
        done += len(counted(article_claims_))
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
    stored = [(a, cl) for a, cl in zip(new, claim_lists) if a.id in added]
    return IngestReport(
        added=added,
        skipped=len(articles) - len(added),
        claims=sum(len(counted(cl)) for _, cl in stored),
        groups=groups,
        boilerplate=sum(len(cl) - len(counted(cl)) for _, cl in stored),
        notes=[f"{a.source or a.title}: {a.note}" for a, _ in stored if a.note],
        long_sentences=sum(cut.get(a.content_hash, 0) for a, _ in stored),
        versions=versions,
    )


def _embed_ahead(db: Store, embedder: Embedder, claim_lists: list, counted) -> tuple[dict, set[str]]:
    """Vectors of the claims of the next articles that lack one, for as many whole articles as fit in one
    call of ``CALL_SIZE`` texts (at least the first article); and the hashes of all their claims."""
    wanted: dict[str, str] = {}
    for article_claims in claim_lists:
        texts = {content_hash(c.linking_text): c.linking_text for c in counted(article_claims)}
        if wanted and len(wanted.keys() | texts.keys()) > CALL_SIZE:
            break
        wanted.update(texts)
    missing = db.vectors.missing(embedder.name, wanted)
    texts = {h: t for h, t in wanted.items() if h in missing}
    return embed_texts(embedder, texts, call_size=max(CALL_SIZE, len(texts))), set(wanted)


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
    outlet: str = "",
    date: str = "",
    keep_other: bool = False,
    by: Account | str | None = None,
) -> IngestReport:
    """Read files, folders, batches or ``-`` (stdin) and ingest them; raises IngestError on bad input.

    Everything is read and checked before anything is stored, so bad input leaves the database as it was.
    With ``skip_bad``, bad lines of JSONL/CSV batches are left out and appended to ``skipped`` instead.
    ``outlet`` and ``date`` are what the user names for the articles (``formats.articles``); ``keep_other``
    stores articles in other languages without claims instead of refusing them; ``by`` is the account that
    adds them, or None (see ``ingest_articles``).
    """
    if by is not None:
        acting(db, by, "ingest")  # refused before anything is read
    articles = read_paths(
        paths, encoding=encoding, stdin=stdin, skip_bad=skip_bad, skipped=skipped, outlet=outlet, date=date
    )
    return ingest_articles(db, articles, embedder, progress=progress, keep_other=keep_other, by=by)


def read_link(
    url: str,
    *,
    allow_private: bool | None = None,
    outlet: str = "",
    date: str = "",
    keep_other: bool = False,
) -> Article:
    """Fetch one web page and read its article (language checked); raise FetchError or IngestError with
    one line naming the link. ``allow_private`` None: ``$WORKBENCH_ALLOW_PRIVATE`` decides."""
    fetched = web.fetch_page(url, allow_private=allow_private)
    article = read_html_page(
        fetched.data, url, url=fetched.final_url, charset=fetched.charset, outlet=outlet, date=date
    )
    article.source = url
    problem = check_language(article, keep_other)
    if problem:
        raise IngestError(problem)
    return article


def ingest_links(
    db: Store,
    urls: Sequence[str],
    embedder: Embedder,
    *,
    allow_private: bool | None = None,
    outlet: str = "",
    date: str = "",
    keep_other: bool = False,
    progress: Progress | None = None,
    by: Account | str | None = None,
) -> tuple[IngestReport, list[str]]:
    """Fetch web pages and ingest their articles: (what was stored, one line per link that failed).

    ``by`` is the account that adds them, which every fetch needs: records.AccessDenied, before anything is
    fetched, for none or one that may not add articles ("ingest"). A link that fails (a timeout, an HTTP
    error, not HTML, too large, a private address, no readable text, another language) is reported and the
    other links still go in; each stored article is whole.
    """
    account = acting(db, by, "ingest")
    report = progress or (lambda *_: None)
    articles: list[Article] = []
    failures: list[str] = []
    links = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    for i, url in enumerate(links, 1):
        try:
            articles.append(
                read_link(url, allow_private=allow_private, outlet=outlet, date=date, keep_other=keep_other)
            )
        except (web.FetchError, IngestError) as exc:
            failures.append(str(exc))
        report("fetching", i, len(links))
    stored = ingest_articles(db, articles, embedder, progress=progress, keep_other=keep_other, by=account)
    return stored, failures


SAMPLES_META = SAMPLES_DIR / "samples.json"


def sample_articles() -> list[Article]:
    """The bundled demo corpus: two German articles about one story from two outlets, with the title, outlet
    and date of each from ``samples.json`` (the outlets are unknown, so their names are made up)."""
    import json

    meta = json.loads(SAMPLES_META.read_text(encoding="utf-8"))
    articles = read_paths([str(SAMPLES_DIR)])
    for article in articles:
        for key, value in meta.get(article.source, {}).items():
            setattr(article, key, value)
    return articles


def seed_samples(db: Store, embedder: Embedder, progress: Progress | None = None) -> IngestReport:
    """Ingest the bundled sample articles (a no-op when they are already stored)."""
    return ingest_articles(db, sample_articles(), embedder, progress=progress)


# --- the archive -----------------------------------------------------------------------------------------


def import_factchecks(
    db: Store, items: Sequence[FactCheck], embedder: Embedder, progress: Progress | None = None
) -> archive.ImportReport:
    """Store the items not stored yet, then the vectors of their search texts, then refresh the matches.

    Three steps, each committed: (1) the new items with their full-text rows, in one transaction (a few
    seconds for 100,000 items), so the archive is searchable by its words at once; (2) the vectors of every
    archive item that lacks one of this model (``refresh_archive_vectors``: in steps, with progress), so an
    import that is stopped keeps its items and the vectors done, and the next import, even of nothing new,
    embeds the rest; (3) every article claim matched against the whole archive (``match_archive``).
    Items already stored (same ``archive.item_hash``) or repeated in ``items`` are skipped.
    ``progress(stage, done, total)`` hears of "embedding archive" and "matching".
    """
    new = archive.new_items(db, items)
    with db.write():
        added = archive.store_items(db, new, utc_now())
    # also after an import that added nothing: an earlier one may have stopped before its vectors or matching
    refresh_archive_vectors(db, embedder, progress)
    matched = match_archive(db, embedder, progress=progress)
    return archive.ImportReport(added=added, skipped=len(items) - added, matched_claims=matched)
