"""Crawl the fault-injecting blog (tests/faultserver.py) and check every fault is recorded.

One real crawl (``python -m wellness_archiver crawl`` in a subprocess) of the
fault server on 127.0.0.1; the tests read its archive and the server's request
log. The crawl must finish, store every post that can be fetched, and record
each fault in the pages table with a short, stable reason.
"""

from __future__ import annotations

import sqlite3

from conftest import PARTIAL
import pytest
from faultserver import CP1252_TEXT, SJIS_TEXT, FaultServer
from crawling import guarded_crawl, pages_of, too_close

CRAWL_DELAY = 0.2
BACKOFF = 0.2
RETRY_TIMES = 2


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    db = tmp_path_factory.mktemp("faults") / "faults.db"
    with FaultServer(crawl_delay=CRAWL_DELAY, stall_seconds=4) as server:
        proc = guarded_crawl(
            server.url("/"), db,
            "WELLNESS_ALLOW_PRIVATE=True",
            f"WELLNESS_RETRY_BACKOFF={BACKOFF}",
            f"RETRY_TIMES={RETRY_TIMES}",
            "AUTOTHROTTLE_MAX_DELAY=1",  # caps the 429/503 slow-down, to keep the test short
            timeout=180,
        )
    pages = pages_of(db)
    base = server.url("").rstrip("/")
    return server, proc, db, pages, base


def page(faults, path):
    _, _, _, pages, base = faults
    assert base + path in pages, f"{path} is not in the pages table"
    return pages[base + path]


def test_crawl_finishes(faults):
    _, proc, db, _, _ = faults
    assert proc.returncode == PARTIAL, proc.stdout + proc.stderr
    status = sqlite3.connect(db).execute("select status from crawl_runs").fetchone()[0]
    assert status == "finished"


def test_every_fetchable_post_is_stored(faults):
    _, _, db, _, base = faults
    urls = {row[0] for row in sqlite3.connect(db).execute("select url from articles")}
    for path in ("/posts/ok-1/", "/posts/ok-2/", "/posts/ok-3/", "/error/503-once/", "/error/429-once/",
                 "/posts/cp1252/", "/posts/shift-jis/", "/posts/broken/"):
        assert base + path in urls, path


def test_encodings_without_charset_are_decoded(faults):
    _, _, db, _, base = faults
    texts = dict(sqlite3.connect(db).execute("select url, text from articles"))
    assert CP1252_TEXT in texts[base + "/posts/cp1252/"]
    assert SJIS_TEXT in texts[base + "/posts/shift-jis/"]


def test_broken_html_is_read(faults):
    _, _, db, _, base = faults
    texts = dict(sqlite3.connect(db).execute("select url, text from articles"))
    assert "Broken but readable" in texts[base + "/posts/broken/"]


@pytest.mark.parametrize("path,reason", [("/error/500/", "HTTP 500"), ("/error/503/", "HTTP 503"),
                                         ("/error/429/", "HTTP 429")])
def test_http_errors_are_recorded_after_retries(faults, path, reason):
    server = faults[0]
    row = page(faults, path)
    assert (row["page_type"], row["error"]) == ("error", reason)
    assert server.hits(path) == RETRY_TIMES + 1


def test_retry_after_is_honoured(faults):
    server = faults[0]
    for path, wait in (("/error/503/", 1.0), ("/error/503-once/", 1.0), ("/error/429-once/", BACKOFF)):
        times = server.times(path)
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert gaps and min(gaps) >= wait * 0.95, (path, gaps)
    # an HTTP-date Retry-After (1 s ahead, whole seconds) plus the back-off
    times = server.times("/error/429/")
    assert min(b - a for a, b in zip(times, times[1:])) >= BACKOFF * 0.95


def test_connection_reset_is_recorded(faults):
    row = page(faults, "/error/reset/")
    assert row["page_type"] == "error"
    assert row["error"] in ("connection reset or broken response", "connection lost"), row["error"]


def test_stall_is_a_timeout(faults):
    row = page(faults, "/error/stall/")
    assert (row["page_type"], row["error"]) == ("error", "timeout")


def test_redirect_loop_is_recorded(faults):
    row = page(faults, "/loop/a/")
    assert row["page_type"] == "error"
    assert row["error"].startswith("redirect loop"), row["error"]


@pytest.mark.parametrize("path", ["/big/", "/big-stream/"])
def test_oversized_page_is_too_large(faults, path):
    row = page(faults, path)
    assert row["page_type"] == "error"
    assert row["error"].startswith("too large"), row["error"]


def test_gzip_bomb_is_refused(faults):
    row = page(faults, "/bomb/")
    assert row["page_type"] == "error"
    assert row["error"].startswith("decompression bomb"), row["error"]


def test_binary_labelled_html_is_not_a_page(faults):
    row = page(faults, "/binary/")
    assert row["page_type"] in ("other", "error"), row
    assert "binary" in (row["error"] or ""), row["error"]


def test_robots_disallow_is_obeyed(faults):
    server = faults[0]
    assert not any(path.startswith("/private/") for _, path, _ in server.log)
    row = page(faults, "/private/secret/")
    assert (row["page_type"], row["error"]) == ("blocked", "robots.txt disallowed")


def test_crawl_delay_is_respected(faults):
    server = faults[0]
    log = server.log[1:]  # from the first request after robots.txt was parsed
    gaps = []
    for (t0, p0, _), (t1, p1, _) in zip(log, log[1:]):
        if p0 == p1 == "/error/reset/" and t1 - t0 < 0.05:
            # Twisted's HTTP client re-sends a request at once when a reused
            # keep-alive connection is reset: a transport retry, not a new request.
            continue
        gaps.append((round(t1 - t0, 3), p1))
    # Without Crawl-delay the gaps would be ~0 ms and the mean far below.
    assert not too_close([gap for gap, _ in gaps], CRAWL_DELAY), gaps
    assert sum(gap for gap, _ in gaps) / len(gaps) >= CRAWL_DELAY * 0.95


def test_user_agent_names_the_project_and_contact(faults):
    server = faults[0]
    agents = {ua for _, _, ua in server.log}
    assert agents and all("wellness-archiver/" in ua and "tests@wellness-archiver.invalid" in ua for ua in agents)


def test_calendar_trap_is_cut_short(faults):
    server = faults[0]
    months = [path for _, path, _ in server.log if path.startswith("/calendar/")]
    assert len(months) <= 12, f"{len(months)} calendar pages fetched"
    _, _, _, pages, base = faults
    trapped = [p for url, p in pages.items() if url.startswith(base + "/calendar/") and "trap" in (p["error"] or "")]
    assert trapped, "the calendar trap is not recorded"


@pytest.mark.parametrize("path", ["/posts/noarchive/", "/posts/noarchive-header/"])
def test_noarchive_pages_keep_no_body(faults, path):
    _, _, db, _, base = faults
    rows = sqlite3.connect(db).execute(
        "select noarchive, body is null from captures where url = ?", (base + path,)).fetchall()
    assert rows == [(1, 1)], rows


@pytest.mark.parametrize("path, reason", [
    ("/posts/noindex/", "noindex"),
    ("/posts/noai-header/", "noai"),
    ("/posts/tdm-header/", "TDM rights reserved"),
    ("/reserved/post/", "TDM rights reserved"),
])
def test_owners_reservations_are_honoured_and_recorded(faults, path, reason):
    """noindex, noai and TDMRep pages: a row with the reason, no body, no article."""
    _, _, db, _, base = faults
    row = page(faults, path)
    assert row["page_type"] == "blocked" and reason in row["error"], row
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles where url = ?", (base + path,)).fetchone() == (0,)
    assert con.execute("select count(*) from captures where url = ? and body is not null",
                       (base + path,)).fetchone() == (0,)


def test_tdmrep_reserved_section_is_not_even_fetched_once_known(faults):
    server = faults[0]
    order = [path for _, path, _ in server.log]
    assert "/.well-known/tdmrep.json" in order
    reserved_fetches = [i for i, p in enumerate(order) if p.startswith("/reserved/")]
    assert all(i < order.index("/.well-known/tdmrep.json") for i in reserved_fetches)


def test_session_id_links_are_fetched_once_or_cut_short(faults):
    server, _, _, pages, base = faults
    shop = [path for _, path, _ in server.log if path.startswith("/shop/")]
    # Known session parameters are canonicalised away: never requested.
    assert not [p for p in shop if "PHPSESSID" in p or "jsessionid" in p.lower()], shop
    # An unknown token parameter is a trap: capped at WELLNESS_TRAP_LIMIT (12) URLs and recorded once.
    assert 1 < len(shop) <= 13, shop
    trapped = [p for url, p in pages.items() if url.startswith(base + "/shop/") and "trap" in (p["error"] or "")]
    assert len(trapped) == 1 and "session or token URLs" in trapped[0]["error"], trapped


def test_endless_pagination_is_cut_short(faults):
    server, _, _, pages, base = faults
    archive = [path for _, path, _ in server.log if path.startswith("/archive/page/")]
    # Page 1's posts are already known (from the home page): every page brings
    # only its next page, so the shape stops at WELLNESS_TRAP_LIMIT (12) pages.
    assert 12 <= len(archive) <= 13, archive
    trapped = [p for url, p in pages.items() if url.startswith(base + "/archive/") and "trap" in (p["error"] or "")]
    assert len(trapped) == 1 and "pagination with nothing new" in trapped[0]["error"], trapped


def test_the_pacing_check_tells_a_late_log_from_unpaced_requests():
    assert too_close([0.0, 0.0, 0.001], 0.2) == [0, 1, 2]  # unpaced: all at once
    assert too_close([0.2, 0.21, 0.01, 0.2], 0.2) == [2]  # short, and no long gap before it
    assert too_close([0.2, 0.39, 0.01, 0.2], 0.2) == []  # one request logged late
