"""Stage 2 of grouping (workbench.linking): groups from the pair judge's probabilities, pure over arrays; and
through the store (workbench.group) with a judge that listens to cosine only."""

import numpy as np
import pytest

from workbench import archive, group
from workbench import linking as link
from workbench.group import accept_suggestions, list_groups, regroup, split_group
from workbench.judge import ClaimInfo
from workbench.pipeline import ingest_articles
from workbench.records import Article


def unit(*rows):
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


JUDGE = {}


@pytest.fixture(autouse=True)
def _judge(make_judge):
    JUDGE["make"] = make_judge


def linking_of(vectors, articles=None, langs=None):
    n = len(vectors)
    infos = [
        ClaimInfo(f"claim {k}", (langs or ["en"] * n)[k], "", (articles or list(range(n)))[k])
        for k in range(n)
    ]
    return link.Linking(JUDGE["make"](dims=vectors.shape[1]), vectors, infos)


def all_pairs(linking):
    n = len(linking.vectors)
    i, j = np.triu_indices(n, 1)
    return i, j, linking.probabilities(i.tolist(), j.tolist())


def members(labels):
    out = {}
    for row, g in enumerate(labels.tolist()):
        out.setdefault(g, []).append(row)
    return sorted(sorted(m) for m in out.values())


def test_confident_pairs_form_groups_and_others_stay_alone():
    vectors = unit([1, 0, 0], [0.99, 0.1, 0], [0.98, 0, 0.15], [0, 1, 0])
    linking = linking_of(vectors)
    labels = link.judged_groups(linking, *all_pairs(linking))
    assert members(labels) == [[0, 1, 2], [3]]


def test_average_linkage_does_not_chain():
    # points 0.3 rad apart on a circle: each pair of neighbours is confident (cos 0.955), the ends are not
    angles = np.arange(5) * 0.3
    vectors = unit(*([np.cos(a), np.sin(a), 0] for a in angles))
    linking = linking_of(vectors)
    labels = link.judged_groups(linking, *all_pairs(linking))
    assert len(set(labels.tolist())) > 1 and max(len(m) for m in members(labels)) < 5


def test_reviewer_decisions_come_on_top():
    vectors = unit([1, 0, 0], [0.99, 0.1, 0], [0, 1, 0])
    linking = linking_of(vectors)
    apart = link.judged_groups(linking, *all_pairs(linking), different=[(0, 1)])
    assert members(apart) == [[0], [1], [2]]
    together = link.judged_groups(linking, *all_pairs(linking), same=[(1, 2)])
    assert members(together) == [[0, 1, 2]]
    blocked = link.judged_groups(linking, *all_pairs(linking), same=[(1, 2)], different=[(0, 2)])
    assert [2] not in members(blocked) or members(blocked) == [[0, 1], [2]]


def test_fixed_groups_are_only_joined_by_new_rows():
    vectors = unit([1, 0, 0], [0.995, 0.1, 0], [0.99, 0.12, 0])
    linking = linking_of(vectors)
    start = np.array([0, 1, 2])  # rows 0 and 1 are stored groups of their own; row 2 is new
    labels = link.judged_groups(linking, *all_pairs(linking), labels=start, fixed=[0, 1])
    assert labels[0] != labels[1] and labels[2] in (labels[0], labels[1])


def test_the_canonical_member_is_the_most_central():
    vectors = unit([1, 0.2, 0], [1, 0, 0], [1, -0.2, 0])
    assert link.canonical(linking_of(vectors), [0, 1, 2]) == 1


def test_suggestions_go_from_the_smaller_group_to_the_larger():
    vectors = unit([1, 0, 0], [1, 0.001, 0], [0.95, 0.312, 0])  # 0-1: P 0.98; row 2: cosine 0.95, P 0.88
    linking = linking_of(vectors)
    linking.override = link.Levels(0.3, 0.95)  # only rows 0 and 1 are confirmed
    i, j, p = all_pairs(linking)
    labels = link.judged_groups(linking, i, j, p)
    hints = link.judged_suggestions(linking, labels, i, j, p)
    assert [(r, g) for r, g, *_ in hints] == [(2, labels[0])]
    assert hints[0][4] == pytest.approx(max(linking.probabilities([2, 2], [0, 1])))


def test_article_centroids_are_centred_means():
    vectors = unit([1, 0, 0], [0, 1, 0], [0, 0, 1])
    centre = np.array([0.1, 0.1, 0.1])
    found = link.article_centroids(vectors, [5, 5, 7], centre)
    expected = np.array([0.4, 0.4, -0.1]) / np.linalg.norm([0.4, 0.4, -0.1])
    assert set(found) == {5, 7} and np.allclose(found[5], expected, atol=1e-6)


def test_article_centroids_add_each_articles_rows_in_row_order():
    # the same values to the last bit as adding each row in turn with np.add.at (the code before), in any
    # order of rows: the judge's article similarity must not move when the code gets faster
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((3000, 16)).astype(np.float32)
    articles = rng.integers(-1, 90, 3000)
    centre = rng.standard_normal(16)
    names, index = np.unique(articles, return_inverse=True)
    sums = np.zeros((len(names), 16))
    np.add.at(sums, index, vectors)
    sums = sums / np.bincount(index)[:, None] - centre
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    found = link.article_centroids(vectors, articles, centre)
    assert set(found) == set(names.tolist()) - {-1}
    assert all(np.array_equal(found[a], sums[k].astype(np.float32)) for k, a in enumerate(names) if a >= 0)


# --- through the store, with a judge for the fake embedder -------------------------------------------------


@pytest.fixture
def judged(monkeypatch, fake_embedder, make_judge):
    """The fake embedder's model gets a cosine-only judge: P = sigmoid(40 (cosine - 0.9))."""
    judge = make_judge()
    monkeypatch.setattr(group, "load_judge", lambda model: judge if model == fake_embedder.name else None)
    monkeypatch.setattr(archive, "load_judge", lambda model: judge if model == fake_embedder.name else None)
    return fake_embedder


def articles(*texts):
    return [Article(text=t, source=f"outlet {k}", title=f"a{k}") for k, t in enumerate(texts)]


ONE = "Miners in Chile rescued all thirty-three trapped workers on Wednesday morning after weeks underground."
TWO = (
    "Miners in Chile rescued all thirty-three trapped workers on Wednesday morning after weeks below ground."
)
OTHER = (
    "Parliament passed a budget law for schools and hospitals after a long night of debate in the capital."
)


def test_regroup_with_the_judge_stores_canonical_statements_and_probabilities(db, judged):
    ingest_articles(db, articles(ONE, TWO, OTHER), judged)
    regroup(db, judged)
    [g] = list_groups(db, min_size=2)
    assert g.sources == 2 and g.canonical.canonical
    other = next(m for m in g.members if not m.canonical)
    assert 0 < other.probability < 1 and other.similarity < 1
    assert db.groups.models() == {judged.name + "+judge"}


def test_a_regroup_reports_its_stages_in_order_each_to_its_end(db, judged):
    # a regroup of 100k claims takes minutes: the group command shows where it is (cli.common.Progress)
    ingest_articles(db, articles(ONE, TWO, OTHER), judged)
    heard = []
    regroup(db, judged, progress=lambda stage, done, total: heard.append((stage, done, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in heard))
    assert stages == ["grouping: nearest claims", "grouping: judged pairs", "grouping: linking"]
    for stage in stages:
        last = [(done, total) for s, done, total in heard if s == stage][-1]
        assert last[0] == last[1] > 0, (stage, last)


def test_a_regroup_on_the_graph_reads_profiles_while_it_builds_and_groups_as_the_exact_search(
    db, judged, monkeypatch
):
    from workbench import candidates

    ingest_articles(db, articles(ONE, TWO, OTHER, f"{ONE} {OTHER}", f"{TWO} {OTHER}"), judged)

    def stored():
        groups = list_groups(db, min_size=1)
        return sorted(
            (sorted(m.claim_id for m in g.members), [s.claim_id for s in g.suggestions]) for g in groups
        )

    regroup(db, judged)
    exact = stored()
    read = []
    real = link.Linking.read_profiles
    monkeypatch.setattr(
        link.Linking, "read_profiles", lambda self, *a, **k: read.append(1) or real(self, *a, **k)
    )
    monkeypatch.setattr(candidates, "GRAPH_FROM", 0)
    monkeypatch.setattr(candidates, "GRAPH_EXACT_BELOW", 0)  # a real graph, even for these few claims
    regroup(db, judged)
    assert read == [1] and stored() == exact
    assert any(len(members) > 1 for members, _ in exact)


def test_an_accepted_suggestion_shows_its_real_similarity(db, judged):
    ingest_articles(db, articles(ONE, TWO), judged)
    regroup(db, judged, threshold=0.999, suggest=0.01)  # nothing confirmed: a suggestion waits
    [s] = [s for g in list_groups(db, min_size=1) for s in g.suggestions]
    assert accept_suggestions(db, [(s.claim_id, s.group_id)], "anna") == 1
    [g] = list_groups(db, min_size=2)
    accepted = next(m for m in g.members if m.claim_id == s.claim_id)
    assert accepted.similarity == pytest.approx(s.similarity) and accepted.similarity < 0.999
    assert accepted.probability == pytest.approx(s.probability) and not accepted.canonical
    regroup(db, judged, threshold=0.999, suggest=0.01)  # the reviewer's "same" survives the regroup
    assert list_groups(db, min_size=2)[0].size == 2


def test_a_split_survives_the_judged_regroup(db, judged):
    ingest_articles(db, articles(ONE, TWO), judged)
    regroup(db, judged)
    [g] = list_groups(db, min_size=2)
    split_group(db, g.id, [g.members[-1].claim_id], "anna")
    regroup(db, judged)
    assert list_groups(db, min_size=2) == []


def test_new_claims_join_stored_groups_incrementally(db, judged):
    ingest_articles(db, articles(ONE, OTHER), judged)  # grouped at ingest
    before = {g.id for g in list_groups(db, min_size=1)}
    ingest_articles(db, [Article(text=TWO, source="outlet 9", title="late")], judged)  # add_claims
    [g] = list_groups(db, min_size=2)
    assert g.id in before and g.size == 2
    assert all(m.probability is not None for m in g.members if not m.canonical)


def test_a_grouping_made_without_the_judge_is_redone_once(db, fake_embedder, monkeypatch, make_judge):
    ingest_articles(db, articles(ONE, TWO), fake_embedder)  # no judge: cosine thresholds
    assert db.groups.models() == {fake_embedder.name}
    judge = make_judge()
    monkeypatch.setattr(group, "load_judge", lambda model: judge)
    ingest_articles(db, [Article(text=OTHER, source="x", title="t")], fake_embedder)
    assert db.groups.models() == {fake_embedder.name + "+judge"}
    assert "pair judge" in group.grouping_method(fake_embedder.name)


def test_the_bound_is_skipped_only_where_it_would_leave_out_almost_nothing(monkeypatch):
    """group._worth_judging bounds an even sample of the candidate pairs first; where the sample loses less
    than BOUND_PAYS of its pairs every pair is judged (what the bound would leave out could not reach its
    suggest level anyway), else the bound decides each pair."""
    monkeypatch.setattr(group, "BOUND_SAMPLE", 10)
    near = unit(*([1, 0.01 * k, 0] for k in range(30)))  # cosines >= 0.95: all could be suggested
    linking = linking_of(near)
    i, j = np.triu_indices(30, 1)
    assert linking.worth_judging(i, j).all() and group._worth_judging(linking, i, j).all()
    spread = unit(*([1, 0.2 * k, 0] for k in range(30)))  # most pairs far apart: the bound pays
    linking = linking_of(spread)
    bound = linking.worth_judging(i, j)
    assert 0 < bound.mean() < 0.9
    assert (group._worth_judging(linking, i, j) == bound).all()


RESCUE = (
    ONE,
    "Rescuers in Chile freed all thirty-three trapped miners on Wednesday morning after weeks underground.",
    "Miners in Chile rescued all thirty-three trapped workers on Wednesday after weeks underground.",
)
BUDGET = (
    OTHER,
    "Parliament passed the budget law for schools and hospitals after a long night of debate in the capital.",
)
ELSEWHERE = (
    "The city council approved a new tram line through the northern districts despite protests from shops.",
    "A heatwave pushed temperatures above forty degrees in southern Spain for the third day in a row.",
    "The central bank kept interest rates unchanged and warned that inflation would stay high next year.",
)


def test_an_ingest_reads_only_the_rows_it_touches_and_groups_as_if_it_read_every_row(
    tmp_path, judged, monkeypatch
):
    """add_claims reads the languages, groups and centres of the claims a new claim can reach, not of every
    claim (at 100k claims those reads cost more than judging the article): the stored groups and suggestions
    are the same as when the store hands it every row."""
    from workbench.store import open_db

    found, calls = [], []
    for every_row in (False, True):
        db = open_db(str(tmp_path / f"{every_row}.db"))
        stored = [" ".join(t) for t in (RESCUE[:1] + BUDGET[:1], RESCUE[1:2], ELSEWHERE)]
        ingest_articles(db, articles(*stored), judged)  # grouped at ingest: a regroup
        for family, name in (("groups", "memberships"), ("groups", "centres"), ("claims", "languages")):
            method = getattr(getattr(db, family), name)

            def watched(*args, method=method, name=name, every_row=every_row, **kwargs):
                calls.append((name, every_row, bool(args or any(v is not None for v in kwargs.values()))))
                return method() if every_row else method(*args, **kwargs)

            monkeypatch.setattr(getattr(db, family), name, watched)
        new = Article(text=" ".join([RESCUE[2], BUDGET[1]]), source="outlet 9", title="late")
        ingest_articles(db, [new], judged)  # add_claims
        found.append(list_groups(db, min_size=1))
    narrowed = [c for c in calls if not c[1]]
    assert narrowed and all(asked_for_some for _, _, asked_for_some in narrowed)
    assert found[0] == found[1]
    joined = [g for g in found[0] if g.size >= 3 or (g.size == 2 and g.sources == 2)]
    assert len(joined) >= 2  # the late article's claims joined both stored stories


def test_each_rows_centroid_line_is_its_articles_position_or_minus_one():
    rng = np.random.default_rng(2)
    names = rng.permutation(50)[:20] * 3  # unsorted article ids
    articles = rng.integers(-1, 160, 500)
    line = {a: k for k, a in enumerate(names.tolist())}
    expected = [line.get(a, -1) for a in articles.tolist()]
    assert link._lines(names, articles).tolist() == expected and (np.array(expected) >= 0).any()
    assert link._lines(np.zeros(0, dtype=np.int64), articles).tolist() == [-1] * 500


def test_on_postgresql_an_ingest_asks_the_server_index_and_groups_as_over_every_vector(
    tmp_path, judged, pg_url, monkeypatch
):
    """On PostgreSQL add_claims takes the new claims' neighbours from the HNSW index and reads the vectors of
    only the rows it touches (no process holds every claim's vector); the stored groups and suggestions are
    those SQLite's path, over every vector, makes from the same articles."""
    from workbench.store import open_db

    found, asked, joined = [], [], []
    for target in (str(tmp_path / "every.db"), pg_url):
        db = open_db(target)
        stored = [" ".join(t) for t in (RESCUE[:1] + BUDGET[:1], RESCUE[1:2], ELSEWHERE)]
        ingest_articles(db, articles(*stored), judged)  # grouped at ingest: a regroup
        whole, nearest = [], []
        matrix, near = db.vectors.matrix, db.vectors.nearest

        def watched_matrix(model, table, *args, whole=whole, matrix=matrix, **kwargs):
            whole.append(table)
            return matrix(model, table, *args, **kwargs)

        def watched_nearest(*args, nearest=nearest, near=near, **kwargs):
            nearest.append(args[1])
            return near(*args, **kwargs)

        monkeypatch.setattr(db.vectors, "matrix", watched_matrix)
        monkeypatch.setattr(db.vectors, "nearest", watched_nearest)
        ingest_articles(
            db, [Article(text=" ".join([RESCUE[2], BUDGET[1]]), source="outlet 9", title="late")], judged
        )
        asked.append(("claims" in whole, nearest.count("claims")))
        groups = list_groups(db, min_size=1)
        joined.append(sum(g.size >= 3 or (g.size == 2 and g.sources == 2) for g in groups))
        found.append(
            sorted(
                (
                    sorted(m.claim_id for m in g.members),
                    sorted((s.claim_id, s.via_claim) for s in g.suggestions),
                )
                for g in groups
            )
        )
        db.close()
    assert asked[1] == (False, 2)  # PostgreSQL: the index asked once per new claim, no whole matrix read
    assert found[0] == found[1]
    assert joined[1] >= 2  # the late article's claims joined both stored stories


def test_judging_many_pairs_at_once_gives_what_judging_each_alone_gives():
    # the shipped judge (its trees read every feature); rows of five articles and one without, two
    # languages, speakers: article similarity, margins, same-article and cross-language parts all vary
    from workbench.judge import load_judge
    from workbench.vectors.registry import DEFAULT_MODEL

    judge = load_judge(DEFAULT_MODEL)
    rng = np.random.default_rng(4)
    base = rng.standard_normal(384)
    vectors = (base + 0.6 * rng.standard_normal((12, 384))).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = ["Kim visited Russia in 2023.", "Kim besuchte 2024 Russland.", "Taxes fell by 45 percent."] * 4
    articles = [1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, -1]
    infos = [
        ClaimInfo(texts[k], "de" if k % 3 == 1 else "en", "Miller" if k % 4 == 0 else "", articles[k])
        for k in range(12)
    ]
    i, j = np.triu_indices(12, 1)
    together = link.Linking(judge, vectors, infos).probabilities(i.tolist(), j.tolist())
    alone = link.Linking(judge, vectors, infos)
    one_by_one = [alone.probabilities([a], [b])[0] for a, b in zip(i.tolist(), j.tolist())]
    assert together.tolist() == one_by_one
    assert len(set(np.round(together, 6).tolist())) > 20  # the pairs differ, so a misaligned row would show


def test_average_linkage_judging_ahead_gives_the_groups_of_judging_each_merge_alone(monkeypatch):
    # 300 rows in 30 loose clusters: many candidate merges between groups of several members, some refused
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((30, 16))
    vectors = (centres[np.arange(300) % 30] + 0.25 * rng.standard_normal((300, 16))).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # candidates: each row's three nearest rows, so average linkage must ask for the other cross pairs
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1)
    i = np.repeat(np.arange(300), 3)
    j = np.argsort(-sims, axis=1)[:, :3].ravel()

    def grouped(lookahead):
        monkeypatch.setattr(link, "LOOKAHEAD", lookahead)
        linking = linking_of(vectors, articles=(np.arange(300) // 10).tolist())
        calls = []
        judge = linking._judge
        monkeypatch.setattr(
            linking, "_judge", lambda todo, *rest: calls.append(len(todo)) or judge(todo, *rest)
        )
        labels = link.judged_groups(linking, i, j, linking.probabilities(i.tolist(), j.tolist()))
        return members(labels), len(calls)

    # a window of 32 of these 900 candidate pairs: about as many windows as a regroup of 100k claims walks
    (alone, calls_alone), (ahead, calls_ahead) = grouped(1), grouped(32)
    assert ahead == alone
    assert 1 < len(alone) < 300 and max(len(m) for m in alone) > 2  # merges of groups happened
    assert calls_ahead < calls_alone / 2  # the cross pairs were judged in fewer calls


def _shipped_linking(n=120):
    """A Linking over ``n`` rows in 30 articles, two languages, with speakers, judged by the shipped judge."""
    from workbench.judge import load_judge
    from workbench.vectors.registry import DEFAULT_MODEL

    rng = np.random.default_rng(11)
    centres = rng.standard_normal((8, 384))
    vectors = (centres[np.arange(n) % 8] + 0.7 * rng.standard_normal((n, 384))).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = ["Kim visited Russia in 2023.", "Kim besuchte 2024 Russland.", "Taxes fell by 45 percent."]
    infos = [
        ClaimInfo(
            f"{texts[k % 3]} ({k})", "de" if k % 3 == 1 else "en", "Miller" if k % 4 == 0 else "", k // 4
        )
        for k in range(n)
    ]
    return link.Linking(load_judge(DEFAULT_MODEL), vectors, infos)


def _helped(monkeypatch, batches):
    """The probabilities of ``batches`` (pairs of row lists), judged in a helper block, and the Linking."""
    monkeypatch.setattr(link, "_can_fork", lambda: True)  # a helper even on one core
    monkeypatch.setattr(link, "HELPER_FROM", 500)
    monkeypatch.setattr(link, "HELPER_SPLIT", 50)
    linking = _shipped_linking()
    with linking.helper():
        found = [linking.probabilities(a, b) for a, b in batches]
        running = linking._helper is not None
    assert linking._helper is None  # stopped when the block ends
    return np.concatenate(found), linking, running


def _batches():
    i, j = np.triu_indices(120, 1)
    i, j = i.tolist(), j.tolist()
    # a first batch large enough to start the helper, then batches it splits, then ones too small to split
    return [
        (i[:3000], j[:3000]),
        (i[3000:3200], j[3000:3200]),
        (i[3200:3240], j[3200:3240]),
        (i[3240:], j[3240:]),
    ]


def test_a_helper_process_judges_half_of_each_large_batch_with_the_same_probabilities(monkeypatch):
    batches = _batches()
    alone = _shipped_linking()
    expected = np.concatenate([alone.probabilities(a, b) for a, b in batches])
    found, linking, running = _helped(monkeypatch, batches)
    assert running and found.tolist() == expected.tolist()
    # half of the first batch, of the second (200 >= 50) and of the last; none of the third (40 < 50)
    assert linking.helper_pairs == 1500 + 100 + (len(batches[3][0]) - len(batches[3][0]) // 2)
    assert len(set(np.round(found, 6).tolist())) > 50  # the pairs differ, so a misplaced half would show


def test_a_helper_that_fails_or_dies_leaves_its_half_to_be_judged_here(monkeypatch):
    import os

    batches = _batches()
    expected = np.concatenate([_shipped_linking().probabilities(a, b) for a, b in batches])
    parent = os.getpid()
    judged = link.Linking.judged

    def fails_in_the_helper(self, *args, **kwargs):
        if os.getpid() != parent:
            raise MemoryError("the helper ran out of memory")
        return judged(self, *args, **kwargs)

    monkeypatch.setattr(link.Linking, "judged", fails_in_the_helper)
    found, linking, running = _helped(monkeypatch, batches)
    assert found.tolist() == expected.tolist() and linking.helper_pairs == 0 and not running

    monkeypatch.setattr(link.Linking, "judged", judged)
    monkeypatch.setattr(link, "_serve", lambda linking, conn: os._exit(3))  # killed before it answers
    found, linking, running = _helped(monkeypatch, batches)
    assert found.tolist() == expected.tolist() and linking.helper_pairs == 0 and not running


def test_a_regroup_with_a_helper_stores_what_a_regroup_without_one_stores(db, judged, monkeypatch):
    ingest_articles(db, articles(ONE, TWO, OTHER, f"{ONE} {OTHER}", f"{TWO} {OTHER}"), judged)

    def stored():
        rows = []
        for g in list_groups(db, min_size=1):
            rows += [(g.id, m.claim_id, m.probability, m.similarity) for m in g.members]
            rows += [(g.id, s.claim_id, s.probability, s.similarity) for s in g.suggestions]
        return sorted(rows, key=repr)

    monkeypatch.setattr(link, "_can_fork", lambda: False)
    regroup(db, judged)
    without = stored()
    used = []
    real = link.Linking.helper

    def helper(self):
        used.append(self)
        return real(self)

    monkeypatch.setattr(link, "_can_fork", lambda: True)
    monkeypatch.setattr(link, "HELPER_FROM", 2)
    monkeypatch.setattr(link, "HELPER_SPLIT", 2)
    monkeypatch.setattr(link.Linking, "helper", helper)
    regroup(db, judged)
    assert used and used[0].helper_pairs > 0
    assert stored() == without and any(p is not None for _, _, p, _ in without)


@pytest.mark.parametrize("available_kb, allowed", [(1_000, False), (6_000, True)])
def test_a_helper_starts_only_where_memory_for_it_is_available(monkeypatch, available_kb, allowed):
    import io
    import os

    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    files = {
        "/proc/meminfo": f"MemTotal: 99999 kB\nMemAvailable: {available_kb} kB\n",
        "/proc/self/statm": f"50000 {10_000 // page_kb} 100 1 0 1 0\n",  # 10,000 kB resident
    }
    monkeypatch.setattr(link, "open", lambda path: io.StringIO(files[path]), raising=False)
    assert link._memory_allows() is allowed


def test_a_regroup_from_a_server_thread_beside_busy_threads_forks_its_helper_and_stores_the_same(
    tmp_path, judged, monkeypatch
):
    # the app regroups on one of Streamlit's threads while others run: the helper is forked from that thread
    import threading

    from workbench.store import open_db

    def stored(store):
        return sorted(
            (g.id, sorted((m.claim_id, m.probability) for m in g.members)) for g in list_groups(store)
        )

    path = tmp_path / "claims.db"
    store = open_db(path)
    ingest_articles(store, articles(ONE, TWO, OTHER, f"{ONE} {OTHER}", f"{TWO} {OTHER}"), judged)
    monkeypatch.setattr(link, "_can_fork", lambda: False)
    regroup(store, judged)
    without = stored(store)
    store.close()
    monkeypatch.setattr(link, "_can_fork", lambda: True)
    monkeypatch.setattr(link, "HELPER_FROM", 2)
    monkeypatch.setattr(link, "HELPER_SPLIT", 2)
    started = []
    real = link._Helper.start.__func__
    monkeypatch.setattr(
        link._Helper, "start", classmethod(lambda cls, linking: started.append(1) or real(cls, linking))
    )
    stop, found = threading.Event(), []

    def busy():
        while not stop.is_set():
            sum(range(1000))

    def serve():  # a server thread has its own connection to the desk's file
        own = open_db(path)
        regroup(own, judged)
        found.append(stored(own))
        own.close()

    others = [threading.Thread(target=busy) for _ in range(2)]
    server = threading.Thread(target=serve)
    for t in [*others, server]:
        t.start()
    server.join(timeout=120)
    stop.set()
    for t in others:
        t.join()
    assert started == [1] and found == [without]
    assert any(len(members) > 1 for _, members in without)


def test_ctrl_c_inside_the_helper_block_kills_a_busy_helper_at_once(monkeypatch):
    import signal

    monkeypatch.setattr(link, "_can_fork", lambda: True)
    monkeypatch.setattr(link, "HELPER_FROM", 500)
    i, j = np.triu_indices(120, 1)
    linking = _shipped_linking()
    with pytest.raises(KeyboardInterrupt):
        with linking.helper():
            linking.probabilities(i[:3000].tolist(), j[:3000].tolist())  # starts the helper
            helper = linking._helper
            # a batch nobody will wait for: the helper is busy judging it when Ctrl-C comes
            assert helper.send(np.tile(i, 20), np.tile(j, 20))
            raise KeyboardInterrupt
    assert linking._helper is None and helper.process.exitcode == -signal.SIGKILL


def test_no_helper_is_forked_outside_linux(monkeypatch):
    monkeypatch.setattr(link, "_memory_allows", lambda: True)
    monkeypatch.setattr(link.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(link.sys, "platform", "linux")
    assert link._can_fork()
    monkeypatch.setattr(
        link.sys, "platform", "darwin"
    )  # fork exists there, but is not safe in a threaded app
    assert not link._can_fork()
