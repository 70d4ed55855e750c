"""Extraction: raw HTML in, a clean :class:`Article` (or a reason) out.

    >>> article, reason = extract_with_reason(body_bytes, url)

Pure functions: no Scrapy, no database, no global mutable state.
"""

from wellness_archiver.extraction.article import Article
from wellness_archiver.extraction.core import EXTRACTOR_VERSION, extract, extract_explained, extract_with_reason

__all__ = ["Article", "EXTRACTOR_VERSION", "extract", "extract_explained", "extract_with_reason"]
