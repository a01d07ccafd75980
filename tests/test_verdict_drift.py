"""Issue 16, item 2: group verdicts stay tied to the members they were given to, membership changes under a
group verdict are shown, and a switch of model never regroups existing groups silently."""

import pytest
from conftest import FakeEmbedder

from workbench.group import group_of, merge_groups, split_group
from workbench.pipeline import ingest_articles, regroup_all
from workbench.records import Article, ModelSwitch
from workbench.review import (
    get_review,
    group_verdict_changes,
    group_verdicts,
    membership_note,
    set_group_verdict,
)
from workbench.vectors import registry


@pytest.fixture
def grouped(db, fake_embedder):
    """Four claims merged into one group with a group verdict; returns (group id, claim ids)."""
    ingest_articles(
        db,
        [
            Article(text="Berlin has 3.7 million inhabitants. Paris is the capital of France."),
            Article(text="Exports to China rose by 12 percent. The minister resigned on Tuesday."),
        ],
        fake_embedder,
    )
    ids = sorted(c for c in db.groups.memberships())
    gid = merge_groups(db, [group_of(db, c) for c in ids], "anna")
    set_group_verdict(db, gid, "false", "ben")
    return gid, ids


def test_a_group_verdict_records_the_members_it_covered(db, grouped):
    gid, ids = grouped
    assert group_verdicts(db, gid)[0]["members"] == ids
    changes = group_verdict_changes(db, gid)
    assert (changes["verdict"], changes["covered"], changes["joined"], changes["left"]) == (
        "false",
        ids,
        [],
        [],
    )
    assert all(membership_note(db, c) == "" for c in ids)


def test_a_claim_that_left_keeps_its_verdict_marked_as_given_via_a_group_it_left(db, grouped, fake_embedder):
    gid, (c1, c2, c3, c4) = grouped
    new = split_group(db, gid, [c4], "anna")
    regroup_all(db, fake_embedder)  # a regroup keeps the split (the editor's decision)
    assert group_of(db, c4) == new != gid
    review = get_review(db, c4)
    assert (review.verdict, review.via_group) == ("false", gid)  # kept, not moved
    assert group_verdict_changes(db, gid)["left"] == [c4]
    note = membership_note(db, c4)
    assert f"group {gid}" in note and "left" in note
    # a later verdict on the group reaches its members, not the one that left; and that is said
    later = set_group_verdict(db, gid, "mostly_false", "carl")
    assert later.left == [c4]
    assert get_review(db, c4).verdict == "false"
    assert [get_review(db, c).verdict for c in (c1, c2, c3)] == ["mostly_false"] * 3


def test_a_claim_that_joins_later_does_not_inherit_the_group_verdict(db, grouped, fake_embedder):
    gid, ids = grouped
    ingest_articles(db, [Article(text="Rome is the capital of Italy.")], fake_embedder)
    (c5,) = set(db.groups.memberships()) - set(ids)
    merged = merge_groups(db, [gid, group_of(db, c5)], "anna")
    assert merged == gid
    assert get_review(db, c5).verdict == ""  # nothing inherited silently
    assert group_verdict_changes(db, gid)["joined"] == [c5]
    assert "joined after the group verdict" in membership_note(db, c5)


def test_cli_group_and_history_show_membership_changes(run, db_path, desk_file, fake_embedder):
    from workbench.store import open_db

    db = open_db(db_path)
    ingest_articles(
        db,
        [
            Article(
                text="Berlin has 3.7 million inhabitants. Paris is the capital of France. Rome is in Italy."
            )
        ],
        fake_embedder,
    )
    c1, c2, c3 = sorted(db.groups.memberships())
    gid = merge_groups(db, [group_of(db, c1), group_of(db, c2), group_of(db, c3)], "anna")
    set_group_verdict(db, gid, "false", "ben")
    split_group(db, gid, [c2], "anna")
    out = run("history", str(c2)).output
    assert "left" in out and f"group {gid}" in out
    listing = run("group", "--no-regroup", "--min-sources", "1").output
    assert f"left since, keeping it: claims {c2}" in listing


class OtherModel(FakeEmbedder):
    name = "other-model"


@pytest.fixture
def other_model(monkeypatch):
    model = OtherModel()
    monkeypatch.setitem(registry.THRESHOLDS, model.name, registry.Thresholds(suggest=0.5, confirm=0.75))
    return model


def test_a_model_switch_on_ingest_refuses_and_stores_nothing(db, grouped, other_model):
    before = db.groups.memberships()
    articles = len(db.articles.all())
    with pytest.raises(ModelSwitch) as err:
        ingest_articles(db, [Article(text="Madrid is the capital of Spain.")], other_model)
    message = str(err.value)
    assert "\n" not in message and "fake-bag-of-words" in message and "other-model" in message
    assert "--confirm-model-switch" in message
    assert db.groups.memberships() == before
    assert len(db.articles.all()) == articles


def test_a_model_switch_on_regroup_refuses_unless_confirmed(db, grouped, other_model):
    before = db.groups.memberships()
    with pytest.raises(ModelSwitch):
        regroup_all(db, other_model)
    assert db.groups.memberships() == before
    regroup_all(db, other_model, confirm_model_switch=True)
    assert db.groups.models() == {"other-model"}


def test_the_first_grouping_may_use_any_model(db, other_model):
    ingest_articles(db, [Article(text="Madrid is the capital of Spain. Lisbon is in Portugal.")], other_model)
    assert db.groups.models() == {"other-model"}


def test_cli_refuses_a_model_switch_in_one_line(
    run, db_path, desk_file, fake_embedder, other_model, monkeypatch
):
    from workbench.store import open_db
    from workbench.vectors import embedders

    ingest_articles(open_db(db_path), [Article(text="Berlin has 3.7 million inhabitants.")], fake_embedder)
    models = {fake_embedder.name: fake_embedder, other_model.name: other_model}
    monkeypatch.setattr(embedders, "load_embedder", lambda name=None: models[name or fake_embedder.name])
    result = run("group", "--model", "other-model")
    assert result.exit_code != 0
    assert "fake-bag-of-words" in result.output and "--confirm-model-switch" in result.output
    assert "Traceback" not in result.output
    ok = run("group", "--model", "other-model", "--confirm-model-switch")
    assert ok.exit_code == 0, ok.output
    assert open_db(db_path).groups.models() == {"other-model"}
