"""The desk's door: what stands in front of the Streamlit app when `workbench serve` runs it (``server.py``).

* **Host check.** Every request and WebSocket names a host the server was told to answer to (loopback names,
  ``--host`` and ``--public-name``), and a WebSocket's or form's ``Origin`` too. A page on another site that
  points its own DNS name at 127.0.0.1 (DNS rebinding) sends its own name and is refused.
* **Sign-in.** ``/signin`` is a plain HTML form (no script) with a CSRF token in a cookie and in the form;
  a good name and password start a server-side session (``accounts.start_session``) whose token goes into an
  HttpOnly, SameSite=Strict cookie. ``/signout`` and Streamlit's ``/auth/logout`` end it.
* **Session check.** Without a valid session cookie, every other path is refused: pages send the browser to
  the sign-in page, the app's WebSocket (``/_stcore/stream``) and other requests are refused outright. The
  Streamlit pages look the session up again on every rerun (``ui.common.signed_in``), so a session ended or
  an account disabled meanwhile stops at the next click.
* **Local desk.** A database without any account to sign in with, served on loopback to a loopback client,
  is signed in as the built-in admin ``desk`` (``accounts.local_desk``), so ``workbench demo`` works with one
  command. The first ``workbench user add`` ends it.
* **Single sign-on.** With an ``[auth]`` section in Streamlit's secrets, Streamlit's own ``st.login`` does
  the sign-in: the app (behind the host check) opens to show its button, and each rerun maps ``st.user`` to
  an account (``accounts.account_for_identity``) or shows nothing but the sign-in.
"""

from __future__ import annotations

import hmac
import html
import secrets
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import quote, urlsplit

from workbench import config
from workbench.accounts import (
    SESSION_HOURS,
    end_session,
    local_desk,
    local_desk_open,
    session_account,
    start_session,
    verify_password,
)
from workbench.records import is_loopback
from workbench.store import open_db

SESSION_COOKIE = "workbench_session"
CSRF_COOKIE = "workbench_csrf"
SIGNIN, SIGNOUT = "/signin", "/signout"
# Reachable without a session: the sign-in and sign-out pages, and the health check (it answers "ok" only).
OPEN_PATHS = {SIGNIN, SIGNOUT, "/_stcore/health"}
# Streamlit's single sign-on routes, open only when single sign-on is configured (``[auth]`` in secrets).
SSO_PATHS = {"/auth/login", "/oauth2callback"}
LOGOUT_PATH = "/auth/logout"  # st.logout() sends the browser here; the session ends with it
SESSION_CACHE_SECONDS = 5.0  # a checked cookie is trusted this long for the many requests of one page load
MAX_FAILURES, FAILURE_WINDOW, LOCKOUT = 5, 15 * 60, 60  # wrong passwords per name and address, then a pause
SECURITY_HEADERS = [
    (b"x-frame-options", b"SAMEORIGIN"),  # no framing by other sites (clickjacking the review keys)
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
PAGE_HEADERS = {  # our own pages: no script at all, nothing cached
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'",
    "cache-control": "no-store",
}


# --- pure rules ------------------------------------------------------------------------------------------


def host_name(host: str | None) -> str:
    """The host name of a Host header or an origin's netloc, lower case, without port or brackets ("" if
    malformed)."""
    if not host:
        return ""
    try:
        parts = urlsplit(f"//{host.strip()}")
        name = parts.hostname or ""
        _ = parts.port  # a malformed port raises
    except ValueError:
        return ""
    if parts.username is not None or parts.password is not None or parts.path or parts.query:
        return ""
    return name.lower().rstrip(".")


def host_allowed(host: str | None, allowed: list[str]) -> bool:
    """Whether a Host header names one of the ``allowed`` host names (ports aside)."""
    name = host_name(host)
    return bool(name) and name in {a.strip().lower().strip("[]").rstrip(".") for a in allowed}


def origin_allowed(origin: str | None, allowed: list[str]) -> bool:
    """Whether an Origin header is absent (not a browser's cross-site request) or names an allowed host over
    http(s). ``null`` (a sandboxed or file page) is refused."""
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and host_allowed(parts.netloc, allowed)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this server, never another site ("/" otherwise)."""
    target = target or "/"
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(c < " " for c in target)
    ):
        return "/"
    if urlsplit(target).path in (SIGNIN, SIGNOUT, LOGOUT_PATH):
        return "/"
    return target


def sso_configured() -> bool:
    """Whether Streamlit's secrets hold an ``[auth]`` section (single sign-on with st.login)."""
    try:
        import streamlit as st

        return st.secrets.load_if_toml_exists() and "auth" in st.secrets
    except Exception:  # no secrets file, or one Streamlit cannot read: no single sign-on
        return False


class Failures:
    """Wrong passwords per (name, client address): after MAX_FAILURES within FAILURE_WINDOW seconds, sign-in
    for that pair pauses LOCKOUT seconds. In memory: a restart forgets, which only helps the owner."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], list[float]] = {}

    def blocked(self, key: tuple[str, str]) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._seen.get(key, []) if now - t < FAILURE_WINDOW]
            self._seen[key] = recent
            return len(recent) >= MAX_FAILURES and now - recent[-1] < LOCKOUT

    def add(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._seen.setdefault(key, []).append(time.monotonic())

    def clear(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._seen.pop(key, None)


# --- the database, from the server's threads ------------------------------------------------------------


def _with_db(work):
    """Run ``work(db)`` on a connection of its own (the server calls this in worker threads)."""
    db = open_db(config.db_path(), pooled=True)
    try:
        return work(db)
    finally:
        db.close()


class SessionCache:
    """Session cookies checked in the last SESSION_CACHE_SECONDS, so the dozens of requests of one page load
    do not each read the database. A sign-out forgets its cookie at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._valid: dict[str, float] = {}

    def check(self, token: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._valid.get(token, 0.0) > now:
                return True
        ok = _with_db(lambda db: session_account(db, token) is not None)
        if ok:
            with self._lock:
                self._valid = {t: u for t, u in self._valid.items() if u > now}
                self._valid[token] = now + SESSION_CACHE_SECONDS
        return ok

    def forget(self, token: str) -> None:
        with self._lock:
            self._valid.pop(token, None)


# --- responses -------------------------------------------------------------------------------------------


def _cookie(name: str, value: str, max_age: int, secure: bool) -> str:
    """A Set-Cookie value: HttpOnly and SameSite=Strict always (no script reads it, no other site sends it)."""
    return f"{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict" + (
        "; Secure" if secure else ""
    )


def signin_page(csrf: str, next_path: str, message: str = "", name: str = "", sso: bool = False) -> str:
    """The sign-in page: a form of our own, every value escaped, no script."""
    e = html.escape
    notice = f'<p class="msg" role="alert">{e(message)}</p>' if message else ""
    sso_hint = (
        '<p>Your organisation\'s sign-in: open <a href="/">the workbench</a> and use its sign-in button.</p>'
        if sso
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Claim Workbench</title>
<style>
body{{font-family:system-ui,sans-serif;background:#f6f6f8;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}}
main{{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px #0002;width:22rem}}
h1{{font-size:1.4rem;margin:0 0 .3rem}} p{{color:#444}} label{{display:block;margin:.9rem 0 .3rem;font-weight:600}}
input{{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem;border:1px solid #bbb;border-radius:6px}}
button{{margin-top:1.2rem;width:100%;padding:.65rem;font-size:1rem;border:0;border-radius:6px;background:#ff4b4b;color:#fff;cursor:pointer}}
.msg{{background:#fdecea;color:#8a1c12;padding:.6rem .8rem;border-radius:6px}}
</style></head>
<body><main>
<h1>Claim Workbench</h1>
<p>Sign in to review claims.</p>
{notice}
<form method="post" action="{SIGNIN}">
<input type="hidden" name="csrf" value="{e(csrf)}">
<input type="hidden" name="next" value="{e(next_path)}">
<label for="name">Account</label>
<input id="name" name="name" autocomplete="username" required value="{e(name)}" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
{sso_hint}
</main></body></html>"""


def signout_page(csrf: str) -> str:
    """The page that confirms a sign-out (a form, so another site cannot sign anyone out by a link)."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign out · Claim Workbench</title>
<style>body{{font-family:system-ui,sans-serif;display:flex;min-height:100vh;align-items:center;justify-content:center}}
button{{padding:.6rem 1.4rem;font-size:1rem}}</style></head>
<body><main><h1>Sign out of Claim Workbench?</h1>
<form method="post" action="{SIGNOUT}"><input type="hidden" name="csrf" value="{html.escape(csrf)}">
<button type="submit">Sign out</button></form></main></body></html>"""


# --- routes ----------------------------------------------------------------------------------------------

FAILURES = Failures()
SESSIONS = SessionCache()


def _client(request) -> str:
    return request.client.host if request.client else ""


def _page(body: str, status: int = 200, csrf: str | None = None, secure: bool = False):
    from starlette.responses import HTMLResponse

    response = HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)
    if csrf is not None:
        response.headers.append("set-cookie", _cookie(CSRF_COOKIE, csrf, 3600, secure))
    return response


def _csrf_ok(request, form) -> bool:
    cookie, field = request.cookies.get(CSRF_COOKIE, ""), form.get("csrf", "")
    return bool(cookie) and isinstance(field, str) and hmac.compare_digest(cookie, field)


async def signin(request):
    """GET: the sign-in form. POST: check the CSRF token and the password, start a session, go on."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    secure = request.url.scheme == "https"
    if request.method == "GET":
        csrf = secrets.token_urlsafe(24)
        signed_out = "signed_out" in request.query_params
        return _page(
            signin_page(
                csrf,
                safe_next(request.query_params.get("next")),
                "You are signed out." if signed_out else "",
                sso=sso_configured(),
            ),
            csrf=csrf,
            secure=secure,
        )
    form = await request.form()
    name = str(form.get("name", ""))[:100]
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    fresh = secrets.token_urlsafe(24)
    if not _csrf_ok(request, form):
        return _page(
            signin_page(fresh, target, "The form had expired; please sign in again.", name),
            400,
            fresh,
            secure,
        )
    key = (name.strip().lower(), _client(request))
    if FAILURES.blocked(key):
        return _page(
            signin_page(fresh, target, "Too many wrong passwords: wait a minute, then try again.", name),
            429,
            fresh,
            secure,
        )

    def check(db):
        account = verify_password(db, name, password)
        return start_session(db, account) if account else None

    token = await run_in_threadpool(_with_db, check)
    if token is None:
        FAILURES.add(key)
        return _page(signin_page(fresh, target, "Wrong account name or password.", name), 401, fresh, secure)
    FAILURES.clear(key)
    response = RedirectResponse(target, status_code=303)
    response.headers.append("set-cookie", _cookie(SESSION_COOKIE, token, int(SESSION_HOURS * 3600), secure))
    response.headers.append("set-cookie", _cookie(CSRF_COOKIE, "", 0, secure))
    return response


async def signout(request):
    """GET: a confirmation form. POST (with its CSRF token): end the session, clear the cookie."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    secure = request.url.scheme == "https"
    if request.method == "GET":
        csrf = secrets.token_urlsafe(24)
        return _page(signout_page(csrf), csrf=csrf, secure=secure)
    form = await request.form()
    if not _csrf_ok(request, form):
        csrf = secrets.token_urlsafe(24)
        return _page(signout_page(csrf), 400, csrf, secure)
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        SESSIONS.forget(token)
        await run_in_threadpool(_with_db, lambda db: end_session(db, token))
    response = RedirectResponse(f"{SIGNIN}?signed_out=1", status_code=303)
    response.headers.append("set-cookie", _cookie(SESSION_COOKIE, "", 0, secure))
    return response


def routes() -> list:
    """The sign-in and sign-out routes, for st.App."""
    from starlette.routing import Route

    return [Route(SIGNIN, signin, methods=["GET", "POST"]), Route(SIGNOUT, signout, methods=["GET", "POST"])]


# --- the guard -------------------------------------------------------------------------------------------


def _cookies(scope) -> dict[str, str]:
    jar = SimpleCookie()
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header: read as no cookies
                continue
    return {k: m.value for k, m in jar.items()}


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


class DeskGuard:
    """ASGI middleware: the host check for every request and WebSocket, and the session check for everything
    but OPEN_PATHS (see the module's docstring). Refusals never reach Streamlit."""

    def __init__(self, app) -> None:
        self.app = app
        self.allowed = config.allowed_hosts()
        self.bound_to_loopback = is_loopback(config.bind_address())

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not host_allowed(_header(scope, b"host"), self.allowed) or not origin_allowed(
            _header(scope, b"origin"), self.allowed
        ):
            await self._refuse(scope, receive, send, 403, "This server does not answer to that host name.")
            return
        send = self._with_headers(scope, send)
        path = scope.get("path", "/")
        sso = sso_configured()
        if path in OPEN_PATHS or (sso and path in SSO_PATHS):
            await self.app(scope, receive, send)
            return
        token = _cookies(scope).get(SESSION_COOKIE, "")
        if path == LOGOUT_PATH:
            await self._logout(scope, receive, send, token, sso)
            return
        if token and await self._valid(token):
            await self.app(scope, receive, send)
            return
        if (
            sso
        ):  # the app opens to offer st.login; each rerun maps st.user to an account or shows nothing else
            await self.app(scope, receive, send)
            return
        if scope["type"] == "http" and await self._local_desk(scope):
            await self._sign_in_desk(scope, send)
            return
        if scope["type"] == "http" and scope.get("method") == "GET" and "/_stcore/" not in path:
            query = scope.get("query_string", b"").decode("latin-1")
            back = path + (f"?{query}" if query else "")
            await self._redirect(scope, send, f"{SIGNIN}?next={quote(back, safe='')}")
            return
        await self._refuse(scope, receive, send, 401, "Sign in first.")

    async def _valid(self, token: str) -> bool:
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(SESSIONS.check, token)

    async def _local_desk(self, scope) -> bool:
        """A local desk signs in loopback clients of a loopback server, while no account can sign in."""
        from starlette.concurrency import run_in_threadpool

        client = (scope.get("client") or ("", 0))[0]
        if not (self.bound_to_loopback and is_loopback(client) and scope.get("method") == "GET"):
            return False
        return await run_in_threadpool(_with_db, local_desk_open)

    async def _sign_in_desk(self, scope, send) -> None:
        from starlette.concurrency import run_in_threadpool

        token = await run_in_threadpool(_with_db, lambda db: start_session(db, local_desk(db)))
        query = scope.get("query_string", b"").decode("latin-1")
        here = scope.get("path", "/") + (f"?{query}" if query else "")
        secure = scope.get("scheme") == "https"
        await self._redirect(
            scope,
            send,
            here,
            [("set-cookie", _cookie(SESSION_COOKIE, token, int(SESSION_HOURS * 3600), secure))],
        )

    async def _logout(self, scope, receive, send, token: str, sso: bool) -> None:
        """Streamlit's /auth/logout (st.logout): end our session and clear its cookie; Streamlit then ends its
        own single sign-on cookie, if any."""
        from starlette.concurrency import run_in_threadpool

        if token:
            SESSIONS.forget(token)
            await run_in_threadpool(_with_db, lambda db: end_session(db, token))
        clear = _cookie(SESSION_COOKIE, "", 0, scope.get("scheme") == "https")
        if sso and scope["type"] == "http":

            async def send_clearing(message):
                if message["type"] == "http.response.start":
                    message = dict(
                        message, headers=[*message.get("headers", []), (b"set-cookie", clear.encode())]
                    )
                await send(message)

            await self.app(scope, receive, send_clearing)
            return
        await self._redirect(scope, send, f"{SIGNIN}?signed_out=1", [("set-cookie", clear)])

    @staticmethod
    def _with_headers(scope, send):
        """``send`` that adds SECURITY_HEADERS to every HTTP response."""
        if scope["type"] != "http":
            return send

        async def sending(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = dict(message, headers=[*message.get("headers", []), *extra])
            await send(message)

        return sending

    @staticmethod
    async def _redirect(scope, send, location: str, headers: list[tuple[str, str]] = ()) -> None:
        from starlette.responses import RedirectResponse

        response = RedirectResponse(location, status_code=303, headers=PAGE_HEADERS)
        for key, value in headers:
            response.headers.append(key, value)
        await response(scope, None, send)

    @staticmethod
    async def _refuse(scope, receive, send, status: int, text: str) -> None:
        if scope["type"] == "websocket":
            await receive()  # websocket.connect; closing before accepting answers the handshake with 403
            await send({"type": "websocket.close", "code": 1008})
            return
        from starlette.responses import PlainTextResponse

        await PlainTextResponse(text, status_code=status, headers=PAGE_HEADERS)(scope, receive, send)
