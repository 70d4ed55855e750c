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
