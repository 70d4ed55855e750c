"""Scale-out benchmark: 1, 2 and 3 frontier workers on the 2,000-post nginx site.

    python benchmarks/scaleout.py [--posts 2000] [--workers 1,2,3]

For each worker count: a fresh redis-server on 127.0.0.1 (free port, nothing
on disk), the site served by nginx (sitegen.py, as crawl.py), N
``wellness-archiver crawl --frontier`` processes started together with the
fast fetch settings of crawl.py (one host: the shared per-host gate allows
CONCURRENT_REQUESTS_PER_DOMAIN=32 across all workers). Measured: wall time
until the last worker exits, posts/s, CPU per post of all workers and their
extraction processes (crawl.py's sampling of the whole process tree), Redis memory per queued
request (sampled MEMORY USAGE of the pending queue) and per seen URL, shard
sizes, and the time to merge the N shards. Writes
benchmarks/out/scaleout-result.json.

Only 127.0.0.1 is contacted. On a shared 2-core machine the figures are
CPU-bound: read them as ratios between worker counts measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "tests"))
import crawl  # noqa: E402
from redis_server import RedisServer  # noqa: E402

OUT = crawl.OUT


def launch(redis_url: str, origin: str, shards: list[str]) -> int:
    """Start the workers together (seeds to the first), wait for all: the process
    tree that ``crawl.measure`` samples."""
    import redis

    client = redis.Redis.from_url(redis_url)
    exe = crawl.real_cli() or "wellness-archiver"
    base = [exe, "crawl", "--allow-private", "--contact", "bench@wellness-archiver.invalid",
            "--frontier", redis_url, *crawl.settings_args(), "-s", "LOG_LEVEL=WARNING"]
    procs = [subprocess.Popen([*base, origin + "/", "--db", shards[0]], stdout=subprocess.DEVNULL)]
    while not client.scard("wellness:seeds") and procs[0].poll() is None:
        time.sleep(0.02)
    procs += [subprocess.Popen([*base, "--db", shard], stdout=subprocess.DEVNULL) for shard in shards[1:]]
    codes = [p.wait() for p in procs]
    print("exit codes:", codes)
    return max(codes)


def run_workers(origin: str, n: int, n_posts: int, nginx) -> dict:
    workdir = OUT / f"scaleout-{n}"
    workdir.mkdir(parents=True, exist_ok=True)
    shards = [workdir / f"shard{i}.db" for i in range(n)]
    for shard in shards:
        crawl.remove_db(shard)
    server = RedisServer(workdir)
    samples: list[tuple[int, int]] = []  # (pending, bytes of the pending set)

    def sample_queue():
        while not done.is_set():
            pending = server.client.zcard("wellness:pending")
            if pending > 50:
                samples.append((pending, server.client.memory_usage("wellness:pending", samples=0)))
            done.wait(1.0)

    import threading

    done = threading.Event()
    sampler = threading.Thread(target=sample_queue, daemon=True)
    sampler.start()
    try:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--launch", server.url, origin, *map(str, shards)]
        result = crawl.measure(f"{n} worker(s)", cmd, workdir, workdir / "workers.log", 3600, nginx)
        done.set()
        sampler.join()
        seen = server.client.scard("wellness:seen")
        seen_bytes = server.client.memory_usage("wellness:seen", samples=0)
        done_urls = server.client.scard("wellness:done")
        done_bytes = server.client.memory_usage("wellness:done", samples=0)
    finally:
        done.set()
        server.stop()
    result["posts_stored"] = sum(crawl.count_rows(shard, "articles")[0] for shard in shards)
    crawl.finish(result, n_posts)
    merged = workdir / "merged.db"
    crawl.remove_db(merged)
    exe = crawl.real_cli() or "wellness-archiver"
    t1 = time.perf_counter()
    subprocess.run([exe, "merge", str(merged), *map(str, shards)], check=True, stdout=subprocess.DEVNULL)
    merge_s = time.perf_counter() - t1
    merged_posts = crawl.count_rows(merged, "articles")[0]
    peak = max(samples, default=None)
    result.update({
        "workers": n, "merged_posts": merged_posts, "complete": merged_posts >= n_posts,
        "peak_pending": peak[0] if peak else 0,
        "redis_bytes_per_pending_request": round(peak[1] / peak[0], 1) if peak else None,
        "redis_bytes_per_seen_url": round(seen_bytes / seen, 1) if seen else None,
        "redis_bytes_per_done_url": round(done_bytes / done_urls, 1) if done_urls else None,
        "shard_mb": [round(s.stat().st_size / 2**20, 1) for s in shards],
        "merged_mb": round(merged.stat().st_size / 2**20, 1),
        "merge_s": round(merge_s, 2), "merge_posts_per_s": round(merged_posts / merge_s, 1),
    })
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", default="1,2,3", help="worker counts to run, comma-separated")
    ap.add_argument("--launch", nargs="+", help=argparse.SUPPRESS)  # internal: REDIS_URL ORIGIN SHARD...
    args = ap.parse_args(argv)
    if args.launch:
        return launch(args.launch[0], args.launch[1], args.launch[2:])
    OUT.mkdir(parents=True, exist_ok=True)
    site, manifest, _ = crawl.ensure_site(args.posts, args.seed)
    port = crawl.free_port()
    origin = f"http://127.0.0.1:{port}"
    crawl.sitegen.restamp(site, origin)  # pages and sitemaps name the origin served now
    os.sync()
    crawl.warm_page_cache(site)
    nginx = crawl.start_nginx(site, port)
    runs = []
    try:
        for n in (int(x) for x in args.workers.split(",")):
            result = run_workers(origin, n, args.posts, nginx)
            print(json.dumps(result), flush=True)
            runs.append(result)
    finally:
        crawl.stop_nginx(nginx)
    (OUT / "scaleout-result.json").write_text(json.dumps(runs, indent=2))
    print(f"\n{'workers':>7} {'wall s':>7} {'posts/s':>8} {'CPU ms/post':>11} {'peak RSS MB':>11} {'merge s':>7}")
    for r in runs:
        print(f"{r['workers']:>7} {r['wall_s']:>7} {r['posts_per_s']:>8} {r['cpu_ms_per_post']!s:>11} "
              f"{r['peak_rss_mb']:>11} {r['merge_s']:>7}")
    return 0 if all(r["complete"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
