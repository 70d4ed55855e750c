"""A fault-injecting blog server for crawl tests, on 127.0.0.1 (or another loopback address).

``FaultServer`` serves, from a thread, a small blog whose pages fail in every
way the web fails: 500s, 503 with ``Retry-After``, 429, connection resets,
stalls, redirect loops, a 30 MB page, a gzip bomb, binary data labelled
``text/html``, cp1252 and Shift-JIS pages without a charset, broken HTML, an
infinite calendar, a robots.txt with ``Crawl-delay`` and ``Disallow``, and
``noarchive`` pages. It records ``(time, path, user_agent)`` of every request
in ``log``, so tests can check Crawl-delay timing and that disallowed paths
were never requested.

    with FaultServer(crawl_delay=0.2) as server:
        server.url("/")          # http://127.0.0.1:PORT/
        server.hits("/posts/ok-1/")

``FaultServer(routes={...})`` serves other pages (``path -> handler(request)``
returning ``(status, headers, body)``), e.g. the SSRF tests' second server
that only counts requests. Run ``python -m tests.faultserver`` to browse it.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BIG_PAGE_BYTES = 30 * 1024 * 1024
BOMB_INFLATED_BYTES = 64 * 1024 * 1024
LOREM = (
    "Therapy is a slow conversation about what hurts and what helps. Each week the client and the "
    "therapist notice patterns, name feelings and try small experiments between sessions. Progress is "
    "rarely a straight line; it is a widening circle of things one can bear to feel. "
)

# Text the encoding tests look for in the stored articles.
CP1252_TEXT = "Café naïve – “quoted” thoughts for €5 on self-compassion"
SJIS_TEXT = "心の健康とマインドフルネスについての考察"

Handler = Callable[["FaultHandler"], "tuple[int, dict[str, str], bytes] | None"]


def post_html(title: str, text: str = "", *, head: str = "", charset_meta: bool = True) -> str:
    meta = '<meta charset="utf-8">' if charset_meta else ""
    body = text or LOREM * 3
    paragraphs = "".join(f"<p>{body}</p>" for _ in range(3))
    return (
        f"<!doctype html><html><head>{meta}<title>{title}</title>"
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-03-01T10:00:00Z">'
        f"{head}</head><body><header><a href='/'>Fault blog</a></header>"
        f"<article><h1>{title}</h1><time datetime='2024-03-01'>1 March 2024</time>{paragraphs}</article>"
        "</body></html>"
    )


def _gzip_bomb(size: int = BOMB_INFLATED_BYTES) -> bytes:
    """A gzip body of ~64 KB that inflates to ``size`` bytes of HTML-ish padding."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    chunk = b"<p>" + b" " * (1024 * 1024 - 3)
    parts = [compressor.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(compressor.flush())
    return b"".join(parts)


class FaultHandler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.owner._in_flight(+1)
        try:
            self._get()
        finally:
            self.server.owner._in_flight(-1)

    def _get(self) -> None:
        path = self.path.split("?", 1)[0]
        owner = self.server.owner
        owner._record(path, self.headers.get("User-Agent", ""))
        handler = owner.routes.get(path) or owner.prefix_route(path)
        if handler is None:
            self._send(404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>not found</body></html>")
            return
        try:
            result = handler(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        if result is not None:
            self._send(*result)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            self.send_response(status)
            headers = {"Content-Length": str(len(body)), **headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def handle(self) -> None:
        try:
            super().handle()
        except (OSError, ValueError):  # the connection was reset on purpose
            pass

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass

    # -- faults used by handlers ---------------------------------------------------

    def reset(self) -> None:
        """Close the connection with a TCP RST, before any response."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def stall(self, seconds: float) -> None:
        """Send nothing for ``seconds`` (past the crawler's timeout), then close."""
        self.server.owner.stopping.wait(seconds)
        self.close_connection = True

    def drip(self, body: bytes, seconds: float, chunks: int = 40) -> None:
        """Send ``body`` (HTML) in ``chunks`` pieces spread over ``seconds``."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        size = -(-len(body) // chunks)
        try:
            for start in range(0, len(body), size):
                if self.server.owner.stopping.wait(seconds / chunks):
                    break
                self.wfile.write(body[start:start + size])
        except OSError:
            pass
        self.close_connection = True

    def stream(self, total: int, *, content_length: bool) -> None:
        """Stream ``total`` bytes of HTML, with or without a Content-Length."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if content_length:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 3)
        sent = 0
        try:
            while sent < total and not self.server.owner.stopping.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: "FaultServer"


def html(body: str | bytes, status: int = 200, content_type: str = "text/html; charset=utf-8",
         **headers: str) -> tuple[int, dict[str, str], bytes]:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return status, {"Content-Type": content_type, **{k.replace("_", "-"): v for k, v in headers.items()}}, data


class FaultServer:
    """The fault blog (or ``routes``) served on ``host:port`` from a thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, crawl_delay: float | None = 0.2,
                 stall_seconds: float = 4.0, routes: dict[str, Handler] | None = None,
                 prefixes: dict[str, Handler] | None = None):
        self.host = host
        self.crawl_delay = crawl_delay
        self.stall_seconds = stall_seconds
        self.log: list[tuple[float, str, str]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._counters: dict[str, int] = {}
        self.routes: dict[str, Handler] = self.default_routes() if routes is None else dict(routes)
        self.prefixes: dict[str, Handler] = (
            dict(prefixes or {}) if routes is not None
            else {"/calendar/": self._calendar, "/shop/": self._session_shop, "/archive/page/": self._endless_pages}
        )
        self.httpd = _Server((host, port), FaultHandler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # -- lifecycle ------------------------------------------------------------------

    def __enter__(self) -> "FaultServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    # -- the request log -------------------------------------------------------------

    def _record(self, path: str, user_agent: str) -> None:
        with self._lock:
            self.log.append((time.time(), path, user_agent))

    def _in_flight(self, change: int) -> None:
        # Requests being answered at once; max_in_flight is the peak.
        with self._lock:
            self.in_flight = getattr(self, "in_flight", 0) + change
            self.max_in_flight = max(getattr(self, "max_in_flight", 0), self.in_flight)

    def hits(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for _, p, _ in self.log if path is None or p == path)

    def times(self, path: str) -> list[float]:
        with self._lock:
            return [t for t, p, _ in self.log if p == path]

    def _count(self, name: str) -> int:
        with self._lock:
            self._counters[name] = self._counters.get(name, 0) + 1
            return self._counters[name]

    def prefix_route(self, path: str) -> Handler | None:
        for prefix, handler in self.prefixes.items():
            if path.startswith(prefix):
                return handler
        return None

    # -- the fault blog --------------------------------------------------------------

    # path -> link text on the home page (the paths the crawl should try)
    PAGES = {
        "/posts/ok-1/": "A calm first post",
        "/posts/ok-2/": "Second post on grief",
        "/posts/ok-3/": "Third post on sleep",
        "/error/500/": "Always 500",
        "/error/503/": "Always 503 with Retry-After",
        "/error/503-once/": "503 once, then fine",
        "/error/429/": "Always 429 with an HTTP-date Retry-After",
        "/error/429-once/": "429 once, then fine",
        "/error/reset/": "Connection reset",
        "/error/stall/": "Stalls past the timeout",
        "/loop/a/": "Redirect loop",
        "/big/": "A 30 MB page",
        "/big-stream/": "A 30 MB page without Content-Length",
        "/bomb/": "A gzip bomb",
        "/binary/": "Binary data labelled text/html",
        "/posts/cp1252/": "A cp1252 post",
        "/posts/shift-jis/": "A Shift-JIS post",
        "/posts/broken/": "Broken HTML",
        "/calendar/2024/01/": "Calendar",
        "/shop/": "A shop that puts a new session id in every link",
        "/archive/page/1/": "An archive whose next page never runs out",
        "/private/secret/": "Disallowed by robots.txt",
        "/posts/noarchive/": "noarchive meta",
        "/posts/noarchive-header/": "noarchive header",
        "/posts/noindex/": "noindex meta",
        "/posts/noai-header/": "noai header",
        "/posts/tdm-header/": "tdm-reservation header",
        "/reserved/post/": "TDMRep-reserved section",
    }

    def default_routes(self) -> dict[str, Handler]:
        bomb = _gzip_bomb()
        binary = random.Random(5).randbytes(20_000)
        cp1252 = post_html("Café notes", (CP1252_TEXT + ". " + LOREM) * 2, charset_meta=False).encode("cp1252")
        sjis_text = (SJIS_TEXT + "。" + "毎日少しずつ、呼吸に注意を向ける練習をします。" * 20) * 2
        sjis = post_html("心の健康", sjis_text, charset_meta=False).encode("shift_jis")
        no_charset = "text/html"

        def once(name: str, fail: tuple[int, dict[str, str], bytes], title: str) -> Handler:
            return lambda h: fail if self._count(name) == 1 else html(post_html(title))

        def retry_date(_h):
            return html("<html><body>slow down</body></html>", 429,
                        Retry_After=formatdate(time.time() + 1, usegmt=True))

        return {
            "/robots.txt": lambda h: html(self._robots(), content_type="text/plain"),
            "/": lambda h: html(self._home()),
            "/posts/ok-1/": lambda h: html(post_html("A calm first post")),
            "/posts/ok-2/": lambda h: html(post_html("Second post on grief")),
            "/posts/ok-3/": lambda h: html(post_html("Third post on sleep")),
            "/error/500/": lambda h: html("<html><body>oops</body></html>", 500),
            "/error/503/": lambda h: html("<html><body>busy</body></html>", 503, Retry_After="1"),
            "/error/503-once/": once("503", html("<html><body>busy</body></html>", 503, Retry_After="1"),
                                     "Back after a 503"),
            "/error/429/": retry_date,
            "/error/429-once/": once("429", html("<html><body>slow down</body></html>", 429),
                                     "Back after a 429"),
            "/error/reset/": lambda h: h.reset(),
            "/error/stall/": lambda h: h.stall(self.stall_seconds),
            "/loop/a/": lambda h: html("", 302, Location="/loop/b/"),
            "/loop/b/": lambda h: html("", 302, Location="/loop/a/"),
            "/big/": lambda h: h.stream(BIG_PAGE_BYTES, content_length=True),
            "/big-stream/": lambda h: h.stream(BIG_PAGE_BYTES, content_length=False),
            "/bomb/": lambda h: html(bomb, Content_Encoding="gzip"),
            "/binary/": lambda h: html(binary, content_type="text/html"),
            "/posts/cp1252/": lambda h: html(cp1252, content_type=no_charset),
            "/posts/shift-jis/": lambda h: html(sjis, content_type=no_charset),
            "/posts/broken/": lambda h: html(self._broken()),
            "/private/secret/": lambda h: html(post_html("Secret")),
            "/posts/noarchive/": lambda h: html(post_html(
                "Please do not archive", head='<meta name="robots" content="noarchive">')),
            "/posts/noarchive-header/": lambda h: html(post_html("Header says noarchive"),
                                                       X_Robots_Tag="noarchive"),
            "/posts/noindex/": lambda h: html(post_html(
                "Please do not index", head='<meta name="robots" content="noindex, follow">')),
            "/posts/noai-header/": lambda h: html(post_html("No AI please"), X_Robots_Tag="noai"),
            "/posts/tdm-header/": lambda h: html(post_html("Rights reserved"), Tdm_Reservation="1"),
            "/reserved/post/": lambda h: html(post_html("In a reserved section")),
            "/.well-known/tdmrep.json": lambda h: html(
                '[{"location": "/reserved/*", "tdm-reservation": 1}, {"location": "/*", "tdm-reservation": 0}]',
                content_type="application/json"),
        }

    def _robots(self) -> str:
        delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay else ""
        return f"User-agent: *\n{delay}Disallow: /private/\n"

    def _home(self) -> str:
        links = "".join(f'<li><h2><a href="{path}">{title}</a></h2></li>' for path, title in self.PAGES.items())
        return (
            "<!doctype html><html><head><meta charset='utf-8'><title>Fault blog</title></head>"
            f"<body><h1>Fault blog</h1><ul>{links}</ul></body></html>"
        )

    @staticmethod
    def _broken() -> str:
        return (
            "<html><head><title>Broken <b>markup</title><meta property='og:type' content='article'>"
            "<body><div><article><h1>Broken but readable<p>" + LOREM * 2 + "<p>" + LOREM
            + "</span></div></div><<>>&&; <p unclosed='yes " + LOREM + "</article></table></i>"
        )

    def _calendar(self, handler: FaultHandler) -> tuple[int, dict[str, str], bytes]:
        # /calendar/YYYY/MM/ links to the next month, forever.
        try:
            _, _, year, month, *_ = handler.path.split("/")
            year, month = int(year), int(month)
        except ValueError:
            return html("<html><body>bad date</body></html>", 404)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        nxt = f"/calendar/{year:04d}/{month:02d}/"
        return html(
            "<!doctype html><html><head><meta charset='utf-8'><title>Archive</title></head><body>"
            f"<h1>Posts in {handler.path}</h1><p>No posts this month.</p>"
            f"<a href='{nxt}'>Next month</a></body></html>"
        )


    def _endless_pages(self, handler: FaultHandler) -> tuple[int, dict[str, str], bytes]:
        # /archive/page/N/ lists the same three posts and links to page N+1, forever.
        try:
            number = int(handler.path.split("/")[3])
        except (IndexError, ValueError):
            return html("<html><body>bad page</body></html>", 404)
        posts = "".join(f"<h2><a href='/posts/ok-{n}/'>Post {n}</a></h2>" for n in (1, 2, 3))
        return html(
            "<!doctype html><html><head><meta charset='utf-8'><title>Archive</title></head><body>"
            f"<h1>Archive, page {number}</h1>{posts}<a href='/archive/page/{number + 1}/'>Older posts</a>"
            "</body></html>"
        )

    def _session_shop(self, handler: FaultHandler) -> tuple[int, dict[str, str], bytes]:
        # Every answer links to itself with fresh session ids: under names the
        # crawler knows (PHPSESSID, ;jsessionid=) and under one it does not.
        token = "%032x" % random.getrandbits(128)
        return html(
            "<!doctype html><html><head><meta charset='utf-8'><title>Shop</title></head><body>"
            f"<h1>Shop</h1><p>Our workbooks.</p>"
            f"<a href='/shop/?PHPSESSID={token}'>Workbooks</a> "
            f"<a href='/shop/;jsessionid={token.upper()}'>Journals</a> "
            f"<a href='/shop/?visit={token}'>Gift cards</a></body></html>"
        )


# -- poison pages: small pages that made a regex scan the crawl's main thread froze on ------------

POISON_REPEATS = 60_000
POISON_RULE = "/*a*a*a*a*a*a*a*a*b"  # a TDMRep/robots wildcard rule that backtracks on /aaaa...
POISON_PATH = "/" + "a" * 60 + "/"  # ~50 s per URL check with a backtracking matcher
BIG_POISON_BYTES = 2 * 1024 * 1024


def _poison_page(title: str, payload: bytes, *, close_head: bool = True) -> bytes:
    head = f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>".encode()
    return head + (b"</head><body>" if close_head else b"") + payload


def _big_post() -> bytes:
    # A real post of 2 MB of prose: extraction takes seconds, not milliseconds.
    paragraphs = "".join(f"<p>{LOREM}({n})</p>" for n in range(BIG_POISON_BYTES // (len(LOREM) + 12) + 1))
    return post_html("A very long post").replace("</article>", paragraphs + "</article>").encode()


# path -> (description, body); every hostile page is at least 180 KB.
POISON_PAGES = {
    "/poison/a-tags/": ("'<a ' x 60,000", _poison_page("Anchors", b"<a " * POISON_REPEATS)),
    "/poison/a-href/": ("'<a href=\"' x 60,000", _poison_page("Hrefs", b'<a href="' * POISON_REPEATS)),
    "/poison/ld-type/": ("'\"@type\":[' x 60,000",
                         _poison_page("Types", b'<script type="application/ld+json">' + b'"@type":[' * POISON_REPEATS)),
    "/poison/meta/": ("'<meta ' x 60,000 in an unclosed head",
                      _poison_page("Metas", b"<meta " * POISON_REPEATS, close_head=False)),
    "/poison/big-anchors/": ("2 MB of '<a '", _poison_page("Big", b"<a " * (BIG_POISON_BYTES // 3))),
    "/poison/big-post/": ("a 2 MB post", _big_post()),
    POISON_PATH: ("a path the TDMRep and robots.txt wildcard rules backtrack on", post_html("Many a").encode()),
}


def poison_routes(server: "FaultServer", drip: dict[str, float] | None = None) -> dict[str, Handler]:
    """Routes for ``FaultServer(routes=...)``: a home page linking every poison
    page, a robots.txt and a tdmrep.json with a backtracking wildcard rule.
    ``drip``: path -> seconds over which that page is sent (slowly, in chunks)
    the first time it is asked for; later requests get it at once."""
    drip = drip or {}

    def serve(path: str, body: bytes) -> Handler:
        if path in drip:
            return lambda h: h.drip(body, drip[path]) if server.hits(path) == 1 else html(body)
        return lambda h: html(body)

    links = "".join(f'<li><a href="{path}">{escape(what)}</a></li>' for path, (what, _) in POISON_PAGES.items())
    home = f"<!doctype html><html><head><title>Poison blog</title></head><body><ul>{links}</ul></body></html>"
    return {
        "/": lambda h: html(home),
        "/robots.txt": lambda h: html(f"User-agent: *\nDisallow: {POISON_RULE}\n", content_type="text/plain"),
        "/.well-known/tdmrep.json": lambda h: html(
            f'[{{"location": "{POISON_RULE}", "tdm-reservation": 1}}]', content_type="application/json"),
        **{path: serve(path, body) for path, (_, body) in POISON_PAGES.items()},
    }


if __name__ == "__main__":
    with FaultServer() as server:
        print(server.url("/"), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
