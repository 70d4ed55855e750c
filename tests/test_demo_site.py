"""The fixture web itself: every page the crawler and extractor tests rely on."""

import html
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

import pytest

from wellness_archiver.demo_site.gold import error_urls, gold_posts, gold_text, non_post_urls
from wellness_archiver.demo_site.site import SITE_KEYS, build_site, load_content

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEEDS = {"wordpress": "/feed/", "blogger": "/feeds/posts/default", "ghost": "/rss/",
         "squarespace": "/blog?format=rss", "wix": "/blog-feed.xml"}


def fetch(url, method="GET"):
    assert url.startswith("http://127.0.0.1:"), url  # never leave the machine
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def links(body: bytes) -> list[str]:
    p = _Links()
    p.feed(body.decode("utf-8"))
    return p.hrefs


@pytest.fixture(params=SITE_KEYS)
def site(request, demo_sites):
    return request.param, demo_sites.urls[request.param]


def test_content_files_are_complete():
    for key in SITE_KEYS:
        content = load_content(key)
        assert content["site"]["key"] == key
        assert len(content["posts"]) == 9
        assert {"about", "contact"} <= set(content["pages"])


def test_gold_text_follows_the_rule():
    post = {"blocks": [["h2", "Head"], ["p", "Para"], ["figure", {"alt": "a", "caption": "c"}],
                       ["ul", ["one", "two"]], ["quote", "Q"], ["ol", ["x"]]]}
    assert gold_text(post) == "Head\nPara\n- one\n- two\nQ\n- x"


def test_every_post_is_served_with_its_metadata(site):
    key, base = site
    for gold in gold_posts(key, base):
        status, headers, body = fetch(gold["url"])
        assert status == 200, gold["url"]
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert int(headers["Content-Length"]) == len(body)
        page = body.decode("utf-8")
        assert html.escape(gold["title"]) in page
        assert html.escape(gold["author"]) in page
        assert gold["published"] in page  # ISO date in a datetime/title/meta/JSON-LD
        if gold["updated"]:
            assert gold["updated"] in page
        for tag in gold["tags"]:
            assert html.escape(tag) in page, (gold["url"], tag)
        for line in gold["text"].splitlines():  # the body is really there, verbatim
            assert html.escape(line.removeprefix("- "), quote=False) in page.replace("&#x27;", "'").replace("&quot;", '"'), line
        assert 15_000 < len(body) < 120_000, (gold["url"], len(body))


def test_head_requests(site):
    key, base = site
    url = gold_posts(key, base)[0]["url"]
    status, headers, body = fetch(url, method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) > 0


def test_non_post_pages_are_websites_not_articles(site):
    key, base = site
    for url in non_post_urls(key, base):
        status, headers, body = fetch(url)
        assert status == 200, url
        page = body.decode()
        assert "article:published_time" not in page, url
        if key != "custom":  # the hand-built site has no og:type at all
            assert re.search(r"""content=['"]website['"] property=['"]og:type|property=['"]og:type['"] content=['"]website""", page), url


def test_unknown_paths_get_the_platform_404_page(site):
    key, base = site
    status, headers, body = fetch(base + "/no/such/page/")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"<html" in body and len(body) > 5_000


def test_deliberate_failures(site):
    key, base = site
    for status, urls in error_urls(key, base).items():
        for url in urls:
            assert fetch(url)[0] == status, url


def test_robots_txt_lists_sitemaps(site):
    key, base = site
    status, _, body = fetch(base + "/robots.txt")
    assert status == 200
    sitemaps = re.findall(r"(?m)^Sitemap: (\S+)$", body.decode())
    if key == "custom":
        assert sitemaps == []
        return
    assert sitemaps and all(s.startswith(base + "/") for s in sitemaps)
    urls = set()
    todo = list(sitemaps)
    while todo:  # resolve sitemap indexes down to urlsets
        status, headers, body = fetch(todo.pop())
        assert status == 200 and "xml" in headers["Content-Type"]
        root = ElementTree.fromstring(body)
        locs = [e.text for e in root.iter(SITEMAP_NS + "loc")]
        if root.tag == SITEMAP_NS + "sitemapindex":
            todo.extend(locs)
        else:
            assert any(True for _ in root.iter(SITEMAP_NS + "lastmod"))
            urls.update(locs)
    assert {g["url"] for g in gold_posts(key, base)} <= urls


def test_wordpress_uses_a_sitemap_index(demo_sites):
    base = demo_sites.urls["wordpress"]
    root = ElementTree.fromstring(fetch(base + "/sitemap_index.xml")[2])
    assert root.tag == SITEMAP_NS + "sitemapindex"
    assert [e.text.rsplit("/", 1)[1] for e in root.iter(SITEMAP_NS + "loc")] == [
        "post-sitemap.xml", "page-sitemap.xml", "category-sitemap.xml"]


def test_feeds_are_linked_and_parse(site):
    key, base = site
    home = fetch(base + "/")[2].decode()
    alternates = re.findall(r"""<link[^>]+rel=["']alternate["'][^>]+type=["']application/(?:rss|atom)\+xml["'][^>]*>""", home)
    if key == "custom":
        assert alternates == []
        return
    assert any(base + FEEDS[key] in html.unescape(a) for a in alternates), alternates
    status, headers, body = fetch(base + FEEDS[key])
    assert status == 200 and "xml" in headers["Content-Type"]
    root = ElementTree.fromstring(body)
    feed_links = ({e.text for e in root.iter("link")}
                  | {e.get("href") for e in root.iter("{http://www.w3.org/2005/Atom}link")})
    assert {g["url"] for g in gold_posts(key, base)} <= feed_links


def crawl(base: str, start: str = "/") -> dict[str, int]:
    """Breadth-first over same-host <a href> links; returns url -> status."""
    seen, queue = {}, deque([base + start])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        status, headers, body = fetch(url)
        seen[url] = status
        if status != 200 or not headers["Content-Type"].startswith("text/html"):
            continue
        for href in links(body):
            absolute = urldefrag(urljoin(url, html.unescape(href)))[0]
            if urlsplit(absolute).netloc == urlsplit(base).netloc and absolute not in seen:
                queue.append(absolute)
    return seen


def test_link_following_from_home_reaches_every_post(site):
    key, base = site
    seen = crawl(base)
    for gold in gold_posts(key, base):
        assert seen.get(gold["url"]) == 200, gold["url"]
    failures = {u: s for u, s in seen.items() if s != 200}
    expected = {u: s for s, urls in error_urls(key, base).items() for u in urls}
    assert failures == expected


def test_links_stay_on_host_or_are_plain_external_hrefs(site):
    key, base = site
    body = fetch(gold_posts(key, base)[0]["url"])[2]
    external = set()
    for href in links(body):
        if href.startswith(("#", "mailto:")) or href.startswith(base) or href.startswith("/"):
            continue
        assert not href.startswith("http://127.0.0.1"), href  # no cross-site links
        external.add(urlsplit(href).netloc)
    assert external, "footers link out to social sites"


def test_wix_seed_post_has_the_seed_chrome(demo_sites):
    base = demo_sites.urls["wix"]
    seed = next(g for g in gold_posts("wix", base) if g["title"] == "Healing within a Relationship")
    page = fetch(seed["url"])[2].decode()
    text = re.sub(r"<[^>]+>", "", re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page))
    for chrome in ("top of page", "Search", "Rachael King", "Updated: Feb 8", "25 views0 comments",
                   "Recent Posts", "See All", "Comments", "bottom of page"):
        assert chrome in text, chrome
    assert 'alt="Writer&#x27;s picture"' in page or "alt=\"Writer's picture\"" in page
    assert 'alt="a felt heart broken with stitches"' in page
    assert text.index("Recent Posts") < text.index("See All") < text.index("Comments") < text.index("bottom of page")
    assert len(re.findall(r'data-hook="post-list-item"', page)) == 3


def test_custom_seed_post_has_the_seed_chrome(demo_sites):
    base = demo_sites.urls["custom"]
    seed = next(g for g in gold_posts("custom", base) if g["title"].startswith("HOW THERAPY CAN HELP"))
    page = fetch(seed["url"])[2].decode()
    text = re.sub(r"<[^>]+>", "", re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page))
    for chrome in ("ZeroOpposite", "Contact Us", "Search"):
        assert chrome in text
    assert 'alt="Logo"' in page
    assert "#therapy#attachment#desire#relationships#healing#personalgrowth#psychology" in text


def test_build_site_is_deterministic():
    a = build_site("ghost", "http://127.0.0.1:1")
    b = build_site("ghost", "http://127.0.0.1:1")
    assert a == b


def test_demo_server_subprocess_prints_ready():
    proc = subprocess.Popen([sys.executable, "-m", "wellness_archiver.demo_site", "wix", "custom"],
                            stdout=subprocess.PIPE, text=True)
    try:
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        assert lines[-1] == "READY"
        urls = dict(line.split() for line in lines[:-1])
        assert set(urls) == {"wix", "custom"}
        assert fetch(urls["custom"] + "/")[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
