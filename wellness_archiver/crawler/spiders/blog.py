"""The ``blog`` spider: discover every post of a few blogs, fetch, classify.

Discovery, in the order a blog offers it: robots.txt ``Sitemap:`` lines and
sitemap indexes (Scrapy's SitemapSpider), feeds linked from pages (RSS, Atom, JSON Feed),
then pagination and internal links (LinkExtractor). It stays on the seeds'
hosts and yields one :class:`PageItem` per URL tried, including failures, so
the archive records why a page is missing.

Each item carries the URLs first found on its page; the archive commits them
as the crawl frontier with the page, and ``--resume`` (``WELLNESS_RESUME_RUN``)
restarts from that frontier after a crash: URLs done are never requested
again, URLs pending are requested first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spiders import SitemapSpider
from twisted.python.failure import Failure

from wellness_archiver.crawler import signals as project_signals
from wellness_archiver.crawler.hardening import harden
from wellness_archiver.crawler.items import BLOCKED, ERROR, FEED, OTHER, POST, UNCHANGED, Discovered, PageItem
from wellness_archiver.crawler.settings import read
from wellness_archiver.crawler.state import CrawlState, site_hosts
from wellness_archiver.crawler.spiders.classify import classify, declared_post, head_of
from wellness_archiver.crawler.spiders.failures import SITEMAP_LIMIT, describe_failure
from wellness_archiver.crawler.spiders.feeds import feed_links
from wellness_archiver.crawler.spiders.links import NewLinks
from wellness_archiver.crawler.spiders.policy import TDMRepRules, may_follow, page_refusal, robots_directives
from wellness_archiver.crawler.spiders.records import content_type, failure_record, page_record, refusal_record
from wellness_archiver.crawler.spiders.render import BrowserGuard, app_shell_marker, playwright_settings
from wellness_archiver.crawler.spiders.sitemaps import SITEMAP_CHUNK, SITEMAP_PRIORITY, SitemapCaps, unchanged_since
from wellness_archiver.crawler.spiders.traps import TrapDetector
from wellness_archiver.urls import ascii_netloc, clean_url, host_key, normalise_seed

# Control bytes no text page has (NUL and friends; not tab, newline, CR, FF).
BINARY_SNIFF = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
FEED_CONTENT = re.compile(r"(rss|atom)\+xml|/xml|text/xml|feed\+json")


class BlogSpider(SitemapSpider):
    name = "blog"
    sitemap_rules = [("", "parse_page")]

    def __init__(self, urls: str | list[str] = "", *args: Any, state: CrawlState | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if state is not None and not isinstance(state, CrawlState):
            raise ValueError("state= is a CrawlState, passed by the jobs layer (not a -a argument)")
        if isinstance(urls, str):
            urls = [u for u in re.split(r"[\s,]+", urls) if u]
        self.seeds = [normalise_seed(u) for u in urls]
        if not self.seeds:
            raise ValueError("the blog spider needs at least one start URL: -a urls=https://example.blog/")
        self.hosts = site_hosts(self.seeds)
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.seeds})
        self.sitemap_urls = [urljoin(u, "/robots.txt") for u in self.seeds]
        # URLs already requested, raw and cleaned. Blog pages repeat the same
        # ~50 nav/sidebar/related links, so nearly every link is a repeat;
        # dropping repeats here spares building, fingerprinting and passing
        # a Request through every middleware only for the dupefilter to
        # discard it (the dupefilter stays the authority across resumes).
        self.seen_urls: set[str] = set()
        self.new_links = NewLinks(self.on_site, self.seen_urls)
        self.traps = TrapDetector(limit=0)  # set from settings in from_crawler
        self.ignore_tdm = False
        # What the archive knows (revisit validators, a resumed frontier):
        # given as state=, or sent by the store pipeline (crawl_state signal).
        self.crawl_state: CrawlState | None = None
        self._given_state = state
        self.revisit: dict[str, dict] = {}  # stored post URL -> fetched_at, validators
        self.tdm = TDMRepRules()
        self.max_pages = self.max_depth = 0  # per-site caps, from settings
        self.max_url_length = 0  # URLLENGTH_LIMIT: longer links are recorded as refused, not dropped
        self.site_pages: Counter[str] = Counter()  # page requests made per site
        self.pending: list[dict] = []  # a resumed run's frontier, requested first
        self.sitemap_caps = SitemapCaps(0, 0)  # per-site sitemap caps, from settings
        self.render = "never"  # --render: never | auto (app shells only) | always, from settings

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        config = read(crawler.settings)
        spider.traps = TrapDetector(config.trap_limit)
        spider.ignore_tdm = config.ignore_tdm
        spider.max_pages, spider.max_depth = config.max_pages, config.max_depth
        spider.sitemap_caps = SitemapCaps(config.sitemap_max_depth, config.sitemap_max_count)
        spider.render = config.render
        if spider.render != "never":  # the browser's own requests: this site, robots.txt, no images or fonts
            spider.browser_guard = BrowserGuard(crawler, spider.on_site, config.user_agent)
            crawler.settings.set("PLAYWRIGHT_ABORT_REQUEST", spider.browser_guard, priority="spider")
        spider.max_url_length = crawler.settings.getint("URLLENGTH_LIMIT")
        if spider._given_state is not None:
            spider.use_state(spider._given_state)
        else:  # a bare `scrapy crawl blog`: the store pipeline sends it when it opens
            crawler.signals.connect(spider.use_state, signal=project_signals.crawl_state)
        return spider

    def use_state(self, state: CrawlState) -> None:
        """Start from what the archive knows. Incremental: posts already stored
        are revisited conditionally (ETag/Last-Modified), or not at all when the
        sitemap's lastmod says they have not changed since. Resumed: what was
        done is seen, and counts against the caps and trap limits again; what
        was pending is requested first."""
        if self.crawl_state is not None:
            return
        self.crawl_state = state
        self.revisit = state.revisit
        self.pending = state.pending
        for url, kind in [*state.done.items(), *((row["url"], row["kind"]) for row in state.pending)]:
            self.seen_urls.add(url)
            self.traps.check(url)
            if kind != "feed":
                self.site_pages[self._site_key(urlsplit(url).netloc)] += 1

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        # The User-Agent names the project, its version and WELLNESS_CONTACT;
        # an explicit -s USER_AGENT=... (cmdline priority) still wins.
        settings.set("USER_AGENT", read(settings).user_agent, priority="spider")
        playwright_settings(settings)
        harden(settings)  # consoles off, per-host cap on, whatever -s says

    @staticmethod
    def _site_key(netloc: str) -> str:
        return host_key(netloc)

    def on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and self._site_key(parts.netloc) in self.hosts

    async def start(self) -> AsyncIterator[Any]:
        if self.crawl_state is None:
            self.logger.warning("no crawl state (no store pipeline?): nothing is revisited or resumed",
                                extra={"spider": self})
            self.use_state(CrawlState())
        for url in self.seeds:
            yield Request(urljoin(url, "/.well-known/tdmrep.json"), callback=self.parse_tdmrep,
                          errback=self.on_discovery_error, priority=10)
        for url in self.sitemap_urls:
            # Sitemaps first (they list every post at once): pages fetched
            # before them would each run the link extractor for links the
            # sitemap is about to give anyway.
            # allow_offsite: a robots.txt redirected to another host (www. to
            # the apex) is read, not dropped by the offsite filter.
            yield Request(url, callback=self._parse_sitemap, errback=self.on_discovery_error,
                          priority=SITEMAP_PRIORITY, meta={"allow_offsite": True})
        for row in self.pending:
            yield self._request(row["url"], row["referrer"], row["depth"], row["kind"])
        seeds = []
        for url in self.seeds:
            if url in self.seen_urls or clean_url(url) in self.seen_urls:
                continue  # resumed: done, or pending above
            self.seen_urls.add(url)
            self.site_pages[self._site_key(urlsplit(url).netloc)] += 1
            seeds.append(self._request(clean_url(url), referrer=None, depth=0))
        if seeds:
            yield Discovered(source="seeds", links=self._frontier_rows(seeds))
        for request in seeds:
            yield request

    # -- discovery ----------------------------------------------------------

    def _parse_sitemap(self, response: Response) -> Iterable[Any]:
        # SitemapSpider builds bare Requests; give post requests our errback
        # so their failures are archived, and keep them on the seeds' hosts.
        # A sitemap is the site's own table of contents: its entries are at
        # depth 1, as if linked from the home page. Its URLs go out in chunks,
        # each chunk's frontier rows first: Scrapy takes the next output only
        # once it has queued the last (on disk), so a sitemap of 50,000 URLs
        # never has more than a chunk of Requests alive.
        found: list[Any] = []
        for request in super()._parse_sitemap(response):
            if not self.on_site(request.url):
                continue
            if request.callback == self.parse_page:
                found.extend(self._follow_url(request.url, referrer=response.url, depth=1))
            else:
                found.extend(self._follow_sitemap(request, response))
            if len(found) >= SITEMAP_CHUNK:
                yield from self._discovered(response.url, found)
                found = []
        yield from self._discovered(response.url, found)

    def _discovered(self, source: str, found: list[Any]) -> Iterable[Any]:
        links = self._frontier_rows(found)
        if links:
            yield Discovered(source=source, links=links)
        yield from found

    def _follow_sitemap(self, request: Request, parent: Response) -> Iterable[Request | PageItem]:
        """A sitemap (from robots.txt or an index), within the per-site caps on
        index depth and sitemap count: an endless chain of indexes, or an index
        of 10,000 sitemaps, ends there. The first refusal of each cap is a row."""
        level = parent.meta.get("wa_sitemap_level", 0) + 1
        site = self._site_key(urlsplit(request.url).netloc)
        refused = self.sitemap_caps.refusal(site, level)
        if refused is None:
            yield request.replace(errback=self.on_discovery_error, priority=SITEMAP_PRIORITY,
                                  meta={"wa_sitemap_level": level})
            return
        self.crawler.stats.inc_value("wellness/sitemap_limited")
        cap, reason = refused
        limits = self.sitemap_caps.first(site, cap, reason)
        if limits is None:
            return
        self.crawler.signals.send_catch_log(signal=project_signals.site_policy,
                                            host=ascii_netloc(urlsplit(request.url).netloc),
                                            values={"sitemap_limit": limits})
        yield refusal_record(request.url, f"{SITEMAP_LIMIT}: {reason}", depth=level, referrer=parent.url)

    def parse_tdmrep(self, response: Response) -> None:
        count = self.tdm.load(urlsplit(response.url).netloc.lower(), response.text if isinstance(response, TextResponse) else "")
        self.logger.info("tdmrep.json of %s: %d rules", response.url, count, extra={"spider": self})

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Drop stored posts whose sitemap lastmod is older than our copy."""
        for entry in entries:
            known = self.revisit.get(entry.get("loc", ""))
            if known and unchanged_since(entry.get("lastmod"), known["fetched_at"]):
                self.crawler.stats.inc_value("wellness/unchanged_by_lastmod")
                continue
            yield entry

    def parse_feed(self, response: Response) -> Iterable[Any]:
        found: list[Any] = []
        depth = response.meta.get("wa_depth", 0) + 1
        for link in feed_links(response.body, content_type(response), response.url):
            url = urljoin(response.url, link)
            if self.on_site(url):
                found.extend(self._follow_url(url, referrer=response.url, depth=depth))
        yield from self._with_found(self._item(response, FEED), found)

    def parse_page(self, response: Response) -> Iterable[Any]:
        if response.status == 304:  # a conditional revisit: our copy is current
            yield self._item(response, UNCHANGED)
            return
        if not isinstance(response, HtmlResponse):
            if FEED_CONTENT.search(content_type(response)):  # JSON Feed is no TextResponse
                yield from self.parse_feed(response)
                return
            yield self._item(response, OTHER, error=f"not HTML ({content_type(response) or 'no content type'})")
            return
        if BINARY_SNIFF.search(response.body[:2048]):
            yield self._item(response, OTHER, error=f"binary content labelled {content_type(response) or 'HTML'}")
            return
        if self.render == "auto" and not response.meta.get("playwright"):
            marker = app_shell_marker(response.body)
            if marker:  # its text exists only once a script runs: fetch it again, in the browser
                yield self._render_request(response, marker)
                return
        if response.meta.get("playwright") and len(response.body) > self.settings.getint("DOWNLOAD_MAXSIZE"):
            yield self._item(response, ERROR, error="too large (over DOWNLOAD_MAXSIZE)", keep_body=False)
            return
        # Parse a copy: Scrapy keeps the response alive until its item has
        # left the pipelines (extraction may queue), and a response caches its
        # decoded text and lxml tree (~1 MB a page). The copy's caches die
        # with this generator, so queued posts hold only their bytes.
        page = response.replace()
        directives = robots_directives(page.body, page.headers.to_unicode_dict())
        refusal = page_refusal(directives, self.tdm.reserved(page.url), self.ignore_tdm)
        # Declared posts are told from their head, which also lists the
        # feeds; only other pages need the whole tree here.
        head = head_of(page.body, page.encoding)
        if refusal:
            # Recorded with its reason; neither body, capture nor article kept.
            item = self._item(page, BLOCKED, error=refusal, keep_body=False)
        else:
            post = head is not None and declared_post(head, page.body)
            item = self._item(page, POST if post else classify(page.selector, page.url))
        found: list[Any] = []
        if may_follow(directives):
            depth = item.depth + 1
            for href in (page.selector if head is None else head).xpath("//link[@rel='alternate']").xpath(
                "@href[../@type=$a or ../@type=$b or ../@type=$c]", a=FEED_TYPES[0], b=FEED_TYPES[1], c=FEED_TYPES[2]
            ).getall():
                url = page.urljoin(href.strip())
                if self.on_site(url):
                    found.extend(self._follow_url(url, referrer=page.url, depth=depth, kind="feed"))
            links = [url for url in self.new_links(page) if self.on_site(url)]
            self.traps.note_links(page.url, [url for url in links if not self._seen(url)])
            for url in links:
                found.extend(self._follow_url(url, referrer=page.url, depth=depth))
        yield from self._with_found(item, found)

    # -- requests and items ---------------------------------------------------

    def _with_found(self, item: PageItem, found: list[Any]) -> Iterable[Any]:
        """The page's item, carrying its new URLs for the frontier, then their requests."""
        item.discovered = self._frontier_rows(found)
        yield item
        yield from found

    @staticmethod
    def _frontier_rows(found: list[Any]) -> list[dict]:
        return [
            {"url": r.url, "kind": r.meta["wa_kind"], "depth": r.meta["wa_depth"], "referrer": r.meta["wa_referrer"]}
            for r in found
            if isinstance(r, Request) and "wa_kind" in r.meta
        ]

    def _seen(self, url: str) -> bool:
        return url in self.seen_urls or clean_url(url) in self.seen_urls

    def _follow_url(self, url: str, referrer: str, depth: int, kind: str = "page") -> Iterable[Request | PageItem]:
        if url in self.seen_urls:
            return
        self.seen_urls.add(url)
        cleaned = clean_url(url)
        if cleaned != url:
            if cleaned in self.seen_urls:
                return
            self.seen_urls.add(cleaned)
        if self.max_url_length and len(cleaned) > self.max_url_length:
            # Scrapy's UrlLengthMiddleware would drop it with a log line only.
            yield refusal_record(cleaned, f"URL too long ({len(cleaned):,} characters, over URLLENGTH_LIMIT "
                                          f"{self.max_url_length:,})", depth=depth, referrer=referrer)
            return
        if not self.ignore_tdm and self.tdm.reserved(cleaned):
            yield refusal_record(cleaned, "TDM rights reserved (TDMRep)", referrer=referrer)
            return
        trap = self.traps.check(cleaned)
        if trap is not None:
            if self.traps.first_refusal(cleaned):
                # One row per trap, not one per refused URL: a trap is endless.
                self.crawler.stats.inc_value("wellness/traps")
                yield refusal_record(cleaned, trap, depth=depth, referrer=referrer)
            return
        if kind == "page" and not self._within_caps(cleaned, depth):
            self.crawler.stats.inc_value("wellness/limited")
            return
        yield self._request(cleaned, referrer, depth, kind)

    def _within_caps(self, url: str, depth: int) -> bool:
        """--max-depth and the per-site --max-pages; counts the page when it may go."""
        if self.max_depth and depth > self.max_depth:
            return False
        site = self._site_key(urlsplit(url).netloc)
        if self.max_pages and self.site_pages[site] >= self.max_pages:
            return False
        self.site_pages[site] += 1
        return True

    def _request(self, url: str, referrer: str | None, depth: int, kind: str = "page") -> Request:
        meta = {"wa_referrer": referrer, "wa_depth": depth, "wa_kind": kind}
        if kind == "feed":
            return Request(url, callback=self.parse_feed, errback=self.on_page_error, meta=meta)
        headers = {}
        if self.render == "always":
            meta["playwright"] = True
        known = self.revisit.get(url)
        if known and (known["etag"] or known["last_modified"]):
            # A stored post: ask only for a changed copy (304 = unchanged).
            if known["etag"]:
                headers["If-None-Match"] = known["etag"]
            if known["last_modified"]:
                headers["If-Modified-Since"] = known["last_modified"]
            meta["handle_httpstatus_list"] = [304]
        return Request(url, callback=self.parse_page, errback=self.on_page_error, meta=meta, headers=headers)

    def _render_request(self, response: Response, marker: str) -> Request:
        self.crawler.stats.inc_value("wellness/rendered")
        request = response.request.replace(dont_filter=True, meta={**response.meta, "playwright": True,
                                                                    "wa_render_reason": marker})
        for header in (b"If-None-Match", b"If-Modified-Since"):  # the browser must get the page, not a 304
            request.headers.pop(header, None)
        return request

    def _item(self, response: Response, page_type: str, error: str | None = None,
              keep_body: bool = True) -> PageItem:
        return page_record(response, page_type, error, keep_body)

    def on_page_error(self, failure: Failure) -> Iterable[PageItem]:
        yield failure_record(failure)

    def on_discovery_error(self, failure: Failure) -> None:
        # A missing robots.txt, sitemap or feed is not a lost page: log only.
        self.logger.info("discovery: %s: %s", failure.request.url, describe_failure(failure), extra={"spider": self})
