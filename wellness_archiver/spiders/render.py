"""JavaScript rendering (``crawl --render auto|never|always``) through scrapy-playwright.

The browser is Debian's chromium (``PLAYWRIGHT_LAUNCH_OPTIONS``'s
``executable_path``; nothing is downloaded), started headless with the flags
below and, as Playwright always does, a fresh temporary profile. Only page
requests marked ``meta["playwright"]`` go to it; robots.txt, sitemaps and
feeds, and with ``auto`` every ordinary page, keep Scrapy's HTTP handler, so
a crawl that renders nothing pays nothing but a byte scan of each page.

The page request itself goes through every downloader middleware (SSRF
guard, robots.txt, Crawl-delay, politeness slots) like any other. The
browser's own requests are screened by :class:`BrowserGuard`: only the
page's own site, only what robots.txt allows, no images, fonts or media.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

MODES = ("never", "auto", "always")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Resource types the browser never fetches: nothing the text depends on.
BLOCKED_TYPES = {"image", "font", "media", "websocket", "eventsource", "manifest", "texttrack", "ping", "other"}

# -- spotting an app shell: a page whose text only a script builds ----------
_SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
# One pattern per element: a literal prefix is found far faster than an alternation.
_STRIPS = [re.compile(rb"<style\b.*?</style\s*>", re.I | re.S), re.compile(rb"<template\b.*?</template\s*>", re.I | re.S),
           re.compile(rb"<noscript\b.*?</noscript\s*>", re.I | re.S), re.compile(rb"<!--.*?-->", re.S)]
_TAG = re.compile(rb"<[^>]*>")
_BODY = re.compile(rb"<body\b[^>]*>(.*)", re.I | re.S)
_MOUNT = re.compile(rb"""<div\b[^>]*\bid\s*=\s*["']?(app|root|__next|__nuxt|svelte|main-app)["']?[^>]*>\s*</div>""", re.I)
_NOSCRIPT_PLEA = re.compile(rb"<noscript\b[^>]*>[^<]{0,300}?\b(enable|turn on|requires?|needs?)\b[^<]{0,80}?javascript",
                            re.I)
# A run of prose between two tags (no code punctuation): cheap evidence the page has text.
_TEXT_RUN = re.compile(rb">[^<>{};=()]{60,}<")
_SCRIPT_SRC = re.compile(rb"<script\b[^>]*\bsrc\s*=", re.I)
SHELL_MAX_WORDS = 60  # a real post has hundreds of words in its HTML
SHELL_MIN_PARAGRAPHS = 8  # this many <p> tags: not a shell, whatever else
SHELL_MIN_LINKS = 30  # nor this many links (a shell has a handful at most)
SHELL_MIN_SCRIPT = 2000  # bytes of inline script (or external scripts) that could build a page


def app_shell_marker(body: bytes) -> str | None:
    """Why ``body`` looks like an app shell whose text a script builds (None: it does not).

    Linear regex scans of the raw bytes: no parse. Near-empty visible text is
    required, with one of: an empty mount point (``<div id="app"></div>``),
    a ``<noscript>`` plea to enable JavaScript, or scripts far larger than
    the text."""
    if body.count(b"<p>") + body.count(b"<p ") >= SHELL_MIN_PARAGRAPHS or body.count(b"<a ") >= SHELL_MIN_LINKS:
        return None  # prose or a full listing is in the HTML already (the common case: counts, no regex)
    match = _BODY.search(body)
    html = match.group(1) if match else body
    if _MOUNT.search(html):
        marker = "empty app mount point"
    elif _NOSCRIPT_PLEA.search(html):
        marker = "noscript asks for JavaScript"
    elif _SCRIPT_SRC.search(html) or html.count(b"<script") and sum(map(len, _SCRIPT.findall(html))) >= SHELL_MIN_SCRIPT:
        marker = "near-empty body with scripts"
    else:
        return None
    if len(_TEXT_RUN.findall(html, 0, 200_000)) >= 6:
        return None  # several runs of prose between tags: the text is there
    visible = _SCRIPT.sub(b" ", html)
    for pattern in _STRIPS:
        visible = pattern.sub(b" ", visible)
    words = len(_TAG.sub(b" ", visible).split())
    if words > SHELL_MAX_WORDS or (marker == "near-empty body with scripts" and words >= 10
                                   and sum(map(len, _SCRIPT.findall(html))) < SHELL_MIN_SCRIPT):
        return None
    return marker


def playwright_settings(settings) -> None:
    """Install scrapy-playwright for http(s) when rendering is on (``update_settings`` time)."""
    mode = (settings.get("WELLNESS_RENDER") or "never").lower()
    if mode not in MODES:
        raise ValueError(f"WELLNESS_RENDER must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "never":
        return
    handler = "wellness_archiver.spiders.render_handler.LazyPlaywrightDownloadHandler"
    settings.set("DOWNLOAD_HANDLERS", {**settings.getdict("DOWNLOAD_HANDLERS"), "http": handler, "https": handler},
                 priority="spider")
    settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", priority="spider")
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", {"executable_path": settings.get("WELLNESS_CHROMIUM") or CHROMIUM,
                                               "headless": True, "args": CHROMIUM_FLAGS}, priority="spider")
    # The page's HTML is what is archived; scripts get the download timeout to build it.
    settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", settings.getfloat("DOWNLOAD_TIMEOUT", 30) * 1000,
                 priority="spider")


class BrowserGuard:
    """``PLAYWRIGHT_ABORT_REQUEST``: True (abort) for every browser request the crawl would not make itself."""

    def __init__(self, crawler: Any, on_site, user_agent: str):
        self.crawler = crawler
        self.on_site = on_site  # the spider's check: a seed's host
        self.user_agent = user_agent
        self.refused: list[tuple[str, str]] = []  # (url, why), for the log and tests

    def _robots(self, url: str) -> bool:
        """What robots.txt says of a same-site URL (the page's own robots.txt, already fetched)."""
        try:
            middlewares = self.crawler.engine.downloader.middleware.middlewares
        except AttributeError:
            return False
        for mw in middlewares:
            parsers = getattr(mw, "_parsers", None)  # RobotsTxtMiddleware's parsers, by netloc
            if parsers is None:
                continue
            parser = parsers.get(urlsplit(url).netloc)
            if parser is None:  # robots.txt unreachable: allowed, as for the crawl itself
                return urlsplit(url).netloc in parsers
            if hasattr(parser, "allowed"):
                return parser.allowed(url, self.user_agent)
            return False  # still being fetched: not now
        return True  # ROBOTSTXT_OBEY is off

    def __call__(self, request: Any) -> bool:
        url = request.url
        why = None
        if url.startswith(("data:", "blob:")):
            return False  # no network
        if not url.startswith(("http://", "https://")):
            why = "not http(s)"
        elif request.resource_type in BLOCKED_TYPES:
            why = f"{request.resource_type} not needed"
        elif not self.on_site(url):
            why = "third-party host"
        elif not self._robots(url):
            why = "robots.txt disallowed"
        if why is None:
            return False
        self.refused.append((url, why))
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value(f"wellness/render_refused/{why}")
        return True
