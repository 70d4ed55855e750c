"""Getting pages into the archive: the one row builder, batch and run lifecycle.

Every writer (the crawl's store pipeline, WARC import, re-extraction) does
the same: open a run, collect pages, captures and articles into a
:class:`Batch`, write each batch in one transaction (:func:`write_batch`),
and close the run, as failed when anything went wrong. :class:`RunWriter`
is that loop::

    with RunWriter(archive, kind="import-warc", seeds=files) as run:
        for page in pages:
            run.batch.add_page(url, status=200, ...)
            run.maybe_flush()
        run.counts.update(posts_stored=n)

A crawl keeps its run open across callbacks, so the store pipeline calls
``start``, ``write`` and ``finish`` itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

from wellness_archiver.archive.db import Archive, utcnow

FINISHED, FAILED, INTERRUPTED = "finished", "failed", "interrupted"


def page_row(url: str, *, final_url: str | None, status: int | None, content_type: str | None,
             page_type: str | None, fetched_at: str | None, error: str | None = None,
             depth: int | None = None, referrer: str | None = None) -> dict:
    """A ``pages`` row: every fetched (or refused, or failed) URL."""
    return {"url": url, "final_url": final_url, "status": status, "content_type": content_type,
            "page_type": page_type, "fetched_at": fetched_at, "error": error, "depth": depth,
            "referrer": referrer}


def capture_row(page: dict, capture: dict, headers: dict | None, rendered: bool = False) -> dict:
    """A ``captures`` row of a page row: the raw body's columns (built in the
    extraction worker) with the response's URL, time, status and headers."""
    return {
        "url": page["url"], "final_url": page["final_url"], "fetched_at": page["fetched_at"],
        "status": page["status"], "content_type": page["content_type"],
        "headers": json.dumps(dict(headers)) if headers is not None else None,
        "rendered": 1 if rendered else None,
        **capture,
    }


@dataclass
class Batch:
    """Rows written together, in one transaction."""
    pages: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    captures: list[dict] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # URLs a re-crawl found unchanged (HTTP 304)
    found: list[dict] = field(default_factory=list)  # frontier: URLs discovered
    done: list[str] = field(default_factory=list)  # frontier: URLs fetched (or refused) and stored
    policies: dict[str, dict] = field(default_factory=dict)  # host -> sites columns

    def add_page(self, url: str, *, article: dict | None = None, capture: dict | None = None,
                 headers: dict | None = None, rendered: bool = False, **columns) -> dict:
        """A page (``page_row``'s columns), with its capture and article when it has them."""
        page = page_row(url, **columns)
        self.pages.append(page)
        if capture:
            self.captures.append(capture_row(page, capture, headers, rendered))
        if article:
            self.articles.append({**article, "page_url": url})
        return page

    def __len__(self) -> int:
        """Pages and articles buffered (what a batch size counts)."""
        return max(len(self.pages), len(self.articles), len(self.done))

    def empty(self) -> bool:
        return not (self.pages or self.articles or self.unchanged or self.found or self.done or self.policies)


def write_batch(archive: Archive, run_id: int, batch: Batch, *, seen: bool = True) -> list[str]:
    """Write a batch in one transaction; the URLs of the articles whose text
    or title changed. ``seen=False`` (re-extraction): see ``Archive.save_batch``."""
    changed: list[str] = []
    with archive.transaction():
        if batch.unchanged:
            archive.mark_unchanged(batch.unchanged, run_id, utcnow())
        if batch.pages or batch.articles:
            changed = archive.save_batch(batch.pages, batch.articles, run_id, batch.captures, seen=seen)
        if batch.found or batch.done:
            archive.frontier_update(run_id, batch.found, batch.done)
        if batch.policies:
            archive.save_site_policy(batch.policies, utcnow())
    return changed


class RunWriter:
    """One run of the archive: started, written in batches, finished.

    As a context manager the run finishes ``finished`` when the block ends
    normally and ``failed`` on any exception (Ctrl-C included): the one
    place a run is closed after an error. ``counts`` (pages_fetched,
    posts_stored, errors) go into the run when it finishes; None (crawls):
    counted from the rows the run stored.
    """

    def __init__(self, archive: Archive, *, kind: str = "crawl", seeds: Iterable[str] = (),
                 arguments: dict | None = None, versions: dict | None = None, batch_size: int = 100,
                 seen: bool = True, counts: dict | None = None):
        self.archive, self.kind, self.seeds = archive, kind, list(seeds)
        self.arguments, self.versions = arguments or {}, versions or {}
        self.batch_size, self.seen, self.counts = batch_size, seen, counts
        self.batch = Batch()
        self.run_id: int | None = None
        self.changed: list[str] = []  # URLs whose article text or title changed

    def start(self, resume: int | None = None) -> int:
        """A new run, or run ``resume`` (a crawl's --resume) running again."""
        if resume:
            self.archive.resume_run(resume)
            self.run_id = resume
        else:
            self.run_id = self.archive.start_run(self.seeds, self.arguments, self.versions, kind=self.kind)
        return self.run_id

    def write(self, batch: Batch) -> list[str]:
        """Write one batch (in one transaction); the URLs whose article changed."""
        return write_batch(self.archive, self.run_id, batch, seen=self.seen)

    def take(self) -> Batch:
        """The buffered batch; a fresh one takes its place."""
        batch, self.batch = self.batch, Batch()
        return batch

    def flush(self) -> None:
        """Write the buffered batch; its changed URLs go into ``changed``."""
        if not self.batch.empty():
            self.changed += self.write(self.take())

    def maybe_flush(self) -> None:
        if len(self.batch) >= self.batch_size:
            self.flush()

    def finish(self, status: str) -> None:
        self.archive.finish_run(self.run_id, status, self.counts)

    def __enter__(self) -> RunWriter:
        if self.run_id is None:
            self.start()
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None:
            self.finish(FAILED)  # the error itself propagates
            return
        try:
            self.flush()
        except BaseException:
            self.finish(FAILED)
            raise
        self.finish(FINISHED)
