"""SSRF guard: a crawl never reaches loopback, private or other internal addresses.

A blog's link, a redirect or a DNS answer can point the crawler at
``127.0.0.1``, ``10.0.0.5`` or the cloud metadata service ``169.254.169.254``.
The guard refuses every such address unless it was allowed explicitly. It has
two parts, meant to be installed together, sharing one decision
(:mod:`.ssrf_policy`, pure):

``SSRFGuardResolver`` (setting ``TWISTED_DNS_RESOLVER``, :mod:`.ssrf_resolver`)
    The reactor's name resolver. Scrapy's HTTP handler resolves the host of
    every connection it opens through it, IP literals included, so this is the
    enforcement point: an answer holding any forbidden address is refused at
    resolve time and no connection is made. Because the address checked is the
    address connected to, a DNS answer that changes between a check and the
    connection (DNS rebinding) cannot get through. Answers are cached
    (``DNSCACHE_SIZE``), so the middleware's check and the connection use the
    same answer.

``SSRFGuardMiddleware`` (``DOWNLOADER_MIDDLEWARES``, priority 40)
    Checks every request, redirects and retries included (they come back
    through ``process_request``), before the offsite filter, robots.txt or a
    connection, and raises ``IgnoreRequest("SSRF guard: ...")`` so the spider's
    errback records the reason. Alone (without the resolver) it still checks
    every request, but then a rebinding DNS server could answer differently at
    connection time.

Settings:

``WELLNESS_SSRF_GUARD`` (bool, ``True``)
    ``False`` turns both parts off.
``WELLNESS_ALLOW_PRIVATE`` (bool, ``False``)
    Allow non-public addresses for the seeds' own host:port (exact host name
    and port of the spider's ``seeds`` or ``start_urls``): for crawling a
    fixture site on 127.0.0.1 or an intranet blog. Other hosts, and other
    ports of the seeds' hosts, stay guarded.
``WELLNESS_ALLOWED_ADDRESSES`` (list of str, ``[]``)
    Exact addresses always allowed, e.g. ``["127.0.0.1"]``.
``WELLNESS_TEST_HOSTS`` (dict, ``{}``) -- for tests
    Host names the resolver answers itself, never asking DNS:
    ``{"blog.test": "127.0.0.1", "two.test": ["127.0.0.1", "127.0.0.2"]}``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError

from wellness_archiver.crawler.middlewares.ssrf_policy import (
    PREFIX,
    AddressPolicy,
    guard_enabled,
    is_literal,
    test_hosts_from_settings,
    url_endpoint,
)
from wellness_archiver.crawler.middlewares.ssrf_resolver import Collector, SSRFGuardResolver

logger = logging.getLogger(__name__)


class _SSRFGuard:
    """What both middlewares share: the policy, seed trust, resolution."""

    def __init__(self, policy: AddressPolicy, test_hosts: dict[str, list[str]] | None = None, stats: Any = None):
        self.policy = policy
        self.test_hosts = {k.lower(): v for k, v in (test_hosts or {}).items()}
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        if not guard_enabled(crawler.settings):
            raise NotConfigured
        mw = cls(AddressPolicy.from_settings(crawler.settings), test_hosts_from_settings(crawler.settings),
                 crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Any) -> None:
        if not self.policy.allow_private:
            return
        seeds = getattr(spider, "seeds", None) or getattr(spider, "start_urls", None) or []
        endpoints = {url_endpoint(url) for url in seeds}
        endpoints = {(host, port) for host, port in endpoints if host and port}
        self.policy.trust_endpoints(endpoints)
        resolver = self._resolver()
        if resolver is not None:
            resolver.policy.trust_endpoints(endpoints)
        logger.info("%s: private addresses allowed for the seeds' %s", PREFIX,
                    ", ".join(sorted(f"{host}:{port}" for host, port in endpoints)))

    async def check(self, url: str) -> str | None:
        """The refusal reason for ``url``, or None."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return None
        if parts.scheme == "file":
            return f"{PREFIX}: file: URLs are never fetched"
        host, port = url_endpoint(url)
        if not host:
            return None
        addresses = [host] if is_literal(host) else await self._lookup(host)
        return self.policy.check(host, addresses, port)

    def _refuse(self, request: Any, reason: str) -> None:
        if self.stats is not None:
            self.stats.inc_value("wellness/ssrf_refused")
        logger.warning("%s: %s", reason, request.url)
        raise IgnoreRequest(reason)

    @staticmethod
    def _resolver() -> SSRFGuardResolver | None:
        from scrapy.utils.reactor import is_reactor_installed

        if not is_reactor_installed():
            return None
        from twisted.internet import reactor

        resolver = getattr(reactor, "nameResolver", None)
        return resolver if isinstance(resolver, SSRFGuardResolver) else None

    async def _lookup(self, host: str) -> list[str]:
        resolver = self._resolver()
        if resolver is not None:
            return await maybe_deferred_to_future(resolver.lookup(host))
        if host.lower() in self.test_hosts:
            return list(self.test_hosts[host.lower()])
        from scrapy.utils.reactor import is_reactor_installed

        if is_reactor_installed():
            from twisted.internet import reactor

            collector = Collector()
            reactor.nameResolver.resolveHostName(collector, host, 0)
            return await maybe_deferred_to_future(collector.done)
        import asyncio
        import socket

        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return []
        return [info[4][0] for info in infos]


class SSRFGuardMiddleware(_SSRFGuard):
    """Refuse requests whose host is (or resolves to) a forbidden address.

    Priority 40: before OffsiteMiddleware (retries are ``dont_filter`` and
    skip it) and RobotsTxtMiddleware (no robots.txt request to a refused host).
    """

    async def process_request(self, request: Any) -> None:
        reason = await self.check(request.url)
        if reason:
            self._refuse(request, reason)
        return None

    def process_exception(self, request: Any, exception: Exception) -> None:
        # The resolver refused an answer the middleware had not seen (the
        # cache was off or the answer changed): report its reason.
        if isinstance(exception, (DNSLookupError, CannotResolveHostError)):
            resolver = self._resolver()
            host = (urlparse_cached(request).hostname or "").lower()
            reason = resolver.refusals.get(host) if resolver is not None else None
            if reason:
                self._refuse(request, reason)
        return None


REDIRECT_CODES = (301, 302, 303, 307, 308)


class SSRFRedirectGuardMiddleware(_SSRFGuard):
    """Refuse a redirect to a forbidden address while its response is at hand.

    Priority 605, just before RedirectMiddleware (600) in the response chain.
    Needed because Scrapy's OffsiteMiddleware drops an off-site redirect at
    scheduling time *silently* (no errback), so a redirect to
    ``http://127.0.0.2/`` would leave no trace; here the original request
    fails with ``IgnoreRequest("SSRF guard: ...")`` and the errback records it.
    On-site redirects are checked again by ``SSRFGuardMiddleware``.
    """

    async def process_response(self, request: Any, response: Any) -> Any:
        if response.status not in REDIRECT_CODES or request.meta.get("dont_redirect"):
            return response
        location = response.headers.get(b"Location")
        if not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        reason = await self.check(target)
        if reason:
            self._refuse(request, f"{reason} (redirect to {target})")
        return response
