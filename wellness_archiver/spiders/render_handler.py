"""The download handler of ``--render``: Scrapy's HTTP handler, plus scrapy-playwright
for the requests marked ``meta["playwright"]``, imported and started on the first one.

The stock scrapy-playwright handler is imported with the crawl (Playwright's
modules: seconds on a loaded machine) and starts Playwright's driver, a Node
process, per scheme as the engine starts, even when ``--render auto`` finds
no app shell. Here a crawl that renders nothing pays for neither. (Uses the
handler's ``_launch``, as its engine_started signal has passed: pinned below
scrapy-playwright 0.1.)
"""

from __future__ import annotations

import asyncio

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler


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
                await handler._launch()
                self._browser_handler = handler
        return self._browser_handler

    async def download_request(self, request):
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        return await (await self._browser()).download_request(request)

    async def close(self) -> None:
        await super().close()
        if self._browser_handler is not None:
            await self._browser_handler.close()
