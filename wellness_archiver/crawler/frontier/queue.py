"""scrapy-redis' PriorityQueue made reliable: a pop is a lease, not a removal.

scrapy-redis pops a request out of Redis for good: a worker killed before
storing the page loses it. Here a pop moves the request, atomically (Lua),
from the pending sorted set into the worker's lease set, with its priority;
``ack`` removes it once the page is committed to the worker's shard (or, for
sitemaps and robots.txt, once their links are queued). The scheduler puts
the leases of a worker whose heartbeat lapsed back into the pending set.
"""

from __future__ import annotations

from scrapy_redis.queue import PriorityQueue

from wellness_archiver.crawler.frontier import keys
from wellness_archiver.crawler.settings import read

# Lowest score first, as PriorityQueue.pop (score = -priority).
POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('ZADD', KEYS[2], top[2], top[1])
return top[1]
"""


def original_url(request) -> str:
    """The URL a request was first made for: its page row's ``url`` (redirects and retries keep it)."""
    return request.meta.get("redirect_urls", [request.url])[0]


class ReliablePriorityQueue(PriorityQueue):
    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.worker = read(spider.settings).worker_id
        self.leased_key = keys.leased(self.worker)
        self._pop = server.register_script(POP)
        self.leases: dict[str, list[bytes]] = {}  # original URL -> serialized requests taken for it

    def pop(self, timeout=0):
        while True:
            data = self._pop(keys=[self.key, self.leased_key])
            if not data:
                return None
            request = self._decode_request(data)
            url = original_url(request)
            self.leases.setdefault(url, []).append(data)
            # A page another worker already committed (it died before
            # acknowledging, and its lease came back): not fetched again.
            if "wa_kind" in request.meta and self.server.sismember(keys.DONE, url):
                self.ack([url])
                continue
            return request

    def ack(self, urls, stored: bool = False) -> None:
        pipe = self.server.pipeline(transaction=False)
        for url in urls:
            for data in self.leases.pop(url, ()):
                pipe.zrem(self.leased_key, data)
        if stored and urls:
            pipe.sadd(keys.DONE, *urls)
        pipe.execute()
