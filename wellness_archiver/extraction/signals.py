"""The page-level signals the selector reads, and the other candidates, from the one parsed tree."""

from __future__ import annotations

import re
from collections import Counter

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.candidates import SINGLE
from wellness_archiver.extraction.metadata import Metadata
from wellness_archiver.extraction.selector import Candidate, PageSignals

_WORD = re.compile(r"\w+")
_PROSE = XPath("//p[not(ancestor::*[contains(@class,'comment') or contains(@id,'comment')])]//text()",
               smart_strings=False)
_ARTICLE = XPath("boolean(//article|//main|//*[@role='main'])")
# Computed, in this order, only when the first candidate is doubtful.
ALTERNATES = ("trafilatura", "trafilatura-precision", "readability")


def page_signals(tree: HtmlElement, meta: Metadata, platform_root: bool) -> PageSignals:
    body = Counter(_WORD.findall(meta.article_body.lower())) if meta.article_body else None
    return PageSignals(
        prose_words=sum(len(t.split()) for t in _PROSE(tree)),
        jsonld_body=body if body and sum(body.values()) >= 20 else None,  # a teaser is no body
        has_article=bool(_ARTICLE(tree)),
        platform_root=platform_root,
    )


def other_candidates(tree: HtmlElement, url: str | None, first: str,
                     names: tuple[str, ...] = ALTERNATES) -> list[Candidate]:
    found = []
    for name in names:
        if name == first:
            continue
        try:
            lines = SINGLE[name](tree, url)
        except Exception:  # one extractor failing must not lose the page: the others remain
            lines = None
        if lines:
            found.append(Candidate(name, lines))
    return found
