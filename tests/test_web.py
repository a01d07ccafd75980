"""Fetching links (workbench.web) from a real HTTP server on loopback (the news_site fixture): the limits, the
refused addresses, and one line per failure."""

from __future__ import annotations

import socket
import time

import pytest

from workbench import web
from workbench.web import FetchError, blocked_address, check_link, fetch, fetch_page


def error_of(call, *args, **kwargs) -> str:
    with pytest.raises(FetchError) as info:
        call(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("file:///etc/passwd", "file: links are not fetched; only http and https"),
        ("ftp://example.org/a.html", "ftp: links are not fetched; only http and https"),
        ("javascript:alert(1)", "javascript: links are not fetched; only http and https"),
        ("www.example.org/news", "links without http:// or https:// are not fetched; only http and https"),
        ("http:///path-only", "the link has no host"),
        ("http://example.org:port/", "not a valid link"),
    ],
)
def test_only_http_and_https_links_with_a_host(link, expected):
    message = error_of(check_link, link)
    assert message.startswith(f"{link}: {expected}")
    assert check_link(" https://example.org/a ") == "https://example.org/a"


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "224.0.0.251", "240.0.0.1", "::1", "fe80::1%eth0", "fc00::5", "::ffff:127.0.0.1", "::ffff:10.0.0.1"],
)  # fmt: skip
def test_private_local_and_reserved_addresses_are_blocked(address):
    assert blocked_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_not_blocked(address):
    assert not blocked_address(address)


def test_a_loopback_server_is_refused_unless_allowed(news_site):
    link = news_site.url("/en/council.html")
    message = error_of(fetch, link, allow_private=False)
    assert message == (
        f"{link}: 127.0.0.1 is a private or local address (127.0.0.1); refused"
        " (--allow-private or WORKBENCH_ALLOW_PRIVATE=1 allows it)"
    )
    assert news_site.hits[link.split(str(news_site.port))[1]] == 0  # refused before any request
    page = fetch_page(link, allow_private=True)
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert b"Council votes to close two libraries" in page.data


def test_the_environment_switch_allows_private_addresses(news_site, monkeypatch):
    link = news_site.url("/en/council.html")
    monkeypatch.delenv("WORKBENCH_ALLOW_PRIVATE", raising=False)
    assert "private or local address" in error_of(fetch, link)
    monkeypatch.setenv("WORKBENCH_ALLOW_PRIVATE", "1")
    assert fetch(link).final_url == link


def test_every_request_names_the_tool(news_site):
    fetch(news_site.url("/en/council.html"), allow_private=True)
    assert news_site.user_agents[-1].startswith("ClaimWorkbench/")


def test_redirects_are_followed_up_to_a_limit(news_site):
    fetched = fetch_page(news_site.url("/redirect/3"), allow_private=True)
    assert fetched.final_url == news_site.url("/en/council.html")
    assert fetched.url == news_site.url("/redirect/3")
    loop = news_site.url("/redirect/loop")
    assert error_of(fetch, loop, allow_private=True) == f"{loop}: more than 5 redirects; stopped"
    assert news_site.hits["/redirect/loop"] == 6
    too_long = news_site.url("/redirect/6")
    assert error_of(fetch, too_long, allow_private=True) == f"{too_long}: more than 5 redirects; stopped"


def test_a_redirect_to_another_scheme_is_refused(news_site):
    message = error_of(fetch, news_site.url("/redirect/file"), allow_private=True)
    assert message == "file:///etc/passwd: file: links are not fetched; only http and https"


def test_each_redirect_hop_is_checked_again(news_site, monkeypatch):
    # The check's name lookup (only the check's: the request still reaches the server on loopback) says
    # "localhost" is a public address, so the first hop passes; the redirect then points at 127.0.0.1.
    real = web.resolve
    monkeypatch.setattr(
        web, "resolve", lambda host, port: ["93.184.216.34"] if host == "localhost" else real(host, port)
    )
    link = f"http://localhost:{news_site.port}/redirect/loopback"
    message = error_of(fetch, link, allow_private=False)
    assert "127.0.0.1 is a private or local address" in message
    assert news_site.hits["/redirect/loopback"] == 1 and news_site.hits["/en/council.html"] == 0


def test_http_errors_say_their_status(news_site):
    link = news_site.url("/missing")
    assert error_of(fetch, link, allow_private=True) == f"{link}: HTTP 404 Not Found"


def test_a_slow_response_times_out(news_site):
    link = news_site.url("/slow")
    started = time.monotonic()
    assert error_of(fetch, link, allow_private=True, timeout=0.5) == f"{link}: timed out after 0.5 s"
    assert time.monotonic() - started < 2.5


def test_a_response_that_trickles_in_times_out_as_a_whole(news_site):
    link = news_site.url("/trickle")  # a byte every 0.2 s: no single read waits a second
    started = time.monotonic()
    assert error_of(fetch, link, allow_private=True, timeout=1.0) == f"{link}: timed out after 1 s"
    assert time.monotonic() - started < 2.5


def test_a_huge_response_is_refused_by_its_announced_length(news_site):
    link = news_site.url("/huge")
    assert error_of(fetch, link, allow_private=True) == (
        f"{link}: too large (104,857,600 bytes, the limit is 16,777,216); not fetched"
    )


def test_a_huge_response_without_a_length_stops_at_the_limit(news_site, monkeypatch):
    monkeypatch.setattr(web, "MAX_BYTES", 2 * 1024 * 1024)
    link = news_site.url("/huge-unannounced")
    started = time.monotonic()
    message = error_of(fetch, link, allow_private=True)
    assert message == f"{link}: too large (over the limit of 2,097,152 bytes); stopped reading"
    assert time.monotonic() - started < 10


def test_a_page_must_be_html(news_site):
    link = news_site.url("/report.pdf")
    assert fetch(link, allow_private=True).content_type == "application/pdf"
    assert (
        error_of(fetch_page, link, allow_private=True)
        == f"{link}: not an HTML page (content type application/pdf)"
    )


def test_an_unknown_host_and_a_closed_port_are_one_line_each(news_site):
    assert "cannot find the host nothing.invalid" in error_of(fetch, "http://nothing.invalid/a")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    assert error_of(fetch, f"http://127.0.0.1:{port}/", allow_private=True).startswith(
        f"http://127.0.0.1:{port}/: cannot connect"
    )
