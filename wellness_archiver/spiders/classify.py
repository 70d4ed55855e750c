"""Tell post pages from listings and standalone pages, cheaply.

The spider needs this to decide what to hand to extraction; it reads only
markup signals (no text extraction): OpenGraph type, JSON-LD types, article
date meta, and how many article bodies the page repeats.
"""

from __future__ import annotations

import json
import re

from parsel import Selector

from wellness_archiver.items import LISTING, PAGE, POST

POST_LD_TYPES = {"article", "blogposting", "newsarticle", "posting", "socialmediaposting", "reportagenewsarticle"}
LISTING_LD_TYPES = {"collectionpage", "itemlist", "blog", "searchresultspage", "profilepage"}

# Bodies of a post, as blog platforms mark them. A page repeating one of
# these is a listing (home, archive, tag, search); a page with exactly one,
# plus a publish date, is a post.
BODY_XPATH = (
    "//article"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' post-body ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' blog-item-content ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' gh-content ')]"
    " | //*[@data-hook='post-description']"
)
DATE_XPATH = (
    "//meta[@property='article:published_time']/@content"
    " | //time/@datetime"
    " | //abbr[contains(@class, 'published')]/@title"
    " | //*[@itemprop='datePublished']/@content"
    " | //*[@itemprop='datePublished']/@datetime"
)
_TYPE_KEY = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')


def _ld_types(sel: Selector) -> set[str]:
    """@type values of the JSON-LD blocks, lower-cased (cheap: no full parse)."""
    types: set[str] = set()
    for block in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        for match in _TYPE_KEY.findall(block):
            try:
                value = json.loads(match)
            except ValueError:
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    types.add(item.lower())
    return types


def classify(sel: Selector) -> str:
    """Return POST, LISTING or PAGE for an HTML document."""
    og_type = (sel.xpath("//meta[@property='og:type']/@content").get() or "").strip().lower()
    ld_types = _ld_types(sel)
    bodies = len(sel.xpath(BODY_XPATH))
    # Nested markup (article > .entry-content) counts once per post: compare
    # against the number of distinct headline links a listing repeats.
    titles = len(sel.xpath("//article//*[self::h1 or self::h2 or self::h3]/a[@href]"))
    if titles > 1 or ld_types & LISTING_LD_TYPES and not ld_types & POST_LD_TYPES:
        return LISTING
    if og_type == "article" or ld_types & POST_LD_TYPES:
        return POST
    if sel.xpath("//meta[@property='article:published_time']"):
        return POST
    if bodies and sel.xpath(DATE_XPATH) and not sel.xpath("//link[@rel='next' or @rel='prev']"):
        return POST
    if bodies > 1 or sel.xpath("//link[@rel='next' or @rel='prev']"):
        return LISTING
    return PAGE
