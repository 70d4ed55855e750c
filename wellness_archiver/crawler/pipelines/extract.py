"""Extract articles from post pages in a process pool.

Extraction is CPU-bound (lxml + trafilatura, ~10-30 ms a page). Run inline it
would stall the Twisted reactor and with it every download; here each post is
handed to a pool of worker processes (one per core by default) and awaited,
so fetching goes on while pages are parsed. A page may take at most
WELLNESS_EXTRACT_TIMEOUT seconds there: past it, or when it kills its worker,
the page is recorded with the reason (so --resume does not fetch it again)
and the worker replaced.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessPool
from scrapy.exceptions import DropItem

from wellness_archiver.crawler.pool import PAGE_FAILURES, extraction_pool, failure_reason

from wellness_archiver.crawler import signals as project_signals
from wellness_archiver.crawler.items import LISTING, PAGE, POST, PageItem
from wellness_archiver.crawler.settings import read

from wellness_archiver.crawler.workers import process_page

# HTML pages whose raw body is kept as a capture (feeds and non-HTML are not).
CAPTURED = (POST, LISTING, PAGE)

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, workers: int, stats=None, *, timeout: float):
        self.workers = workers
        self.stats = stats
        self.timeout = timeout  # seconds a page may take in a worker; 0 = no limit
        self.pool: ProcessPool | None = None
        self.aborted = False
        self.in_flight: set = set()  # futures of pages in extraction

    @classmethod
    def from_crawler(cls, crawler):
        config = read(crawler.settings)
        pipeline = cls(config.extract_workers, crawler.stats, timeout=config.extract_timeout)
        crawler.signals.connect(pipeline.abort, signal=project_signals.crawl_aborted)
        return pipeline

    def open_spider(self) -> None:
        # The pool shared with reextract and import-warc (archive/pool.py):
        # it replaces the one worker whose page overran the limit or died.
        self.pool = extraction_pool(self.workers)

    def close_spider(self) -> None:
        if self.pool is not None and not self.aborted:
            self.pool.close()
            self.pool.join()

    def abort(self) -> None:
        """The crawl is being stopped at once (Ctrl-C): kill the workers;
        pages still in extraction are not stored, so --resume fetches them."""
        self.aborted = True
        if self.pool is not None:
            self.pool.stop()
            self.pool.join()  # kills the workers; its threads are done after this
        # A stopped pebble pool leaves its futures pending: fail them here.
        for future in list(self.in_flight):
            if not future.done():
                future.set_exception(RuntimeError("crawl aborted"))

    async def process_item(self, item: PageItem) -> PageItem:
        if not isinstance(item, PageItem) or item.page_type not in CAPTURED or not item.body:
            return item
        url = item.final_url or item.url
        is_post = item.page_type == POST
        try:
            # The worker extracts posts and builds every HTML page's capture
            # (zstd + sha256 + noarchive): the main process never compresses.
            future = self.pool.schedule(process_page, (item.body, url, is_post, item.headers),
                                        timeout=self.timeout or None)
            self.in_flight.add(future)
            try:
                item.article, reason, item.capture = await asyncio.wrap_future(future)
            finally:
                self.in_flight.discard(future)
            if is_post:
                item.extraction_error = reason
        except PAGE_FAILURES as ex:
            if self.aborted:
                raise DropItem(f"crawl interrupted while extracting {url}") from None
            # Recorded, so --resume does not fetch (and hang on) it again; the
            # pool has already replaced the worker.
            item.extraction_error = failure_reason(ex, self.timeout)
            logger.warning("%s: %s", url, item.extraction_error)
            if self.stats is not None:
                self.stats.inc_value("wellness/extraction_timeouts" if isinstance(ex, FutureTimeout)
                                     else "wellness/extraction_crashes")
        except Exception as ex:  # never lose the page over one bad document
            if self.aborted:  # the pool was stopped: not the page's fault
                raise DropItem(f"crawl interrupted while extracting {url}") from None
            logger.exception("extraction failed for %s", url)
            if is_post:
                item.extraction_error = f"extraction error: {type(ex).__name__}: {ex}"[:300]
        item.body = None  # the worker had its copy; free it before storing
        if item.article:
            item.article["url"] = url
        if self.stats is not None and is_post:
            key = "wellness/articles_extracted" if item.article else "wellness/extraction_failed"
            self.stats.inc_value(key)
        return item
