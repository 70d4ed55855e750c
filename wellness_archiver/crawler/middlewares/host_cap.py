"""Hold the per-host concurrency cap, whatever DOWNLOAD_DELAY is.

Scrapy 2.19's downloader starts every queued request of a slot at once when
the slot has no delay: ``_process_queue`` counts free transfer slots before
the scheduled downloads mark themselves as transferring, so with
``-s DOWNLOAD_DELAY=0`` 15 requests were in flight to one host despite
``CONCURRENT_REQUESTS_PER_DOMAIN=2``. This middleware, last before the
download handler, lets at most the slot's concurrency through per slot and
releases a place when the response or the error comes back.
"""

from __future__ import annotations

import asyncio

GATE = "_wa_host_gate"  # request.meta: the slot whose place this request holds


class HostConcurrencyMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.gates: dict[str, asyncio.Semaphore] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _limit(self, downloader, key: str) -> int:
        per_slot = downloader.per_slot_settings.get(key, {})
        return int(per_slot.get("concurrency", downloader.ip_concurrency or downloader.domain_concurrency) or 0)

    async def process_request(self, request):
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        limit = self._limit(downloader, key)
        if limit <= 0:  # no per-host cap configured
            return None
        gate = self.gates.get(key)
        if gate is None:
            gate = self.gates[key] = asyncio.Semaphore(limit)
        await gate.acquire()
        request.meta[GATE] = key
        return None

    def _release(self, request) -> None:
        key = request.meta.pop(GATE, None)
        if key is not None:
            self.gates[key].release()

    def process_response(self, request, response):
        self._release(request)
        return response

    def process_exception(self, request, exception):
        self._release(request)
        return None
