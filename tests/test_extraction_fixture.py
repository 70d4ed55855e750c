"""Every gold post of every demo site, rendered in memory, extracted and
compared with its gold record."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from wellness_archiver.demo_site.gold import gold_posts
from wellness_archiver.demo_site.site import SITE_KEYS, build_site, lookup
from wellness_archiver.extraction import extract_with_reason

BASE = "http://127.0.0.1:1"
SEED_CHROME = ("top of page", "bottom of page", "Writer's picture", "views0 comments",
               "Recent Posts", "See All", "Contact Us")
SEED_POSTS = {("wix", "Healing within a Relationship"),
              ("custom", "HOW THERAPY CAN HELP HEAL PAST RELATIONSHIP TRAUMA AND PROMOTE INTIMACY")}


def token_f1(got: str, want: str) -> float:
    a, b = Counter(re.findall(r"\w+", got.lower())), Counter(re.findall(r"\w+", want.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


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
