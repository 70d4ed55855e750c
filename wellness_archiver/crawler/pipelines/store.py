"""Store pages and articles in the SQLite archive, in batches.

All archive work runs on one dedicated writer thread (SQLite connections are
per-thread) and is awaited, so the reactor keeps downloading while a batch
commits. A batch is one transaction: a crash loses at most the unwritten
batch, never leaves half of one. The batch also carries the crawl frontier:
each page is marked done together with the URLs first found on it, so a
resumed crawl has every link of every page it will not fetch again.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout

from scrapy import signals

from wellness_archiver.crawler import signals as project_signals
from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.ingest import INTERRUPTED, Batch, RunWriter
from wellness_archiver.archive.runs import tool_versions
from wellness_archiver.crawler.items import BLOCKED, UNCHANGED, Discovered, PageItem
from wellness_archiver.crawler.settings import Config, read
from wellness_archiver.crawler.state import CrawlState
from wellness_archiver.urls import without_userinfo

logger = logging.getLogger(__name__)
ABORT_WAIT = 10.0  # seconds an abort waits for the archive's last commit


class StorePipeline:
    def __init__(self, config: Config, crawler=None):
        self.config = config
        self.crawler = crawler
        self.stats = crawler.stats if crawler else None
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="archive-writer")
        self.archive: Archive | None = None
        self.run: RunWriter | None = None
        self.run_id: int | None = None
        self.batch = Batch()  # pages, captures, articles, frontier and site policies to write next
        self.last_flush = time.monotonic()
        self.write_error: str | None = None  # set when the archive refused a write (disk full)
        self.closed = False  # the run has been closed (spider_closed or abort)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(read(crawler.settings), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.site_policy, signal=project_signals.site_policy)
        crawler.signals.connect(pipeline.abort, signal=project_signals.crawl_aborted)
        return pipeline

    async def _call(self, fn, *args):
        return await asyncio.wrap_future(self.writer.submit(fn, *args))

    async def open_spider(self) -> None:
        spider = self.crawler.spider if self.crawler else None
        seeds = list(getattr(spider, "seeds", []))
        # The spider opens no archive: unless the jobs layer gave it its state, it is read here.
        state: list[CrawlState] = []
        wants_state = spider is not None and hasattr(spider, "crawl_state") and spider.crawl_state is None

        def open_archive():
            self.archive = Archive(self.config.db, max_size_mb=self.config.max_size_mb)
            if wants_state:
                state.append(CrawlState.from_archive(self.archive, spider.hosts, refresh=self.config.refresh,
                                                     resume_run=self.config.resume_run))
            self.run = RunWriter(self.archive, seeds=seeds, arguments=self.config.run_arguments,
                                 versions=tool_versions())
            return self.run.start(resume=self.config.resume_run)

        self.run_id = await self._call(open_archive)
        if state:
            self.crawler.signals.send_catch_log(signal=project_signals.crawl_state, state=state[0])
        if self.config.frontier_run:  # a worker of a shared frontier: one logical run
            run = {"frontier_run": self.config.frontier_run, "worker": self.config.worker_id}
            await self._call(lambda: self.archive.db["crawl_runs"].update(self.run_id, run))
            # Leases end only at commit: nothing may wait in the buffer for
            # the next item, which may never come to an idle worker.
            self.flush_timer = asyncio.ensure_future(self._flush_periodically())
        if self.stats is not None:
            self.stats.set_value("wellness/crawl_run", self.run_id)

    async def process_item(self, item: PageItem | Discovered) -> PageItem | Discovered:
        batch = self.batch
        if isinstance(item, Discovered):
            batch.found.extend(item.links)
            return item
        if not isinstance(item, PageItem) or self.write_error:
            # After a failed write nothing more is buffered: those pages are
            # not done in the frontier, so --resume fetches them again.
            return item
        batch.found.extend(item.discovered)
        batch.done.append(item.url)
        item.discovered = []
        if item.page_type == UNCHANGED:
            batch.unchanged.append(item.url)
            if self.stats is not None:
                self.stats.inc_value("wellness/unchanged")
            await self._maybe_flush()
            return item
        error = item.error or item.extraction_error
        batch.add_page(
            item.url,
            final_url=without_userinfo(item.final_url or "") or None,  # a redirect may carry user:password@
            status=item.status,
            content_type=item.content_type,
            page_type=item.page_type,
            fetched_at=item.fetched_at,
            error=error,
            depth=item.depth,
            referrer=item.referrer,
            article=item.article,
            capture=item.capture,
            headers=item.headers,
            rendered=item.rendered,
        )
        item.capture = None
        if self.stats is not None:
            self.stats.inc_value(f"wellness/pages/{item.page_type}")
            if item.page_type == BLOCKED:
                self.stats.inc_value("wellness/blocked")
            elif error:
                self.stats.inc_value("wellness/errors")
        await self._maybe_flush()
        return item

    def site_policy(self, host: str, values: dict) -> None:
        """A site's collection decision, written with the next batch."""
        self.batch.policies.setdefault(host, {}).update(values)

    async def _flush_periodically(self) -> None:
        while not self.write_error:
            await asyncio.sleep(self.config.flush_seconds or 0.5)
            if time.monotonic() - self.last_flush >= self.config.flush_seconds:
                await self.flush()

    async def _maybe_flush(self) -> None:
        if len(self.batch.done) >= self.config.batch_size or time.monotonic() - self.last_flush > self.config.flush_seconds:
            await self.flush()

    def _take_batch(self):
        """The buffered rows as one write (a function for the writer thread), or None."""
        batch, self.batch = self.batch, Batch()
        self.last_flush = time.monotonic()
        if batch.empty():
            return None

        def write():
            self.run.write(batch)
            return len(batch.articles), len(batch.pages), len(batch.captures), batch.done

        return write

    async def flush(self) -> None:
        if self.closed:  # after an abort the archive is closed: the frontier keeps the rest
            return
        write = self._take_batch()
        if write is None:
            return
        try:
            articles, pages, captures, done = await self._call(write)
        except sqlite3.Error as ex:  # disk full, I/O error: the transaction rolled back
            self._stop(f"archive write failed: {ex}")
            return
        if self.crawler is not None:
            self.crawler.signals.send_catch_log(signal=project_signals.pages_stored, urls=done)
        if self.stats is not None:
            self.stats.inc_value("wellness/posts_stored", articles)
            self.stats.inc_value("wellness/pages_stored", pages)
            self.stats.inc_value("wellness/captures_stored", captures)

    def _stop(self, reason: str) -> None:
        """Stop the crawl at once: fetching on would only fetch pages that
        cannot be stored. The frontier keeps everything for --resume."""
        if self.write_error:
            return
        self.write_error = reason
        logger.error("%s: stopping the crawl; nothing is lost: free space (or raise ARCHIVE_MAX_SIZE_MB), "
                     "then run 'wellness-archiver crawl --resume --db %s'", reason, self.config.db)
        if self.stats is not None:
            self.stats.set_value("wellness/write_error", reason)
        if self.crawler is not None and self.crawler.engine is not None:
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="archive_write_failed"))

    async def close_spider(self) -> None:
        if getattr(self, "flush_timer", None) is not None:
            self.flush_timer.cancel()
        if not self.write_error:
            await self.flush()

    def abort(self) -> None:
        """The crawl stops at once (Ctrl-C): commit what is buffered and mark
        the run interrupted, now, on the writer thread (after any write in
        progress). Pages still in flight stay pending in the frontier."""
        if self.archive is None or self.closed:
            return
        self.closed = True
        write = None if self.write_error else self._take_batch()
        limited = self.stats.get_value("wellness/limited") if self.stats is not None else 0

        def close():
            try:
                if write is not None:
                    write()
                if limited:
                    self.archive.add_limited(self.run_id, limited)
                self.run.finish(INTERRUPTED)
            except sqlite3.Error as ex:  # the run stays "running": still resumable
                logger.error("could not close crawl run %s: %s", self.run_id, ex)
            finally:
                # On the writer thread (the connection is its own): closing
                # also releases the writer lock, so no archive.db.lock stays.
                self.archive.close()

        try:
            self.writer.submit(close).result(timeout=ABORT_WAIT)
        except FutureTimeout:
            logger.error("the archive did not answer within %g s; the crawl run stays resumable", ABORT_WAIT)
        self.writer.shutdown(wait=False)

    def spider_closed(self, spider, reason: str) -> None:
        # Runs after every pipeline has closed: the counts are final here,
        # and Scrapy tells why the crawl ended.
        stats = self.stats.get_stats() if self.stats is not None else {}
        # Ctrl-C (reason "shutdown") leaves a resumable run, as a kill does.
        status = {"finished": "finished", "shutdown": "interrupted", "archive_write_failed": "failed"}.get(reason, reason)

        def close():
            try:
                if stats.get("wellness/limited"):
                    self.archive.add_limited(self.run_id, stats["wellness/limited"])
                # Counted from the archive: right across kills and resumes.
                self.run.finish(status)
            except sqlite3.Error as ex:  # still full: the run stays "running", resumable
                logger.error("could not close crawl run %s: %s", self.run_id, ex)
            finally:
                self.archive.close()

        if self.archive is not None and not self.closed:
            self.closed = True
            self.writer.submit(close).result()
        self.writer.shutdown(wait=True)
