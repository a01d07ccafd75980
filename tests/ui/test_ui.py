"""AppTest per page, on a real database file, with the fake embedder; signed in as anna (an editor) unless a
test signs in as someone else."""

from pathlib import Path

import pytest
import streamlit as st
from conftest import PAGES, page, raw_sql
from streamlit.testing.v1 import AppTest

from workbench.store import open_db

pytestmark = pytest.mark.both_backends  # every page on SQLite and on PostgreSQL

EVIL = '<img src=x onerror="alert(1)"> [click](javascript:alert(2)) **bold**'


@pytest.fixture(autouse=True)
def signed_in_as_anna(desk_file, sign_in):
    sign_in("anna")


def all_markdown(at):
    """Every text the page renders as Markdown (which would turn user text into links or images)."""
    kinds = ("markdown", "caption", "subheader", "title", "error", "success", "info", "warning")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_router_runs(seeded):
    at = AppTest.from_file(str(PAGES.parent / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Groups"


def add_cross_source_pair(db, embedder, extra=""):
    """Two outlets stating one thing in other words, which the fake embedder groups at 0.8."""
    from workbench.group import regroup
    from workbench.pipeline import ingest_articles
    from workbench.records import Article

    ingest_articles(
        db,
        [
            Article(
                text=f"Russia violated the UN resolutions{extra}. The weather was fine.",
                source=f"Outlet A{extra}",
            ),
            Article(
                text=f"The UN resolutions{extra} were violated by Russia. Shares rose.",
                source=f"Outlet B{extra}",
            ),
        ],
        embedder,
    )
    regroup(db, embedder, threshold=0.8)


def test_groups_page_shows_groups_side_by_side(seeded, fake_embedder):
    add_cross_source_pair(seeded, fake_embedder)
    at = page("groups")
    assert at.title[0].value == "Groups"
    headers = [
        m.value for m in at.markdown if m.value.startswith("**Group ") and " 2 claims · 2 outlets" in m.value
    ]
    assert len(headers) == 1
    assert {":material/newspaper: Outlet A (article 3)", ":material/newspaper: Outlet B (article 4)"} <= {c.value for c in at.caption}
    texts = all_markdown(at)
    assert "Russia violated the UN resolutions" in texts.replace("\\", "")
    # unattributed claims are the outlet's own
    assert "**_Outlet A (outlet)_**: Russia violated" in texts.replace("\\", "")
    at.toggle(key="across_sources").set_value(False).run()
    assert len([m for m in at.markdown if m.value.startswith("**Group ")]) >= len(headers)
    # regrouping from the page at a confirm threshold no pair reaches dissolves the group into suggestions
    at.number_input(key="threshold").set_value(0.99)
    at.button(key="regroup").click().run()
    assert not at.exception
    assert not [m for m in at.markdown if m.value.startswith("**Group ") and " 2 claims" in m.value]
    assert "Suggested for this group" in all_markdown(at)


def test_regroup_now_with_the_levels_left_empty_keeps_each_language_pairs_calibrated_levels(
    seeded, fake_embedder, monkeypatch
):
    # the inputs once showed English's levels, and a click applied them to German pairs as well
    from workbench import pipeline

    add_cross_source_pair(seeded, fake_embedder)
    asked = []
    real = pipeline.regroup_all

    def recorded(db, embedder, threshold=None, suggest=None, *args, **kwargs):
        asked.append((threshold, suggest))
        return real(db, embedder, threshold, suggest, *args, **kwargs)

    monkeypatch.setattr(pipeline, "regroup_all", recorded)
    at = page("groups")
    assert at.number_input(key="threshold").value is None
    assert "Empty: the calibrated levels" in " ".join(c.value for c in at.caption)
    at.button(key="regroup").click().run()
    assert not at.exception and asked == [(None, None)]
    at.number_input(key="threshold").set_value(0.99)
    at.button(key="regroup").click().run()
    assert asked[-1] == (0.99, None)


ARMS = [
    "North Korea delivered artillery shells and rockets to Russia for the war, officials said.",
    "North Korea delivered artillery shells and rockets to Russia for the war, the ministry said.",
    "Russia received artillery shells from North Korea, a report said.",
]


def arms_groups(db_path, embedder):
    """A confirmed pair (outlets 0 and 1) and a third outlet's claim suggested for it; returns claim ids."""
    from workbench.pipeline import ingest_articles
    from workbench.records import Article

    db = open_db(db_path)
    report = ingest_articles(
        db, [Article(text=t, source=f"Outlet {i}") for i, t in enumerate(ARMS)], embedder
    )
    return [
        raw_sql(db, "SELECT id FROM claims WHERE article_id = ?", [a]).fetchone()[0] for a in report.added
    ]


def test_groups_page_accepts_rejects_merges_and_splits(db_path, fake_embedder):
    from workbench.group import group_of

    st.cache_resource.clear()
    a, b, c = arms_groups(db_path, fake_embedder)
    db = open_db(db_path)
    gid = group_of(db, a)
    assert group_of(db, b) == gid != group_of(db, c)
    at = page("groups")
    # nothing is chosen for the editor: one button never decides on every suggestion unseen
    assert at.multiselect(key=f"suggested_{gid}").options == [f"claim {c}"]
    assert at.multiselect(key=f"suggested_{gid}").value == []
    assert at.button(key=f"accept_{gid}").disabled and at.button(key=f"reject_{gid}").disabled
    at.multiselect(key=f"suggested_{gid}").set_value([c]).run()
    at.button(key=f"accept_{gid}").click().run()
    assert not at.exception and group_of(db, c) == gid
    assert "1 claim added to group" in at.success[0].value

    # split the third claim off again: it forms its own group and is not suggested back
    at.multiselect(key=f"split_{gid}").set_value([c]).run()  # choosing enables the button, as in a browser
    at.button(key=f"split_button_{gid}").click().run()
    assert not at.exception and group_of(db, c) != gid and group_of(db, a) == gid
    assert f"suggested_{gid}" not in [w.key for w in at.multiselect]

    # merge them back by hand
    at.toggle(key="across_sources").set_value(False).run()
    at.text_input(key="merge_choice").input(f"{gid}, {group_of(db, c)}").run()
    at.button(key="merge").click().run()
    assert not at.exception and group_of(db, a) == group_of(db, b) == group_of(db, c)
    assert "Merged into group" in at.success[0].value
    at.text_input(key="merge_choice").input(f"{gid}, 99999").run()
    at.button(key="merge").click().run()
    assert "no group 99999" in at.error[0].value


def test_groups_page_rejects_a_suggestion(db_path, fake_embedder):
    from workbench.group import decisions, group_of

    st.cache_resource.clear()
    a, _, c = arms_groups(db_path, fake_embedder)
    db = open_db(db_path)
    gid = group_of(db, a)
    at = page("groups")
    at.multiselect(key=f"suggested_{gid}").set_value([c]).run()
    at.button(key=f"reject_{gid}").click().run()
    assert not at.exception and group_of(db, c) != gid
    assert "will not be suggested again" in at.success[0].value
    assert {d["reviewer"] for d in decisions(db)} == {"anna"}
    assert f"suggested_{gid}" not in [w.key for w in at.multiselect]


def test_claims_page_reviews_a_claim(seeded):
    at = page("claims")
    table = at.dataframe[0].value
    assert len(table) > 20
    assert list(table["check-worthiness"]) == sorted(table["check-worthiness"], reverse=True)
    cid = at.selectbox(key="claim_id").value
    at.selectbox(key=f"verdict_{cid}").set_value("false")
    at.selectbox(key=f"status_{cid}").set_value("done")
    at.text_area(key=f"note_{cid}").input("Contradicted by the UN panel report")
    at.text_input(key=f"evidence_{cid}").input("https://example.org/report")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception and at.success
    from workbench.review import get_review, history

    r = get_review(seeded, cid)
    assert (r.status, r.verdict, r.reviewer, r.evidence) == (
        "done",
        "false",
        "anna",
        ["https://example.org/report"],
    )
    assert len(history(seeded, cid)) == 1
    at.text_input(key=f"evidence_{cid}").input("javascript:alert(1)")
    at.button[0].click().run()
    assert at.error and "http\\(s\\) link" in at.error[0].value
    assert len(history(seeded, cid)) == 1


def test_articles_page_adds_pasted_text_and_escapes_it(seeded, db_path):
    at = page("articles")
    assert len(at.dataframe[0].value) == 2
    at.text_area(key="paste_text").input(f"Evil title {EVIL}\nThe minister said 40 percent of {EVIL} rose.")
    at.text_input(key="paste_source").input("Evil Outlet")
    at.button(key="add").click().run()
    assert not at.exception and at.success, at.error
    assert len(at.dataframe[0].value) == 3
    # nothing added when nothing is given
    at.text_area(key="paste_text").input("   ")
    at.button(key="add").click().run()
    assert at.error and "Nothing was added" in at.error[0].value
    assert raw_sql(open_db(db_path), "SELECT COUNT(*) FROM articles").fetchone()[0] == 3  # a new connection


def test_a_verdict_alone_starts_the_review(seeded):
    at = page("claims")
    cid = at.selectbox(key="claim_id").value
    at.selectbox(key=f"verdict_{cid}").set_value("opinion")
    at.button[0].click().run()
    from workbench.review import get_review

    assert (get_review(seeded, cid).status, get_review(seeded, cid).verdict) == ("in_progress", "opinion")


def test_claims_page_says_when_a_claim_left_or_joined_a_group_after_its_group_verdict(seeded):
    from workbench.group import group_of, merge_groups, split_group
    from workbench.review import set_group_verdict

    ids = sorted(seeded.claims.texts())
    members, newcomer = ids[:3], ids[3]
    gid = merge_groups(seeded, [group_of(seeded, c) for c in members], "anna")
    other_gid = group_of(seeded, newcomer)
    set_group_verdict(seeded, gid, "false", "anna")
    leaver = members[-1]
    split_group(seeded, gid, [leaver], "anna")
    assert merge_groups(seeded, [gid, other_gid], "anna") == gid and group_of(seeded, newcomer) == gid
    at = page("claims")
    shown = {}
    for claim_id in (leaver, newcomer, members[0]):
        at.selectbox(key="claim_id").set_value(claim_id).run()
        assert not at.exception
        shown[claim_id] = [c.value for c in at.caption if c.value.startswith("Group verdict:")]
    assert shown[leaver] == [
        f"Group verdict: verdict given via group {gid}, which this claim has left (now in group"
        f" {group_of(seeded, leaver)})."
    ]
    assert shown[newcomer] == [
        f"Group verdict: joined after the group verdict of group {gid}: not covered by it, for a reviewer to decide."
    ]
    assert shown[members[0]] == []  # covered by the verdict and still in the group: nothing to say


def test_user_text_is_never_rendered_as_html_or_links(seeded, fake_embedder):
    add_cross_source_pair(seeded, fake_embedder, extra=f" {EVIL}")
    evil_claim = raw_sql(seeded, "SELECT id FROM claims WHERE text LIKE '%onerror%'").fetchone()[0]
    evil_article = raw_sql(seeded, "SELECT MAX(id) FROM articles").fetchone()[0]
    at_claims = page("claims")
    at_claims.selectbox(key="claim_id").set_value(evil_claim).run()
    at_claims.text_input(key=f"evidence_{evil_claim}").input(f"javascript:{EVIL}")
    at_claims.button[0].click().run()  # refused: the error message repeats the user's text
    at_articles = page("articles")
    at_articles.selectbox(key="article").set_value(
        next(o for o in at_articles.selectbox(key="article").options if o.startswith(f"{evil_article}:"))
    ).run()
    for at in (page("groups"), at_claims, at_articles):
        assert not at.exception
        text = all_markdown(at)
        assert "onerror" in text  # the text is shown ...
        assert "<img" not in text.replace("\\<img", "")  # ... but never as a tag
        assert "](javascript" not in text.replace("\\](javascript", "")  # ... nor as a link


def test_search_page(seeded):
    at = page("search")
    at.text_area(key="query").input(
        "Waffentransfer von Nordkorea nach Russland verstößt gegen UN-Resolutionen"
    )
    at.button(key="search").click().run()
    assert not at.exception
    results = at.dataframe[0].value
    assert 0 < len(results) <= 10
    assert list(results["score"]) == sorted(results["score"], reverse=True)
    assert set(results["what"]) == {"article claim"}
    # the words that matched are shown (stemmed matching: "Russland" in the claim)
    assert any("russland" in words for words in results["words matched"])


def test_archive_page_imports_and_search_finds_earlier_fact_checks(seeded):
    at = page("archive")
    assert "0** fact-checks" in at.markdown[0].value or any(
        "**0** fact-checks" in m.value for m in at.markdown
    )
    fixture = Path(__file__).parents[1] / "fixtures" / "archive" / "snopes_vclaims.jsonl"
    assert fixture.exists()
    from workbench.archive import count_factchecks
    from workbench.formats.factchecks import read_factchecks
    from workbench.pipeline import import_factchecks
    from workbench.vectors.embedders import load_embedder

    import_factchecks(seeded, read_factchecks([fixture], publisher="Snopes"), load_embedder())
    n = count_factchecks(seeded)
    at = page("archive")
    assert any(f"**{n:,}** fact-checks" in m.value for m in at.markdown)
    assert len(at.dataframe[0].value) == min(n, 50) and set(at.dataframe[0].value["publisher"]) == {"Snopes"}
    query = at.dataframe[0].value["claim"][0]
    search = page("search")
    search.text_area(key="query").input(query)
    search.radio(key="scope").set_value("factchecks")
    search.button(key="search").click().run()
    top = search.dataframe[0].value.iloc[0]
    assert (top["what"], top["claim"], top["source"]) == ("earlier fact-check", query, "Snopes")


def test_export_page(seeded):
    at = page("export")
    assert not at.exception
    assert [m.label for m in at.metric] == ["Unreviewed", "In progress", "Needs second review", "Done"]
    assert len(at.dataframe[0].value) == raw_sql(seeded, "SELECT COUNT(*) FROM claims").fetchone()[0]
    at.checkbox(key="reviewed_only").check().run()
    assert len(at.dataframe[0].value) == 0


def test_claims_page_explains_scores_marks_kinds_and_highlights_the_span(seeded, fake_embedder):
    from workbench.pipeline import ingest_articles
    from workbench.records import Article

    text = (
        "Wird Russland die Waffen kaufen? Kim möchte laut westlichen Medienberichten die Zusammenarbeit"
        " ausbauen, während der Kreml erklärte, dass der Gipfel 3 Tage dauern werde."
    )
    ingest_articles(seeded, [Article(text=text, title="T", source="Tagesblatt")], fake_embedder)
    at = page("claims")
    table = at.dataframe[0].value
    assert "question" in set(table["kind"]) and "claim" in set(table["kind"])
    assert "Tagesblatt (outlet)" in set(table["claimant"])
    question = int(table[table["kind"] == "question"]["id"].iloc[0])
    at.selectbox(key="claim_id").set_value(question).run()
    assert any("Marked as question" in w.value for w in at.warning)
    assert any("claimant is the outlet" in m.value for m in at.markdown)

    kreml = int(table[(table["claimant"] == "Kreml") & (table["source"] == "Tagesblatt")]["id"].iloc[0])
    at.selectbox(key="claim_id").set_value(kreml).run()
    markdown = all_markdown(at)
    assert "**der Kreml erklärte, dass der Gipfel 3 Tage dauern werde\\.**" in markdown  # its clause, in bold
    assert "why: number: 3" in markdown
    # the kind filter narrows the queue
    at.multiselect(key="filter_kind").set_value(["question"]).run()
    assert set(at.dataframe[0].value["kind"]) == {"question"}


def test_claims_page_shows_already_checked(seeded, fake_embedder):
    from workbench.pipeline import import_factchecks
    from workbench.records import FactCheck

    claim_id, text = raw_sql(
        seeded, "SELECT id, text FROM claims ORDER BY checkworthiness DESC LIMIT 1"
    ).fetchone()
    report = import_factchecks(
        seeded,
        [
            FactCheck(
                claim=text,
                verdict="falsch",
                publisher="Correctiv",
                date="2023-09-14",
                url="javascript:alert(1)",
            )
        ],
        fake_embedder,
    )
    assert report.matched_claims >= 1
    at = page("claims")
    table = at.dataframe[0].value
    assert (
        table.loc[table["id"] == claim_id, "already checked"].item()
        == "already checked: falsch, Correctiv, 2023-09-14"
    )
    at.selectbox(key="claim_id").set_value(claim_id).run()
    shown = [i.value for i in at.info if "already checked" in i.value]
    assert shown and "already checked: falsch, Correctiv, 2023-09-14" in shown[0].replace("\\", "")
    assert "javascript" not in " ".join(shown)  # an unsafe URL is dropped at import


def test_claims_page_evidence_has_a_stance_and_a_note(seeded):
    from workbench.review import get_review

    at = page("claims")
    cid = at.selectbox(key="claim_id").value
    at.text_input(key=f"evidence_{cid}").input("https://example.org/census")
    at.selectbox(key=f"stance_{cid}").set_value("refutes")
    at.text_input(key=f"evidence_note_{cid}").input("census 2023, table 4")
    at.button[0].click().run()
    assert not at.exception
    [item] = get_review(seeded, cid).evidence_items
    assert (item.url, item.stance, item.note) == (
        "https://example.org/census",
        "refutes",
        "census 2023, table 4",
    )
    assert "refutes: https://example.org/census (census 2023, table 4)" in [t.value for t in at.text]


def test_claims_page_second_review_is_blind_then_resolved(seeded, sign_in):
    from workbench.review import get_review, request_second_review, set_review

    cid = raw_sql(seeded, "SELECT id FROM claims ORDER BY checkworthiness DESC LIMIT 1").fetchone()[0]
    set_review(seeded, cid, verdict="false", note="anna's reasons", reviewer="anna")
    request_second_review(seeded, cid, "anna")
    sign_in("ben")
    at = page("claims")
    at.selectbox(key="claim_id").set_value(cid).run()
    # ben sees neither anna's verdict nor her note, and no regular form
    assert any("first verdict is hidden" in i.value for i in at.info)
    assert f"verdict_{cid}" not in [s.key for s in at.selectbox]
    assert "anna's reasons" not in all_markdown(at) and "anna's reasons" not in [
        t.value for t in at.text_area
    ]
    at.selectbox(key=f"second_verdict_{cid}").set_value("true")
    at.button[0].click().run()
    assert not at.exception and "waits for resolution" in at.success[0].value
    # now both verdicts are shown for resolution
    assert any("anna said **False**" in w.value and "ben said **True**" in w.value for w in at.warning)
    at.selectbox(key=f"resolve_verdict_{cid}").set_value("mostly_false")
    at.button(key=f"resolve_{cid}").click().run()
    assert not at.exception
    r = get_review(seeded, cid)
    assert (r.verdict, r.status) == ("mostly_false", "done")


def test_groups_page_sets_a_verdict_for_the_group(db_path, fake_embedder):
    from workbench.group import group_of
    from workbench.review import get_review, history, set_review

    st.cache_resource.clear()
    a, b, _ = arms_groups(db_path, fake_embedder)
    db = open_db(db_path)
    gid = group_of(db, a)
    set_review(db, b, verdict="mixed", reviewer="ben")  # b's own verdict: an override the group leaves alone
    at = page("groups")
    at.selectbox(key=f"group_verdict_{gid}").set_value("false").run()
    at.button(key=f"group_verdict_button_{gid}").click().run()
    assert not at.exception and "False for 1 claim; 1 kept their own verdict" in at.success[0].value
    assert (get_review(db, a).verdict, get_review(db, b).verdict) == ("false", "mixed")
    assert history(db, a)[-1]["source"] == "group" and history(db, a)[-1]["via_group"] == gid


def test_settings_page_keeps_each_accounts_verdict_words_for_the_queue(seeded, sign_in):
    at = page("settings")
    assert not at.exception
    assert "Admins change the desk's settings." in [c.value for c in at.caption]  # anna is an editor
    at.radio(key="own_labels").set_value("de")
    at.button[0].click().run()  # the form's submit button
    assert "Saved for your account." in [m.value for m in at.success]
    # the Review queue shows anna's verdict words, in any later session
    queue = page("queue")
    labels = [b.label for b in queue.button]
    assert "Richtig" in labels and "Falsch" in labels and "True" not in labels
    # ben's are the desk's (English)
    sign_in("ben")
    assert "True" in [b.label for b in page("queue").button]
    # and revisiting the page shows anna's choice again: it is kept in the database
    sign_in("anna")
    assert page("settings").radio(key="own_labels").value == "de"


def test_claims_page_shows_the_frame_marks_unclear_speakers_and_corrects_them(seeded, fake_embedder, sign_in):
    from workbench.claims import get_claim
    from workbench.pipeline import ingest_articles
    from workbench.records import Article
    from workbench.review import history

    text = "Lena Ortiz met Sam Okafor in Leeds. The depot will close in May, he said."
    ingest_articles(seeded, [Article(text=text, title="Depot", source="Tagesblatt")], fake_embedder)
    sign_in("ben")
    at = page("claims")
    table = at.dataframe[0].value
    cid = int(table[table["claim"].str.startswith("The depot")]["id"].iloc[0])
    assert "speaker unclear" in set(table["claimant"])
    at.selectbox(key="claim_id").set_value(cid).run()
    markdown = all_markdown(at)
    assert "Speaker unclear" in markdown and "he said" in markdown  # the words that made the attribution
    at.text_input(key=f"speaker_name_{cid}").input(EVIL)
    at.text_input(key=f"speaker_role_{cid}").input("depot manager")
    next(b for b in at.button if b.label == "Save speaker").click().run()
    assert not at.exception and not at.error
    claim = get_claim(seeded, cid)
    assert (claim.speaker, claim.role, claim.speaker_unclear) == (EVIL, "depot manager", False)
    assert history(seeded, cid)[-1]["source"] == "speaker"
    markdown = all_markdown(at)
    assert "onerror" in markdown  # the speaker is shown ...
    assert "<img" not in markdown.replace("\\<img", "")  # ... but never as a tag
    assert "](javascript" not in markdown.replace("\\](javascript", "")  # ... nor as a link
    next(b for b in at.button if b.label.startswith("No speaker")).click().run()
    assert get_claim(seeded, cid).speaker == ""
