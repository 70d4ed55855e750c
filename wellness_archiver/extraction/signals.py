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
# The text nodes inside <p> elements outside comment sections: the same nodes as
# "//p[not(ancestor::*[comment])]//text()", which libxml2 evaluates in time
# quadratic in the number of <p>s (it merges each <p>'s descendants into the
# result, checking every node against those already found). One pass over the
# text nodes, each testing its own few ancestors, is linear.
_PROSE = XPath("//text()[ancestor::p[not(ancestor::*[contains(@class,'comment') or contains(@id,'comment')])]]",
               smart_strings=False)
_ARTICLE = XPath("boolean(//article|//main|//*[@role='main'])")
# Computed, in this order, only when the first candidate is doubtful.
ALTERNATES = ("trafilatura", "trafilatura-precision", "readability")


def prose_words(tree: HtmlElement) -> int:
    """Words inside the page's <p> elements, comment sections left out."""
    return sum(len(t.split()) for t in _PROSE(tree))


def page_signals(tree: HtmlElement, meta: Metadata, platform_root: bool) -> PageSignals:
    """The page's signals, read from the tree only when the selector first asks
    for one other than ``platform_root`` (a trusted platform body never does)."""
    return _LazySignals(lambda: _read_signals(tree, meta, platform_root), platform_root)  # type: ignore[return-value]


def _read_signals(tree: HtmlElement, meta: Metadata, platform_root: bool) -> PageSignals:
    body = Counter(_WORD.findall(meta.article_body.lower())) if meta.article_body else None
    return PageSignals(
        prose_words=prose_words(tree),
        jsonld_body=body if body and sum(body.values()) >= 20 else None,  # a teaser is no body
        has_article=bool(_ARTICLE(tree)),
        platform_root=platform_root,
    )


class _LazySignals:
    """A PageSignals whose fields other than ``platform_root`` are read on first use.
    The tree must not change in between: the pipeline reads them right after
    building this, before any other step touches the tree."""

    def __init__(self, read, platform_root: bool) -> None:
        self.platform_root = platform_root
        self._read, self._signals = read, None

    def __getattr__(self, name: str):  # only for the fields not set above
        if name.startswith("_"):
            raise AttributeError(name)
        if self._signals is None:
            self._signals = self._read()
        return getattr(self._signals, name)


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
