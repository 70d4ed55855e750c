"""Corpus operations as the commands run them: the checks before any work,
the steps in order, the duplicate clusters kept up to date afterwards.

No click here: the caller opens the archive, shows progress through the
callbacks, and words the errors (the archive's, or ValueError for input).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from wellness_archiver.archive import dedup as dedup_clusters
from wellness_archiver.archive import tombstones
from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.export import Filters, check_outputs, export, format_for
from wellness_archiver.archive.outputs import refuse_archive_output
from wellness_archiver.archive.runs import tool_versions
from wellness_archiver.archive.warc import check_warc
from wellness_archiver.crawler.workers import DEFAULT_EXTRACTOR, load_extractor
from wellness_archiver.jobs import analyse
from wellness_archiver.jobs.import_warc import import_warcs
from wellness_archiver.jobs.reextract import reextract
from wellness_archiver.urls import host_key

DATE_FORMS = {"%Y": 4, "%Y-%m": 7, "%Y-%m-%d": 10}  # zero-padded, as stored


def is_date_prefix(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real date (not 2023-13-45)."""
    for form, length in DATE_FORMS.items():
        try:
            datetime.strptime(value, form)
        except ValueError:
            continue
        return len(value) == length
    return False


def export_plan(db_path: str, out: str, fmt: str | None, filters: Filters, redact_pii: bool, force: bool) -> str:
    """The format of an export, once every check that needs no work passed (ValueError or ArchiveError)."""
    refuse_archive_output(Path(out), db_path)  # first: the archive itself is never a valid OUT
    fmt = fmt or format_for(out)
    for name, value in (("--since", filters.since), ("--until", filters.until)):
        if value and not is_date_prefix(value):
            raise ValueError(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    if fmt == "warc" and filters.article_only():
        raise ValueError(f"{', '.join(filters.article_only())} select articles and cannot apply to --format warc "
                         "(raw captures); use only --site with warc")
    if fmt == "warc" and redact_pii:
        raise ValueError("--redact-pii cannot apply to --format warc (raw captures are kept byte for "
                         "byte); leave it out, or export jsonl, parquet, csv or txt")
    check_outputs(Path(out), force, db_path)
    return fmt


def site(host: str | None) -> str | None:
    """A --site value as hosts are stored: in punycode, as given otherwise."""
    return host_key(host, strip_www=False) if host else host


def export_filters(sites: Iterable[str], since, until, languages, min_words, no_duplicates, platforms) -> Filters:
    sites = tuple(map(site, sites))
    return Filters(sites, since, until, tuple(languages), min_words, no_duplicates, tuple(platforms))


def run_export(archive: Archive, out: str, fmt: str, filters: Filters, force: bool, redact_pii: bool,
               on_total: Callable[[int], None], tick: Callable[[], None]) -> dict:
    return export(archive, out, fmt, filters, force, on_total=on_total, tick=tick, versions=tool_versions(),
                  redact_pii=redact_pii)


def check_warcs(files: Iterable[str]) -> int:
    """The records of every file, each read to its end before the archive is touched (ArchiveError)."""
    return sum(check_warc(Path(file)) for file in files)


def import_files(archive: Archive, db_path: str, files: list[str], workers: int, timeout: float | None,
                 tick: Callable[[], None]) -> dict:
    return import_warcs(archive, files, workers, check=False, timeout=timeout, tick=tick, versions=tool_versions(),
                        arguments={"command": "import-warc", "files": list(files), "db": db_path})


def checked_extractor(spec: str | None) -> str:
    """The extractor to use; ValueError when it cannot be loaded."""
    spec = spec or DEFAULT_EXTRACTOR
    try:
        load_extractor(spec)
    except Exception as ex:  # any failure of the user's module
        raise ValueError(f"cannot load extractor {spec!r}: {ex} (give MODULE:FUNCTION)") from None
    return spec


def run_reextract(archive: Archive, host: str | None, extractor: str, workers: int, timeout: float | None,
                  on_total: Callable[[int], None], on_progress: Callable[[int], None]):
    def total(n: int) -> None:  # the workers start now
        analyse.preload()
        on_total(n)

    return reextract(archive, host, extractor, workers, on_total=total, on_progress=on_progress,
                     versions=tool_versions(), timeout=timeout)


def forget(archive: Archive, urls: Iterable[str], sites: Iterable[str], reason: str | None) -> tuple:
    """(what was removed, whether the archive had duplicate clusters to recompute)."""
    had_clusters = dedup_clusters.last_dedup(archive) is not None
    return tombstones.forget(archive.db, urls, sites, reason), had_clusters
