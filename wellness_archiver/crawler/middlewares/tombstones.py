"""Refuse requests for URLs and sites forgotten on request (``wellness-archiver forget``).

First in the chain, so not even robots.txt is fetched from a forgotten site;
redirects and ``--resume``'s frontier pass through it too. The errback
records the refusal with the tombstone's reason, like robots.txt.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import IgnoreRequest

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.tombstones import Tombstones, refusal
from wellness_archiver.crawler.settings import read


class TombstoneMiddleware:
    def __init__(self, tombstones: Tombstones, stats: Any = None):
        self.tombstones = tombstones
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> "TombstoneMiddleware":
        archive = Archive(read(crawler.settings).db_path)
        try:
            tombstones = Tombstones.load(archive.db)
        finally:
            archive.close()
        return cls(tombstones, crawler.stats)

    def process_request(self, request: Any) -> None:
        reason = self.tombstones.reason(request.url)
        if reason is not None:
            if self.stats is not None:
                self.stats.inc_value("wellness/forgotten_refused")
            raise IgnoreRequest(refusal(reason))
