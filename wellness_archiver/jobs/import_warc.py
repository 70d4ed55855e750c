"""WARC/ARC files into the archive: every HTML response goes through the
crawl's own steps (classify, capture, extract) in the worker pool, then into
the archive in batches. Files are checked completely first (archive/warc.py),
so a truncated or corrupt WARC imports nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.ingest import RunWriter
from wellness_archiver.archive.warc import check_warc, iter_html_responses
from wellness_archiver.crawler.items import PAGE
from wellness_archiver.crawler.pool import EXTRACT_TIMEOUT, imap_unordered
from wellness_archiver.crawler.workers import IMPORT_PAGE_MODULES, build_capture, import_page

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
    if timeout is None:
        timeout = EXTRACT_TIMEOUT

    files = [Path(f) for f in files]
    # All files valid before any write (``check=False``: the caller did it).
    total = sum(check_warc(f) for f in files) if check else None
    if on_total and total is not None:
        on_total(total)
    counts = {"pages_fetched": 0, "posts_stored": 0, "errors": 0}
    run = RunWriter(archive, kind="import-warc", seeds=[str(f) for f in files], arguments=arguments,
                    versions=versions, batch_size=BATCH, counts=counts)

    def jobs():
        for path in files:
            yield from iter_html_responses(path)

    with run:
        for given, done, failure in imap_unordered(import_page, jobs(), workers, timeout, IMPORT_PAGE_MODULES):
            tick()
            _add_response(run, counts, given, done, failure)
            run.maybe_flush()
    return {"responses": counts["pages_fetched"], "articles": counts["posts_stored"], "errors": counts["errors"],
            "run_id": run.run_id}


def _add_response(run: RunWriter, counts: dict, given: tuple, done: tuple | None, failure: str | None) -> None:
    """One imported response into the run's batch, with its counts."""
    if done:
        url, fetched_at, status, headers, page_type, capture, article, reason = done
    else:  # the worker overran the limit or died: the page is kept, unclassified, with why
        url, fetched_at, status, headers, body = given
        page_type, capture, article, reason = PAGE, build_capture(body, headers), None, failure
    ok = 200 <= status < 300
    error = None if ok else f"HTTP {status}"
    if ok and (page_type == "post" or failure) and article is None:
        error = reason or "no article"
    run.batch.add_page(url, final_url=url, status=status, page_type=page_type if ok else "error",
                       content_type=headers.get("Content-Type") or headers.get("content-type"),
                       fetched_at=fetched_at, error=error, headers=headers,
                       capture=capture if ok else None, article={**article, "url": url} if ok and article else None)
    counts["pages_fetched"] += 1
    counts["posts_stored"] += bool(ok and article)
    counts["errors"] += bool(error)
