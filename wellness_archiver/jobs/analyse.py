"""The analysis step after the archive changed (crawls, re-extractions, WARC
imports, forgetting): quality fields of the articles that lack them, then
every duplicate cluster again."""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import Callable

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.dedup import DEFAULT_THRESHOLD, DedupResult, clusters, dedup, is_stale, last_dedup
from wellness_archiver.analysis.quality import identifier
from wellness_archiver.archive.quality import fill_missing


def preload() -> threading.Thread:
    """Load what the quality fields and the duplicate refresh need in a
    background thread, while a run's workers start and extract: py3langid's
    model (0.7 s, mostly LZMA, which lets the main thread run) and datasketch,
    which brings in SciPy (0.6 s). Loaded by the first result instead, they
    stalled the main thread (and the workers it feeds), or ran alone on one
    core after the run."""
    thread = threading.Thread(target=_load, name="preload", daemon=True)
    thread.start()
    return thread


def _load() -> None:
    identifier()
    importlib.import_module("datasketch")


def refresh(archive: Archive, threshold: float | None = None, **options) -> DedupResult:
    """Fill missing quality fields, then recompute the clusters with
    ``threshold`` (default: the last dedup's, else 0.85). ``options`` go
    to :func:`archive.dedup.dedup` (progress callbacks, shingle size)."""
    fill_missing(archive)
    if threshold is None:
        last = last_dedup(archive)
        threshold = last["threshold"] if last else DEFAULT_THRESHOLD
    return dedup(archive, threshold, **options)


def refresh_duplicates(db_path: str | Path) -> DedupResult:
    """Recompute the duplicate clusters after the archive changed (about 1 ms per article)."""
    archive = Archive(db_path, create=False)
    try:
        return refresh(archive)
    finally:
        archive.close()


def recompute(archive: Archive, threshold: float | None = None, **progress) -> tuple:
    """(the dedup result, the clusters found), for ``dedup``."""
    result = refresh(archive, threshold, **progress)
    return result, clusters(archive)


def refresh_if_stale(archive: Archive, on_stale: Callable[[], None] = lambda: None) -> bool:
    """Recompute missing or out-of-date clusters (export --no-duplicates needs them),
    calling ``on_stale`` first; True when it did."""
    if not is_stale(archive):
        return False
    on_stale()
    refresh(archive)
    return True
