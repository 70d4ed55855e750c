"""Fetch one page for ``extract URL``, through the crawl's own downloader.

A one-request Scrapy crawl with the project's settings, so a hand check gets
the crawl's protections and not a second, weaker HTTP client: the SSRF guard
(the resolver and both middlewares: every redirect is checked again, and
``--allow-private`` trusts exactly the URL's host:port), ``DOWNLOAD_MAXSIZE``
(a 1.5 GB body is cancelled, not read into memory) and one total deadline for
the whole fetch, redirects included: each hop gets only the time left, so a
server dripping one byte a second is cut off at the deadline. No retries, no
robots.txt (one page fetched by hand, as a browser would), no archive: not
even the tombstones' middleware, whose tombstones come with a crawl's state,
read from ARCHIVE_DB. Scrapy's remote-control consoles stay off, as in a crawl.
"""

from __future__ import annotations

import time
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.settings import Settings

from wellness_archiver.crawler import settings as project_settings
from wellness_archiver.crawler.hardening import harden
from wellness_archiver.crawler.settings import user_agent
from wellness_archiver.crawler.spiders.failures import describe_failure

DEADLINE_PREFIX = "deadline"
TOMBSTONES = "wellness_archiver.crawler.middlewares.tombstones.TombstoneMiddleware"  # needs a crawl state


class FetchError(Exception):
    """The page could not be fetched; the message is the reason, as the crawl records it."""


class DeadlineMiddleware:
    """Give each request (redirects included) only the time left before the spider's deadline.

    After DownloadTimeoutMiddleware (350), whose ``setdefault`` would keep a
    redirect's copied timeout: the time left is set on every hop.
    """

    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DeadlineMiddleware":
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        left = spider.deadline - time.monotonic()
        if left <= 0:
            raise IgnoreRequest(f"{DEADLINE_PREFIX}: no answer within {spider.timeout:g} s")
        request.meta["download_timeout"] = left


class OnePageSpider(Spider):
    name = "extract-fetch"

    def __init__(self, url: str, timeout: float, result: dict, **kwargs: Any):
        super().__init__(**kwargs)
        self.seeds = [url]  # what the SSRF guard trusts under --allow-private
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.result = result

    async def start(self):
        yield Request(self.seeds[0], callback=self.fetched, errback=self.failed, dont_filter=True)

    def fetched(self, response: Any) -> None:
        self.result.update(body=response.body, url=response.url)

    def failed(self, failure: Any) -> None:
        reason = describe_failure(failure)
        if reason == "timeout":
            reason = f"timeout: no complete answer within {self.timeout:g} s"
        self.result["error"] = reason


def fetch_settings(*, allow_private: bool, timeout: float, overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    one_page = {
        "ITEM_PIPELINES": {},
        "ROBOTSTXT_OBEY": False,
        "RETRY_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "DOWNLOAD_TIMEOUT": timeout,
        "LOG_LEVEL": "CRITICAL",
        "USER_AGENT": user_agent(),
        "WELLNESS_ALLOW_PRIVATE": allow_private,
        "DOWNLOADER_MIDDLEWARES": {**{name: order for name, order in project_settings.DOWNLOADER_MIDDLEWARES.items()
                                      if name != TOMBSTONES},
                                   "wellness_archiver.crawler.fetch.DeadlineMiddleware": 351},
    }
    for name, value in {**one_page, **(overrides or {})}.items():
        settings.set(name, value, priority="cmdline")
    harden(settings)
    return settings


def fetch(url: str, *, allow_private: bool = False, timeout: float = 30.0,
          overrides: dict | None = None) -> tuple[bytes, str]:
    """(body, final URL) of ``url``, or FetchError with the reason.

    Starts a reactor: call it once per process (the CLI does).
    """
    from scrapy.crawler import AsyncCrawlerProcess

    result: dict = {}
    process = AsyncCrawlerProcess(fetch_settings(allow_private=allow_private, timeout=timeout,
                                                 overrides=overrides))
    process.crawl(OnePageSpider, url=url, timeout=timeout, result=result)
    process.start()
    if "body" in result:
        return result["body"], result["url"]
    raise FetchError(result.get("error") or "no response")
