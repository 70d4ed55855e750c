"""End to end: crawl each fixture blog over HTTP into a real SQLite file.

Each crawl runs ``wellness-archiver crawl`` in a subprocess (Twisted's reactor
cannot restart in-process), started only from the site's home page.
"""

from __future__ import annotations

import re
import socket
from collections import Counter

import pytest
from protego import Protego

from wellness_archiver.archive.db import Archive
from wellness_archiver.demo_site.gold import gold_posts
from wellness_archiver.demo_site.site import SITE_KEYS, build_site, lookup
from crawling import PARTIAL, crawl
from scoring import token_f1

SEED_CHROME = [
    "top of page", "bottom of page", "Writer's picture", "views0 comments", "Recent Posts",
    "See All", "Contact Us", "a felt heart broken with stitches", "#therapy",
]


@pytest.fixture(scope="module")
def crawled(demo_archives):
    """Every fixture site crawled once, each into its own archive (shared with other modules; read only)."""
    return {key: (demo_archives[key].path, demo_archives[key].proc) for key in SITE_KEYS}


def articles_of(db_path):
    archive = Archive(db_path, create=False)
    try:
        return {a["url"]: a for a in archive.articles()}, archive.pages()
    finally:
        archive.close()


@pytest.mark.parametrize("key", SITE_KEYS)
def test_crawl_stores_every_post_and_nothing_else(crawled, demo_sites, key):
    db_path, _ = crawled[key]
    articles, pages = articles_of(db_path)
    gold = {g["url"]: g for g in gold_posts(key, demo_sites.urls[key])}
    assert set(articles) == set(gold)
    types = Counter(p["page_type"] for p in pages)
    assert types["post"] == len(gold)
    assert types["listing"] >= 1 and types["page"] >= 2  # home/pagination/tags; about, contact


@pytest.mark.parametrize("key", SITE_KEYS)
def test_stored_posts_match_gold(crawled, demo_sites, key):
    db_path, _ = crawled[key]
    articles, _ = articles_of(db_path)
    for gold in gold_posts(key, demo_sites.urls[key]):
        got = articles[gold["url"]]
        assert token_f1(got["text"], gold["text"]) >= 0.97, gold["url"]
        assert (got["title"], got["author"], got["published"], got["tags"]) == (
            gold["title"], gold["author"], gold["published"], gold["tags"]
        ), gold["url"]
        for chrome in SEED_CHROME:
            assert chrome not in got["text"], (chrome, gold["url"])


@pytest.mark.parametrize("key", ["wix", "custom"])
def test_seed_posts_come_out_exactly(crawled, demo_sites, key):
    db_path, _ = crawled[key]
    articles, _ = articles_of(db_path)
    seed_title = {"wix": "Healing within a Relationship",
                  "custom": "HOW THERAPY CAN HELP HEAL PAST RELATIONSHIP TRAUMA AND PROMOTE INTIMACY"}[key]
    gold = next(g for g in gold_posts(key, demo_sites.urls[key]) if g["title"] == seed_title)
    assert articles[gold["url"]]["text"] == gold["text"]


def test_failures_are_recorded_and_the_crawl_finishes(crawled):
    reasons = Counter()
    for db_path, proc in crawled.values():
        _, pages = articles_of(db_path)
        reasons.update(p["error"] for p in pages if p["error"])
        assert "posts stored" in proc.stdout
    assert reasons["HTTP 404"] >= 1
    assert reasons["HTTP 500"] >= 1


@pytest.mark.parametrize("key", SITE_KEYS)
def test_crawl_is_polite(crawled, demo_sites, key):
    """robots.txt first and obeyed; every request names the project and contact."""
    requests = demo_sites.requests[key]
    robots_txt = lookup(build_site(key, demo_sites.urls[key]), "/robots.txt").body.decode()
    robots = Protego.parse(robots_txt)
    ours = [(path, ua) for path, ua in requests if ua.startswith("wellness-archiver/")]
    assert ours and ours[0][0] == "/robots.txt"
    for path, ua in ours:
        # Other tests crawl these session-wide servers with their own --contact.
        assert re.search(r"\(research crawler; \+[^\s()]+@[^\s()]+\)$", ua), ua
        assert robots.can_fetch(demo_sites.urls[key] + path, ua), path
    # Only the crawls and the fixture tests' urllib talk to these servers.
    assert all(ua.startswith(("wellness-archiver/", "Python-urllib/")) for _, ua in requests)


def test_max_pages_caps_each_site(demo_sites, tmp_path):
    db_path = tmp_path / "archive.db"
    proc = crawl(db_path, demo_sites.urls["wordpress"], demo_sites.urls["blogger"], "--max-pages", "6")
    assert proc.returncode in (0, PARTIAL), proc.stdout + proc.stderr
    assert "not fetched (--max-pages/--max-depth)" in proc.stdout
    archive = Archive(db_path, create=False)
    try:
        pages = archive.pages()
        run = archive.run(1)
    finally:
        archive.close()
    per_site = Counter(p["host"] for p in pages if p["page_type"] != "feed")
    assert set(per_site) == {demo_sites.urls[k].split("//")[1] for k in ("wordpress", "blogger")}
    assert all(count == 6 for count in per_site.values()), per_site
    assert run["limited"] > 0 and run["status"] == "finished"


def test_max_depth_stops_following_links(demo_sites, tmp_path):
    db_path = tmp_path / "archive.db"
    proc = crawl(db_path, demo_sites.urls["ghost"], "--max-depth", "1")
    assert proc.returncode in (0, PARTIAL), proc.stdout + proc.stderr
    articles, pages = articles_of(db_path)
    assert max(p["depth"] for p in pages) == 1
    assert articles  # posts linked from the home page or listed in the sitemap
    archive = Archive(db_path, create=False)
    try:
        assert archive.run(1)["limited"] > 0  # deeper links were found and left
    finally:
        archive.close()


def test_a_crawl_that_fetches_nothing_exits_1(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = crawl(tmp_path / "archive.db", f"http://127.0.0.1:{port}/")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "connection refused" in proc.stdout and "Traceback" not in proc.stderr
