"""Turn a request failure into a short, stable reason for the archive."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# Reasons for which the crawler chose not to fetch: recorded, not errors.
ROBOTS_DISALLOWED = "robots.txt disallowed"
BLOCKED_REASONS = {ROBOTS_DISALLOWED}

_REASONS = [
    (net.DNSLookupError, "DNS lookup failed"),
    (net.ConnectionRefusedError, "connection refused"),
    ((net.TimeoutError, net.TCPTimedOutError), "timeout"),
    (net.ConnectionLost, "connection lost"),
    ((ResponseFailed, ResponseNeverReceived), "connection reset or broken response"),
]


def describe_failure(failure: Failure) -> str:
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc) or "request ignored"
        return ROBOTS_DISALLOWED if "robots.txt" in text else text
    for types, reason in _REASONS:
        if isinstance(exc, types):
            return reason
    text = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]
