"""The command line for real news (issue 11): `ingest` of links and with a named outlet and date, `follow`,
`feeds`, `poll` and `unfollow`, against a real HTTP server on loopback; one line per failure, exit codes for
cron, and nothing stored from what failed."""

from __future__ import annotations

import csv
import io
import json

from workbench.store import open_db


def count(db_path, table):
    return open_db(db_path).sqlite_db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_ingest_links_with_one_line_per_failure(run, db_path, news_site):
    good, missing = news_site.url("/de/hafen.html"), news_site.url("/missing")
    result = run("ingest", "--allow-private", good, missing, "file:///etc/passwd")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"failed: {missing}: HTTP 404 Not Found" in lines
    assert "failed: file:///etc/passwd: file: links are not fetched; only http and https" in lines
    assert lines[-1].startswith("1 article(s) added, 0 already stored;") and lines[-1].endswith(
        "2 link(s) failed"
    )
    listing = run("articles").output
    assert "\tde\tKüstenbote\t2024-03-12\tSturm legt Hafen lahm: 40 Schiffe warten vor Kiel" in listing


def test_ingest_refuses_a_private_address_unless_allowed(run, db_path, news_site, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ALLOW_PRIVATE", raising=False)
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


def test_ingest_refuses_another_language_unless_kept(run, db_path, news_site):
    page = news_site.url("/fr/budget.html")
    result = run("ingest", "--allow-private", page)
    assert result.exit_code == 1 and f"failed: {page}: the text is not German or English" in result.output
    assert count(db_path, "articles") == 0
    kept = run("ingest", "--allow-private", "--keep-other-languages", page)
    assert kept.exit_code == 0 and "1 article(s) added" in kept.output and "0 claims" in kept.output
    assert "note: " in kept.output and "stored without claims" in kept.output
    assert "\tother\tLe Courrier\t" in run("articles").output


def test_claims_and_export_leave_boilerplate_out_unless_asked(run, db_path, news_site):
    assert run("ingest", "--allow-private", news_site.url("/en/council.html")).exit_code == 0
    claims = json.loads(run("claims", "--format", "json", "--order", "reading").output)
    everything = json.loads(
        run("claims", "--format", "json", "--order", "reading", "--include-boilerplate").output
    )
    furniture = [c["sentence"] for c in everything if c["kind"] == "boilerplate"]
    assert furniture == ["4 Min Read", "Share on Twitter", "Photo: Riverside Gazette"]
    assert len(everything) - len(claims) == 3 and all(c["kind"] != "boilerplate" for c in claims)
    rows = list(csv.DictReader(io.StringIO(run("export").output)))
    assert len(rows) == len(claims) and {r["source"] for r in rows} == {"The Riverside Gazette"}
    assert len(list(csv.DictReader(io.StringIO(run("export", "--include-boilerplate").output)))) == len(
        everything
    )


def test_follow_feeds_poll_unfollow(run, db_path, news_site):
    feed = news_site.url("/feed.xml")
    followed = run("follow", "--allow-private", "--outlet", "Kieler Desk", feed)
    assert (
        followed.exit_code == 0 and followed.output.strip() == f"following feed 1: Küstenbote: Kiel ({feed})"
    )
    assert run("follow", "--allow-private", feed).output.strip().endswith("already followed; not followed")
    assert "not polled yet" in run("feeds").output
    first = run("poll", "--allow-private")
    assert first.exit_code == 0, first.output
    assert f"feed 1 {feed}: 3 new article(s), 0 seen before" in first.output
    second = run("poll", "--allow-private")
    assert second.exit_code == 0 and f"feed 1 {feed}: 0 new article(s), 3 seen before" in second.output
    [listed] = json.loads(run("feeds", "--format", "json").output)
    assert (listed["outlet"], listed["articles"], listed["result"]) == (
        "Kieler Desk",
        3,
        "0 new article(s), 3 seen before",
    )
    assert run("unfollow", feed).output.strip() == f"no longer following feed 1: {feed}"
    assert run("feeds").output.strip() == "no feeds followed (workbench follow FEED_URL)"
    assert count(db_path, "articles") == 3


def test_poll_exits_1_when_something_failed(run, db_path, news_site):
    assert run("follow", "--allow-private", news_site.url("/feed-failing.xml")).exit_code == 0
    result = run("poll", "--allow-private")
    assert result.exit_code == 1
    assert "1 new article(s), 0 seen before, 1 skipped, 2 failed (tried again next poll)" in result.output
    assert f"  failed: {news_site.url('/report.pdf')}: not an HTML page" in result.output
    assert "  skipped: " in result.output and "not German or English" in result.output


def test_follow_refuses_what_is_no_feed_and_stores_nothing(run, db_path, news_site):
    for path, reason in [("/broken-feed.xml", "not an RSS or Atom feed"), ("/missing", "HTTP 404 Not Found")]:
        result = run("follow", "--allow-private", news_site.url(path))
        message = result.output.strip()
        assert result.exit_code == 1 and "\n" not in message
        assert message.startswith(f"Error: {news_site.url(path)}: {reason}") and message.endswith(
            "; not followed"
        )
    assert (
        run("follow", "file:///etc/feed.xml")
        .output.strip()
        .startswith("Error: file:///etc/feed.xml: file: links")
    )
    assert count(db_path, "feeds") == 0
    assert run("poll").output.strip() == "no feeds followed (workbench follow FEED_URL)"
