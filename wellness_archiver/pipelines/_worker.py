"""What runs inside the extraction worker processes.

Kept apart so the crawl's main process never imports the extraction stack
(trafilatura, htmldate, dateparser: tens of MB it does not need).
"""

from __future__ import annotations


def warm_up() -> None:
    """Import the extraction stack before the first page arrives."""
    import wellness_archiver.extraction  # noqa: F401


def extract_page(body: bytes, url: str) -> tuple[dict | None, str | None]:
    from wellness_archiver.extraction import extract_with_reason

    article, reason = extract_with_reason(body, url)
    return (article.as_dict() if article else None), reason
