"""Peak RSS of our crawl against the size of the site.

    python benchmarks/rss_scale.py [--posts 2000,50000] [--runs 5] [--time-limit 900] [--out FILE]

For each size, crawls the generated N-post site (sitegen.py, nginx on
127.0.0.1 as ``bench.localhost``, crawl.py's fetch settings) with
``wellness-archiver crawl`` and samples the whole process tree every 0.1 s
(crawl.py's ``measure``: peak of the summed RSS). Every 5 s it also records
(seconds, RSS of the tree, posts stored so far), so memory can be read
against progress. A crawl that has not finished at ``--time-limit`` seconds
gets SIGINT (Scrapy's graceful stop: in-flight requests finish, the stats
are dumped), then SIGKILL after ``--grace`` seconds; the report gives posts
stored and, when the log has Scrapy's stats dump, the scheduler's
enqueued/dequeued counts (pending = enqueued - dequeued: URLs still queued
at the stop). An interrupted crawl of ours ends without that dump: then only
the last "Crawled N pages" line is known.

The 50,000-post site is ~7.5 GB and its archive ~2 GB: both are deleted
afterwards unless --keep (the site cache for sizes up to 5,000 is kept).
"""

from __future__ import annotations

import argparse
import json
import statistics
import os
import re
import shutil
import signal
import sqlite3
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import crawl  # noqa: E402

psutil = crawl.psutil
OUT = crawl.OUT / "rss"
TARGET_RSS_MB = 400
KEEP_SITE_MAX = 5000


def count_articles(db: Path) -> int | None:
    if not db.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("select count(*) from articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def tree_rss(pid: int) -> int:
    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


STAT = re.compile(r"'(scheduler/enqueued|scheduler/dequeued|downloader/request_count|item_scraped_count|"
                  r"response_received_count|finish_reason)':\s*('?[^,\n]+'?)")


LOGSTATS = re.compile(r"Crawled (\d+) pages \(at \d+ pages/min\), scraped (\d+) items")


def parse_stats(log: Path) -> dict:
    """The last Scrapy stats dump in the log (counts and finish reason), and
    the last periodic "Crawled N pages" line (an interrupted crawl of ours
    ends without a stats dump, so then only that is known)."""
    out: dict = {}
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return out
    last = LOGSTATS.findall(text)
    if last:
        out["logstats_pages_crawled"], out["logstats_items"] = map(int, last[-1])
    dump = text.rsplit("Dumping Scrapy stats", 1)
    if len(dump) < 2:
        return out
    for k, v in STAT.findall(dump[1]):
        v = v.strip().strip("'")
        out[k] = int(v) if v.isdigit() else v
    if "scheduler/enqueued" in out and "scheduler/dequeued" in out:
        out["pending"] = out["scheduler/enqueued"] - out["scheduler/dequeued"]
    return out


def crawl_size(n: int, seed: int, time_limit: float, grace: float, keep: bool, hide: str = "",
               runs: int = 1) -> list[dict]:
    """``runs`` crawls of the N-post site, restamped once (one port for all of them)."""
    site, manifest, _ = crawl.ensure_site(n, seed)
    port = crawl.free_port()
    origin = f"http://{crawl.HOST}:{port}"
    t = time.perf_counter()
    crawl.sitegen.restamp(site, origin)
    print(f"  restamped in {time.perf_counter() - t:.0f} s", flush=True)
    os.sync()
    if n <= 20000:
        crawl.warm_page_cache(site)  # larger sites need not fit in the page cache
    try:
        return [_crawl_once(n, site, port, time_limit, grace, hide) for _ in range(runs)]
    finally:
        if n > KEEP_SITE_MAX and not keep:
            shutil.rmtree(site, ignore_errors=True)
            print(f"  deleted {site}", flush=True)


def _crawl_once(n: int, site: Path, port: int, time_limit: float, grace: float, hide: str) -> dict:
    origin = f"http://{crawl.HOST}:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"real-n{n}.db"
    crawl.remove_db(db)
    log = OUT / f"real-n{n}.log"
    nginx = crawl.start_nginx(site, port)
    timeline: list[dict] = []
    stop = threading.Event()
    stopped_at: dict = {}

    started: dict = {}

    def watch():
        t0 = time.perf_counter()
        while not stop.wait(5):
            pid = started.get("pid")
            elapsed = time.perf_counter() - t0
            if pid:
                timeline.append({"s": round(elapsed, 1), "rss_mb": round(tree_rss(pid) / 2**20, 1),
                                 "posts": count_articles(db), "load": round(os.getloadavg()[0], 2)})
                if elapsed > time_limit and "sigint_s" not in stopped_at:
                    stopped_at["sigint_s"] = round(elapsed, 1)
                    stopped_at["posts_at_sigint"] = count_articles(db)
                    try:
                        os.kill(pid, signal.SIGINT)  # the crawl's own process only
                    except ProcessLookupError:
                        pass

    # crawl.measure spawns the child: learn its pid by wrapping psutil.Popen
    # while measure runs in this thread and the watcher in another.
    orig_popen = psutil.Popen

    def popen(*a, **kw):
        p = orig_popen(*a, **kw)
        started["pid"] = p.pid
        return p

    psutil.Popen = popen
    w = threading.Thread(target=watch, daemon=True)
    w.start()
    try:
        cmd = crawl.real_cmd(origin, db)
        if cmd is None:
            sys.exit("wellness-archiver is not installed (pip install -e .)")
        env = crawl.contender_env()
        if hide:
            env["BENCH_HIDE_MODULES"] = hide
        r = crawl.measure(f"real n={n}" + (f" without {hide}" if hide else ""), cmd, crawl.REPO, log,
                          time_limit + grace, nginx, env=env)
    finally:
        psutil.Popen = orig_popen
        stop.set()
        w.join()
        crawl.stop_nginx(nginx)
    r["posts_site"] = n
    r["hidden_modules"] = hide or None
    r["posts_stored"] = count_articles(db) or 0
    r["complete"] = r["posts_stored"] >= n
    r["stopped"] = stopped_at or None
    r["stats"] = parse_stats(log)
    r["timeline"] = timeline
    r["db_mb"] = round(sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())
                       / 2**20, 1)
    crawl.remove_db(db)
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", default="2000,50000", help="comma-separated site sizes (default 2000,50000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=900, help="seconds per crawl before SIGINT (default 900)")
    ap.add_argument("--grace", type=float, default=180, help="seconds after SIGINT before SIGKILL (default 180)")
    ap.add_argument("--runs", type=int, default=1, help="crawls per size (default 1)")
    ap.add_argument("--keep", action="store_true", help="keep the sites over 5,000 posts")
    ap.add_argument("--hide-modules", default="",
                    help="comma-separated modules the crawl's processes may not import (e.g. pandas), "
                         "to measure it as in an environment without them")
    ap.add_argument("--out", type=Path, default=crawl.OUT / "rss-result.json")
    args = ap.parse_args(argv)
    crawl.install_local_resolver()
    results = []
    for n in (int(x) for x in args.posts.split(",") if x.strip()):
        print(f"\n#### {n} posts", flush=True)
        for r in crawl_size(n, args.seed, args.time_limit, args.grace, args.keep, args.hide_modules, args.runs):
            results.append(r)
            _report(r, n)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps({"results": results, "target_rss_mb": TARGET_RSS_MB,
                                            "command": ["rss_scale.py", *(argv if argv is not None else sys.argv[1:])],
                                            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, indent=2))
    print(f"\nresult written to {args.out}")
    for n in sorted({r["posts_site"] for r in results}):
        peaks = sorted(r["peak_rss_mb"] for r in results if r["posts_site"] == n)
        ok = peaks[-1] < TARGET_RSS_MB
        print(f"n={n}: peak RSS median {statistics.median(peaks):.0f} MB ({peaks[0]:.0f}-{peaks[-1]:.0f}, "
              f"{len(peaks)} runs; target < {TARGET_RSS_MB}) {'PASS' if ok else 'FAIL'}, posts "
              + ", ".join(str(r["posts_stored"]) for r in results if r["posts_site"] == n))
    return 0


def _report(r: dict, n: int) -> None:
    st = r["stats"]
    print(f"  stored {r['posts_stored']}/{n} in {r['wall_s']:.0f} s, peak RSS {r['peak_rss_mb']:.0f} MB "
          f"(largest single process {r['max_single_rss_mb']:.0f} MB), {r['peak_processes']} processes, "
          f"load {r['load_start']}-{r['load_end']}"
          + (f"; stopped at {r['stopped']['sigint_s']} s with {r['stopped']['posts_at_sigint']} posts"
             if r["stopped"] else "")
          + (f"; scheduler enqueued {st.get('scheduler/enqueued')} dequeued {st.get('scheduler/dequeued')}"
             f" pending {st.get('pending')}" if st else ""), flush=True)
    for p in r["timeline"][:: max(1, len(r["timeline"]) // 12)]:
        print(f"    {p['s']:7.0f} s  {p['rss_mb']:6.0f} MB  posts {p['posts']}  load {p['load']}")


if __name__ == "__main__":
    sys.exit(main())
