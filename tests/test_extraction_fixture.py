"""Every gold post of every demo site, rendered in memory, extracted and
compared with its gold record."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from wellness_archiver.demo_site.gold import gold_posts
from wellness_archiver.demo_site.site import SITE_KEYS, build_site, lookup
from wellness_archiver.extraction import extract_with_reason
from scoring import token_f1

BASE = "http://127.0.0.1:1"
SEED_CHROME = ("top of page", "bottom of page", "Writer's picture", "views0 comments",
               "Recent Posts", "See All", "Contact Us")
SEED_POSTS = {("wix", "Healing within a Relationship"),
              ("custom", "HOW THERAPY CAN HELP HEAL PAST RELATIONSHIP TRAUMA AND PROMOTE INTIMACY")}



def _cases():
    for key in SITE_KEYS:
        for gold in gold_posts(key, BASE):
            yield pytest.param(key, gold, id=f"{key}:{urlsplit(gold['url']).path}")


_SITES: dict[str, dict] = {}


def _extract(key: str, gold: dict):
    if key not in _SITES:
        _SITES[key] = build_site(key, BASE)
    parts = urlsplit(gold["url"])
    page = lookup(_SITES[key], parts.path + (f"?{parts.query}" if parts.query else ""))
    assert page.status == 200
    article, reason = extract_with_reason(page.body, gold["url"])
    assert reason is None, reason
    return article


@pytest.mark.parametrize("key, gold", _cases())
def test_gold_post(key, gold):
    article = _extract(key, gold)
    assert token_f1(article.text, gold["text"]) >= 0.97, article.text
    assert article.title == gold["title"]
    assert article.author == gold["author"]
    assert article.published == gold["published"]
    assert article.tags == gold["tags"]
    for chrome in SEED_CHROME:
        assert chrome not in article.text
    if (key, gold["title"]) in SEED_POSTS:
        assert article.text == gold["text"]


# --- comments, categories, markdown -------------------------------------------

# Squarespace and Ghost load comments with JavaScript: nothing in the HTML.
COMMENTS_IN_HTML = {"wix", "wordpress", "blogger", "custom"}


def _content_post(key: str, gold: dict) -> dict:
    from wellness_archiver.demo_site.site import load_content

    return next(p for p in load_content(key)["posts"] if p["title"] == gold["title"])


def strip_markdown(md: str) -> str:
    md = re.sub(r"\]\([^)]*\)", "]", md)  # [text](url) -> [text]
    md = re.sub(r"^(?:>\s?)+", "", md, flags=re.M)
    md = re.sub(r"^(?:#{1,6} |- |\d+\. )", "", md, flags=re.M)
    return re.sub(r"[*_`\[\]\\]", "", md)


@pytest.mark.parametrize("key, gold", _cases())
def test_gold_post_comments(key, gold):
    article = _extract(key, gold)
    want = [{"author": c["author"], "published": c["date"], "text": c["text"]}
            for c in _content_post(key, gold)["comments"]]
    assert article.comments == (want if key in COMMENTS_IN_HTML else [])
    for comment in want:
        assert comment["text"] not in article.text
    if key == "wix":  # Wix shows "N views" and "N comments" on the post
        assert article.comment_count == len(want)
        assert isinstance(article.views, int) and article.views > 0


@pytest.mark.parametrize("key, gold", [c for c in _cases() if c.values[0] == "wordpress"])
def test_gold_post_wordpress_categories(key, gold):
    from wellness_archiver.demo_site.platforms.wordpress import category

    article = _extract(key, gold)
    assert article.categories == [category(_content_post(key, gold)).replace("&amp;", "&")]
    assert not set(article.categories) & set(article.tags)


@pytest.mark.parametrize("key, gold", _cases())
def test_gold_post_markdown(key, gold):
    article = _extract(key, gold)
    md = article.markdown
    assert token_f1(strip_markdown(md), gold["text"]) >= 0.99, md
    lines = md.splitlines()
    for kind, value in _content_post(key, gold)["blocks"]:
        if kind in ("h2", "h3"):
            assert ("#" * int(kind[1]) + " " + value) in lines
        elif kind in ("ul", "ol"):
            for n, item in enumerate(value, 1):
                assert (f"- {item}" if kind == "ul" else f"{n}. {item}") in lines
        elif kind == "quote":
            assert f"> {value}" in lines
    for chrome in SEED_CHROME:
        assert chrome not in md
