"""The post URLs a feed lists: RSS and Atom through feedparser, JSON Feed through json.

feedparser (6.0, the current release) reads RSS 0.9x-2.0, RSS 1.0 and Atom,
decoding entities and resolving relative links, but not JSON Feed, which is
plain JSON (https://www.jsonfeed.org/version/1.1/): each item's ``url``.
trafilatura.feeds reads all three, but by regex (``&amp;`` left in URLs) and
drops loopback and IP hosts, so it is not used here.
"""

from __future__ import annotations

import io
import json

import feedparser


def is_json_feed(body: bytes, content_type: str = "") -> bool:
    # Sniffed too: feeds are often served as text/plain or octet-stream (json.loads takes the BOM).
    return "json" in content_type.lower() or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def feed_links(body: bytes, content_type: str = "", base_url: str = "") -> list[str]:
    """Each entry's page URL, in feed order; [] when the body is no feed."""
    if is_json_feed(body, content_type):
        return _json_feed_links(body)
    # A file object, never bytes or str: feedparser.parse() opens a string
    # that looks like a URL or a file name, and the body is the server's.
    # Only the links are read: cleaning the entries' HTML would double the cost.
    parsed = feedparser.parse(io.BytesIO(body), response_headers={
        "content-type": content_type or "application/xml", "content-location": base_url},
        sanitize_html=False, resolve_relative_uris=False)
    return [entry["link"].strip() for entry in parsed.entries if entry.get("link")]


def _json_feed_links(body: bytes) -> list[str]:
    try:
        feed = json.loads(body)
    except (ValueError, RecursionError):  # ValueError covers bad JSON and bad UTF-8
        return []
    items = feed.get("items") if isinstance(feed, dict) else None
    links = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        # ``url`` is the item's permalink; ``id`` stands in only when it is an absolute URL.
        url, ident = item.get("url"), item.get("id")
        if isinstance(url, str) and url.strip():
            links.append(url.strip())
        elif isinstance(ident, str) and ident.startswith(("http://", "https://")):
            links.append(ident)
    return links
