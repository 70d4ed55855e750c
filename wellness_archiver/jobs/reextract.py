"""Re-extraction from stored captures (no network) and article history."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable

from wellness_archiver.analysis.quality import assess
from wellness_archiver.crawler.workers import DEFAULT_EXTRACTOR, reextract_capture

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.ingest import RunWriter
from wellness_archiver.crawler.pool import EXTRACT_TIMEOUT, imap_unordered

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
    if timeout is None:
        timeout = EXTRACT_TIMEOUT
    ids = archive.reextract_capture_ids(host)
    if on_total:
        on_total(len(ids))
    existing = archive.article_urls(host)
    counts = {"pages_fetched": 0, "posts_stored": 0, "errors": 0}
    run = RunWriter(archive, kind="reextract", arguments={"command": "reextract", "host": host, "extractor": extractor},
                    versions=versions, batch_size=BATCH, seen=False, counts=counts)
    with run:
        result = ReextractResult(run.run_id, changed=run.changed)
        jobs = ((cid, url, body, enc, extractor) for cid, url, _page, body, enc in archive.iter_captures(ids))
        page_of = dict(archive.capture_pages(ids))
        for (capture_id, url, *_), done, failure in imap_unordered(reextract_capture, jobs, workers, timeout):
            _, _, article, reason = done or (None, None, None, failure)
            result.captures += 1
            if on_progress:
                on_progress(1)
            if article is None:
                result.failed[url] = reason or "no article"
                counts["errors"] = len(result.failed)
                continue
            article.update(url=url, page_url=page_of[capture_id], capture_id=capture_id)
            # the new text's quality fields, computed here while the workers
            # extract the next pages (the analysis step after the run would
            # otherwise compute them alone, and it only fills missing ones)
            article.update(assess(article["text"], article.get("markdown"), article.get("word_count")))
            if url not in existing:
                result.new.append(url)
            run.batch.articles.append(article)
            result.articles += 1
            counts["posts_stored"] = result.articles
            run.maybe_flush()
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
