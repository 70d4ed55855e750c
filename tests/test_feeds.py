"""Feeds: RSS 2.0, Atom and JSON Feed are read, their posts crawled, the feeds recorded.

The fixture feeds (tests/feeds/) list posts the home page does not link to, so
the crawl can only find them through the feeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawling import FAST_2, crawl
from faultserver import FaultServer, html, post_html

from wellness_archiver.archive.db import Archive
from wellness_archiver.crawler.spiders.feeds import feed_links

FEEDS = Path(__file__).parent / "feeds"
# path served -> (fixture file, content type)
SERVED = {
    "/feed.rss": ("rss.xml", "application/rss+xml; charset=utf-8"),
    "/feed.atom": ("atom.xml", "application/atom+xml; charset=utf-8"),
    "/feed.json": ("feed.json", "application/feed+json"),
}
BASE = "http://127.0.0.1:8000"
# What each feed lists on its own site, as the crawl requests it (tracking parameter dropped).
POSTS = {
    "/feed.rss": ["/rss/sleep-and-anxiety/?lang=en", "/rss/journaling-for-beginners/"],
    "/feed.atom": ["/atom/grounding-exercises/", "/atom/boundaries-at-work/"],
    "/feed.json": ["/json/breathing-basics/", "/json/self-compassion/"],
}


def fixture_feed(name: str, base: str) -> bytes:
    return (FEEDS / name).read_text().replace("{base}", base).encode()


@pytest.mark.parametrize("path", SERVED)
def test_feed_links_reads_each_kind(path):
    name, content_type = SERVED[path]
    links = feed_links(fixture_feed(name, BASE), content_type, BASE + path)
    # Entities decoded, relative links resolved, alternate (not reply) links, off-site kept for the spider to drop.
    expected = [BASE + p for p in POSTS[path]]
    if path == "/feed.rss":
        expected = [BASE + "/rss/sleep-and-anxiety/?utm_source=rss&lang=en", expected[1], "http://127.0.0.2:9/not-this-site/"]
    assert links == expected


@pytest.mark.parametrize("path", SERVED)
def test_kind_is_sniffed_without_a_content_type(path):
    name, content_type = SERVED[path]
    body = fixture_feed(name, BASE)
    assert feed_links(body, "", BASE + path) == feed_links(body, content_type, BASE + path)
    with_bom = b"\xef\xbb\xbf" + body
    assert feed_links(with_bom, "application/octet-stream", BASE + path) == feed_links(body, content_type, BASE + path)


@pytest.mark.parametrize("body", [b"", b"not a feed", b"{broken", b"[1, 2]", b'{"items": "none"}',
                                  b'{"items": [1, {"id": "7"}, {"url": 5}]}', b"<rss><channel>", b"/etc/passwd"])
def test_what_is_no_feed_gives_no_links(body):
    assert feed_links(body, "", BASE + "/feed") == []


def _site(base: str):
    head = "".join(f'<link rel="alternate" type="{ct.split(";")[0]}" href="{path}">' for path, (_, ct) in SERVED.items())
    head += '<link rel="alternate" type="application/feed+json" href="/broken.json">'
    routes = {
        "/robots.txt": lambda h: html("User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/": lambda h: html(f"<!doctype html><html><head><title>Feed blog</title>{head}</head>"
                            "<body><h1>Feed blog</h1><p>Posts are in the feeds.</p></body></html>"),
        "/broken.json": lambda h: html(b"{not json", content_type="application/feed+json"),
    }
    for path, (name, content_type) in SERVED.items():
        routes[path] = lambda h, name=name, ct=content_type: html(fixture_feed(name, base), content_type=ct)
    for posts in POSTS.values():
        for post in posts:
            routes[post.split("?")[0]] = lambda h, post=post: html(post_html(f"Post {post}"))
    return routes


def test_crawl_follows_every_feed_kind_and_records_the_feeds(tmp_path):
    with FaultServer(routes={}) as server:
        base = server.url("").rstrip("/")
        server.routes.update(_site(base))  # the feeds name the server's port
        db_path = tmp_path / "archive.db"
        proc = crawl(db_path, server.url("/"), profile=FAST_2)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    archive = Archive(db_path, create=False)
    try:
        pages = {p["url"]: p for p in archive.pages()}
        articles = {a["url"] for a in archive.articles()}
    finally:
        archive.close()
    for feed in [*SERVED, "/broken.json"]:
        assert pages[base + feed]["page_type"] == "feed", feed
        assert pages[base + feed]["status"] == 200
    for feed, posts in POSTS.items():
        for post in posts:
            assert pages[base + post]["page_type"] == "post", (feed, post)
            assert pages[base + post]["referrer"] == base + feed
            assert base + post in articles
    assert not any("127.0.0.2" in url for url in pages)  # the RSS feed's off-site entry: never followed
