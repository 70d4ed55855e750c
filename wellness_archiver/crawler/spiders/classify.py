"""Tell post pages from listings and standalone pages, cheaply.

The spider needs this to decide what to hand to extraction; it reads only
markup signals (no text extraction): OpenGraph type, JSON-LD types, article
date meta, and how many article bodies the page repeats.
"""

from __future__ import annotations

import json
import re

from parsel import Selector

from wellness_archiver.crawler.items import LISTING, PAGE, POST
from wellness_archiver.extraction.platforms import body_rules

POST_LD_TYPES = {"article", "blogposting", "newsarticle", "posting", "socialmediaposting", "reportagenewsarticle"}
LISTING_LD_TYPES = {"collectionpage", "itemlist", "blog", "searchresultspage", "profilepage"}

# Bodies of a post, as blog platforms mark them (the article-body rules of
# extraction's platform registry, plus a top-level <article>). A page
# repeating one of these is a listing (home, archive, tag, search); a page
# with exactly one, plus a publish date, is a post. Counted per rule, since
# platforms nest them (article > .entry-content).
# Each with the class/id/data-hook/itemprop value it needs (None: none):
# a rule whose value the page lacks is not scanned for.
BODY_RULES = [
    ("//article[not(ancestor::article)][not(contains(@class, 'comment'))]", None),
    *body_rules(),
]
BODY_XPATHS = [xpath for xpath, _ in BODY_RULES]
_ATTRIBUTE_VALUES = "//@class|//@id|//@data-hook|//@data-id|//@itemprop"
# A heading that links away (or a link wrapping a heading, as card layouts
# do) outside nav, sidebar and footer is a listing's entry.
_OUTSIDE_CHROME = "[not(ancestor::nav or ancestor::aside or ancestor::footer or ancestor::header[not(ancestor::article)])]"
ENTRY_LINK_XPATH = (
    f"//*[self::h1 or self::h2 or self::h3]{_OUTSIDE_CHROME}//a/@href"
    f" | //a[@href][.//*[self::h1 or self::h2 or self::h3]]{_OUTSIDE_CHROME}/@href"
    " | //*[@data-hook='post-title']//a/@href | //a[@data-hook='post-title']/@href"
)
DATE_XPATH = (
    "//meta[@property='article:published_time']/@content"
    " | //time/@datetime"
    " | //abbr[contains(@class, 'published')]/@title"
    " | //*[@itemprop='datePublished']/@content"
    " | //*[@itemprop='datePublished']/@datetime"
)
# The closing "]" or '"' is optional: required, a value that never closes
# ('"@type":[' x 60,000) made every match scan to the end of the page (quadratic);
# optional, one match runs to the end once. An unclosed value fails json.loads.
_TYPE_KEY = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]?|"[^"]*"?)')


def _types(matches) -> set[str]:
    """Lower-cased @type values from ``"@type": ...`` matches (str or bytes)."""
    types: set[str] = set()
    for match in matches:
        try:
            value = json.loads(match)
        except ValueError:
            continue
        types.update(v.lower() for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    return types


def _ld_types(sel: Selector) -> set[str]:
    """@type values of the JSON-LD blocks, lower-cased (cheap: no full parse)."""
    return _types(m for block in sel.xpath("//script[@type='application/ld+json']/text()").getall()
                  for m in _TYPE_KEY.findall(block))


_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)
_TYPE_KEY_BYTES = re.compile(rb'"@type"\s*:\s*(\[[^\]]*\]?|"[^"]*"?)')


def head_of(body: bytes, encoding: str) -> Selector | None:
    """The document's ``<head>`` alone, or None when it has no visible end.

    Parsing the head costs a fraction of the page: posts declare themselves
    there (og:type, article:published_time) and list their feeds there, so
    most pages never need their whole tree in the crawl's main process.
    """
    end = _HEAD_END.search(body)
    return Selector(body=body[: end.start()], encoding=encoding, type="html") if end else None


def declared_post(head: Selector, body: bytes) -> bool:
    """True when the page declares itself an article (see ``classify``):
    og:type or article:published_time in the head, or a JSON-LD @type
    anywhere in the page, and no listing JSON-LD type."""
    types = _types(_TYPE_KEY_BYTES.findall(body))
    if types & LISTING_LD_TYPES:
        return False
    og_type = (head.xpath("//meta[@property='og:type']/@content").get() or "").strip().lower()
    return og_type == "article" or bool(types & POST_LD_TYPES) or bool(
        head.xpath("//meta[@property='article:published_time']")
    )


def classify(sel: Selector, url: str = "") -> str:
    """Return POST, LISTING or PAGE for an HTML document."""
    og_type = (sel.xpath("//meta[@property='og:type']/@content").get() or "").strip().lower()
    ld_types = _ld_types(sel)
    # A page that declares itself an article is one, whatever related-post
    # cards it also shows. Most posts stop here, which keeps this cheap.
    declared_post = (
        og_type == "article"
        or bool(ld_types & POST_LD_TYPES)
        or bool(sel.xpath("//meta[@property='article:published_time']"))
    )
    if declared_post and not ld_types & LISTING_LD_TYPES:
        return POST
    entries = {href.split("#")[0] for href in sel.xpath(ENTRY_LINK_XPATH).getall()} - {url, ""}
    values = "\x00".join(sel.xpath(_ATTRIBUTE_VALUES).getall())
    bodies = max(len(sel.xpath(xpath)) for xpath, needle in BODY_RULES if needle is None or needle in values)
    paginated = bool(sel.xpath("//link[@rel='next' or @rel='prev']"))
    if entries or bodies > 1 or paginated or ld_types & LISTING_LD_TYPES:
        return LISTING
    # Pages that declare a type (og:type website, JSON-LD WebPage) and are
    # not articles are standalone pages; undeclared ones are posts when they
    # have one body and a date.
    if not og_type and not ld_types and bodies == 1 and sel.xpath(DATE_XPATH):
        return POST
    return PAGE
