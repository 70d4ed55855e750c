"""Sitemaps for the blog spider: per-site caps, and lastmod against our copy."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

SITEMAP_PRIORITY = 5  # above pages (priority 0, lowered by depth)
SITEMAP_CHUNK = 200  # a sitemap's URLs go out this many at a time, each chunk with its frontier rows


def unchanged_since(lastmod: str | None, fetched_at: str) -> bool:
    """True when a sitemap ``lastmod`` is before our fetch (dates compare by day)."""
    if not lastmod:
        return False
    try:
        if len(lastmod.strip()) <= 10:
            return lastmod.strip() < fetched_at[:10]
        modified = datetime.fromisoformat(lastmod.strip().replace("Z", "+00:00"))
        fetched = datetime.fromisoformat(fetched_at)
        if modified.tzinfo is None:
            modified = modified.replace(tzinfo=timezone.utc)
        return modified <= fetched
    except ValueError:
        return False


class SitemapCaps:
    """The per-site caps on sitemap index depth and sitemap count: an endless
    chain of indexes, or an index of 10,000 sitemaps, ends there."""

    def __init__(self, max_depth: int, max_count: int):
        self.max_depth, self.max_count = max_depth, max_count
        self.counts: Counter[str] = Counter()  # sitemaps requested per site
        self.limits: dict[str, dict[str, str]] = {}  # site -> cap kind -> reason, once each

    def refusal(self, site: str, level: int) -> tuple[str, str] | None:
        """(cap, reason) when a sitemap of ``site`` at index ``level`` is over a cap; else counts it, None."""
        if self.max_depth and level > self.max_depth:
            return "depth", f"index depth over WELLNESS_SITEMAP_MAX_DEPTH ({self.max_depth})"
        if self.max_count and self.counts[site] >= self.max_count:
            return "count", f"over WELLNESS_SITEMAP_MAX_COUNT ({self.max_count}) sitemaps"
        self.counts[site] += 1
        return None

    def first(self, site: str, cap: str, reason: str) -> str | None:
        """The site's limits so far, joined, the first time ``cap`` is hit there; None after."""
        limits = self.limits.setdefault(site, {})
        if cap in limits:
            return None
        limits[cap] = reason
        return "; ".join(limits.values())
