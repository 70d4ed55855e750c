"""429 and 503 honour ``Retry-After``, with exponential back-off.

Scrapy's RetryMiddleware retries 429 and 503 at once, which is exactly what an
overloaded or rate-limiting server asked us not to do. This middleware sits
just before it in the response chain (priority 560 > 550) and, for those two
codes:

- computes the wait: ``max(Retry-After, WELLNESS_RETRY_BACKOFF * 2**(n-1))``
  for the n-th retry; ``Retry-After`` is either seconds or an HTTP date;
- pauses the host's download slot for that long (nothing is sent to that host
  before the wait is over, the retry included) and slows the slot
  (its delay doubles, up to ``AUTOTHROTTLE_MAX_DELAY``; it halves back to
  where it was with each later successful response);
- builds the retry with Scrapy's own ``get_retry_request`` (``RETRY_TIMES``,
  ``max_retry_times`` meta, retry stats and logs);
- when retries are exhausted, or ``Retry-After`` is longer than
  ``WELLNESS_MAX_RETRY_AFTER``, returns the response, which the spider's
  errback records as ``HTTP 429`` / ``HTTP 503``; ``dont_retry`` is set on
  the request so RetryMiddleware does not retry it again.

Settings: ``WELLNESS_RETRY_BACKOFF`` (float, 1.0 s), ``WELLNESS_MAX_RETRY_AFTER``
(float, 120 s). Off when ``RETRY_ENABLED`` is False; only codes also in
``RETRY_HTTP_CODES`` are handled.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.utils.response import response_status_message

from wellness_archiver.crawler.settings import read

logger = logging.getLogger(__name__)

CODES = (429, 503)


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or HTTP-date).

    Returns None when the header is missing or malformed; a date in the past
    gives 0.
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_wait(retry_after: float | None, retry_number: int, backoff: float) -> float:
    """The wait before retry number ``retry_number`` (1 for the first retry)."""
    return max(retry_after or 0.0, backoff * 2 ** max(0, retry_number - 1))


class RetryAfterMiddleware:
    def __init__(self, codes: tuple[int, ...], backoff: float, max_retry_after: float, max_delay: float,
                 crawler: Any = None):
        self.codes = set(codes)
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.max_delay = max_delay
        self.crawler = crawler
        self.baselines: dict[str, float] = {}  # slot key -> delay before it was slowed

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RetryAfterMiddleware":
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        codes = tuple(c for c in CODES if c in {int(x) for x in settings.getlist("RETRY_HTTP_CODES")})
        if not codes:
            raise NotConfigured
        config = read(settings)
        return cls(
            codes=codes,
            backoff=config.retry_backoff,
            max_retry_after=config.max_retry_after,
            max_delay=settings.getfloat("AUTOTHROTTLE_MAX_DELAY"),
            crawler=crawler,
        )

    def process_response(self, request: Any, response: Any) -> Any:
        key = request.meta.get("download_slot")
        if response.status not in self.codes:
            if response.status < 400:
                self._relax(key)
            return response
        if request.meta.get("dont_retry", False):
            return response
        stats = self.crawler.stats
        stats.inc_value(f"wellness/retry_after/{response.status}")
        retry_after = parse_retry_after(response.headers.get(b"Retry-After"))
        if retry_after is not None and retry_after > self.max_retry_after:
            logger.warning(
                "%s asks to retry after %.0f s (more than WELLNESS_MAX_RETRY_AFTER = %.0f s): giving up on %s",
                key, retry_after, self.max_retry_after, request.url,
            )
            self._slow(key, self.max_retry_after)
            return self._give_up(request, response)
        wait = backoff_wait(retry_after, request.meta.get("retry_times", 0) + 1, self.backoff)
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=response_status_message(response.status),
            max_retry_times=request.meta.get("max_retry_times"),
            priority_adjust=request.meta.get("priority_adjust"),
        )
        self._slow(key, wait)
        if retry is None:
            return self._give_up(request, response)
        logger.info("HTTP %d from %s: retrying %s in %.2f s", response.status, key, request.url, wait)
        return retry

    @staticmethod
    def _give_up(request: Any, response: Any) -> Any:
        # Retries are exhausted (or refused): the response goes on to the
        # spider's errback as "HTTP 429"/"HTTP 503"; RetryMiddleware must not
        # start over.
        request.meta["dont_retry"] = True
        return response

    def _slot(self, key: str | None) -> Any:
        if key is None or self.crawler is None or self.crawler.engine is None:
            return None
        return self.crawler.engine.downloader.slots.get(key)

    def _slow(self, key: str | None, wait: float) -> None:
        """Send nothing to the host for ``wait`` seconds, and double its delay."""
        slot = self._slot(key)
        if slot is None:
            return
        self.baselines.setdefault(key, slot.delay)
        slot.delay = min(max(slot.delay * 2, self.backoff), max(self.max_delay, slot.delay))
        # The downloader sends the next request once now - lastseen >= the
        # jittered delay; the lowest jittered delay is delay * (1 - jitter).
        lowest = slot.delay * max(0.0, 1 - slot.jitter)
        slot.lastseen = max(slot.lastseen, monotonic() + wait - lowest)

    def _relax(self, key: str | None) -> None:
        baseline = self.baselines.get(key) if key is not None else None
        if baseline is None:
            return
        slot = self._slot(key)
        if slot is None:
            del self.baselines[key]
            return
        slot.delay = max(baseline, slot.delay / 2)
        if slot.delay <= baseline:
            del self.baselines[key]
