"""Turn a request failure into a short, stable reason for the archive."""

from __future__ import annotations

from scrapy import exceptions as exc
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from wellness_archiver.reasons import (  # noqa: F401  (re-exported: the crawler's reasons in one import)
    BLOCKED_PREFIXES, FORGOTTEN, ROBOTS_DISALLOWED, ROBOTS_UNREACHABLE, SITEMAP_LIMIT, is_blocked,
)

# Scrapy 2.19 wraps Twisted's errors in its own; both are mapped.
_REASONS = [
    ((net.DNSLookupError, exc.CannotResolveHostError), "DNS lookup failed"),
    ((net.ConnectionRefusedError, exc.DownloadConnectionRefusedError), "connection refused"),
    ((net.TimeoutError, net.TCPTimedOutError, exc.DownloadTimeoutError), "timeout"),
    (exc.DownloadCancelledError, "too large (over DOWNLOAD_MAXSIZE)"),
    (
        (net.ConnectionLost, ResponseFailed, ResponseNeverReceived, exc.DownloadFailedError,
         exc.ResponseDataLossError),
        "connection reset or broken response",
    ),
]


def describe_failure(failure: Failure) -> str:
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if isinstance(error, IgnoreRequest):
        text = str(error) or "request ignored"
        if "during decompression" in text:
            return "decompression bomb (over DOWNLOAD_MAXSIZE inflated)"
        if text.startswith(ROBOTS_DISALLOWED) or ROBOTS_UNREACHABLE in text:  # site-wide verdicts keep their reason
            return text
        return ROBOTS_DISALLOWED if "robots.txt" in text and not is_blocked(text) else text
    for types, reason in _REASONS:
        if isinstance(error, types):
            return reason
    text = str(error).strip() or type(error).__name__
    return f"{type(error).__name__}: {text}"[:300]
