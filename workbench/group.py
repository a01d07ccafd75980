"""Claims -> groups of the same assertion across sources, with two levels and reviewer decisions.

Grouping runs in two stages. Stage 1 (``candidates``) finds candidate pairs cheaply and with high recall:
vector neighbours above a low cosine floor, per language pair, and claims sharing rare words. Stage 2, the
pair judge (``judge``), gives each candidate pair the probability that the two make the same assertion,
from the evidence a fact-checker weighs (meaning, who does what, numbers, dates, places, actors, denials,
and how alike the two articles are); ``linking`` turns the probabilities into groups by average linkage and
names each group's canonical statement, its most central member.

Like Meedan Check, a link has one of two levels, per language pair: at or above *confirm* it forms a group
on its own; between *suggest* and confirm it only suggests that a claim belongs to a group, and waits for a
reviewer to accept or reject it. Reviewers can also merge and split groups. Their decisions are stored per
pair of claims (``link_decisions``) and applied by every later grouping, so they survive regrouping and new
ingests.

The judge was trained on one model's vectors (multilingual-e5-small). For any other model grouping falls
back to that model's cosine thresholds in ``vectors.registry`` (``find_groups``, ``find_suggestions``: pure
over vectors), never mixing the two; ``grouping_method`` says which one a model gets.

``regroup`` recomputes everything; ``add_claims`` puts new claims into the existing groups without
recomputing them. Both use the vectors stored for the embedder's model (``pipeline`` keeps them current;
nothing here embeds).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from . import linking as link
from .accounts import acting
from .candidates import DEFAULT_FLOORS, ExactCandidates, GraphCandidates, candidate_source
from .judge import ClaimInfo, Levels, PairJudge, load_judge
from .records import Group, ModelSwitch, clean_name, utc_now
from .search import vector_index
from .store import is_postgres
from .text.words import STOPWORDS
from .vectors.embedders import Embedder
from .vectors.registry import thresholds_for

if TYPE_CHECKING:
    from .records import Account
    from .store.base import Store

BLOCK_BYTES = 64 << 20  # similarity matrix computed a block of rows at a time: at most this many bytes
SAME, DIFFERENT = "same", "different"


def content_words(text: str) -> frozenset[str]:
    """The words that say what a claim is about: numbers and words of 4+ letters that are not stopwords,
    cut to 6 characters so inflected forms match ("Sicherheitsrates" ~ "Sicherheitsrats")."""
    words = re.findall(r"[^\W_]+", text.lower())
    return frozenset(w[:6] for w in words if w.isdigit() or (len(w) >= 4 and w not in STOPWORDS))


def _similar_pairs(
    vectors: np.ndarray,
    threshold: float,
    words: Sequence[frozenset[str]] | None,
    rows: Iterable[int] | None = None,
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For each row in ``rows`` (default all): the other rows with cosine >= ``threshold`` and, if ``words``
    is given, a shared content word; as (indices, cosines). Computed a block of rows at a time."""
    rows = list(range(len(vectors))) if rows is None else list(rows)
    out = {}
    step = max(1, BLOCK_BYTES // (4 * max(len(vectors), 1)))
    for start in range(0, len(rows), step):
        block_rows = rows[start : start + step]
        block = vectors[block_rows] @ vectors.T
        for i, sims in zip(block_rows, block):
            idx = np.flatnonzero(sims >= threshold)
            idx = idx[idx != i]
            if words is not None and len(idx):
                # embeddings alone rate generic statements on one topic as near-duplicates ("Democrats were
                # not impressed" ~ "Democrats called that a mischaracterization")
                idx = np.array([j for j in idx if words[i] & words[j]], dtype=np.int64)
            out[i] = (idx, sims[idx])
    return out


def _at_least(pairs: dict[int, tuple[np.ndarray, np.ndarray]], threshold: float) -> dict:
    """The pairs of ``_similar_pairs`` whose cosine reaches a higher ``threshold``."""
    return {i: (idx[sims >= threshold], sims[sims >= threshold]) for i, (idx, sims) in pairs.items()}


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def find_groups(
    vectors: np.ndarray,
    threshold: float,
    words: Sequence[frozenset[str]] | None = None,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    pairs: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
) -> list[tuple[list[int], list[float]]]:
    """Partition rows of ``vectors`` (L2-normalised) into groups of the same assertion.

    Two rows are neighbours when their cosine is >= ``threshold`` and, if ``words`` (one set per row, see
    ``content_words``) is given, they share a content word. Greedy centre-based clustering: the row with
    most neighbours becomes a centre and takes its unassigned neighbours; repeat. Every member is similar to
    its centre, so groups cannot chain through a series of slightly-related claims the way connected
    components do. Reviewer decisions come on top, as pairs of rows: ``different`` pairs never share a
    group, ``same`` pairs always do (their groups are merged, unless that would join a ``different`` pair).
    Returns (row indices, cosine of each to the centre) per group, the centre first; every row is in
    exactly one group. ``pairs`` (from ``_similar_pairs`` at this or a lower threshold) saves recomputing.
    """
    n = len(vectors)
    apart = {_pair(a, b) for a, b in different}
    if pairs is None:
        neighbours = _similar_pairs(vectors, threshold, words) if n else {}
    else:
        neighbours = _at_least(pairs, threshold)
    order = sorted(
        range(n),
        key=lambda i: (
            -len(neighbours[i][0]),
            -float(neighbours[i][1].mean()) if len(neighbours[i][0]) else 0,
            i,
        ),
    )
    label = np.full(n, -1, dtype=np.int64)
    groups: list[list[int]] = []
    for centre in order:
        if label[centre] >= 0:
            continue
        members = [centre]
        for j in neighbours[centre][0]:
            if label[j] < 0 and not any(_pair(int(j), m) in apart for m in members):
                members.append(int(j))
        label[members] = len(groups)
        groups.append(members)
    for a, b in same:
        ga, gb = label[a], label[b]
        if ga == gb or any(_pair(x, y) in apart for x in groups[ga] for y in groups[gb]):
            continue
        groups[ga].extend(groups[gb])
        label[groups[gb]] = ga
        groups[gb] = []
    out = []
    for members in groups:
        if members:
            centre = members[0]
            out.append((members, [1.0] + [float(vectors[centre] @ vectors[m]) for m in members[1:]]))
    return out


def find_suggestions(
    vectors: np.ndarray,
    labels: Sequence[int],
    threshold: float,
    words: Sequence[frozenset[str]] | None = None,
    different: Iterable[tuple[int, int]] = (),
    rows: Iterable[int] | None = None,
    pairs: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
) -> list[tuple[int, int, int, float]]:
    """For each row (of ``rows``, default all), the other group it is most similar to, if any member of that
    group has cosine >= ``threshold`` with it (and shares a content word) and no reviewer said the two
    differ: (row, that group's label, the most similar member, cosine). ``labels`` gives each row's group."""
    apart = {_pair(a, b) for a, b in different}
    labels = np.asarray(labels)
    size = _sizes(labels)

    out = []
    if pairs is None:
        pairs = _similar_pairs(vectors, threshold, words, rows)
    for i, (idx, sims) in pairs.items():
        best: tuple[float, int] | None = None
        for j, s in zip(idx, sims):
            own, other = int(labels[i]), int(labels[j])
            if own != other and _absorbs(size, own, other) and _pair(i, int(j)) not in apart:
                if best is None or s > best[0]:
                    best = (float(s), int(j))
        if best:
            out.append((i, int(labels[best[1]]), best[1], best[0]))
    return out


def _sizes(labels) -> dict[int, int]:
    names, counts = np.unique(np.asarray(labels), return_counts=True)
    return dict(zip(names.tolist(), counts.tolist()))


def _absorbs(size: dict[int, int], own: int, other: int) -> bool:
    """One suggestion per pair of groups: the smaller group is suggested for the larger (ties: the group
    named by the smaller claim id takes the other)."""
    return (size[own], -own) < (size[other], -other)


# --- storage -----------------------------------------------------------------------------------------------


def _decisions(db: Store) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(same, different) claim-id pairs from the reviewers' decisions."""
    rows = db.groups.decision_pairs()
    return [(a, b) for a, b, d in rows if d == SAME], [(a, b) for a, b, d in rows if d == DIFFERENT]


def _rows_of(pairs, row_of):
    return [(row_of[a], row_of[b]) for a, b in pairs if a in row_of and b in row_of]


def grouping_method(model: str) -> str:
    """How claims embedded with ``model`` are grouped, in words: by the pair judge, or (for a model the judge
    was not trained on) by that model's cosine thresholds."""
    if load_judge(model) is not None:
        return "pair judge (probability that two claims make the same assertion)"
    levels = thresholds_for(model)
    return f"cosine thresholds (no pair judge for {model}: suggest {levels.suggest:.2f}, confirm {levels.confirm:.2f})"


def _grouping_key(model: str) -> str:
    """What ``claim_groups.model`` records: the model, and that the judge grouped (a regroup is due when an
    older grouping of the same model was made without it)."""
    return f"{model}+judge" if load_judge(model) is not None else model


def regroup(
    db: Store,
    embedder: Embedder,
    threshold: float | None = None,
    suggest: float | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[int, int]:
    """Group all stored claims afresh with the vectors stored for ``embedder``'s model, applying every
    reviewer decision, and recompute the suggestions. With the pair judge, ``threshold``/``suggest`` are
    probabilities that replace every language pair's levels; without it, cosines that replace the model's.
    Claims without a vector of that model are left out: ``pipeline.refresh_claim_vectors`` embeds them.
    ``progress(stage, done, total)`` hears of the judged path's stages (a regroup of 100k claims takes minutes).

    Returns (number of groups with two or more claims, number of claims grouped with another).
    """
    judge = load_judge(embedder.name)
    if judge is not None:
        return _regroup_judged(db, embedder, judge, threshold, suggest, progress or (lambda *_: None))
    levels = thresholds_for(embedder.name)
    confirm = levels.confirm if threshold is None else threshold
    suggest = min(levels.suggest if suggest is None else suggest, confirm)
    ids, vectors = db.vectors.matrix(embedder.name, "claims")
    ids = ids.tolist()
    row_of = {c: r for r, c in enumerate(ids)}
    texts = db.claims.texts()
    words = [content_words(texts[i]) for i in ids]
    same, different = (_rows_of(p, row_of) for p in _decisions(db))
    # one all-pairs pass at the lower threshold serves both the groups and the suggestions
    pairs = _similar_pairs(vectors, suggest, words) if ids else {}
    groups = find_groups(vectors, confirm, words, same, different, pairs) if ids else []
    labels = np.zeros(len(ids), dtype=np.int64)
    rows = []
    for members, scores in groups:
        # The smallest claim id names the group, so an unchanged group keeps its id across regroups.
        group_id = min(ids[m] for m in members)
        labels[members] = group_id
        rows.extend(
            (ids[m], group_id, embedder.name, s, None, int(k == 0))
            for k, (m, s) in enumerate(zip(members, scores))
        )
    hints = find_suggestions(vectors, labels, suggest, words, different, pairs=pairs) if ids else []
    with db.write():
        db.groups.replace_all(rows, [(ids[r], g, ids[v], s) for r, g, v, s in hints])
    multi = [m for m, _ in groups if len(m) > 1]
    return len(multi), sum(len(m) for m in multi)


def _infos(db: Store, ids: list[int]) -> list[ClaimInfo]:
    info = db.claims.for_linking()
    return [ClaimInfo(*info[c]) for c in ids]


def _override(judge: PairJudge, threshold: float | None, suggest: float | None) -> Levels | None:
    """Probability levels a caller asked for, for every language pair (None: the judge's own)."""
    if threshold is None and suggest is None:
        return None
    defaults = judge.levels["en-en"]
    confirm = defaults.confirm if threshold is None else threshold
    return Levels(min(defaults.suggest if suggest is None else suggest, confirm), confirm)


def _regroup_judged(
    db: Store,
    embedder: Embedder,
    judge: PairJudge,
    threshold: float | None,
    suggest: float | None,
    report: Callable[[str, int, int], None],
) -> tuple[int, int]:
    ids, vectors = db.vectors.matrix(embedder.name, "claims")
    ids = ids.tolist()
    row_of = {c: r for r, c in enumerate(ids)}
    infos = _infos(db, ids)
    linking = link.Linking(judge, vectors, infos, levels=_override(judge, threshold, suggest))
    words = [content_words(i.text) for i in infos]
    report("grouping: nearest claims", 0, len(ids))
    pair_i, pair_j = _candidates(linking, candidate_source(vectors, [i.lang for i in infos], words))
    report("grouping: nearest claims", len(ids), len(ids))
    keep = _worth_judging(linking, pair_i, pair_j)
    pair_i, pair_j = pair_i[keep], pair_j[keep]
    same, different = (_rows_of(p, row_of) for p in _decisions(db))
    with linking.helper():  # large batches of pairs are judged on two cores
        probability = linking.probabilities(
            pair_i.tolist(), pair_j.tolist(), lambda done, total: report("grouping: judged pairs", done, total)
        )
        report("grouping: linking", 0, 1)
        labels = link.judged_groups(linking, pair_i, pair_j, probability, same, different)
        rows, group_of_label = _membership_rows(linking, labels, ids, _grouping_key(embedder.name))
    labels = np.array([group_of_label[int(g)] for g in labels], dtype=np.int64)
    hints = link.judged_suggestions(linking, labels, pair_i, pair_j, probability, different)
    report("grouping: linking", 1, 1)
    with db.write():
        db.groups.replace_all(rows, [(ids[r], g, ids[v], c, p) for r, g, v, c, p in hints])
    sizes = np.unique(labels, return_counts=True)[1]
    return int((sizes > 1).sum()), int(sizes[sizes > 1].sum())


def _candidates(linking: link.Linking, source) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs of ``source``. An HNSW graph is built on one thread, outside Python's lock, so
    meanwhile the claims' profiles are read on the other core: judging needs most of them (90 % of 100k
    synthetic claims), and a profile is the same whenever it is read."""
    if not isinstance(source, GraphCandidates):
        pair_i, pair_j, _ = source.pairs()
        return pair_i, pair_j
    with ThreadPoolExecutor(max_workers=1) as pool:
        found = pool.submit(source.pairs)
        linking.read_profiles(range(len(linking.vectors)), until=found.done)
        pair_i, pair_j, _ = found.result()
    return pair_i, pair_j


# candidate pairs bounded first, to see whether bounding the rest pays: 5,000 tell the share it leaves out
# within about a percentage point (20,000 cost 1.1 of a 10k regroup's 8.5 CPU-s, to learn that it pays not)
BOUND_SAMPLE = 5_000
BOUND_PAYS = 0.1  # ... it pays when it leaves out at least this share of them


def _worth_judging(linking: link.Linking, pair_i: np.ndarray, pair_j: np.ndarray) -> np.ndarray:
    """``Linking.worth_judging`` where it pays: the bound leaves out pairs that could not reach their suggest
    level, so leaving it out changes no group and no suggestion, only the cost. It costs about a third of
    judging a pair (each claim's words and 4-grams, each pair's margins and tree walk), and where it leaves
    out almost nothing it is all cost: on BASIL and on the synthetic 100k set it left out none of the
    candidate pairs (64k; 0.72M, 71 of main's 428 CPU-s). So an evenly spread sample is bounded first, and the
    rest only when the sample lost at least BOUND_PAYS of its pairs."""
    if len(pair_i) <= BOUND_SAMPLE:
        return linking.worth_judging(pair_i, pair_j)
    sample = np.linspace(0, len(pair_i) - 1, BOUND_SAMPLE).astype(np.int64)
    if linking.worth_judging(pair_i[sample], pair_j[sample]).mean() > 1 - BOUND_PAYS:
        return np.ones(len(pair_i), dtype=bool)
    return linking.worth_judging(pair_i, pair_j)


def _membership_rows(linking: link.Linking, labels: np.ndarray, ids: list[int], key: str, rows_of=None):
    """Stored rows for the groups of ``labels`` (all rows, or those of ``rows_of``): each member's cosine and
    probability with its group's canonical statement. Returns (rows, group id of each label): the smallest
    claim id names a group, so an unchanged group keeps its id across regroups."""
    members: dict[int, list[int]] = {}
    for row in range(len(labels)) if rows_of is None else rows_of:
        members.setdefault(int(labels[row]), []).append(row)
    out, group_of_label = [], {}
    for label, rows in members.items():
        group_id = min(ids[r] for r in rows)
        group_of_label[label] = group_id
        centre = link.canonical(linking, rows)
        others = [r for r in rows if r != centre]
        probabilities = linking.probabilities([centre] * len(others), others)
        out.append((ids[centre], group_id, key, 1.0, None, 1))
        for r, p in zip(others, probabilities.tolist()):
            out.append((ids[r], group_id, key, float(linking.vectors[centre] @ linking.vectors[r]), p, 0))
    return out, group_of_label


def add_claims(db: Store, embedder: Embedder, claim_ids: Sequence[int]) -> int:
    """Put new claims into the stored groups without regrouping the rest; returns how many joined an
    existing group.

    With the pair judge: the new claims' candidates (against every stored claim) are judged; a new claim joins
    a stored group where average linkage agrees, new claims group among themselves the same way, and stored
    groups are never merged with each other. Without it: a new claim joins the group of its most similar
    grouped claim when their cosine reaches the confirm threshold (and they share a content word, and no
    reviewer decision says otherwise); the others are grouped among themselves. Suggestions are added for the
    new claims and for stored claims close to them. Costs one (new x all) similarity product instead of
    (all x all).
    """
    new = set(claim_ids)
    if not new:
        return 0
    judge = load_judge(embedder.name)
    if judge is not None:
        return _add_judged(db, embedder, judge, new)
    return _add_by_cosine(db, embedder, new)


def _add_judged(db: Store, embedder: Embedder, judge: PairJudge, new: set[int]) -> int:
    if is_postgres(db.location):
        # the server's HNSW index finds the new claims' neighbours: a process (every app instance) holds only
        # the vectors of the rows this ingest touches, not every claim's (1.5 GB at 1M claims)
        ids, vectors = _touched_vectors(db, embedder.name, new)
    else:
        # the in-memory copy search keeps: in the app's process, loading 100k vectors again would cost seconds
        index = vector_index(db, embedder.name, "claims")
        ids, vectors = index.ids.tolist(), index.matrix
    n = len(ids)
    row_of = {c: r for r, c in enumerate(ids)}
    already = db.groups.memberships(claim_ids=new)
    new_rows = [row_of[c] for c in sorted(new) if c in row_of and c not in already]
    if not new_rows:
        return 0
    # Only the rows this ingest touches are read from the store (at 100k claims every claim's language,
    # article, group and every group's centre cost more than judging the new article): the rows a new claim
    # could reach, the members and centres of their groups, and the claims of their articles. Every other
    # row gets no language and an article and a group of its own: it is below every floor of every new
    # claim, so no pair, margin, article vector or group size reads it.
    texts = _LazyTexts(db, ids)
    near = np.union1d(new_rows, _reachable(vectors, new_rows, min(DEFAULT_FLOORS[:2])))
    where = db.claims.languages(claim_ids=[ids[r] for r in near.tolist()])
    known = {row_of[c]: lang for c, (_, lang) in where.items() if c in row_of}
    words = _LazyWords(texts, ids)
    # the candidate search over those rows only (in row order, so ties fall as over every row): a row out
    # of reach is below every floor of every new claim, and would be left out there too
    sub = ExactCandidates(vectors[near], _languages(known, n)[near], _Through(words, near), rare_words=False)
    pair_i, pair_j, _ = sub.pairs(np.searchsorted(near, new_rows))
    pair_i, pair_j = near[pair_i], near[pair_j]
    touched = {*new_rows, *pair_j.tolist()}
    grouped = db.groups.memberships(claim_ids=[ids[r] for r in touched])
    stored_groups = set(grouped.values())
    grouped |= db.groups.memberships(group_ids=stored_groups)  # average linkage reads whole groups
    members: dict[int, list[int]] = {}
    for c, g in grouped.items():
        if c in row_of:
            members.setdefault(g, []).append(row_of[c])
    labels = -2 - np.arange(n, dtype=np.int64)  # a label of its own for every row not read
    for r in touched:  # a claim without a group (a new one, or one whose ingest died) starts alone
        labels[r] = ids[r]
    for g, rows in members.items():
        labels[rows] = g
        touched.update(rows)
    centre_of = db.groups.centres(stored_groups)
    touched.update(row_of[c] for c in centre_of.values() if c in row_of)
    texts.load(touched)
    articles = np.full(n, -1, dtype=np.int64)
    wanted = {texts.found[ids[r]][3] for r in touched}
    for c, (article, lang) in db.claims.languages(article_ids=wanted).items():
        if c in row_of:  # the claims of the touched articles (margins and article vectors read them all)
            articles[row_of[c]] = article
            known[row_of[c]] = lang
    known.update((row_of[c], info[1]) for c, info in texts.found.items() if c in row_of)
    langs = _languages(known, n)
    infos = _LazyInfos(texts, langs, articles)
    centroids = _centroids(judge, vectors, articles, wanted)
    linking = link.Linking(judge, vectors, infos, centroids, articles=articles, langs=langs)
    keep = linking.worth_judging(pair_i, pair_j)
    pair_i, pair_j = pair_i[keep], pair_j[keep]
    probability = linking.probabilities(pair_i.tolist(), pair_j.tolist())
    different = _rows_of(_decisions(db)[1], row_of)
    old_rows = sorted(r for rows in members.values() for r in rows)
    # stored groups keep their ids as labels; a new claim starts alone, labelled by its own (new) claim id
    labels = link.judged_groups(linking, pair_i, pair_j, probability, (), different, labels, fixed=old_rows)
    rows, joined, fresh = [], 0, []
    key = _grouping_key(embedder.name)
    for r in new_rows:
        label = int(labels[r])
        if label in stored_groups:
            centre = row_of.get(centre_of.get(label, -1), r)
            p = float(linking.probabilities([centre], [r])[0]) if centre != r else None
            rows.append((ids[r], label, key, float(vectors[centre] @ vectors[r]), p, int(centre == r)))
            joined += 1
        else:
            fresh.append(r)
    fresh_rows, group_of_label = _membership_rows(linking, labels, ids, key, rows_of=fresh)
    rows += fresh_rows
    named = labels.copy()
    for label, group_id in group_of_label.items():
        named[labels == label] = group_id
    # suggestions for the new claims, and for stored claims judged with them
    hints = link.judged_suggestions(linking, named, pair_i, pair_j, probability, different)
    with db.write():
        db.groups.assign(rows)
        db.groups.add_suggestions([(ids[r], g, ids[v], c, p) for r, g, v, c, p in hints])
    return joined


# How many nearest stored claims the server's index is asked for per new claim: the candidate search keeps at
# most k+1 per language above its floor (DEFAULT_FLOORS.k = 12), so this pool leaves room for both languages
# and for the index's approximation (recall@100 0.975 on the 2A archive's e5 vectors; benchmarks/pg_search_speed.py).
SERVER_POOL = 100


def _touched_vectors(db: Store, model: str, new: set[int]) -> tuple[list[int], np.ndarray]:
    """(ids, vectors) by id of the claims that adding ``new`` can read, on a database whose store answers
    ``vectors.nearest`` from a server index: the new claims, those of their ``SERVER_POOL`` nearest claims that
    the candidate search would keep, every member and centre of those claims' groups, and every claim of the
    articles of all these (margins and article centroids read whole articles). The candidate search over
    these rows keeps the pairs it keeps over every row whenever the index returns each new claim's k+1
    nearest per language among its pool."""
    ids, matrix = _vectors_of(db, model, sorted(new))
    found = [db.vectors.nearest(model, "claims", vector, SERVER_POOL) for vector in matrix]
    langs = {
        c: lang
        for c, (_, lang) in db.claims.languages(claim_ids={c for f in found for c, _ in f} | set(ids)).items()
    }
    # what the candidate search keeps (ExactCandidates): per new claim and language, the k+1 nearest above the
    # floor of that language pair; only their groups and articles are read, as over every vector
    floors, near = DEFAULT_FLOORS, set(ids)
    for claim, neighbours in zip(ids, found):
        kept: dict[str, int] = {}
        for other, cosine in neighbours:
            lang = langs.get(other, "")
            floor = floors.same_language if lang == langs.get(claim, "") else floors.cross_language
            if cosine >= floor - 1e-4 and kept.get(lang, 0) <= floors.k:
                kept[lang] = kept.get(lang, 0) + 1
                near.add(other)
    groups = set(db.groups.memberships(claim_ids=sorted(near)).values())
    touched = near | set(db.groups.memberships(group_ids=groups)) | set(db.groups.centres(groups).values())
    articles = {article for article, _ in db.claims.languages(claim_ids=sorted(touched)).values()}
    touched |= set(db.claims.languages(article_ids=articles))
    return _vectors_of(db, model, sorted(touched))


def _vectors_of(db: Store, model: str, claim_ids: list[int]) -> tuple[list[int], np.ndarray]:
    ids: list[int] = []
    parts = []
    for chunk_ids, chunk in db.vectors.chunks(model, "claims", 5000, ids=claim_ids):
        ids.extend(chunk_ids)
        parts.append(chunk)
    return ids, (np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32))


def _reachable(vectors: np.ndarray, rows: list[int], floor: float) -> np.ndarray:
    """The rows whose cosine with any of ``rows`` reaches ``floor`` (less a hair, so that float rounding in
    another product never leaves out a row the candidate search keeps), a block of rows at a time."""
    near = np.zeros(len(vectors), dtype=bool)
    step = max(1, BLOCK_BYTES // (4 * max(len(vectors), 1)))
    for start in range(0, len(rows), step):
        near |= (vectors[rows[start : start + step]] @ vectors.T >= floor - 1e-4).any(axis=0)
    return np.flatnonzero(near)


class _Through:
    """A row-indexed sequence (``_LazyWords``) seen through some of its rows: item k is row ``rows[k]``'s."""

    def __init__(self, items: _LazyWords, rows: np.ndarray) -> None:
        self.items, self.rows = items, rows

    def __getitem__(self, k: int) -> frozenset[str]:
        return self.items[int(self.rows[k])]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return (self[k] for k in range(len(self.rows)))

    def prefetch(self, ks) -> None:
        """Read the texts of items ``ks`` at once (see ``_LazyWords.prefetch``)."""
        self.items.prefetch([int(self.rows[k]) for k in ks])


def _languages(found: dict[int, str], n: int) -> np.ndarray:
    """Each of ``n`` rows' language where it is ``found`` (by row), "" elsewhere."""
    width = max([1, *(len(lang) for lang in found.values())])
    langs = np.full(n, "", dtype=f"<U{width}")
    if found:
        langs[list(found)] = list(found.values())
    return langs


def _centroids(judge: PairJudge, vectors: np.ndarray, articles: np.ndarray, wanted: set[int]) -> dict:
    """The judge's article vectors of the ``wanted`` articles only (an ingest touches a few): their rows found
    in one pass over ``articles``, not one pass per article (a hundred articles x 100k rows)."""
    rows = np.flatnonzero(np.isin(articles, [a for a in wanted if a >= 0]))
    rows = rows[np.argsort(articles[rows], kind="stable")]  # by article, each article's rows in order
    names, starts = np.unique(articles[rows], return_index=True)
    return {
        int(article): judge.article_vector(vectors[part])
        for article, part in zip(names.tolist(), np.split(rows, starts[1:]))
    }


class _LazyInfos:
    """``ClaimInfo`` of each row, made when asked for (an ingest into 100k claims reads a few hundred)."""

    def __init__(self, texts: _LazyTexts, langs: list[str], articles: np.ndarray) -> None:
        self.texts, self.langs, self.articles = texts, langs, articles

    def __len__(self) -> int:
        return len(self.langs)

    def __getitem__(self, row: int) -> ClaimInfo:
        return ClaimInfo(
            self.texts.get(row), self.langs[row], self.texts.speaker(row), int(self.articles[row])
        )


class _LazyTexts:
    """Linking texts and speakers of chosen rows, read from the store in one query when ``load``ed; rows
    asked for before loading are read one query each (the candidate stage's few)."""

    def __init__(self, db: Store, ids: list[int]) -> None:
        self.db, self.ids, self.found = db, ids, {}

    def load(self, rows) -> None:
        missing = [self.ids[r] for r in rows if self.ids[r] not in self.found]
        for start in range(0, len(missing), 900):
            self.found.update(self.db.claims.for_linking(missing[start : start + 900]))

    def get(self, row: int) -> str:
        return self.found[self.ids[row]][0] if self.ids[row] in self.found else ""

    def speaker(self, row: int) -> str:
        return self.found[self.ids[row]][2] if self.ids[row] in self.found else ""

    def __getitem__(self, claim_id: int) -> str:
        if claim_id not in self.found:
            self.found.update(self.db.claims.for_linking([claim_id]))
        return self.found[claim_id][0]


def _add_by_cosine(db: Store, embedder: Embedder, new: set[int]) -> int:
    levels = thresholds_for(embedder.name)
    # the in-memory copy search keeps: in the app's process, loading 100k vectors again would cost seconds
    index = vector_index(db, embedder.name, "claims")
    ids, vectors = index.ids.tolist(), index.matrix
    row_of = {c: r for r, c in enumerate(ids)}
    grouped = db.groups.memberships()
    words = _LazyWords(db.claims.texts(), ids)
    different = _rows_of(_decisions(db)[1], row_of)
    apart = {_pair(a, b) for a, b in different}
    new_rows = [row_of[c] for c in sorted(new) if c in row_of and c not in grouped]
    old_rows = [r for r, c in enumerate(ids) if c in grouped]
    labels = np.array([grouped.get(c, -1) for c in ids], dtype=np.int64)
    members_of: dict[int, list[int]] = {}
    for r in old_rows:
        members_of.setdefault(int(labels[r]), []).append(r)

    centre_of = db.groups.centres()
    rows, joined, alone = [], 0, []
    old = np.array(old_rows, dtype=np.int64)
    old_matrix = vectors[old] if len(old) else None
    new_to_old = old_matrix @ vectors[new_rows].T if len(old) and new_rows else None
    for n, r in enumerate(new_rows):
        best = None
        if new_to_old is not None:
            sims = new_to_old[:, n]
            for k in np.argsort(-sims):
                if sims[k] < levels.confirm:
                    break
                j = int(old[k])
                group_id = int(labels[j])
                if words[r] & words[j] and not any(_pair(r, m) in apart for m in members_of[group_id]):
                    best = group_id
                    break
        if best is None:
            alone.append(r)
            continue
        labels[r] = best
        members_of[best].append(r)
        centre = row_of.get(centre_of.get(best, -1), members_of[best][0])
        rows.append((ids[r], best, embedder.name, float(vectors[centre] @ vectors[r])))
        joined += 1
    if alone:
        for members, scores in find_groups(vectors[alone], levels.confirm, [words[r] for r in alone]):
            group_id = min(ids[alone[m]] for m in members)
            for k, (m, s) in enumerate(zip(members, scores)):
                labels[alone[m]] = group_id
                rows.append((ids[alone[m]], group_id, embedder.name, s, None, int(k == 0)))
    # suggestions for the new claims; and for stored claims close to a new claim, seen from the new side
    added_rows = [row_of[c] for c, *_ in rows]
    hints = []
    for r, group_id, via, s in find_suggestions(
        vectors, labels, levels.suggest, words, different, added_rows
    ):
        hints.append((ids[r], group_id, ids[via], s))
    # stored claims close to a new claim may now have a better suggestion: compare them with the new claims
    # only (not with everything); the store keeps the most similar suggestion per (claim, group)
    if old_matrix is not None and added_rows:
        size = _sizes(labels)
        best: dict[int, tuple[float, int]] = {}
        near_old, near_new = np.nonzero(old_matrix @ vectors[added_rows].T >= levels.suggest)
        for o, n in zip(near_old.tolist(), near_new.tolist()):
            r, j = int(old[o]), added_rows[n]
            own, other = int(labels[r]), int(labels[j])
            if (
                own == other
                or not _absorbs(size, own, other)
                or _pair(r, j) in apart
                or not words[r] & words[j]
            ):
                continue
            s = float(vectors[r] @ vectors[j])
            if r not in best or s > best[r][0]:
                best[r] = (s, j)
        hints.extend((ids[r], int(labels[j]), ids[j], s) for r, (s, j) in best.items())
    with db.write():
        db.groups.assign(rows)
        db.groups.add_suggestions(hints)
    return joined


class _LazyWords:
    """content_words of row i, computed when first asked: an ingest touches a few rows of a large database."""

    def __init__(self, texts: dict[int, str], ids: list[int]) -> None:
        self.texts, self.ids, self.cache = texts, ids, {}

    def __getitem__(self, row: int) -> frozenset[str]:
        if row not in self.cache:
            self.cache[row] = content_words(self.texts[self.ids[row]])
        return self.cache[row]

    def prefetch(self, rows) -> None:
        """Read the texts of ``rows`` at once, where they come from the store (one query, not one a row)."""
        if isinstance(self.texts, _LazyTexts):
            self.texts.load(rows)

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self):
        return (self[row] for row in range(len(self.ids)))


def check_model_switch(db: Store, model: str, confirm: bool = False) -> None:
    """Raise ``ModelSwitch`` (one line naming both models and how to go on) when the stored groups were made
    with another model than ``model``: grouping with it would regroup them all. Nothing is raised when the
    database has no groups yet, or with ``confirm`` (the switch is wanted)."""
    made_with = sorted({m.removesuffix("+judge") for m in db.groups.models()})
    if confirm or not made_with or made_with == [model]:
        return
    before = ", ".join(made_with)
    raise ModelSwitch(
        f"the groups in this database were made with {before}, not {model}: grouping with {model} would"
        f" regroup them all; leave --model out (or name {before}) to keep them, or run"
        f" `workbench group --model {model} --confirm-model-switch` to regroup with {model}"
    )


def update_groups(db: Store, embedder: Embedder) -> int:
    """Group the claims that have no group yet: incrementally (``add_claims``) when the stored groups were
    made with this model (and this method: judge or thresholds), else by a full ``regroup``; ``ModelSwitch``
    when they were made with another model (``check_model_switch``). Returns the number of groups of two or
    more claims."""
    check_model_switch(db, embedder.name)
    pending = ungrouped_claim_ids(db)
    models = db.groups.models()
    if models and models != {_grouping_key(embedder.name)}:
        regroup(db, embedder)
    elif pending:
        if models:
            add_claims(db, embedder, pending)
        else:
            regroup(db, embedder)
    return count_groups(db)


def count_groups(db: Store, min_size: int = 2) -> int:
    """How many stored groups have at least ``min_size`` claims."""
    return db.groups.count(min_size)


def ungrouped_claims(db: Store) -> int:
    """How many stored claims have no group row (each claim is in a group, alone or not, after grouping)."""
    return db.groups.ungrouped_count()


def ungrouped_claim_ids(db: Store) -> list[int]:
    """Ids of the stored claims that have no group yet (new claims, or an ingest that died before grouping)."""
    return db.groups.ungrouped_ids()


# --- reviewer decisions --------------------------------------------------------------------------------------


def _decide(db: Store, a: int, b: int, decision: str, reviewer: str) -> None:
    if a != b:
        a, b = _pair(a, b)
        db.groups.decide(a, b, decision, clean_name(reviewer), utc_now())


def _rename(db: Store, claim_ids: Sequence[int]) -> int:
    """Give these claims one group, named by the smallest id among them; drop stale suggestions."""
    group_id = min(claim_ids)
    db.groups.rename(claim_ids, group_id)
    return group_id


def _require_group(db: Store, group_id: int) -> list[int]:
    members = db.groups.members(group_id)
    if not members:
        raise ValueError(f"no group {group_id}")
    return members


def merge_groups(db: Store, group_ids: Sequence[int], reviewer: Account | str | None = None) -> int:
    """Merge groups into one (an editor says they make the same assertion); returns the merged group's id.

    Like every change of links, an editor's or admin's (records.PERMISSIONS "links"); the decisions record
    the account."""
    group_ids = list(dict.fromkeys(group_ids))
    if len(group_ids) < 2:
        raise ValueError("choose two or more groups to merge")
    with db.write():
        reviewer = acting(db, reviewer, "links").name
        parts = [_require_group(db, g) for g in group_ids]
        for part in parts[1:]:
            _decide(db, min(parts[0]), min(part), SAME, reviewer)
            for a in parts[0]:  # any earlier "different" between the two parts is overruled
                for b in part:
                    db.groups.forget_decision(*_pair(a, b), DIFFERENT)
        return _rename(db, [c for part in parts for c in part])


def split_group(
    db: Store, group_id: int, claim_ids: Sequence[int], reviewer: Account | str | None = None
) -> int:
    """Move ``claim_ids`` out of a group into a group of their own (an editor says they assert something
    else); returns the new group's id. The moved claims stay together; they never rejoin the others."""
    with db.write():
        reviewer = acting(db, reviewer, "links").name
        members = _require_group(db, group_id)
        moved = list(dict.fromkeys(claim_ids))
        if not moved or not set(moved) <= set(members):
            raise ValueError(f"choose claims of group {group_id} to split off")
        kept = [m for m in members if m not in moved]
        if not kept:
            raise ValueError("choose some, not all, claims of the group")
        for a in moved:
            for b in kept:
                _decide(db, a, b, DIFFERENT, reviewer)
        for b in moved[1:]:
            _decide(db, moved[0], b, SAME, reviewer)
        _rename(db, kept)
        return _rename(db, moved)


def accept_suggestions(
    db: Store, pairs: Iterable[tuple[int, int]], reviewer: Account | str | None = None
) -> int:
    """Accept suggested (claim, group) links: each claim joins the group (with the rest of its own group, if
    it had one), keeping the cosine and judge probability of the suggestion. Returns how many were
    accepted. An editor's or admin's decision."""
    done = 0
    with db.write():
        reviewer = acting(db, reviewer, "links").name
        for claim_id, group_id in pairs:
            suggestion = db.groups.suggestion(claim_id, group_id)
            if suggestion is None:
                continue
            via, cosine, probability = suggestion
            _decide(db, claim_id, via, SAME, reviewer)
            own = db.groups.group_of(claim_id)
            _rename(
                db, db.groups.members(group_id) + (db.groups.members(own) if own is not None else [claim_id])
            )
            # the accepted claim shows how alike it is to the member it was suggested through (not the 1.00
            # it had as the centre of its own group)
            db.groups.set_similarity(claim_id, cosine, probability)
            done += 1
    return done


def reject_suggestions(
    db: Store, pairs: Iterable[tuple[int, int]], reviewer: Account | str | None = None
) -> int:
    """Reject suggested (claim, group) links: the claim is marked as different from every member, so the
    suggestion never comes back. Returns how many were rejected. An editor's or admin's decision."""
    done = 0
    with db.write():
        reviewer = acting(db, reviewer, "links").name
        for claim_id, group_id in pairs:
            if db.groups.suggestion_via(claim_id, group_id) is None:
                continue
            for member in db.groups.members(group_id):
                _decide(db, claim_id, member, DIFFERENT, reviewer)
            db.groups.remove_suggestion(claim_id, group_id)
            done += 1
    return done


def decisions(db: Store) -> list[dict]:
    """Every reviewer decision on links, newest first."""
    return db.groups.decisions()


# --- reading ------------------------------------------------------------------------------------------------


def list_groups(
    db: Store, min_size: int = 2, min_sources: int = 1, with_suggestions: bool = True
) -> list[Group]:
    """Stored groups with at least ``min_size`` claims from at least ``min_sources`` articles, largest first,
    each with its pending suggestions (a group with suggestions is listed even when smaller)."""
    groups: dict[int, Group] = {}
    for group_id, member in db.groups.listing(min_size, with_suggestions):
        groups.setdefault(group_id, Group(id=group_id)).members.append(member)
    if with_suggestions:
        for s in db.groups.suggestions():
            if s.group_id in groups:
                groups[s.group_id].suggestions.append(s)
    kept = [
        g
        for g in groups.values()
        if (g.size >= min_size and g.sources >= min_sources) or (g.suggestions and g.size + 1 >= min_size)
    ]
    return sorted(kept, key=lambda g: (-g.sources, -g.size, g.id))


def group_of(db: Store, claim_id: int) -> int | None:
    """The group id of a claim, if it has been grouped."""
    return db.groups.group_of(claim_id)
