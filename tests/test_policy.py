"""Pure crawl decisions: owners' reservations, sitemap lastmod, traps."""

import pytest

from wellness_archiver.crawler.spiders.sitemaps import unchanged_since
from wellness_archiver.crawler.spiders.policy import TDMRepRules, may_follow, page_refusal, robots_directives
from wellness_archiver.crawler.spiders.traps import TrapDetector
from wellness_archiver.urls import clean_url


@pytest.mark.parametrize("head, headers, ignore_tdm, expected", [
    ('<meta name="robots" content="noindex">', {}, False, "noindex"),
    ('<meta name="robots" content="noai">', {}, False, "noai"),
    ('<meta name="robots" content="noai">', {}, True, None),
    ('<meta name="tdm-reservation" content="1">', {}, False, "TDM rights reserved"),
    ('<meta name="tdm-reservation" content="1">', {}, True, None),
    ("", {"tdm-reservation": "1"}, False, "TDM rights reserved"),
    ("", {"X-Robots-Tag": "googlebot: noindex"}, True, "noindex"),
    ('<meta name="robots" content="noarchive">', {}, False, None),  # stored without body instead
    ('<meta name="tdm-reservation" content="0">', {}, False, None),
])
def test_page_refusal(head, headers, ignore_tdm, expected):
    body = f"<html><head>{head}</head><body><p>text</p></body></html>".encode()
    reason = page_refusal(robots_directives(body, headers), False, ignore_tdm)
    assert (reason is None) if expected is None else (expected in reason)


def test_nofollow_stops_link_following():
    assert not may_follow(robots_directives(b'<meta name="robots" content="noindex,nofollow">'))
    assert may_follow(robots_directives(b'<meta name="robots" content="noindex">'))


def test_tdmrep_rules_first_match_decides():
    rules = TDMRepRules()
    assert rules.load("blog.example", '[{"location": "/members/*", "tdm-reservation": 1},'
                                      ' {"location": "/*", "tdm-reservation": 0}]') == 2
    assert rules.reserved("https://blog.example/members/post-1/")
    assert not rules.reserved("https://blog.example/posts/post-1/")
    assert not rules.reserved("https://other.example/members/x/")
    assert rules.load("bad.example", "not json") == 0


@pytest.mark.parametrize("lastmod, fetched, expected", [
    ("2024-05-01", "2024-06-01T10:00:00+00:00", True),
    ("2024-06-01", "2024-06-01T10:00:00+00:00", False),  # same day: ask the server
    ("2024-06-01T09:00:00Z", "2024-06-01T10:00:00+00:00", True),
    ("2024-06-01T11:00:00+00:00", "2024-06-01T10:00:00+00:00", False),
    (None, "2024-06-01T10:00:00+00:00", False),
    ("garbage", "2024-06-01T10:00:00+00:00", False),
])
def test_sitemap_lastmod(lastmod, fetched, expected):
    assert unchanged_since(lastmod, fetched) is expected


def test_trap_detector_caps_date_archives_not_posts():
    traps = TrapDetector(limit=3)
    calendar = [traps.check(f"http://b.example/calendar/2024/{m:02d}/") for m in range(1, 7)]
    assert calendar[:3] == [None] * 3 and all(r and r.startswith("trap:") for r in calendar[3:])
    posts = [traps.check(f"http://b.example/2024/05/{d:02d}/post-{d}/") for d in range(1, 20)]
    assert posts == [None] * 19
    pages = [traps.check(f"http://b.example/page/{n}/") for n in range(1, 50)]
    assert pages == [None] * 49


def test_trap_detector_caps_token_urls_not_slugs_or_pages():
    traps = TrapDetector(limit=3)
    visit = [f"http://b.example/shop/?visit={n * 0x9E3779B97F4A7C15:032x}" for n in range(1, 7)]
    tokens = [traps.check(url) for url in visit]
    assert tokens[:3] == [None] * 3 and all("session or token" in r for r in tokens[3:])
    uuids = [traps.check(f"http://b.example/c/?u=123e4567-e89b-12d3-a456-4266141740{n:02d}") for n in range(5)]
    assert uuids[3] is not None
    slugs = [traps.check(f"http://b.example/?p=mindfulness-for-beginners-{n}") for n in range(10)]
    numbers = [traps.check(f"http://b.example/?page={n}") for n in range(10)]
    assert slugs == numbers == [None] * 10


@pytest.mark.parametrize("url, expected", [
    ("http://b.example/p/?PHPSESSID=abc123&page=2", "http://b.example/p/?page=2"),
    ("http://b.example/p/?Sid=9&sessionid=x", "http://b.example/p/"),
    ("http://b.example/p/;jsessionid=A1B2C3?x=1", "http://b.example/p/?x=1"),
    ("http://b.example/(S(lit3py55t21z5v55vlm25s55))/page.aspx", "http://b.example/page.aspx"),
    ("http://b.example/p/?utm_source=news&b=2&a=1#top", "http://b.example/p/?a=1&b=2"),
    ("http://b.example/p/?s=grief", "http://b.example/p/?s=grief"),  # a search, not a session
])
def test_clean_url_drops_trackers_and_session_ids(url, expected):
    assert clean_url(url) == expected


def test_trap_detector_stops_pagination_that_brings_nothing_new():
    traps = TrapDetector(limit=3)
    page = "http://b.example/archive/page/{}/".format
    traps.note_links(page(1), [page(2), "http://b.example/post-a/"])  # new posts: fine
    for n in range(2, 5):
        assert traps.check(page(n)) is None
        traps.note_links(page(n), [page(n + 1)])  # nothing but the next page
    assert "pagination with nothing new" in traps.check(page(5))
    # Another listing with posts on every page is never stopped.
    for n in range(1, 20):
        assert traps.check(f"http://b.example/tag/grief/page/{n}/") is None
        traps.note_links(f"http://b.example/tag/grief/page/{n}/",
                         [f"http://b.example/tag/grief/page/{n + 1}/", f"http://b.example/post-{n}/"])
