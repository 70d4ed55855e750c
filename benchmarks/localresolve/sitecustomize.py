"""Loopback-only name resolution for benchmark processes.

Put this directory first on PYTHONPATH and Python imports it at start-up
(``sitecustomize``). It replaces ``socket.getaddrinfo``, ``gethostbyname``
and ``gethostbyname_ex`` with a resolver that

* maps the names in ``BENCH_RESOLVE`` (``name=addr[,name=addr...]``,
  default ``bench.localhost=127.0.0.1``) to their loopback address,
* answers loopback IP literals and ``localhost`` itself,
* refuses every other name or address with ``socket.gaierror`` (EAI_NONAME)
  before any system resolver is asked, so no DNS query and no connection
  leave the machine.

With ``BENCH_HIDE_MODULES=pandas[,name...]`` it also makes those top-level
modules unimportable (ModuleNotFoundError), to measure the process tree as
it would be in an environment without them (sqlite-utils imports pandas
when it is installed).

The site needs a host name because courlan (used by the trafilatura CLI)
drops URLs whose host is an IP address. ``decide()`` is the whole policy and
sends nothing; ``install()`` wires it in.
"""

from __future__ import annotations

import ipaddress
import os
import socket

DEFAULT_MAP = "bench.localhost=127.0.0.1"
_real_getaddrinfo = socket.getaddrinfo


def parse_map(spec: str | None) -> dict[str, str]:
    """``"a=127.0.0.1,b=::1"`` -> {"a": "127.0.0.1", "b": "::1"}; only loopback targets."""
    out: dict[str, str] = {}
    for item in (spec if spec is not None else DEFAULT_MAP).split(","):
        item = item.strip()
        if not item:
            continue
        name, _, addr = item.partition("=")
        addr = addr.strip()
        if not ipaddress.ip_address(addr).is_loopback:
            raise ValueError(f"BENCH_RESOLVE maps {name!r} to {addr}, which is not a loopback address")
        out[name.strip().lower().rstrip(".")] = addr
    return out


def decide(host, mapping: dict[str, str]) -> str | None:
    """The loopback address to use for ``host``, or None to refuse it."""
    if host is None:  # getaddrinfo(None, port): the local wildcard/loopback
        return "127.0.0.1"
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    h = str(host).strip().strip("[]").lower().rstrip(".")
    if h in mapping:
        return mapping[h]
    if h == "localhost":
        return "127.0.0.1"
    try:
        addr = ipaddress.ip_address(h.split("%", 1)[0])
    except ValueError:
        return None  # any other name: refused, never looked up
    return str(addr) if addr.is_loopback else None


def install(spec: str | None = None) -> dict[str, str]:
    mapping = parse_map(spec if spec is not None else os.environ.get("BENCH_RESOLVE"))

    def refuse(host):
        return socket.gaierror(socket.EAI_NONAME, f"benchmark resolver: {host!r} is not a loopback name")

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        addr = decide(host, mapping)
        if addr is None:
            raise refuse(host)
        want = socket.AF_INET6 if ":" in addr else socket.AF_INET
        if family not in (0, socket.AF_UNSPEC, want):
            raise refuse(host)
        # A numeric host: the system call does no lookup, only fills the tuples.
        return _real_getaddrinfo(addr, port, want, type, proto, flags | socket.AI_NUMERICHOST)

    def gethostbyname(host):
        addr = decide(host, mapping)
        if addr is None or ":" in addr:
            raise refuse(host)
        return addr

    def gethostbyname_ex(host):
        return (str(host), [], [gethostbyname(host)])

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket._bench_resolver = mapping  # marker: installed
    return mapping


class HideModules:
    """A meta-path finder that reports the given top-level modules as missing."""

    def __init__(self, names):
        self.names = {n.strip() for n in names if n.strip()}

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r} (hidden by BENCH_HIDE_MODULES)",
                                      name=fullname)
        return None


if not getattr(socket, "_bench_resolver", None):
    install()
    if os.environ.get("BENCH_HIDE_MODULES"):
        import sys

        sys.meta_path.insert(0, HideModules(os.environ["BENCH_HIDE_MODULES"].split(",")))
