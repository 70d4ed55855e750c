"""The frontier's Redis keys, the logical crawl run, and the queue's state.

One Redis database holds one campaign: one logical crawl run shared by every
worker (its id is recorded in every shard's ``crawl_runs.frontier_run``).
Start a new campaign in another database (``redis://HOST:PORT/1``) or after
``FLUSHDB``.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wellness_archiver.crawler.settings import read

if TYPE_CHECKING:
    import redis

PREFIX = "wellness"
RUN = f"{PREFIX}:run"  # hash: id, started_at, status
SEEDS = f"{PREFIX}:seeds"  # set: every seed given to any worker
PENDING = f"{PREFIX}:pending"  # sorted set (scrapy-redis PriorityQueue): serialized requests
SEEN = f"{PREFIX}:seen"  # set (scrapy-redis RFPDupeFilter): request fingerprints
DONE = f"{PREFIX}:done"  # set: URLs whose page a worker committed to its shard
WORKERS = f"{PREFIX}:workers"  # hash: worker id -> JSON (machine, pid, shard, started_at)


def leased(worker: str) -> str:
    """Sorted set of the requests a worker took and has not committed yet."""
    return f"{PREFIX}:leased:{worker}"


def alive(worker: str) -> str:
    """The worker's lease: a key that expires unless its heartbeat renews it."""
    return f"{PREFIX}:alive:{worker}"


def host_next(host: str) -> str:
    return f"{PREFIX}:host:{host}:next"  # ms (Redis clock) before which nothing is sent to host


def host_active(host: str) -> str:
    return f"{PREFIX}:host:{host}:active"  # sorted set: request tokens in flight, scored by expiry


class FrontierError(Exception):
    """The frontier URL is wrong or its Redis cannot be reached."""


def connect(url: str) -> redis.Redis:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise FrontierError(f"not a Redis URL: {url!r} (expected redis://HOST:PORT/DB)")
    import redis  # here: a crawl that is no frontier worker never loads it (~0.15 s)

    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        server.ping()
    except (redis.RedisError, ValueError) as ex:
        raise FrontierError(f"cannot reach the frontier at {url}: {ex}") from None
    return server


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def join_run(server: redis.Redis, seeds: list[str]) -> tuple[str, list[str]]:
    """The campaign's run id (created by the first worker) and all its seeds so far."""
    server.hsetnx(RUN, "id", f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}")
    server.hsetnx(RUN, "started_at", utcnow())
    if seeds:
        server.sadd(SEEDS, *seeds)
    run_id = server.hget(RUN, "id").decode()
    return run_id, sorted(s.decode() for s in server.smembers(SEEDS))


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}"


def register_worker(server: redis.Redis, worker: str, shard: str, lease_ms: int) -> None:
    info = {"machine": socket.gethostname(), "pid": os.getpid(), "shard": os.path.abspath(shard), "started_at": utcnow()}
    pipe = server.pipeline()
    pipe.hset(WORKERS, worker, json.dumps(info))
    pipe.set(alive(worker), int(time.time()), px=lease_ms)
    pipe.execute()


def configure_worker(settings, url: str) -> None:
    """Make a crawl's settings those of a frontier worker (used by the addon)."""
    server = connect(url)
    run_id, _ = join_run(server, [])
    worker = read(settings).worker_id or new_worker_id()
    for name, value in {
        "SCHEDULER": "wellness_archiver.crawler.frontier.scheduler.FrontierScheduler",
        "SCHEDULER_QUEUE_CLASS": "wellness_archiver.crawler.frontier.queue.ReliablePriorityQueue",
        "SCHEDULER_QUEUE_KEY": PENDING,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": SEEN,
        "SCHEDULER_PERSIST": True,  # the queue outlives each worker
        "REDIS_URL": url,
        "WELLNESS_FRONTIER_RUN": run_id,
        "WELLNESS_WORKER_ID": worker,
    }.items():
        settings.set(name, value, priority="cmdline")
    settings["DOWNLOADER_MIDDLEWARES"] = {
        **settings.getdict("DOWNLOADER_MIDDLEWARES"),
        # Closest to the network: the shared gate is taken just before sending.
        "wellness_archiver.crawler.frontier.polite.SharedPolitenessMiddleware": 950,
    }
    settings["SPIDER_MIDDLEWARES"] = {
        **settings.getdict("SPIDER_MIDDLEWARES"),
        "wellness_archiver.crawler.frontier.scheduler.DiscoveryAckMiddleware": 10,
    }


def frontier_status(server: redis.Redis) -> dict:
    """Pending, leased and done requests, per host, and the workers (alive or not)."""
    import pickle
    from collections import Counter

    def host_of(data: bytes) -> str:
        try:
            return urlsplit(pickle.loads(data)["url"]).netloc
        except Exception:  # noqa: BLE001 - a foreign entry: counted, not fatal
            return "?"

    per_host: dict[str, Counter] = {}

    def count(kind: str, members) -> None:
        for data in members:
            per_host.setdefault(host_of(data), Counter())[kind] += 1

    # Per host: a scan of the queue (ZSCAN, in pages) - O(queue), for humans.
    count("pending", (member for member, _ in server.zscan_iter(PENDING, count=1000)))
    workers = []
    for worker, info in sorted(server.hgetall(WORKERS).items()):
        worker = worker.decode()
        members = [member for member, _ in server.zscan_iter(leased(worker), count=1000)]
        count("leased", members)
        ttl = server.pttl(alive(worker))
        workers.append({"worker": worker, **json.loads(info), "alive": ttl > 0,
                        "lease_ms_left": max(ttl, 0), "leased": len(members)})
    for url in server.sscan_iter(DONE, count=1000):
        per_host.setdefault(urlsplit(url.decode()).netloc, Counter())["done"] += 1
    run = {k.decode(): v.decode() for k, v in server.hgetall(RUN).items()}
    return {
        "run": run.get("id"),
        "status": run.get("status", "running" if run else None),
        "started_at": run.get("started_at"),
        "seeds": sorted(s.decode() for s in server.smembers(SEEDS)),
        "pending": server.zcard(PENDING),
        "leased": sum(w["leased"] for w in workers),
        "done": server.scard(DONE),
        "seen": server.scard(SEEN),
        "hosts": {host: {k: c.get(k, 0) for k in ("pending", "leased", "done")} for host, c in sorted(per_host.items())},
        "workers": workers,
    }
