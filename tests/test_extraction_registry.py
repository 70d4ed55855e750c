"""The platform registry (extraction/platforms.py) against pages of each platform.

Every registry platform is detected on its pages (the generated platform set
and the demo sites), its own body rule finds the article body, and the
crawler's classifier, which reads the same registry, agrees with extraction:
one body is a post, the same body repeated is a listing with no single body.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lxml.etree import XPath
from parsel import Selector

sys.path.insert(0, str(Path(__file__).parent))

from platform_pages import build_pages  # noqa: E402

from wellness_archiver.crawler.spiders import classify  # noqa: E402
from wellness_archiver.demo_site.gold import gold_posts  # noqa: E402
from wellness_archiver.demo_site.site import SITE_KEYS, build_site, load_content, lookup  # noqa: E402
from wellness_archiver.extraction import core, platforms  # noqa: E402
from wellness_archiver.extraction.metadata import attribute_values  # noqa: E402
from wellness_archiver.extraction.platform import detect_platform  # noqa: E402

BASE = "http://127.0.0.1:1"
NAMES = [p.name for p in platforms.REGISTRY]
_WORD = re.compile(r"\w+")


def _pages(name: str) -> list[dict]:
    return build_pages(platforms=(name,), per_platform=3)  # one per theme


def _body(html: bytes, want: str):
    """(tree, the body element core finds) after checking detection."""
    tree, reason = core.parse_page(html)
    assert reason is None
    values = attribute_values(tree)
    assert detect_platform(tree) == detect_platform(tree, values) == want
    return tree, core._content_root(tree, want, values)


def _found_by_own_rule(tree, root, name: str) -> bool:
    rules = platforms.BY_NAME[name].bodies
    return any(root in XPath(b.xpath)(tree) for b in rules)


def test_the_registry_is_well_formed():
    assert len(set(NAMES)) == len(NAMES) and NAMES[-1] == "generic"
    assert platforms.PLATFORMS == tuple(NAMES)
    for p in platforms.REGISTRY:
        assert p.bodies, f"{p.name}: no body rule"
        for body in p.bodies:
            XPath(body.xpath)  # compiles
            assert body.needle and body.needle in body.xpath, (p.name, body)
        for name, (xpath, needles) in p.fields.items():
            assert name in ("title", "author", "published", "updated", "tags", "categories"), (p.name, name)
            XPath(xpath)
            assert needles is None or needles and all(isinstance(n, str) for n in needles), (p.name, name)
        if p.markup:
            assert p.markup_needles and all(n in p.markup for n in p.markup_needles), p.name
        if p.name != "generic":
            assert p.generators and p.assets, f"{p.name}: detected by markup alone"
    # classify's body rules are the registry's, each once
    assert classify.BODY_XPATHS[1:] == [x for x, _ in platforms.body_rules()]


@pytest.mark.parametrize("name", NAMES)
def test_each_platform_is_detected_and_its_body_rule_finds_the_body(name):
    for page in _pages(name):
        tree, root = _body(page["html"].encode("utf-8"), name)
        assert root is not None, (name, page["theme"])
        assert _found_by_own_rule(tree, root, name), (name, page["theme"])
        gold = _WORD.findall(page["gold"]["text"].lower())
        found = set(_WORD.findall(root.text_content().lower()))
        assert sum(w in found for w in gold) >= 0.95 * len(gold), (name, page["theme"])


@pytest.mark.parametrize("key", SITE_KEYS)
def test_the_demo_sites_posts_are_detected_and_their_body_found(key):
    declared = load_content(key)["site"]["platform"]
    want = declared if declared in platforms.BY_NAME else "generic"
    pages = build_site(key, BASE)
    for gold in gold_posts(key, BASE)[:3]:
        tree, root = _body(lookup(pages, gold["url"][len(BASE):]).body, want)
        assert root is not None and _found_by_own_rule(tree, root, want), gold["url"]


def _listing(page_html: str, tree, root) -> str:
    """The page's head, then its article three times (the body element with
    its ancestors up to <body>, as a rule may need them): an archive page."""
    import lxml.html

    head = lxml.html.tostring(tree.find("head"), encoding="unicode")
    head = re.sub(r'<script type="application/ld\+json">.*?</script>', "", head, flags=re.S)
    head = re.sub(r"<meta[^>]+(og:type|article:published_time)[^>]*>", "", head)
    top = next(a for a in [root, *root.iterancestors()] if a.getparent().tag == "body")
    body = lxml.html.tostring(top, encoding="unicode", with_tail=False)
    return f"<html>{head}<body>{body * 3}</body></html>"


@pytest.mark.parametrize("name", NAMES)
def test_classify_and_extraction_agree(name):
    for page in _pages(name):
        url = page["url"]
        assert classify.classify(Selector(text=page["html"]), url) == "post", (name, page["theme"])
        tree, root = _body(page["html"].encode("utf-8"), name)
        listing = _listing(page["html"], tree, root)
        assert classify.classify(Selector(text=listing), BASE + "/") == "listing", (name, page["theme"])
        tree, reason = core.parse_page(listing)
        assert core._content_root(tree, name, attribute_values(tree)) is None, (name, page["theme"])


def test_the_registry_module_is_light():
    import subprocess

    code = ("import sys, wellness_archiver.extraction.platforms, wellness_archiver.crawler.spiders.classify;"
            "print(sorted(m for m in ('trafilatura', 'readability', 'htmldate', 'dateparser') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
