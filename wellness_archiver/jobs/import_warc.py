"""WARC/ARC files into the archive: every HTML response goes through the
crawl's own steps (classify, capture, extract) in the worker pool, then into
the archive in batches. Files are checked completely first (archive/warc.py),
so a truncated or corrupt WARC imports nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable

from wellness_archiver.crawler.workers import build_capture
from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.warc import check_warc, iter_html_responses
from wellness_archiver.crawler.items import PAGE
from wellness_archiver.crawler.pool import imap_unordered
from wellness_archiver.crawler.settings import WELLNESS_EXTRACT_TIMEOUT
from wellness_archiver.crawler.workers import import_page

BATCH = 50


def import_warcs(
    archive: Archive,
    files: Iterable[str | Path],
    workers: int = 0,
    on_total: Callable[[int], None] | None = None,
    tick: Callable[[], None] = lambda: None,
    versions: dict | None = None,
    arguments: dict | None = None,
    check: bool = True,
    timeout: float | None = None,
) -> dict:
    """Ingest WARC/ARC files: classify, capture and extract each HTML page.

    A page over ``timeout`` seconds in its worker (None: WELLNESS_EXTRACT_TIMEOUT;
    0 = no limit) is stored with its capture and the error
    ``extraction timeout (over N s)``."""
    timeout = WELLNESS_EXTRACT_TIMEOUT if timeout is None else timeout

    files = [Path(f) for f in files]
    # All files valid before any write (``check=False``: the caller did it).
    total = sum(check_warc(f) for f in files) if check else None
    if on_total and total is not None:
        on_total(total)
    run_id = archive.start_run([str(f) for f in files], arguments or {}, versions or {}, kind="import-warc")
    counts = {"responses": 0, "articles": 0, "errors": 0, "run_id": run_id}
    pages, articles, captures = [], [], []

    def flush():
        if pages:
            archive.save_batch(pages, articles, run_id, captures)
        pages.clear(), articles.clear(), captures.clear()

    def jobs():
        for path in files:
            for url, fetched_at, status, headers, body in iter_html_responses(path):
                yield url, fetched_at, status, headers, body

    try:
        for given, done, failure in imap_unordered(import_page, jobs(), workers, timeout):
            if done:
                url, fetched_at, status, headers, page_type, capture, article, reason = done
            else:  # the worker overran the limit or died: the page is kept, unclassified, with why
                url, fetched_at, status, headers, body = given
                page_type, capture, article, reason = PAGE, build_capture(body, headers), None, failure
            counts["responses"] += 1
            tick()
            ok = 200 <= status < 300
            error = None if ok else f"HTTP {status}"
            if ok and (page_type == "post" or failure) and article is None:
                error = reason or "no article"
            pages.append({"url": url, "final_url": url, "status": status,
                          "content_type": headers.get("Content-Type") or headers.get("content-type"),
                          "page_type": page_type if ok else "error", "fetched_at": fetched_at,
                          "error": error, "depth": None, "referrer": None})
            if ok:
                captures.append({"url": url, "final_url": url, "fetched_at": fetched_at, "status": status,
                                 "content_type": pages[-1]["content_type"], "headers": json.dumps(headers),
                                 **capture})
            if ok and article:
                articles.append({**article, "url": url, "page_url": url})
                counts["articles"] += 1
            if error:
                counts["errors"] += 1
            if len(pages) >= BATCH:
                flush()
        flush()
    except BaseException:
        archive.finish_run(run_id, "failed", {"posts_stored": counts["articles"], "errors": counts["errors"]})
        raise
    archive.finish_run(run_id, "finished", {"pages_fetched": counts["responses"],
                                            "posts_stored": counts["articles"], "errors": counts["errors"]})
    return counts

