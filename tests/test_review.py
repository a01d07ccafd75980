import csv
import io
import json
import sqlite3

import pytest
from conftest import raw_sql
from sqlite_utils import Database

from workbench.export import export_rows
from workbench.group import group_of, merge_groups
from workbench.pipeline import ingest_articles
from workbench.records import Article, Evidence
from workbench.review import (
    ReviewConflict,
    ReviewError,
    current_reviews,
    format_evidence,
    get_review,
    group_verdicts,
    history,
    review_counts,
    set_group_verdict,
    set_review,
)
from workbench.store import open_db
from workbench.store.sqlite.migrations import migrations

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL


@pytest.fixture
def claim_ids(db, fake_embedder):
    ingest_articles(
        db,
        [Article(text="Berlin has 3.7 million inhabitants. Paris is the capital of France.")],
        fake_embedder,
    )
    return [r[0] for r in raw_sql(db, "SELECT id FROM claims ORDER BY id")]


def test_unreviewed_by_default(db, claim_ids):
    r = get_review(db, claim_ids[0])
    assert (r.status, r.verdict, r.note, r.evidence) == ("unreviewed", "", "", [])
    assert review_counts(db)["unreviewed"] == len(claim_ids)


def test_every_change_is_kept_with_reviewer(db, claim_ids):
    cid = claim_ids[0]
    set_review(db, cid, status="in_progress", reviewer="anna")
    set_review(
        db,
        cid,
        verdict="mostly_true",
        note="Census 2023: 3.76 m",
        evidence=["https://example.org/census"],
        reviewer="ben",
    )
    final = set_review(db, cid, status="done", evidence=["https://example.org/b"], reviewer="anna")
    assert (final.status, final.verdict, final.note) == ("done", "mostly_true", "Census 2023: 3.76 m")
    assert final.evidence == ["https://example.org/census", "https://example.org/b"]
    rows = history(db, cid)
    assert [(r["reviewer"], r["status"], r["verdict"]) for r in rows] == [
        ("anna", "in_progress", ""),
        ("ben", "in_progress", "mostly_true"),
        ("anna", "done", "mostly_true"),
    ]
    assert all(r["changed_at"] for r in rows)
    assert history(db, claim_ids[1]) == []
    assert current_reviews(db)[cid] == get_review(db, cid)
    assert review_counts(db)["done"] == 1


def test_a_verdict_on_an_unreviewed_claim_starts_its_review(db, claim_ids):
    assert set_review(db, claim_ids[0], verdict="false", reviewer="anna").status == "in_progress"
    assert set_review(db, claim_ids[0], verdict="", reviewer="anna").verdict == ""


def test_no_change_records_nothing(db, claim_ids):
    set_review(db, claim_ids[0], status="done", reviewer="anna")
    set_review(db, claim_ids[0], status="done", reviewer="anna")
    set_review(db, claim_ids[0], evidence=[], reviewer="ben")
    assert len(history(db, claim_ids[0])) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"status": "finished"}, "unknown status"),
        ({"verdict": "pants_on_fire"}, "unknown verdict"),
        ({"evidence": ["javascript:alert(1)"]}, r"http\(s\) link"),
        ({"evidence": ["file:///etc/passwd"]}, r"http\(s\) link"),
    ],
)
def test_bad_reviews_are_refused_and_change_nothing(db, claim_ids, kwargs, message):
    with pytest.raises(ReviewError, match=message):
        set_review(db, claim_ids[0], **kwargs)
    assert history(db) == [] and get_review(db, claim_ids[0]).status == "unreviewed"


def test_unknown_claim(db, claim_ids):
    with pytest.raises(ReviewError, match="no claim with id 999"):
        set_review(db, 999, status="done")


# --- evidence with a stance --------------------------------------------------------------------------------

A, B, C = "https://example.org/a", "https://example.org/b", "https://example.org/c"


def test_evidence_has_a_stance_and_a_note(db, claim_ids):
    cid = claim_ids[0]
    r = set_review(
        db,
        cid,
        evidence=[A, Evidence(B, "refutes", "census 2023"), {"url": f" {C} ", "stance": "supports"}],
        reviewer="anna",
    )
    assert r.evidence == [A, B, C]  # the links, as every reader before stances saw them
    assert r.evidence_items == [
        Evidence(A, "context", ""),
        Evidence(B, "refutes", "census 2023"),
        Evidence(C, "supports", ""),
    ]
    assert get_review(db, cid) == r
    assert [format_evidence(e) for e in r.evidence_items] == [
        f"context: {A}",
        f"refutes: {B} (census 2023)",
        f"supports: {C}",
    ]
    assert format_evidence({"url": A, "stance": "refutes"}) == f"refutes: {A}"
    assert format_evidence(A) == f"context: {A}"


def test_a_link_given_again_changes_only_what_is_given(db, claim_ids):
    cid = claim_ids[0]
    set_review(db, cid, evidence=[Evidence(A, "refutes", "census")], reviewer="anna")
    # a bare link (an old caller) changes nothing, so nothing is recorded
    assert set_review(db, cid, evidence=[A], reviewer="anna").evidence_items == [
        Evidence(A, "refutes", "census")
    ]
    assert len(history(db, cid)) == 1
    # a dict replaces the fields it names; an Evidence replaces stance and note
    assert set_review(
        db, cid, evidence=[{"url": A, "stance": "supports"}], reviewer="anna"
    ).evidence_items == [Evidence(A, "supports", "census")]
    assert set_review(db, cid, evidence=[Evidence(A)], reviewer="anna").evidence_items == [
        Evidence(A, "context", "")
    ]
    rows = history(db, cid)
    assert [r["stances"] for r in rows] == [["refutes"], ["supports"], ["context"]]
    assert rows[1]["evidence"] == [A]
    assert rows[1]["evidence_items"] == [{"url": A, "stance": "supports", "note": "census"}]


@pytest.mark.parametrize(
    "item, message",
    [
        (Evidence(A, "debunks"), "unknown stance"),
        ({"url": A, "stance": "maybe"}, "unknown stance"),
        ({"link": A}, "has a url"),
        ({"url": A, "weight": 2}, "has a url"),
        (Evidence("javascript:alert(1)", "refutes"), r"http\(s\) link"),
        (42, "must be a link"),
    ],
)
def test_bad_evidence_items_are_refused_and_change_nothing(db, claim_ids, item, message):
    with pytest.raises(ReviewError, match=message):
        set_review(db, claim_ids[0], evidence=[B, item])
    assert history(db) == [] and get_review(db, claim_ids[0]).evidence_items == []


def old_database(path, claim_text="Berlin has 3.7 million inhabitants."):
    """A database at the schema before m006 holding one reviewed claim, as the released version wrote it."""
    conn = sqlite3.connect(str(path))
    old = Database(conn)
    migrations.apply(old, stop_before="m006_evidence_stances_group_verdicts_second_reviews")
    now = "2024-01-01T00:00:00+00:00"
    conn.execute(
        "INSERT INTO articles (id, content_hash, text, added_at) VALUES (1, 'h', ?, ?)", [claim_text, now]
    )
    conn.execute(
        'INSERT INTO claims (id, article_id, position, text, sentence, start, "end", checkworthiness,'
        " text_hash) VALUES (1, 1, 0, ?, ?, 0, ?, 0.9, 'x')",
        [claim_text, claim_text, len(claim_text)],
    )
    evidence = json.dumps([A, B])
    conn.execute(
        "INSERT INTO reviews (claim_id, status, verdict, note, evidence, reviewer, updated_at, version)"
        " VALUES (1, 'done', 'false', 'n', ?, 'anna', ?, 1)",
        [evidence, now],
    )
    conn.execute(
        "INSERT INTO review_history (claim_id, changed_at, reviewer, status, verdict, note, evidence)"
        " VALUES (1, ?, 'anna', 'done', 'false', 'n', ?)",
        [now, evidence],
    )
    conn.commit()
    conn.close()


def test_links_stored_before_stances_read_as_context(tmp_path, desk):
    path = tmp_path / "old.db"
    old_database(path)
    db = desk(open_db(path))  # applies m006 and later migrations
    r = get_review(db, 1)
    assert (r.verdict, r.evidence, r.version, r.via_group) == ("false", [A, B], 1, None)
    assert r.evidence_items == [Evidence(A), Evidence(B)]
    (row,) = history(db, 1)
    assert (row["evidence"], row["stances"], row["source"], row["via_group"]) == (
        [A, B],
        ["context", "context"],
        "claim",
        None,
    )
    # an old link can get its stance; the export still reads the links
    set_review(db, 1, evidence=[{"url": B, "stance": "refutes"}], reviewer="anna")
    assert get_review(db, 1).evidence_items == [Evidence(A), Evidence(B, "refutes")]
    assert export_rows(db)[0]["evidence"] == [A, B]


# --- group verdicts ----------------------------------------------------------------------------------------


@pytest.fixture
def grouped(db, claim_ids, fake_embedder):
    """Four claims merged into one group (named by the smallest claim id); returns (group id, claim ids)."""
    ingest_articles(
        db,
        [Article(text="Exports to China rose by 12 percent. The minister resigned on Tuesday.")],
        fake_embedder,
    )
    ids = [r[0] for r in raw_sql(db, "SELECT id FROM claims ORDER BY id")]
    assert len(ids) == 4
    return merge_groups(db, [group_of(db, c) for c in ids], "anna"), ids


def test_a_group_verdict_reaches_every_member_without_its_own(db, grouped):
    gid, (c1, c2, c3, c4) = grouped
    set_review(db, c2, verdict="true", reviewer="anna")  # set on the claim itself: an override
    set_review(db, c3, note="looked at it", reviewer="anna")  # a note, no verdict: follows the group
    result = set_group_verdict(db, gid, "false", "ben", note="one assertion, one check")
    assert (result.updated, result.kept, result.unchanged) == ([c1, c3, c4], [c2], [])
    assert {c: get_review(db, c).verdict for c in (c1, c2, c3, c4)} == {
        c1: "false",
        c2: "true",
        c3: "false",
        c4: "false",
    }
    r1 = get_review(db, c1)
    assert (r1.status, r1.via_group, r1.reviewer) == ("in_progress", gid, "ben")
    assert get_review(db, c3).note == "looked at it"  # members' own notes stay
    last = history(db, c3)[-1]
    assert (last["source"], last["via_group"], last["reviewer"], last["verdict"]) == (
        "group",
        gid,
        "ben",
        "false",
    )
    assert history(db, c2)[-1]["source"] == "claim"
    assert group_verdicts(db, gid)[0] | {"decided_at": ""} == {
        "group_id": gid,
        "verdict": "false",
        "note": "one assertion, one check",
        "reviewer": "ben",
        "decided_at": "",
        "members": [c1, c2, c3, c4],
    }


def test_a_later_group_verdict_updates_only_members_still_following(db, grouped):
    gid, (c1, c2, c3, c4) = grouped
    set_group_verdict(db, gid, "false", "ben")
    # ben gave the group's verdict: changing it on a claim is overwriting his verdict, on purpose here
    set_review(db, c1, verdict="mixed", reviewer="anna", overwrite=True)  # overrides the group
    set_review(
        db, c2, verdict="false", note="same verdict saved with a note", reviewer="anna"
    )  # still follows
    set_review(db, c3, verdict="", reviewer="anna", overwrite=True)  # cleared: no verdict of its own
    again = set_group_verdict(db, gid, "mostly_false", "carl")
    assert (again.updated, again.kept) == ([c2, c3, c4], [c1])
    assert [get_review(db, c).verdict for c in (c1, c2, c3, c4)] == ["mixed", *["mostly_false"] * 3]
    same = set_group_verdict(db, gid, "mostly_false", "carl")
    assert (same.updated, same.unchanged, same.kept) == ([], [c2, c3, c4], [c1])
    assert [h["source"] for h in history(db, c4)] == ["group", "group"]
    assert [g["verdict"] for g in group_verdicts(db, gid)] == ["mostly_false", "mostly_false", "false"]


def test_versions_count_group_changes(db, grouped):
    gid, ids = grouped
    loaded = get_review(db, ids[0])
    set_group_verdict(db, gid, "false", "ben")
    with pytest.raises(ReviewConflict):
        set_review(db, ids[0], verdict="true", reviewer="anna", expected_version=loaded.version)
    assert get_review(db, ids[0]).version == len(history(db, ids[0])) == 1


@pytest.mark.parametrize(
    "group_id, verdict, message",
    [
        (999, "false", "no group 999"),
        (None, "pants_on_fire", "unknown verdict"),
        (None, "", "needs a verdict"),
    ],
)
def test_bad_group_verdicts_are_refused_and_change_nothing(db, grouped, group_id, verdict, message):
    gid, _ = grouped
    with pytest.raises(ReviewError, match=message):
        set_group_verdict(db, group_id or gid, verdict, "ben")
    assert history(db) == [] and group_verdicts(db) == []


# --- CLI ----------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_claims(desk_file, fake_embedder):
    """Three claims in the database file the CLI uses."""
    text = "Berlin has 3.7 million inhabitants. Paris is the capital of France. Exports rose by 12 percent."
    db = open_db(desk_file)
    ingest_articles(db, [Article(text=text, source="A")], fake_embedder)
    return db, [r[0] for r in raw_sql(db, "SELECT id FROM claims ORDER BY id")]


def test_cli_review_pairs_stances_and_notes_with_links(run, cli_claims):
    db, (c1, c2, _) = cli_claims
    one_for_all = run(
        "review", c1, "--evidence", A, "--evidence", B, "--stance", "refutes", "--reviewer", "anna"
    )
    assert one_for_all.exit_code == 0, one_for_all.output
    assert get_review(db, c1).evidence_items == [Evidence(A, "refutes"), Evidence(B, "refutes")]
    each = run(
        "review", c2,
        "--evidence", A, "--stance", "supports", "--evidence-note", "the census",
        "--evidence", B, "--stance", "context", "--evidence-note", "background", "--as", "anna",
    )  # fmt: skip
    assert each.exit_code == 0, each.output
    assert get_review(db, c2).evidence_items == [
        Evidence(A, "supports", "the census"),
        Evidence(B, "context", "background"),
    ]
    # a stance alone for a stored link changes its stance and keeps its note
    assert run("review", c2, "--evidence", A, "--stance", "refutes", "--as", "anna").exit_code == 0
    assert get_review(db, c2).evidence_items[0] == Evidence(A, "refutes", "the census")
    # and the verdict CSV still lists the links
    rows = list(csv.DictReader(io.StringIO(run("export").stdout_bytes.decode("utf-8-sig"))))
    assert next(r for r in rows if int(r["claim_id"]) == c2)["evidence"] == f"{A} {B}"
    hist = list(csv.DictReader(io.StringIO(run("history", c2).output)))
    assert [(h["stances"], h["source"]) for h in hist] == [
        ("supports context", "claim"),
        ("refutes context", "claim"),
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--evidence", A, "--evidence", B, "--evidence", C, "--stance", "refutes", "--stance", "supports"],
         "3 --evidence but 2 --stance"),
        (["--evidence", A, "--evidence-note", "x", "--evidence-note", "y"], "1 --evidence but 2 --evidence-note"),
        (["--stance", "refutes"], "give the link too"),
        (["--evidence-note", "why"], "give the link too"),
        (["--evidence", A, "--stance", "maybe"], "'maybe' is not one of"),
    ],
)  # fmt: skip
def test_cli_review_refuses_unpaired_stances(run, cli_claims, args, message):
    db, (c1, *_) = cli_claims
    result = run("review", c1, *args)
    assert result.exit_code != 0 and message in result.output
    assert history(db) == []


def test_cli_group_verdict(run, cli_claims):
    db, (c1, c2, c3) = cli_claims
    gid = merge_groups(db, [c1, c2, c3], "anna")
    assert run("review", c3, "--verdict", "true", "--reviewer", "anna").exit_code == 0
    result = run("group-verdict", gid, "false", "--reviewer", "ben", "--note", "same claim")
    assert result.exit_code == 0, result.output
    assert f"group {gid}: false given to 2 claim(s); kept their own verdict: claims {c3}" in result.output
    assert [get_review(db, c).verdict for c in (c1, c2, c3)] == ["false", "false", "true"]
    assert group_verdicts(db, gid)[0]["note"] == "same claim"
    rows = json.loads(run("history", c1, "--format", "json").output)
    assert (rows[-1]["source"], rows[-1]["via_group"]) == ("group", gid)
    again = run("group-verdict", gid, "false", "--reviewer", "ben")
    assert "false given to 0 claim(s), 2 had it already" in again.output
    for args, message in [
        ((999, "false", "--reviewer", "ben"), "no group 999"),
        ((gid, "pants", "--reviewer", "ben"), "'pants' is not one of"),
        ((gid, "false"), "--as"),
        (
            (gid, "false", "--as", "rita"),
            "rita is a reviewer: only editors and admins may set group verdicts",
        ),
    ]:
        bad = run("group-verdict", *args)
        assert bad.exit_code != 0 and message in bad.output
