"""crawl --render: a blog whose post text a script builds, rendered by a real chromium
(/usr/bin/chromium through scrapy-playwright); the browser's requests to another
host, images and fonts are refused."""

from __future__ import annotations

import shutil
import sqlite3
from types import SimpleNamespace

import pytest

from crawling import FAST_2, crawl, servers_on_one_port
from faultserver import FaultServer, html, post_html
from wellness_archiver.demo_site.appshell import POST_TITLE, SCRIPT_ONLY, AppShellSite
from wellness_archiver.crawler.settings import WELLNESS_CHROMIUM as CHROMIUM
from wellness_archiver.crawler.spiders.render import app_shell_marker


needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None or not __import__("importlib").util.find_spec("scrapy_playwright"),
    reason="needs /usr/bin/chromium and scrapy-playwright (.ci/run installs both)",
)


def rows(db_path, sql, args=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, list(args)).fetchall()
    finally:
        conn.close()


@pytest.fixture
def site():
    with AppShellSite() as site:
        yield site


@needs_chromium
def test_render_auto_archives_the_script_built_post_and_refuses_other_hosts(site, demo_sites, tmp_path):
    db_path = tmp_path / "auto.db"
    ghost = demo_sites.urls["ghost"]
    proc = crawl(db_path, site.url, ghost, "--render", "auto", profile=FAST_2)
    assert proc.returncode in (0, 3), proc.stdout + proc.stderr
    (article,) = rows(db_path, "select title, author, published, text from articles where url = ?", [site.post_url])
    assert article[0] == POST_TITLE and SCRIPT_ONLY in article[3]
    assert article[1] == "Maya Lindqvist" and (article[2] or "").startswith("2024-03-18")
    # Stored as a capture of the rendered DOM, marked rendered.
    assert rows(db_path, "select rendered from captures where url = ?", [site.post_url]) == [(1,)]
    # Only the app shell was rendered: the Ghost blog's pages were fetched as usual.
    assert rows(db_path, "select count(*) from captures where rendered = 1") == [(1,)]
    assert rows(db_path, "select count(*) from articles where host = ?", [ghost.split("://")[1]])[0][0] == 9
    # The browser asked its own host for the script, and for nothing else it was refused.
    assert site.third_party.requests == [] and site.third_party.connections == []  # not even a preconnect
    assert "/static/app.js" in site.requests
    assert not any(path.startswith(("/static/photo.jpg", "/static/brand.woff2", "/private/")) for path in site.requests)


@needs_chromium
def test_render_never_stores_no_article_for_it(site, tmp_path):
    db_path = tmp_path / "never.db"
    proc = crawl(db_path, site.url, "--render", "never", profile=FAST_2)
    assert proc.returncode in (0, 3), proc.stdout + proc.stderr
    assert rows(db_path, "select count(*) from articles") == [(0,)]
    (page,) = rows(db_path, "select page_type, error from pages where url = ?", [site.post_url])
    assert page[0] == "post" and page[1]  # recorded, with why no article came out
    assert rows(db_path, "select count(*) from captures where rendered = 1") == [(0,)]
    assert "/static/app.js" not in site.requests and site.third_party.requests == []


def test_app_shell_marker():
    assert app_shell_marker(b'<html><body><div id="app"></div><script src="/a.js"></script></body></html>')
    assert app_shell_marker(b"<body><div></div><noscript>Please enable JavaScript to continue.</noscript></body>")
    assert app_shell_marker(b"<body><main></main><script>" + b"x=1;" * 1000 + b"</script></body>")
    post = b"<body><article>" + b"<p>" + b"Words of a real post. " * 100 + b"</p></article>"
    assert app_shell_marker(post + b'<div id="app"></div><script src="/a.js"></script></body>') is None
    assert app_shell_marker(b"<body><p>A short page.</p></body>") is None


@needs_chromium
def test_the_fixture_really_asks_another_host_without_the_guard(site):
    """Control: the same chromium, flags and page without the crawl's guard does send the
    third-party requests, so their absence above is the guard's doing."""
    import time

    from playwright.sync_api import sync_playwright

    from wellness_archiver.crawler.spiders.render import CHROMIUM_FLAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.goto(site.post_url, wait_until="load")
            assert SCRIPT_ONLY in page.content()
            deadline = time.monotonic() + 30
            while not site.third_party.requests and time.monotonic() < deadline:
                page.wait_for_timeout(100)
        finally:
            browser.close()
    assert any(path.startswith("/beacon") for path in site.third_party.requests), site.third_party.requests
    assert "/private/reader-stats.json" in site.requests


@pytest.fixture(scope="module")
def always(tmp_path_factory):
    """One crawl with --render always of two sites: the app shell, and a blog (seeded by a
    host name, answered by the guard's resolver, so Chromium's rules must map it) whose links
    redirect to 127.0.0.2 on the blog's port (only the address differs) and to another port."""
    blog, internal = servers_on_one_port()
    other = FaultServer("127.0.0.1", 0, routes={"/admin/": lambda h: html(post_html("Another local service"))})
    blog.routes.update({
        "/go-port/": lambda h: html("", 302, Location=f"http://127.0.0.1:{other.port}/admin/"),
        "/robots.txt": lambda h: html("User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/": lambda h: html("<html><body><h1>Blog</h1><a href='/go/'>Go</a><a href='/go-port/'>Port</a>"
                            "<a href='/post/'>Post</a></body></html>"),
        "/post/": lambda h: html(post_html("A calm post", "Breathing exercises for anxious evenings. " * 40)),
        "/go/": lambda h: html("", 302, Location=f"http://127.0.0.2:{blog.port}/admin/"),
    })
    base = f"http://blog.test:{blog.port}"
    db_path = tmp_path_factory.mktemp("always") / "always.db"
    with AppShellSite() as site, blog, internal, other:
        proc = crawl(db_path, site.url, base + "/", "--render", "always",
                     "-s", 'WELLNESS_TEST_HOSTS={"blog.test": "127.0.0.1"}', profile=FAST_2)
    return SimpleNamespace(db_path=db_path, proc=proc, site=site, base=base, blog=blog, internal=internal, other=other)


@needs_chromium
def test_render_always_renders_every_page(always):
    db_path, site = always.db_path, always.site
    assert always.proc.returncode in (0, 3), always.proc.stdout + always.proc.stderr
    assert rows(db_path, "select url, rendered from captures where url like ? order by url", [site.url + "/%"]) == [
        (site.url + "/", 1), (site.post_url, 1)]
    (text,) = rows(db_path, "select text from articles where url = ?", [site.post_url])
    assert SCRIPT_ONLY in text[0]
    assert site.third_party.requests == [] and not any(p.startswith("/private/") for p in site.requests)


@needs_chromium
def test_render_refuses_a_browser_redirect_to_another_address(always):
    """Chromium follows a 302 itself, out of the route guard's sight: its name resolution is
    pinned to the seeds' hosts (nothing reaches 127.0.0.2) and the page fails with the reason."""
    db_path, base, other = always.db_path, always.base, always.other
    assert always.proc.returncode in (0, 3), always.proc.stdout + always.proc.stderr
    assert always.internal.hits() == 0 and always.blog.hits("/go/") >= 1
    (error,) = rows(db_path, "select error from pages where url = ?", [base + "/go/"])[0]
    assert error.startswith("third-party host (browser navigation to http://127.0.0.2:"), error
    # Another port of the seed's own address resolves (Chromium's rules know no ports), but the
    # final URL is checked after the navigation: the page fails and nothing of it is stored.
    (error,) = rows(db_path, "select error from pages where url = ?", [base + "/go-port/"])[0]
    assert error == f"third-party host (browser navigation to http://127.0.0.1:{other.port}/admin/)", error
    assert rows(db_path, "select count(*) from captures where url like '%/go%' or (url not like ? and url not like ?)",
                [base + "/%", always.site.url + "/%"]) == [(0,)]
    assert rows(db_path, "select rendered from captures where url = ?", [base + "/post/"]) == [(1,)]


def _guard_with(*middlewares):
    from types import SimpleNamespace

    from wellness_archiver.crawler.spiders.render import BrowserGuard

    crawler = SimpleNamespace(stats=None, engine=SimpleNamespace(downloader=SimpleNamespace(
        middleware=SimpleNamespace(middlewares=list(middlewares)))))
    return BrowserGuard(crawler, lambda url: url.startswith("http://blog.test/"), "wellness-archiver")


def test_browser_guard_refuses_tombstoned_urls_and_robots_disallow_all():
    import asyncio
    from types import SimpleNamespace

    from scrapy.utils.test import get_crawler

    from wellness_archiver.archive.tombstones import Tombstones, url_key
    from wellness_archiver.crawler.middlewares.robots_policy import DISALLOW_ALL, RobotsPolicyMiddleware
    from wellness_archiver.crawler.middlewares.tombstones import TombstoneMiddleware

    robots = RobotsPolicyMiddleware(get_crawler(settings_dict={"ROBOTSTXT_OBEY": True}))
    robots._parsers["blog.test"] = None  # robots.txt answered 503: RFC 9309 disallows all
    robots.decisions["blog.test"] = (DISALLOW_ALL, "HTTP 503")
    guard = _guard_with(robots)
    script = SimpleNamespace(url="http://blog.test/app.js", resource_type="script")
    assert guard(script) is True and guard.refused == [(script.url, "robots.txt disallowed")]

    tombstones = TombstoneMiddleware(Tombstones([("url", url_key("http://blog.test/gone/"), "takedown")]))
    guard = _guard_with(tombstones)
    assert guard(SimpleNamespace(url="http://blog.test/gone/", resource_type="document")) is True
    assert guard(SimpleNamespace(url="http://blog.test/kept/", resource_type="document")) is False
    reason = asyncio.run(guard.hop_refusal(["http://blog.test/kept/", "http://blog.test/gone/"]))
    assert reason == "forgotten on request: takedown (browser navigation to http://blog.test/gone/)"
    assert asyncio.run(guard.hop_refusal(["http://blog.test/kept/", "http://elsewhere.test/"])) \
        == "third-party host (browser navigation to http://elsewhere.test/)"
    assert asyncio.run(guard.hop_refusal(["http://blog.test/kept/"])) is None
    # Chromium resolves only the seeds' hosts (blog.test: mapped to what the guard resolved, end to end above)
    assert asyncio.run(guard.host_resolver_rules({("127.0.0.1", 8000), ("::1", 80)})) \
        == "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE [::1]"
