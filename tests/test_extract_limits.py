"""The extraction pool's per-page limits, on real worker processes.

A page over WELLNESS_EXTRACT_TIMEOUT, or one whose worker dies, is recorded
with its reason; the pool replaces the worker and the next page is extracted.
After an abort (Ctrl-C), pages still in extraction are dropped (not stored),
so ``--resume`` fetches them again.
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sqlite3

import psutil
import pytest
from scrapy.exceptions import DropItem

from faultserver import POISON_PAGES, post_html
from wellness_archiver.crawler.items import POST, PageItem
from wellness_archiver.crawler.pipelines.extract import ExtractPipeline
from wellness_archiver.extraction import Article

BIG_POST = POISON_PAGES["/poison/big-post/"][1]  # ~1 s to extract on an idle machine


def _longer(post: bytes, times: int) -> bytes:
    """``post`` with its prose ``times`` times over."""
    start, end = post.rindex(b"<p>", 0, post.index(b"(0)</p>")), post.rindex(b"</article>")
    return post[:end] + post[start:end] * (times - 1) + post[end:]


SLOW_POST = _longer(BIG_POST, 4)  # 8 MB, ~4 s (extraction time is linear): over twice the 1.5 s limit


def post(body: bytes, url: str = "http://blog.test/post/") -> PageItem:
    return PageItem(url=url, final_url=url, status=200, page_type=POST, body=body,
                    headers={"Content-Type": "text/html; charset=utf-8"})


def small_post() -> PageItem:
    return post(post_html("A small post").encode())


QUICK_TEXT = "A quick extractor's article."


def quick_extract(body, url):
    """An extractor that answers at once (re-extraction workers import it by name)."""
    return Article(url=url, text=QUICK_TEXT, word_count=4), None


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


# -- import-warc and reextract share the pool and its limit ------------------------------


def write_warc(path, pages: dict[str, bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_import_warc_and_reextract_record_a_page_over_the_limit(tmp_path):
    # 1.5 s: the small post needs milliseconds, the big one seconds; 0.5 s was
    # too close to a cold worker's first page on a loaded machine. The small
    # post comes first (in the WARC, so in its archive's captures too): it is
    # the warm worker's only task, never the first one of a worker started to
    # replace the big post's (whose start, at load ~16, once took it over 1.5 s).
    from click.testing import CliRunner

    from wellness_archiver.cli import cli

    big, small = "http://blog.test/big/", "http://blog.test/small/"
    warc = tmp_path / "hostile.warc.gz"
    write_warc(warc, {small: post_html("A small post").encode(), big: SLOW_POST})
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["import-warc", str(db), str(warc), "-j", "1", "--extract-timeout", "1.5"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    pages = {url: (error, capture) for url, error, capture in conn.execute(
        "select p.url, p.error, (select count(*) from captures c where c.url = p.url) from pages p")}
    assert pages == {big: ("extraction timeout (over 1.5 s)", 1), small: (None, 1)}  # the raw page is kept
    assert [r[0] for r in conn.execute("select url from articles")] == [small]

    # 0 is no limit, not a zero-second one: every page of a WARC is extracted.
    small_only = tmp_path / "small.warc.gz"
    write_warc(small_only, {small: post_html("A small post").encode()})
    result = CliRunner().invoke(cli, ["import-warc", str(tmp_path / "c.db"), str(small_only), "-j", "1",
                                      "--extract-timeout", "0"])
    assert result.exit_code == 0, result.output
    assert sqlite3.connect(tmp_path / "c.db").execute("select url from articles").fetchall() == [(small,)]

    # An archive where the big post has an article, as if a quicker extractor had
    # made it (the built-in one takes seconds): its page made a post, then a quick
    # extractor's re-extraction. Re-extracting it under 1.5 s fails and keeps that article.
    with sqlite3.connect(db) as writer:
        writer.execute("update pages set page_type = 'post', error = null where url = ?", [big])
    writer.close()
    result = CliRunner().invoke(cli, ["reextract", str(db), "-j", "1", "--extractor", f"{__name__}:quick_extract"])
    assert result.exit_code == 0, result.output
    from wellness_archiver.archive.db import Archive
    from wellness_archiver.jobs.reextract import reextract

    archive = Archive(db)
    try:
        done = reextract(archive, workers=1, timeout=1.5)
    finally:
        archive.close()
    assert done.failed == {big: "extraction timeout (over 1.5 s)"}
    assert done.captures == 2 and done.articles == 1  # the small post, extracted again
    conn = sqlite3.connect(db)
    assert conn.execute("select text from articles where url = ?", [big]).fetchone() == (QUICK_TEXT,)
    assert conn.execute("select errors from crawl_runs where kind = 'reextract' order by id").fetchall() == [(0,), (1,)]
    result = CliRunner().invoke(cli, ["reextract", str(db), "-j", "1", "--extract-timeout", "1.5"])
    assert result.exit_code == 0, result.output
