"""A real browser on a real server: user text with HTML and script in it is shown as text on every page.

Runs Debian's chromium through Playwright for Python (``playwright install`` cannot download here); skipped,
with the reason, where either is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from workbench.db import open_db
from workbench.pipeline import ingest_articles, seed_samples
from workbench.records import Article
from workbench.review import set_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WORKBENCH = str(Path(sys.executable).parent / "workbench")  # the installed command, as a user runs it
playwright = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

EVIL = (
    '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> '
    "[click me](javascript:window.__xss=3) <b>bold</b>"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(db_path, fake_embedder):
    db = open_db(db_path)
    seed_samples(db, fake_embedder)
    text = f"Die Regierung sagte, 40 Prozent der Ausgaben seien gestiegen. {EVIL} Der Minister bestritt das."
    ingest_articles(db, [Article(text=text, title=f"Evil {EVIL}", source=f"Evil {EVIL}")], fake_embedder)
    claim_id = db.execute("SELECT id FROM claims WHERE text LIKE '%onerror%'").fetchone()[0]
    set_review(db, claim_id, verdict="false", note=f"note {EVIL}", reviewer=f"r {EVIL}")
    db.close()
    port = _free_port()
    proc = subprocess.Popen(
        [WORKBENCH, "serve", "--headless", "--port", str(port), "--db", str(db_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "WORKBENCH_DB": str(db_path)},
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the app did not start within 60 s")
    yield url, claim_id
    proc.terminate()
    proc.wait(timeout=20)


def test_user_html_is_text_on_every_page(server, tmp_path):
    url, claim_id = server
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path, shows_text in (
            ("", False),
            ("claims", True),
            ("articles", True),
            ("search", False),
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
        browser.close()
