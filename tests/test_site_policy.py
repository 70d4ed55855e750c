"""Per-site policy on hostile and broken sites (issue 10): robots.txt failures
(RFC 9309), sitemap caps, IDN seeds. Real crawls in a subprocess against
FaultServer on 127.0.0.1; the checks read the server's request log and the
archive. Host names are answered by the SSRF resolver (WELLNESS_TEST_HOSTS),
never by DNS.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from types import SimpleNamespace

from importlib.resources import files

import pytest
from click.testing import CliRunner

from faultserver import FaultServer, html, post_html
from crawling import GUARDED, crawl, guarded_crawl, pages_of, settings, wa
from wellness_archiver.archive.db import SITE_POLICY_COLUMNS
from wellness_archiver.cli import cli
from wellness_archiver.crawler.middlewares.robots_policy import ALLOW_ALL, DISALLOW_ALL, OBEYED, robots_decision

POSTS = ["/posts/one/", "/posts/two/"]


def blog_routes(robots) -> dict:
    """A two-post blog with a /private/ section; ``robots`` answers /robots.txt."""
    links = "".join(f"<li><h2><a href='{p}'>{p}</a></h2></li>" for p in [*POSTS, "/private/page/"])
    routes = {
        "/robots.txt": robots,
        "/": lambda h: html(f"<html><head><title>Blog</title></head><body><h1>Blog</h1><ul>{links}</ul></body></html>"),
        "/private/page/": lambda h: html(post_html("Private")),
    }
    routes.update({p: (lambda title: lambda h: html(post_html(title)))(p) for p in POSTS})
    return routes


def site_row(db, host) -> dict:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    row = con.execute("select * from sites where host = ?", [host]).fetchone()
    assert row is not None, f"no sites row for {host}"
    return dict(row)


def requested(server) -> set[str]:
    return {path for _, path, _ in server.log}


# -- the decision ---------------------------------------------------------------------


@pytest.mark.parametrize("status,error,expected", [
    (200, None, (OBEYED, "HTTP 200")),
    (404, None, (ALLOW_ALL, "HTTP 404")),
    (401, None, (ALLOW_ALL, "HTTP 401")),
    (500, None, (DISALLOW_ALL, "HTTP 500")),
    (503, None, (DISALLOW_ALL, "HTTP 503")),
    (429, None, (DISALLOW_ALL, "HTTP 429")),
    (None, "timeout", (DISALLOW_ALL, "unreachable: timeout")),
    (None, "connection refused", (DISALLOW_ALL, "unreachable: connection refused")),
    (None, "max redirections reached", (ALLOW_ALL, "unavailable: max redirections reached")),
])
def test_robots_decision(status, error, expected):
    assert robots_decision(status, error) == expected


# -- end to end -----------------------------------------------------------------------


# One crawl of four blogs, each on its own server (its own host:port, so its own
# site), each whose robots.txt fails in its own way; each case checks its own site.
FAILING = {
    "5xx": (lambda h: html("<html><body>down</body></html>", 503), "HTTP 503",
            "blocked", "robots.txt disallowed: all (robots.txt HTTP 503)"),
    "500": (lambda h: html("User-agent: *\nAllow: /\n", 500, content_type="text/plain"), "HTTP 500",
            "blocked", "robots.txt disallowed: all (robots.txt HTTP 500)"),
    # No answer at all: the pages are not requested either, and count as failures.
    "timeout": (lambda h: h.stall(6), "unreachable: timeout",
                "error", "timeout (robots.txt unreachable: all disallowed)"),
    "reset": (lambda h: h.reset(), "unreachable: connection reset or broken response",
              "error", "connection reset or broken response (robots.txt unreachable: all disallowed)"),
}


@pytest.fixture(scope="module")
def failing_robots(tmp_path_factory):
    """The four blogs crawled together, and what stats and the datasheet show of the archive."""
    tmp = tmp_path_factory.mktemp("failing-robots")
    db = tmp / "a.db"
    with contextlib.ExitStack() as stack:
        servers = {name: stack.enter_context(FaultServer(routes=blog_routes(robots)))
                   for name, (robots, *_) in FAILING.items()}
        # A short back-off: what is checked is that robots.txt was retried, not how far apart.
        proc = crawl(db, *(server.url("/") for server in servers.values()),
                     *settings("WELLNESS_ALLOW_PRIVATE=True", "RETRY_TIMES=1", "WELLNESS_RETRY_BACKOFF=0.2"),
                     profile=GUARDED, timeout=120)
    stats = json.loads(CliRunner().invoke(cli, ["stats", str(db), "--json"]).output)
    table = wa("stats", db, env={**os.environ, "COLUMNS": "250"}).stdout
    sheet = tmp / "DATASHEET.md"
    CliRunner().invoke(cli, ["datasheet", str(db), "-o", str(sheet)])
    return SimpleNamespace(servers=servers, db=db, proc=proc, stats=stats, table=table, sheet=sheet.read_text())


def test_the_failing_robots_crawl_has_one_site_per_server(failing_robots):
    hosts = {f"127.0.0.1:{server.port}" for server in failing_robots.servers.values()}
    assert {s["host"] for s in failing_robots.stats["sites"]} == hosts, failing_robots.proc.stderr
    assert {row[0] for row in sqlite3.connect(failing_robots.db).execute("select host from sites")} == hosts


@pytest.mark.parametrize("name", FAILING)
def test_failing_robots_txt_disallows_the_whole_site(failing_robots, name):
    _, reason, page_type, error = FAILING[name]
    server, db = failing_robots.servers[name], failing_robots.db
    host = f"127.0.0.1:{server.port}"
    # Not one page: only robots.txt itself (and its retries) was asked for.
    assert requested(server) == {"/robots.txt"}, (server.log, failing_robots.proc.stderr)
    pages = pages_of(db)
    seed = pages[server.url("/")]
    assert (seed["page_type"], seed["error"]) == (page_type, error)
    site = site_row(db, host)
    assert (site["robots_txt"], site["robots_txt_reason"]) == (DISALLOW_ALL, reason)
    # Shown where a researcher looks: stats, the datasheet, Datasette's column descriptions.
    assert [(s["robots_txt"], s["robots_txt_reason"]) for s in failing_robots.stats["sites"]
            if s["host"] == host] == [(DISALLOW_ALL, reason)]
    assert any(host in line and f"disallow all ({reason})" in line for line in failing_robots.table.splitlines()), \
        failing_robots.table
    assert f"| {host} | disallow all | {reason} |" in failing_robots.sheet


def test_datasette_describes_the_site_policy_columns():
    metadata = json.loads((files("wellness_archiver.archive") / "datasette-metadata.json").read_text())
    columns = metadata["tables"]["sites"]["columns"]
    assert all(columns.get(name) for name in SITE_POLICY_COLUMNS)


@pytest.fixture(scope="module")
def robots_blogs(tmp_path_factory):
    """Two blogs crawled together: one whose robots.txt is a 404 page that reads like rules
    (the status decides, not the body), one whose robots.txt disallows /private/."""
    not_found = lambda h: html("User-agent: *\nDisallow: /\n", 404, content_type="text/plain")  # noqa: E731
    rules = lambda h: html("User-agent: *\nDisallow: /private/\n", content_type="text/plain")  # noqa: E731
    db = tmp_path_factory.mktemp("robots-blogs") / "a.db"
    with FaultServer(routes=blog_routes(not_found)) as missing, FaultServer(routes=blog_routes(rules)) as ruled:
        proc = crawl(db, missing.url("/"), ruled.url("/"), *settings("WELLNESS_ALLOW_PRIVATE=True"),
                     profile=GUARDED)
    return SimpleNamespace(db=db, proc=proc, missing=missing, ruled=ruled)


def test_404_robots_txt_allows_everything(robots_blogs):
    db, server = robots_blogs.db, robots_blogs.missing
    assert robots_blogs.proc.returncode == 0, robots_blogs.proc.stdout + robots_blogs.proc.stderr
    assert {*POSTS, "/private/page/"} <= requested(server)
    articles = {row[0] for row in sqlite3.connect(db).execute("select url from articles")}
    assert {server.url(p) for p in POSTS} <= articles
    site = site_row(db, f"127.0.0.1:{server.port}")
    assert (site["robots_txt"], site["robots_txt_reason"]) == (ALLOW_ALL, "HTTP 404")


def test_robots_rules_are_obeyed(robots_blogs):
    db, server = robots_blogs.db, robots_blogs.ruled
    paths = requested(server)
    assert set(POSTS) <= paths
    assert not any(p.startswith("/private/") for p in paths), paths
    assert pages_of(db)[server.url("/private/page/")]["error"] == "robots.txt disallowed"
    assert site_row(db, f"127.0.0.1:{server.port}")["robots_txt"] == OBEYED


def test_robots_txt_redirected_to_another_host_is_honoured(tmp_path):
    """www.blog.test's robots.txt goes through four redirects on www, then to the apex
    (five in all); the apex's rules apply to www."""

    def robots(h):
        if h.headers.get("Host", "").startswith("www."):
            return html("", 301, Location=f"http://www.blog.test:{h.server.owner.port}/r/1")
        sitemap = f"http://www.blog.test:{h.server.owner.port}/sitemap.xml"
        return html(f"User-agent: *\nDisallow: /private/\nSitemap: {sitemap}\n", content_type="text/plain")

    def hop(h):
        n = int(h.path.rsplit("/", 1)[1])
        port = h.server.owner.port
        target = f"/r/{n + 1}" if n < 4 else f"http://blog.test:{port}/robots.txt"
        return html("", 302, Location=target)

    db = tmp_path / "a.db"
    routes = blog_routes(robots)
    # The Sitemap: line is read from the redirected robots.txt too.
    routes["/sitemap.xml"] = lambda h: html(_urlset([f"http://www.blog.test:{h.server.owner.port}/posts/mapped/"]),
                                            content_type="application/xml")
    routes["/posts/mapped/"] = lambda h: html(post_html("Only in the sitemap"))
    with FaultServer(routes=routes, prefixes={"/r/": hop}) as server:
        seed = f"http://www.blog.test:{server.port}/"
        hosts = json.dumps({"www.blog.test": "127.0.0.1", "blog.test": "127.0.0.1"})
        proc = guarded_crawl(seed, db, f"WELLNESS_TEST_HOSTS={hosts}", "WELLNESS_ALLOWED_ADDRESSES=127.0.0.1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    paths = requested(server)
    assert {"/r/1", "/r/4", "/sitemap.xml", "/posts/mapped/"} <= paths and set(POSTS) <= paths
    assert not any(p.startswith("/private/") for p in paths), paths
    assert pages_of(db)[f"http://www.blog.test:{server.port}/private/page/"]["error"] == "robots.txt disallowed"
    site = site_row(db, f"www.blog.test:{server.port}")
    assert site["robots_txt"] == OBEYED
    assert site["robots_txt_reason"] == f"HTTP 200 from http://blog.test:{server.port}/robots.txt"


# -- sitemap caps -----------------------------------------------------------------------

SITEMAP_XML = "application/xml"


def _index(locs) -> str:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'


def _urlset(locs) -> str:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


def _chain(h):  # /chain/N.xml: an index listing /chain/N+1.xml, forever
    n = int(h.path.rsplit("/", 1)[1].split(".")[0])
    return html(_index([f"{h.server.owner.url(f'/chain/{n + 1}.xml')}"]), content_type=SITEMAP_XML)


def _one_post_sitemap(h):
    n = int(h.path.rsplit("/", 1)[1].split(".")[0])
    return html(_urlset([h.server.owner.url(f"/posts/many-{n}/")]), content_type=SITEMAP_XML)


@pytest.fixture(scope="module")
def sitemap_sites(tmp_path_factory):
    """Two blogs crawled together (the caps are per site): one whose robots.txt names an
    endless chain of sitemap indexes, one whose names an index of 10,000 sitemaps."""
    chain_routes = blog_routes(lambda h: html(f"User-agent: *\nSitemap: {h.server.owner.url('/chain/1.xml')}\n",
                                              content_type="text/plain"))
    many_routes = blog_routes(lambda h: html(f"User-agent: *\nSitemap: {h.server.owner.url('/index.xml')}\n",
                                             content_type="text/plain"))
    many_routes["/index.xml"] = lambda h: html(_index(h.server.owner.url(f"/sm/{n}.xml") for n in range(10_000)),
                                               content_type=SITEMAP_XML)
    db = tmp_path_factory.mktemp("sitemaps") / "a.db"
    with FaultServer(routes=chain_routes, prefixes={"/chain/": _chain}) as chain, \
            FaultServer(routes=many_routes, prefixes={"/sm/": _one_post_sitemap,
                                                      "/posts/many-": lambda h: html(post_html("Many"))}) as many:
        proc = crawl(db, chain.url("/"), many.url("/"),
                     *settings("WELLNESS_ALLOW_PRIVATE=True", "WELLNESS_MAX_PAGES=5", "WELLNESS_SITEMAP_MAX_COUNT=25"),
                     profile=GUARDED, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return SimpleNamespace(db=db, proc=proc, chain=chain, many=many)


def pages_on(server, db) -> dict[str, dict]:
    """url -> page row of the pages of ``server``'s site."""
    return {url: page for url, page in pages_of(db).items() if url.startswith(server.url("/"))}


def test_endless_chain_of_sitemap_indexes_ends_at_the_depth_cap(sitemap_sites):
    server, db = sitemap_sites.chain, sitemap_sites.db
    chained = sorted(p for p in requested(server) if p.startswith("/chain/"))
    assert chained == ["/chain/1.xml", "/chain/2.xml", "/chain/3.xml"]  # WELLNESS_SITEMAP_MAX_DEPTH = 3
    reason = "sitemap limit: index depth over WELLNESS_SITEMAP_MAX_DEPTH (3)"
    assert pages_on(server, db)[server.url("/chain/4.xml")]["error"] == reason
    assert site_row(db, f"127.0.0.1:{server.port}")["sitemap_limit"] == reason.split(": ", 1)[1]


def test_ten_thousand_sitemaps_end_at_the_count_cap(sitemap_sites):
    server, db = sitemap_sites.many, sitemap_sites.db
    fetched = [p for p in requested(server) if p.startswith("/sm/")]
    assert len(fetched) == 24  # 25 sitemaps per site: the index and 24 of the sitemaps it lists
    assert server.hits("/index.xml") == 1
    pages = pages_on(server, db)
    reasons = {p["error"] for p in pages.values()}
    assert "sitemap limit: over WELLNESS_SITEMAP_MAX_COUNT (25) sitemaps" in reasons
    # One row for the cap, not one per refused sitemap.
    assert sum(1 for p in pages.values() if (p["error"] or "").startswith("sitemap limit")) == 1


# -- IDN seeds --------------------------------------------------------------------------


def test_idn_seed_is_crawled_under_its_punycode_host(tmp_path):
    rules = lambda h: html("User-agent: *\nDisallow: /private/\n", content_type="text/plain")  # noqa: E731
    routes = blog_routes(rules)
    # A link written with the Unicode host name is on the site too.
    routes["/"] = lambda h: html(
        "<html><head><title>Bücher</title></head><body><h1>Bücher</h1><ul>"
        "<li><h2><a href='/posts/one/'>One</a></h2></li><li><h2><a href='/private/page/'>Private</a></h2></li>"
        f"<li><h2><a href='http://bücher.test:{h.server.owner.port}/posts/two/'>Two</a></h2></li>"
        "</ul></body></html>")
    db = tmp_path / "a.db"
    with FaultServer(routes=routes) as server:
        seed = f"http://Bücher.test:{server.port}/"
        proc = guarded_crawl(seed, db, "WELLNESS_ALLOW_PRIVATE=True",
                     "WELLNESS_TEST_HOSTS=" + json.dumps({"bücher.test": "127.0.0.1"}, ensure_ascii=False))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    paths = requested(server)
    assert set(POSTS) <= paths and "/private/page/" not in paths
    host = f"xn--bcher-kva.test:{server.port}"
    assert {row[0] for row in sqlite3.connect(db).execute("select url from articles")} == {
        f"http://{host}{p}" for p in POSTS}
    assert site_row(db, host)["robots_txt"] == OBEYED
    seeds = json.loads(sqlite3.connect(db).execute("select seeds from crawl_runs").fetchone()[0])
    assert seeds == [f"http://{host}/"]
    assert [row[0] for row in sqlite3.connect(db).execute("select host from sites")] == [host]
