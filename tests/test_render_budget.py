"""crawl --render: the browser's own same-site subrequests keep the crawl's size cap and
politeness (real chromium through scrapy-playwright, a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawling import LOCAL, ONE_EXTRACTOR, crawl, too_close
from wellness_archiver.archive.captures import decompress
from wellness_archiver.crawler.settings import WELLNESS_CHROMIUM as CHROMIUM

needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None or not __import__("importlib").util.find_spec("scrapy_playwright"),
    reason="needs /usr/bin/chromium and scrapy-playwright (.ci/run installs both)",
)
MAXSIZE = 200_000
DELAY = 0.6
SMALL_MARK = "The small script added this sentence about evening walks."
BIG_MARK = "The oversized script added this sentence and must never appear."
STEPS = [f"/static/step{i}.js" for i in range(4)]
# Each under the cap, together over it: the page's budget delivers one of them.
MEDIUM = {f"/static/medium{i}.js": f"Medium script {i} added this sentence." for i in range(2)}


def _append(sentence: str) -> str:
    return f"document.getElementById('post').insertAdjacentHTML('beforeend', '<p>{sentence}</p>');\n"


def _pages() -> dict[str, tuple[str, bytes]]:
    scripts = "".join(f'<script src="{p}"></script>' for p in ["/static/small.js", "/static/big.js", *MEDIUM, *STEPS])
    prose = "<p>" + "Gentle routines help anxious minds settle before sleep. " * 30 + "</p>"
    post = (f"<!doctype html><html><head><title>Evening routines</title></head><body>"
            f"<article id='post'><h1>Evening routines</h1>{prose}</article>{scripts}</body></html>")
    big = "/*" + "x" * (MAXSIZE + 50_000) + "*/\n" + _append(BIG_MARK)
    return {
        "/": ("text/html", b"<html><body><h1>Blog</h1><a href='/post/'>Evening routines</a></body></html>"),
        "/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n"),
        "/post/": ("text/html; charset=utf-8", post.encode()),
        "/static/small.js": ("application/javascript", _append(SMALL_MARK).encode()),
        "/static/big.js": ("application/javascript", big.encode()),
        **{p: ("application/javascript", ("/*" + "m" * (MAXSIZE * 6 // 10) + "*/\n" + _append(mark)).encode())
           for p, mark in MEDIUM.items()},
        **{p: ("application/javascript", b"window.step = (window.step || 0) + 1;\n") for p in STEPS},
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.log.append((self.path, time.monotonic()))
        content_type, body = self.server.pages.get(self.path, ("text/plain", b"not found"))
        self.send_response(200 if self.path in self.server.pages else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def blog():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.pages, server.log = _pages(), []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@needs_chromium
def test_oversized_same_site_script_is_not_delivered_and_subrequests_are_spaced(blog, tmp_path):
    base = f"http://127.0.0.1:{blog.server_address[1]}"
    db_path = tmp_path / "render.db"
    proc = crawl(db_path, base + "/", "--render", "always", "-s", f"DOWNLOAD_MAXSIZE={MAXSIZE}",
                 "-s", f"DOWNLOAD_DELAY={DELAY}", "-s", "DOWNLOAD_DELAY_JITTER=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                 *ONE_EXTRACTOR, profile=LOCAL)
    assert proc.returncode in (0, 3), proc.stdout + proc.stderr

    conn = sqlite3.connect(db_path)
    try:
        (body, rendered), = conn.execute("select body, rendered from captures where url = ?", [base + "/post/"])
    finally:
        conn.close()
    dom = decompress(body).decode()
    assert rendered == 1 and SMALL_MARK in dom  # the page's small script ran
    # The big one was fetched (then measured) but never reached the page.
    assert "/static/big.js" in [path for path, _ in blog.log]
    assert BIG_MARK not in dom and "x" * 1000 not in dom
    assert f"Browser subrequest refused: {base}/static/big.js: larger than DOWNLOAD_MAXSIZE" in proc.stderr, \
        proc.stderr[-3000:]
    # The page's subrequests share one DOWNLOAD_MAXSIZE: one medium script ran, the other was refused.
    assert sum(mark in dom for mark in MEDIUM.values()) == 1, dom[-2000:]
    assert proc.stderr.count("over the page's budget of DOWNLOAD_MAXSIZE") == 1, proc.stderr[-3000:]

    # The browser's subrequests to the site are spaced by DOWNLOAD_DELAY, like the crawl's own
    # requests (unpaced, these scripts arrive within milliseconds). Measured where the server
    # sees them, each gap also carries the request's latency jitter, so: no gap too close
    # (crawling.too_close), and the whole series as long as its delays (jitter does not add up).
    times = [t for path, t in blog.log if path.startswith("/static/")]
    assert len(times) == 2 + len(MEDIUM) + len(STEPS)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert not too_close(gaps, DELAY), gaps
    assert times[-1] - times[0] >= (len(times) - 1) * DELAY - DELAY / 2, gaps
