"""SSRF guard, the enforcement: the reactor's name resolver refuses forbidden answers.

Installed with ``TWISTED_DNS_RESOLVER =
"wellness_archiver.crawler.middlewares.ssrf_resolver.SSRFGuardResolver"``
(the project settings do); see :mod:`.ssrf` for the whole guard.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import HostResolution
from scrapy.utils.datatypes import LocalCache
from twisted.internet import defer
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IResolutionReceiver
from zope.interface import implementer

from wellness_archiver.crawler.middlewares.ssrf_policy import (
    AddressPolicy,
    guard_enabled,
    is_literal,
    parse_address,
    test_hosts_from_settings,
)

logger = logging.getLogger(__name__)


@implementer(IResolutionReceiver)
class Collector:
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
    "wellness_archiver.crawler.middlewares.ssrf_resolver.SSRFGuardResolver"``. It wraps the
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
                   cache_size=cache_size, enabled=guard_enabled(settings))

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def lookup(self, host: str) -> defer.Deferred[list[str]]:
        """Every address of ``host``, unchecked (IP literal, test host, cache, DNS)."""
        host = host.strip("[]").lower()
        if is_literal(host):
            return defer.succeed([host])
        if host in self.test_hosts:
            return defer.succeed(list(self.test_hosts[host]))
        if host in self.cache:
            return defer.succeed(list(self.cache[host]))
        collector = Collector()
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
