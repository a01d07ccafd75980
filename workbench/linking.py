"""Groups of the same assertion from the pair judge's probabilities: stage 2 of grouping, pure over arrays.

``Linking`` holds what the judge needs of every claim (vector, linking text, language, speaker, article, the
articles' mean vectors) and remembers every pair it judged. ``judged_groups`` links candidate pairs whose
probability reaches the confirm level of their language pair, strongest first, by *average linkage*: two
groups become one only when the mean probability over all their cross pairs (judged on demand) reaches a
level between the suggest and confirm levels (``AVERAGE_LINK``), so a group cannot chain through a series
of loosely related claims; reviewer decisions
come on top ("different" pairs never share a group, "same" pairs always do). ``canonical`` picks a group's
most central member; ``judged_suggestions`` proposes, for claims left out, the group they most probably
belong to.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from .judge import MARGIN_CLIP, ClaimInfo, Levels, PairJudge, cosine_and_language_features, feature_rows
from .text.evidence import Profile, Surface, compare_many, profile, surface, surface_evidence

# Two groups merge when the mean probability of their cross pairs reaches the mean of this point between the
# pairs' suggest and confirm levels (1: the confirm level itself); the pair that proposes the merge must
# reach the confirm level. Chosen on BASIL train/dev events (link precision / coverage 0.974 / 0.640 at 1,
# 0.970 / 0.667 at 0.5) and the sample articles (dev): at 1, Jenkins' conditional stays out of the group
# of the resolution statements by 0.49 against 0.50.
AVERAGE_LINK = 0.5
MAX_CROSS = 20  # members per side compared when two large groups may merge (20 x 20 judged pairs at most)
MAX_JUDGED_CANONICAL = 40  # beyond this size a group's canonical member is its vector medoid
PAIR_CHUNK = 50_000  # pairs bounded or judged at once: per-pair arrays stay within tens of MB at 100k claims
# Candidate merges whose cross pairs average linkage judges in one call before it walks them: one call per
# pair of groups cost about half a millisecond before its first pair (23,000 calls at 100k claims)
LOOKAHEAD = 256
# Where a helper process is allowed (``Linking.helper``), the first call with at least HELPER_FROM new pairs
# starts it, and from then on every call with at least HELPER_SPLIT sends it half of its pairs (smaller calls
# cost more in the pipe's round trip than the half saves)
HELPER_FROM = 4_096
HELPER_SPLIT = 256


class Linking:
    """The claims being grouped (rows of ``vectors``), the judge, and the probabilities judged so far."""

    def __init__(
        self,
        judge: PairJudge,
        vectors: np.ndarray,
        infos: Sequence[ClaimInfo],
        centroids: dict[int, np.ndarray] | None = None,
        levels: Levels | None = None,
        articles: np.ndarray | None = None,
        langs: Sequence[str] | None = None,
    ) -> None:
        """``articles`` and ``langs`` (each row's, as in ``infos``) save reading every info: an ingest into a
        large store passes them, with ``infos`` that read a claim's text only when asked for."""
        self.judge, self.vectors, self.infos = judge, vectors, infos
        if articles is None:
            articles = np.fromiter((i.article for i in infos), dtype=np.int64, count=len(infos))
        if centroids is None:
            centroids = article_centroids(vectors, articles, judge.centre)
        self.centroids = centroids
        self.override = levels  # one (suggest, confirm) for every language pair, when a user asks for it
        self.memo: dict[tuple[int, int], float] = {}
        self._profiles: dict[int, Profile] = {}
        # surfaces by row, not only text.evidence's cache (65,536 texts): a regroup of 100k claims reads each
        # claim's surface once per candidate pair, and would compute them again once that cache is full
        self._surfaces: list[Surface | None] = [None] * len(infos)
        self.article_of = np.asarray(articles, dtype=np.int64)
        self._members: dict[int, np.ndarray] | None = None
        self.langs = np.array([i.lang for i in infos] if langs is None else langs, dtype=object)
        # the articles' centroids as one matrix, and each row's line in it (-1: no centroid), so that the
        # article similarity of many pairs is one product
        names = list(centroids)
        self._centroid_matrix = (
            np.vstack([centroids[a] for a in names]) if names else np.zeros((0, vectors.shape[1]))
        )
        self._centroid_line = _lines(np.array(names, dtype=np.int64), self.article_of)
        self._helper: _Helper | None = None
        self._helper_allowed = False
        self.helper_pairs = 0  # pairs the helper judged (tests and benchmarks read it)

    def members(self, article: int) -> np.ndarray:
        """The rows of one article."""
        if self._members is None:
            order = np.argsort(self.article_of, kind="stable")
            names, starts = np.unique(self.article_of[order], return_index=True)
            self._members = dict(zip(names.tolist(), np.split(order, starts[1:])))
        return self._members.get(article, np.zeros(0, dtype=np.int64))

    def cosines(self, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
        """The cosine of each pair of rows (float64)."""
        out = np.zeros(len(rows_a))
        # a chunk at a time: both sides' vectors are copied per pair
        for k in range(0, len(rows_a), PAIR_CHUNK):
            cut = slice(k, k + PAIR_CHUNK)
            out[cut] = np.einsum("ij,ij->i", self.vectors[rows_a[cut]], self.vectors[rows_b[cut]])
        return out

    def margins(
        self, rows_a: np.ndarray, rows_b: np.ndarray, cosines: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(margin_low, margin_high, has_margin) of each pair (see ``judge.FEATURES``): a pair's cosine
        (``cosines``) less each side's best cosine with the other claims of the other side's article. Pairs
        are taken an article at a time, so the cost is one small product per article touched."""
        a, b = np.asarray(rows_a, dtype=np.int64), np.asarray(rows_b, dtype=np.int64)
        n = len(a)
        art_a, art_b = self.article_of[a], self.article_of[b]
        has = (art_a >= 0) & (art_b >= 0) & (art_a != art_b)
        best = [np.full(n, -1.0), np.full(n, -1.0)]  # of a with b's article, of b with a's article
        for side, (own, other, other_article) in enumerate(((a, b, art_b), (b, a, art_a))):
            chosen = np.flatnonzero(has)
            order = chosen[np.argsort(other_article[chosen], kind="stable")]
            names, starts = np.unique(other_article[order], return_index=True)
            for article, part in zip(names.tolist(), np.split(order, starts[1:])):
                rows = self.members(article)
                if len(rows) < 2:
                    continue
                # einsum, not @: BLAS threads cost more than they save on products this small
                sims = np.einsum("ij,kj->ik", self.vectors[own[part]], self.vectors[rows])
                sims[rows[None, :] == other[part][:, None]] = -1.0  # the pair's own partner is no "other"
                best[side][part] = sims.max(axis=1)
        m_a = np.clip(cosines - best[0], -MARGIN_CLIP, MARGIN_CLIP)
        m_b = np.clip(cosines - best[1], -MARGIN_CLIP, MARGIN_CLIP)
        low = np.where(has, np.minimum(m_a, m_b), 0.0)
        high = np.where(has, np.maximum(m_a, m_b), 0.0)
        return low, high, has.astype(np.float64)

    def profile(self, row: int) -> Profile:
        if row not in self._profiles:
            info = self.infos[row]
            self._profiles[row] = profile(info.text, info.lang, info.speaker)
            self._surfaces[row] = None  # the profile holds the same words and 4-grams (memory at 100k)
        return self._profiles[row]

    def read_profiles(self, rows: Iterable[int], until: Callable[[], bool]) -> None:
        """Read the profiles of ``rows`` ahead of judging, in order, until ``until()`` is true (asked every
        64 rows): what is left is read when a pair needs it."""
        for k, row in enumerate(rows):
            if k % 64 == 0 and until():
                return
            self.profile(row)

    def levels(self, i: int, j: int) -> Levels:
        """(suggest, confirm) probability levels of the pair's language pair."""
        return self.override or self.judge.levels_for(self.infos[i].lang, self.infos[j].lang)

    def worth_judging(self, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
        """Which pairs could reach their suggest level at all (``PairJudge.upper_bounds`` from what is known
        without reading the claims' details: cosine, languages, articles, shared words and 4-grams, negation,
        speakers, lengths). The others are left unjudged: no probability could make them a link."""
        if not len(rows_a):
            return np.zeros(0, dtype=bool)
        rows_a, rows_b = np.asarray(rows_a), np.asarray(rows_b)
        if len(rows_a) > PAIR_CHUNK:  # a chunk at a time: the arrays below are per pair (memory at 100k)
            return np.concatenate(
                [
                    self.worth_judging(rows_a[k : k + PAIR_CHUNK], rows_b[k : k + PAIR_CHUNK])
                    for k in range(0, len(rows_a), PAIR_CHUNK)
                ]
            )
        cosines = self.cosines(rows_a, rows_b)
        lang_a, lang_b = self.langs[rows_a], self.langs[rows_b]
        cross = (lang_a != lang_b).astype(float)
        german = ((lang_a == "de") | (lang_b == "de")).astype(float)
        article, has, same = self._articles(rows_a, rows_b)
        known = surface_evidence(
            [self.surface(a) for a in rows_a.tolist()], [self.surface(b) for b in rows_b.tolist()]
        )
        known |= cosine_and_language_features(cosines, cross, german, known) | {
            "article_similarity": article,
            "has_articles": has.astype(float),
            "same_article": same.astype(float),
        }
        known["margin_low"], known["margin_high"], known["has_margin"] = self.margins(rows_a, rows_b, cosines)
        if self.override is not None:
            suggest = np.full(len(rows_a), self.override.suggest)
        else:  # judge.lang_pair over arrays
            levels = self.judge.levels
            suggest = np.where(
                cross > 0,
                levels["de-en"].suggest,
                np.where(lang_a == "de", levels["de-de"].suggest, levels["en-en"].suggest),
            )
        return self.judge.upper_bounds(known) >= suggest

    def surface(self, row: int) -> Surface | Profile:
        """What ``surface_evidence`` needs of a row: its profile where read already (the same values), else its
        surface, kept by row."""
        known = self._profiles.get(row)
        if known is not None and known.lang == self.profile_lang(row):
            return known
        found = self._surfaces[row]
        if found is None:
            info = self.infos[row]
            found = self._surfaces[row] = surface(info.text, self.profile_lang(row), info.speaker)
        return found

    def profile_lang(self, row: int) -> str:
        """The language ``profile`` reads a claim in: its article's, else the one ``details`` guesses."""
        info = self.infos[row]
        return info.lang or self.profile(row).lang

    def probabilities(
        self, rows_a: Sequence[int], rows_b: Sequence[int], progress: Callable[[int, int], None] | None = None
    ) -> np.ndarray:
        """P(same assertion) of each pair (rows_a[k], rows_b[k]), judging only pairs not judged before.
        ``progress(done, total)`` hears of each chunk of pairs judged."""
        keys = [(a, b) if a < b else (b, a) for a, b in zip(rows_a, rows_b)]
        todo = list(dict.fromkeys(k for k in keys if k not in self.memo))
        if todo:
            self._judge_all(todo, progress)
        return np.array([self.memo[k] for k in keys], dtype=np.float64)

    def _judge_all(self, todo: list[tuple[int, int]], progress: Callable[[int, int], None] | None) -> None:
        """Judge the new pairs ``todo`` into ``memo``: half of a large batch in the helper process, if one is
        allowed, while this process judges the other half."""
        a_idx = np.fromiter((k[0] for k in todo), dtype=np.int64, count=len(todo))
        b_idx = np.fromiter((k[1] for k in todo), dtype=np.int64, count=len(todo))
        half = len(todo)
        helper = self._helper_for(a_idx, b_idx)
        if helper is not None:
            if helper.send(a_idx[half // 2 :], b_idx[half // 2 :]):
                half //= 2
            else:  # its pipe is broken: judge everything here from now on
                self._stop_helper()
        scale = len(todo) / half  # progress counts all pairs, those the helper judges too
        report = None if progress is None else (lambda done, _: progress(round(done * scale), len(todo)))
        self.memo.update(zip(todo[:half], self.judged(a_idx[:half], b_idx[:half], report).tolist()))
        if half < len(todo):
            found = helper.receive()
            if found is None:  # the helper failed or died: judge its half here, with the same result
                self._stop_helper()
                found = self.judged(a_idx[half:], b_idx[half:])
            else:
                self.helper_pairs += len(found)
            self.memo.update(zip(todo[half:], found.tolist()))

    def judged(
        self, a_idx: np.ndarray, b_idx: np.ndarray, progress: Callable[[int, int], None] | None = None
    ) -> np.ndarray:
        """P(same assertion) of each pair (a_idx[k], b_idx[k]), judged now (the memo is neither read nor
        written). Each pair's value is the same whatever else is in the batch."""
        out = np.zeros(len(a_idx))
        cosines = self.cosines(a_idx, b_idx)
        # the margins of all pairs at once: their cost is a small product per article touched, and every
        # chunk of a regroup's pairs touches most articles
        margins = self.margins(a_idx, b_idx, cosines)
        for start in range(0, len(a_idx), PAIR_CHUNK):  # a chunk at a time: features are per pair
            part = slice(start, start + PAIR_CHUNK)
            out[part] = self._judge(a_idx[part], b_idx[part], cosines[part], tuple(m[part] for m in margins))
            if progress is not None:
                progress(min(start + PAIR_CHUNK, len(a_idx)), len(a_idx))
        return out

    @contextmanager
    def helper(self) -> Iterator[None]:
        """Within this block, a batch of new pairs is judged half here and half in a helper (see HELPER_FROM):
        a copy of this process forked when the first large batch comes (so it has every profile read until
        then), on another core. Judging is pure Python per pair, so a thread would not run beside this
        one. Elsewhere than on Linux, without a second core or with little memory free, everything is judged
        here; the probabilities are the same either way."""
        self._helper_allowed = True
        try:
            yield
        except BaseException:  # Ctrl-C or an error here: the helper's batch is not wanted any more
            self._stop_helper(wait=False)
            raise
        finally:
            self._helper_allowed = False
            self._stop_helper()

    def _helper_for(self, a_idx: np.ndarray, b_idx: np.ndarray) -> _Helper | None:
        """The helper that judges half of this batch of new pairs (``a_idx``, ``b_idx``), started now if this
        is the first batch of at least HELPER_FROM pairs where one is allowed; None: judge it all here."""
        if len(a_idx) >= HELPER_FROM and self._helper is None and self._helper_allowed:
            self._helper_allowed = False  # one try: a helper that failed to start is not started again
            if _can_fork():
                # the batch's profiles first, so that the helper has them too: read on both sides, they would
                # be read twice, and the later calls here need most of them again
                self.read_profiles(np.unique(np.concatenate([a_idx, b_idx])).tolist(), until=lambda: False)
                self._helper = _Helper.start(self)
        return self._helper if len(a_idx) >= HELPER_SPLIT else None

    def _stop_helper(self, wait: bool = True) -> None:
        if self._helper is not None:
            self._helper.stop(wait)
            self._helper = None

    def _articles(self, rows_a: np.ndarray, rows_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(article similarity, both have an article centroid, same article) of each pair of rows."""
        line_a, line_b = self._centroid_line[rows_a], self._centroid_line[rows_b]
        has = (line_a >= 0) & (line_b >= 0)
        article = np.zeros(len(rows_a))
        if has.any():
            # one product per pair of articles (a pair of lines as one integer key); einsum sums each row
            # alike whatever else is in the batch, so judging one pair gives the same value as a chunk
            m = self._centroid_matrix
            keys, where = np.unique(line_a[has] * len(m) + line_b[has], return_inverse=True)
            x, y = np.divmod(keys, len(m))
            article[has] = np.einsum("ij,ij->i", m[x], m[y]).astype(np.float64)[where.ravel()]
        art_a, art_b = self.article_of[rows_a], self.article_of[rows_b]
        return article, has, (art_a == art_b) & (art_a >= 0)

    def _judge(self, a_idx: np.ndarray, b_idx: np.ndarray, cosines: np.ndarray, margins) -> np.ndarray:
        """P(same assertion) of the pairs of rows ``a_idx``, ``b_idx`` (with their ``cosines`` and
        ``margins``), all at once over arrays."""
        low, high, has_margin = margins
        side_a = [self.profile(i) for i in a_idx.tolist()]
        side_b = [self.profile(j) for j in b_idx.tolist()]
        article, has_articles, same_article = self._articles(a_idx, b_idx)
        features = feature_rows(
            cosines,
            compare_many(side_a, side_b),
            np.array([x.lang for x in side_a]),
            np.array([y.lang for y in side_b]),
            article,
            has_articles,
            same_article,
            low,
            high,
            has_margin > 0,
        )
        return self.judge.probabilities(features)


def _can_fork() -> bool:
    """Whether a helper process can run beside this one: on Linux, this process may use two cores, and
    the memory available is at least half of what this process holds (the helper's own pages grow to about a
    third of it: 0.53 GB beside 1.5 GB at 100k claims)."""
    # Linux only: macOS has fork, but its system libraries may crash in a forked child of a threaded process
    if not sys.platform.startswith("linux"):
        return False
    return len(os.sched_getaffinity(0)) >= 2 and _memory_allows()


def _memory_allows() -> bool:
    """MemAvailable >= half this process's resident memory (yes where /proc cannot be read)."""
    try:
        with open("/proc/meminfo") as meminfo:
            available = next(int(line.split()[1]) for line in meminfo if line.startswith("MemAvailable:"))
        with open("/proc/self/statm") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, StopIteration, ValueError, IndexError):
        return True
    return available >= resident // 2


class _Helper:
    """A forked copy of a ``Linking`` that judges the batches of pairs sent to it, one at a time."""

    def __init__(self, process, conn) -> None:
        self.process, self.conn = process, conn

    @classmethod
    def start(cls, linking: Linking) -> _Helper | None:
        try:
            context = multiprocessing.get_context("fork")
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(linking, theirs), daemon=True)
            process.start()
        except Exception:  # no memory or processes left, or a daemonic process (no children): judge here
            return None
        theirs.close()
        return cls(process, mine)

    def send(self, a_idx: np.ndarray, b_idx: np.ndarray) -> bool:
        try:
            self.conn.send((a_idx, b_idx))
            return True
        except (OSError, ValueError):
            return False

    def receive(self) -> np.ndarray | None:
        """The probabilities of the batch sent last; None when the helper failed or died."""
        try:
            found = self.conn.recv()
        except (EOFError, OSError):
            return None
        return found if isinstance(found, np.ndarray) else None

    def stop(self, wait: bool = True) -> None:
        """Tell the helper to end and wait for it (up to 10 s, then kill it; ``wait=False``: kill it now)."""
        if wait:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.conn.close()
        self.process.join(timeout=10 if wait else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _serve(linking: Linking, conn) -> None:
    """The helper's loop: judge each batch received, answer with its probabilities (or None on an error, so
    that the caller judges the batch itself), until told to stop."""
    # Ctrl-C reaches the whole process group: the caller stops the helper, which must not print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        try:
            found = linking.judged(*batch)
        except Exception:  # whatever went wrong here, the caller judges the batch itself
            found = None
        try:
            conn.send(found)
        except OSError:  # the caller has gone
            return


def _lines(names: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """For each of ``articles``, its position in ``names`` (-1: not there); over arrays, not a dict lookup
    per row (an ingest into 100k claims builds a ``Linking`` over every row)."""
    if not len(names):
        return np.full(len(articles), -1, dtype=np.int64)
    order = np.argsort(names, kind="stable")
    at = np.minimum(np.searchsorted(names[order], articles), len(names) - 1)
    return np.where(names[order][at] == articles, order[at], -1).astype(np.int64)


def article_centroids(
    vectors: np.ndarray, articles: Sequence[int], centre: np.ndarray
) -> dict[int, np.ndarray]:
    """Each article's mean claim vector less ``centre`` (the judge's corpus mean), normalised; rows with
    article -1 belong to none. The same as ``PairJudge.article_vector`` for every article at once."""
    articles = np.asarray(articles, dtype=np.int64)
    if not len(articles):
        return {}
    names, index = np.unique(articles, return_inverse=True)
    # each article's rows added one after another in row order, as np.add.at adds them (the same sums to the
    # last bit), but 7x faster: np.add.at took 4.4 of a 100k regroup's CPU seconds
    counts = np.bincount(index)  # every article has a row, so each starts where the ones before it end
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    sums = np.add.reduceat(vectors[np.argsort(index, kind="stable")], starts, axis=0, dtype=np.float64)
    sums /= counts[:, None]
    sums -= centre
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return {int(a): sums[k].astype(np.float32) for k, a in enumerate(names) if a >= 0}


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def judged_groups(
    linking: Linking,
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    probability: np.ndarray,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    labels: np.ndarray | None = None,
    fixed: Iterable[int] = (),
) -> np.ndarray:
    """A group label for each row: candidate pairs at or above their confirm level are linked, strongest
    first, where average linkage agrees (see the module); then reviewers' "same" pairs join their groups
    unless a "different" pair would end up inside one.

    ``labels`` starts from existing groups (default: every row alone); groups holding a row of ``fixed`` (the
    stored claims of an incremental update) are never merged with each other, only joined by new rows.
    """
    n = len(linking.vectors)
    label = np.arange(n) if labels is None else np.asarray(labels).copy()
    same, different = list(same), list(different)
    # the members of the groups a pair or a decision touches, in row order (an ingest into 100k claims
    # touches a few dozen groups: no walk over every row)
    touched = np.concatenate(
        [np.asarray(pair_i, dtype=np.int64), np.asarray(pair_j, dtype=np.int64)]
        + [np.asarray(p, dtype=np.int64).ravel() for p in (same, different) if p]
    )
    rows = np.flatnonzero(np.isin(label, label[touched]))
    members: dict[int, list[int]] = {}
    for row, g in zip(rows.tolist(), label[rows].tolist()):
        members.setdefault(g, []).append(row)
    fixed = np.asarray(list(fixed), dtype=np.int64)
    frozen = set(np.unique(label[fixed]).tolist()) if len(fixed) else set()
    apart = {_key(a, b) for a, b in different}
    order = np.lexsort((pair_j, pair_i, -probability)).tolist()
    ahead = 0  # the candidate pairs before this position have had their cross pairs judged
    for at, k in enumerate(order):
        merge = _proposed_merge(linking, int(pair_i[k]), int(pair_j[k]), float(probability[k]), label, frozen)
        if merge is None:
            continue
        a, b = merge
        if at >= ahead:
            ahead = at + LOOKAHEAD
            _judge_ahead(linking, order[at:ahead], pair_i, pair_j, probability, label, members, frozen)
        if _joins_apart(members[a], members[b], apart) or not _average_agrees(
            linking, members[a], members[b]
        ):
            continue
        # the label that survives: a stored group's (so it keeps its id), else the larger group's
        if (b in frozen, len(members[b])) > (a in frozen, len(members[a])):
            a, b = b, a
        label[members[b]] = a
        members[a].extend(members.pop(b))
    for x, y in same:
        a, b = int(label[x]), int(label[y])
        if a != b and not _joins_apart(members[a], members[b], apart):
            label[members[b]] = a
            members[a].extend(members.pop(b))
    return label


def _proposed_merge(
    linking: Linking, i: int, j: int, p: float, label: np.ndarray, frozen: set[int]
) -> tuple[int, int] | None:
    """The groups (labels) that candidate pair (i, j) of probability ``p`` proposes to merge; None when it is
    below its confirm level, inside one group, or between two groups that may not merge (both ``frozen``)."""
    if p < linking.levels(i, j).confirm:
        return None
    a, b = int(label[i]), int(label[j])
    if a == b or (a in frozen and b in frozen):
        return None
    return a, b


def _judge_ahead(
    linking: Linking,
    window: list[int],
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    probability: np.ndarray,
    label: np.ndarray,
    members: dict[int, list[int]],
    frozen: set[int],
) -> None:
    """Judge, in one call, the cross pairs that ``_average_agrees`` will ask of the candidate pairs
    ``window`` (positions in the pair arrays) as the groups stand now. The merges walked meanwhile change
    some groups: what is then missing is judged when asked. The memo keeps each probability, so the groups
    are the same as without looking ahead."""
    rows_a: list[int] = []
    rows_b: list[int] = []
    for k in window:
        merge = _proposed_merge(linking, int(pair_i[k]), int(pair_j[k]), float(probability[k]), label, frozen)
        if merge is None:
            continue
        a, b = merge
        xs, ys = members[a][:MAX_CROSS], members[b][:MAX_CROSS]
        rows_a.extend(x for x in xs for _ in ys)
        rows_b.extend(y for _ in xs for y in ys)
    linking.probabilities(rows_a, rows_b)


def _joins_apart(left: list[int], right: list[int], apart: set[tuple[int, int]]) -> bool:
    if not apart:
        return False
    return any(_key(x, y) in apart for x in left for y in right)


def _average_agrees(linking: Linking, left: list[int], right: list[int]) -> bool:
    """Whether the mean probability over the two groups' cross pairs reaches their mean confirm level (the
    first MAX_CROSS members of each side, when larger)."""
    xs, ys = left[:MAX_CROSS], right[:MAX_CROSS]
    rows_a = [x for x in xs for _ in ys]
    rows_b = [y for _ in xs for y in ys]
    p = linking.probabilities(rows_a, rows_b)
    levels = [linking.levels(a, b) for a, b in zip(rows_a, rows_b)]
    bar = np.array([lv.suggest + AVERAGE_LINK * (lv.confirm - lv.suggest) for lv in levels])
    return float(p.mean()) >= float(bar.mean())


def canonical(linking: Linking, rows: Sequence[int]) -> int:
    """The most central member of a group: the highest summed probability with the other members (ties: the
    higher summed cosine, then the earlier row); beyond MAX_JUDGED_CANONICAL members, the vector medoid."""
    rows = list(rows)
    if len(rows) == 1:
        return rows[0]
    vectors = linking.vectors[rows]
    if len(rows) > MAX_JUDGED_CANONICAL:
        # each member's summed cosine with all members is its dot product with their sum: no (m x m) matrix,
        # which for a group of 20,000 claims would take 1.6 GB
        return rows[int(np.argmax(vectors @ vectors.sum(axis=0)))]
    cos_sum = (vectors @ vectors.T).sum(axis=1)
    p = np.zeros((len(rows), len(rows)))
    iu = np.triu_indices(len(rows), 1)
    p[iu] = linking.probabilities([rows[i] for i in iu[0]], [rows[j] for j in iu[1]])
    p_sum = (p + p.T).sum(axis=1)
    order = np.lexsort((np.arange(len(rows)), -cos_sum, -np.round(p_sum, 9)))
    return rows[int(order[0])]


def judged_suggestions(
    linking: Linking,
    label: np.ndarray,
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    probability: np.ndarray,
    different: Iterable[tuple[int, int]] = (),
    rows: Iterable[int] | None = None,
) -> list[tuple[int, int, int, float, float]]:
    """For each row (of ``rows``, default all), the other group it most probably belongs to, from the judged
    candidate pairs at or above their suggest level: (row, that group's label, the member it was judged
    with, cosine, probability). One direction per pair of groups: the smaller group is suggested for the
    larger (ties: the lower label takes the other); pairs a reviewer called different are left out."""
    apart = {_key(a, b) for a, b in different}
    names, counts = np.unique(label, return_counts=True)
    size = dict(zip(names.tolist(), counts.tolist()))
    wanted = None if rows is None else set(rows)
    best: dict[int, tuple[float, int]] = {}
    for i, j, p in zip(pair_i.tolist(), pair_j.tolist(), probability.tolist()):
        for r, other in ((i, j), (j, i)):
            own, theirs = int(label[r]), int(label[other])
            if own == theirs or (wanted is not None and r not in wanted):
                continue
            if (size[own], -own) >= (size[theirs], -theirs) or _key(r, other) in apart:
                continue
            if p >= linking.levels(r, other).suggest and (r not in best or p > best[r][0]):
                best[r] = (p, other)
    return [
        (r, int(label[o]), o, float(linking.vectors[r] @ linking.vectors[o]), p)
        for r, (p, o) in sorted(best.items())
    ]
