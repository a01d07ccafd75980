"""Blind second reviews, their disagreements and resolution, and the agreement between reviewers (kappa)."""

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import raw_sql
from sklearn.metrics import cohen_kappa_score
from streamlit.testing.v1 import AppTest

import workbench
from workbench.group import merge_groups
from workbench.pipeline import ingest_articles
from workbench.records import AccessDenied, Article, Evidence
from workbench.review import (
    ReviewError,
    get_review,
    get_second_review,
    history,
    pending_second_reviews,
    request_second_review,
    resolve,
    review_for,
    reviewer_disagreements,
    second_review,
    second_reviews,
    set_group_verdict,
    set_review,
)
from workbench.store import open_db

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL

SENTENCES = [
    "Berlin has 3.7 million inhabitants.",
    "Paris is the capital of France.",
    "Unemployment fell to 5 percent in 2023.",
    "The bridge cost 40 million euros.",
    "Exports to China rose by 12 percent.",
    "The minister resigned on Tuesday.",
    "Rents in Munich doubled since 2010.",
    "The river flooded 300 homes.",
    "Coal plants produced a third of the power.",
    "The law passed with 400 votes.",
]


def add_claims(db, embedder) -> list[int]:
    ingest_articles(db, [Article(text=" ".join(SENTENCES), source="Outlet")], embedder)
    ids = [r[0] for r in raw_sql(db, "SELECT id FROM claims ORDER BY id")]
    assert len(ids) == len(SENTENCES)
    return ids


@pytest.fixture
def claim_ids(db, fake_embedder):
    return add_claims(db, fake_embedder)


def first_review(db, claim_id, verdict, reviewer="anna", **kwargs):
    set_review(db, claim_id, verdict=verdict, reviewer=reviewer, **kwargs)


# --- requesting a second review ----------------------------------------------------------------------------


def test_a_request_keeps_the_first_review_and_marks_the_claim(db, claim_ids):
    cid = claim_ids[0]
    first_review(db, cid, "false")
    second = request_second_review(db, cid, "anna")
    assert (second.first_reviewer, second.first_verdict, second.requested_by) == ("anna", "false", "anna")
    assert second.requested_at and not second.decided
    r = get_review(db, cid)
    assert (r.status, r.verdict) == ("needs_second_review", "false")  # the claim's review is not touched
    assert [h["status"] for h in history(db, cid)] == ["in_progress", "needs_second_review"]
    assert get_second_review(db, cid) == second and second_reviews(db) == [second]
    assert get_second_review(db, claim_ids[1]) is None


def test_bad_requests_are_refused(db, claim_ids):
    with pytest.raises(ReviewError, match="no verdict yet"):
        request_second_review(db, claim_ids[0], "anna")
    # a verdict stored before accounts, without a reviewer's name
    raw_sql(db,
        "INSERT INTO reviews (claim_id, status, verdict, reviewer, updated_at, version)"
        " VALUES (?, 'in_progress', 'false', '', '2024-01-01T00:00:00+00:00', 1)",
        [claim_ids[1]],
    )
    with pytest.raises(ReviewError, match="no reviewer name"):
        request_second_review(db, claim_ids[1], "anna")
    with pytest.raises(ReviewError, match="no claim with id 999"):
        request_second_review(db, 999, "anna")
    first_review(db, claim_ids[2], "true")
    request_second_review(db, claim_ids[2], "anna")
    with pytest.raises(ReviewError, match="already has a second review, requested by anna"):
        request_second_review(db, claim_ids[2], "carl")
    assert second_reviews(db) == [get_second_review(db, claim_ids[2])]


# --- the second verdict ------------------------------------------------------------------------------------


def test_the_first_review_is_hidden_from_others_until_they_decide(db, claim_ids):
    cid = claim_ids[0]
    first_review(
        db, cid, "false", note="census says 3.6 m", evidence=[Evidence("https://e.org/a", "refutes")]
    )
    request_second_review(db, cid, "anna")
    for someone in ("ben", "carl", "", "  "):
        seen = review_for(db, cid, someone)
        assert seen.hidden and (seen.verdict, seen.note, seen.evidence, seen.evidence_items) == (
            "",
            "",
            [],
            [],
        )
        assert seen.status == "needs_second_review"
    assert review_for(db, cid, " Anna ") == get_review(db, cid)  # the first reviewer sees their own
    assert not review_for(db, cid, "anna").hidden
    # a claim without a second review shows to everyone
    first_review(db, claim_ids[1], "true")
    assert review_for(db, claim_ids[1], "ben") == get_review(db, claim_ids[1])
    second_review(db, cid, "ben", "mostly_false", "looks off")
    shown = review_for(db, cid, "carl")  # decided: nothing is hidden any more
    assert not shown.hidden and shown.verdict == "false" and shown.note == "census says 3.6 m"


def test_an_agreeing_second_review_completes_the_claim(db, claim_ids):
    cid = claim_ids[0]
    first_review(db, cid, "false")
    request_second_review(db, cid, "anna")
    second = second_review(db, cid, "ben", "false", "agree")
    assert (second.reviewer, second.verdict, second.note, second.disagrees) == (
        "ben",
        "false",
        "agree",
        False,
    )
    r = get_review(db, cid)
    assert (r.status, r.verdict, r.reviewer) == ("done", "false", "ben")
    assert [(h["source"], h["status"]) for h in history(db, cid)][-1] == ("second_review", "done")
    assert reviewer_disagreements(db) == [] and pending_second_reviews(db) == []


@pytest.mark.parametrize(
    "reviewer, verdict, message",
    [
        ("anna", "true", "anna gave the first verdict"),
        (" ANNA ", "true", "gave the first verdict"),
        ("", "true", "sign in"),
        ("lead", "true", "no account named 'lead'"),
        ("ben", "", "needs a verdict"),
        ("ben", "pants_on_fire", "unknown verdict"),
    ],
)
def test_bad_second_reviews_are_refused(db, claim_ids, reviewer, verdict, message):
    cid = claim_ids[0]
    first_review(db, cid, "false")
    request_second_review(db, cid, "anna")
    with pytest.raises((ReviewError, AccessDenied), match=message):
        second_review(db, cid, reviewer, verdict)
    assert not get_second_review(db, cid).decided


def test_whoever_asked_for_the_second_review_cannot_give_it(db, claim_ids):
    first_review(db, claim_ids[0], "false", reviewer="anna")
    request_second_review(db, claim_ids[0], "carl")  # carl has seen anna's verdict
    assert not review_for(db, claim_ids[0], "carl").hidden
    with pytest.raises(ReviewError, match="carl asked for the second review"):
        second_review(db, claim_ids[0], "carl", "true")
    assert review_for(db, claim_ids[0], "ben").hidden
    assert second_review(db, claim_ids[0], "ben", "true").reviewer == "ben"


def test_a_second_review_needs_a_request_and_comes_once(db, claim_ids):
    first_review(db, claim_ids[0], "false")
    with pytest.raises(ReviewError, match="not marked for a second review"):
        second_review(db, claim_ids[0], "ben", "true")
    request_second_review(db, claim_ids[0], "anna")
    second_review(db, claim_ids[0], "ben", "true")
    with pytest.raises(ReviewError, match="already has its second review, by ben"):
        second_review(db, claim_ids[0], "carl", "false")
    with pytest.raises(ReviewError, match="already has its second review"):
        second_review(db, claim_ids[0], "ben", "false")  # ben has seen the first verdict by now
    assert get_second_review(db, claim_ids[0]).verdict == "true"


def test_pending_second_reviews_leave_out_your_own_first_reviews(db, claim_ids):
    first_review(db, claim_ids[0], "false", reviewer="anna")
    first_review(db, claim_ids[1], "true", reviewer="ben")
    for cid in claim_ids[:2]:
        request_second_review(db, cid, "admin")
    assert [s.claim_id for s in pending_second_reviews(db)] == claim_ids[:2]
    assert [s.claim_id for s in pending_second_reviews(db, "Anna")] == [claim_ids[1]]
    assert [s.claim_id for s in pending_second_reviews(db, "ben")] == [claim_ids[0]]


# --- disagreements and resolution --------------------------------------------------------------------------


def test_disagreements_wait_for_a_final_verdict(db, claim_ids):
    c1, c2, c3 = claim_ids[:3]
    for cid, first, second in [(c1, "false", "mostly_false"), (c2, "true", "true"), (c3, "mixed", "false")]:
        first_review(db, cid, first)
        request_second_review(db, cid, "anna")
        second_review(db, cid, "ben", second)
    open_ = reviewer_disagreements(db)
    assert [(d.claim_id, d.first_verdict, d.verdict) for d in open_] == [
        (c1, "false", "mostly_false"),
        (c3, "mixed", "false"),
    ]
    assert get_review(db, c1).status == "needs_second_review"  # still waiting for someone to decide
    with pytest.raises(ReviewError, match="no second review to resolve"):
        resolve(db, claim_ids[4], "false", "carl")
    final = resolve(db, c1, "mostly_false", "carl")
    assert (final.status, final.verdict, final.reviewer, final.via_group) == (
        "done",
        "mostly_false",
        "carl",
        None,
    )
    last = history(db, c1)[-1]
    assert (last["source"], last["reviewer"], last["verdict"], last["status"]) == (
        "resolution",
        "carl",
        "mostly_false",
        "done",
    )
    assert [d.claim_id for d in reviewer_disagreements(db)] == [c3]
    resolved = reviewer_disagreements(db, include_resolved=True)
    assert [(d.claim_id, d.resolved_verdict, d.resolved_by) for d in resolved] == [
        (c1, "mostly_false", "carl"),
        (c3, "", ""),
    ]
    assert get_review(db, c1).version == len(history(db, c1))


def test_a_resolved_verdict_is_the_claims_own_against_group_verdicts(db, claim_ids):
    c1, c2 = claim_ids[:2]
    gid = merge_groups(db, [c1, c2], "admin")
    set_group_verdict(db, gid, "false", "admin")
    assert get_review(db, c1).via_group == gid
    request_second_review(db, c1, "admin")
    second_review(db, c1, "ben", "true")
    resolve(db, c1, "true", "carl")
    later = set_group_verdict(db, gid, "mostly_false", "admin")
    assert (later.updated, later.kept) == ([c2], [c1])
    assert get_review(db, c1).verdict == "true"


# --- Cohen's kappa and agreement ---------------------------------------------------------------------------


def review_twice(db, cid, first, second, first_by="anna", second_by="ben"):
    first_review(db, cid, first, reviewer=first_by)
    request_second_review(db, cid, first_by)
    second_review(db, cid, second_by, second)


# --- CLI ----------------------------------------------------------------------------------------------------


@pytest.fixture
def file_db(desk_file, fake_embedder, sign_in):
    sign_in("anna")  # the Review stats page is read as anna
    db = open_db(desk_file)
    return db, add_claims(db, fake_embedder)


def test_cli_second_review_round_trip(run, file_db):
    db, (c1, c2, c3, *_) = file_db
    for cid, verdict in [(c1, "false"), (c2, "true"), (c3, "mixed")]:
        assert run("review", cid, "--verdict", verdict, "--reviewer", "anna").exit_code == 0
    asked = run("request-second-review", c1, c2, c3, "--reviewer", "anna")
    assert asked.exit_code == 0, asked.output
    assert asked.output.count("waits for a second review (first by anna)") == 3
    again = run("request-second-review", c1, "--reviewer", "anna")
    assert again.exit_code != 0 and "already has a second review" in again.output

    own = run("second-review", c1, "true", "--reviewer", "anna")
    assert own.exit_code != 0 and "anna gave the first verdict" in own.output
    nobody = run("second-review", c1, "true", "--reviewer", "")
    assert nobody.exit_code != 0 and "--as" in nobody.output
    differ = run("second-review", c1, "true", "--reviewer", "ben", "--note", "source is outdated")
    assert differ.exit_code == 0 and "you said true, anna said false" in differ.output
    agree = run("second-review", c2, "true", "--reviewer", "ben")
    assert agree.exit_code == 0 and "agrees with anna (true)" in agree.output
    assert run("second-review", c3, "false", "--reviewer", "ben").exit_code == 0

    table = run("disagreements")
    assert table.exit_code == 0 and f"{c1:>5}  anna: false  ben: true" in table.output
    listed = list(csv.DictReader(io.StringIO(run("disagreements", "--format", "csv").output)))
    assert [(int(r["claim_id"]), r["first_verdict"], r["second_verdict"]) for r in listed] == [
        (c1, "false", "true"),
        (c3, "mixed", "false"),
    ]
    assert listed[0]["claim"] == "Berlin has 3.7 million inhabitants"
    assert listed[0]["second_note"] == "source is outdated"

    resolved = run("resolve", c1, "mostly_false", "--reviewer", "carl")
    assert resolved.exit_code == 0 and "done, verdict mostly_false" in resolved.output
    assert history(db, c1)[-1]["source"] == "resolution"
    assert [d["claim_id"] for d in json.loads(run("disagreements", "--format", "json").output)] == [c3]
    everything = json.loads(run("disagreements", "--all", "--format", "json").output)
    assert [(d["claim_id"], d["resolved_verdict"]) for d in everything] == [(c1, "mostly_false"), (c3, "")]
    early = run("resolve", c2 + 5, "true", "--reviewer", "carl")
    assert early.exit_code != 0 and "no second review to resolve" in early.output


def test_cli_agreement_formats(run, file_db):
    db, ids = file_db
    assert "no claim has both" in run("agreement").output
    for cid, (first, second) in zip(ids, [("false", "false"), ("true", "false"), ("true", "true")]):
        review_twice(db, cid, first, second)
    rows = list(csv.DictReader(io.StringIO(run("agreement", "--format", "csv").output)))
    expected = cohen_kappa_score(["false", "true", "true"], ["false", "false", "true"])
    assert rows == [
        {
            "reviewer_a": "anna",
            "reviewer_b": "ben",
            "n": "3",
            "raw": "0.6667",
            "kappa": str(round(expected, 4)),
        }
    ]
    as_json = json.loads(run("agreement", "--format", "json").output)
    assert as_json[0]["n"] == 3 and as_json[0]["kappa"] == pytest.approx(expected, abs=1e-4)
    assert "anna / ben: n=3  raw=0.667  kappa=0.400" in run("agreement").output
    review_twice(db, ids[3], "false", "false", first_by="carl", second_by="dora")
    undefined = list(csv.DictReader(io.StringIO(run("agreement", "--format", "csv").output)))[1]
    assert (undefined["reviewer_a"], undefined["kappa"]) == ("carl", "")
    assert "carl / dora: n=1  raw=1.000  kappa=-" in run("agreement").output


# --- the Stats page ----------------------------------------------------------------------------------------

STATS_PAGE = Path(workbench.__file__).parent / "ui" / "views" / "stats.py"
EVIL = '<img src=x onerror="alert(1)"> [click](javascript:alert(2))'


def stats_page():
    at = AppTest.from_file(str(STATS_PAGE), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_stats_page_without_second_reviews(file_db):
    at = stats_page()
    assert at.title[0].value == "Review stats"
    assert [i.value for i in at.info] == [
        "No claim has both a first and a second review yet.",
        "No claim has two differing verdicts waiting for a final one.",
    ]
    assert not at.dataframe


def test_stats_page_shows_agreement_and_disagreements(file_db):
    db, ids = file_db
    for cid, (first, second) in zip(ids, [("false", "false"), ("true", "false"), ("true", "true")]):
        review_twice(db, cid, first, second)
    review_twice(db, ids[3], "mixed", "false", first_by="carl", second_by="ben")
    # a name typed before accounts existed: still user text, shown in the table, never in Markdown
    raw_sql(db, "UPDATE second_reviews SET first_reviewer = ? WHERE claim_id = ?", [EVIL, ids[3]])
    first_review(db, ids[4], "false")
    request_second_review(db, ids[4], "anna")
    at = stats_page()
    table = at.dataframe[0].value
    assert list(table.columns) == ["reviewer_a", "reviewer_b", "n", "raw", "kappa"]
    assert table.iloc[0].to_dict() == {
        "reviewer_a": "anna",
        "reviewer_b": "ben",
        "n": 3,
        "raw": 0.6667,
        "kappa": pytest.approx(0.4),
    }
    waiting = [c.value for c in at.caption if "for a second review" in c.value]
    assert waiting == ["1 claim waits for a second review."]
    open_ = at.dataframe[1].value
    assert list(open_["claim"]) == [ids[1], ids[3]]
    assert list(open_["first verdict"]) == ["True", "Mixed"]  # in words
    assert list(open_["second verdict"]) == ["False", "False"]
    assert open_["text"][0] == "Paris is the capital of France"
    assert EVIL in list(open_["first reviewer"])  # user text stays in the table, never in Markdown
    resolve(db, ids[1], "true", "carl")
    resolve(db, ids[3], "false", "carl")
    at = stats_page()
    assert "No claim has two differing verdicts waiting for a final one." in [i.value for i in at.info]
