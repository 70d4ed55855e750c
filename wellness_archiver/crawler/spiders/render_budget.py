"""Size caps and politeness for the rendering browser's own requests (``crawl --render``).

The page request itself goes through Scrapy's downloader (slots, delays,
DOWNLOAD_MAXSIZE). The scripts, stylesheets and XHRs that :class:`BrowserGuard`
lets the page fetch from its own site would otherwise go straight from
Chromium, unpaced and unbounded. So every such subrequest is made with
Playwright's ``route.fetch()`` (no redirect followed: a 3xx is handed to the
browser, whose next request comes through the route and the guard again),
after:

- its host's turn: the host's Scrapy download slot delay (DOWNLOAD_DELAY,
  Crawl-delay, AutoThrottle: whatever the slot says, else DOWNLOAD_DELAY)
  after the slot's last request, and at most CONCURRENT_REQUESTS_PER_DOMAIN
  at once; the slot's ``lastseen`` is moved on, so the crawl's next page
  waits after the browser's last subrequest too;
- the address check the crawl makes (SSRF guard on the host's resolution).

A body larger than DOWNLOAD_MAXSIZE is not delivered, nor one that would take
the page's subrequests together past DOWNLOAD_MAXSIZE (a per-page budget):
the request is aborted and recorded as a refusal (a warning in the crawl's log, and
``wellness/render_refused/too large`` or ``.../page budget`` in its stats). ``route.fetch`` reads the whole body before it can be
measured: the cap bounds what reaches the page, the download timeout bounds
the read.
"""

from __future__ import annotations

import asyncio
import logging
from time import monotonic as time  # the clock of Scrapy's download slots (lastseen)
from typing import Any

from scrapy import Request

logger = logging.getLogger(__name__)


class BrowserBudget:
    def __init__(self, crawler: Any, guard: Any):
        settings = crawler.settings
        self.crawler, self.guard = crawler, guard
        self.maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self.delay = settings.getfloat("DOWNLOAD_DELAY")
        self.timeout_ms = settings.getfloat("DOWNLOAD_TIMEOUT") * 1000
        self.per_host = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 1)
        self._turns: dict[str, asyncio.Lock] = {}
        self._open: dict[str, asyncio.Semaphore] = {}
        self._last: dict[str, float] = {}

    def _slot(self, url: str):
        try:
            downloader = self.crawler.engine.downloader
            return downloader.slots.get(downloader.get_slot_key(Request(url)))
        except Exception:  # noqa: BLE001 - no engine (library use): pace on our own clock
            return None

    async def _turn(self, url: str) -> None:
        """Wait until the host's delay has passed since its last request (page or subrequest)."""
        slot = self._slot(url)
        key = self._key(url)
        async with self._turns.setdefault(key, asyncio.Lock()):
            delay = slot.download_delay() if slot is not None else self.delay
            last = max(self._last.get(key, 0.0), slot.lastseen if slot is not None else 0.0)
            wait = last + delay - time()
            if wait > 0:
                self._stat("wellness/render_paced")
                await asyncio.sleep(wait)
            self._last[key] = now = time()
            if slot is not None:
                slot.lastseen = now

    def navigated(self, url: str) -> None:
        """The browser sends the page request (Scrapy paced it, earlier): subrequests wait from now."""
        self._last[self._key(url)] = time()

    @staticmethod
    def _key(url: str) -> str:
        from urllib.parse import urlsplit

        return urlsplit(url).netloc.lower()

    def _stat(self, name: str, count: int = 1) -> None:
        stats = getattr(self.crawler, "stats", None)
        if stats is not None:
            stats.inc_value(name, count)

    async def fetch(self, route: Any, url: str, overrides: dict, spent: list[int] | None = None) -> None:
        """Fetch a subrequest for the browser within the host's politeness and the size cap."""
        from playwright.async_api import Error as PlaywrightError

        reason = await self.guard.hop_refusal([url])  # the address check (the rest passed the guard)
        if reason:
            await route.abort()
            return
        async with self._open.setdefault(self._key(url), asyncio.Semaphore(self.per_host)):
            await self._turn(url)
            try:
                response = await route.fetch(max_redirects=0, timeout=self.timeout_ms, **overrides)
                body = await response.body()
            except PlaywrightError:
                await route.abort("failed")
                return
        self._stat("wellness/render_subrequests")
        self._stat("wellness/render_subrequest_bytes", len(body))
        why = kind = None
        if self.maxsize and len(body) > self.maxsize:
            why, kind = f"larger than DOWNLOAD_MAXSIZE ({len(body)} > {self.maxsize} bytes)", "too large"
        elif spent is not None and self.maxsize and spent[0] + len(body) > self.maxsize:
            why = f"over the page's budget of DOWNLOAD_MAXSIZE ({spent[0]} + {len(body)} > {self.maxsize} bytes)"
            kind = "page budget"
        if why:
            self.guard._refuse(url, why, kind)
            logger.warning("Browser subrequest refused: %s: %s", url, why)
            await response.dispose()
            await route.abort("failed")
            return
        if spent is not None:
            spent[0] += len(body)
        await route.fulfill(response=response, body=body)


class _BudgetRoute:
    """A Playwright Route whose ``continue_`` goes through :meth:`BrowserBudget.fetch`."""

    def __init__(self, route: Any, url: str, budget: BrowserBudget, spent: list[int]):
        self._route, self._url, self._budget, self._spent = route, url, budget, spent

    def __getattr__(self, name: str):
        return getattr(self._route, name)

    async def continue_(self, **overrides) -> None:
        await self._budget.fetch(self._route, self._url, {k: v for k, v in overrides.items()
                                                          if k in ("headers", "method", "post_data")},
                                 self._spent)


def install(handler: Any, budget: BrowserBudget) -> None:
    """Make scrapy-playwright's route handler (after its abort check and header processing)
    fetch same-site subrequests through ``budget``; navigations stay Chromium's (redirect hops
    are checked by ``BrowserGuard.hop_refusal``)."""
    make = handler._make_request_handler

    def make_request_handler(*args, **kwargs):
        inner = make(*args, **kwargs)  # one per page request: its subrequests share one budget
        spent = [0]

        async def request_handler(route, playwright_request) -> None:
            url = playwright_request.url
            if not url.startswith(("http:", "https:")):
                return await inner(route, playwright_request)
            if playwright_request.is_navigation_request():
                budget.navigated(url)
                return await inner(route, playwright_request)
            return await inner(_BudgetRoute(route, url, budget, spent), playwright_request)

        return request_handler

    handler._make_request_handler = make_request_handler
