import numpy as np
import pytest
from conftest import raw_sql

from workbench.group import (
    accept_suggestions,
    content_words,
    decisions,
    find_groups,
    find_suggestions,
    group_of,
    list_groups,
    merge_groups,
    regroup,
    reject_suggestions,
    split_group,
)
from workbench.pipeline import ingest_articles
from workbench.records import Article
from workbench.vectors.registry import THRESHOLDS, confirm_threshold, thresholds_for

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL


def unit(*rows):
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_find_groups_partitions_rows_around_centres():
    vectors = unit([1, 0, 0], [0.99, 0.1, 0], [0.98, 0, 0.15], [0, 1, 0], [0, 0.05, 1])
    groups = find_groups(vectors, threshold=0.9)
    members = sorted(sorted(m) for m, _ in groups)
    assert members == [[0, 1, 2], [3], [4]]
    # every row in exactly one group; the centre comes first with similarity 1
    assert sorted(i for m, _ in groups for i in m) == [0, 1, 2, 3, 4]
    big = next(g for g in groups if len(g[0]) == 3)
    assert big[1][0] == 1.0 and all(s >= 0.9 for s in big[1])


def test_find_groups_does_not_chain():
    # Five points 0.4 rad apart in a row: each is close to its neighbours only. Connected components would
    # chain all five into one group; centre-based groups keep every member close to its centre.
    angles = [0.4 * i for i in range(5)]
    vectors = unit(*[[np.cos(a), np.sin(a)] for a in angles])
    threshold = float(np.cos(0.45))
    groups = find_groups(vectors, threshold)
    assert len(groups) >= 2 and max(len(m) for m, _ in groups) == 3
    for members, scores in groups:
        assert all(vectors[members[0]] @ vectors[j] >= threshold for j in members)
        assert scores[0] == 1.0


def test_find_groups_empty_and_identical():
    assert find_groups(np.zeros((0, 3), dtype=np.float32), 0.9) == []
    groups = find_groups(unit([1, 2, 3], [1, 2, 3], [1, 2, 3]), 0.99)
    assert len(groups) == 1 and sorted(groups[0][0]) == [0, 1, 2]


def test_thresholds_are_per_model():
    assert confirm_threshold("multilingual-e5-small") > confirm_threshold("all-MiniLM-L6-v2")
    assert thresholds_for("some/unknown-model") == (pytest.approx(0.75), pytest.approx(0.95))
    for model in THRESHOLDS:
        assert thresholds_for(model).suggest < thresholds_for(model).confirm == confirm_threshold(model)


def test_regroup_stores_groups_across_articles(db, fake_embedder):
    texts = [
        "Russia violated the Security Council resolutions with arms deals.\nThe weather was nice in Paris.",
        "The arms deals of Russia violated the Security Council resolutions.\nShares of Apple rose 3 percent.",
    ]
    report = ingest_articles(
        db, [Article(text=t, source=f"outlet{i}") for i, t in enumerate(texts)], fake_embedder
    )
    assert len(report.added) == 2
    groups = list_groups(db, min_sources=2)
    assert len(groups) == 1
    assert {m.source for m in groups[0].members} == {"outlet0", "outlet1"}
    assert all("resolutions" in m.text for m in groups[0].members)
    # regrouping again gives the same group id (named by its smallest claim id)
    first_id = groups[0].id
    regroup(db, fake_embedder)
    assert list_groups(db, min_sources=2)[0].id == first_id
    # a threshold of 1.01 separates everything
    n_groups, n_claims = regroup(db, fake_embedder, threshold=1.01)
    assert (n_groups, n_claims) == (0, 0) and list_groups(db, with_suggestions=False) == []
    # ... and the pair waits as a suggestion for a reviewer instead
    [pending] = list_groups(db)
    assert pending.size == 1 and len(pending.suggestions) == 1


def test_content_words_fold_inflections_and_drop_stopwords():
    words = content_words("Die Resolutionen des UN-Sicherheitsrates wurden 2023 verletzt, sagte er.")
    assert {"resolu", "sicher", "2023", "verlet"} <= words
    assert not {"die", "des", "wurden", "sagte"} & words
    assert "sicher" in content_words("gegen die Resolutionen des Sicherheitsrats")


def test_claims_sharing_no_content_word_are_not_grouped():
    vectors = unit([1, 0, 0], [0.99, 0.1, 0], [0.98, 0, 0.15])
    words = [
        content_words(t)
        for t in (
            "Russia violated Security Council resolutions",
            "The resolutions of the Security Council were violated",
            "Democrats were not impressed",
        )
    ]
    assert sorted(sorted(m) for m, _ in find_groups(vectors, 0.9)) == [[0, 1, 2]]
    assert sorted(sorted(m) for m, _ in find_groups(vectors, 0.9, words)) == [[0, 1], [2]]


def test_find_groups_obeys_reviewer_decisions():
    vectors = unit([1, 0, 0], [0.99, 0.1, 0], [0.98, 0, 0.15], [0, 1, 0])
    # "different" keeps row 2 out although it is close to the centre; "same" pulls row 3 in although it is far
    groups = find_groups(vectors, 0.9, different=[(0, 2)], same=[(3, 1)])
    members = sorted(sorted(m) for m, _ in groups)
    assert members == [[0, 1, 3], [2]]
    # a "same" that would put a "different" pair into one group is not applied
    groups = find_groups(vectors, 0.9, different=[(0, 3)], same=[(3, 1)])
    assert sorted(sorted(m) for m, _ in groups) == [[0, 1, 2], [3]]


def test_suggestions_lie_between_the_two_thresholds():
    vectors = unit([1, 0, 0], [0.99, 0.12, 0], [0.85, 0.5, 0], [0, 0, 1])
    labels = [0, 0, 2, 3]  # rows 0 and 1 confirmed together; 2 and 3 alone
    hints = find_suggestions(vectors, labels, threshold=0.8)
    # row 2 (cosine ~0.85-0.9 to the group) is suggested for group 0 via its most similar member; row 3 is not
    assert [(r, g) for r, g, _, _ in hints] == [(2, 0)]
    row, _, via, sim = hints[0]
    assert via == int(np.argmax(vectors[[0, 1]] @ vectors[2])) and 0.8 <= sim < 0.95
    # a reviewer's "different" removes it; members of the group are never suggested for their own group
    assert find_suggestions(vectors, labels, 0.8, different=[(2, 0), (2, 1)]) == []


ARMS = [
    "North Korea delivered artillery shells and rockets to Russia for the war, officials said.",
    "North Korea delivered artillery shells and rockets to Russia for the war, the ministry said.",
    "Russia received artillery shells from North Korea, a report said.",
    "Inflation in Germany fell to two percent in May.",
]


def _arms_db(db, embedder):
    articles = [Article(text=t, source=f"outlet{i}") for i, t in enumerate(ARMS)]
    report = ingest_articles(db, articles, embedder)
    one = {
        a: raw_sql(db, "SELECT id FROM claims WHERE article_id = ?", [a]).fetchall()
        for a in report.added
    }
    assert all(len(rows) == 1 for rows in one.values())  # one sentence, one claim
    return {t: one[a][0][0] for t, a in zip(ARMS, report.added)}


def test_accepting_and_rejecting_suggestions_survive_regrouping(db, fake_embedder):
    ids = _arms_db(db, fake_embedder)
    a, b, c, d = (ids[t] for t in ARMS)
    assert group_of(db, a) == group_of(db, b) != group_of(db, c)
    group = next(g for g in list_groups(db) if g.id == group_of(db, a))
    assert [s.claim_id for s in group.suggestions] == [c]
    assert accept_suggestions(db, [(c, group.id)], reviewer="anna") == 1
    assert group_of(db, c) == group_of(db, a)
    [decision] = decisions(db)
    assert (decision["decision"], decision["reviewer"]) == ("same", "anna")
    assert c in (decision["claim_a"], decision["claim_b"]) and decision["claim_a"] < decision["claim_b"]
    regroup(db, fake_embedder)
    assert group_of(db, c) == group_of(db, a) == group_of(db, b)
    assert group_of(db, d) not in {group_of(db, a)}

    # a rejected suggestion does not come back after a regroup
    split_group(db, group_of(db, a), [c], reviewer="ben")
    regroup(db, fake_embedder)
    assert group_of(db, c) != group_of(db, a)
    pending = [(s.claim_id, s.group_id) for g in list_groups(db) for s in g.suggestions]
    assert (c, group_of(db, a)) not in pending


def test_reject_in_bulk_and_merge_groups(db, fake_embedder):
    ids = _arms_db(db, fake_embedder)
    a, c = ids[ARMS[0]], ids[ARMS[2]]
    pending = [(s.claim_id, s.group_id) for g in list_groups(db) for s in g.suggestions]
    assert reject_suggestions(db, pending, reviewer="anna") == len(pending) > 0
    assert [s for g in list_groups(db) for s in g.suggestions] == []
    regroup(db, fake_embedder)
    assert [s for g in list_groups(db) for s in g.suggestions] == []
    # a merge overrules the earlier rejection and outlives the next regroup and a new ingest
    merged = merge_groups(db, [group_of(db, a), group_of(db, c)], reviewer="ben")
    assert group_of(db, a) == group_of(db, c) == merged
    regroup(db, fake_embedder)
    ingest_articles(
        db, [Article(text="Apple shares rose three percent on Monday.", source="x")], fake_embedder
    )
    assert group_of(db, a) == group_of(db, c)
    with pytest.raises(ValueError, match="two or more"):
        merge_groups(db, [merged])
    with pytest.raises(ValueError, match="no group"):
        merge_groups(db, [merged, 99999], reviewer="ben")


def test_split_keeps_moved_claims_together_and_checks_its_input(db, fake_embedder):
    ids = _arms_db(db, fake_embedder)
    a, b = ids[ARMS[0]], ids[ARMS[1]]
    g = group_of(db, a)
    with pytest.raises(ValueError, match="not all"):
        split_group(db, g, [a, b], reviewer="ben")
    with pytest.raises(ValueError, match="choose claims"):
        split_group(db, g, [ids[ARMS[3]]], reviewer="ben")
    new = split_group(db, g, [b], reviewer="ben")
    assert group_of(db, b) == new != group_of(db, a)


def test_new_claims_join_existing_groups_without_regrouping(db, fake_embedder):
    ids = _arms_db(db, fake_embedder)
    a = ids[ARMS[0]]
    before = dict(raw_sql(db, "SELECT claim_id, group_id FROM claim_groups").fetchall())
    text = "North Korea delivered artillery shells and rockets to Russia for the war, diplomats said."
    ingest_articles(db, [Article(text=text, source="late")], fake_embedder)
    after = dict(raw_sql(db, "SELECT claim_id, group_id FROM claim_groups").fetchall())
    new_id = raw_sql(db, "SELECT MAX(id) FROM claims").fetchone()[0]
    assert after[new_id] == group_of(db, a)
    assert {k: v for k, v in after.items() if k != new_id} == before  # nobody else moved
    # the incremental result is what a full regroup gives here
    regroup(db, fake_embedder)
    assert dict(raw_sql(db, "SELECT claim_id, group_id FROM claim_groups").fetchall()) == after
