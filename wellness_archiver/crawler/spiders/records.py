"""The blog spider's records: one PageItem per URL tried, fetched, failed or refused."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.http import Response
from twisted.python.failure import Failure

from wellness_archiver.crawler.items import BLOCKED, ERROR, PageItem
from wellness_archiver.crawler.spiders.failures import describe_failure, is_blocked


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_type(response: Response) -> str:
    return (response.headers.get("Content-Type") or b"").decode("latin-1").strip()


def page_record(response: Response, page_type: str, error: str | None = None, keep_body: bool = True) -> PageItem:
    """A fetched page (its first URL, before redirects), classified as ``page_type``."""
    request = response.request
    requested = request.meta.get("redirect_urls", [response.url])[0] if request else response.url
    return PageItem(
        url=requested,
        final_url=response.url,
        status=response.status,
        content_type=content_type(response),
        page_type=page_type,
        fetched_at=utcnow(),
        body=response.body if keep_body else None,
        # a plain dict: the item's headers go to the extraction workers, and
        # unpickling Scrapy's CaseInsensitiveDict there would import Scrapy and
        # Twisted into every worker (~20 MB each)
        headers=dict(response.headers.to_unicode_dict()),
        encoding=getattr(response, "encoding", None),
        error=error,
        depth=response.meta.get("wa_depth", 0),
        referrer=response.meta.get("wa_referrer"),
        rendered=bool(response.meta.get("playwright")),
    )


def failure_record(failure: Failure) -> PageItem:
    """A page that could not be fetched (or was refused on the way), with the reason."""
    request = failure.request
    response = getattr(failure.value, "response", None)
    reason = describe_failure(failure)
    return PageItem(
        url=request.meta.get("redirect_urls", [request.url])[0],
        final_url=request.url,
        status=response.status if response is not None else None,
        content_type=content_type(response) if response is not None else None,
        page_type=BLOCKED if is_blocked(reason) else ERROR,
        fetched_at=utcnow(),
        error=reason,
        depth=request.meta.get("wa_depth", 0),
        referrer=request.meta.get("wa_referrer"),
    )


def refusal_record(url: str, reason: str, depth: int = 0, referrer: str | None = None) -> PageItem:
    """A URL not requested by choice (trap, cap, TDM reservation, too long), with the reason."""
    return PageItem(url=url, page_type=BLOCKED, fetched_at=utcnow(), error=reason, depth=depth, referrer=referrer)
