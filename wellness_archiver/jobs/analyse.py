"""The analysis step after the archive changed (crawls, re-extractions, WARC
imports, forgetting): quality fields of the articles that lack them, then
every duplicate cluster again."""

from __future__ import annotations

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.dedup import DEFAULT_THRESHOLD, DedupResult, dedup, last_dedup
from wellness_archiver.archive.quality import fill_missing


def refresh(archive: Archive, threshold: float | None = None, **options) -> DedupResult:
    """Fill missing quality fields, then recompute the clusters with
    ``threshold`` (default: the last dedup's, else 0.85). ``options`` go
    to :func:`archive.dedup.dedup` (progress callbacks, shingle size)."""
    fill_missing(archive)
    if threshold is None:
        last = last_dedup(archive)
        threshold = last["threshold"] if last else DEFAULT_THRESHOLD
    return dedup(archive, threshold, **options)
