"""The spider's page classifier on every fixture page (no server needed)."""

import pytest
from parsel import Selector

from wellness_archiver.demo_site.gold import gold_posts, non_post_urls
from wellness_archiver.demo_site.site import SITE_KEYS, build_site, lookup
from w3lib.html import replace_entities

from wellness_archiver.crawler.spiders.links import raw_hrefs
from wellness_archiver.crawler.spiders.classify import classify, declared_post, head_of

BASE = "http://127.0.0.1:1"


@pytest.mark.parametrize("key", SITE_KEYS)
def test_posts_are_posts_and_nothing_else_is(key):
    pages = build_site(key, BASE)

    def page_type(url):
        return classify(Selector(text=lookup(pages, url[len(BASE):]).body.decode("utf-8")), url)

    for gold in gold_posts(key, BASE):
        assert page_type(gold["url"]) == "post", gold["url"]
    others = {url: page_type(url) for url in non_post_urls(key, BASE)}
    assert "post" not in others.values(), others
    assert {t for u, t in others.items() if "about" in u or "contact" in u} == {"page"}
    assert list(others.values()).count("listing") >= 3


def test_related_post_cards_do_not_turn_a_post_into_a_listing():
    pages = build_site("wordpress", BASE)
    gold = gold_posts("wordpress", BASE)[0]
    html = lookup(pages, gold["url"][len(BASE):]).body.decode("utf-8")
    cards = "".join(
        f'<article class="related-post"><h3><a href="{BASE}/related-{i}/">Related {i}</a></h3></article>'
        for i in range(4)
    )
    html = html.replace("</body>", f'<section class="related-posts">{cards}</section></body>')
    assert classify(Selector(text=html), gold["url"]) == "post"


@pytest.mark.parametrize("key", SITE_KEYS)
def test_the_head_alone_tells_declared_posts_and_never_a_listing(key):
    """The spider's shortcut (head_of + declared_post) agrees with classify:
    what it calls a post is one; what it does not, classify still decides."""
    pages = build_site(key, BASE)
    shortcut = 0
    for url in [g["url"] for g in gold_posts(key, BASE)] + non_post_urls(key, BASE):
        body = lookup(pages, url[len(BASE):]).body
        head = head_of(body, "utf-8")
        assert head is not None, url
        if declared_post(head, body):
            shortcut += 1
            assert classify(Selector(text=body.decode("utf-8")), url) == "post", url
    # Every platform's posts declare themselves; the custom site's do not.
    assert shortcut == (0 if key == "custom" else len(gold_posts(key, BASE)))


def test_declared_post_reads_the_head_and_json_ld_anywhere():
    def declared(head, body_extra=""):
        body = f"<html><head>{head}</head><body>{body_extra}<p>text</p></body></html>".encode()
        return declared_post(head_of(body, "utf-8"), body)

    assert declared('<meta property="og:type" content="article">')
    assert declared('<meta property="article:published_time" content="2024-05-01">')
    assert declared("", '<script type="application/ld+json">{"@type": "BlogPosting"}</script>')
    assert not declared('<meta property="og:type" content="website">')
    assert not declared('<meta property="og:type" content="article">',
                        '<script type="application/ld+json">{"@type": ["CollectionPage"]}</script>')
    assert head_of(b"<p>no head, no body tag</p>", "utf-8") is None


@pytest.mark.parametrize("key", SITE_KEYS)
def test_raw_href_scan_finds_every_anchor(key):
    """The spider reads hrefs from the bytes to decide whether a page has an
    unseen link: it may find more than the parser (an "<a" in a script),
    never fewer."""
    pages = build_site(key, BASE)
    for path, page in pages.items():
        if "html" not in page.content_type:
            continue
        parsed = {h.strip() for h in Selector(text=page.body.decode("utf-8")).xpath("//a/@href").getall()}
        scanned = {replace_entities(next(filter(None, g), b"").decode("utf-8")).strip()
                   for g in raw_hrefs(page.body)}
        assert parsed <= scanned, (path, parsed - scanned)


def test_raw_href_scan_finds_every_anchor_on_the_platform_set():
    from platform_pages import build_pages

    for page in build_pages():
        body = page["html"].encode("utf-8")
        parsed = {h.strip() for h in Selector(text=page["html"]).xpath("//a/@href").getall()}
        scanned = {replace_entities(next(filter(None, g), b"").decode("utf-8")).strip() for g in raw_hrefs(body)}
        assert parsed <= scanned, (page["name"], parsed - scanned)
