"""The command line for real news (issue 11): `ingest` of links and with a named outlet and date, `follow`,
`feeds`, `poll` and `unfollow`, against a real HTTP server on loopback; one line per failure, exit codes for
cron, and nothing stored from what failed. Each acts as an account of the test desk (conftest.DESK): links
and polls as any account (rita, a reviewer), following and unfollowing as an editor (anna)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import raw_sql

from workbench.store import open_db

pytestmark = pytest.mark.both_backends  # these run on SQLite and on PostgreSQL


def count(db_path, table):
    return raw_sql(open_db(db_path), f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_ingest_links_with_one_line_per_failure(run, desk_file, news_site):
    good, missing = news_site.url("/de/hafen.html"), news_site.url("/missing")
    result = run("ingest", "--allow-private", good, missing, "file:///etc/passwd", "--as", "rita")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"failed: {missing}: HTTP 404 Not Found" in lines
    assert "failed: file:///etc/passwd: file: links are not fetched; only http and https" in lines
    assert lines[-1].startswith("1 article(s) added, 0 already stored;") and lines[-1].endswith(
        "2 link(s) failed"
    )
    listing = run("articles").output
    assert "\tde\tKüstenbote\t2024-03-12\tSturm legt Hafen lahm: 40 Schiffe warten vor Kiel" in listing


def test_ingest_refuses_a_private_address_unless_allowed(run, db_path, desk_file, news_site, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ALLOW_PRIVATE", raising=False)
    monkeypatch.setenv("WORKBENCH_USER", "rita")
    link = news_site.url("/en/council.html")
    result = run("ingest", link)
    assert (
        result.exit_code == 1
        and "127.0.0.1 is a private or local address (127.0.0.1); refused" in result.output
    )
    assert count(db_path, "articles") == 0 and news_site.hits["/en/council.html"] == 0
    assert run("ingest", link, env={"WORKBENCH_ALLOW_PRIVATE": "1"}).exit_code == 0
    assert count(db_path, "articles") == 1


def test_ingest_names_the_outlet_and_date(run, db_path, tmp_path):
    # files need no account (as before accounts): this database has none
    story = tmp_path / "story.txt"
    story.write_text(
        "Harbour news\nThe harbour authority said 12 ships were delayed by the storm on Tuesday.\n"
    )
    result = run("ingest", "--source", "Küstenbote", "--date", "2024-03-12", story)
    assert result.exit_code == 0, result.output
    assert run("articles").output.split("\t")[2:4] == ["Küstenbote", "2024-03-12"]
    row = next(csv.DictReader(io.StringIO(run("export").output)))
    assert row["source"] == "Küstenbote"
    bad = run("ingest", "--date", "12.03.2024", story)
    assert bad.exit_code == 2 and "not a date: '12.03.2024'; write it as YYYY-MM-DD" in bad.output


def test_ingest_refuses_another_language_unless_kept(run, db_path, desk_file, news_site):
    page = news_site.url("/fr/budget.html")
    result = run("ingest", "--allow-private", page, "--as", "rita")
    assert result.exit_code == 1 and f"failed: {page}: the text is not German or English" in result.output
    assert count(db_path, "articles") == 0
    kept = run("ingest", "--allow-private", "--keep-other-languages", page, "--as", "rita")
    assert kept.exit_code == 0 and "1 article(s) added" in kept.output and "0 claims" in kept.output
    assert "note: " in kept.output and "stored without claims" in kept.output
    assert "\tother\tLe Courrier\t" in run("articles").output


def test_claims_and_export_leave_boilerplate_out_unless_asked(run, desk_file, news_site):
    assert run("ingest", "--allow-private", news_site.url("/en/council.html"), "--as", "rita").exit_code == 0
    claims = json.loads(run("claims", "--format", "json", "--order", "reading").output)
    everything = json.loads(
        run("claims", "--format", "json", "--order", "reading", "--include-boilerplate").output
    )
    furniture = [c["sentence"] for c in everything if c["kind"] == "boilerplate"]
    assert furniture == ["4 Min Read", "Share on Twitter"]
    assert len(everything) - len(claims) == 2 and all(c["kind"] != "boilerplate" for c in claims)
    # a credit line on its own is left out when the page is read, so it is no claim of any kind
    assert not [c for c in everything if "Photo: Riverside Gazette" in c["sentence"]]
    rows = list(csv.DictReader(io.StringIO(run("export").output)))
    assert len(rows) == len(claims) and {r["source"] for r in rows} == {"The Riverside Gazette"}
    assert len(list(csv.DictReader(io.StringIO(run("export", "--include-boilerplate").output)))) == len(
        everything
    )


def test_follow_feeds_poll_unfollow(run, db_path, desk_file, news_site):
    feed = news_site.url("/feed.xml")
    followed = run("follow", "--allow-private", "--outlet", "Kieler Desk", feed, "--as", "anna")
    assert (
        followed.exit_code == 0 and followed.output.strip() == f"following feed 1: Küstenbote: Kiel ({feed})"
    )
    again = run("follow", "--allow-private", feed, "--as", "anna")
    assert again.output.strip().endswith("already followed; not followed")
    assert "not polled yet" in run("feeds").output
    first = run("poll", "--allow-private", "--as", "rita")
    assert first.exit_code == 0, first.output
    assert f"feed 1 {feed}: 3 new articles, 0 seen before" in first.output
    second = run("poll", "--allow-private", env={"WORKBENCH_USER": "rob"})  # as cron runs it
    assert second.exit_code == 0 and f"feed 1 {feed}: 0 new articles, 3 seen before" in second.output
    [listed] = json.loads(run("feeds", "--format", "json").output)
    assert (listed["outlet"], listed["articles"], listed["result"]) == (
        "Kieler Desk",
        3,
        "0 new articles, 3 seen before",
    )
    # who followed it, who polled it last, and who added its articles
    assert (listed["added_by"], listed["polled_by"]) == ("anna", "rob")
    assert f"last poll {listed['polled_at']} by rob: 0 new articles" in run("feeds").output
    assert {a.added_by for a in open_db(db_path).articles.all()} == {"rita"}
    assert run("unfollow", feed, "--as", "anna").output.strip() == f"no longer following feed 1: {feed}"
    assert run("feeds").output.strip() == "no feeds followed (workbench follow FEED_URL)"
    assert count(db_path, "articles") == 3


def test_poll_exits_1_when_something_failed(run, desk_file, news_site):
    assert run("follow", "--allow-private", news_site.url("/feed-failing.xml"), "--as", "anna").exit_code == 0
    result = run("poll", "--allow-private", "--as", "rita")
    assert result.exit_code == 1
    assert "1 new article, 0 seen before, 1 skipped, 2 failed (tried again next poll)" in result.output
    assert f"  failed: {news_site.url('/report.pdf')}: not an HTML page" in result.output
    assert "  skipped: " in result.output and "not German or English" in result.output


def test_follow_refuses_what_is_no_feed_and_stores_nothing(run, db_path, desk_file, news_site):
    for path, reason in [("/broken-feed.xml", "not an RSS or Atom feed"), ("/missing", "HTTP 404 Not Found")]:
        result = run("follow", "--allow-private", news_site.url(path), "--as", "anna")
        message = result.output.strip()
        assert result.exit_code == 1 and "\n" not in message
        assert message.startswith(f"Error: {news_site.url(path)}: {reason}") and message.endswith(
            "; not followed"
        )
    assert (
        run("follow", "file:///etc/feed.xml", "--as", "anna")
        .output.strip()
        .startswith("Error: file:///etc/feed.xml: file: links")
    )
    assert count(db_path, "feeds") == 0
    assert run("poll", "--as", "rita").output.strip() == "no feeds followed (workbench follow FEED_URL)"


def test_links_and_feeds_act_as_an_account_whose_role_allows_it(run, db_path, desk_file, news_site):
    page, feed = news_site.url("/de/hafen.html"), news_site.url("/feed.xml")
    refusals = [  # (command, what it says); each refused before anything is fetched or stored
        (["ingest", "--allow-private", page], "sign in (or name your account with --as) to add articles"),
        (["ingest", "--allow-private", page, "--as", "zoe"], "no account named 'zoe'"),
        (["ingest", "--allow-private", page, "--as", "dora"], "account dora is disabled"),
        (
            ["poll", "--allow-private"],
            "sign in (or name your account with --as) to add articles or poll feeds",
        ),
        (
            ["follow", "--allow-private", feed, "--as", "rita"],
            "rita is a reviewer: only editors and admins may follow or unfollow feeds",
        ),
        (["follow", "--allow-private", feed], "sign in (or name your account with --as) to follow"),
    ]
    from workbench.accounts import disable_account

    disable_account(open_db(db_path), "dora", "admin")
    for args, message in refusals:
        result = run(*args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
    assert news_site.hits.get("/de/hafen.html", 0) == 0 and news_site.hits.get("/feed.xml", 0) == 0
    assert count(db_path, "articles") == 0 and count(db_path, "feeds") == 0

    assert run("follow", "--allow-private", feed, "--as", "anna").exit_code == 0
    refused = run("unfollow", "1", "--as", "rob")
    assert refused.exit_code == 1 and "rob is a reviewer: only editors and admins may follow or unfollow" in (
        refused.output
    )
    assert count(db_path, "feeds") == 1
    assert run("unfollow", "1", "--as", "admin").exit_code == 0 and count(db_path, "feeds") == 0


def test_files_record_the_account_when_one_is_named(run, db_path, desk_file, tmp_path):
    for name, who in (("a.txt", ["--as", "rita"]), ("b.txt", [])):
        story = tmp_path / name
        story.write_text(
            f"Harbour news {name}\nThe harbour authority said 12 ships were delayed in {name}.\n"
        )
        assert run("ingest", story, *who).exit_code == 0
    assert [a.added_by for a in open_db(db_path).articles.all()] == ["rita", ""]
    refused = run("ingest", tmp_path / "a.txt", "--as", "zoe")
    assert refused.exit_code == 1 and "no account named 'zoe'" in refused.output


def test_a_local_desk_fetches_links_as_its_built_in_admin(run, db_path, news_site):
    # a database without accounts: the command line names its local desk, as the app on loopback is signed in
    page = news_site.url("/de/hafen.html")
    refused = run("ingest", "--allow-private", page)
    assert (
        refused.exit_code == 1
        and "this database has no accounts yet: --as desk acts as its local desk" in (refused.output)
    )
    assert run("ingest", "--allow-private", page, "--as", "desk").exit_code == 0
    assert [a.added_by for a in open_db(db_path).articles.all()] == ["desk"]
