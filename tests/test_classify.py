"""The spider's page classifier on every fixture page (no server needed)."""

import pytest
from parsel import Selector

from wellness_archiver.demo_site.gold import gold_posts, non_post_urls
from wellness_archiver.demo_site.site import SITE_KEYS, build_site, lookup
from wellness_archiver.spiders.classify import classify

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
