"""SSRF guard: a crawl never reaches loopback, private or other internal addresses.

A blog's link, a redirect or a DNS answer can point the crawler at
``127.0.0.1``, ``10.0.0.5`` or the cloud metadata service ``169.254.169.254``.
The guard refuses every such address unless it was allowed explicitly. It has
two parts, meant to be installed together:

``SSRFGuardResolver`` (setting ``TWISTED_DNS_RESOLVER``)
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

import ipaddress
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, NotConfigured
from scrapy.resolver import HostResolution
from scrapy.utils.datatypes import LocalCache
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IHostnameResolver, IResolutionReceiver
from zope.interface import implementer

logger = logging.getLogger(__name__)

PREFIX = "SSRF guard"
CLOUD_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
SHARED_CGNAT = ipaddress.ip_network("100.64.0.0/10")
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
NAT64 = ipaddress.ip_network("64:ff9b::/96")

DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


# -- the decision: pure functions ------------------------------------------------


def parse_address(ip: str) -> IPAddress:
    """``ipaddress.ip_address`` accepting a scope id (``fe80::1%eth0``)."""
    return ipaddress.ip_address(ip.split("%", 1)[0])


def _category(addr: IPAddress) -> str | None:
    """Why ``addr`` is not a public address, as a noun phrase; None if it is."""
    if addr.version == 6:
        embedded = addr.ipv4_mapped or addr.sixtofour
        kind = "IPv4-mapped" if addr.ipv4_mapped else "6to4"
        if embedded is None and addr in NAT64:
            embedded, kind = ipaddress.IPv4Address(addr.packed[-4:]), "NAT64"
        if embedded is not None:
            # The packet goes to the embedded IPv4 address: judge that one.
            inner = _category(embedded)
            return f"{inner} ({kind} {embedded})" if inner else None
    if addr.is_unspecified:
        return "unspecified address"
    if addr.is_loopback:
        return "loopback address"
    if addr.is_link_local:
        return "link-local address (cloud metadata)" if addr in CLOUD_METADATA else "link-local address"
    if addr in CLOUD_METADATA:
        return "cloud metadata address"
    if addr.is_multicast:
        return "multicast address"
    if addr.version == 4 and addr in THIS_NETWORK:
        return "'this network' address"
    if addr.version == 4 and addr in SHARED_CGNAT:
        return "CGNAT shared address"
    if addr.version == 6 and addr.is_site_local:
        return "site-local address"
    if addr.is_reserved:
        return "reserved address"
    if addr.is_private:
        return "private address"
    if not addr.is_global:
        return "non-public address"
    return None


def address_category(ip: str) -> str | None:
    """The kind of forbidden address ``ip`` is ("loopback address"), or None."""
    try:
        return _category(parse_address(ip))
    except ValueError:
        return "invalid address"


def is_forbidden_address(ip: str) -> str | None:
    """Return why the crawler must not connect to ``ip``, or None when it may.

    >>> is_forbidden_address("10.0.0.5")
    'private address 10.0.0.5'
    >>> is_forbidden_address("93.184.216.34") is None
    True
    """
    category = address_category(ip)
    if category is None:
        return None
    noun, _, detail = category.partition(" (")
    return f"{noun} {ip}" + (f" ({detail}" if detail else "")


def _is_literal(host: str) -> bool:
    try:
        parse_address(host)
    except ValueError:
        return False
    return True


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def check_addresses(host: str, addresses: Iterable[str], *, allowed: Iterable[str] = (),
                    allow_private: bool = False) -> str | None:
    """The refusal reason if ANY of ``host``'s ``addresses`` is forbidden.

    An address in ``allowed`` (exact, after normalisation) is accepted, and so
    is every address when ``allow_private`` (the caller decides for which hosts).
    """
    if allow_private:
        return None
    allowed = {normalise_address(a) for a in allowed}
    for ip in addresses:
        category = address_category(ip)
        if category is None or normalise_address(ip) in allowed:
            continue
        if host.strip("[]").lower() == ip.lower():
            return f"{PREFIX}: {ip} is {_article(category)} {category}"
        return f"{PREFIX}: {host} resolves to {ip}, {_article(category)} {category}"
    return None


def check_url(url: str, resolve: Callable[[str], Sequence[str]], *, allowed: Iterable[str] = (),
              allow_private: bool = False) -> str | None:
    """Resolve ``url``'s host with ``resolve`` (all its addresses) and check them.

    Returns the refusal reason, or None when the URL may be fetched. IP literals
    are not resolved. A host that resolves to nothing is not refused here: the
    download fails on its own with a DNS error.
    """
    host = urlsplit(url).hostname
    if not host:
        return None
    addresses = [host] if _is_literal(host) else list(resolve(host))
    return check_addresses(host, addresses, allowed=allowed, allow_private=allow_private)


def normalise_address(ip: str) -> str:
    try:
        return str(parse_address(ip))
    except ValueError:
        return ip.strip().lower()


# -- the policy, from settings ---------------------------------------------------------


class AddressPolicy:
    """Which addresses a crawl may connect to: plain values, shared by both parts.

    ``--allow-private`` trusts the seeds' exact host:port (``trust_endpoints``):
    a redirect to another port of the same host (another local service) stays
    refused. ``trusted_hosts`` trusts a host on every port (explicit use only).
    """

    def __init__(self, allowed: Iterable[str] = (), allow_private: bool = False,
                 trusted_hosts: Iterable[str] = (), trusted_endpoints: Iterable[tuple[str, int]] = ()):
        self.allowed = {normalise_address(a) for a in allowed}
        self.allow_private = allow_private
        self.trusted_hosts = {h.lower() for h in trusted_hosts}
        self.trusted_endpoints = {(h.lower(), int(p)) for h, p in trusted_endpoints}

    @classmethod
    def from_settings(cls, settings) -> "AddressPolicy":
        return cls(
            allowed=settings.getlist("WELLNESS_ALLOWED_ADDRESSES"),
            allow_private=settings.getbool("WELLNESS_ALLOW_PRIVATE"),
        )

    def trust(self, hosts: Iterable[str]) -> None:
        """Let ``hosts`` use private addresses on any port, if allowed."""
        self.trusted_hosts |= {h.lower() for h in hosts if h}

    def trust_endpoints(self, endpoints: Iterable[tuple[str, int]]) -> None:
        """Let exactly these (host, port) pairs (the seeds') use private addresses, if allowed."""
        self.trusted_endpoints |= {(h.lower(), int(p)) for h, p in endpoints if h}

    def private_ok(self, host: str, port: int | None = None) -> bool:
        host = host.strip("[]").lower()
        return self.allow_private and (host in self.trusted_hosts or (host, port) in self.trusted_endpoints)

    def check(self, host: str, addresses: Iterable[str], port: int | None = None) -> str | None:
        reason = check_addresses(host, addresses, allowed=self.allowed, allow_private=self.private_ok(host, port))
        if reason and self.allow_private and any(h == host.strip("[]").lower() for h, _ in self.trusted_endpoints):
            reason += f" (port {port}: --allow-private allows only the seeds' host:port)"
        return reason


def url_endpoint(url: str) -> tuple[str | None, int | None]:
    """(host, port) of ``url``, the port defaulted from the scheme; (None, None) if unusable."""
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port out of range
        return parts.hostname, None
    return parts.hostname, port


def test_hosts_from_settings(settings) -> dict[str, list[str]]:
    from wellness_archiver.urls import ascii_netloc  # IDN names as requests carry them

    hosts = settings.getdict("WELLNESS_TEST_HOSTS") or {}
    return {ascii_netloc(name): [value] if isinstance(value, str) else list(value) for name, value in hosts.items()}


def _guard_enabled(settings) -> bool:
    return settings.getbool("WELLNESS_SSRF_GUARD", True)


# -- the resolver: enforcement at connection time ------------------------------------


@implementer(IResolutionReceiver)
class _Collector:
    """Collects every address a Twisted name resolver delivers."""

    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.done: defer.Deferred[list[str]] = defer.Deferred()

    def resolutionBegan(self, resolution: Any) -> None:
        pass

    def addressResolved(self, address: Any) -> None:
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:
        self.done.callback(self.addresses)


def _twisted_address(ip: str, port: int) -> IPv4Address | IPv6Address:
    if parse_address(ip).version == 4:
        return IPv4Address("TCP", ip, port)
    return IPv6Address("TCP", ip, port)


@implementer(IHostnameResolver)
class SSRFGuardResolver:
    """Name resolver that never hands a forbidden address to a connection.

    Install with ``TWISTED_DNS_RESOLVER =
    "wellness_archiver.crawler.middlewares.ssrf.SSRFGuardResolver"``. It wraps the
    reactor's own resolver (getaddrinfo in a thread: IPv4 and IPv6), answers
    IP literals and ``WELLNESS_TEST_HOSTS`` itself, caches answers, and refuses
    (resolves to nothing, so the connection fails) any answer with a forbidden
    address. The reason is kept in ``refusals`` for the middleware to report.
    """

    def __init__(self, reactor: Any, policy: AddressPolicy, test_hosts: dict[str, list[str]] | None = None,
                 cache_size: int = 10000, enabled: bool = True):
        self.reactor = reactor
        self.original: IHostnameResolver = reactor.nameResolver
        self.policy = policy
        self.test_hosts = {k.lower(): v for k, v in (test_hosts or {}).items()}
        self.enabled = enabled
        self.cache: LocalCache[str, list[str]] = LocalCache(cache_size)
        self.refusals: LocalCache[str, str] = LocalCache(10000)

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> "SSRFGuardResolver":
        # Scrapy passes the CrawlerProcess here: only .settings is used.
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, AddressPolicy.from_settings(settings), test_hosts_from_settings(settings),
                   cache_size=cache_size, enabled=_guard_enabled(settings))

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def lookup(self, host: str) -> defer.Deferred[list[str]]:
        """Every address of ``host``, unchecked (IP literal, test host, cache, DNS)."""
        host = host.strip("[]").lower()
        if _is_literal(host):
            return defer.succeed([host])
        if host in self.test_hosts:
            return defer.succeed(list(self.test_hosts[host]))
        if host in self.cache:
            return defer.succeed(list(self.cache[host]))
        collector = _Collector()
        self.original.resolveHostName(collector, host, 0)

        def remember(addresses: list[str]) -> list[str]:
            if addresses and self.cache.limit:
                self.cache[host] = list(addresses)
            return addresses

        return collector.done.addCallback(remember)

    def resolveHostName(self, resolutionReceiver: Any, hostName: str, portNumber: int = 0,
                        addressTypes: Sequence[type] | None = None, transportSemantics: str = "TCP") -> Any:
        resolution = HostResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)

        def deliver(addresses: list[str]) -> None:
            reason = self.policy.check(hostName, addresses, portNumber or None) if self.enabled else None
            if reason:
                self.refusals[hostName.strip("[]").lower()] = reason
                logger.warning("%s (refused at resolve time)", reason)
            else:
                for ip in addresses:
                    address = _twisted_address(ip, portNumber)
                    if addressTypes is None or type(address) in addressTypes:
                        resolutionReceiver.addressResolved(address)
            resolutionReceiver.resolutionComplete()

        def failed(failure: Any) -> None:
            logger.error("resolving %s failed: %s", hostName, failure.getErrorMessage())
            resolutionReceiver.resolutionComplete()

        self.lookup(hostName).addCallback(deliver).addErrback(failed)
        return resolution


# -- the middleware: early check with a clear reason ----------------------------------


class _SSRFGuard:
    """What both middlewares share: the policy, seed trust, resolution."""

    def __init__(self, policy: AddressPolicy, test_hosts: dict[str, list[str]] | None = None, stats: Any = None):
        self.policy = policy
        self.test_hosts = {k.lower(): v for k, v in (test_hosts or {}).items()}
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        if not _guard_enabled(crawler.settings):
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
        addresses = [host] if _is_literal(host) else await self._lookup(host)
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

            collector = _Collector()
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
