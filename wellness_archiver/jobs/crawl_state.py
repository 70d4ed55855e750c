"""Load the state a crawl starts from (revisit validators, a resumed frontier) from the archive."""

from __future__ import annotations

from wellness_archiver.archive.db import Archive
from wellness_archiver.crawler.settings import Config
from wellness_archiver.crawler.state import CrawlState, site_hosts


def load_crawl_state(archive: Archive, seeds: list[str], config: Config) -> CrawlState:
    """The :class:`CrawlState` for crawling ``seeds`` with ``config`` (--refresh, --resume) into ``archive``."""
    return CrawlState.from_archive(archive, site_hosts(seeds), refresh=config.refresh, resume_run=config.resume_run)
