"""A real HTTP server on loopback for the tests of links and feeds (the ``news_site`` fixture in conftest.py).

It serves outlet-like pages written for these tests (tests/fixtures/pages: navigation, cookie banner, share
bars, teasers, bylines, captions, comments around the article), a feed that gains an item after its first
request, a feed whose items fail, and every way a fetch can go wrong: a redirect chain, a redirect loop,
redirects to file:// and to a loopback address, a 404, a slow and a trickling response, a huge response
with and without its length announced, a PDF, a page of only scripts, an empty page, and no feed at all.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).parent / "fixtures" / "pages"
SLOW_SECONDS = 3.0  # the tests fetch with a timeout well below this
HUGE_BYTES = 100 * 1024 * 1024

ROUTES = {
    "/de/hafen.html": "hafen_de.html",
    "/de/faehre.html": "faehre_de.html",
    "/en/council.html": "council_en.html",
    "/fr/budget.html": "budget_fr.html",
}
SCRIPTS_ONLY = (
    b"<html><head><script>alert(1)</script></head><body><script>document.write('x')</script></body></html>"
)


def rss(site: NewsSite, title: str, links: list[str]) -> bytes:
    """An RSS 2.0 feed whose items link to ``links`` (paths on the site)."""
    items = "".join(
        f"<item><title>Item {i}</title><link>{site.url(link)}</link><guid>{site.url(link)}</guid>"
        f"<pubDate>Tue, 12 Mar 2024 0{i}:00:00 +0100</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{site.url('/')}</link><description>Test feed</description>{items}</channel></rss>"
    ).encode()


class NewsSite:
    """The server and what it saw: requests per path, and the User-Agent of each request."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                site.hits[self.path] += 1
                site.user_agents.append(self.headers.get("User-Agent", ""))
                try:
                    site.respond(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (a size limit or a timeout): as intended

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> NewsSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- routes --------------------------------------------------------------------------------------------

    def respond(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path in ROUTES:
            return send(h, 200, "text/html; charset=utf-8", (PAGES / ROUTES[path]).read_bytes())
        if path.startswith("/redirect/"):
            return self.redirect(h, path.removeprefix("/redirect/"))
        if path == "/missing":
            return send(h, 404, "text/html", b"<h1>Not found</h1>")
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return send(h, 200, "text/html", (PAGES / ROUTES["/en/council.html"]).read_bytes())
        if path == "/trickle":  # a byte every 0.2 s: each read is quick, the whole never ends in time
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            for _ in range(int(SLOW_SECONDS / 0.2)):
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(0.2)
            return None
        if path == "/huge":  # announced: refused from the header
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(HUGE_BYTES))
            h.end_headers()
            return stream(h, HUGE_BYTES)
        if path == "/huge-unannounced":  # no length: refused once the limit is passed while reading
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            return stream(h, HUGE_BYTES)
        if path == "/report.pdf":
            return send(h, 200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
        if path == "/scripts-only.html":
            return send(h, 200, "text/html", SCRIPTS_ONLY)
        if path == "/empty.html":
            return send(h, 200, "text/html", b"")
        if path == "/feed.xml":  # one more item from the second request on
            links = ["/de/hafen.html", "/en/council.html"]
            if self.hits[path] > 1:
                links.append("/de/faehre.html")
            return send(h, 200, "application/rss+xml", rss(self, "Küstenbote: Kiel", links))
        if path == "/feed-failing.xml":
            links = ["/missing", "/report.pdf", "/fr/budget.html", "/de/hafen.html"]
            return send(h, 200, "application/rss+xml", rss(self, "Failing items", links))
        if path == "/not-a-feed.xml":
            return send(h, 200, "text/html", (PAGES / ROUTES["/de/hafen.html"]).read_bytes())
        if path == "/broken-feed.xml":
            return send(h, 200, "application/rss+xml", b'{"items": ["this is JSON, not XML"]}')
        return send(h, 404, "text/html", b"<h1>Not found</h1>")

    def redirect(self, h: BaseHTTPRequestHandler, rest: str) -> None:
        if rest.isdigit():  # /redirect/3 -> /redirect/2 -> ... -> the English page
            target = f"/redirect/{int(rest) - 1}" if int(rest) > 0 else "/en/council.html"
        elif rest == "loop":
            target = "/redirect/loop"
        elif rest == "file":
            target = "file:///etc/passwd"
        elif (
            rest == "loopback"
        ):  # for a test that makes the first hop look public: the second must be checked
            target = self.url("/en/council.html")
        else:
            target = "/missing"
        h.send_response(302)
        h.send_header("Location", target)
        h.send_header("Content-Length", "0")
        h.end_headers()


def send(h: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def stream(h: BaseHTTPRequestHandler, size: int) -> None:
    chunk = b"<p>" + b"x" * (1024 * 1024 - 3)
    for _ in range(size // len(chunk)):
        h.wfile.write(chunk)
