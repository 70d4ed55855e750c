"""Three workers on one Redis frontier, one SIGKILLed mid-crawl (issue 15).

Real parts only: Debian's redis-server, the six fixture blogs on 127.0.0.1
(each answer waits, so the crawl lasts long enough to kill a worker in the
middle), ``wellness-archiver crawl --frontier`` subprocesses. The merge of
the three shards must equal an uninterrupted single-worker crawl; no post may
be fetched twice unless the killed worker had it in flight; the fixture
servers' request log (one host, 127.0.0.1, for all six blogs) must show the
spacing and concurrency of one polite crawler.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sqlite3
import subprocess
import time
from urllib.parse import urlsplit

import pytest

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.errors import ArchiveError
from wellness_archiver.archive.merge import merge
from wellness_archiver.demo_site.server import DemoSites
from wellness_archiver.demo_site.site import SITE_KEYS
from wellness_archiver.crawler.frontier import keys

from crawling import LOCAL, crawl, crawl_cmd, popen, wa
from redis_server import redis_server  # noqa: F401 - fixture

SERVER_DELAY = 0.1  # seconds each fixture answer takes
DELAY = 0.05  # DOWNLOAD_DELAY: one polite crawler sends one request per slot at most every 0.5-1.5 x this
PER_HOST = 2  # CONCURRENT_REQUESTS_PER_DOMAIN
SETTINGS = ["-s", f"DOWNLOAD_DELAY={DELAY}", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_HOST}", "-s", "ARCHIVE_FLUSH_SECONDS=0.3",
            "-s", "ARCHIVE_BATCH_SIZE=5", "-s", "WELLNESS_FRONTIER_LEASE=5", "-s", "WELLNESS_EXTRACT_WORKERS=1"]
COMMON = (*LOCAL, *SETTINGS)


class TimedLog(list):
    """A site's request log that also notes when each request arrived."""

    def __init__(self):
        super().__init__()
        self.timed: list[tuple[float, str]] = []

    def append(self, entry):
        self.timed.append((time.monotonic(), entry[0]))  # one append: atomic across server threads
        super().append(entry)


@pytest.fixture(scope="module")
def sites():
    sites = DemoSites(SITE_KEYS, delay=SERVER_DELAY)
    for key in SITE_KEYS:
        sites.requests[key] = TimedLog()
    with sites:
        yield sites


def log_mark(sites) -> dict[str, int]:
    return {key: len(sites.requests[key].timed) for key in SITE_KEYS}


def requests_since(sites, mark) -> list[tuple[float, str, str]]:
    """(time, site, path) of every request since ``mark``, in time order."""
    return sorted((t, key, path) for key in SITE_KEYS for t, path in sites.requests[key].timed[mark[key]:])


def snapshot(db_path):
    archive = Archive(db_path, create=False)
    try:
        articles = {a["url"]: (a["title"], a["text"], a["published"], tuple(a["tags"])) for a in archive.articles()}
        pages = {p["url"]: (p["page_type"], p["status"], p["error"]) for p in archive.pages()}
    finally:
        archive.close()
    return articles, pages


def differences(got: dict, expected: dict) -> list:
    """What an assertion failure should show: the entries that differ, not a truncated dict."""
    return sorted((url, got.get(url), expected.get(url)) for url in set(got) | set(expected)
                  if got.get(url) != expected.get(url))


def dump(db_path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def page_count(db_path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("select count(*) from pages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def single_crawl(sites, tmp_path_factory):
    """The uninterrupted single-worker crawl (no frontier) the workers must equal."""
    single = tmp_path_factory.mktemp("single") / "single.db"
    proc = crawl(single, *sites.urls.values(), profile=COMMON)
    assert proc.returncode == 3, proc.stdout + proc.stderr  # partial: the fixture blogs have dead links
    articles, pages = snapshot(single)
    assert len(articles) == 54
    return articles, pages


def test_three_workers_one_killed_merge_equals_one_crawler(sites, single_crawl, redis_server, tmp_path):  # noqa: F811
    expected_articles, expected_pages = single_crawl

    mark = log_mark(sites)
    frontier = ["--frontier", redis_server.url]
    shards = [tmp_path / f"shard{i}.db" for i in range(3)]
    logs = [open(tmp_path / f"worker{i}.log", "w") for i in range(3)]
    # Seeds to the first worker only; the others join the run and take its seeds.
    # Each worker leads its own process group: killing one kills its extraction
    # processes too, as when its machine vanishes.
    workers = [popen(crawl_cmd(shards[0], *sites.urls.values(), *frontier, profile=COMMON), stdout=logs[0], stderr=logs[0],
                                start_new_session=True)]
    deadline = time.monotonic() + 30
    while not redis_server.client.scard(keys.SEEDS):
        assert time.monotonic() < deadline and workers[0].poll() is None, "the first worker never joined"
        time.sleep(0.05)
    for i in (1, 2):
        workers.append(popen(crawl_cmd(shards[i], *frontier, profile=COMMON), stdout=logs[i], stderr=logs[i],
                                        start_new_session=True))

    # Kill worker 1 once it has committed some pages, while it is fetching more.
    victim = workers[1]
    while page_count(shards[1]) < 15:
        assert time.monotonic() < deadline + 60 and victim.poll() is None, "worker 1 did no work"
        time.sleep(0.02)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    victim_id = next(w for w, info in redis_server.client.hgetall(keys.WORKERS).items()
                     if json.loads(info)["shard"] == str(shards[1])).decode()
    # What it had taken and not committed: its lease set, read before the
    # others put it back in the queue (its lease lasts 5 s).
    in_flight = {pickle.loads(data)["url"] for data in redis_server.client.zrange(keys.leased(victim_id), 0, -1)}
    assert in_flight, "the kill fell between two requests: nothing to recover"

    for i in (0, 2):
        assert workers[i].wait(timeout=300) in (0, 3), (tmp_path / f"worker{i}.log").read_text()
    for log in logs:
        log.close()
    requests = requests_since(sites, mark)

    # The queue is empty, nothing is leased, no worker is left registered.
    status = keys.frontier_status(redis_server.client)
    assert (status["pending"], status["leased"], status["workers"]) == (0, 0, [])
    assert status["status"] == "finished"
    done = {url.decode() for url in redis_server.client.smembers(keys.DONE)}
    assert done == set(expected_pages), (done ^ set(expected_pages))
    for shard in shards:  # one logical run, recorded in every shard
        assert Archive(shard, create=False).db.execute("select frontier_run from crawl_runs").fetchall() == [(status["run"],)]

    merged = tmp_path / "merged.db"
    counts = merge(merged, shards)
    assert counts["articles"] == 54
    articles, pages = snapshot(merged)
    assert articles == expected_articles
    assert pages == expected_pages, differences(pages, expected_pages)
    run = Archive(merged, create=False).run(1)
    assert (run["status"], run["posts_stored"], run["frontier_run"]) == ("finished", 54, status["run"])
    assert len(run["worker"].split(",")) == 3
    conn = sqlite3.connect(merged)
    assert conn.execute("select count(*) from articles_fts").fetchone()[0] == 54
    assert conn.execute("select count(*) from articles where page_url not in (select url from pages)").fetchone()[0] == 0
    conn.close()

    # No post fetched twice, except what the killed worker had in flight.
    post_paths = {(urlsplit(u).netloc, urlsplit(u).path) for u, (kind, _, _) in pages.items() if kind == "post"}
    in_flight_paths = {(urlsplit(u).netloc, urlsplit(u).path) for u in in_flight}
    fetched = [(urlsplit(sites.urls[site]).netloc, urlsplit(path).path) for _, site, path in requests]
    twice = {p for p in post_paths if fetched.count(p) > 1}
    assert twice <= in_flight_paths, twice - in_flight_paths
    assert post_paths <= set(fetched)

    # Polite as one crawler on the one host (127.0.0.1) all six blogs share.
    # Never more than PER_HOST requests at once: each answer takes
    # SERVER_DELAY, so a third request can only start once one of two ended.
    times = [t for t, _, _ in requests]
    spans = [c - a for a, c in zip(times, times[PER_HOST:])]
    assert min(spans) >= SERVER_DELAY * 0.9, sorted(spans)[:5]
    # Request starts DOWNLOAD_DELAY apart (one crawler: 0.5-1.5 x, randomised).
    # The gate spaces turns on Redis' clock; a worker descheduled between its
    # turn and the send can deliver one request late, next to the following
    # one, but never more requests: count over windows of ten.
    window = 10
    spans = [c - a for a, c in zip(times, times[window - 1:])]
    assert min(spans) >= (window - 1) * 0.5 * DELAY, sorted(spans)[:5]

    # Merging again changes nothing.
    before = dump(merged)
    merge(merged, shards)
    assert dump(merged) == before


def test_a_killed_worker_resumes_its_shard_in_the_same_frontier_run(sites, single_crawl, redis_server,  # noqa: F811
                                                                  tmp_path):
    shard = tmp_path / "shard.db"
    worker = popen(crawl_cmd(shard, *sites.urls.values(), "--frontier", redis_server.url, profile=COMMON),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while page_count(shard) < 20:
        assert time.monotonic() < deadline and worker.poll() is None, "the worker did no work"
        time.sleep(0.02)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    # Alone on the frontier: it waits out its own lease (5 s), then takes its
    # requests back, in the same crawl run of its shard.
    proc = crawl(shard, "--resume", profile=())
    assert proc.returncode == 3, proc.stdout + proc.stderr
    articles, pages = snapshot(shard)
    assert pages == single_crawl[1], differences(pages, single_crawl[1])
    assert articles == single_crawl[0], differences(articles, single_crawl[0])
    archive = Archive(shard, create=False)
    runs = list(archive.db["crawl_runs"].rows)
    archive.close()
    assert [(r["status"], r["resumed"], r["frontier_run"]) for r in runs] == [
        ("finished", 1, keys.frontier_status(redis_server.client)["run"])]


def test_merge_refuses_a_non_archive_or_newer_schema_before_writing(tmp_path, demo_sites):
    shard = tmp_path / "shard.db"
    archive = Archive(shard)
    run = archive.start_run(["http://127.0.0.1/"], {}, {})
    archive.save_batch([{"url": "http://127.0.0.1/a", "page_type": "post", "fetched_at": "2026-01-01"}],
                       [{"url": "http://127.0.0.1/a", "title": "A", "text": "text of a"}], run)
    archive.close()
    not_archive = tmp_path / "notes.db"
    sqlite3.connect(not_archive).execute("create table notes (x)").connection.commit()
    newer = tmp_path / "newer.db"
    newer.write_bytes(shard.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values ('wellness_archiver', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    text = tmp_path / "text.db"
    text.write_text("not sqlite at all")
    out = tmp_path / "out.db"
    for bad, reason in ((not_archive, "not a wellness-archiver archive"), (newer, "newer schema"),
                        (text, "not a SQLite archive"), (tmp_path / "missing.db", "no such archive")):
        with pytest.raises(ArchiveError, match=reason):
            merge(out, [shard, bad])
        assert not out.exists()  # refused before anything was written
    proc = wa("merge", out, shard, newer)
    assert proc.returncode == 1 and "newer schema (m999_from_the_future)" in proc.stderr
    assert not out.exists()


def test_merge_keeps_the_newest_text_and_the_other_as_a_version(tmp_path):
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    for path, text, seen in ((old, "first text of the post", "2026-01-01T00:00:00+00:00"),
                             (new, "second, edited text of the post", "2026-02-01T00:00:00+00:00")):
        archive = Archive(path)
        run = archive.start_run(["http://blog.test/"], {}, {})
        archive.save_batch([{"url": "http://blog.test/p", "page_type": "post", "fetched_at": seen}],
                           [{"url": "http://blog.test/p", "title": "P", "text": text}], run)
        archive.db["articles"].update("http://blog.test/p", {"last_seen": seen, "first_seen": seen})
        archive.db["crawl_runs"].update(run, {"started_at": seen})  # two crawls, a month apart
        archive.close()
    out = tmp_path / "out.db"
    merge(out, [new, old])  # order does not matter
    merge(out, [old, new])  # nor running it twice
    archive = Archive(out, create=False)
    article = archive.db["articles"].get("http://blog.test/p")
    assert article["text"] == "second, edited text of the post"
    assert article["first_seen"] == "2026-01-01T00:00:00+00:00"
    assert [v["text"] for v in archive.db["article_versions"].rows] == ["first text of the post"]
    assert archive.search("edited")[0]["url"] == "http://blog.test/p"
    assert archive.db["crawl_runs"].count == 2
    archive.close()


def test_frontier_command_and_bad_frontier_url(redis_server, tmp_path):  # noqa: F811
    proc = wa("frontier", redis_server.url, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["pending"] == 0
    proc = wa("frontier", redis_server.url)
    assert proc.returncode == 0, proc.stderr
    for title in ("frontier run (none yet)", "per host", "workers"):  # the three tables
        assert title in proc.stdout, proc.stdout
    proc = wa("crawl", "--frontier", "http://127.0.0.1:1/", "--db", tmp_path / "x.db", "http://127.0.0.1:9/")
    assert proc.returncode == 1 and "not a Redis URL" in proc.stderr
    proc = wa("crawl", "--frontier", redis_server.url, "--db", tmp_path / "x.db")
    assert proc.returncode == 2 and "has no seeds yet" in proc.stderr


def test_host_gate_spaces_limits_backs_off_and_frees_a_dead_workers_tokens(redis_server):  # noqa: F811
    """The per-host gate's Lua scripts, on a real Redis, as two workers use them."""
    from wellness_archiver.crawler.frontier.polite import ACQUIRE, BACK_OFF

    client = redis_server.client
    acquire, back_off = client.register_script(ACQUIRE), client.register_script(BACK_OFF)
    gate = [keys.host_next("blog.test"), keys.host_active("blog.test")]
    for worker in ("w1", "w2"):
        client.set(keys.alive(worker), 1, px=60_000)

    def take(token, delay_ms=200, concurrency=2):
        return int(acquire(keys=gate, args=[delay_ms, concurrency, token, 30_000, keys.PREFIX]))

    assert take("w1|1") == 0
    wait = take("w2|1")  # the other worker must wait for the host's delay
    assert 0 < wait <= 200
    time.sleep(wait / 1000 + 0.01)
    assert take("w2|1") == 0
    time.sleep(0.25)
    assert take("w1|2") == -1  # two tokens out: the concurrency limit, polled
    client.zrem(gate[1], "w1|1")  # a response came back
    assert take("w1|2") == 0
    # A Retry-After of 5 s seen by one worker holds the host for all.
    back_off(keys=gate[:1], args=[5000])
    client.zrem(gate[1], "w1|2", "w2|1")
    assert 4000 < take("w2|2") <= 5000
    back_off(keys=gate[:1], args=[100])  # a shorter one never brings it forward
    assert take("w2|2") > 4000
    # A worker that died holding tokens: freed as soon as its lease is gone.
    client.delete(gate[0])
    assert take("w1|3", delay_ms=0) == 0 and take("w1|4", delay_ms=0) == 0
    assert take("w2|3", delay_ms=0) == -1
    client.delete(keys.alive("w1"))
    assert take("w2|3", delay_ms=0) == 0


def test_marking_seen_and_queueing_is_one_step(redis_server, tmp_path):  # noqa: F811
    """The scheduler marks a request seen and queues it in one Lua call, so a
    worker killed in between cannot leave a URL seen but never queued; the
    filtering is scrapy-redis' (same fingerprints, same keys)."""
    from scrapy import Request, Spider
    from scrapy.settings import Settings
    from scrapy.utils.test import get_crawler

    from wellness_archiver.crawler.frontier.scheduler import FrontierScheduler

    settings = Settings({"WELLNESS_WORKER_ID": "w-test", "ARCHIVE_DB": str(tmp_path / "a.db")})
    keys.configure_worker(settings, redis_server.url)
    crawler = get_crawler(Spider, {name: settings[name] for name in settings  # what configure_worker set
                                   if settings.getpriority(name) == settings.getpriority("REDIS_URL")})
    spider = Spider.from_crawler(crawler, name="t")
    scheduler = FrontierScheduler.from_crawler(crawler)
    scheduler.open(spider)
    client = redis_server.client
    try:
        calls = lambda: client.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0)  # noqa: E731
        assert scheduler.enqueue_request(Request("http://blog.test/a/", priority=3)) is True  # loads the script
        before = calls()
        assert scheduler.enqueue_request(Request("http://blog.test/a/#frag")) is False  # the same page, seen
        assert scheduler.enqueue_request(Request("http://blog.test/b/")) is True
        assert calls() - before == 2  # one script call per enqueue, no separate SADD/ZADD
        seen = {fp.decode() for fp in client.smembers(keys.SEEN)}
        assert seen == {scheduler.df.request_fingerprint(Request(u)) for u in ("http://blog.test/a/", "http://blog.test/b/")}
        queued = [scheduler.queue._decode_request(d) for d, _ in client.zrange(keys.PENDING, 0, -1, withscores=True)]
        assert [(r.url, r.priority) for r in queued] == [("http://blog.test/a/", 3), ("http://blog.test/b/", 0)]
        # dont_filter (robots.txt, retries) is queued every time, as scrapy-redis does
        assert scheduler.enqueue_request(Request("http://blog.test/a/", dont_filter=True)) is True
        assert client.zcard(keys.PENDING) == 3 and client.scard(keys.SEEN) == 2
    finally:
        scheduler.close("shutdown")
