"""Apply robots.txt ``Crawl-delay`` to the host's download slot.

Scrapy's RobotsTxtMiddleware parses robots.txt with Protego, which reads
``Crawl-delay``, but never applies it. This middleware listens to the
``robots_parsed`` signal the robots middleware sends with each parser (one per
host:port), reads ``crawl_delay(user_agent)`` and makes it the minimum delay of
that host's download slot (``crawler.engine.downloader.slots[key]``):

- the slot's ``delay`` is raised to at least the Crawl-delay, and its jitter
  narrowed so that the randomised delay never drops below it;
- the floor is applied again each time a request reaches the downloader and
  after each response (AutoThrottle lowers delays on fast responses), and is
  kept in ``DOWNLOAD_SLOTS``-style per-slot settings so that a slot rebuilt
  after being garbage-collected starts with it.

Settings: ``WELLNESS_MAX_CRAWL_DELAY`` (float, 30 s) caps a Crawl-delay (a
warning is logged when a robots.txt asks for more). Off when ``ROBOTSTXT_OBEY``
is False.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.python import to_unicode

from wellness_archiver.crawler.settings import read

logger = logging.getLogger(__name__)


class CrawlDelayMiddleware:
    def __init__(self, max_delay: float, robots_user_agent: str = "",
                 default_user_agent: str = "", crawler: Any = None):
        self.max_delay = max_delay
        # The user agent is chosen as RobotsTxtMiddleware chooses it.
        self.robots_user_agent = robots_user_agent
        self.default_user_agent = default_user_agent
        self.crawler = crawler
        self.floors: dict[str, float] = {}  # slot key -> minimum delay (s)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CrawlDelayMiddleware":
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        mw = cls(read(settings).max_crawl_delay,
                 settings.get("ROBOTSTXT_USER_AGENT") or "", settings.get("USER_AGENT") or "", crawler)
        crawler.signals.connect(mw.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(mw.request_reached_downloader, signal=signals.request_reached_downloader)
        # Connected after AutoThrottle (extensions are built before the
        # engine), so this runs after it has adjusted the delay.
        crawler.signals.connect(mw.response_downloaded, signal=signals.response_downloaded)
        return mw

    # -- the decision: pure -------------------------------------------------------

    def delay_for(self, crawl_delay: float | None, host: str = "") -> float | None:
        """The floor to apply for a robots.txt ``Crawl-delay``, capped."""
        if crawl_delay is None or crawl_delay <= 0:
            return None
        if crawl_delay > self.max_delay:
            logger.warning(
                "robots.txt of %s asks for Crawl-delay %.1f s; capped at WELLNESS_MAX_CRAWL_DELAY = %.1f s",
                host or "a site", crawl_delay, self.max_delay,
            )
            if self.crawler is not None:
                self.crawler.stats.inc_value("wellness/crawl_delay_capped")
            return self.max_delay
        return float(crawl_delay)

    @staticmethod
    def apply_floor(slot: Any, floor: float) -> None:
        """Make ``slot`` wait at least ``floor`` seconds between requests, jitter included."""
        if slot.delay < floor:
            slot.delay = floor
        # download_delay() is delay * (1 ± jitter): keep its low end >= floor.
        if slot.jitter and slot.delay * (1 - slot.jitter) < floor:
            slot.jitter = max(0.0, 1 - floor / slot.delay)

    # -- signals ----------------------------------------------------------------

    def robots_parsed(self, robotparser: Any, request: Any) -> None:
        crawl_delay_of = getattr(robotparser, "crawl_delay", None)
        if crawl_delay_of is None:  # a RobotParser without Crawl-delay support
            return
        user_agent = to_unicode(
            self.robots_user_agent or request.headers.get(b"User-Agent") or self.default_user_agent
        )
        try:
            crawl_delay = crawl_delay_of(user_agent)
        except (TypeError, ValueError):
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        floor = self.delay_for(crawl_delay, key)
        if floor is None:
            return
        floor = max(floor, self.floors.get(key, 0.0))
        self.floors[key] = floor
        # A slot created (or re-created after garbage collection) later starts with it.
        per_slot = downloader.per_slot_settings.setdefault(key, {})
        per_slot["delay"] = max(float(per_slot.get("delay", 0.0)), floor)
        per_slot["jitter"] = 0.0
        self.crawler.stats.set_value(f"wellness/crawl_delay/{key}", floor)
        logger.info("robots.txt Crawl-delay for %s: %.2f s between requests", key, floor)
        self._apply(key)

    def request_reached_downloader(self, request: Any, spider: Any = None) -> None:
        self._apply(request.meta.get("download_slot"))

    def response_downloaded(self, response: Any, request: Any, spider: Any = None) -> None:
        self._apply(request.meta.get("download_slot"))

    def _apply(self, key: str | None) -> None:
        floor = self.floors.get(key) if key is not None else None
        if floor is None:
            return
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            self.apply_floor(slot, floor)
