"""Crawl benchmark: the real ``wellness-archiver crawl`` vs. a naive baseline
and the trafilatura command line.

    python benchmarks/crawl.py [--posts 2000] [--runs N] [--out FILE] [--profile]
                               [--keep] [--only naive|real|cli] [--strict]

One invocation:

1. generates (or reuses from benchmarks/out/site/n<N>/) a WordPress-like blog
   of N posts of ~150 KB each (see sitegen.py);
2. serves it with nginx on 127.0.0.1, on a free port picked now;
3. runs the naive baseline (naive_spider.py), the real crawler and the
   trafilatura CLI (``--sitemap URL --list``, then ``-i urls --with-metadata
   --json``), with the same fetch settings, each as a child process tree
   that is sampled every 0.1 s; with --runs N, N rounds (the order of the
   contenders rotates from round to round);
4. prints posts/s, CPU ms per post, peak RSS of the whole process tree and
   nginx's own CPU, and writes benchmarks/out/crawl-result.json.

Exit status: 0 when every run stored all N posts (and, with --strict, the
targets were met); 1 when a run stored fewer posts, the real crawler could
not be run, or (--strict) a target was missed; 2 on a setup error (no nginx,
nginx did not come up).

Nothing but 127.0.0.1 is contacted: the site, its sitemaps and every link in
it point at the local nginx, under the name ``bench.localhost`` (courlan, in
the trafilatura CLI, drops URLs whose host is an IP address). Every
contender, and this script, resolve names with localresolve/sitecustomize.py:
``bench.localhost`` and loopback literals only, any other name is refused
before a resolver is asked.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import statistics
import urllib.request
from pathlib import Path

try:
    import psutil
except ImportError:  # psutil is in the project's [test] extra
    sys.exit("crawl.py needs psutil: pip install psutil  (or pip install -e '.[test]')")

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
LOCALRESOLVE = BENCH / "localresolve"
sys.path.insert(0, str(BENCH))
import sitegen  # noqa: E402

HOST = "bench.localhost"  # resolved to 127.0.0.1 by localresolve/sitecustomize.py


def install_local_resolver() -> None:
    """Resolve names in this process as the contenders do (loopback only)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_localresolve", LOCALRESOLVE / "sitecustomize.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # installs itself unless already installed


def contender_env() -> dict[str, str]:
    """The environment of every contender: the loopback-only resolver first on
    PYTHONPATH, then the repository (so the checkout under test is imported)."""
    env = dict(os.environ)
    parts = [str(LOCALRESOLVE), str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    seen: list[str] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    env["PYTHONPATH"] = os.pathsep.join(seen)
    env.setdefault("BENCH_RESOLVE", f"{HOST}=127.0.0.1")
    return env


# The trafilatura CLI's own defaults wait SLEEP_TIME (5 s) between two requests
# to one host and refuse loopback addresses; the other contenders fetch with
# no delay from the local site, so the CLI gets the same.
TRAFILATURA_CONFIG = """\
[DEFAULT]
DOWNLOAD_TIMEOUT = 30
MAX_FILE_SIZE = 20000000
MIN_FILE_SIZE = 10
SLEEP_TIME = 0
USER_AGENTS =
COOKIE =
MAX_REDIRECTS = 2
SSRF_PROTECTION = off
INSECURE_SSL_FALLBACK = off
MIN_EXTRACTED_SIZE = 250
MIN_OUTPUT_SIZE = 1
MIN_OUTPUT_COMM_SIZE = 1
MAX_TREE_SIZE =
EXTRACTION_TIMEOUT = 30
MIN_DUPLCHECK_SIZE = 100
MAX_REPETITIONS = 2
EXTENSIVE_DATE_SEARCH = on
EXTERNAL_URLS = off
"""

POST_PATH = __import__("re").compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/$")

# Identical for both runs, so the comparison isolates extraction and storage
# design rather than politeness or concurrency choices.
FETCH_SETTINGS = {
    "ROBOTSTXT_OBEY": "True",
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "INFO",
    "HTTPCACHE_ENABLED": "False",
}

TARGET_RATIO = 2.3  # real posts/s over naive posts/s, same run
TARGET_RATIO_CLI = 1.5  # real posts/s over the trafilatura CLI's, same round (issue 16)
TARGET_RSS_MB = 400  # real crawl, all processes together
SAMPLE_INTERVAL = 0.1  # seconds between process-tree samples

NGINX_CONF = """\
# Written by benchmarks/crawl.py for one benchmark run.
daemon off;
master_process on;
worker_processes 2;
pid {out}/nginx.pid;
error_log {out}/nginx-error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    # Only the types the generated site uses; charset makes every page
    # "text/html; charset=utf-8" as WordPress sends it.
    types {{
        text/html html;
        application/xml xml;
        text/plain txt;
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/plain application/xml;  # text/html is implied

    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    open_file_cache max=10000 inactive=60s;

    # Temp paths inside benchmarks/out so nothing is written elsewhere.
    client_body_temp_path {out}/tmp/body;
    proxy_temp_path {out}/tmp/proxy;
    fastcgi_temp_path {out}/tmp/fastcgi;
    uwsgi_temp_path {out}/tmp/uwsgi;
    scgi_temp_path {out}/tmp/scgi;

    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        root {site};
        index index.html;
        location / {{
            try_files $uri $uri/ =404;
        }}
    }}
}}
"""


# --------------------------------------------------------------------------
# Site and server
# --------------------------------------------------------------------------


def ensure_site(n_posts: int, seed: int) -> tuple[Path, dict, bool]:
    """Return (site dir, manifest, was_generated_now)."""
    site = OUT / "site" / f"n{n_posts}"
    m = sitegen.read_manifest(site)
    if (m and m.get("generator_version") == sitegen.GENERATOR_VERSION
            and m.get("posts") == n_posts and m.get("seed") == seed):
        return site, m, False
    print(f"generating a {n_posts}-post site in {site} ...", flush=True)
    m = sitegen.generate(site, n_posts, seed)
    print(f"  generated in {m['generate_seconds']} s, mean post page {m['post_bytes_mean'] / 1024:.0f} KiB",
          flush=True)
    return site, m, True


def warm_page_cache(site: Path) -> int:
    """Read every file once so neither run pays for cold disk reads."""
    total = 0
    for dirpath, _, files in os.walk(site):
        for f in files:
            with open(os.path.join(dirpath, f), "rb") as fh:
                total += len(fh.read())
    return total


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(site: Path, port: int) -> psutil.Popen:
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
    if nginx is None:
        print("error: nginx is not installed. Install it with:\n"
              "    apt-get update && apt-get install -y nginx\n"
              "(only the binary is used; the system service need not run)", file=sys.stderr)
        sys.exit(2)
    ndir = OUT / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (ndir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    (ndir / "nginx-error.log").unlink(missing_ok=True)  # one run's log only
    conf = ndir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(out=ndir, port=port, site=site))
    # -e: the error log to use before the config is read (else /var/log/nginx).
    proc = psutil.Popen([nginx, "-p", str(ndir), "-c", str(conf), "-e", str(ndir / "nginx-error.log")],
                        stdout=subprocess.DEVNULL, stderr=open(ndir / "nginx-stderr.log", "wb"))
    deadline = time.monotonic() + 15
    url = f"http://127.0.0.1:{port}/robots.txt"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print(f"error: nginx exited with {proc.returncode}; see {ndir}/nginx-stderr.log and "
                  f"{ndir}/nginx-error.log", file=sys.stderr)
            sys.exit(2)
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    print(f"error: nginx did not answer on {url} within 15 s", file=sys.stderr)
    sys.exit(2)


def stop_nginx(proc: psutil.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGQUIT)  # graceful shutdown of master + workers
        try:
            proc.wait(10)
        except psutil.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def check_served(origin: str, post_path: str) -> None:
    """The site must look like the real thing on the wire, headers included."""
    with urllib.request.urlopen(origin + post_path, timeout=5) as r:
        ctype = r.headers.get("Content-Type", "")
        body = r.read()
    if ctype.lower().replace(" ", "") != "text/html;charset=utf-8":
        sys.exit(f"error: nginx serves posts as {ctype!r}, expected 'text/html; charset=utf-8'")
    if origin.encode() not in body:
        sys.exit(f"error: pages are not stamped with {origin}")


def tree_cpu(proc: psutil.Process | None) -> float:
    """user+system CPU seconds of a live process and its live descendants."""
    total = 0.0
    if proc is None:
        return 0.0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


# --------------------------------------------------------------------------
# Measuring one crawl
# --------------------------------------------------------------------------


def measure(name: str, cmd: list[str], cwd: Path, log: Path, timeout: float,
            nginx: psutil.Process | None, env: dict | None = None) -> dict:
    """Run ``cmd`` to completion, sampling its process tree.

    CPU: the authoritative total is getrusage(RUSAGE_CHILDREN) before/after,
    which counts every descendant once it has been reaped (the child reaps
    its own children, and we reap the child), including ones that lived
    between two samples. The per-PID sampled maximum is kept as a cross-check
    and as a fallback for descendants that were re-parented away from us.
    Memory: peak over samples of the *sum* of RSS over the tree, since a
    design that forks extraction workers pays for all of them.
    """
    print(f"\n== {name}: {' '.join(cmd)}", flush=True)
    load0 = os.getloadavg()
    nginx_cpu0 = tree_cpu(nginx)
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(log, "wb") as logf:
        proc = psutil.Popen(cmd, cwd=cwd, stdout=logf, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        cpu_by_proc: dict[tuple[int, float], float] = {}
        peak_rss = peak_procs = n_samples = 0
        timed_out = False
        while proc.poll() is None:
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                # The child leads its own session/group: end only that group.
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            try:
                procs = [proc] + proc.children(recursive=True)
            except psutil.NoSuchProcess:
                procs = []
            rss = 0
            for p in procs:
                try:
                    with p.oneshot():
                        rss += p.memory_info().rss
                        t = p.cpu_times()
                        cpu_by_proc[(p.pid, p.create_time())] = t.user + t.system
                except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
                    pass
            peak_rss = max(peak_rss, rss)
            peak_procs = max(peak_procs, len(procs))
            n_samples += 1
            time.sleep(SAMPLE_INTERVAL)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    nginx_cpu = tree_cpu(nginx) - nginx_cpu0
    cpu_rusage = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    cpu_sampled = sum(cpu_by_proc.values())
    return {
        "name": name,
        "cmd": cmd,
        "returncode": proc.returncode,
        "timed_out": timed_out,
        "wall_s": round(wall, 3),
        "cpu_s": round(max(cpu_rusage, cpu_sampled), 3),
        "cpu_rusage_s": round(cpu_rusage, 3),
        "cpu_sampled_s": round(cpu_sampled, 3),
        # the command's own process (for ours: Scrapy's reactor, the spider,
        # the writer); the rest is its children (extraction workers)
        "cpu_main_s": round(max((c for (pid, _), c in cpu_by_proc.items() if pid == proc.pid), default=0.0), 3),
        "peak_rss_mb": round(peak_rss / 2**20, 1),
        # ru_maxrss: the largest single descendant (KiB on Linux), a cross-check.
        "max_single_rss_mb": round(ru1.ru_maxrss / 1024, 1),
        "peak_processes": peak_procs,
        "samples": n_samples,
        "nginx_cpu_s": round(nginx_cpu, 3),
        # 1-minute load average when the run started and when it ended
        # (2 cores: above ~2 the contender shared the CPUs with other work).
        "load_start": round(load0[0], 2),
        "load_end": round(os.getloadavg()[0], 2),
        "log": str(log),
    }


def count_rows(db: Path, table: str) -> tuple[int, str | None]:
    if not db.exists():
        return 0, f"{db} was not created"
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0], None
        finally:
            con.close()
    except sqlite3.Error as e:
        return 0, f"{db}: {e}"


def finish(result: dict, n_posts: int) -> dict:
    posts = result["posts_stored"]
    result["posts_per_s"] = round(posts / result["wall_s"], 2) if result["wall_s"] else 0.0
    result["cpu_ms_per_post"] = round(result["cpu_s"] * 1000 / posts, 2) if posts else None
    result["main_cpu_ms_per_post"] = round(result["cpu_main_s"] * 1000 / posts, 2) if posts else None
    result["nginx_cpu_ms_per_post"] = round(result["nginx_cpu_s"] * 1000 / posts, 2) if posts else None
    result["complete"] = posts >= n_posts
    return result


def settings_args() -> list[str]:
    args = []
    for k, v in FETCH_SETTINGS.items():
        args += ["-s", f"{k}={v}"]
    return args


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def run_naive(origin: str, n_posts: int, timeout: float, nginx: psutil.Process) -> dict:
    db = OUT / "naive.db"
    remove_db(db)
    cmd = [sys.executable, str(BENCH / "naive_spider.py"), "--site", origin, "--db", str(db),
           *settings_args()]
    r = measure("naive", cmd, OUT, OUT / "naive.log", timeout, nginx, env=contender_env())
    r["db"] = str(db)
    r["posts_stored"], r["count_error"] = count_rows(db, "posts")
    return finish(r, n_posts)


def real_cli() -> str | None:
    exe = shutil.which("wellness-archiver")
    if exe is None:
        cand = Path(sys.executable).with_name("wellness-archiver")
        exe = str(cand) if cand.exists() else None
    return exe


def real_cmd(origin: str, db: Path) -> list[str] | None:
    exe = real_cli()
    if exe is None:
        return None
    return [exe, "crawl", origin + "/", "--db", str(db), "--allow-private", *settings_args()]


def run_real(origin: str, n_posts: int, timeout: float, nginx: psutil.Process,
             profile: Path | None = None) -> dict:
    """Measure our crawl; with ``profile``, under ``py-spy record --subprocesses``
    (raw collapsed stacks of every process; the figures of such a run include
    py-spy's own overhead and are kept apart)."""
    db = OUT / "real.db"
    remove_db(db)
    cmd = real_cmd(origin, db)
    if cmd is None:
        print("\n== real: `wellness-archiver` is not installed (pip install -e .); skipped", flush=True)
        return {"name": "real", "cmd": ["wellness-archiver", "crawl"], "skipped": "wellness-archiver not installed",
                "posts_stored": 0, "complete": False}
    name = "real"
    if profile is not None:
        pyspy = shutil.which("py-spy")
        if pyspy is None:
            sys.exit("--profile needs py-spy: pip install py-spy")
        cmd = [pyspy, "record", "--subprocesses", "--format", "raw", "--rate", "100",
               "-o", str(profile), "--", *cmd]
        name = "real (py-spy)"
    # Run from the repository root, as a user would, so the project's own
    # scrapy.cfg/settings apply: its design is what is being measured.
    r = measure(name, cmd, REPO, OUT / ("real-profile.log" if profile else "real.log"), timeout, nginx,
                env=contender_env())
    r["db"] = str(db)
    r["posts_stored"], r["count_error"] = count_rows(db, "articles")
    if profile is not None:
        r["profile"] = str(profile)
    return finish(r, n_posts)


def count_cli_posts(jsonl: Path) -> tuple[int, int, str | None]:
    """(distinct post URLs, records) in the CLI's JSON-lines output."""
    if not jsonl.exists():
        return 0, 0, f"{jsonl} was not created"
    from urllib.parse import urlsplit
    posts: set[str] = set()
    records = 0
    with open(jsonl, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            records += 1
            url = rec.get("source") or rec.get("url") or ""
            if POST_PATH.match(urlsplit(url).path or "") and (rec.get("text") or rec.get("raw_text")):
                posts.add(url)
    return len(posts), records, None


def run_cli(origin: str, n_posts: int, timeout: float, nginx: psutil.Process) -> dict:
    """The trafilatura CLI: list the sitemap's URLs, then download and extract
    them with metadata to JSON lines. Both steps are one measured process tree
    (``sh -c 'A > urls && B > out'``), so wall time and peak RSS cover both."""
    exe = shutil.which("trafilatura") or str(Path(sys.executable).with_name("trafilatura"))
    cfg = OUT / "trafilatura-bench.cfg"
    cfg.write_text(TRAFILATURA_CONFIG)
    urls, jsonl = OUT / "cli-urls.txt", OUT / "cli-out.jsonl"
    urls.unlink(missing_ok=True)
    jsonl.unlink(missing_ok=True)
    import shlex
    step1 = [exe, "--sitemap", origin + "/", "--list", "--config-file", str(cfg)]
    step2 = [exe, "-i", str(urls), "--with-metadata", "--json", "--config-file", str(cfg)]
    script = (f"{shlex.join(step1)} > {shlex.quote(str(urls))} && "
              f"{shlex.join(step2)} > {shlex.quote(str(jsonl))}")
    r = measure("cli", ["sh", "-c", script], OUT, OUT / "cli.log", timeout, nginx, env=contender_env())
    r["steps"] = [step1, step2]
    r["urls_listed"] = sum(1 for line in open(urls, errors="replace") if line.strip()) if urls.exists() else 0
    r["posts_stored"], r["records"], r["count_error"] = count_cli_posts(jsonl)
    r["db"] = None
    return finish(r, n_posts)


CONTENDERS = ("naive", "real", "cli")


def median_range(values: list[float]) -> dict | None:
    """{"median", "min", "max", "n"} of the values, None when there are none."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    return {"median": round(statistics.median(vals), 3), "min": round(min(vals), 3),
            "max": round(max(vals), 3), "n": len(vals)}


def run_ratios(by_name: dict[str, dict]) -> dict[str, float]:
    """posts/s ratios of one round: real/naive and real/cli."""
    out = {}
    real = by_name.get("real")
    if not real or "skipped" in real or not real.get("posts_per_s"):
        return out
    for other in ("naive", "cli"):
        o = by_name.get(other)
        if o and o.get("posts_per_s"):
            out[f"real/{other}"] = round(real["posts_per_s"] / o["posts_per_s"], 3)
    return out


def summarise(rounds: list[dict]) -> dict:
    summary: dict = {}
    for name in CONTENDERS:
        runs = [r for rd in rounds for r in rd["runs"] if r["name"] == name and "skipped" not in r]
        if not runs:
            continue
        summary[name] = {k: median_range([r.get(k) for r in runs])
                         for k in ("posts_per_s", "wall_s", "cpu_ms_per_post", "main_cpu_ms_per_post", "peak_rss_mb",
                                   "load_start")}
    for key in ("real/naive", "real/cli"):
        m = median_range([rd["ratios"].get(key) for rd in rounds])
        if m:
            summary[key] = m
    return summary


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def print_table(runs: list[dict], n_posts: int) -> None:
    cols = [
        ("run", lambda r: r["name"]),
        ("stored", lambda r: f"{r['posts_stored']}/{n_posts}"),
        ("wall s", lambda r: f"{r['wall_s']:.1f}"),
        ("posts/s", lambda r: f"{r['posts_per_s']:.1f}"),
        ("CPU s", lambda r: f"{r['cpu_s']:.1f}"),
        ("CPU ms/post", lambda r: f"{r['cpu_ms_per_post']:.1f}" if r["cpu_ms_per_post"] is not None else "-"),
        ("main ms/post", lambda r: f"{r['main_cpu_ms_per_post']:.1f}" if r["main_cpu_ms_per_post"] is not None else "-"),
        ("peak RSS MB", lambda r: f"{r['peak_rss_mb']:.0f}"),
        ("procs", lambda r: str(r["peak_processes"])),
        ("nginx CPU s", lambda r: f"{r['nginx_cpu_s']:.2f}"),
        ("nginx ms/post", lambda r: f"{r['nginx_cpu_ms_per_post']:.2f}" if r["nginx_cpu_ms_per_post"] is not None else "-"),
        ("exit", lambda r: "timeout" if r["timed_out"] else str(r["returncode"])),
    ]
    measured = [r for r in runs if "skipped" not in r]
    rows = [[h for h, _ in cols]] + [[f(r) for _, f in cols] for r in measured]
    widths = [max(len(row[i]) for row in rows) for i in range(len(cols))]
    print()
    for k, row in enumerate(rows):
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    for r in runs:
        if "skipped" in r:
            print(f"{r['name']}: skipped ({r['skipped']})")
        elif r.get("count_error"):
            print(f"{r['name']}: {r['count_error']}")


def fmt_mr(m: dict | None, digits: int = 1) -> str:
    if not m:
        return "-"
    return f"{m['median']:.{digits}f} ({m['min']:.{digits}f}-{m['max']:.{digits}f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=2000, help="posts in the generated site (default 2000)")
    ap.add_argument("--seed", type=int, default=1, help="site generator seed (default 1)")
    ap.add_argument("--only", choices=CONTENDERS, action="append",
                    help="run only this contender (repeatable)")
    ap.add_argument("--runs", type=int, default=1, help="rounds of every contender (default 1)")
    ap.add_argument("--out", type=Path, default=OUT / "crawl-result.json", help="result JSON file")
    ap.add_argument("--profile", action="store_true",
                    help="after the measured rounds, one more crawl of ours under py-spy record "
                         "--subprocesses (out/profile-real.txt; summarise with profile_summary.py)")
    ap.add_argument("--keep", action="store_true",
                    help="keep naive.db/real.db after measuring (the site cache is always kept)")
    ap.add_argument("--strict", action="store_true", help="also exit 1 when a target is missed")
    ap.add_argument("--timeout", type=float, default=1800, help="per-run time limit in seconds")
    args = ap.parse_args(argv)
    contenders = [c for c in CONTENDERS if not args.only or c in args.only]

    install_local_resolver()
    OUT.mkdir(parents=True, exist_ok=True)
    site, manifest, generated = ensure_site(args.posts, args.seed)
    port = free_port()
    origin = f"http://{HOST}:{port}"
    t = time.perf_counter()
    restamped = sitegen.restamp(site, origin)
    restamp_s = time.perf_counter() - t
    # Generation and restamping leave ~300 MB of dirty pages; flush them now,
    # or the writeback lands inside the first run and stalls its fsyncs.
    os.sync()
    warm_page_cache(site)

    nginx = start_nginx(site, port)
    rounds: list[dict] = []
    profile_run = None
    runners = {"naive": run_naive, "real": run_real, "cli": run_cli}
    try:
        check_served(origin, manifest["post_paths_sample"][0])
        print(f"serving {args.posts} posts from {site} at {origin} (127.0.0.1, nginx pid {nginx.pid})", flush=True)
        for k in range(args.runs):
            # Rotate the order, so no contender always runs first (or last).
            order = contenders[k % len(contenders):] + contenders[:k % len(contenders)]
            print(f"\n#### round {k + 1}/{args.runs}: {', '.join(order)}", flush=True)
            runs = [runners[c](origin, args.posts, args.timeout, nginx) for c in order]
            by_name = {r["name"]: r for r in runs}
            rd = {"round": k + 1, "order": order, "runs": runs, "ratios": run_ratios(by_name)}
            rounds.append(rd)
            print_table(runs, args.posts)
            print("ratios (posts/s): " + (", ".join(f"{a} {v:.2f}" for a, v in rd["ratios"].items()) or "-"))
            if not args.keep:
                for r in runs:
                    if r.get("db"):
                        remove_db(Path(r["db"]))
        if args.profile:
            profile_run = run_real(origin, args.posts, args.timeout, nginx, profile=OUT / "profile-real.txt")
            print_table([profile_run], args.posts)
            if not args.keep:
                remove_db(Path(profile_run["db"]))
    finally:
        stop_nginx(nginx)

    summary = summarise(rounds)
    print(f"\n== summary over {len(rounds)} round(s): median (min-max)")
    for name in CONTENDERS:
        if name in summary:
            s = summary[name]
            print(f"{name:6s} posts/s {fmt_mr(s['posts_per_s'])}  CPU ms/post {fmt_mr(s['cpu_ms_per_post'])} "
                  f"(main process {fmt_mr(s['main_cpu_ms_per_post'])})  "
                  f"peak RSS MB {fmt_mr(s['peak_rss_mb'], 0)}  load {fmt_mr(s['load_start'], 2)}")
    for key in ("real/naive", "real/cli"):
        if key in summary:
            print(f"ratio {key}: {fmt_mr(summary[key], 2)}")

    targets: dict = {}
    rs = summary.get("real")
    if rs and rs["peak_rss_mb"]:
        targets["real_peak_rss_mb"] = {"value": rs["peak_rss_mb"]["max"], "limit": TARGET_RSS_MB,
                                       "ok": rs["peak_rss_mb"]["max"] < TARGET_RSS_MB}
    if "real/naive" in summary:
        v = summary["real/naive"]["median"]
        targets["ratio_real_over_naive"] = {"value": v, "limit": TARGET_RATIO, "ok": v >= TARGET_RATIO}
    if "real/cli" in summary:
        v = summary["real/cli"]["median"]
        targets["ratio_real_over_cli"] = {"value": v, "limit": TARGET_RATIO_CLI, "ok": v >= TARGET_RATIO_CLI}
    if targets:
        print()
        for k, v in targets.items():
            op = ">=" if k.startswith("ratio") else "<"
            print(f"{k}: {v['value']} (target {op} {v['limit']}; median of ratios, RSS: highest) "
                  f"{'PASS' if v['ok'] else 'FAIL'}")

    result = {
        "posts_generated": args.posts,
        "seed": args.seed,
        "command": [Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])],
        "site": {"dir": str(site), "generated_now": generated,
                 "generate_seconds": manifest["generate_seconds"],
                 "post_bytes_mean": manifest["post_bytes_mean"],
                 "restamp_seconds": round(restamp_s, 2), "files_restamped": restamped},
        "origin": origin,
        "fetch_settings": FETCH_SETTINGS,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(),
                    "mem_total_gb": round(psutil.virtual_memory().total / 2**30, 1)},
        "rounds": rounds,
        "summary": summary,
        "profile_run": profile_run,
        "targets": targets,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"\nresult written to {args.out}")

    failed = sorted({r["name"] for rd in rounds for r in rd["runs"] if not r.get("complete")})
    if failed:
        print(f"FAIL: incomplete run(s): {', '.join(failed)} stored fewer than {args.posts} posts",
              file=sys.stderr)
        return 1
    if args.strict and not all(v["ok"] for v in targets.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
