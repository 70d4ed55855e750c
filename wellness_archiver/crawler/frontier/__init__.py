"""A shared crawl frontier in Redis: many workers, one polite crawler.

``crawl --frontier redis://HOST:PORT/DB --db SHARD.db`` runs this process as
one worker of a crawl whose queue and dupefilter live in Redis (scrapy-redis'
Scheduler, PriorityQueue and RFPDupeFilter, extended here where they fall
short). Each worker writes its own archive shard; ``merge`` folds the shards.

- ``keys``: every Redis key the frontier uses, and the logical run.
- ``queue``: a reliable queue: a pop moves the request into the worker's
  lease set; it leaves it only once the page is committed to the shard. A
  worker whose heartbeat lapses (SIGKILL, lost machine) has its leases put
  back into the queue by the others.
- ``scheduler``: the scheduler (heartbeat, reaping, closing when the whole
  frontier is done) and the spider middleware acknowledging discovery
  requests.
- ``polite``: per-host delay, concurrency, Crawl-delay and Retry-After held
  across all workers (a next-allowed time per host, set atomically in Lua).
"""

from wellness_archiver.crawler.frontier.keys import FrontierError, configure_worker, frontier_status, join_run

__all__ = ["FrontierError", "configure_worker", "frontier_status", "join_run"]
