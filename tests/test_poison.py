"""Poison pages (tests/faultserver.py POISON_PAGES) never freeze a crawl.

Real crawls in subprocesses against a fault server on 127.0.0.1: pages of
``<a `` / ``"@type":[`` / ``<meta `` repeated 60,000 times, 2 MB pages, a path
the TDMRep and robots.txt wildcard rules backtrack on. Each crawl must finish
with every poison page recorded with its reason; a page over the extraction
time limit is recorded as ``extraction timeout`` and not fetched again by
``--resume``; Ctrl-C stops a crawl within seconds, even mid-download of a
poison page, and ``--resume`` completes it. Time bounds are generous ceilings.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import PARTIAL
from faultserver import POISON_PAGES, POISON_PATH, FaultServer, html, poison_routes, post_html
from crawling import GUARDED, crawl, guarded_crawl, guarded_crawl_cmd, pages_of, popen, settings, wa

CRAWL_CEILING = 300  # seconds; the poison crawl takes ~15 s on an idle machine
SETTINGS = ("WELLNESS_ALLOW_PRIVATE=True", "DOWNLOAD_TIMEOUT=30", "ARCHIVE_FLUSH_SECONDS=0.2")


def poison_server(**drip) -> FaultServer:
    server = FaultServer(routes={}, crawl_delay=None)
    server.routes.update(poison_routes(server, drip))
    return server


def runs(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select id, status from crawl_runs").fetchall()
    finally:
        conn.close()


# Asked for, and to be refused: the remote-control consoles (checked on this crawl's log).
CONSOLES = ("LOG_LEVEL=INFO", "TELNETCONSOLE_ENABLED=True", "REMOTE_CONTROL_ENABLED=True")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    """One crawl of the poison server, with Scrapy's log (-v) and the consoles asked for."""
    db = tmp_path_factory.mktemp("poison") / "poison.db"
    with poison_server() as server:
        start = time.monotonic()
        proc = crawl(db, server.url("/"), "-v", *settings(*SETTINGS, *CONSOLES), profile=GUARDED,
                     timeout=CRAWL_CEILING)
        elapsed = time.monotonic() - start
    return server, proc, db, pages_of(db), elapsed


def test_the_poisoned_crawl_finishes(poisoned):
    _, proc, db, _, elapsed = poisoned
    assert proc.returncode in (0, PARTIAL), proc.stdout + proc.stderr
    assert runs(db) == [(1, "finished")]
    assert elapsed < CRAWL_CEILING


@pytest.mark.parametrize("path", list(POISON_PAGES))
def test_every_poison_page_is_recorded_once(poisoned, path):
    server, _, _, pages, _ = poisoned
    row = pages[server.url(path)]
    assert row["status"] == 200
    assert row["page_type"] in ("post", "page", "listing")
    assert server.hits(path) == 1


def test_the_big_post_is_extracted_whole(poisoned):
    server, _, db, pages, _ = poisoned
    assert pages[server.url("/poison/big-post/")]["error"] is None
    conn = sqlite3.connect(db)
    text, = conn.execute("select text from articles where url = ?", [server.url("/poison/big-post/")]).fetchone()
    assert len(text) > 1_000_000


def test_the_backtracking_wildcard_rules_reserve_and_forbid_nothing(poisoned):
    server, _, _, pages, _ = poisoned
    assert pages[server.url(POISON_PATH)]["page_type"] == "post"  # neither TDM-reserved nor robots-disallowed


def test_a_page_over_the_extraction_limit_is_recorded_and_the_crawl_goes_on(tmp_path):
    db = tmp_path / "timeout.db"
    # 0.5 s: the 2 MB post takes seconds to extract; a small post milliseconds.
    with poison_server() as server:
        proc = guarded_crawl(server.url("/"), db, *SETTINGS, "WELLNESS_EXTRACT_TIMEOUT=0.5", timeout=CRAWL_CEILING)
    assert proc.returncode == PARTIAL, proc.stdout + proc.stderr
    assert runs(db) == [(1, "finished")]
    pages = pages_of(db)
    assert pages[server.url("/poison/big-post/")]["error"] == "extraction timeout (over 0.5 s)"
    # The worker was replaced: the pages after it were extracted.
    assert pages[server.url(POISON_PATH)]["error"] is None
    assert set(pages) >= {server.url(path) for path in POISON_PAGES}
    assert "extraction timeout" in proc.stdout


def crawl_process(url, db, *settings, args=()):
    """A guarded crawl started, not waited for; the project's 30 s DOWNLOAD_TIMEOUT unless ``settings`` say."""
    cmd = guarded_crawl_cmd(url, db, "DOWNLOAD_TIMEOUT=30", *settings, args=args)
    return popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, what: str, ceiling: float = 120) -> None:
    deadline = time.monotonic() + ceiling
    while not condition():
        assert time.monotonic() < deadline, f"waited {ceiling} s for {what}"
        time.sleep(0.1)


def stored_error(db, url):
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("select error from pages where url = ?", [url]).fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return None
    return row[0] if row else None


def test_ctrl_c_during_a_poison_page_stops_at_once_and_resume_completes(tmp_path):
    db = tmp_path / "interrupted.db"
    settings = (*SETTINGS, "WELLNESS_EXTRACT_TIMEOUT=0.5", "DOWNLOAD_TIMEOUT=120")
    # The 2 MB page of "<a " is sent over 30 s the first time: the crawl is handling it
    # when Ctrl-C comes; the resume gets it at once.
    with poison_server(**{"/poison/big-anchors/": 30}) as server:
        big_post = server.url("/poison/big-post/")
        proc = crawl_process(server.url("/"), db, *settings)
        try:
            wait_for(lambda: server.hits("/poison/big-anchors/") == 1, "the dripped page to be requested")
            wait_for(lambda: stored_error(db, big_post), "the timed-out post to be stored")
            sent = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
            stopped_in = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
        assert stopped_in < 30, f"took {stopped_in:.1f} s to stop"  # grace 3 s; Scrapy's own waits for the drip
        assert proc.returncode == PARTIAL, out + err
        assert runs(db) == [(1, "interrupted")]
        assert "interrupted" in out + err
        # The archive was closed, so its writer lock was released (and removed).
        assert not list(tmp_path.glob("*.lock")), list(tmp_path.iterdir())

        resumed = wa("crawl", "--resume", "--db", db, *[arg for setting in settings for arg in ("-s", setting)],
                     timeout=CRAWL_CEILING)
        assert resumed.returncode == PARTIAL, resumed.stdout + resumed.stderr
        assert runs(db) == [(1, "finished")]
        pages = pages_of(db)
        assert set(pages) >= {server.url(path) for path in POISON_PAGES}
        # The interrupted page was fetched again; the one recorded as timed out was not.
        assert server.hits("/poison/big-anchors/") == 2
        assert server.hits("/poison/big-post/") == 1
        assert pages[big_post]["error"] == "extraction timeout (over 0.5 s)"
        conn = sqlite3.connect(db)
        assert conn.execute("select count(*), count(distinct url) from pages").fetchone()[0] == len(pages)


def test_a_second_ctrl_c_stops_at_once(tmp_path):
    db = tmp_path / "twice.db"
    with poison_server(**{"/poison/big-anchors/": 60}) as server:
        proc = crawl_process(server.url("/"), db, *SETTINGS, "DOWNLOAD_TIMEOUT=120", "WELLNESS_STOP_GRACE=100")
        try:
            wait_for(lambda: server.hits("/poison/big-anchors/") == 1, "the dripped page to be requested")
            proc.send_signal(signal.SIGINT)
            time.sleep(0.5)
            sent = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
            stopped_in = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
    assert stopped_in < 30, f"took {stopped_in:.1f} s to stop"  # the grace (100 s) was cut short
    assert proc.returncode == PARTIAL, out + err
    assert runs(db) == [(1, "interrupted")]
    assert not list(tmp_path.glob("*.lock")), list(tmp_path.iterdir())


# -- Scrapy itself: the per-host cap and the remote-control consoles -------------------------


def slow_blog(server: FaultServer, pages: int = 24, seconds: float = 0.3):
    links = "".join(f"<a href='/slow/{n}/'>{n}</a>" for n in range(pages))
    home = f"<html><head><title>Slow</title></head><body>{links}</body></html>"

    def slow(handler):
        server.stopping.wait(seconds)
        return html(post_html("Slow post"))

    return {"/": lambda h: html(home), **{f"/slow/{n}/": slow for n in range(pages)}}


@pytest.mark.parametrize("cap", [2, 3])
def test_the_per_host_cap_holds_without_a_download_delay(tmp_path, cap):
    # Scrapy 2.19 alone had 15 requests in flight to this host with DOWNLOAD_DELAY=0.
    server = FaultServer(routes={}, crawl_delay=None)
    server.routes.update(slow_blog(server))
    with server:
        proc = guarded_crawl(server.url("/"), tmp_path / "cap.db", "WELLNESS_ALLOW_PRIVATE=True", "DOWNLOAD_DELAY=0",
                     "AUTOTHROTTLE_ENABLED=False", f"CONCURRENT_REQUESTS_PER_DOMAIN={cap}", "CONCURRENT_REQUESTS=32",
                     timeout=CRAWL_CEILING)
    assert proc.returncode in (0, PARTIAL), proc.stdout + proc.stderr
    assert server.hits() >= 25
    assert server.max_in_flight == cap


def test_the_remote_control_consoles_stay_off(poisoned):
    _, proc, _, _, _ = poisoned
    log = proc.stdout + proc.stderr
    assert "Enabled extensions" in log
    assert "RemoteControl" not in log and "TelnetConsole" not in log
    assert "listening" not in log.lower()
