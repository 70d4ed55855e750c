"""The WARC import's task in the extraction workers.

Apart from workers.py because it needs Scrapy (the spider's classifier reads
an ``HtmlResponse``), which the crawl's workers never load (~20 MB each). A
worker imports this module as it receives its first page, before that page's
time limit (``--extract-timeout``) starts: imported in the task instead, the
cold import counted against the first page, and at a high load took a small
page over the limit.
"""

from __future__ import annotations

from scrapy.http import HtmlResponse

from wellness_archiver.crawler.items import PAGE, POST
from wellness_archiver.crawler.spiders.classify import classify
from wellness_archiver.crawler.workers import process_page


def import_page(
    url: str, fetched_at: str | None, status: int, headers: dict, body: bytes
) -> tuple[str, str | None, int, dict, str, dict, dict | None, str | None]:
    """A page read from a WARC: classify it as the spider would, build its
    capture, extract it when it is a post."""
    try:
        page_type = classify(HtmlResponse(url=url, body=body, headers=headers).selector, url)
    except Exception:
        page_type = PAGE
    article, reason, capture = process_page(body, url, page_type == POST, headers)
    return url, fetched_at, status, headers, page_type, capture, article, reason
