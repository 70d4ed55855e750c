"""The realistic per-platform page set (tests/platform_pages.py): 30 pages
per platform, three themes each, short and long posts, comments, embeds and
promos, scored against their gold text and metadata."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from platform_pages import PER_PLATFORM, PLATFORMS, build_pages  # noqa: E402

from wellness_archiver.extraction import extract_with_reason  # noqa: E402
from scoring import token_f1

META = ("title", "author", "published", "tags")



@pytest.fixture(scope="module")
def results():
    out = []
    for page in build_pages():
        article, reason = extract_with_reason(page["html"].encode("utf-8"), page["url"])
        out.append((page, article, reason))
    return out


def test_the_set_is_big_and_varied(results):
    per = Counter(page["platform"] for page, _, _ in results)
    assert set(per) == set(PLATFORMS) and min(per.values()) >= PER_PLATFORM >= 30
    for platform in PLATFORMS:
        pages = [p for p, _, _ in results if p["platform"] == platform]
        assert len({p["theme"] for p in pages}) >= 3
        assert any(len(p["gold"]["text"].split()) < 100 for p in pages)  # short posts
        assert any("instagram-media" in p["html"] for p in pages)
        assert any("youtube.com/embed" in p["html"] for p in pages)


def test_every_page_extracts(results):
    failed = [(page["name"], reason) for page, article, reason in results if article is None]
    assert not failed


def test_mean_token_f1(results):
    scores = [token_f1(a.text if a else "", page["gold"]["text"]) for page, a, _ in results]
    assert sum(scores) / len(scores) >= 0.98
    low = [(page["name"], round(s, 3)) for (page, _, _), s in zip(results, scores) if s < 0.9]
    assert not low


def test_no_chrome_leaks(results):
    leaks = [(page["name"], s) for page, a, _ in results if a for s in page["chrome"]
             if s in a.text or s in a.markdown]
    assert not leaks


@pytest.mark.parametrize("field", META)
def test_metadata_exact_on_98_percent(results, field):
    wrong = [(page["name"], getattr(a, field, None), page["gold"][field])
             for page, a, _ in results if a is None or getattr(a, field) != page["gold"][field]]
    assert len(wrong) <= 0.02 * len(results), wrong


def test_all_metadata_at_once_on_98_percent(results):
    wrong = [page["name"] for page, a, _ in results
             if a is None or any(getattr(a, f) != page["gold"][f] for f in META)]
    assert len(wrong) <= 0.02 * len(results), wrong


def test_platform_detected(results):
    wrong = [(page["name"], a.platform if a else None) for page, a, _ in results
             if a is None or a.platform != page["gold"]["platform"]]
    assert not wrong


def test_comments_kept_apart(results):
    wrong = [page["name"] for page, a, _ in results if a and a.comments != page["gold"]["comments"]]
    assert len(wrong) <= 0.02 * len(results), wrong
    for page, a, _ in results:
        for comment in page["gold"]["comments"]:
            assert comment["text"] not in a.text


def test_categories_and_views(results):
    for page, a, _ in results:
        if page["gold"]["categories"] is not None:
            assert a.categories == page["gold"]["categories"], page["name"]
        if page["gold"]["views"] is not None:
            assert a.views == page["gold"]["views"], page["name"]


def test_markdown_matches_text(results):
    def plain(md: str) -> str:
        md = re.sub(r"\]\([^)]*\)", "]", md)
        md = re.sub(r"^(?:>\s?)+|^(?:#{1,6} |- |\d+\. )", "", md, flags=re.M)
        return re.sub(r"[*_`\[\]\\]", "", md)

    low = [page["name"] for page, a, _ in results if token_f1(plain(a.markdown), page["gold"]["text"]) < 0.98]
    assert not low
