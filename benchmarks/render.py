"""What `crawl --render auto` costs a crawl of ordinary blogs (no app shell), in one run.

Crawls the six demo blogs (127.0.0.1 only) with `--render never` and
`--render auto`, alternating, and compares wall time; then times the
app-shell scan (`app_shell_marker`) on every demo page. Ratios, not absolute
times, are the result: the machine is shared.

    python benchmarks/render.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

from wellness_archiver.demo_site.server import DemoSites
from wellness_archiver.crawler.spiders.render import app_shell_marker

FAST = ["--allow-private", "--contact", "bench@wellness-archiver.invalid", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl(urls: list[str], mode: str, work: Path) -> float:
    db = work / f"{mode}-{time.monotonic_ns()}.db"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "wellness_archiver", "crawl", *urls, "--db", str(db),
                           "--render", mode, *FAST], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{mode} crawl failed: {proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with DemoSites() as sites, tempfile.TemporaryDirectory() as tmp:
        urls = list(sites.urls.values())
        times: dict[str, list[float]] = {"never": [], "auto": []}
        for _ in range(args.rounds):
            for mode in ("never", "auto"):
                times[mode].append(crawl(urls, mode, Path(tmp)))
        bodies = [page.body for pages in sites.pages.values() for page in pages.values()
                  if page.content_type.startswith("text/html")]
    shells = sum(1 for body in bodies if app_shell_marker(body))
    # Per page, the best of 5 (a scan is short: one GC pause would be most of a single timing).
    scan = statistics.mean(min(timeit.repeat(lambda b=body: app_shell_marker(b), number=1, repeat=5))
                           for body in bodies)
    never, auto = statistics.median(times["never"]), statistics.median(times["auto"])
    print(f"crawl of 6 demo blogs, median of {args.rounds}: never {never:.2f} s, auto {auto:.2f} s, "
          f"ratio auto/never {auto / never:.3f}")
    print(f"app-shell scan: {scan * 1e6:.0f} us per page over {len(bodies)} pages "
          f"({sum(map(len, bodies)) / len(bodies) / 1024:.0f} KiB mean); pages taken for shells: {shells}")


if __name__ == "__main__":
    main()
