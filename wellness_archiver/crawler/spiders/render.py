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
page's own site, only what robots.txt allows, nothing forgotten, no images,
fonts or media. Chromium follows redirects and resolves names itself, out of
the guard's sight, so it is started with ``--host-resolver-rules`` resolving
only the seeds' hosts, to the addresses the crawl's SSRF guard accepted (any
other host, IP literals included, fails to resolve: no packet leaves), and
after a rendering every hop of the page's navigation is checked again
(:meth:`BrowserGuard.hop_refusal`): a redirect off the seeds' sites, to a
forgotten or robots.txt-disallowed URL, or to an address the guard refuses
fails the page with that reason and no DOM is stored.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from wellness_archiver.archive.tombstones import refusal
from wellness_archiver.crawler.middlewares.robots_policy import DISALLOW_ALL
from wellness_archiver.crawler.settings import read

MODES = ("never", "auto", "always")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Resource types the browser never fetches: nothing the text depends on.
BLOCKED_TYPES = {"image", "font", "media", "websocket", "eventsource", "manifest", "texttrack", "ping", "other"}

# -- spotting an app shell: a page whose text only a script builds ----------
# Hostile pages ("<div " x 40,000, no ">") made regexes like <div\b[^>]*> scan
# to the end of the page from every repeat, on the reactor thread. So tags are
# found with bytes.find from the last position (a tag ends at its ">" or the
# end of input) and regexes only run inside one tag or a bounded window.
SHELL_SCAN_MAX = 2_000_000  # bytes looked at; an app shell is far smaller
_NAME_CHAR = re.compile(rb"[a-z0-9_]")
_MOUNT_ID = re.compile(rb"""\bid\s*=\s*["']?(app|root|__next|__nuxt|svelte|main-app)(?![a-z0-9_-])""")
_EMPTY_CLOSE_DIV = re.compile(rb"\s*</div\s*>")
_PLEA = re.compile(rb"\b(enable|turn on|requires?|needs?)\b[^<]{0,80}?javascript")
_SRC_ATTR = re.compile(rb"\bsrc\s*=")
# A run of prose between two tags (no code punctuation): cheap evidence the page has text.
# Linear as it is: a run stops at the next ">", so runs never overlap.
_TEXT_RUN = re.compile(rb">[^<>{};=()]{60,}<")
SHELL_MAX_WORDS = 60  # a real post has hundreds of words in its HTML
SHELL_MIN_PARAGRAPHS = 8  # this many <p> tags: not a shell, whatever else
SHELL_MIN_LINKS = 30  # nor this many links (a shell has a handful at most)
SHELL_MIN_SCRIPT = 2000  # bytes of inline script (or external scripts) that could build a page


def _tag_end(low: bytes, start: int) -> int:
    """Just past the ">" closing the tag opened at ``start`` (the end of input if none)."""
    end = low.find(b">", start)
    return len(low) if end < 0 else end + 1


def _next_tag(low: bytes, opening: bytes, pos: int) -> tuple[int, int] | None:
    """(start, just past the name) of the first ``opening`` tag at or after ``pos``
    (``<div`` matches ``<div>`` and ``<div class=...``, never ``<divx>``)."""
    while (start := low.find(opening, pos)) >= 0:
        after = start + len(opening)
        if after < len(low) and _NAME_CHAR.match(low, after):
            pos = after
            continue
        return start, after
    return None


def _tags(low: bytes, name: bytes):
    """(start, end) of each ``<name`` opening tag of lower-cased ``low``, in one pass."""
    opening, pos = b"<" + name, 0
    while found := _next_tag(low, opening, pos):
        start, pos = found[0], _tag_end(low, found[1])
        yield start, pos


def _elements(low: bytes, name: bytes):
    """(start, content start, content end, end) of each ``<name ...>...</name>`` element, in one pass."""
    opening, closing, pos = b"<" + name, b"</" + name, 0
    while found := _next_tag(low, opening, pos):
        start, open_end = found[0], _tag_end(low, found[1])
        close = low.find(closing, open_end)
        if close < 0:
            return  # no closing tag after this one: none after any later one either
        pos = _tag_end(low, close + len(closing))
        yield start, open_end, close, pos


def _cut(low: bytes, spans) -> bytes:
    """``low`` without the (start, end) spans (increasing, disjoint), each replaced by a space."""
    parts, pos = [], 0
    for start, end in spans:
        parts.append(low[pos:start])
        pos = end
    parts.append(low[pos:])
    return b" ".join(parts)


def _script_bytes(low: bytes) -> int:
    return sum(close - open_end for _, open_end, close, _ in _elements(low, b"script"))


def _comments(low: bytes):
    pos = 0
    while (start := low.find(b"<!--", pos)) >= 0:
        close = low.find(b"-->", start + 4)
        if close < 0:
            return
        pos = close + 3
        yield start, pos


def _visible_words(low: bytes) -> int:
    """Words outside tags, scripts, styles, templates, noscripts and comments."""
    for name in (b"script", b"style", b"template", b"noscript"):
        low = _cut(low, [(s, e) for s, _, _, e in _elements(low, name)])
    low = _cut(low, list(_comments(low)))
    words, pos = 0, 0
    while pos < len(low):
        start = low.find(b"<", pos)
        words += len(low[pos:len(low) if start < 0 else start].split())
        if start < 0:
            break
        pos = _tag_end(low, start + 1)
    return words


def app_shell_marker(body: bytes) -> str | None:
    """Why ``body`` looks like an app shell whose text a script builds (None: it does not).

    Linear scans of the raw bytes (the first SHELL_SCAN_MAX): no parse.
    Near-empty visible text is required, with one of: an empty mount point
    (``<div id="app"></div>``), a ``<noscript>`` plea to enable JavaScript, or
    scripts far larger than the text."""
    if body.count(b"<p>") + body.count(b"<p ") >= SHELL_MIN_PARAGRAPHS or body.count(b"<a ") >= SHELL_MIN_LINKS:
        return None  # prose or a full listing is in the HTML already (the common case: counts, no regex)
    low = body[:SHELL_SCAN_MAX].lower()
    html = next((low[end:] for _, end in _tags(low, b"body")), low)
    if any(_MOUNT_ID.search(html, start, end) and _EMPTY_CLOSE_DIV.match(html, end)
           for start, end in _tags(html, b"div") if html[end - 1:end] == b">"):
        marker = "empty app mount point"
    elif any(_PLEA.search(html[end:end + 390].split(b"<", 1)[0]) for _, end in _tags(html, b"noscript")):
        marker = "noscript asks for JavaScript"
    elif (any(_SRC_ATTR.search(html, start, end) for start, end in _tags(html, b"script"))
          or _script_bytes(html) >= SHELL_MIN_SCRIPT):
        marker = "near-empty body with scripts"
    else:
        return None
    if len(_TEXT_RUN.findall(html, 0, 200_000)) >= 6:
        return None  # several runs of prose between tags: the text is there
    words = _visible_words(html)
    if words > SHELL_MAX_WORDS or (marker == "near-empty body with scripts" and words >= 10
                                   and _script_bytes(html) < SHELL_MIN_SCRIPT):
        return None
    return marker


def playwright_settings(settings) -> None:
    """Install scrapy-playwright for http(s) when rendering is on (``update_settings`` time)."""
    config = read(settings)
    mode = config.render
    if mode not in MODES:
        raise ValueError(f"WELLNESS_RENDER must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "never":
        return
    handler = "wellness_archiver.crawler.spiders.render_handler.LazyPlaywrightDownloadHandler"
    settings.set("DOWNLOAD_HANDLERS", {**settings.getdict("DOWNLOAD_HANDLERS"), "http": handler, "https": handler},
                 priority="spider")
    settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", priority="spider")
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", {"executable_path": config.chromium,
                                               "headless": True, "args": CHROMIUM_FLAGS}, priority="spider")
    # The page's HTML is what is archived; scripts get the download timeout to build it.
    settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", settings.getfloat("DOWNLOAD_TIMEOUT") * 1000,
                 priority="spider")


class BrowserGuard:
    """``PLAYWRIGHT_ABORT_REQUEST``: True (abort) for every browser request the crawl would not make itself."""

    def __init__(self, crawler: Any, on_site, user_agent: str):
        self.crawler = crawler
        self.on_site = on_site  # the spider's check: a seed's host
        self.user_agent = user_agent
        self.refused: list[tuple[str, str]] = []  # (url, why), for the log and tests

    def _middlewares(self) -> list | None:
        try:
            return self.crawler.engine.downloader.middleware.middlewares
        except AttributeError:
            return None

    def _robots(self, url: str) -> bool:
        """What robots.txt says of a same-site URL (the page's own robots.txt, already fetched)."""
        middlewares = self._middlewares()
        if middlewares is None:
            return False
        netloc = urlsplit(url).netloc
        for mw in middlewares:
            parsers = getattr(mw, "_parsers", None)  # RobotsTxtMiddleware's parsers, by netloc
            if parsers is None:
                continue
            if getattr(mw, "decisions", {}).get(netloc, ("",))[0] == DISALLOW_ALL:
                return False  # RFC 9309: robots.txt 5xx or unreachable (the crawl refuses these too)
            parser = parsers.get(netloc)
            if parser is not None and hasattr(parser, "allowed"):
                return parser.allowed(url, self.user_agent)
            return False  # still being fetched, or failed: not now
        return True  # ROBOTSTXT_OBEY is off

    def _forgotten(self, url: str) -> str | None:
        """The tombstone's reason if ``url`` was forgotten on request (TombstoneMiddleware's list)."""
        for mw in self._middlewares() or []:
            tombstones = getattr(mw, "tombstones", None)
            if tombstones is not None:
                return tombstones.reason(url)
        return None

    def _refuse(self, url: str, why: str, stat: str) -> None:
        self.refused.append((url, why))
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value(f"wellness/render_refused/{stat}")

    async def hop_refusal(self, urls) -> str | None:
        """Why a rendering whose navigation went through ``urls`` (redirect hops, then the
        final URL) must be refused, or None: checked as the crawl checks a redirect."""
        from scrapy.utils.defer import maybe_deferred_to_future

        from wellness_archiver.crawler.middlewares.ssrf import SSRFGuardMiddleware
        from wellness_archiver.crawler.middlewares.ssrf_policy import is_literal, url_endpoint

        resolver = SSRFGuardMiddleware._resolver()
        for url in dict.fromkeys(urls):
            if not self.on_site(url):
                why, stat = "third-party host", "third-party host"
            elif reason := self._forgotten(url):
                why, stat = refusal(reason), "forgotten"
            elif not self._robots(url):
                why, stat = "robots.txt disallowed", "robots.txt disallowed"
            else:
                why, stat = None, "SSRF guard"
                host, port = url_endpoint(url)
                if resolver is not None and resolver.enabled and host:
                    addresses = [host] if is_literal(host) else await maybe_deferred_to_future(resolver.lookup(host))
                    why = resolver.policy.check(host, addresses, port)
            if why:
                self._refuse(url, why, stat)
                return f"{why} (browser navigation to {url})"
        return None

    async def host_resolver_rules(self, hosts) -> str:
        """Chromium's ``--host-resolver-rules``: each of ``hosts`` pinned to an address the SSRF
        guard accepts (IP literals as they are), every other name unresolvable."""
        from scrapy.utils.defer import maybe_deferred_to_future

        from wellness_archiver.crawler.middlewares.ssrf import SSRFGuardMiddleware
        from wellness_archiver.crawler.middlewares.ssrf_policy import is_literal

        resolver = SSRFGuardMiddleware._resolver()
        rules, literals = [], []
        for host, port in sorted(hosts):
            if is_literal(host):
                literals.append(host if ":" not in host else f"[{host}]")
                continue
            try:
                addresses = await maybe_deferred_to_future(resolver.lookup(host)) if resolver is not None else []
            except Exception:  # noqa: BLE001 - unresolvable now: left unresolvable for Chromium too
                addresses = []
            if resolver is not None and resolver.enabled:
                addresses = [a for a in addresses if not resolver.policy.check(host, [a], port)]
            if addresses:
                address = addresses[0]
                rules.append(f"MAP {host} {address if ':' not in address else f'[{address}]'}")
        rules.append("MAP * ~NOTFOUND")
        rules += [f"EXCLUDE {literal}" for literal in literals]
        return ", ".join(rules)

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
        elif reason := self._forgotten(url):
            self._refuse(url, refusal(reason), "forgotten")
            return True
        elif not self._robots(url):
            why = "robots.txt disallowed"
        if why is None:
            return False
        self._refuse(url, why, why)
        return True
