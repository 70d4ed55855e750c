"""Extract articles from post pages in a process pool.

Extraction is CPU-bound (lxml + trafilatura, ~10-30 ms a page). Run inline it
would stall the Twisted reactor and with it every download; here each post is
handed to a pool of worker processes (one per core by default) and awaited,
so fetching goes on while pages are parsed.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from wellness_archiver.items import LISTING, PAGE, POST, PageItem
from wellness_archiver.settings import Config

from ._worker import process_page, warm_up

# HTML pages whose raw body is kept as a capture (feeds and non-HTML are not).
CAPTURED = (POST, LISTING, PAGE)

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, workers: int, stats=None):
        self.workers = workers
        self.stats = stats
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Config.from_settings(crawler.settings).extract_workers, crawler.stats)

    def open_spider(self) -> None:
        # forkserver: never fork the reactor's threads into the workers. It
        # preloads nothing, so it stays small; each worker imports the
        # extraction stack once (warm_up).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([])
        self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=warm_up)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: PageItem) -> PageItem:
        if not isinstance(item, PageItem) or item.page_type not in CAPTURED or not item.body:
            return item
        url = item.final_url or item.url
        is_post = item.page_type == POST
        try:
            # The worker extracts posts and builds every HTML page's capture
            # (zstd + sha256 + noarchive): the main process never compresses.
            future = self.pool.submit(process_page, item.body, url, is_post, item.headers)
            item.article, reason, item.capture = await asyncio.wrap_future(future)
            if is_post:
                item.extraction_error = reason
        except BrokenProcessPool:
            # A worker died (e.g. killed for memory): record, rebuild, go on.
            if is_post:
                item.extraction_error = "extraction worker crashed"
            self.open_spider()
        except Exception as ex:  # never lose the page over one bad document
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
