"""A real browser on a real server: user text with HTML and script in it is shown as text on every page.

And the review queue driven by its keys, down to the verdict CSV the Export page hands out.

Runs Debian's chromium (the ``chromium`` fixture installs it when missing) through Playwright for Python
(``playwright install`` cannot download here); skipped, with the reason, where either cannot be had.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from workbench.claims import list_claims
from workbench.pipeline import ingest_articles, seed_samples
from workbench.records import Article
from workbench.review import set_review
from workbench.store import open_db

pytestmark = pytest.mark.slow  # a real browser against a real server

WORKBENCH = str(Path(sys.executable).parent / "workbench")  # the installed command, as a user runs it
playwright = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")

EVIL = (
    '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> '
    "[click me](javascript:window.__xss=3) <b>bold</b>"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db_path):
    """``workbench serve`` on the database, on a free loopback port; yields its URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [WORKBENCH, "serve", "--headless", "--port", str(port), "--db", str(db_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "WORKBENCH_DB": str(db_path)},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start within 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def browser_page(chromium):
    """A headless chromium page, as large as a laptop screen."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        finally:
            browser.close()


@pytest.fixture
def server(db_path, fake_embedder):
    db = open_db(db_path)
    seed_samples(db, fake_embedder)
    text = f"Die Regierung sagte, 40 Prozent der Ausgaben seien gestiegen. {EVIL} Der Minister bestritt das."
    ingest_articles(db, [Article(text=text, title=f"Evil {EVIL}", source=f"Evil {EVIL}")], fake_embedder)
    claim_id = db.sqlite_db.execute("SELECT id FROM claims WHERE text LIKE '%onerror%'").fetchone()[0]
    set_review(db, claim_id, verdict="false", note=f"note {EVIL}", reviewer=f"r {EVIL}")
    db.close()
    with serving(db_path) as url:
        yield url, claim_id


def test_user_html_is_text_on_every_page(server, chromium, tmp_path):
    url, claim_id = server
    with browser_page(chromium) as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path, shows_text in (
            ("", False),
            ("claims", True),
            ("articles", True),
            ("search", False),
            ("queue", True),
            ("stats", False),
            ("export", False),
        ):
            page.goto(f"{url}/{path}")
            page.wait_for_selector("h1", timeout=60_000)
            page.wait_for_timeout(2_000)
            if path == "claims":  # open the claim with the HTML in it, by typing into the claim picker
                page.locator('[data-testid="stSelectbox"]').filter(has_text="Review claim").click()
                page.keyboard.type(f"{claim_id}:")
                page.keyboard.press("Enter")
                page.get_by_text("note <img", exact=False).first.wait_for(timeout=20_000)
            if path == "queue":  # the queue of the article with the HTML in it
                page.locator('[data-testid="stSelectbox"]').filter(has_text="Article").click()
                page.keyboard.type("Evil")
                page.keyboard.press("Enter")
                page.get_by_text("Evil <img", exact=False).first.wait_for(timeout=20_000)
            if path == "articles":  # read the article with the HTML in its title and text
                page.locator('[data-testid="stSelectbox"]').filter(has_text="Read an article").click()
                page.keyboard.type("Evil")
                page.keyboard.press("Enter")
                page.locator("h3").filter(has_text="Evil <img").wait_for(timeout=20_000)
            page.screenshot(path=str(tmp_path / f"{path or 'groups'}.png"), full_page=True)
            main = page.locator("section.main, [data-testid=stMain]").first
            assert page.evaluate("window.__xss") is None, path
            assert main.locator('img[src="x"]').count() == 0, path
            assert all("__xss" not in (s.text_content() or "") for s in page.locator("script").all()), path
            assert main.locator('a[href^="javascript"]').count() == 0, path
            assert main.locator("b:text('bold')").count() == 0, path
            if shows_text:
                assert "onerror" in main.inner_text(), path  # shown, as text
        assert dialogs == []


def _claim_shown(page, claim_id: int) -> None:
    """Wait for the claim to be shown and the run that shows it to finish: a key pressed in the middle of a
    run would reach the buttons of the run before (the queue then refuses it as a conflict, safely)."""
    page.get_by_text(f"Claim {claim_id} · check-worthiness", exact=False).wait_for(timeout=60_000)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)


def test_review_queue_by_keyboard_then_export(db_path, fake_embedder, chromium, tmp_path):
    db = open_db(db_path)
    seed_samples(db, fake_embedder)
    claims = sorted(list_claims(db), key=lambda c: (-c.checkworthiness, c.id))
    first, second, third = (c.id for c in claims[:3])
    db.close()
    with serving(db_path) as url, browser_page(chromium) as page:
        page.goto(f"{url}/queue")
        page.wait_for_selector("h1", timeout=60_000)
        _claim_shown(page, first)
        name = page.locator('[data-testid="stSidebar"] input[type="text"]').first
        name.click()
        page.keyboard.type("susan", delay=50)  # s and u are keys too, but typed into a field they are text
        name.press("Enter")
        page.get_by_text(f"0 of {len(claims)} reviewed by susan").wait_for(timeout=60_000)
        _claim_shown(page, first)
        page.locator("h1").click()  # out of the name field, so keys decide again
        for key in "1", "2", "3", "4", "5", "6", "7", "8", "0", "S", "U":  # every key is a visible button
            page.locator("button").filter(has_text=re.compile(rf"{key}$", re.I)).first.wait_for(timeout=5_000)

        page.keyboard.press("5")  # false, and on to the next claim
        _claim_shown(page, second)
        page.get_by_text(f"1 of {len(claims)} reviewed by susan").wait_for(timeout=60_000)
        page.keyboard.press("1")  # true
        _claim_shown(page, third)
        page.get_by_text(f"2 of {len(claims)} reviewed").wait_for(timeout=60_000)
        page.keyboard.press("u")  # undo the last: the second claim is back
        _claim_shown(page, second)
        page.get_by_text(f"1 of {len(claims)} reviewed").wait_for(timeout=60_000)
        page.get_by_text(f"Undone: True of claim {second}").wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "queue.png"), full_page=True)

        page.goto(f"{url}/export")
        page.wait_for_selector("h1", timeout=60_000)
        with page.expect_download(timeout=60_000) as download:
            page.locator('[data-testid="stDownloadButton"] button').filter(has_text="verdict CSV").click()
        saved = tmp_path / "verdicts.csv"
        download.value.save_as(saved)

    rows = {int(r["claim_id"]): r for r in csv.DictReader(saved.open(encoding="utf-8-sig"))}
    assert len(rows) == len(claims)
    assert (rows[first]["status"], rows[first]["verdict"], rows[first]["reviewer"]) == (
        "done",
        "false",
        "susan",
    )
    assert (rows[second]["status"], rows[second]["verdict"]) == ("unreviewed", "")
    assert [cid for cid, r in rows.items() if r["verdict"]] == [first]


def test_articles_page_takes_links_and_shows_outlets(
    db_path, fake_embedder, chromium, news_site, monkeypatch, tmp_path
):
    # the app's own process fetches the links (from the test server on loopback, allowed by the environment
    # switch) and embeds with the real default model
    db = open_db(db_path)
    seed_samples(db, fake_embedder)
    db.close()
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE", "1")
    links = [news_site.url("/de/hafen.html"), news_site.url("/missing")]
    with serving(db_path) as url, browser_page(chromium) as page:
        page.goto(f"{url}/articles")
        page.wait_for_selector("h1", timeout=60_000)
        page.get_by_text("Paste links").click()
        field = page.get_by_label("Links to web pages, one per line (http or https)")
        field.fill("\n".join(links))
        field.press("Control+Enter")
        page.get_by_role("button", name="Fetch and add").click()
        page.get_by_text("1 article(s) added, 0 already stored", exact=False).wait_for(timeout=180_000)
        page.get_by_text(f"{links[1]}: HTTP 404 Not Found").wait_for(timeout=20_000)
        page.get_by_text("Feeds", exact=True).click()
        page.get_by_text("No feeds followed yet.").wait_for(timeout=20_000)
        page.screenshot(path=str(tmp_path / "articles.png"), full_page=True)
    stored = open_db(db_path).articles.all()
    assert [a.outlet for a in stored] == ["Beispiel-Kurier", "Muster-Rundschau", "Küstenbote"]
    assert stored[-1].url == "https://www.kuestenbote.example/kiel/sturm-hafen-100.html"
