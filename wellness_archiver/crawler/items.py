"""Items passed from spiders to pipelines.

The spider fetches and classifies; it never extracts. One ``PageItem`` is
yielded for every URL the crawl tried, successful or not, so the archive can
record each failure with its reason. Each item also carries the URLs first
found on it, which the archive keeps as the crawl frontier (for --resume).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# page_type values
POST = "post"
LISTING = "listing"  # home, pagination, tag/category/archive pages
PAGE = "page"  # about, contact and other standalone pages
FEED = "feed"
OTHER = "other"  # fetched, but not HTML
BLOCKED = "blocked"  # not fetched by choice (robots.txt); the reason is kept
ERROR = "error"
UNCHANGED = "unchanged"  # a stored page the server says has not changed (304)


@dataclass
class PageItem:
    url: str  # the URL requested
    final_url: str | None = None  # after redirects
    status: int | None = None
    content_type: str | None = None
    page_type: str = ERROR
    fetched_at: str | None = None  # ISO 8601 UTC
    body: bytes | None = field(default=None, repr=False)
    encoding: str | None = None
    error: str | None = None  # reason, when the page failed
    depth: int = 0
    referrer: str | None = None
    headers: dict | None = field(default=None, repr=False)  # response headers, str -> str
    rendered: bool = False  # the DOM after scripts ran, from the browser (--render)
    # filled by the extract pipeline for posts
    article: dict | None = None
    extraction_error: str | None = None
    # filled by the extract pipeline for HTML pages: the raw capture
    # (compressed body, sha256, noarchive flag), built in a worker process
    capture: dict | None = field(default=None, repr=False)
    # URLs first found on this page ({url, kind, depth, referrer}): stored in
    # the crawl frontier in the same transaction as the page, so a crash
    # never loses the links of a page it counts as done.
    discovered: list[dict] = field(default_factory=list, repr=False)


@dataclass
class Discovered:
    """URLs found on a document that is not itself archived (a sitemap),
    for the crawl frontier."""

    source: str
    links: list[dict] = field(default_factory=list)
