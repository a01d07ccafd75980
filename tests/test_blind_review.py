"""A blind second review is blind everywhere: the rule (review.withheld_claims) and every page and export a
second reviewer can open. Each check is made for anna too, who gave the first verdict and sees it, so a
check that could not fail would show here."""

import csv
import io
from pathlib import Path

import pytest
from conftest import offered_files
from streamlit.testing.v1 import AppTest

import workbench
from workbench.export import export_rows
from workbench.group import group_of, merge_groups
from workbench.pipeline import ingest_articles
from workbench.records import Article, Evidence
from workbench.review import (
    request_second_review,
    review_for,
    second_review,
    set_group_verdict,
    set_review,
    visible_reviews,
    withheld_claims,
)
from workbench.search import search
from workbench.store import open_db

PAGES = Path(workbench.__file__).parent / "ui" / "views"
SECRET_NOTE = "anna-secret-reasoning"
SECRET_LINK = "https://evidence.example/anna-secret"
CLAIMS = [
    "North Korea delivered artillery shells and rockets to Russia for the war, officials said.",
    "North Korea delivered artillery shells and rockets to Russia for the war, the ministry said.",
]


@pytest.fixture
def blind(desk_file, fake_embedder):
    """Two outlets' claims in one group; anna's verdict "mostly_false" (the only one) on the first, with a
    note and evidence, sent to a second review; returns (db, the claim, the other claim)."""
    db = open_db(desk_file)
    report = ingest_articles(
        db,
        [Article(text=t, source=f"Outlet {i}", title=f"Report {i}") for i, t in enumerate(CLAIMS)],
        fake_embedder,
    )
    first, other = (
        db.sqlite_db.execute("SELECT id FROM claims WHERE article_id = ?", [a]).fetchone()[0]
        for a in report.added
    )
    assert group_of(db, first) == group_of(db, other)
    set_review(
        db,
        first,
        verdict="mostly_false",
        note=SECRET_NOTE,
        evidence=[Evidence(SECRET_LINK, "refutes", "table 4")],
        reviewer="anna",
    )
    request_second_review(db, first, "anna")
    return db, first, other


def test_the_rule_withholds_the_first_review_from_all_but_who_saw_it(blind):
    db, first, other = blind
    assert withheld_claims(db, "ben") == withheld_claims(db, "rita") == withheld_claims(db, None) == {first}
    assert withheld_claims(db, "anna") == set()
    for who in ("ben", "rita"):
        seen = visible_reviews(db, who)[first]
        assert seen.hidden and (seen.verdict, seen.note, seen.evidence, seen.verdict_by) == ("", "", [], "")
        assert seen.status == "needs_second_review"
    assert visible_reviews(db, "anna")[first].verdict == "mostly_false"
    second_review(db, first, "ben", "false")
    assert withheld_claims(db, "rita") == set()  # decided: nothing is withheld any more


def test_a_claim_following_the_same_group_verdict_is_withheld_too(desk_file, fake_embedder):
    db = open_db(desk_file)
    ingest_articles(db, [Article(text=t, source=f"Outlet {i}") for i, t in enumerate(CLAIMS)], fake_embedder)
    a, b = (r[0] for r in db.sqlite_db.execute("SELECT id FROM claims ORDER BY id"))
    gid = (
        merge_groups(db, [group_of(db, a), group_of(db, b)], "anna")
        if group_of(db, a) != group_of(db, b)
        else group_of(db, a)
    )
    set_group_verdict(db, gid, "false", "anna")
    request_second_review(db, a, "anna")
    # b's verdict came from the same group verdict: it would give a's away
    assert withheld_claims(db, "ben") == {a, b}
    assert review_for(db, b, "ben").hidden and not review_for(db, b, "anna").hidden


def test_the_verdict_csv_and_search_withhold_it(blind, fake_embedder):
    db, first, _ = blind
    for viewer, shown in (("ben", False), ("anna", True)):
        row = next(r for r in export_rows(db, viewer=viewer) if r["claim_id"] == first)
        assert bool(row["verdict"]) is shown and (SECRET_NOTE in row["note"]) is shown
        assert (SECRET_LINK in row["evidence_detail"]) is shown
        hit = next(h for h in search(db, CLAIMS[0], fake_embedder, viewer=viewer) if h.id == first)
        assert (hit.verdict == "mostly_false") is shown
    # the database owner's view (the command line without --as) shows everything
    assert next(r for r in export_rows(db) if r["claim_id"] == first)["verdict"] == "mostly_false"


# --- every page ------------------------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch):
    """The files the app offers for download, by file name (their content)."""
    return offered_files(monkeypatch)


def everything_shown(at) -> str:
    """All text a page shows: its Markdown, captions, messages, tables and widgets' values and options."""
    parts = []
    for kind in ("markdown", "caption", "title", "subheader", "info", "success", "warning", "error", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    for kind in ("text_area", "text_input"):
        parts += [str(w.value) for w in getattr(at, kind)]
    return "\n".join(parts)


def run_page(name, sign_in, who, prepare=None):
    sign_in(who)
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    at.run()
    if prepare:
        prepare(at)
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("who, shown", [("ben", False), ("rita", False), ("anna", True)])
def test_no_page_shows_the_first_verdict_to_a_second_reviewer(blind, sign_in, who, shown, downloads):
    db, first, other = blind
    seen = {}

    def pick(at):
        at.selectbox(key="claim_id").set_value(first).run()

    def find(at):
        at.text_area(key="query").input(CLAIMS[0])
        at.button(key="search").click().run()

    seen["groups"] = run_page("groups", sign_in, who)
    seen["claims"] = run_page("claims", sign_in, who, pick)
    seen["search"] = run_page("search", sign_in, who, find)
    seen["export"] = run_page("export", sign_in, who)
    seen["stats"] = run_page("stats", sign_in, who)
    for page, at in seen.items():
        text = everything_shown(at)
        # the note and the evidence are on the Claims page's form and in the Export page's preview
        assert (SECRET_NOTE in text) is (shown and page in ("claims", "export")), page
        assert (SECRET_LINK in text) is (shown and page in ("claims", "export")), page

    # the verdict in every table and caption that names the claim
    claims_table = seen["claims"].dataframe[0].value
    assert (claims_table.loc[claims_table["id"] == first, "verdict"].item() == "Mostly false") is shown
    results = seen["search"].dataframe[0].value
    assert ("Mostly false" in set(results["verdict"])) is shown
    preview = seen["export"].dataframe[0].value
    assert (preview.loc[preview["claim_id"] == first, "verdict"].item() == "Mostly false") is shown
    captions = [c.value for c in seen["groups"].caption if c.value.startswith(f"claim {first} ")]
    assert captions and ("Mostly false" in captions[0]) is shown
    # the verdict CSV downloaded from the Export page (UTF-8 with a byte-order mark)
    rows = list(csv.DictReader(io.StringIO(downloads["verdicts.csv"][0].decode("utf-8-sig"))))
    row = next(r for r in rows if int(r["claim_id"]) == first)
    assert (row["verdict"], row["note"]) == (("mostly_false", SECRET_NOTE) if shown else ("", ""))
    # the Claims page gives a second reviewer the blind form, and the first reviewer her own
    if shown:
        assert seen["claims"].selectbox(key=f"verdict_{first}").value == "mostly_false"
    else:
        assert any("first verdict is hidden" in i.value for i in seen["claims"].info)
        assert f"verdict_{first}" not in [s.key for s in seen["claims"].selectbox]


def test_the_queue_withholds_it_and_takes_the_blind_verdict(blind, sign_in):
    db, first, other = blind
    at = run_page("queue", sign_in, "rita")
    state = next(c.value for c in at.caption if c.value.startswith(f"Claim {first} "))
    assert "blind second verdict" in state and "mostly false" not in state.lower()
    assert SECRET_NOTE not in everything_shown(at)
    at.button(key="queue_verdict_true").click().run()
    assert "blind second verdict, True, is recorded" in at.success[0].value
    # decided: now rita sees anna's verdict on the Claims page, beside her own
    claims = run_page(
        "claims", sign_in, "rita", lambda at: at.selectbox(key="claim_id").set_value(first).run()
    )
    assert any("anna said **Mostly false**" in w.value for w in claims.warning)


@pytest.mark.parametrize("who, shown", [("ben", False), ("anna", True)])
def test_page_furniture_shown_on_request_follows_the_blind_rule_too(
    desk_file, fake_embedder, sign_in, who, shown
):
    """Boilerplate claims (issue 11) are out of the queue, but the Claims page's Kind filter and the CSV's
    --include-boilerplate show them: a first verdict on one stays withheld there, in words when shown."""
    db = open_db(desk_file)
    text = "The council approved the budget of 40 million euros on Monday.\n\nShare on Twitter\n\nThe mayor left."
    ingest_articles(db, [Article(text=text, source="Gazette")], fake_embedder)
    furniture = db.sqlite_db.execute("SELECT id FROM claims WHERE kind = 'boilerplate'").fetchone()[0]
    set_review(db, furniture, verdict="not_a_claim", note=SECRET_NOTE, reviewer="anna")
    request_second_review(db, furniture, "anna")

    rows = {r["claim_id"]: r for r in export_rows(db, viewer=who, include_boilerplate=True)}
    assert (rows[furniture]["verdict"], rows[furniture]["note"]) == (
        ("not_a_claim", SECRET_NOTE) if shown else ("", "")
    )
    assert furniture not in {r["claim_id"] for r in export_rows(db, viewer=who)}  # out unless asked

    def furniture_only(at):
        at.multiselect(key="filter_kind").select("boilerplate").run()
        at.selectbox(key="claim_id").set_value(furniture).run()

    at = run_page("claims", sign_in, who, furniture_only)
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["boilerplate"]
    assert (table["verdict"].item(), table["status"].item()) == (
        ("Not a claim" if shown else "", "Needs second review")
    )
    assert (SECRET_NOTE in everything_shown(at)) is shown
