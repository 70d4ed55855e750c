"""SSRF guard, the decision: which addresses a crawl may connect to. Pure, no I/O.

Used by the resolver (:mod:`.ssrf_resolver`), the middlewares (:mod:`.ssrf`)
and the browser guard; the settings are described in :mod:`.ssrf`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from wellness_archiver.crawler.settings import read
from wellness_archiver.urls import ascii_netloc

PREFIX = "SSRF guard"
CLOUD_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
SHARED_CGNAT = ipaddress.ip_network("100.64.0.0/10")
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
NAT64 = ipaddress.ip_network("64:ff9b::/96")

SCHEME_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


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


def is_literal(host: str) -> bool:
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
    addresses = [host] if is_literal(host) else list(resolve(host))
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
        config = read(settings)
        return cls(allowed=config.allowed_addresses, allow_private=config.allow_private)

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
        port = parts.port or SCHEME_PORTS.get(parts.scheme)
    except ValueError:  # a port out of range
        return parts.hostname, None
    return parts.hostname, port


def test_hosts_from_settings(settings) -> dict[str, list[str]]:
    """WELLNESS_TEST_HOSTS, its names as requests carry them (IDN names in ASCII)."""
    hosts = read(settings).test_hosts
    return {ascii_netloc(name): [value] if isinstance(value, str) else list(value) for name, value in hosts.items()}


def guard_enabled(settings) -> bool:
    return read(settings).ssrf_guard
