"""A fixture blog whose posts exist only after JavaScript runs (an app shell),
and a "third-party" server on another loopback address that logs every request.

The post's HTML is an empty ``<div id="app">``, a ``<noscript>`` plea and a
script; the script builds the article (title, byline, date, paragraphs) and,
like real trackers and CDNs, asks the third-party host for a beacon, an image,
a stylesheet and a font, and its own host for an image, a font and a path
robots.txt disallows. A crawl
with ``--render auto`` must archive the article and send none of those
requests; ``--render never`` archives no article for it.

    with AppShellSite() as site:
        site.url                  # http://127.0.0.1:PORT
        site.third_party.requests # paths the other host received (must stay empty)
        site.third_party.connections  # and TCP connections it accepted (a preconnect sends no request)
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POST_PATH = "/posts/breathing-through-panic/"
POST_TITLE = "Breathing Through Panic: A Therapist's Guide"
PARAGRAPHS = [
    "Panic attacks feel like an emergency, but the body is doing something it knows well: preparing to run "
    "from a danger that is not there. The racing heart, the tight chest and the dizziness are signs of that "
    "alarm system, not signs that something is going wrong with your heart or your mind.",
    "In my practice I teach clients a slow breathing pattern before anything else. Breathe in through the "
    "nose for a count of four, hold gently for two, and breathe out through pursed lips for a count of six. "
    "The long exhale tells the nervous system that the emergency is over.",
    "It helps to practise when you are calm, so that the pattern is familiar when panic arrives. Two minutes "
    "in the morning and two in the evening are enough for most people to notice a change within a fortnight.",
    "Breathing is not a cure on its own. If panic attacks keep returning, a few sessions of cognitive "
    "behavioural therapy can help you understand what sets them off and how to stop fearing the fear itself. "
    "Speak to your doctor or a registered therapist if the attacks are frequent or frightening.",
]
# The sentence only the script writes: found in the archive only if rendering worked.
SCRIPT_ONLY = "The long exhale tells the nervous system that the emergency is over."


def _post_script(third_party: str) -> str:
    article = {"title": POST_TITLE, "author": "Maya Lindqvist", "date": "2024-03-18", "paragraphs": PARAGRAPHS}
    return f"""
(function () {{
  var data = {json.dumps(article)};
  var app = document.getElementById('app');
  var html = '<article><h1>' + data.title + '</h1>' +
    '<p class="byline">By <span class="author">' + data.author + '</span> on <time datetime="' + data.date +
    '">' + data.date + '</time></p>';
  data.paragraphs.forEach(function (p) {{ html += '<p>' + p + '</p>'; }});
  html += '<img src="{third_party}/pixel.gif"><img src="/static/photo.jpg"></article>';
  app.innerHTML = html;
  var css = document.createElement('link'); css.rel = 'stylesheet'; css.href = '{third_party}/widget.css';
  document.head.appendChild(css);
  var font = new FontFace('Brand', 'url(/static/brand.woff2)'); font.load().catch(function () {{}});
  var other = new FontFace('Other', 'url({third_party}/other.woff2)'); other.load().catch(function () {{}});
  fetch('{third_party}/beacon?page=' + encodeURIComponent(location.href)).catch(function () {{}});
  fetch('/private/reader-stats.json').catch(function () {{}});  // robots.txt disallows /private/
}})();
"""


def _pages(base: str, third_party: str) -> dict[str, tuple[str, bytes]]:
    shell = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{POST_TITLE}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{POST_TITLE}">
<link rel="canonical" href="{base}{POST_PATH}">
<link rel="preconnect" href="{third_party}">
<script src="/static/app.js" defer></script>
</head><body><div id="app"></div>
<noscript>Please enable JavaScript to read this post.</noscript>
</body></html>"""
    home = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calm Rooms Therapy</title></head>
<body><h1>Calm Rooms Therapy</h1><p>Notes from a small counselling practice.</p>
<ul><li><a href="{POST_PATH}">{POST_TITLE}</a></li></ul></body></html>"""
    sitemap = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}{POST_PATH}</loc></url></urlset>"""
    return {
        "/": ("text/html; charset=utf-8", home.encode()),
        POST_PATH: ("text/html; charset=utf-8", shell.encode()),
        "/static/app.js": ("application/javascript", _post_script(third_party).encode()),
        "/robots.txt": ("text/plain", f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n".encode()),
        "/sitemap.xml": ("application/xml", sitemap.encode()),
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        found = self.server.pages.get(self.path.split("?")[0])  # type: ignore[attr-defined]
        content_type, body = found or ("text/plain", b"not found")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class _LoggingServer(ThreadingHTTPServer):
    def verify_request(self, request, client_address) -> bool:
        self.connections.append(client_address)  # every TCP connection, even one that sends nothing
        return True


class _Server:
    def __init__(self, host: str):
        self.httpd = _LoggingServer((host, 0), _Handler)
        self.httpd.connections = self.connections = []  # type: ignore[attr-defined]
        self.httpd.daemon_threads = True
        self.httpd.requests = self.requests = []  # type: ignore[attr-defined]
        self.httpd.pages = {}  # type: ignore[attr-defined]
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class AppShellSite:
    """The app-shell blog on 127.0.0.1 and its third party on 127.0.0.2 (another host, another port)."""

    def __init__(self, host: str = "127.0.0.1", third_party_host: str = "127.0.0.2"):
        self.host, self.third_party_host = host, third_party_host

    def __enter__(self) -> "AppShellSite":
        self.third_party = _Server(self.third_party_host)
        self.site = _Server(self.host)
        self.site.httpd.pages = _pages(self.site.url, self.third_party.url)  # type: ignore[attr-defined]
        self.url, self.requests = self.site.url, self.site.requests
        self.post_url = self.url + POST_PATH
        return self

    def __exit__(self, *exc) -> None:
        self.site.stop()
        self.third_party.stop()
