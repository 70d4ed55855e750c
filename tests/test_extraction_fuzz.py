"""Property test: extraction never raises and always answers in one of the
two documented shapes, on generated and mutated HTML.

About 3,500 documents a run, chosen so that every kind of hostile input
meets every page: each mutation (truncation, byte flips, deleted or
duplicated tags, wrong encodings, deep nesting, binary junk spliced in,
empty) applied to every whole seed page (the fixture pages, tests/pages),
every pair of mutations once, and every edge input, all deterministic; then
random ones: generated small pages, random mutations of windows of the seed
pages, pure binary junk and text. The random examples are new each run
(no example database), so the runs add up. The module takes ~40 s of CPU.

Needs ``hypothesis>=6`` (test extra).
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellness_archiver.extraction import Article, extract_with_reason

PAGES = Path(__file__).parent / "pages"
BASE = "http://127.0.0.1:1"
URL = "https://blog.example/2023/01/02/a-post/"

FAST = settings(deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])


def check(html, url=URL) -> None:
    """The property: no exception escapes; (Article, None) with text, or (None, reason)."""
    result = extract_with_reason(html, url)
    assert isinstance(result, tuple) and len(result) == 2
    article, reason = result
    if article is not None:
        assert isinstance(article, Article)
        assert reason is None
        assert isinstance(article.text, str) and article.text.strip()
        assert article.word_count > 0
    else:
        assert isinstance(reason, str) and reason.strip()


@lru_cache(maxsize=1)
def seeds() -> tuple[bytes, ...]:
    """tests/pages plus one post and one listing page of every demo site."""
    from wellness_archiver.demo_site.gold import gold_posts, non_post_urls
    from wellness_archiver.demo_site.site import SITE_KEYS, build_site, lookup

    out = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
    for key in SITE_KEYS:
        site = build_site(key, BASE)
        for url in [g["url"] for g in gold_posts(key, BASE)[:2]] + non_post_urls(key, BASE)[:1]:
            path = url[len(BASE):] or "/"
            body = lookup(site, path).body
            out.append(body if isinstance(body, bytes) else body.encode("utf-8"))
    return tuple(out)


# --- generated documents -----------------------------------------------------

WORDS = st.sampled_from(
    "therapy healing the a of and relationship trauma anxiety Über café naïve — “quoted” "
    "日本語 테스트 русский #tag &amp; &lt; &#x1F600; &bogus; \u200b \u00ad \ufffd".split(" "))
TEXT = st.lists(WORDS, max_size=25).map(" ".join)
TAGS = st.sampled_from(["p", "div", "span", "a", "h1", "h2", "ul", "li", "ol", "article", "main",
                        "section", "nav", "aside", "footer", "header", "script", "style", "svg",
                        "noscript", "table", "tr", "td", "figure", "figcaption", "img", "br",
                        "blockquote", "pre", "time", "abbr", "form", "iframe", "template", "b", "i"])
CLASSES = st.sampled_from(["", "entry-content", "post-content", "post-body entry-content", "gh-content",
                           "blog-item-content", "sharedaddy", "comments", "related-posts", "caption",
                           "wp-block-paragraph", "available-content", "markup", "byline author",
                           "blog-content", "tag-therapy", "comment-list", "sqs-block"])
ATTRS = st.sampled_from(['', ' data-hook="post-description"', ' data-hook="time-ago" title="Feb 8"',
                         ' itemprop="articleBody"', ' role="navigation"', ' hidden', ' rel="tag"',
                         ' datetime="2023-02-30"', ' alt="a picture"', ' id="comments"',
                         ' href="#"', ' src="/wp-content/x.js"'])


@st.composite
def elements(draw, depth=0):
    tag, cls, attr = draw(TAGS), draw(CLASSES), draw(ATTRS)
    opening = f"<{tag}{f' class={cls!r}' if cls else ''}{attr}>".replace("'", '"')
    children = []
    if depth < 2:
        children = draw(st.lists(st.one_of(TEXT, elements(depth=depth + 1)), max_size=3))
    closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>"]))
    return opening + draw(TEXT) + "".join(children) + closing


HEADS = st.sampled_from([
    "", "<title>A post | A blog</title>", '<meta charset="utf-8">', '<meta charset="shift_jis">',
    '<meta name="generator" content="WordPress 6.4">', '<meta name="generator" content="Wix.com">',
    '<script type="application/ld+json">{"@type":"BlogPosting","headline":"H","datePublished":"2023-01-02",'
    '"author":{"@id":"#a"},"@graph":[[{}]],"keywords":[1,null,"x"]}</script>',
    '<script type="application/ld+json">{broken json</script>',
    '<script type="application/ld+json">[{"@type":["Article",5],"author":[{"name":7},"Ann"]}]</script>',
    '<meta property="article:published_time" content="not a date">',
    '<meta property="og:title" content=""><link rel="canonical" href="http://[::1">',
])


@st.composite
def generated_pages(draw):
    doctype = draw(st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>", "<!-- c -->"]))
    lang = draw(st.sampled_from(["", ' lang="en"', ' lang="de_AT"', ' lang=""']))
    head = "".join(draw(st.lists(HEADS, max_size=4)))
    body = "".join(draw(st.lists(elements(), min_size=0, max_size=4)))
    html = f"{doctype}<html{lang}><head>{head}</head><body>{body}</body></html>"
    as_bytes = draw(st.booleans())
    return html.encode("utf-8", "surrogatepass") if as_bytes else html


# Each property runs as two halves (PARTS) with their own random examples, so the
# two test workers share it; the example counts are the halves of the totals.
PARTS = pytest.mark.parametrize("part", [1, 2])


@PARTS
@settings(FAST, max_examples=300)  # x2: 600
@given(generated_pages())
def test_generated_pages(part, html):
    check(html)


# --- mutations of real pages ---------------------------------------------------

_TAG = re.compile(rb"<[^<>]{0,200}>")
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "shift_jis",
             "euc-kr", "koi8-r", "cp1251", "gb18030", "utf-7", "mac_roman"]


def _mutate(data: bytes, kind: str, rnd: random.Random) -> bytes:
    n = len(data)
    if kind == "empty" or not data:
        return b""
    if kind == "truncate":
        return data[: rnd.randint(0, n)]
    if kind == "flip":
        buf = bytearray(data)
        for _ in range(rnd.randint(1, 50)):
            buf[rnd.randrange(n)] = rnd.randrange(256)
        return bytes(buf)
    if kind in ("delete_tags", "duplicate_tags"):
        tags = list(_TAG.finditer(data))
        if not tags:
            return data
        chosen = set(rnd.sample(range(len(tags)), min(len(tags), rnd.randint(1, 30))))
        out, last = [], 0
        for i, m in enumerate(tags):
            if i in chosen:
                out.append(data[last:m.start()])
                if kind == "duplicate_tags":
                    out.append(m.group() * rnd.randint(2, 5))
                last = m.end()
        out.append(data[last:])
        return b"".join(out)
    if kind == "encoding":
        return data.decode("utf-8", "replace").encode(rnd.choice(ENCODINGS), "replace")
    if kind == "nest":
        depth = rnd.randint(50, 1500)
        tag = rnd.choice([b"div", b"span", b"b", b"li", b"blockquote", b"table"])
        pos = rnd.randint(0, n)
        close = b"</" + tag + b">" if rnd.random() < 0.5 else b""
        return data[:pos] + (b"<" + tag + b">") * depth + b"deep text " * 30 + close * depth + data[pos:]
    if kind == "junk":
        pos = rnd.randint(0, n)
        return data[:pos] + rnd.randbytes(rnd.randint(1, 2000)) + data[pos:]
    raise AssertionError(kind)


KINDS = ["truncate", "flip", "delete_tags", "duplicate_tags", "encoding", "nest", "junk", "empty"]


@st.composite
def mutated_pages(draw):
    data = draw(st.sampled_from(seeds()))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    # most examples: a small window of the page (cheap); one in twenty: the whole page
    if rnd.randrange(20):
        start = rnd.randrange(len(data))
        data = data[start:start + rnd.randint(0, 2500)]
    for kind in kinds:
        data = _mutate(data, kind, rnd)
    return data


def test_every_mutation_of_every_whole_seed_page():
    """Each kind of mutation once on each whole seed page (176 documents)."""
    for index, page in enumerate(seeds()):
        for kind in KINDS:
            check(_mutate(page, kind, random.Random(f"{index} {kind}")))


def test_every_pair_of_mutations():
    """Each ordered pair of mutations once, on the seed pages in turn (64 documents)."""
    pages = seeds()
    for n, (first, second) in enumerate((a, b) for a in KINDS for b in KINDS):
        rnd = random.Random(f"{first} {second}")
        check(_mutate(_mutate(pages[n % len(pages)], first, rnd), second, rnd))


@PARTS
@settings(FAST, max_examples=500)  # x2: 1,000
@given(mutated_pages(), st.sampled_from([URL, None, "", "not a url", "http://[::1"]))
def test_mutated_pages(part, data, url):
    check(data, url)


# --- junk and edge inputs -----------------------------------------------------

EDGE_INPUTS = [
    None, b"", "", " ", "\n\t", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff\x00<", "<", "<>", "</>",
    "<html>", "<html></html>", "<body>", "<!DOCTYPE html>", "<!-- only a comment -->", "<?xml?>",
    b"%PDF-1.4 <html>", b"\x89PNG\r\n", b"\x1f\x8b\x08\x00", "<p>" * 100, "</p>" * 100,
    "<html><body>" + "<p>word</p>" * 25 + "</body></html>", "&#0;&#xD800;&#x110000;<p>x</p>",
    "<html><body><div class='entry-content'></div><div class='entry-content'></div></body></html>",
    "\ud800<p>lone surrogate</p>", bytearray(b"<p>bytearray</p>"), memoryview(b"<p>memoryview</p>"),
    12345, 3.5, ["<p>a list</p>"], object(),
]
EDGE = st.sampled_from(EDGE_INPUTS)


def test_every_edge_input():
    for data in EDGE_INPUTS:
        check(data)


@PARTS
@settings(FAST, max_examples=700)  # x2: 1,400
@given(st.one_of(
    EDGE,
    st.binary(max_size=3000),
    st.text(max_size=2000),
    st.binary(max_size=1000).map(lambda b: b"<html><body><p>" + b + b"</p></body></html>"),
    st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=500).map(lambda t: f"<p>{t}</p>" * 3),
))
def test_junk_and_edge_inputs(part, data):
    check(data)
