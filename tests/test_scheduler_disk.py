"""Queued requests wait on disk (crawler/scheduler.py), JOBDIR or not.

A site's sitemaps queue every post URL at once; held as Request objects they
made the crawl's memory grow with the size of the site. These tests check
that every kind of request the spider makes goes through Scrapy's disk queue
and comes back whole, that the temporary queue directory is removed (and a
killed crawl's is cleaned up by the next one), that ``-s JOBDIR`` keeps
Scrapy's own persistent queue, and that a real crawl queues on disk.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from wellness_archiver.crawler import settings as project
from wellness_archiver.crawler.scheduler import PREFIX, DiskQueueScheduler
from wellness_archiver.crawler.spiders.blog import BlogSpider
from wellness_archiver.crawler.items import Discovered
from wellness_archiver.crawler.spiders.sitemaps import SITEMAP_CHUNK, SITEMAP_PRIORITY
from wellness_archiver.crawler.state import CrawlState
from crawling import PARTIAL, crawl

SITE = "https://blog.example"


def open_scheduler(tmp_path, **settings):
    crawler = get_crawler(BlogSpider, {
        "ARCHIVE_DB": str(tmp_path / "archive.db"),
        "SCHEDULER_DISK_QUEUE": project.SCHEDULER_DISK_QUEUE,
        "SCHEDULER_MEMORY_QUEUE": project.SCHEDULER_MEMORY_QUEUE,
        # Scrapy's default (downloader-aware) queue needs a running engine.
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
        **settings,
    })
    revisit = {f"{SITE}/stored/": {"fetched_at": "2026-01-01T00:00:00+00:00", "etag": '"v1"',
                                   "last_modified": "Thu, 01 Jan 2026 00:00:00 GMT"}}
    spider = crawler.spider = BlogSpider.from_crawler(crawler, urls=f"{SITE}/", state=CrawlState(revisit=revisit))
    scheduler = DiskQueueScheduler.from_crawler(crawler)
    scheduler.open(spider)
    return crawler, spider, scheduler


def queue_dirs(parent) -> list[str]:
    return [name for name in os.listdir(parent) if name.startswith(PREFIX)]


def test_project_settings_name_the_disk_queue_scheduler():
    assert project.SCHEDULER == "wellness_archiver.crawler.scheduler.DiskQueueScheduler"


def test_every_request_the_spider_makes_is_queued_on_disk_and_comes_back_whole(tmp_path):
    crawler, spider, scheduler = open_scheduler(tmp_path)
    assert scheduler.temp_dir is not None and os.path.dirname(scheduler.temp_dir) == str(tmp_path)
    pages = [spider._request(f"{SITE}/2026/01/{i:02d}/post-{i}/", f"{SITE}/post-sitemap.xml", 1)
             for i in range(1000)]
    others = [
        spider._request(f"{SITE}/feed/", f"{SITE}/", 1, kind="feed"),
        spider._request(f"{SITE}/stored/", f"{SITE}/", 1),  # a conditional revisit
        Request(f"{SITE}/robots.txt", callback=spider._parse_sitemap, errback=spider.on_discovery_error,
                priority=SITEMAP_PRIORITY, meta={"allow_offsite": True}),
        Request(f"{SITE}/.well-known/tdmrep.json", callback=spider.parse_tdmrep,
                errback=spider.on_discovery_error, priority=10),
    ]
    for request in pages + others:
        assert scheduler.enqueue_request(request)
    stats = crawler.stats.get_stats()
    assert stats["scheduler/enqueued/disk"] == stats["scheduler/enqueued"] == len(pages) + len(others)
    assert "scheduler/unserializable" not in stats
    assert len(scheduler.mqs) == 0 and len(scheduler) == len(pages) + len(others)
    on_disk = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(scheduler.temp_dir) for f in files)
    assert on_disk > 100 * len(pages)  # the requests are in files, not in memory

    out = [scheduler.next_request() for _ in range(len(pages) + len(others))]
    assert scheduler.next_request() is None
    # Priority first (tdmrep.json 10, sitemaps 5, pages 0), then first in, first out.
    assert [r.url for r in out] == [r.url for r in (others[3], others[2], *pages, others[0], others[1])]
    for want, got in zip([others[3], others[2], *pages, others[0], others[1]], out):
        assert (got.callback, got.errback) == (want.callback, want.errback)
        assert got.meta == want.meta and got.priority == want.priority
        assert got.headers.to_unicode_dict() == want.headers.to_unicode_dict()
    revisit = out[-1]
    assert revisit.headers[b"If-None-Match"] == b'"v1"' and revisit.meta["handle_httpstatus_list"] == [304]

    temp_dir = scheduler.temp_dir
    scheduler.close("finished")
    assert not os.path.exists(temp_dir) and queue_dirs(tmp_path) == []


def test_a_stopped_crawls_queue_is_removed_with_its_requests(tmp_path):
    _, spider, scheduler = open_scheduler(tmp_path)
    for i in range(50):
        scheduler.enqueue_request(spider._request(f"{SITE}/p{i}/", None, 1))
    scheduler.close("shutdown")  # the archive's frontier has them: --resume requests them again
    assert queue_dirs(tmp_path) == []


def test_a_killed_crawls_queue_directory_is_removed_by_the_next_crawl(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{PREFIX}{dead.pid}-abc"
    (stale / "requests.queue").mkdir(parents=True)
    alive = tmp_path / f"{PREFIX}{os.getppid()}-abc"  # a live process's queue stays
    alive.mkdir()
    _, _, scheduler = open_scheduler(tmp_path)
    assert not stale.exists() and alive.exists()
    scheduler.close("finished")
    assert queue_dirs(tmp_path) == [alive.name]


def test_jobdir_keeps_scrapys_own_persistent_queue(tmp_path):
    jobdir = tmp_path / "job"
    _, spider, scheduler = open_scheduler(tmp_path, JOBDIR=str(jobdir))
    assert scheduler.temp_dir is None and queue_dirs(tmp_path) == []
    scheduler.enqueue_request(spider._request(f"{SITE}/p/", None, 1))
    scheduler.close("shutdown")
    assert (jobdir / "requests.queue" / "active.json").exists()  # Scrapy resumes it from there
    _, _, again = open_scheduler(tmp_path, JOBDIR=str(jobdir))
    assert len(again) == 1 and again.next_request().url == f"{SITE}/p/"
    again.close("finished")


def test_a_real_crawl_queues_every_request_on_disk_and_leaves_no_queue(demo_sites, tmp_path):
    db_path = tmp_path / "archive.db"
    proc = crawl(db_path, demo_sites.urls["wordpress"], "-v")
    assert proc.returncode == PARTIAL, proc.stderr[-3000:]
    stats = dict(re.findall(r"'(scheduler/[a-z/]+)': (\d+)", proc.stderr + proc.stdout))
    assert int(stats["scheduler/enqueued"]) > 20
    assert stats["scheduler/enqueued/disk"] == stats["scheduler/enqueued"] == stats["scheduler/dequeued"]
    assert "scheduler/unserializable" not in stats and "scheduler/enqueued/memory" not in stats
    assert queue_dirs(tmp_path) == []


def test_sitemaps_listed_in_an_index_are_queued_on_disk(tmp_path):
    crawler, spider, scheduler = open_scheduler(tmp_path)
    parent = Request(f"{SITE}/sitemap_index.xml", meta={"wa_sitemap_level": 1})
    response = XmlResponse(parent.url, request=parent, body=b"")
    (child,) = spider._follow_sitemap(Request(f"{SITE}/post-sitemap.xml", callback=spider._parse_sitemap), response)
    assert child.priority == SITEMAP_PRIORITY
    scheduler.enqueue_request(child)
    assert crawler.stats.get_value("scheduler/enqueued/disk") == 1
    got = scheduler.next_request()
    assert got.callback == spider._parse_sitemap and got.errback == spider.on_discovery_error
    assert got.meta == {"wa_sitemap_level": 2}
    scheduler.close("finished")


def test_a_large_sitemap_is_fed_in_chunks_each_after_its_frontier_rows(tmp_path):
    """Scrapy pulls a callback's outputs one by one; a sitemap's URLs are built
    a chunk at a time, each chunk after the Discovered item carrying its rows."""
    _, spider, _ = open_scheduler(tmp_path)
    n = 2 * SITEMAP_CHUNK + 50
    urls = [f"{SITE}/2026/01/{i % 28 + 1:02d}/post-{i}/" for i in range(n)]
    body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>").encode()
    request = Request(f"{SITE}/post-sitemap.xml", meta={"wa_sitemap_level": 1})
    outputs = spider._parse_sitemap(XmlResponse(request.url, request=request, body=body))

    first = next(outputs)
    assert isinstance(first, Discovered) and [row["url"] for row in first.links] == urls[:SITEMAP_CHUNK]
    chunk = [next(outputs) for _ in range(SITEMAP_CHUNK)]
    assert [r.url for r in chunk] == urls[:SITEMAP_CHUNK]
    assert len(spider.seen_urls) == SITEMAP_CHUNK  # the next chunk is not built yet

    rest = list(outputs)
    kinds = [type(o).__name__ for o in rest]
    assert kinds == ["Discovered"] + ["Request"] * SITEMAP_CHUNK + ["Discovered"] + ["Request"] * 50
    assert [r.url for r in rest if isinstance(r, Request)] == urls[SITEMAP_CHUNK:]
    assert [row["url"] for o in rest if isinstance(o, Discovered) for row in o.links] == urls[SITEMAP_CHUNK:]
    assert all(r.meta["wa_depth"] == 1 and r.callback == spider.parse_page for r in chunk)


def test_a_crawl_stopped_before_its_scheduler_closes_removes_its_queue_at_exit(tmp_path):
    """A second Ctrl-C stops the reactor before the engine closes the scheduler."""
    code = (
        "import sys, pathlib; sys.path.insert(0, sys.argv[2]); import test_scheduler_disk as t\n"
        "_, spider, s = t.open_scheduler(pathlib.Path(sys.argv[1]))\n"
        "s.enqueue_request(spider._request('https://blog.example/p/', None, 1))\n"
        "assert len(t.queue_dirs(sys.argv[1])) == 1\n"
    )
    tests_dir = os.path.dirname(os.path.abspath(__file__))
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path), tests_dir], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert queue_dirs(tmp_path) == []
