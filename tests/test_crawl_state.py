"""The spider opens no archive: it starts from a CrawlState; incremental recrawls.

``wellness-archiver crawl`` (the jobs layer) loads the state and passes it as
the spider argument ``state=``; a bare ``scrapy crawl blog`` gets it from the
store pipeline, through the ``crawl_state`` signal. Both paths crawl the
fixture site for real here: incremental (stored posts asked for
conditionally, answered 304) and resumed (URLs done never requested again).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import crawling
import pytest
from conftest import PARTIAL
from scrapy.utils.test import get_crawler

from wellness_archiver.archive.db import Archive
from wellness_archiver.crawler import signals as project_signals
from wellness_archiver.crawler.pipelines.store import StorePipeline
from wellness_archiver.crawler.spiders.blog import BlogSpider
from wellness_archiver.crawler.state import CrawlState, site_hosts
from wellness_archiver.demo_site.server import DemoSites
from wellness_archiver.demo_site.site import lookup, normalize

REPO = Path(__file__).parent.parent
NO_STATE = "no crawl state"


def cli_crawl(url, db_path, *extra):
    return crawling.crawl(db_path, url, *extra)


def scrapy_crawl(url, db_path, *extra):
    """``scrapy crawl blog`` from the repository (its scrapy.cfg): no jobs layer."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "blog", "-a", f"urls={url}", "-s", f"ARCHIVE_DB={db_path}",
           "-s", "WELLNESS_ALLOW_PRIVATE=True", "-s", f"WELLNESS_CONTACT={crawling.CONTACT}", *crawling.FAST_SETTINGS, *extra]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=REPO, env=env)


@pytest.fixture(scope="module")
def ghost(tmp_path_factory):
    """The ghost demo site, crawled once through the jobs path (state= from an
    empty archive); each test crawls again a copy of that archive:
    ``(sites, copy(dest), requests the first crawl made)``."""
    with DemoSites(keys=("ghost",)) as sites:
        first = tmp_path_factory.mktemp("ghost") / "archive.db"
        assert cli_crawl(sites.urls["ghost"], first).returncode == PARTIAL  # jobs path: state= (empty archive)
        asked = len(sites.requests["ghost"])

        def copy(dest: Path) -> Path:
            sites.requests["ghost"].clear()  # each test counts its own crawls' requests
            for suffix in ("", "-wal"):
                if Path(f"{first}{suffix}").exists():
                    shutil.copyfile(f"{first}{suffix}", f"{dest}{suffix}")
            return dest

        yield sites, copy, asked


def stored(db_path):
    archive = Archive(db_path, create=False)
    try:
        return {a["url"] for a in archive.articles()}, {p["url"]: p for p in archive.pages()}
    finally:
        archive.close()


def test_incremental_recrawl_is_the_same_on_both_paths(ghost, tmp_path):
    sites, copy, first_asked = ghost
    base, db_path = sites.urls["ghost"], copy(tmp_path / "archive.db")  # crawled once, jobs path
    posts, _ = stored(db_path)
    assert len(posts) == 9

    proc = scrapy_crawl(base, db_path)  # signal path: the store pipeline's state
    assert proc.returncode == 0, proc.stderr
    assert NO_STATE not in proc.stderr
    _, pages = stored(db_path)
    assert {pages[url]["status"] for url in posts} == {304}
    asked = first_asked + len(sites.requests["ghost"])  # by both crawls so far

    proc = cli_crawl(base, db_path)  # jobs path again: the same revisits
    assert proc.returncode == 0, proc.stderr
    _, pages = stored(db_path)
    assert {pages[url]["status"] for url in posts} == {304}
    assert first_asked + len(sites.requests["ghost"]) - asked <= asked


def test_recrawl_is_incremental_and_updates_exactly_the_changed_posts(ghost, tmp_path):
    sites, copy, first_asked = ghost
    base, db_path = sites.urls["ghost"], copy(tmp_path / "archive.db")  # crawled once, jobs path: PARTIAL
    before = crawling.articles_of(db_path)

    # Unchanged site: stored posts are asked for conditionally (ETag) and
    # answered 304; nothing is stored again.
    proc = cli_crawl(base, db_path)
    assert proc.returncode == 0, proc.stderr  # the dead link sits on unchanged (304) pages: not tried
    after = crawling.articles_of(db_path)
    _, pages = stored(db_path)
    assert set(after) == set(before)
    assert all(after[u]["first_seen"] == before[u]["first_seen"] for u in after)
    assert {p["status"] for p in pages.values() if p["url"] in before} == {304}
    assert len(sites.requests["ghost"]) <= first_asked  # no more than the first crawl

    # Three posts change on the server: exactly those are updated.
    changed = sorted(before)[:3]
    originals = {}
    try:
        for url in changed:
            path = url[len(base):]
            page = lookup(sites.pages["ghost"], path)
            originals[normalize(path)] = page
            body = page.body.replace(b'class="gh-content', b'data-edited="1" class="gh-content', 1)
            body = re.sub(rb'(data-edited="1" class="gh-content[^>]*>)',
                          rb"\1<p>Edited: a paragraph added after the first crawl.</p>", body, count=1)
            assert body != page.body
            sites.pages["ghost"][normalize(path)] = dataclasses.replace(page, body=body)
        assert cli_crawl(base, db_path).returncode == 0
    finally:
        sites.pages["ghost"].update(originals)  # the other tests crawl the site as it was
    final = crawling.articles_of(db_path)
    archive = Archive(db_path, create=False)
    try:
        runs = list(archive.db["crawl_runs"].rows)
        versions = [r["url"] for r in archive.db["article_versions"].rows]
    finally:
        archive.close()
    assert [r["posts_stored"] for r in runs] == [9, 0, 3]
    assert [u for u in final if "Edited: a paragraph added" in final[u]["text"]] == changed
    assert sorted(versions) == changed
    versions_meta = json.loads(runs[1]["versions"])
    assert versions_meta["wellness_archiver"] and versions_meta["trafilatura"]


def test_resume_through_the_signal_path_skips_what_was_done(ghost, tmp_path):
    sites, copy, _ = ghost
    base, db_path = sites.urls["ghost"], copy(tmp_path / "archive.db")
    posts, _ = stored(db_path)
    # Make run 1 an interrupted run: three posts left pending, the rest done.
    pending = sorted(posts)[:3]
    archive = Archive(db_path)
    try:
        with archive.transaction():
            marks = ",".join("?" * len(pending))
            archive.db.execute(f"update frontier set state = 'pending' where crawl_run = 1 and url in ({marks})",
                               pending)
            archive.db.execute("update crawl_runs set status = 'interrupted' where id = 1")
        done, _ = archive.frontier(1)
    finally:
        archive.close()
    sites.requests["ghost"].clear()
    proc = scrapy_crawl(base, db_path, "-s", "WELLNESS_RESUME_RUN=1", "-s", "WELLNESS_REFRESH=True")
    assert proc.returncode == 0, proc.stderr
    asked = {base.rstrip("/") + path for path, _ in sites.requests["ghost"]}
    assert set(pending) <= asked  # fetched again (--refresh: unconditionally)
    assert not asked & set(done)  # done: never requested again
    archive = Archive(db_path, create=False)
    try:
        assert archive.run(1)["status"] == "finished"
        assert archive.frontier(1)[1] == []
    finally:
        archive.close()


def test_the_store_pipeline_sends_the_state_to_a_spider_given_none(tmp_path):
    from wellness_archiver.archive.tombstones import forget

    db_path = tmp_path / "archive.db"
    archive = Archive(db_path)
    try:
        run = archive.start_run(["https://blog.example/"], {}, {})
        archive.frontier_update(run, [{"url": "https://blog.example/b", "kind": "page", "depth": 1,
                                       "referrer": "https://blog.example/"}], ["https://blog.example/"])
        archive.db.conn.commit()
        forget(archive.db, urls=["https://blog.example/gone/"], reason="takedown")
        archive.db.conn.commit()
    finally:
        archive.close()

    crawler = get_crawler(BlogSpider, {"ARCHIVE_DB": str(db_path), "WELLNESS_RESUME_RUN": run})
    spider = crawler.spider = BlogSpider.from_crawler(crawler, urls="https://blog.example/")
    assert spider.crawl_state is None
    sent = []
    crawler.signals.connect(lambda state: sent.append(state), signal=project_signals.crawl_state, weak=False)
    pipeline = StorePipeline.from_crawler(crawler)
    try:
        asyncio.run(pipeline.open_spider())
    finally:
        pipeline.abort()
    assert len(sent) == 1 and spider.crawl_state is sent[0]
    assert sent[0].done == {"https://blog.example/": None}
    assert [row["url"] for row in sent[0].pending] == ["https://blog.example/b"]
    assert spider.pending == sent[0].pending and "https://blog.example/" in spider.seen_urls
    assert sent[0].tombstones.reason("https://blog.example/gone/") == "takedown"


def test_a_spider_given_its_state_opens_no_archive_and_gets_no_signal(tmp_path):
    db_path = tmp_path / "absent" / "archive.db"  # would fail to open: the directory does not exist
    crawler = get_crawler(BlogSpider, {"ARCHIVE_DB": str(db_path)})
    state = CrawlState(revisit={"https://blog.example/p": {"fetched_at": "2026-01-01T00:00:00+00:00",
                                                           "etag": '"v1"', "last_modified": None}})
    spider = BlogSpider.from_crawler(crawler, urls="https://blog.example/", state=state)
    assert spider.crawl_state is state
    request = spider._request("https://blog.example/p", referrer=None, depth=1)
    assert request.headers.get("If-None-Match") == b'"v1"'
    assert not db_path.parent.exists()
    assert site_hosts(["https://www.Blog.example/x"]) == spider.hosts == {"blog.example"}


def test_tombstones_come_with_the_state_on_both_paths(ghost, tmp_path):
    from wellness_archiver.archive.tombstones import forget

    sites, copy, _ = ghost
    base, db_path = sites.urls["ghost"], copy(tmp_path / "archive.db")
    posts, _ = stored(db_path)
    gone, also_gone = sorted(posts)[:2]
    archive = Archive(db_path)
    try:
        forget(archive.db, urls=[gone], reason="takedown")
        archive.db.conn.commit()
    finally:
        archive.close()
    for crawl in (scrapy_crawl, cli_crawl):  # signal path, then jobs path
        sites.requests["ghost"].clear()
        proc = crawl(base, db_path)
        assert proc.returncode in (0, PARTIAL), proc.stderr
        asked = {base.rstrip("/") + path for path, _ in sites.requests["ghost"]}
        assert also_gone in asked and gone not in asked  # the other posts are revisited (304)
        assert NO_STATE not in proc.stderr


def test_the_tombstone_middleware_reads_the_spiders_state():
    from wellness_archiver.archive.tombstones import Tombstones, url_key
    from wellness_archiver.crawler.middlewares.tombstones import TombstoneMiddleware

    crawler = get_crawler(BlogSpider)
    state = CrawlState(tombstones=Tombstones([("url", url_key("https://blog.example/gone/"), "takedown")]))
    crawler.spider = BlogSpider.from_crawler(crawler, urls="https://blog.example/", state=state)
    mw = TombstoneMiddleware.from_crawler(crawler)
    assert mw.tombstones is state.tombstones
    assert mw.tombstones.reason("https://blog.example/gone/") == "takedown"
