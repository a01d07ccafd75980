import numpy as np
import pytest

from workbench.group import content_words, find_groups, list_groups, regroup, threshold_for
from workbench.pipeline import ingest_articles
from workbench.records import Article


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
    assert threshold_for("multilingual-e5-small") > threshold_for("all-MiniLM-L6-v2")
    assert threshold_for("some/unknown-model") == pytest.approx(0.75)


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
    assert (n_groups, n_claims) == (0, 0) and list_groups(db) == []


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
