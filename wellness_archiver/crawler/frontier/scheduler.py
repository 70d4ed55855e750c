"""scrapy-redis' Scheduler as a worker of a shared, reliable frontier.

Over scrapy-redis it adds: one atomic step to mark a request seen and queue
it; a heartbeat (the worker's lease key, renewed every
third of ``WELLNESS_FRONTIER_LEASE``); reaping (the leases of a worker whose
key expired go back to the pending queue, atomically in Lua); acknowledging
(a page's lease is dropped when the store pipeline has committed it); and the
end of the crawl: a worker closes when the queue is empty and no other worker
holds a lease, since only a lease can still bring new links.
"""

from __future__ import annotations

import logging
import time
import warnings

from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from wellness_archiver.crawler import signals as project_signals
from wellness_archiver.crawler.settings import read

from wellness_archiver.crawler.frontier import keys
from wellness_archiver.crawler.frontier.queue import original_url

logger = logging.getLogger(__name__)
# scrapy-redis 0.9 still passes spider= to stats and calls Spider.log: not ours to fix.
warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")

TICK = 0.25  # seconds: how often an idle worker looks at the shared queue

# Put back the leases of dead workers; count the pending requests and the
# other live workers' leases. KEYS: workers, pending; ARGV: prefix, me.
STATUS = """
local others, reaped = 0, 0
for _, w in ipairs(redis.call('HKEYS', KEYS[1])) do
  local lk = ARGV[1] .. ':leased:' .. w
  if redis.call('EXISTS', ARGV[1] .. ':alive:' .. w) == 0 then
    local items = redis.call('ZRANGE', lk, 0, -1, 'WITHSCORES')
    for i = 1, #items, 2 do redis.call('ZADD', KEYS[2], items[i + 1], items[i]) end
    reaped = reaped + #items / 2
    redis.call('DEL', lk)
    redis.call('HDEL', KEYS[1], w)
  elseif w ~= ARGV[2] then
    others = others + redis.call('ZCARD', lk)
  end
end
return {redis.call('ZCARD', KEYS[2]), others, reaped}
"""


# Mark a request seen and queue it in one step. scrapy-redis does the SADD,
# then the ZADD, in two calls: a worker killed between them left the URL
# seen by every worker and queued by none, lost for the run. KEYS: seen,
# pending; ARGV: fingerprint, score (-priority), serialized request.
ENQUEUE = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""


class FrontierScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        config = read(crawler.settings)
        instance.worker = config.worker_id
        instance.lease_ms = max(1000, int(config.frontier_lease * 1000))
        instance.shard = config.db
        return instance

    def open(self, spider):
        super().open(spider)
        self._status = self.server.register_script(STATUS)
        self._enqueue = self.server.register_script(ENQUEUE)
        keys.register_worker(self.server, self.worker, self.shard, self.lease_ms)
        if getattr(spider, "seeds", None):
            self.server.sadd(keys.SEEDS, *spider.seeds)
        self.crawler.signals.connect(self.pages_stored, signal=project_signals.pages_stored)
        self.last_beat = self.last_reap = time.monotonic()
        self.ticker = task.LoopingCall(self.tick)
        self.ticker.start(TICK, now=False)

    def beat(self) -> None:
        pipe = self.server.pipeline(transaction=False)
        pipe.set(keys.alive(self.worker), int(time.time()), px=self.lease_ms)
        pipe.hexists(keys.WORKERS, self.worker)
        if not pipe.execute()[1]:  # reaped while alive (paused past the lease): join again
            keys.register_worker(self.server, self.worker, self.shard, self.lease_ms)
        self.last_beat = time.monotonic()

    def status(self) -> tuple[int, int]:
        pending, others, reaped = self._status(keys=[keys.WORKERS, keys.PENDING], args=[keys.PREFIX, self.worker])
        if reaped:
            logger.warning("frontier: %d request(s) of a lost worker put back in the queue", reaped)
            self.stats.inc_value("wellness/frontier_reaped", int(reaped))
        self.last_reap = time.monotonic()
        return int(pending), int(others)

    def tick(self) -> None:
        try:
            now = time.monotonic()
            if now - self.last_beat > self.lease_ms / 3000:
                self.beat()
            if now - self.last_reap > self.lease_ms / 2000:
                self.status()
        except Exception:  # noqa: BLE001 - Redis away for a moment: the next tick tries again
            logger.exception("frontier heartbeat failed")
        engine = self.crawler.engine
        if engine is not None and engine._slot is not None:
            # Other workers may have queued work: ask the engine to pull
            # (Scrapy's own heartbeat polls only every 5 s).
            engine._slot.nextcall.schedule()

    def enqueue_request(self, request) -> bool:
        if request.dont_filter:  # no seen mark to keep in step with: one ZADD
            self.queue.push(request)
        elif not self._enqueue(keys=[self.df.key, self.queue.key],
                               args=[self.df.request_fingerprint(request), -request.priority,
                                     self.queue._encode_request(request)]):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def has_pending_requests(self):
        pending, others = self.status()
        return pending > 0 or others > 0

    def pages_stored(self, urls) -> None:
        self.queue.ack(urls, stored=True)

    def ack_discovery(self, request) -> None:
        if "wa_kind" not in request.meta:  # pages are acknowledged when stored
            self.queue.ack([original_url(request)])

    def close(self, reason):
        if self.ticker.running:
            self.ticker.stop()
        left = self.server.zcard(self.queue.leased_key)
        pipe = self.server.pipeline()
        if reason == "finished":
            # Nothing is in flight: a lease left is an acknowledgement missed.
            pipe.delete(self.queue.leased_key)
            pipe.hset(keys.RUN, mapping={"status": "finished", "finished_at": keys.utcnow()})
        pipe.delete(keys.alive(self.worker))
        pipe.execute()
        if reason != "finished" and left:
            logger.warning("frontier: %d request(s) not stored here go back to the queue", left)
        self.status()  # reaps this worker: what it still held goes back to the queue
        return super().close(reason)


def scheduler_of(crawler):
    engine = crawler.engine
    scheduler = engine._slot.scheduler if engine is not None and engine._slot is not None else None
    return scheduler if isinstance(scheduler, FrontierScheduler) else None


class DiscoveryAckMiddleware:
    """Acknowledges robots.txt, sitemap and tdmrep requests once their
    callback's output (the links they list) has been queued."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _ack(self, response) -> None:
        scheduler = scheduler_of(self.crawler)
        if scheduler is not None and response.request is not None:
            scheduler.ack_discovery(response.request)

    def process_spider_output(self, response, result):
        yield from result
        self._ack(response)

    async def process_spider_output_async(self, response, result):
        async for output in result:
            yield output
        self._ack(response)
