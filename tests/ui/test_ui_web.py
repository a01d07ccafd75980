"""The desk's door (ui/web.py) in front of the app, driven through ASGI as the server drives it: the host check,
the session check, the sign-in and sign-out forms, the local desk. The same door on a real server and a real
browser is tests/ui/test_browser.py."""

import asyncio
import re
from urllib.parse import urlencode

import pytest

from workbench.accounts import add_account, session_account, start_session
from workbench.store import open_db
from workbench.ui import web

PASSWORD = "correct horse battery staple"


# --- the pure rules ----------------------------------------------------------------------------------------


def test_host_names_are_compared_without_port_case_or_brackets():
    allowed = ["localhost", "127.0.0.1", "::1", "workbench.example"]
    for host in (
        "localhost:8501",
        "LOCALHOST",
        "127.0.0.1:80",
        "[::1]:8501",
        "workbench.example.",
        "workbench.example",
    ):
        assert web.host_allowed(host, allowed), host
    for host in ("evil.example", "evil.example:8501", "localhost.evil.example", "127.0.0.2", "", None,
                 "user@localhost", "localhost/x", "localhost:99999", "[::1"):  # fmt: skip
        assert not web.host_allowed(host, allowed), host


def test_origins_must_be_web_pages_of_an_allowed_host():
    allowed = ["localhost", "127.0.0.1"]
    assert web.origin_allowed(None, allowed)  # not a browser's cross-site request
    assert web.origin_allowed("http://localhost:8501", allowed)
    assert web.origin_allowed("https://127.0.0.1", allowed)
    for origin in (
        "http://evil.example",
        "null",
        "file://",
        "chrome-extension://abc",
        "http://localhost.evil",
    ):
        assert not web.origin_allowed(origin, allowed), origin


def test_after_signing_in_the_browser_goes_only_to_this_server():
    assert web.safe_next("/queue?x=1") == "/queue?x=1"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "",
                   None, "/signin", "/signout?x", "/auth/logout", "/queue\r\nSet-Cookie: x=1"):  # fmt: skip
        assert web.safe_next(target) == "/", target


# --- through ASGI ------------------------------------------------------------------------------------------


async def _inner(scope, receive, send):
    """Stands in for Streamlit: answers every request it gets with 200, accepts every WebSocket."""
    if scope["type"] == "websocket":
        await receive()
        await send({"type": "websocket.accept"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"the app"})


def call(app, path, *, method="GET", host="127.0.0.1:8501", cookies=None, body=b"", headers=(), client="127.0.0.1",
         websocket=False):  # fmt: skip
    """One request (or WebSocket handshake) through ``app``: (status or "accepted"/"closed", headers, body)."""
    raw = [(b"host", host.encode())] if host else []
    raw += [(k.lower().encode(), v.encode()) for k, v in headers]
    if cookies:
        raw.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
    if body:
        raw.append((b"content-type", b"application/x-www-form-urlencoded"))
    path, _, query = path.partition("?")
    scope = {
        "type": "websocket" if websocket else "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": raw,
        "client": (client, 50000),
        "server": ("127.0.0.1", 8501),
        "scheme": "ws" if websocket else "http",
        "root_path": "",
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }
    sent = []
    incoming = [{"type": "websocket.connect"}] if websocket else [{"type": "http.request", "body": body}]

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    if websocket:
        return ("accepted" if sent and sent[0]["type"] == "websocket.accept" else "closed"), {}, b""
    start = next(m for m in sent if m["type"] == "http.response.start")
    out_headers = {}
    for k, v in start.get("headers", []):
        out_headers.setdefault(k.decode().lower(), []).append(v.decode())
    return (
        start["status"],
        out_headers,
        b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
    )


@pytest.fixture
def door(db_path, monkeypatch):
    """The door over a stand-in app, as `workbench serve` sets it up on loopback; a database with anna."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount

    monkeypatch.setenv("WORKBENCH_BIND", "127.0.0.1")
    monkeypatch.setenv("WORKBENCH_ALLOWED_HOSTS", "localhost,127.0.0.1,::1")
    db = open_db(db_path)
    add_account(db, "anna", "editor", password=PASSWORD)
    app = Starlette(routes=[*web.routes(), Mount("/", app=_inner)], middleware=[Middleware(web.DeskGuard)])
    return app, db


def test_no_session_no_app(door):
    app, db = door
    status, headers, _ = call(app, "/queue?x=1")
    assert status == 303 and headers["location"] == ["/signin?next=%2Fqueue%3Fx%3D1"]
    assert call(app, "/_stcore/host-config")[0] == 401
    assert call(app, "/_stcore/stream", websocket=True)[0] == "closed"
    assert call(app, "/_stcore/stream", websocket=True, cookies={web.SESSION_COOKIE: "forged"})[0] == "closed"
    assert call(app, "/_stcore/health")[0] == 200  # says "ok" and nothing else
    assert call(app, "/", method="POST")[0] == 401


def test_a_session_opens_the_app_and_its_websocket(door):
    app, db = door
    token = start_session(db, db.accounts.get("anna"))
    cookies = {web.SESSION_COOKIE: token}
    status, headers, body = call(app, "/queue", cookies=cookies)
    assert (status, body) == (200, b"the app")
    assert headers["x-frame-options"] == ["SAMEORIGIN"]
    assert call(app, "/_stcore/stream", websocket=True, cookies=cookies)[0] == "accepted"
    # ... from this server's pages only: another host or origin is refused, session or not
    assert (
        call(app, "/_stcore/stream", websocket=True, cookies=cookies, host="evil.example:8501")[0] == "closed"
    )
    evil_page = [("Origin", "http://evil.example")]
    assert call(app, "/_stcore/stream", websocket=True, cookies=cookies, headers=evil_page)[0] == "closed"
    assert call(app, "/queue", cookies=cookies, host="evil.example")[0] == 403
    assert call(app, "/queue", cookies=cookies, host="")[0] == 403


def test_signing_in_checks_the_form_token_and_the_password(door):
    app, db = door
    status, headers, page = call(app, "/signin?next=/queue")
    assert status == 200 and b'type="password"' in page and b"<script" not in page
    assert "script-src" not in headers["content-security-policy"][0]  # no script at all: default-src 'none'
    csrf = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    cookie = headers["set-cookie"][0]
    assert (
        cookie.startswith(f"{web.CSRF_COOKIE}={csrf};")
        and "HttpOnly" in cookie
        and "SameSite=Strict" in cookie
    )

    def post(form, cookies):
        return call(app, "/signin", method="POST", body=urlencode(form).encode(), cookies=cookies)

    form = {"csrf": csrf, "name": "anna", "password": PASSWORD, "next": "/queue"}
    assert post(form, {})[0] == 400  # no form cookie: another site's form
    assert post(form | {"csrf": "other"}, {web.CSRF_COOKIE: csrf})[0] == 400
    status, _, page = post(form | {"password": "wrong " * 3}, {web.CSRF_COOKIE: csrf})
    assert status == 401 and b"Wrong account name or password." in page
    status, _, page = post(form | {"name": "<b>zoe</b>"}, {web.CSRF_COOKIE: csrf})
    assert status == 401 and b"&lt;b&gt;zoe&lt;/b&gt;" in page and b"<b>zoe" not in page  # shown as text
    status, headers, _ = post(form, {web.CSRF_COOKIE: csrf})
    assert status == 303 and headers["location"] == ["/queue"]
    session = next(c for c in headers["set-cookie"] if c.startswith(web.SESSION_COOKIE))
    assert "HttpOnly" in session and "SameSite=Strict" in session and "Path=/" in session
    token = session.split(";")[0].split("=", 1)[1]
    assert session_account(db, token).name == "anna"
    evil_next = post(form | {"next": "https://evil.example/"}, {web.CSRF_COOKIE: csrf})
    assert evil_next[1]["location"] == ["/"]
    # a form sent from another site's page is refused before it is read
    assert call(app, "/signin", method="POST", body=urlencode(form).encode(),
                cookies={web.CSRF_COOKIE: csrf}, headers=[("Origin", "http://evil.example")])[0] == 403  # fmt: skip


def test_too_many_wrong_passwords_pause_signing_in(door, monkeypatch):
    app, db = door
    monkeypatch.setattr(web, "FAILURES", web.Failures())
    csrf = "form-token"
    wrong = urlencode({"csrf": csrf, "name": "anna", "password": "not the password", "next": "/"}).encode()
    statuses = [
        call(app, "/signin", method="POST", body=wrong, cookies={web.CSRF_COOKIE: csrf})[0]
        for _ in range(web.MAX_FAILURES + 1)
    ]
    assert statuses == [401] * web.MAX_FAILURES + [429]
    right = urlencode({"csrf": csrf, "name": "anna", "password": PASSWORD, "next": "/"}).encode()
    assert call(app, "/signin", method="POST", body=right, cookies={web.CSRF_COOKIE: csrf})[0] == 429
    other_client = call(
        app, "/signin", method="POST", body=right, cookies={web.CSRF_COOKIE: csrf}, client="127.0.0.9"
    )
    assert other_client[0] == 303


def test_signing_out_ends_the_session(door):
    app, db = door
    token = start_session(db, db.accounts.get("anna"))
    status, headers, page = call(app, "/signout", cookies={web.SESSION_COOKIE: token})
    assert status == 200 and b"Sign out" in page
    assert session_account(db, token) is not None  # a link alone signs nobody out
    csrf = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    status, headers, _ = call(app, "/signout", method="POST", body=urlencode({"csrf": csrf}).encode(),
                              cookies={web.SESSION_COOKIE: token, web.CSRF_COOKIE: csrf})  # fmt: skip
    assert status == 303 and headers["location"] == ["/signin?signed_out=1"]
    assert any(c.startswith(f"{web.SESSION_COOKIE}=;") and "Max-Age=0" in c for c in headers["set-cookie"])
    assert session_account(db, token) is None
    # st.logout (the app's Sign out button) goes through /auth/logout: the same end
    token = start_session(db, db.accounts.get("anna"))
    status, headers, _ = call(app, "/auth/logout", cookies={web.SESSION_COOKIE: token})
    assert status == 303 and headers["location"] == ["/signin?signed_out=1"]
    assert session_account(db, token) is None


def test_a_local_desk_signs_in_loopback_browsers_only_while_nobody_can_sign_in(db_path, monkeypatch):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount

    monkeypatch.setenv("WORKBENCH_BIND", "127.0.0.1")
    monkeypatch.setenv("WORKBENCH_ALLOWED_HOSTS", "localhost,127.0.0.1,::1")
    db = open_db(db_path)  # no account at all
    app = Starlette(routes=[*web.routes(), Mount("/", app=_inner)], middleware=[Middleware(web.DeskGuard)])
    status, headers, _ = call(app, "/queue")
    assert status == 303 and headers["location"] == ["/queue"]
    token = headers["set-cookie"][0].split(";")[0].split("=", 1)[1]
    assert session_account(db, token).name == "desk"
    assert call(app, "/queue", client="192.0.2.7")[0] == 303  # not from this machine: to the sign-in page
    assert call(app, "/queue", client="192.0.2.7")[1]["location"][0].startswith("/signin")
    add_account(db, "anna", "admin", password=PASSWORD)  # the first account ends the local desk
    web.SESSIONS.forget(token)
    assert call(app, "/queue", cookies={web.SESSION_COOKIE: token})[1]["location"][0].startswith("/signin")
    # bound to the network, there is no local desk at all
    monkeypatch.setenv("WORKBENCH_BIND", "0.0.0.0")
    empty = open_db(db_path.with_name("empty.db"))
    monkeypatch.setenv("WORKBENCH_DB", str(db_path.with_name("empty.db")))
    exposed = Starlette(
        routes=[*web.routes(), Mount("/", app=_inner)], middleware=[Middleware(web.DeskGuard)]
    )
    assert call(exposed, "/queue")[1]["location"][0].startswith("/signin")
    assert empty.accounts.count() == 0
