"""The extraction pool's per-page limits, on real worker processes.

A page over WELLNESS_EXTRACT_TIMEOUT, or one whose worker dies, is recorded
with its reason; the pool replaces the worker and the next page is extracted.
After an abort (Ctrl-C), pages still in extraction are dropped (not stored),
so ``--resume`` fetches them again.
"""

from __future__ import annotations

import asyncio
import os
import signal

import psutil
import pytest
from scrapy.exceptions import DropItem

from faultserver import POISON_PAGES, post_html
from wellness_archiver.items import POST, PageItem
from wellness_archiver.pipelines.extract import ExtractPipeline

BIG_POST = POISON_PAGES["/poison/big-post/"][1]  # ~3 s to extract on an idle machine


def post(body: bytes, url: str = "http://blog.test/post/") -> PageItem:
    return PageItem(url=url, final_url=url, status=200, page_type=POST, body=body,
                    headers={"Content-Type": "text/html; charset=utf-8"})


def small_post() -> PageItem:
    return post(post_html("A small post").encode())


def workers() -> list[psutil.Process]:
    """The pool's worker processes: forked by this process's forkserver."""
    return [worker for child in psutil.Process().children() if "forkserver" in " ".join(child.cmdline())
            for worker in child.children()]


@pytest.fixture
async def pipeline():
    pipe = ExtractPipeline(workers=1, timeout=60)
    pipe.open_spider()
    try:
        # Warm the worker up (it imports the extraction stack once).
        item = await pipe.process_item(small_post())
        assert item.article and not item.extraction_error
        yield pipe
    finally:
        pipe.pool.stop()
        pipe.pool.join()


async def test_a_page_over_the_time_limit_is_recorded_and_the_next_is_extracted(pipeline):
    pipeline.timeout = 0.5  # the big post needs seconds
    item = await pipeline.process_item(post(BIG_POST))
    assert item.extraction_error == "extraction timeout (over 0.5 s)"
    assert item.article is None and item.body is None
    nxt = await pipeline.process_item(small_post())
    assert nxt.article and nxt.article["title"] == "A small post" and nxt.extraction_error is None


async def test_a_page_that_kills_its_worker_is_recorded_and_the_worker_replaced(pipeline):
    worker, = workers()
    task = asyncio.ensure_future(pipeline.process_item(post(BIG_POST)))
    await asyncio.sleep(0.5)  # the worker is in the middle of the big post
    os.kill(worker.pid, signal.SIGKILL)
    item = await task
    assert item.extraction_error == "extraction worker crashed (exit code -9)"
    nxt = await pipeline.process_item(small_post())
    assert nxt.article and nxt.extraction_error is None
    assert [w.pid for w in workers()] != [worker.pid]


async def test_after_an_abort_pages_in_extraction_are_dropped_not_recorded(pipeline):
    task = asyncio.ensure_future(pipeline.process_item(post(BIG_POST)))
    await asyncio.sleep(0.3)
    pipeline.abort()
    with pytest.raises(DropItem):
        await asyncio.wait_for(task, 30)
