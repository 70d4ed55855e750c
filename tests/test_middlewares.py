"""The downloader middlewares: SSRF guard, Crawl-delay, Retry-After, redirect loops.

Decisions are tested on pure functions with stub resolvers: no test here sends
a packet outside 127.0.0.0/8, nor asks DNS about a real name. End to end, a
crawl runs in a subprocess against servers on 127.0.0.1 and 127.0.0.2, with the
test host names answered by the SSRF resolver itself (``WELLNESS_TEST_HOSTS``).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from types import SimpleNamespace

import pytest

from crawling import guarded_crawl, pages_of, servers_on_one_port
from faultserver import FaultServer, html, post_html
from wellness_archiver.crawler.middlewares.redirect_loop import loop_target
from wellness_archiver.crawler.middlewares.retry_after import backoff_wait, parse_retry_after
from wellness_archiver.crawler.middlewares.robots_delay import CrawlDelayMiddleware
from wellness_archiver.crawler.middlewares.ssrf_policy import AddressPolicy, check_url, is_forbidden_address
from wellness_archiver.crawler.middlewares.ssrf_resolver import SSRFGuardResolver

# -- SSRF: the decision ----------------------------------------------------------------


FORBIDDEN = {
    "10.0.0.5": "private address",
    "10.255.255.255": "private address",
    "172.16.0.1": "private address",
    "172.31.255.254": "private address",
    "192.168.1.1": "private address",
    "169.254.169.254": "link-local address",
    "169.254.1.1": "link-local address",
    "127.0.0.1": "loopback address",
    "127.0.0.2": "loopback address",
    "100.64.0.1": "CGNAT shared address",
    "0.0.0.0": "unspecified address",
    "0.1.2.3": "'this network' address",
    "224.0.0.251": "multicast address",
    "240.0.0.1": "reserved address",
    "::1": "loopback address",
    "::": "unspecified address",
    "fc00::1": "private address",
    "fd12:3456::1": "private address",
    "fe80::1": "link-local address",
    "fe80::1%eth0": "link-local address",
    "ff02::1": "multicast address",
    "::ffff:192.168.1.1": "private address",
    "::ffff:10.0.0.1": "private address",
    "::ffff:127.0.0.1": "loopback address",
    "::ffff:169.254.169.254": "link-local address",
    "64:ff9b::a00:1": "private address",  # NAT64 of 10.0.0.1
    "2002:c0a8:101::1": "private address",  # 6to4 of 192.168.1.1
}
PUBLIC = ["93.184.216.34", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34",
          "64:ff9b::5db8:d822"]  # NAT64 of 93.184.216.34


@pytest.mark.parametrize("ip,category", FORBIDDEN.items())
def test_forbidden_addresses(ip, category):
    reason = is_forbidden_address(ip)
    assert reason is not None and reason.startswith(category), reason
    assert ip in reason


def test_cloud_metadata_is_named():
    assert is_forbidden_address("169.254.169.254") == "link-local address 169.254.169.254 (cloud metadata)"
    assert "IPv4-mapped 192.168.1.1" in is_forbidden_address("::ffff:192.168.1.1")


@pytest.mark.parametrize("ip", PUBLIC)
def test_public_addresses_are_allowed(ip):
    assert is_forbidden_address(ip) is None


def stub_resolver(answers: dict[str, list[str]]):
    asked = []

    def resolve(host):
        asked.append(host)
        return answers[host]

    resolve.asked = asked
    return resolve


@pytest.mark.parametrize("ip", [ip for ip in FORBIDDEN if "%" not in ip])
def test_check_url_refuses_a_name_resolving_to_a_forbidden_address(ip):
    resolve = stub_resolver({"blog.example": [ip]})
    reason = check_url("https://blog.example/post/", resolve)
    assert reason.startswith(f"SSRF guard: blog.example resolves to {ip}, a"), reason
    assert resolve.asked == ["blog.example"]


def test_check_url_allows_public_answers():
    resolve = stub_resolver({"blog.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]})
    assert check_url("https://blog.example/", resolve) is None


def test_any_forbidden_answer_refuses():
    resolve = stub_resolver({"rebind.example": ["93.184.216.34", "10.0.0.1"]})
    assert check_url("http://rebind.example/", resolve) == (
        "SSRF guard: rebind.example resolves to 10.0.0.1, a private address"
    )


def test_ip_literals_are_not_resolved():
    resolve = stub_resolver({})
    assert check_url("http://127.0.0.2:8080/x", resolve) == "SSRF guard: 127.0.0.2 is a loopback address"
    assert check_url("http://[::1]/", resolve) == "SSRF guard: ::1 is a loopback address"
    assert check_url("http://169.254.169.254/latest/meta-data/", resolve).startswith(
        "SSRF guard: 169.254.169.254 is a link-local address"
    )
    assert resolve.asked == []


def test_allow_list_is_exact():
    resolve = stub_resolver({"blog.test": ["127.0.0.1"], "both.test": ["127.0.0.1", "127.0.0.2"]})
    assert check_url("http://blog.test/", resolve, allowed=["127.0.0.1"]) is None
    assert check_url("http://both.test/", resolve, allowed=["127.0.0.1"]).endswith("127.0.0.2, a loopback address")
    assert check_url("http://[::1]/", resolve, allowed=["0:0:0:0:0:0:0:1"]) is None  # normalised


def test_allow_private_only_for_trusted_seed_hosts():
    policy = AddressPolicy(allow_private=True, trusted_hosts=["127.0.0.1", "intranet.test"])
    assert policy.check("127.0.0.1", ["127.0.0.1"]) is None
    assert policy.check("intranet.test", ["10.1.2.3"]) is None
    assert policy.check("127.0.0.2", ["127.0.0.2"]) == "SSRF guard: 127.0.0.2 is a loopback address"
    assert policy.check("metadata.test", ["169.254.169.254"]).startswith("SSRF guard: metadata.test resolves to")
    assert AddressPolicy(trusted_hosts=["127.0.0.1"]).check("127.0.0.1", ["127.0.0.1"])  # flag off


class _NoDNS:
    """A reactor stand-in whose system resolver must never be asked."""

    class nameResolver:
        @staticmethod
        def resolveHostName(*args, **kwargs):
            raise AssertionError("the system resolver was asked")


class _Receiver:
    def __init__(self):
        self.addresses, self.done = [], False

    def resolutionBegan(self, resolution):
        pass

    def addressResolved(self, address):
        self.addresses.append((address.host, address.port))

    def resolutionComplete(self):
        self.done = True


def test_resolver_answers_test_hosts_and_refuses_forbidden_answers():
    resolver = SSRFGuardResolver(
        _NoDNS(), AddressPolicy(allowed=["127.0.0.1"]),
        test_hosts={"blog.test": ["127.0.0.1"], "evil.test": ["127.0.0.1", "192.168.1.1"]},
    )
    ok = _Receiver()
    resolver.resolveHostName(ok, "blog.test", 8080)
    assert ok.done and ok.addresses == [("127.0.0.1", 8080)]

    refused = _Receiver()
    resolver.resolveHostName(refused, "evil.test", 80)
    assert refused.done and refused.addresses == []  # the connection fails: nothing to connect to
    assert resolver.refusals["evil.test"] == "SSRF guard: evil.test resolves to 192.168.1.1, a private address"

    literal = _Receiver()
    resolver.resolveHostName(literal, "10.0.0.1", 80)  # IP literals go through the resolver too
    assert literal.addresses == [] and "10.0.0.1" in resolver.refusals


# -- SSRF end to end: real servers on 127.0.0.1 and 127.0.0.2 ---------------------------


@pytest.fixture(scope="module")
def ssrf_sites():
    blog, internal = servers_on_one_port()
    port = blog.port
    www = f"http://www.blog.test:{port}"  # on the seed's site, but resolves to 127.0.0.2
    blog.routes.update({
        "/robots.txt": lambda h: html("User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/": lambda h: html(
            "<html><head><title>Blog</title></head><body><h1>Blog</h1>"
            "<ul><li><h2><a href='/posts/one/'>One</a></h2></li>"
            "<li><h2><a href='/go/ip/'>Redirect to an IP</a></h2></li>"
            "<li><h2><a href='/go/name/'>Redirect to a name</a></h2></li>"
            f"<li><h2><a href='{www}/posts/internal/'>A link to the www alias</a></h2></li>"
            f"<li><h2><a href='http://127.0.0.2:{port}/posts/ip-link/'>A link to the IP</a></h2></li>"
            "</ul></body></html>"
        ),
        "/posts/one/": lambda h: html(post_html("Post one")),
        "/go/ip/": lambda h: html("", 302, Location=f"http://127.0.0.2:{port}/admin/"),
        "/go/name/": lambda h: html("", 302, Location=f"{www}/admin/"),
    })
    with blog, internal:
        yield SimpleNamespace(blog=blog, internal=internal, port=port,
                              seed=f"http://blog.test:{port}/",
                              hosts=json.dumps({"blog.test": "127.0.0.1", "www.blog.test": "127.0.0.2"}))


def test_ssrf_end_to_end_allow_listed_seed(ssrf_sites, tmp_path):
    s = ssrf_sites
    db = tmp_path / "a.db"
    proc = guarded_crawl(s.seed, db, f"WELLNESS_TEST_HOSTS={s.hosts}", "WELLNESS_ALLOWED_ADDRESSES=127.0.0.1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert s.internal.hits() == 0, s.internal.log
    assert s.blog.hits("/posts/one/") == 1
    pages = pages_of(db)
    base = f"http://blog.test:{s.port}"
    assert pages[f"{base}/posts/one/"]["page_type"] == "post"
    # Redirects are refused while their 3xx response is at hand (an off-site
    # redirect would otherwise be dropped silently by OffsiteMiddleware).
    assert pages[f"{base}/go/ip/"]["error"] == (
        f"SSRF guard: 127.0.0.2 is a loopback address (redirect to http://127.0.0.2:{s.port}/admin/)"
    )
    name_reason = "SSRF guard: www.blog.test resolves to 127.0.0.2, a loopback address"
    assert pages[f"{base}/go/name/"]["error"].startswith(name_reason)
    assert pages[f"http://www.blog.test:{s.port}/posts/internal/"]["error"] == name_reason
    for url in (f"{base}/go/ip/", f"{base}/go/name/"):
        assert pages[url]["page_type"] in ("blocked", "error")


def test_ssrf_end_to_end_without_allow_list_refuses_the_seed(ssrf_sites, tmp_path):
    s = ssrf_sites
    before = s.blog.hits()
    db = tmp_path / "b.db"
    proc = guarded_crawl(s.seed, db, f"WELLNESS_TEST_HOSTS={s.hosts}")
    assert s.blog.hits() == before and s.internal.hits() == 0
    pages = pages_of(db)
    assert pages[s.seed]["error"] == "SSRF guard: blog.test resolves to 127.0.0.1, a loopback address"
    assert proc.returncode == 1  # nothing could be fetched: failure


def test_ssrf_allow_private_trusts_only_the_seed_host(ssrf_sites, tmp_path):
    s = ssrf_sites
    db = tmp_path / "c.db"
    proc = guarded_crawl(s.seed, db, f"WELLNESS_TEST_HOSTS={s.hosts}", "WELLNESS_ALLOW_PRIVATE=True")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert s.internal.hits() == 0
    pages = pages_of(db)
    assert pages[f"http://blog.test:{s.port}/posts/one/"]["page_type"] == "post"
    assert pages[f"http://blog.test:{s.port}/go/ip/"]["error"].startswith("SSRF guard: 127.0.0.2 is a loopback")


# -- Crawl-delay --------------------------------------------------------------------


def test_crawl_delay_is_capped(caplog):
    mw = CrawlDelayMiddleware(max_delay=30)
    assert mw.delay_for(None) is None and mw.delay_for(0) is None
    assert mw.delay_for(2.5) == 2.5
    with caplog.at_level(logging.WARNING):
        assert mw.delay_for(120, "slow.example") == 30
    assert "capped at WELLNESS_MAX_CRAWL_DELAY" in caplog.text


def test_crawl_delay_floor_survives_jitter():
    slot = SimpleNamespace(delay=0.5, jitter=0.5)
    CrawlDelayMiddleware.apply_floor(slot, 2.0)
    assert slot.delay == 2.0 and slot.delay * (1 - slot.jitter) >= 2.0
    slot = SimpleNamespace(delay=6.0, jitter=0.5)  # AutoThrottle went higher: keep it
    CrawlDelayMiddleware.apply_floor(slot, 2.0)
    assert slot.delay == 6.0 and slot.delay * (1 - slot.jitter) >= 2.0 - 1e-9


def test_crawl_delay_cap_end_to_end(tmp_path):
    with FaultServer(crawl_delay=50, routes={}) as server:
        server.routes.update({
            "/robots.txt": lambda h: html("User-agent: *\nCrawl-delay: 50\n", content_type="text/plain"),
            "/": lambda h: html("<html><body><h2><a href='/p/1/'>1</a></h2><h2><a href='/p/2/'>2</a></h2>"
                                "</body></html>"),
            "/p/1/": lambda h: html(post_html("One")),
            "/p/2/": lambda h: html(post_html("Two")),
        })
        proc = guarded_crawl(server.url("/"), tmp_path / "d.db", "WELLNESS_ALLOW_PRIVATE=True",
                     "WELLNESS_MAX_CRAWL_DELAY=0.6")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Crawl-delay 50.0 s; capped at WELLNESS_MAX_CRAWL_DELAY = 0.6 s" in proc.stderr
        times = [t for t, path, _ in server.log][1:]  # from the first request after robots.txt is parsed
        gaps = [b - a for a, b in zip(times, times[1:])]
        # The server stamps a request when its handler runs: on a loaded machine one
        # request can be stamped late, which shortens the next gap by what it added
        # to the one before (seen in CI: 1.36 s then 0.0003 s). So one short gap is
        # allowed if the gap before it covers both; a crawler sending pairs or
        # bursts makes every other gap short and still fails.
        floor = 0.6 * 0.95
        short = [i for i, gap in enumerate(gaps) if gap < floor]
        assert len(times) >= 3 and len(short) <= 1, (gaps, server.log)
        assert all(i > 0 and gaps[i - 1] + gaps[i] >= 2 * floor for i in short), (gaps, server.log)


# -- Retry-After ----------------------------------------------------------------------


def test_parse_retry_after():
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(b" 3 ") == 3
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now=now) == 0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
    assert parse_retry_after(None) is None


def test_backoff_wait_grows_and_honours_retry_after():
    assert [backoff_wait(None, n, 1.0) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert backoff_wait(10, 1, 1.0) == 10
    assert backoff_wait(1, 3, 1.0) == 4.0


# -- redirect loops -------------------------------------------------------------------


def test_loop_target():
    assert loop_target("http://a.test/b/", "/a/", ["http://a.test/a/"]) == "http://a.test/a/"
    assert loop_target("http://a.test/b/", "/c/", ["http://a.test/a/"]) is None
    assert loop_target("http://a.test/a/", "/a/#top", []) == "http://a.test/a/"

