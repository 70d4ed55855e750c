"""The reasons a page is recorded as not fetched or not stored: the words the
crawler writes into ``pages.error`` and the archive, the jobs and the CLI read
back. A shared leaf (no imports), so reading an archive needs no Scrapy."""

from __future__ import annotations

# Reasons for which the crawler chose not to fetch: recorded, not errors.
ROBOTS_DISALLOWED = "robots.txt disallowed"
# A site whose robots.txt could not be fetched at all (timeout, refused, DNS):
# its pages are not requested (RFC 9309) and count as failures, not choices.
ROBOTS_UNREACHABLE = "robots.txt unreachable"
# (policy.page_refusal's reasons: the owner's noindex, noai, TDMRep.)
SITEMAP_LIMIT = "sitemap limit"
# URLs and sites forgotten on request (archive/tombstones.py: "forgotten on request: <reason>").
FORGOTTEN = "forgotten on request"
BLOCKED_PREFIXES = (ROBOTS_DISALLOWED, "SSRF guard:", "trap:", "noindex", "noai", "TDM rights reserved",
                    SITEMAP_LIMIT, FORGOTTEN, "URL too long")


def is_blocked(reason: str) -> bool:
    return reason.startswith(BLOCKED_PREFIXES)
