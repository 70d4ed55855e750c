"""The one way the tests run ``wellness-archiver``: a subprocess (Twisted's
reactor cannot restart in-process), with the fast settings of a test crawl.

A crawl's command line is ``crawl --db DB PROFILE... ARGS...``: the profile's
options come first, so a test's own ``-s NAME=VALUE`` overrides the profile's.

- ``FAST``: the demo and fixture sites on 127.0.0.1, no delay, 8 requests at
  a time per site, one extraction worker, a test contact; ``FAST_2`` the same
  with the project's 2 requests per site; ``LOCAL`` only the site and the
  contact (and the project's extraction workers, one per core: ``demo`` and
  test_crawl_safety's crawls run with those too).
- ``GUARDED``: the downloader middlewares and the SSRF guard resolver spelled
  out (``WELLNESS_TEST_HOSTS`` names answered by the guard itself), no delay,
  a 2 s download timeout, one extraction worker. Not ``--allow-private``:
  the tests that want it say so (``WELLNESS_ALLOW_PRIVATE=True``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Sequence

from zygote import ZYGOTE

CONTACT = "tests@wellness-archiver.invalid"
# `crawl` exits 3 (partial) when some pages failed: every fixture site has a
# dead link and most a 500 page, so a full crawl of one is partial.
PARTIAL = 3

LOCAL = ("--allow-private", "--contact", CONTACT)  # a test site on 127.0.0.1, a test contact
NO_DELAY = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")
# One extraction worker: a second one's warm-up (~0.5 s CPU a crawl) buys a
# test site's few dozen pages nothing, on a machine the other xdist workers share.
ONE_EXTRACTOR = ("-s", "WELLNESS_EXTRACT_WORKERS=1")
FAST_SETTINGS = (*NO_DELAY, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", *ONE_EXTRACTOR)
FAST = (*LOCAL, *FAST_SETTINGS)
FAST_2 = (*LOCAL, *NO_DELAY, *ONE_EXTRACTOR)  # FAST with the project's own 2 requests at a time per site

MIDDLEWARES = {
    "wellness_archiver.crawler.middlewares.ssrf.SSRFGuardMiddleware": 40,
    "wellness_archiver.crawler.middlewares.ssrf.SSRFRedirectGuardMiddleware": 605,
    "wellness_archiver.crawler.middlewares.robots_delay.CrawlDelayMiddleware": 120,
    "wellness_archiver.crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    "wellness_archiver.crawler.middlewares.redirect_loop.RedirectLoopMiddleware": 610,
}
RESOLVER = "wellness_archiver.crawler.middlewares.ssrf_resolver.SSRFGuardResolver"
GUARDED = (
    "--contact", CONTACT,
    "-s", "DOWNLOADER_MIDDLEWARES=" + json.dumps(MIDDLEWARES),
    "-s", f"TWISTED_DNS_RESOLVER={RESOLVER}",
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_TIMEOUT=2",
    "-s", "WELLNESS_EXTRACT_WORKERS=1",
)


def wa_cmd(*args) -> list[str]:
    """``python -m wellness_archiver ARGS`` with the test's own interpreter."""
    return [sys.executable, "-m", "wellness_archiver", *map(str, args)]


def wa(*args, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """Run ``wellness-archiver ARGS`` to the end; output captured as text."""
    return ZYGOTE.run(wa_cmd(*args), timeout=timeout, **kwargs)


def popen(cmd, **kwargs):
    """``subprocess.Popen(cmd, ...)`` for a ``wa_cmd``/``crawl_cmd`` command line (tests/zygote.py)."""
    return ZYGOTE.popen(cmd, **kwargs)


def crawl_cmd(db_path, *args, profile: Sequence[str] = FAST) -> list[str]:
    return wa_cmd("crawl", "--db", db_path, *profile, *args)


def crawl(db_path, *args, profile: Sequence[str] = FAST, timeout: float = 300,
          stdin: str | None = None) -> subprocess.CompletedProcess:
    """``wellness-archiver crawl --db DB PROFILE... ARGS...`` to the end (URLs go in ARGS)."""
    return ZYGOTE.run(crawl_cmd(db_path, *args, profile=profile), timeout=timeout, input=stdin)


def settings(*pairs: str) -> list[str]:
    """``("A=1", "B=2")`` -> ``["-s", "A=1", "-s", "B=2"]``."""
    return [arg for pair in pairs for arg in ("-s", pair)]


def guarded_crawl_cmd(url, db_path, *pairs: str, args: Sequence[str] = ()) -> list[str]:
    return crawl_cmd(db_path, url, *args, *settings(*pairs), profile=GUARDED)


def guarded_crawl(url, db_path, *pairs: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """A crawl of a fault server through the middlewares and the guard; ``pairs`` are NAME=VALUE settings."""
    return crawl(db_path, url, *settings(*pairs), profile=GUARDED, timeout=timeout)


def pages_of(db_path) -> dict[str, dict]:
    """url -> page row of an archive."""
    return _rows_by_url(db_path, "pages")


def articles_of(db_path) -> dict[str, dict]:
    """url -> article row of an archive."""
    return _rows_by_url(db_path, "articles")


def _rows_by_url(db_path, what: str) -> dict[str, dict]:
    from wellness_archiver.archive.db import Archive

    archive = Archive(db_path, create=False)
    try:
        return {row["url"]: row for row in getattr(archive, what)()}
    finally:
        archive.close()


def servers_on_one_port():
    """A blog on 127.0.0.1:P and a request-counting server on 127.0.0.2:P (same P)."""
    import pytest

    from faultserver import FaultServer, html, post_html

    for _ in range(20):
        blog = FaultServer("127.0.0.1", 0, routes={})
        try:
            internal = FaultServer("127.0.0.2", blog.port, routes={},
                                   prefixes={"/": lambda h: html(post_html("Internal admin"))})
        except OSError:
            blog.httpd.server_close()
            continue
        return blog, internal
    pytest.skip("could not bind 127.0.0.2 on the blog's port")


__all__ = ["CONTACT", "PARTIAL", "FAST", "FAST_2", "FAST_SETTINGS", "LOCAL", "GUARDED", "MIDDLEWARES", "NO_DELAY",
           "ONE_EXTRACTOR", "RESOLVER", "crawl", "popen",
           "crawl_cmd", "guarded_crawl", "guarded_crawl_cmd", "pages_of", "articles_of", "servers_on_one_port",
           "settings", "wa", "wa_cmd"]


def too_close(gaps: Sequence[float], delay: float) -> list[int]:
    """Indexes of the gaps between requests that break a pacing of ``delay``
    seconds, as a test server logs them. The server logs a request when its
    handler runs, so on a busy machine one request can be logged late: a gap
    under half the delay right after a long one, the two together still
    spanning two delays, is that jitter, not two requests sent together."""
    return [i for i, gap in enumerate(gaps)
            if gap < delay / 2 and not (i and gaps[i - 1] + gap >= 1.8 * delay)]
