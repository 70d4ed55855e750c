"""Refuse requests for URLs and sites forgotten on request (``wellness-archiver forget``).

First in the chain, so not even robots.txt is fetched from a forgotten site;
redirects and ``--resume``'s frontier pass through it too. The errback
records the refusal with the tombstone's reason, like robots.txt.

The middleware opens no archive: the tombstones come with the spider's
:class:`~wellness_archiver.crawler.state.CrawlState` (loaded by the jobs
layer, or by the store pipeline under a bare ``scrapy crawl``), read at the
first request, when the spider has it.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import IgnoreRequest

from wellness_archiver.archive.tombstones import Tombstones, refusal

logger = logging.getLogger(__name__)


class TombstoneMiddleware:
    def __init__(self, tombstones: Tombstones | None = None, stats: Any = None, crawler: Any = None):
        self._tombstones = tombstones
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "TombstoneMiddleware":
        return cls(None, crawler.stats, crawler)

    @property
    def tombstones(self) -> Tombstones:
        """The tombstones given, or those of the spider's crawl state."""
        if self._tombstones is None:
            spider = getattr(self.crawler, "spider", None)
            state = getattr(spider, "crawl_state", None)
            if state is None:
                logger.warning("no crawl state on the spider: no tombstones to refuse requests with")
                self._tombstones = Tombstones()
            else:
                self._tombstones = state.tombstones
        return self._tombstones

    def process_request(self, request: Any) -> None:
        reason = self.tombstones.reason(request.url)
        if reason is not None:
            if self.stats is not None:
                self.stats.inc_value("wellness/forgotten_refused")
            raise IgnoreRequest(refusal(reason))
