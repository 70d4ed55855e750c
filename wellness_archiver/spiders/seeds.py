"""Seed URLs as given on the command line or in a seeds or campaign file:
http(s) only, credentials removed, an IDN host in punycode. The one place
seeds are normalised.

A seed's ``user:password@`` is never sent nor stored (sites, pages,
crawl_runs, frontier, captures would all carry it): it is removed here, and
the CLI says so. Error messages show the URL without it, too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import safe_url_string

# 'javascript:', 'mailto:', 'data:' ...; not 'example.blog:8080' (a port).
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.I)
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)[^/?#]*@", re.I)


def without_userinfo(url: str) -> str:
    return _USERINFO.sub(r"\1", url)


def has_userinfo(url: str) -> bool:
    return bool(_USERINFO.match(url.strip() if "://" in url else "https://" + url.strip()))


def normalise_seed(url: str) -> str:
    """The seed as crawled: scheme added when missing, no userinfo, a path, the
    host in IDNA; ValueError if not an http(s) URL (or it has whitespace inside)."""
    url = url.strip()
    if any(c.isspace() for c in url):  # "two words.example": a typo, not a host
        raise ValueError(f"not an http(s) URL: {without_userinfo(url)!r}")
    if "://" not in url:
        if _OTHER_SCHEME.match(url):
            raise ValueError(f"not an http(s) URL: {without_userinfo(url)!r}")
        url = "https://" + url
    url = without_userinfo(url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    try:
        parts.port
    except ValueError:
        raise ValueError(f"not a valid URL: {url!r} (the port must be 0-65535)") from None
    url = url if parts.path else urlunsplit(parts._replace(path="/"))
    # IDNA: an IDN host (bücher.test) is requested, compared and stored as
    # the punycode form Scrapy puts in the request (xn--bcher-kva.test).
    return safe_url_string(url)
