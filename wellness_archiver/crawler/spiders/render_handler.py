"""The download handler of ``--render``: Scrapy's HTTP handler, plus scrapy-playwright
for the requests marked ``meta["playwright"]``, imported and started on the first one.

The stock scrapy-playwright handler is imported with the crawl (Playwright's
modules: seconds on a loaded machine) and starts Playwright's driver, a Node
process, per scheme as the engine starts, even when ``--render auto`` finds
no app shell. Here a crawl that renders nothing pays for neither. (Uses the
handler's ``_launch``, as its engine_started signal has passed: pinned below
scrapy-playwright 0.1.)

Chromium is launched with its name resolution pinned to the seeds' hosts
(``BrowserGuard.host_resolver_rules``), and a rendering whose navigation went
anywhere the crawl would not go fails with the reason (``hop_refusal``). Its
same-site subrequests are paced and size-capped (``render_budget.py``).
"""

from __future__ import annotations

import asyncio

from wellness_archiver.crawler.preload import preload_download_handler

preload_download_handler()  # before the import below: without its ~0.4 s of stack walks (crawler/preload.py)

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler  # noqa: E402
from scrapy.exceptions import IgnoreRequest  # noqa: E402

from wellness_archiver.crawler.middlewares.ssrf_policy import url_endpoint  # noqa: E402
from wellness_archiver.crawler.spiders.render_budget import BrowserBudget  # noqa: E402
from wellness_archiver.crawler.spiders.render_budget import install as install_budget  # noqa: E402


class LazyPlaywrightDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._browser_handler = None
        self._start_lock = asyncio.Lock()

    async def _browser(self):
        async with self._start_lock:
            if self._browser_handler is None:
                from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

                handler = ScrapyPlaywrightDownloadHandler.from_crawler(self._crawler)
                guard = self._guard()
                if guard is not None:  # Chromium resolves names itself: only the seeds', as the guard did
                    seeds = getattr(self._crawler.spider, "seeds", [])
                    rules = await guard.host_resolver_rules({url_endpoint(url) for url in seeds} - {(None, None)})
                    options = handler.config.launch_options
                    options["args"] = [*options.get("args", []), f"--host-resolver-rules={rules}"]
                    # Its own subrequests: paced like the crawl's, bounded by DOWNLOAD_MAXSIZE.
                    install_budget(handler, BrowserBudget(self._crawler, guard))
                await handler._launch()
                self._browser_handler = handler
        return self._browser_handler

    async def download_request(self, request):
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        browser = await self._browser()
        guard = self._guard()
        if guard is None:
            return await browser.download_request(request)
        hops: list[str] = []  # the main frame's navigations, redirects included (the route never sees those)

        def navigated(browser_request) -> None:
            try:
                if browser_request.is_navigation_request() and browser_request.frame.parent_frame is None:
                    hops.append(browser_request.url)
            except Exception:  # noqa: BLE001 - a request without a frame (service worker): not a navigation
                pass

        handlers = request.meta.get("playwright_page_event_handlers") or {}
        request.meta["playwright_page_event_handlers"] = {**handlers, "request": navigated}
        try:
            response = await browser.download_request(request)
        except Exception:
            reason = await guard.hop_refusal(hops)
            if reason:  # e.g. the redirect's host did not resolve: say why
                raise IgnoreRequest(reason) from None
            raise
        finally:
            request.meta["playwright_page_event_handlers"] = handlers  # no closure in a persisted meta
        reason = await guard.hop_refusal([*hops, *request.meta.get("redirect_urls", []), response.url])
        if reason:
            raise IgnoreRequest(reason)  # recorded by the errback; the DOM is not stored
        return response

    def _guard(self):
        return getattr(getattr(self._crawler, "spider", None), "browser_guard", None)

    async def close(self) -> None:
        await super().close()
        if self._browser_handler is not None:
            await self._browser_handler.close()
