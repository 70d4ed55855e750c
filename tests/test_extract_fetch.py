"""``extract URL`` fetches through the crawl's guard (issue 10, finding 6).

Real servers on 127.0.0.1 and 127.0.0.2 only; refusals of other addresses are
tested on the decision (AddressPolicy, the settings the fetch runs with),
never by sending a packet.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from faultserver import BIG_PAGE_BYTES, FaultServer, html, post_html
from crawling import guarded_crawl, pages_of, servers_on_one_port, wa
from wellness_archiver.crawler.fetch import fetch_settings
from wellness_archiver.crawler.middlewares.ssrf_policy import AddressPolicy
from wellness_archiver.crawler.middlewares.ssrf_resolver import SSRFGuardResolver

DRIP_BYTES = 600  # at one byte a second: ten minutes without a deadline


def drip(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(DRIP_BYTES))
    h.end_headers()
    for _ in range(DRIP_BYTES):
        if h.server.owner.stopping.wait(1):
            break
        try:
            h.wfile.write(b"x")
            h.wfile.flush()
        except OSError:
            break
    h.close_connection = True


@pytest.fixture(scope="module")
def sites():
    blog, internal = servers_on_one_port()
    other = FaultServer("127.0.0.1", 0, routes={"/admin/": lambda h: html(post_html("Another local service"))})
    port = blog.port
    blog.routes.update({
        "/post/": lambda h: html(post_html("Extract me", "Breathing exercises for anxious evenings. " * 40)),
        "/go/here/": lambda h: html("", 302, Location="/post/"),
        "/go/ip/": lambda h: html("", 302, Location=f"http://127.0.0.2:{port}/admin/"),
        "/go/port/": lambda h: html("", 302, Location=f"http://127.0.0.1:{other.port}/admin/"),
        "/big/": lambda h: h.stream(BIG_PAGE_BYTES, content_length=True),
        "/big-stream/": lambda h: h.stream(BIG_PAGE_BYTES, content_length=False),
        "/drip/": drip,
        "/": lambda h: html("<html><head><title>Blog</title></head><body><h1>Blog</h1><ul>"
                            "<li><h2><a href='/post/'>Post</a></h2></li>"
                            "<li><h2><a href='/go/port/'>To another local service</a></h2></li></ul></body></html>"),
    })
    with blog, internal, other:
        yield SimpleNamespace(blog=blog, internal=internal, other=other, port=port)


def extract(url, *options, timeout=120, cwd=None):
    start = time.monotonic()
    proc = wa("extract", url, *options, timeout=timeout, cwd=cwd)
    return proc, time.monotonic() - start


def test_extract_url_on_the_allowed_host_port(sites, tmp_path):
    proc, _ = extract(sites.blog.url("/post/"), "--allow-private", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Breathing exercises" in proc.stdout
    # It opens no archive: the tombstones' middleware opened (and created) ./archive.db in write mode.
    assert list(tmp_path.iterdir()) == []
    proc, _ = extract(sites.blog.url("/go/here/"), "--allow-private")  # a redirect on the same host:port
    assert proc.returncode == 0 and "Breathing exercises" in proc.stdout, proc.stderr


def test_extract_refuses_loopback_without_allow_private(sites):
    before = sites.blog.hits()
    proc, _ = extract(sites.blog.url("/post/"))
    assert proc.returncode == 1
    assert "SSRF guard: 127.0.0.1 is a loopback address" in proc.stderr
    assert sites.blog.hits() == before


def test_extract_refuses_a_redirect_to_another_address(sites):
    proc, _ = extract(sites.blog.url("/go/ip/"), "--allow-private")
    assert proc.returncode == 1
    assert "SSRF guard: 127.0.0.2 is a loopback address" in proc.stderr
    assert sites.internal.hits() == 0


def test_extract_refuses_a_redirect_to_another_port(sites):
    proc, _ = extract(sites.blog.url("/go/port/"), "--allow-private")
    assert proc.returncode == 1
    assert f"port {sites.other.port}: --allow-private allows only the seeds' host:port" in proc.stderr
    assert sites.other.hits() == 0


@pytest.mark.parametrize("path", ["/big/", "/big-stream/"])
def test_extract_caps_the_size(sites, path):
    proc, _ = extract(sites.blog.url(path), "--allow-private")
    assert proc.returncode == 1
    assert "too large (over DOWNLOAD_MAXSIZE)" in proc.stderr


def test_extract_stops_a_drip_at_the_deadline(sites):
    proc, elapsed = extract(sites.blog.url("/drip/"), "--allow-private", "--timeout", "3")
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: could not fetch {sites.blog.url('/drip/')}: timeout: no complete answer within 3 s"
    assert elapsed < 60  # generous; without the deadline the drip lasts ten minutes


def test_extract_runs_with_the_crawls_guard():
    settings = fetch_settings(allow_private=False, timeout=5)
    assert settings["TWISTED_DNS_RESOLVER"] == "wellness_archiver.crawler.middlewares.ssrf_resolver.SSRFGuardResolver"
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert "wellness_archiver.crawler.middlewares.ssrf.SSRFGuardMiddleware" in middlewares
    assert "wellness_archiver.crawler.middlewares.ssrf.SSRFRedirectGuardMiddleware" in middlewares
    assert settings.getbool("WELLNESS_SSRF_GUARD") and settings.getint("DOWNLOAD_MAXSIZE") == 10 * 2**20


def test_crawl_allow_private_refuses_another_port_of_the_seed_host(sites, tmp_path):
    db = tmp_path / "a.db"
    proc = guarded_crawl(sites.blog.url("/"), db, "WELLNESS_ALLOW_PRIVATE=True")
    assert sites.other.hits() == 0, proc.stderr
    pages = pages_of(db)
    assert pages[sites.blog.url("/post/")]["page_type"] == "post"
    refused = pages[sites.blog.url("/go/port/")]
    assert refused["page_type"] == "blocked"
    assert refused["error"] == (
        f"SSRF guard: 127.0.0.1 is a loopback address (port {sites.other.port}: --allow-private allows only "
        f"the seeds' host:port) (redirect to http://127.0.0.1:{sites.other.port}/admin/)")


# -- the decision: exactly the seeds' host:port ----------------------------------------------


def test_allow_private_trusts_exactly_the_seed_host_port():
    policy = AddressPolicy(allow_private=True, trusted_endpoints=[("127.0.0.1", 8000), ("intranet.test", 80)])
    assert policy.check("127.0.0.1", ["127.0.0.1"], 8000) is None
    assert policy.check("127.0.0.1", ["127.0.0.1"], 8001) == (
        "SSRF guard: 127.0.0.1 is a loopback address (port 8001: --allow-private allows only the seeds' host:port)")
    assert policy.check("intranet.test", ["10.1.2.3"], 80) is None
    assert policy.check("intranet.test", ["10.1.2.3"], 6379).startswith(
        "SSRF guard: intranet.test resolves to 10.1.2.3, a private address")
    assert policy.check("127.0.0.2", ["127.0.0.2"], 8000).startswith("SSRF guard: 127.0.0.2 is a loopback")


class _NoDNS:
    class nameResolver:
        @staticmethod
        def resolveHostName(*args, **kwargs):
            raise AssertionError("the system resolver was asked")


class _Receiver:
    def __init__(self):
        self.addresses = []

    def resolutionBegan(self, resolution):
        pass

    def addressResolved(self, address):
        self.addresses.append((address.host, address.port))

    def resolutionComplete(self):
        pass


def test_resolver_enforces_the_port():
    """The resolver, where connections are made, refuses the seed's host on another port."""
    policy = AddressPolicy(allow_private=True)
    policy.trust_endpoints([("intranet.test", 8080)])
    resolver = SSRFGuardResolver(_NoDNS(), policy, test_hosts={"intranet.test": ["10.0.0.5"]})
    ok, refused = _Receiver(), _Receiver()
    resolver.resolveHostName(ok, "intranet.test", 8080)
    resolver.resolveHostName(refused, "intranet.test", 6379)
    assert ok.addresses == [("10.0.0.5", 8080)] and refused.addresses == []
    assert "port 6379" in resolver.refusals["intranet.test"]


def test_extract_opens_no_archive_and_keeps_the_consoles_off():
    # A real extract in an empty directory leaves it empty: test_extract_url_on_the_allowed_host_port.
    settings = fetch_settings(allow_private=True, timeout=5,
                              overrides={"REMOTE_CONTROL_ENABLED": True, "TELNETCONSOLE_ENABLED": True})
    assert "wellness_archiver.crawler.middlewares.tombstones.TombstoneMiddleware" not in settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert not settings.getbool("REMOTE_CONTROL_ENABLED") and not settings.getbool("TELNETCONSOLE_ENABLED")
