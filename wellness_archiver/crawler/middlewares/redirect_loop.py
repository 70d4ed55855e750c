"""Record redirect loops instead of losing the page.

A redirect back to a URL already in the chain (``/a/ -> /b/ -> /a/``) is
dropped *silently* by Scrapy's duplicate filter: the spider's errback is never
called and the page leaves no trace in the archive. This middleware sits just
before RedirectMiddleware in the response chain (priority 610 > 600) and
raises ``IgnoreRequest("redirect loop: ...")`` instead, which the errback
records. Chains that never loop are left to ``REDIRECT_MAX_TIMES``.
Off when ``REDIRECT_ENABLED`` is False.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest, NotConfigured
from w3lib.url import safe_url_string

REDIRECT_CODES = (301, 302, 303, 307, 308)


def loop_target(url: str, location: str, chain: list[str]) -> str | None:
    """The URL redirected to, if it is already in ``chain`` (the URLs visited)."""
    target = safe_url_string(urljoin(url, location)).split("#", 1)[0]
    visited = {u.split("#", 1)[0] for u in [*chain, url]}
    return target if target in visited else None


class RedirectLoopMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Any) -> "RedirectLoopMiddleware":
        if not crawler.settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured
        return cls()

    def process_response(self, request: Any, response: Any) -> Any:
        if response.status not in REDIRECT_CODES or request.meta.get("dont_redirect"):
            return response
        location = response.headers.get(b"Location")
        if not location:
            return response
        chain = request.meta.get("redirect_urls", [])
        target = loop_target(request.url, location.decode("latin-1"), chain)
        if target is not None:
            raise IgnoreRequest(f"redirect loop: back to {target} after {len(chain) + 1} redirects")
        return response
