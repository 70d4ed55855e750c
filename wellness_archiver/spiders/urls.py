"""URL canonicalisation, so each page is fetched and stored once."""

from __future__ import annotations

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that never change what a blog page shows: campaign
# trackers, click ids, and comment/share permalinks that re-serve the post.
IGNORED_PARAMS = [
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "ref", "ref_src",
    "showComment", "replytocom", "share", "shared", "amp", "m",
]


def clean_url(url: str) -> str:
    """Drop tracking and permalink parameters and the fragment; sort the query."""
    return canonicalize_url(url_query_cleaner(url, IGNORED_PARAMS, remove=True))
