"""Re-extraction from stored captures (no network) and article history."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable

from wellness_archiver.crawler.workers import DEFAULT_EXTRACTOR, reextract_capture
from wellness_archiver.crawler.settings import WELLNESS_EXTRACT_TIMEOUT

from wellness_archiver.archive.db import Archive
from wellness_archiver.crawler.pool import imap_unordered

BATCH = 100


@dataclass
class ReextractResult:
    run_id: int
    captures: int = 0  # captures re-extracted
    articles: int = 0  # articles written (changed or not)
    changed: list[str] = field(default_factory=list)  # URLs whose text or title changed
    new: list[str] = field(default_factory=list)  # URLs that had no article before
    failed: dict[str, str] = field(default_factory=dict)  # URL -> reason (old article kept)


def reextract(
    archive: Archive,
    host: str | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
    workers: int = 0,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    versions: dict | None = None,
    timeout: float | None = None,
) -> ReextractResult:
    """Extract every post again from its latest stored capture, in parallel.

    Articles are updated in place; a changed text or title keeps the old
    version in ``article_versions``. A capture that no longer yields an
    article, or takes over ``timeout`` seconds (None: WELLNESS_EXTRACT_TIMEOUT;
    0 = no limit), leaves the
    old article as it was (listed in ``failed`` with the reason).
    """
    timeout = WELLNESS_EXTRACT_TIMEOUT if timeout is None else timeout
    ids = archive.reextract_capture_ids(host)
    if on_total:
        on_total(len(ids))
    existing = archive.article_urls(host)
    run_id = archive.start_run(
        [], {"command": "reextract", "host": host, "extractor": extractor}, versions or {}, kind="reextract"
    )
    result = ReextractResult(run_id)
    batch: list[dict] = []

    def flush():
        if batch:
            result.changed.extend(archive.save_batch([], batch, run_id, seen=False))
            batch.clear()

    try:
        jobs = ((cid, url, body, enc, extractor) for cid, url, _page, body, enc in archive.iter_captures(ids))
        page_of = dict(archive.capture_pages(ids))
        for (capture_id, url, *_), done, failure in imap_unordered(reextract_capture, jobs, workers, timeout):
            _, _, article, reason = done or (None, None, None, failure)
            result.captures += 1
            if on_progress:
                on_progress(1)
            if article is None:
                result.failed[url] = reason or "no article"
                continue
            article.update(url=url, page_url=page_of[capture_id], capture_id=capture_id)
            if url not in existing:
                result.new.append(url)
            batch.append(article)
            result.articles += 1
            if len(batch) >= BATCH:
                flush()
        flush()
    except BaseException:
        archive.finish_run(run_id, "failed", {"posts_stored": result.articles, "errors": len(result.failed)})
        raise
    archive.finish_run(
        run_id, "finished", {"pages_fetched": 0, "posts_stored": result.articles, "errors": len(result.failed)}
    )
    return result


def history_diff(archive: Archive, url: str) -> list[str]:
    """A readable unified diff of an article's versions, oldest first."""
    versions = archive.article_history(url)
    lines: list[str] = []
    for old, new in zip(versions, versions[1:]):
        label = lambda v: f"{v['label']}  {v['extractor'] or '?'}  run {v['crawl_run']}"  # noqa: E731
        a = _lines(old)
        b = _lines(new)
        lines.extend(difflib.unified_diff(a, b, fromfile=label(old), tofile=label(new), lineterm="", n=2))
    return lines


def _lines(version: dict) -> list[str]:
    return [f"# {version['title'] or ''}", ""] + (version["text"] or "").splitlines()
