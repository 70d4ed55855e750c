"""Re-extraction benchmark: ``wellness-archiver reextract`` vs plain trafilatura.

    python benchmarks/reextract.py [--captures 600] [--runs 5] [--out FILE]

1. Builds (once, cached in benchmarks/out/reextract/) an archive of N stored
   captures: a crawl of ours over the generated N-post site (sitegen.py,
   nginx on 127.0.0.1, as in crawl.py).
2. Per run, on a fresh copy of that archive: ``wellness-archiver reextract
   COPY.db`` (a child process: start-up, reading, extraction on every core,
   writing, the duplicates refresh) and trafilatura_pool.py (plain
   ``trafilatura.extract`` with metadata to JSON in a 2-process pool over the
   same captures, read from the same archive, nothing written), alternating
   which goes first. Both are sampled like crawl.py's contenders (wall, CPU,
   peak RSS of the process tree, load average).
3. Prints docs/s (captures / wall seconds) per contender, median and range
   over the runs, and the ratio ours/trafilatura per run; writes
   benchmarks/out/reextract-result.json (or --out).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import crawl  # noqa: E402

OUT = crawl.OUT
TARGET_RATIO = 0.8  # ours docs/s over the trafilatura pool's (issue 16)


def build_archive(n: int, seed: int) -> Path:
    """An archive of our crawl of the n-post site (cached)."""
    db = OUT / "reextract" / f"n{n}-s{seed}.db"
    if db.exists():
        return db
    db.parent.mkdir(parents=True, exist_ok=True)
    crawl.install_local_resolver()
    site, manifest, _ = crawl.ensure_site(n, seed)
    port = crawl.free_port()
    origin = f"http://{crawl.HOST}:{port}"
    crawl.sitegen.restamp(site, origin)
    nginx = crawl.start_nginx(site, port)
    tmp = db.with_suffix(".building.db")
    crawl.remove_db(tmp)
    try:
        cmd = crawl.real_cmd(origin, tmp)
        if cmd is None:
            sys.exit("wellness-archiver is not installed (pip install -e .)")
        r = crawl.measure("build archive", cmd, crawl.REPO, OUT / "reextract" / "build.log", 3600, nginx,
                          env=crawl.contender_env())
    finally:
        crawl.stop_nginx(nginx)
    if r["returncode"] != 0:
        sys.exit(f"the crawl that builds the archive failed; see {r['log']}")
    con = sqlite3.connect(tmp)
    con.execute("pragma wal_checkpoint(truncate)")
    con.close()
    crawl.remove_db(db)
    os.replace(tmp, db)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    return db


def post_captures(db: Path) -> int:
    sys.path.insert(0, str(BENCH))
    from trafilatura_pool import POST_CAPTURES
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return len(con.execute(POST_CAPTURES).fetchall())
    finally:
        con.close()


def run_ours(src: Path, n: int) -> dict:
    work = OUT / "reextract" / "work.db"
    crawl.remove_db(work)
    shutil.copyfile(src, work)
    exe = crawl.real_cli() or "wellness-archiver"
    r = crawl.measure("ours", [exe, "reextract", str(work)], crawl.REPO, OUT / "reextract" / "ours.log",
                      3600, None, env=crawl.contender_env())
    con = sqlite3.connect(f"file:{work}?mode=ro", uri=True)
    try:
        row = con.execute("select count(*) from crawl_runs where kind = 'reextract'").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        con.close()
    r["reextract_runs_recorded"] = row[0] if row else None
    crawl.remove_db(work)
    r["docs"] = n
    return r


def run_pool(src: Path, n: int, workers: int) -> dict:
    log = OUT / "reextract" / "pool.log"
    r = crawl.measure("trafilatura pool", [sys.executable, str(BENCH / "trafilatura_pool.py"), str(src),
                                           "--workers", str(workers)],
                      OUT, log, 3600, None, env=crawl.contender_env())
    try:
        last = [ln for ln in log.read_text().splitlines() if ln.startswith("{")][-1]
        r["pool"] = json.loads(last)
        r["docs"] = r["pool"]["pages"]
    except (IndexError, ValueError):
        r["docs"] = 0
    return r


def rate(r: dict) -> float | None:
    return round(r["docs"] / r["wall_s"], 2) if r.get("docs") and r["wall_s"] and r["returncode"] == 0 else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--captures", type=int, default=600, help="posts crawled into the archive (default 600)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2, help="processes of the trafilatura pool (default 2)")
    ap.add_argument("--out", type=Path, default=OUT / "reextract-result.json")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    src = build_archive(args.captures, args.seed)
    n = post_captures(src)
    print(f"archive {src}: {n} post captures", flush=True)
    os.sync()
    rounds = []
    for k in range(args.runs):
        order = ["ours", "pool"] if k % 2 == 0 else ["pool", "ours"]
        runs = {name: (run_ours(src, n) if name == "ours" else run_pool(src, n, args.workers)) for name in order}
        for r in runs.values():
            r["docs_per_s"] = rate(r)
        ratio = (round(runs["ours"]["docs_per_s"] / runs["pool"]["docs_per_s"], 3)
                 if runs["ours"]["docs_per_s"] and runs["pool"]["docs_per_s"] else None)
        rounds.append({"round": k + 1, "order": order, "runs": list(runs.values()), "ratio": ratio})
        for name in order:
            r = runs[name]
            print(f"  run {k + 1} {name:5s} docs/s {r['docs_per_s']}  wall {r['wall_s']:.1f} s  CPU {r['cpu_s']:.1f} s  "
                  f"peak RSS {r['peak_rss_mb']:.0f} MB  load {r['load_start']:.2f}  exit {r['returncode']}",
                  flush=True)
        print(f"  run {k + 1} ratio ours/pool {ratio}", flush=True)

    summary = {}
    for name in ("ours", "trafilatura pool"):
        rs = [r for rd in rounds for r in rd["runs"] if r["name"] == name]
        summary[name] = {key: crawl.median_range([r.get(key) for r in rs])
                         for key in ("docs_per_s", "wall_s", "cpu_s", "peak_rss_mb", "load_start")}
    summary["ours/pool"] = crawl.median_range([rd["ratio"] for rd in rounds])
    print(f"\n== {n} captures, {len(rounds)} run(s): median (min-max)")
    for name in ("ours", "trafilatura pool"):
        s = summary[name]
        print(f"{name:16s} docs/s {crawl.fmt_mr(s['docs_per_s'])}  CPU s {crawl.fmt_mr(s['cpu_s'])}  "
              f"peak RSS MB {crawl.fmt_mr(s['peak_rss_mb'], 0)}  load {crawl.fmt_mr(s['load_start'], 2)}")
    if summary["ours/pool"]:
        v = summary["ours/pool"]
        print(f"ratio ours/pool: {crawl.fmt_mr(v, 2)} (target >= {TARGET_RATIO}) "
              f"{'PASS' if v['median'] >= TARGET_RATIO else 'FAIL'}")
    result = {"captures": n, "archive": str(src), "workers_pool": args.workers, "rounds": rounds,
              "summary": summary, "command": ["reextract.py", *(argv if argv is not None else sys.argv[1:])],
              "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"result written to {args.out}")
    return 0 if all(r["returncode"] == 0 for rd in rounds for r in rd["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
