"""Serve the demo sites over HTTP on 127.0.0.1, one stdlib server per site."""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wellness_archiver.demo_site.site import SITE_KEYS, Page, build_site, lookup

__all__ = ["DemoSites"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    server_version = "nginx"
    sys_version = ""

    def do_GET(self):
        self._reply(body=True)

    def do_HEAD(self):
        self._reply(body=False)

    def _reply(self, body: bool) -> None:
        pages: dict[str, Page] = self.server.pages  # type: ignore[attr-defined]
        self.server.requests.append((self.path, self.headers.get("User-Agent", "")))  # type: ignore[attr-defined]
        time.sleep(self.server.delay)  # type: ignore[attr-defined]
        page = lookup(pages, self.path)
        # Validators as real servers send them, so re-crawls can be conditional.
        etag = '"%s"' % hashlib.sha1(page.body).hexdigest()[:16]
        if page.status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(page.status)
        if page.status == 200:
            self.send_header("ETag", etag)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.send_header("Cache-Control", "max-age=0, no-cache")
        self.end_headers()
        if body:
            self.wfile.write(page.body)

    def log_message(self, format, *args):  # quiet: tests and the demo print their own output
        pass


class DemoSites:
    """Start every demo site on its own free port of 127.0.0.1.

    Example::

        with DemoSites() as sites:
            sites.urls["wordpress"]  # "http://127.0.0.1:PORT"
    """

    def __init__(self, keys: tuple[str, ...] = SITE_KEYS, host: str = "127.0.0.1", delay: float = 0.0):
        self.keys = tuple(keys)
        self.host = host
        self.delay = delay  # seconds before each answer: a slow server, so a crawl lasts
        self.urls: dict[str, str] = {}
        # (request target, User-Agent) per site, in arrival order: lets tests
        # check politeness (robots.txt first, disallowed paths never asked).
        self.requests: dict[str, list[tuple[str, str]]] = {}
        # Each site's pages, by path: tests may edit them to play a changed site.
        self.pages: dict[str, dict[str, Page]] = {}
        self._servers: list[ThreadingHTTPServer] = []

    def start(self) -> "DemoSites":
        for key in self.keys:
            server = ThreadingHTTPServer((self.host, 0), _Handler)
            server.daemon_threads = True
            base = f"http://{self.host}:{server.server_address[1]}"
            server.pages = self.pages[key] = build_site(key, base)  # type: ignore[attr-defined]
            server.requests = self.requests.setdefault(key, [])  # type: ignore[attr-defined]
            server.delay = self.delay  # type: ignore[attr-defined]
            threading.Thread(target=server.serve_forever, name=f"demo-{key}", daemon=True).start()
            self._servers.append(server)
            self.urls[key] = base
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def url(self, key: str, path: str = "/") -> str:
        return self.urls[key] + path

    def __enter__(self) -> "DemoSites":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
