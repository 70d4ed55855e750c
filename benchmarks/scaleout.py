"""Scale-out benchmark: 1, 2 and 3 frontier workers on the 2,000-post nginx site.

    python benchmarks/scaleout.py [--posts 2000] [--workers 1,2,3]

For each worker count: a fresh redis-server on 127.0.0.1 (free port, nothing
on disk), the site served by nginx (sitegen.py, as crawl.py), N
``wellness-archiver crawl --frontier`` processes started together with the
fast fetch settings of crawl.py (one host: the shared per-host gate allows
CONCURRENT_REQUESTS_PER_DOMAIN=32 across all workers). Measured: wall time
until the last worker exits, posts/s, CPU per post of all workers and their
extraction processes (getrusage of reaped children), Redis memory per queued
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


def run_workers(origin: str, n: int, n_posts: int) -> dict:
    workdir = OUT / f"scaleout-{n}"
    workdir.mkdir(parents=True, exist_ok=True)
    shards = [workdir / f"shard{i}.db" for i in range(n)]
    for shard in shards:
        crawl.remove_db(shard)
    server = RedisServer(workdir)
    exe = crawl.real_cli() or "wellness-archiver"
    try:
        base = [exe, "crawl", "--allow-private", "--frontier", server.url, *crawl.settings_args(),
                "-s", "LOG_LEVEL=WARNING"]
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        procs = [subprocess.Popen([*base, origin + "/", "--db", str(shards[0])],
                                  stdout=subprocess.DEVNULL, stderr=open(workdir / "worker0.log", "wb"))]
        while not server.client.scard("wellness:seeds"):
            time.sleep(0.02)
        procs += [subprocess.Popen([*base, "--db", str(shard)], stdout=subprocess.DEVNULL,
                                   stderr=open(workdir / f"worker{i}.log", "wb"))
                  for i, shard in enumerate(shards[1:], 1)]
        peak_pending, bytes_per_request = 0, None
        while any(p.poll() is None for p in procs):
            pending = server.client.zcard("wellness:pending")
            if pending > max(peak_pending, 50):
                peak_pending = pending
                bytes_per_request = server.client.memory_usage("wellness:pending", samples=0) / pending
            time.sleep(0.5)
        wall = time.perf_counter() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        seen = server.client.scard("wellness:seen")
        seen_bytes = server.client.memory_usage("wellness:seen", samples=0)
        done_bytes = server.client.memory_usage("wellness:done", samples=0)
    finally:
        server.stop()
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    posts = sum(crawl.count_rows(shard, "articles")[0] for shard in shards)
    merged = workdir / "merged.db"
    crawl.remove_db(merged)
    t1 = time.perf_counter()
    subprocess.run([exe, "merge", str(merged), *map(str, shards)], check=True, stdout=subprocess.DEVNULL)
    merge_s = time.perf_counter() - t1
    merged_posts = crawl.count_rows(merged, "articles")[0]
    return {
        "workers": n, "exit_codes": [p.returncode for p in procs], "wall_s": round(wall, 2),
        "posts_stored": posts, "merged_posts": merged_posts, "complete": merged_posts >= n_posts,
        "posts_per_s": round(posts / wall, 2), "cpu_s": round(cpu, 2),
        "cpu_ms_per_post": round(cpu * 1000 / posts, 2) if posts else None,
        "redis_bytes_per_pending_request": round(bytes_per_request, 1) if bytes_per_request else None,
        "peak_pending": peak_pending, "redis_bytes_per_seen_url": round(seen_bytes / seen, 1) if seen else None,
        "redis_bytes_per_done_url": round(done_bytes / max(1, merged_posts), 1),
        "shard_mb": [round(s.stat().st_size / 2**20, 1) for s in shards],
        "merged_mb": round(merged.stat().st_size / 2**20, 1),
        "merge_s": round(merge_s, 2), "merge_posts_per_s": round(merged_posts / merge_s, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", default="1,2,3", help="worker counts to run, comma-separated")
    args = ap.parse_args(argv)
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
            result = run_workers(origin, n, args.posts)
            print(json.dumps(result), flush=True)
            runs.append(result)
    finally:
        crawl.stop_nginx(nginx)
    (OUT / "scaleout-result.json").write_text(json.dumps(runs, indent=2))
    print(f"\n{'workers':>7} {'wall s':>7} {'posts/s':>8} {'CPU ms/post':>11} {'merge s':>7}")
    for r in runs:
        print(f"{r['workers']:>7} {r['wall_s']:>7} {r['posts_per_s']:>8} {r['cpu_ms_per_post']!s:>11} {r['merge_s']:>7}")
    return 0 if all(r["complete"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
