"""Politeness held across all workers: per host, one next-allowed time and a
concurrency limit in Redis, taken atomically (Lua, on Redis' clock).

Each request, just before it is sent, takes a token for its host (Scrapy's
download-slot key, as a single crawler's slot): it waits while the host's
next-allowed time is in the future or ``CONCURRENT_REQUESTS_PER_DOMAIN``
tokens are out, then sets the next-allowed time to now + the host's delay,
the largest of ``DOWNLOAD_DELAY``, AutoThrottle's and robots.txt's
``Crawl-delay`` (as applied to this worker's slot). A 429/503 pushes the
host's next-allowed time past its ``Retry-After`` (or the back-off) for every
worker. Tokens of a worker whose lease lapsed are freed at once.
"""

from __future__ import annotations

import asyncio
import itertools

from scrapy import signals
from scrapy.core.downloader import Slot
from scrapy.exceptions import NotConfigured

from wellness_archiver.crawler.middlewares.retry_after import CODES, parse_retry_after
from wellness_archiver.crawler.settings import read

from wellness_archiver.crawler.frontier import keys
from wellness_archiver.crawler.frontier.scheduler import scheduler_of

# KEYS: next, active; ARGV: delay ms, concurrency, token, hold ms, prefix.
# Returns 0 (token taken), the milliseconds until the host's next turn, or
# -1 when all its tokens are out (their end is unknown: poll, backing off).
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > now then return nxt - now end
local held = redis.call('ZRANGE', KEYS[2], 0, -1)
local count = 0
for _, token in ipairs(held) do
  local worker = string.match(token, '^(.*)|')
  if worker and redis.call('EXISTS', ARGV[5] .. ':alive:' .. worker) == 0 then
    redis.call('ZREM', KEYS[2], token)
  else
    count = count + 1
  end
end
if count >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]))
local delay = tonumber(ARGV[1])
if delay > 0 then redis.call('SET', KEYS[1], now + delay, 'PX', delay + 60000) end
return 0
"""

# KEYS: next; ARGV: wait ms. Never brings the next-allowed time forward.
BACK_OFF = """
local t = redis.call('TIME')
local until_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
if until_ms > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], until_ms, 'PX', tonumber(ARGV[1]) + 60000)
end
return 0
"""

class GatedSlot(Slot):
    """A download slot that leaves the spacing of requests to the shared gate."""

    __slots__ = ()

    def download_delay(self) -> float:
        return 0.0


MIN_POLL, MAX_POLL = 0.02, 0.5  # seconds between two tries while a host's tokens are all out


class SharedPolitenessMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        config = read(settings)
        if not config.frontier:
            raise NotConfigured
        self.crawler = crawler
        self.server = keys.connect(config.frontier)
        self.worker = config.worker_id
        self.concurrency = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        self.delay = settings.getfloat("DOWNLOAD_DELAY")
        self.hold_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + 5) * 1000)
        self.backoff = config.retry_backoff
        self.max_retry_after = config.max_retry_after
        self._acquire = self.server.register_script(ACQUIRE)
        self._back_off = self.server.register_script(BACK_OFF)
        self._tokens = itertools.count()

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.request_reached_downloader, signal=signals.request_reached_downloader)
        return mw

    def request_reached_downloader(self, request, spider=None) -> None:
        # The shared gate has already spaced the request: the local slot must
        # send it now (its own delay would shift it off the gate's schedule and
        # bunch it with other workers' requests). The slot keeps its ``delay``,
        # which AutoThrottle, Crawl-delay and back-off adjust and the gate reads.
        slot = self.crawler.engine.downloader.slots.get(request.meta.get("download_slot"))
        if slot is not None and type(slot) is Slot:
            slot.__class__ = GatedSlot

    def host_delay(self, key: str) -> float:
        """This worker's delay for the host: its slot's (AutoThrottle, Crawl-delay, back-off)."""
        downloader = self.crawler.engine.downloader
        delay = max(self.delay, float(downloader.per_slot_settings.get(key, {}).get("delay", 0.0)))
        slot = downloader.slots.get(key)
        return max(delay, slot.delay) if slot is not None else delay

    async def process_request(self, request):
        key = self.crawler.engine.downloader.get_slot_key(request)
        token = f"{self.worker}|{next(self._tokens)}"
        poll = MIN_POLL
        while True:
            wait_ms = int(self._acquire(
                keys=[keys.host_next(key), keys.host_active(key)],
                args=[int(self.host_delay(key) * 1000), self.concurrency, token, self.hold_ms, keys.PREFIX],
            ))
            if not wait_ms:
                break
            if wait_ms < 0:  # host busy: many waiters polling fast would cost more than the crawl
                await asyncio.sleep(poll)
                poll = min(poll * 2, MAX_POLL)
            else:
                await asyncio.sleep(min(wait_ms / 1000, MAX_POLL))
        request.meta["wa_host_token"] = (key, token)
        return None

    def _release(self, request) -> None:
        key, token = request.meta.pop("wa_host_token", (None, None))
        if token is not None:
            self.server.zrem(keys.host_active(key), token)

    def process_response(self, request, response):
        self._release(request)
        if response.status in CODES:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            wait = self.backoff if wait is None else wait
            if wait <= self.max_retry_after:
                key = self.crawler.engine.downloader.get_slot_key(request)
                self._back_off(keys=[keys.host_next(key)], args=[int(wait * 1000)])
        return response

    def process_exception(self, request, exception):
        self._release(request)
        scheduler = scheduler_of(self.crawler)
        if scheduler is not None:
            scheduler.ack_discovery(request)  # e.g. a sitemap that could not be fetched
        return None
