"""Link discovery for the blog spider: which hrefs of a page are worth LinkExtractor's pass.

Blog pages repeat the same ~50 nav, sidebar and related-post links; once
every anchor of a page has been through the extractor on another page, it
would decide the same again, so the (costly) pass is skipped. Hrefs are read
from the raw bytes, so deciding needs no parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from w3lib.html import replace_entities

# Never worth fetching on a blog: admin, APIs, comment forms, share links,
# print/search variants. Feeds are followed through their own callback.
DENY = [
    r"/wp-(admin|login|json)",
    r"/xmlrpc\.php",
    r"[?&](replytocom|share|shared|action|redirect_to)=",
    r"/(feed|rss|atom)/?$",
    r"/comments/feed",
    r"/cdn-cgi/",
    r"[?&]format=(rss|json)",
    r"/(login|signup|account|cart|checkout)\b",
]
DENY_RE = re.compile("|".join(DENY))
# An href whose URL does not depend on the page's base: scheme and host.
ABSOLUTE_HREF = re.compile(r"https?://[^/?#\s]")
# The href of every <a> tag, read from the raw bytes: deciding whether a page
# has a link not seen before needs no parse. (It may also catch an "<a" in a
# script, which can only trigger the full link-extraction pass, never skip it.)
# Two linear passes: a tag runs to its ">" or the end of the body (no ">" is
# required, so "<a " x 60,000 is one match, not 60,000 scans to the end), then
# the first href inside it.
A_TAG = re.compile(rb"<a\s[^>]*", re.I)
HREF_ATTR = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def raw_hrefs(body: bytes) -> Iterator[tuple[bytes, ...]]:
    """The groups of the first href of each ``<a>`` tag of ``body``, in linear time."""
    for tag in A_TAG.finditer(body):
        href = HREF_ATTR.search(body, tag.start(), tag.end())
        if href:
            yield href.groups()


class NewLinks:
    """LinkExtractor's links of a page, run only when the page has a link not seen before.

    ``on_site(url)`` says whether a URL may be followed; ``seen_urls`` is the
    spider's set of URLs already requested (shared, not copied).
    """

    def __init__(self, on_site: Callable[[str], bool], seen_urls: set[str]):
        self.on_site = on_site
        self.seen_urls = seen_urls
        self.link_extractor = LinkExtractor(deny=DENY, unique=True)
        self.seen_links: set[str] = set()  # absolute hrefs already link-extracted
        self.seen_hrefs: set[str] = set()  # raw absolute hrefs of pages already parsed

    def __call__(self, response: HtmlResponse) -> list[str]:
        # Distinct raw hrefs, scanned from the bytes (no parse). An absolute
        # href met on an earlier page was decided there: its URL is in
        # seen_links or seen_urls, so skip re-joining it.
        encoding = response.encoding
        raw = {
            replace_entities(next(filter(None, groups), b"").decode(encoding, "replace")).strip()
            for groups in raw_hrefs(response.body)
        } - self.seen_hrefs
        joined = {href: response.urljoin(href).split("#")[0] for href in raw}
        # Share links embed the page URL and reply links are per comment:
        # only followable on-site links can make the pass worth it.
        hrefs = {url for url in joined.values() if self.on_site(url) and not DENY_RE.search(url)}
        self.seen_hrefs.update(href for href, url in joined.items() if url in hrefs and ABSOLUTE_HREF.match(href))
        if all(url in self.seen_links or url in self.seen_urls for url in hrefs):
            return []
        self.seen_links |= hrefs
        return [link.url for link in self.link_extractor.extract_links(response)]
