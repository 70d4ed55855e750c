"""Store pages and articles in the SQLite archive, in batches.

All archive work runs on one dedicated writer thread (SQLite connections are
per-thread) and is awaited, so the reactor keeps downloading while a batch
commits. A batch is one transaction: a crash loses at most the unwritten
batch, never leaves half of one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import platform
import time
from concurrent.futures import ThreadPoolExecutor

from importlib.metadata import version

from scrapy import signals

from wellness_archiver import __version__
from wellness_archiver.archive.db import Archive, utcnow
from wellness_archiver.items import BLOCKED, UNCHANGED, PageItem
from wellness_archiver.settings import Config

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 2.0


def tool_versions() -> dict:
    # From package metadata: importing trafilatura here would load the
    # whole extraction stack into the crawl's main process.
    return {
        "wellness_archiver": __version__,
        **{name: version(name) for name in ("scrapy", "trafilatura", "sqlite-utils", "lxml")},
        "python": platform.python_version(),
    }


class StorePipeline:
    def __init__(self, config: Config, crawler=None):
        self.config = config
        self.crawler = crawler
        self.stats = crawler.stats if crawler else None
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="archive-writer")
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.pages: list[dict] = []
        self.articles: list[dict] = []
        self.captures: list[dict] = []
        self.unchanged: list[str] = []  # URLs the server answered 304 for
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(Config.from_settings(crawler.settings), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def _call(self, fn, *args):
        return await asyncio.wrap_future(self.writer.submit(fn, *args))

    async def open_spider(self) -> None:
        spider = self.crawler.spider if self.crawler else None
        seeds = list(getattr(spider, "seeds", []))

        def open_archive():
            self.archive = Archive(self.config.db_path)
            return self.archive.start_run(seeds, self.config.run_arguments or {}, tool_versions())

        self.run_id = await self._call(open_archive)
        if self.stats is not None:
            self.stats.set_value("wellness/crawl_run", self.run_id)

    async def process_item(self, item: PageItem) -> PageItem:
        if not isinstance(item, PageItem):
            return item
        if item.page_type == UNCHANGED:
            self.unchanged.append(item.url)
            if self.stats is not None:
                self.stats.inc_value("wellness/unchanged")
            return item
        error = item.error or item.extraction_error
        self.pages.append(
            {
                "url": item.url,
                "final_url": item.final_url,
                "status": item.status,
                "content_type": item.content_type,
                "page_type": item.page_type,
                "fetched_at": item.fetched_at,
                "error": error,
                "depth": item.depth,
                "referrer": item.referrer,
            }
        )
        if item.article:
            self.articles.append({**item.article, "page_url": item.url})
        if item.capture:
            self.captures.append(
                {
                    "url": item.url,
                    "final_url": item.final_url,
                    "fetched_at": item.fetched_at,
                    "status": item.status,
                    "content_type": item.content_type,
                    "headers": json.dumps(dict(item.headers)) if item.headers is not None else None,
                    **item.capture,
                }
            )
            item.capture = None
        if self.stats is not None:
            self.stats.inc_value(f"wellness/pages/{item.page_type}")
            if item.page_type == BLOCKED:
                self.stats.inc_value("wellness/blocked")
            elif error:
                self.stats.inc_value("wellness/errors")
        if len(self.pages) >= self.config.batch_size or time.monotonic() - self.last_flush > FLUSH_SECONDS:
            await self.flush()
        return item

    async def flush(self) -> None:
        pages, articles, captures = self.pages, self.articles, self.captures
        self.pages, self.articles, self.captures = [], [], []
        self.last_flush = time.monotonic()
        if self.unchanged:
            unchanged, self.unchanged = self.unchanged, []
            await self._call(self.archive.mark_unchanged, unchanged, self.run_id, utcnow())
        if pages or articles:
            await self._call(self.archive.save_batch, pages, articles, self.run_id, captures)
            if self.stats is not None:
                self.stats.inc_value("wellness/posts_stored", len(articles))
                self.stats.inc_value("wellness/pages_stored", len(pages))
                self.stats.inc_value("wellness/captures_stored", len(captures))

    async def close_spider(self) -> None:
        await self.flush()

    def spider_closed(self, spider, reason: str) -> None:
        # Runs after every pipeline has closed: the counts are final here,
        # and Scrapy tells why the crawl ended.
        stats = self.stats.get_stats() if self.stats is not None else {}
        status = "finished" if reason in ("finished", "closespider_pagecount") else reason
        counts = {
            "pages_fetched": stats.get("wellness/pages_stored", 0) - stats.get("wellness/blocked", 0),
            "posts_stored": stats.get("wellness/posts_stored", 0),
            "errors": stats.get("wellness/errors", 0),
        }

        def close():
            self.archive.finish_run(self.run_id, status, counts)
            self.archive.close()

        if self.archive is not None:
            self.writer.submit(close).result()
        self.writer.shutdown(wait=True)
