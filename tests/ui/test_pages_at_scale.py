"""The app's pages at scale, by behaviour (benchmarks/app_speed.py measures the time): what is expensive is
read once per version of the data and read again after any commit, by anyone; differences are worked out
for the groups shown; long tables come a page at a time; the queue reads one reviewer's history only."""

import subprocess
import sys

import pytest
from conftest import offered_files, page

from workbench.records import Article, Claim, Review
from workbench.review import set_review
from workbench.store import open_db, watch_changes


@pytest.fixture(autouse=True)
def signed_in_as_anna(desk_file, sign_in):
    import streamlit as st

    st.cache_resource.clear()
    sign_in("anna")


def two_outlets(db_path, per_article: int) -> list[tuple[int, int]]:
    """Two articles (two outlets) of ``per_article`` claims each, stored directly (no embedding); returns the
    claim ids paired by position."""
    db = open_db(db_path)
    ids = []
    with db.write():
        for outlet in ("Outlet A", "Outlet B"):
            texts = [f"{outlet} reports that {i} ships left the port on day {i}" for i in range(per_article)]
            article_id = db.articles.insert(
                Article("\n".join(texts), f"{outlet} news", outlet, lang="en"), "2026-12-07T00:00:00+00:00"
            )
            starts = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
            ids.append(
                db.claims.insert(
                    article_id,
                    [
                        Claim(t, t, s, s + len(t), checkworthiness=0.5 + i / (4 * per_article), position=i)
                        for i, (t, s) in enumerate(zip(texts, starts))
                    ],
                )
            )
    db.close()
    return list(zip(ids[0], ids[1]))


def group_pairs(db_path, pairs) -> None:
    db = open_db(db_path)
    with db.write():
        db.groups.replace_all(
            [(c, a, "fake", 0.9) for a, b in pairs for c in (a, b)],
            [],
        )
    db.close()


def test_a_watch_sees_every_commit_of_any_connection_or_process(tmp_path):
    path = tmp_path / "w.db"
    db = open_db(path)
    watch = watch_changes(path)
    first = watch()
    assert watch() == first  # nothing committed: the same number
    db.settings.set_desk("organisation", "Desk", "admin", "2026-12-07")
    second = watch()
    assert second != first
    subprocess.run(
        [sys.executable, "-c", f"import sqlite3; c = sqlite3.connect({str(path)!r}); "
         "c.execute(\"UPDATE desk_settings SET value = 'Other'\"); c.commit()"],
        check=True,
    )  # fmt: skip
    assert watch() != second


def test_groups_are_read_once_per_version_and_again_after_a_change(desk_file, monkeypatch):
    from workbench import group

    pairs = two_outlets(desk_file, 3)
    group_pairs(desk_file, pairs)
    reads = []
    real = group.list_groups
    monkeypatch.setattr(group, "list_groups", lambda *a, **k: reads.append(1) or real(*a, **k))
    at = page("groups")
    assert len(reads) == 1 and len([m for m in at.markdown if m.value.startswith("**Group ")]) == 3
    at.run()
    at.toggle(key="pending_only").set_value(True).run()
    at.toggle(key="pending_only").set_value(False).run()
    assert len(reads) == 1  # reruns with nothing committed read no groups
    # a colleague's verdict, committed by another connection, is on the next rerun
    other = open_db(desk_file)
    set_review(other, pairs[0][0], status="done", verdict="false", reviewer="ben")
    other.close()
    at.run()
    assert len(reads) == 2
    assert any(f"claim {pairs[0][0]} ·" in c.value and "False" in c.value for c in at.caption)


def test_differences_are_worked_out_for_the_groups_shown(desk_file, monkeypatch):
    from workbench.ui import common

    group_pairs(desk_file, two_outlets(desk_file, 25))
    common._differences.cache_clear()
    worked = []
    real = common.differences
    monkeypatch.setattr(common, "differences", lambda *a: worked.append(1) or real(*a))
    at = page("groups")
    assert len([m for m in at.markdown if m.value.startswith("**Group ")]) == 20  # a page of 25 groups
    assert len(worked) == 20
    at.number_input(key="groups_page").set_value(2).run()
    assert len(worked) == 25
    at.number_input(key="groups_page").set_value(1).run()
    at.toggle(key="differing_only").set_value(True).run()  # needs every group's: each is worked out once
    assert len(worked) == 25


def test_the_claims_table_comes_a_page_at_a_time(desk_file):
    pairs = two_outlets(desk_file, 130)
    at = page("claims")
    assert len(at.dataframe[0].value) == 200
    assert len(at.selectbox(key="claim_id").options) == 200
    at.number_input(key="claims_page").set_value(2).run()
    rows = at.dataframe[0].value
    assert len(rows) == 60
    # most check-worthy first: the last page holds the least check-worthy claims
    assert set(rows["id"]) == {c for pair in pairs[:30] for c in pair}
    assert not at.exception


def test_the_export_follows_a_verdict_committed_elsewhere(seeded, monkeypatch):
    files = offered_files(monkeypatch)
    at = page("export")
    assert ",false," not in files["verdicts.csv"][0].decode("utf-8-sig")
    other = open_db(seeded.location)
    set_review(other, 1, status="done", verdict="false", reviewer="ben")
    other.close()
    at.run()
    assert not at.exception
    assert ",false," in files["verdicts.csv"][0].decode("utf-8-sig")


def test_the_queue_reads_only_the_reviewers_own_changes(db):
    with db.write():
        article_id = db.articles.insert(Article("A. B. C. D. E.", "t", "X", lang="en"), "2026-12-07")
        ids = db.claims.insert(
            article_id, [Claim(c, c + ".", 3 * i, 3 * i + 1, position=i) for i, c in enumerate("ABCDE")]
        )
        for claim_id, name in zip(ids, ["anna", " Anna ", "ANNA", "annabel", "a_na"]):
            db.reviews.save(Review(claim_id, status="done", verdict="false"), name, "claim", None)
    assert [row[1] for row in db.reviews.changes_by("anna")] == ids[:3]
    assert [row[1] for row in db.reviews.changes_by("a_na")] == [ids[4]]  # "_" is a letter, not a wildcard
    with db.write():
        db.reviews.save(Review(ids[0], status="done", verdict="true"), "Jörg", "claim", None)
    assert [row[2] for row in db.reviews.changes_by("JöRG")] == ["Jörg"]


def test_a_lock_with_time_left_is_kept_without_a_write(desk_file):
    from workbench.queue import hold

    (first, second), _ = two_outlets(desk_file, 2)
    db = open_db(desk_file)
    watch = watch_changes(desk_file)
    lock = hold(db, first, "anna")
    seen = watch()
    assert hold(db, first, "anna") == lock and watch() == seen  # the queue's rerun: nothing written
    moved = hold(db, second, "anna")  # the next claim: written, the first one released
    assert watch() != seen and moved.claim_id == second
    assert set(db.locks.held("2000-01-01T00:00:00+00:00")) == {second}


def test_a_decision_reads_the_reviews_again_and_keeps_the_claims_and_groups(desk_file, monkeypatch):
    """A key press in the queue writes a review. The next redraw reads the reviews again (this decision and
    a colleague's meanwhile both show) but keeps the claims, articles and groups, which no decision changes;
    a colleague's change to a claim is read again on the next rerun."""
    from workbench import claims, group, review

    pairs = two_outlets(desk_file, 3)
    group_pairs(desk_file, pairs)
    reads = {"claims": 0, "groups": 0, "reviews": 0, "articles": 0}
    for module, name, kind in (
        (claims, "list_claims", "claims"),
        (claims, "list_articles", "articles"),
        (group, "list_groups", "groups"),
        (review, "current_reviews", "reviews"),
    ):
        real = getattr(module, name)
        monkeypatch.setattr(
            module,
            name,
            lambda *a, _real=real, _kind=kind, **k: (
                reads.__setitem__(_kind, reads[_kind] + 1) or _real(*a, **k)
            ),
        )

    def shown(at) -> int:
        [claim_id] = [
            int(c.value.split(" ·")[0].removeprefix("Claim "))
            for c in at.caption
            if c.value.startswith("Claim ")
        ]
        return claim_id

    def others(at) -> str:
        return "\n".join(m.value for m in at.markdown if m.value.startswith("- **"))

    at = page("queue")
    assert (
        shown(at) == pairs[2][0]
    )  # the most check-worthy claim, its group mate in the other outlet beside it
    assert f"claim {pairs[2][1]}, similarity 0.90, unreviewed" in others(at)
    first = dict(reads)
    assert first == {"claims": 1, "groups": 1, "reviews": 1, "articles": 1}

    # a colleague decides the group mate meanwhile, in another session; then this reviewer's key press
    other = open_db(desk_file)
    set_review(other, pairs[2][1], status="done", verdict="false", reviewer="ben")
    other.close()
    at.button(key="queue_verdict_true").click().run()
    assert not at.exception
    assert shown(at) == pairs[1][0]  # the colleague's claim is finished: not served
    assert reads == {"claims": 1, "groups": 1, "reviews": 2, "articles": 1}
    assert "you have decided 1 (anna)" in at.get("progress")[0].proto.text

    # the colleague's verdict on the claim beside the one shown: on the next rerun, nothing stale
    other = open_db(desk_file)
    set_review(other, pairs[1][1], status="done", verdict="false", reviewer="ben")
    other.close()
    at.run()
    assert shown(at) == pairs[1][0]
    assert f"claim {pairs[1][1]}, similarity 0.90, done, false" in others(at)
    assert reads["claims"] == 1 and reads["groups"] == 1

    # a colleague corrects the speaker of that claim: the claims are read again, and the groups with them
    other = open_db(desk_file)
    with other.write():
        other.claims.set_speaker(pairs[1][1], "Olaf Scholz", "", "ben", "2026-12-07T00:00:00+00:00")
    other.close()
    at.run()
    assert "**Olaf Scholz** in _Outlet B_" in others(at)
    assert reads["claims"] == 2 and reads["groups"] == 2 and reads["articles"] == 1
