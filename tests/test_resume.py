"""Crash-safe resume: SIGKILL a real crawl process at random points, resume it.

The crawl runs as ``wellness-archiver crawl`` in a subprocess against slow
fixture sites (each answer waits, so the crawl lasts long enough to be killed
in the middle). Each kill falls at a random moment after a random number of
newly stored pages, so kills land while pages are downloading, extracting and
committing alike. The archive after ten kills and a final ``--resume`` must
equal an uninterrupted crawl's, and no post stored before a kill may be
requested again after it.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from urllib.parse import urlsplit

import pytest

from crawling import LOCAL, crawl, crawl_cmd, popen, wa
from wellness_archiver.archive.db import Archive
from wellness_archiver.demo_site.gold import gold_posts
from wellness_archiver.demo_site.server import DemoSites
from wellness_archiver.demo_site.site import SITE_KEYS

# All six: ~220 URLs, enough work for ten kills (on a loaded machine the ten take ~110:
# pages download while the extraction worker of a new process warms up).
SITES = SITE_KEYS
SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
            "-s", "ARCHIVE_FLUSH_SECONDS=0.3", "-s", "ARCHIVE_BATCH_SIZE=2", "-s", "WELLNESS_EXTRACT_WORKERS=1"]
KILLS = 10
SEED = int(os.environ.get("RESUME_TEST_SEED", "20261122"))


def first_cmd(sites, db_path):
    return crawl_cmd(db_path, *sites.urls.values(), profile=(*LOCAL, *SETTINGS))


def query(db_path, sql):
    if not db_path.exists():
        return []
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # the schema is not created yet
        return []
    finally:
        conn.close()


def stored_pages(db_path) -> int:
    return (query(db_path, "select count(*) from pages") or [(0,)])[0][0]


def stored_posts(db_path) -> set[tuple[str, str]]:
    """(netloc, path) of every post page committed to the archive."""
    urls = [urlsplit(url) for (url,) in query(db_path, "select url from pages where page_type = 'post'")]
    return {(u.netloc, u.path) for u in urls}


def requests_so_far(sites) -> list[tuple[str, int]]:
    """(site, index) of every request the servers have logged."""
    return [(key, len(sites.requests[key])) for key in sites.keys]


def snapshot(db_path):
    archive = Archive(db_path, create=False)
    try:
        articles = {a["url"]: (a["title"], a["text"], a["published"], tuple(a["tags"])) for a in archive.articles()}
        pages = {p["url"]: (p["page_type"], p["status"], p["error"]) for p in archive.pages()}
        runs = list(archive.db["crawl_runs"].rows)
        frontier = archive.db["frontier"].count
    finally:
        archive.close()
    return articles, pages, runs, frontier


@pytest.fixture(scope="module")
def slow_sites():
    with DemoSites(SITES, delay=0.25) as sites:
        yield sites


# The uninterrupted crawl runs alongside the killed one, on the same servers; its
# requests carry this contact, so the servers' logs tell the two crawls apart.
WHOLE_CONTACT = "whole@wellness-archiver.invalid"


def ours(agent: str) -> bool:
    """A request of the killed and resumed crawl: any but the uninterrupted crawl's."""
    return f"+{WHOLE_CONTACT})" not in agent


@pytest.fixture(scope="module")
def uninterrupted(slow_sites, tmp_path_factory):
    """Started at once; ``uninterrupted()`` waits for it and gives its snapshot."""
    db_path = tmp_path_factory.mktemp("whole") / "archive.db"
    proc = popen(first_cmd(slow_sites, db_path) + ["--contact", WHOLE_CONTACT],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def result():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 3, out + err  # partial: the fixture sites have a 404 link
        return snapshot(db_path)

    yield result
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def test_sigkill_ten_times_then_resume_equals_an_uninterrupted_crawl(slow_sites, uninterrupted, tmp_path):
    rng = random.Random(SEED)
    db_path = tmp_path / "archive.db"
    netloc = {key: urlsplit(url).netloc for key, url in slow_sites.urls.items()}
    forbidden: set[tuple[str, str]] = set()  # posts stored before a kill: never to be asked for again
    violations = []
    kills = 0
    for attempt in range(KILLS):
        cmd = first_cmd(slow_sites, db_path) if attempt == 0 else crawl_cmd(db_path, "--resume", profile=())
        before_pages = stored_pages(db_path)
        marks = requests_so_far(slow_sites)
        proc = popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # A random point: after 1-3 newly stored pages, then 0-300 ms more.
        target, extra = rng.randint(1, 3), rng.uniform(0, 0.3)
        deadline = time.monotonic() + 60
        while proc.poll() is None and stored_pages(db_path) < before_pages + target and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(extra)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            # Mid-crawl unless the run had already been closed as finished.
            kills += query(db_path, "select status from crawl_runs") != [("finished",)]
        proc.wait(timeout=30)
        # Requests made during this attempt must not ask for posts stored
        # before it began.
        for key, start in marks:
            for path, agent in slow_sites.requests[key][start:]:
                if ours(agent) and (netloc[key], path) in forbidden:
                    violations.append((attempt, key, path))
        forbidden |= stored_posts(db_path)
        if db_path.exists():
            assert query(db_path, "pragma integrity_check") == [("ok",)]

    assert violations == []
    assert kills == KILLS, f"only {kills} kills landed mid-crawl"
    marks = requests_so_far(slow_sites)
    final = crawl(db_path, "--resume", profile=())
    assert final.returncode == 3, final.stdout + final.stderr
    assert "Resuming crawl run 1" in final.stdout
    for key, start in marks:
        for path, agent in slow_sites.requests[key][start:]:
            if ours(agent) and (netloc[key], path) in forbidden:
                violations.append(("final", key, path))
    assert violations == []

    articles, pages, runs, frontier = snapshot(db_path)
    want_articles, want_pages, _, _ = uninterrupted()
    assert articles == want_articles
    assert pages == want_pages
    assert query(db_path, "pragma integrity_check") == [("ok",)]
    # One run, resumed each time, finished; its spent frontier dropped.
    assert [(r["id"], r["status"]) for r in runs] == [(1, "finished")]
    assert runs[0]["resumed"] >= kills
    assert runs[0]["posts_stored"] == len(want_articles)
    assert frontier == 0


def test_a_full_disk_stops_the_crawl_and_resume_completes_it(demo_sites, tmp_path):
    """A write the archive refuses (SQLITE_FULL, here from ARCHIVE_MAX_SIZE_MB,
    the same error as a full disk) stops the crawl with the fix; --resume
    with room to write completes it."""
    db_path = tmp_path / "archive.db"
    keys = ("wordpress", "blogger")
    urls = [demo_sites.urls[k] for k in keys]
    first = crawl(db_path, *urls, "-s", "ARCHIVE_MAX_SIZE_MB=0.5", profile=(*LOCAL, *SETTINGS))
    assert first.returncode == 3, first.stdout + first.stderr
    assert "archive write failed: database or disk is full" in first.stderr
    assert "wellness-archiver crawl --resume" in first.stdout
    assert query(db_path, "pragma integrity_check") == [("ok",)]
    stored_first = {url for (url,) in query(db_path, "select url from articles")}
    gold = {g["url"] for k in keys for g in gold_posts(k, demo_sites.urls[k])}
    assert stored_first < gold
    stats = wa("stats", db_path, timeout=60)
    assert "Crawl run 1 did not finish (failed)" in stats.stdout and "crawl --resume" in stats.stdout

    second = crawl(db_path, "--resume", "-s", "ARCHIVE_MAX_SIZE_MB=0", profile=())
    assert second.returncode == 3, second.stdout + second.stderr  # partial: the sites' dead links
    articles, _, runs, frontier = snapshot(db_path)
    assert set(articles) == gold
    assert [(r["id"], r["status"], r["resumed"]) for r in runs] == [(1, "finished", 1)]
    assert frontier == 0
