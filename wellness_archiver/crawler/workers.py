"""What runs inside the extraction worker processes.

Kept apart so the crawl's main process never imports the extraction stack
(trafilatura, htmldate, dateparser: tens of MB it does not need). Captures
(zstd + sha256 + noarchive check) are built here too, so the main process
never compresses a body.
"""

from __future__ import annotations

import hashlib
import importlib

from wellness_archiver.archive.captures import BODY_ENCODING, compress, decompress
from wellness_archiver.crawler.spiders.policy import is_noarchive

DEFAULT_EXTRACTOR = "wellness_archiver.extraction:extract_with_reason"

_extractors: dict[str, tuple] = {}


def warm_up(*modules: str) -> None:
    """Import the extraction stack, and ``modules``, before the first page
    arrives: what a worker imports at its first task counts against that
    page's time limit (--extract-timeout)."""
    from wellness_archiver.extraction import load

    load()
    for name in modules:
        importlib.import_module(name)


def load_extractor(spec: str = DEFAULT_EXTRACTOR):
    """(function, name/version) for ``module:function``; cached per process.

    The function takes (body, url) and returns (Article | None, reason).
    """
    if spec not in _extractors:
        module_name, sep, attr = spec.partition(":")
        if not sep or not module_name or not attr:
            raise ValueError(f"extractor must be MODULE:FUNCTION, got {spec!r}")
        module = importlib.import_module(module_name)
        fn = getattr(module, attr)
        version = getattr(module, "EXTRACTOR_VERSION", None)
        if spec == DEFAULT_EXTRACTOR:
            name = version
        else:
            name = f"{spec}" + (f" ({version})" if version else "")
        _extractors[spec] = (fn, name)
    return _extractors[spec]


def extract_page(body: bytes, url: str, extractor: str = DEFAULT_EXTRACTOR) -> tuple[dict | None, str | None]:
    fn, name = load_extractor(extractor)
    article, reason = fn(body, url)
    if article is None:
        return None, reason
    data = article.as_dict() if hasattr(article, "as_dict") else dict(article)
    data["extractor"] = name
    # Language and quality are not computed here: py3langid's model costs
    # ~100 MB per process. They are filled for the whole archive, in one
    # process, by the analysis step (jobs/analyse.py).
    return data, reason


def build_capture(body: bytes, headers: dict | None = None) -> dict:
    """The capture columns for one raw body: body (compressed, or None when
    the page says noarchive), body_encoding, length, sha256, noarchive."""
    noarchive = is_noarchive(body, headers)
    return {
        "body": None if noarchive else compress(body),
        "body_encoding": None if noarchive else BODY_ENCODING,
        "length": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "noarchive": int(noarchive),
    }


def process_page(
    body: bytes, url: str, extract: bool, headers: dict | None = None
) -> tuple[dict | None, str | None, dict]:
    """One fetched HTML page: (article, reason, capture).

    ``extract``: run extraction (post pages); the capture is built always.
    """
    capture = build_capture(body, headers)
    if not extract:
        return None, None, capture
    article, reason = extract_page(body, url)
    return article, reason, capture


def reextract_capture(
    capture_id: int, url: str, body: bytes, body_encoding: str, extractor: str = DEFAULT_EXTRACTOR
) -> tuple[int, str, dict | None, str | None]:
    """Extraction again from a stored (compressed) capture: no network."""
    try:
        raw = decompress(body, body_encoding)
        article, reason = extract_page(raw, url, extractor)
    except Exception as ex:  # one bad capture never stops the run
        return capture_id, url, None, f"extraction error: {type(ex).__name__}: {ex}"[:300]
    return capture_id, url, article, reason


# What import_page imports, warmed up by the WARC import's workers: the
# spider's classifier reads an HtmlResponse, and Scrapy stays out of the
# commands that never crawl, and out of a crawl's workers (~20 MB each).
IMPORT_PAGE_MODULES = ("scrapy.http", "wellness_archiver.crawler.spiders.classify")


def import_page(
    url: str, fetched_at: str | None, status: int, headers: dict, body: bytes
) -> tuple[str, str | None, int, dict, str, dict, dict | None, str | None]:
    """A page read from a WARC: classify it as the spider would, build its
    capture, extract it when it is a post."""
    from scrapy.http import HtmlResponse

    from wellness_archiver.crawler.items import PAGE, POST
    from wellness_archiver.crawler.spiders.classify import classify

    try:
        page_type = classify(HtmlResponse(url=url, body=body, headers=headers).selector, url)
    except Exception:
        page_type = PAGE
    article, reason, capture = process_page(body, url, page_type == POST, headers)
    return url, fetched_at, status, headers, page_type, capture, article, reason
