"""Fetching links (web pages and feeds) over HTTP(S), with the limits a shared server needs.

Only http and https; a timeout on the whole fetch; a size limit (the body is streamed and reading stops at the
limit); a limit on redirects, each hop's address checked again; a User-Agent that names the tool. Addresses
on private, loopback, link-local, multicast or reserved networks are refused unless the caller allows them
(``allow_private``: ``--allow-private`` or ``$WORKBENCH_ALLOW_PRIVATE``), so a server running the workbench
cannot be made to reach the internal services beside it. Every failure is a ``FetchError`` whose message is
one line naming the link.

The host is resolved and checked before each request, and httpx resolves it again to connect: a name whose
address changes between the two (DNS rebinding) is not caught. Imports only records and config.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urljoin, urlsplit

from . import config

TIMEOUT = 20.0  # seconds for the whole fetch, redirects included
MAX_REDIRECTS = 5
MAX_BYTES = (
    16 * 1024 * 1024
)  # the same as formats.files.MAX_PAGE_BYTES: what is fetched must also be readable
HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = (301, 302, 303, 307, 308)


def user_agent() -> str:
    """The User-Agent of every request: the tool's name and version."""
    try:
        version = metadata.version("claim-workbench")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"ClaimWorkbench/{version} (offline fact-checking workbench; fetches pages a user asked for)"


class FetchError(ValueError):
    """A link that could not be fetched; the message is one line naming the link and what went wrong."""


@dataclass
class Fetched:
    """What a fetch brought: the link asked for, where it ended after redirects, the content type (lower
    case, without parameters), the charset the server declared ("" if none) and the body."""

    url: str
    final_url: str
    content_type: str
    charset: str
    data: bytes


def check_link(url: str) -> str:
    """``url`` stripped if it is an http(s) link with a host; raise FetchError naming what is wrong."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid link ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"{scheme}: links" if scheme else "links without http:// or https://"
        raise FetchError(f"{url}: {what} are not fetched; only http and https")
    try:
        host = parts.hostname
        parts.port  # noqa: B018  (raises on a port that is no number)
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid link ({exc})") from exc
    if not host:
        raise FetchError(f"{url}: the link has no host")
    return url


def blocked_address(address: str) -> bool:
    """Whether an IP address is not on the public internet (private, loopback, link-local, multicast,
    reserved, unspecified, carrier-grade NAT …); an IPv4 address mapped into IPv6 is judged as IPv4."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (what the check below judges)."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def check_address(url: str, allow_private: bool) -> None:
    """Resolve the link's host and refuse it (FetchError) when any of its addresses is not public, unless
    ``allow_private``; a host that does not resolve is refused too."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FetchError(f"{url}: cannot find the host {host} ({reason})") from exc
    if allow_private:
        return
    for address in addresses:
        if blocked_address(address):
            raise FetchError(
                f"{url}: {host} is a private or local address ({address}); refused"
                " (--allow-private or WORKBENCH_ALLOW_PRIVATE=1 allows it)"
            )


def fetch(
    url: str,
    *,
    allow_private: bool | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int = MAX_REDIRECTS,
    accept: str = "*/*",
) -> Fetched:
    """GET ``url`` within the limits (see the module); raise FetchError with one line on any failure.

    ``allow_private`` None: ``$WORKBENCH_ALLOW_PRIVATE`` decides; ``timeout`` and ``max_bytes`` None: the
    module's TIMEOUT and MAX_BYTES (read at call time, so tests can lower them).
    """
    import httpx

    allow = config.allow_private() if allow_private is None else allow_private
    timeout = TIMEOUT if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    asked = current = check_link(url)
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": user_agent(), "Accept": accept}
    redirects = 0
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, headers=headers) as client:
            while True:
                check_address(current, allow)
                with client.stream("GET", current) as response:
                    if response.status_code in _REDIRECTS and response.headers.get("location"):
                        redirects += 1
                        if redirects > max_redirects:
                            raise FetchError(f"{asked}: more than {max_redirects} redirects; stopped")
                        current = check_link(urljoin(current, response.headers["location"]))
                        continue
                    if response.status_code >= 400:
                        reason = response.reason_phrase or "error"
                        raise FetchError(f"{asked}: HTTP {response.status_code} {reason}")
                    data = _read_body(asked, response, max_bytes, deadline, timeout)
                    kind, charset = _content_type(response.headers.get("content-type", ""))
                    return Fetched(asked, str(response.url), kind, charset, data)
    except httpx.TimeoutException as exc:
        raise FetchError(f"{asked}: timed out after {timeout:g} s") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"{asked}: {_network_reason(exc)}") from exc


def fetch_page(url: str, *, allow_private: bool | None = None, timeout: float | None = None) -> Fetched:
    """``fetch`` a web page: refused (FetchError) unless the server says it is HTML, or says nothing and
    it starts like HTML."""
    fetched = fetch(url, allow_private=allow_private, timeout=timeout, accept=", ".join(HTML_TYPES))
    if fetched.content_type in HTML_TYPES:
        return fetched
    if not fetched.content_type and fetched.data[:1024].lstrip()[:1] == b"<":
        return fetched
    raise FetchError(f"{url}: not an HTML page (content type {fetched.content_type or 'unknown'})")


def _read_body(url: str, response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, streamed: refused as soon as it passes ``max_bytes`` (or announces more) or the deadline."""
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise FetchError(
            f"{url}: too large ({int(announced):,} bytes, the limit is {max_bytes:,}); not fetched"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: too large (over the limit of {max_bytes:,} bytes); stopped reading")
        if time.monotonic() > deadline:  # a server that trickles bytes never trips the read timeout
            raise FetchError(f"{url}: timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"."""
    kind, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def _network_reason(exc: Exception) -> str:
    """One line for a network failure: what kind, and the library's reason without its line breaks."""
    import httpx

    kinds = {
        httpx.ConnectError: "cannot connect",
        httpx.RemoteProtocolError: "the server broke the connection",
        httpx.UnsupportedProtocol: "unsupported protocol",
        httpx.InvalidURL: "not a valid link",
    }
    what = next((label for cls, label in kinds.items() if isinstance(exc, cls)), "cannot fetch")
    detail = " ".join(str(exc).split())
    return f"{what} ({detail})" if detail else what
