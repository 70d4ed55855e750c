"""Values computed for archive rows (timestamps, host keys, content hashes),
and keys a chunk at a time for ``where ... in (...)``."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from wellness_archiver.archive.sqlite import chunks

SQL_VARIABLES = 500  # keys per statement, well under SQLite's limit of bound parameters


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


def in_chunks(keys: Iterable, size: int = SQL_VARIABLES) -> Iterator[tuple[list, str]]:
    """(chunk, its placeholders ``?,?,...``) for each chunk of ``keys``."""
    for chunk in map(list, chunks(keys, size)):
        yield chunk, ",".join("?" * len(chunk))
