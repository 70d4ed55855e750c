"""Extraction: raw HTML in, a clean :class:`Article` (or a reason) out.

    >>> article, reason = extract_with_reason(body_bytes, url)

Pure functions: no Scrapy, no database, no global mutable state.

The names below load the extraction stack (lxml, trafilatura, readability)
on first use, not on ``import wellness_archiver.extraction``: the crawler's
main process reads the platform registry (``extraction.platforms``) without
paying for it.
"""

from __future__ import annotations

import importlib

__all__ = ["Article", "EXTRACTOR_VERSION", "extract", "extract_explained", "extract_with_reason"]

_HOMES = {"Article": "article", "EXTRACTOR_VERSION": "core", "extract": "core", "extract_explained": "core",
          "extract_with_reason": "core"}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


def load() -> None:
    """Import the whole extraction stack now (a worker's warm-up)."""
    importlib.import_module(f"{__name__}.core")
