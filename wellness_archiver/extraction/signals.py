"""The page-level signals the selector reads, and the other candidates, from the one parsed tree."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.candidates import SINGLE
from wellness_archiver.extraction.metadata import Metadata
from wellness_archiver.extraction.selector import Candidate, PageSignals

_WORD = re.compile(r"\w+")
# The outermost <p> elements (outside comment sections): prose_words counts
# the words of each text node inside them. "//text()[ancestor::p]", the text
# nodes themselves, is quadratic in libxml2 (it merges each element's text
# children into the result, checking the nodes already found: 10,000 one-line
# paragraphs 0.6 s, 40,000 17 s); "/descendant::" and itertext() are linear,
# and a third of the CPU on the devsets' pages.
_PROSE = XPath("/descendant::p[not(ancestor::p)]"
               "[not(ancestor::*[contains(@class,'comment') or contains(@id,'comment')])]")
# The same where no class or id mentions a comment (most pages): half the cost.
_ALL_PROSE = XPath("/descendant::p[not(ancestor::p)]")
_ARTICLE = XPath("boolean(/descendant::article|/descendant::main|/descendant::*[@role='main'])")
# Computed, in this order, only when the first candidate is doubtful.
ALTERNATES = ("trafilatura", "trafilatura-precision", "readability")


def prose_words(tree: HtmlElement, values: str | None = None) -> int:
    """Words inside the page's <p> elements, comment sections left out.
    ``values``: metadata.attribute_values of the tree (or of a tree it was cut from)."""
    xpath = _PROSE if values is None or "comment" in values else _ALL_PROSE
    # word counts per text node: "a<b>b</b>" is two words, as the reader sees them
    return sum(len(t.split()) for p in xpath(tree) for t in p.itertext())


def page_signals(tree: HtmlElement, meta: Metadata, platform_root: bool, values: str | None = None,
                 page_bytes: int = 0) -> PageSignals:
    """The page's signals, each read from the tree only when the selector
    first asks for it (a trusted platform body never does). The tree must not
    change in between: the pipeline chooses right after building this."""
    return _TreeSignals(tree, meta, platform_root, values, page_bytes)


class _TreeSignals(PageSignals):
    def __init__(self, tree: HtmlElement, meta: Metadata, platform_root: bool, values: str | None = None,
                 page_bytes: int = 0) -> None:
        self._tree, self._meta, self.platform_root, self._values = tree, meta, platform_root, values
        self.page_bytes = page_bytes

    @cached_property
    def prose_words(self) -> int:  # type: ignore[override]
        return prose_words(self._tree, self._values)

    @cached_property
    def jsonld_body(self) -> Counter | None:  # type: ignore[override]
        body = self._meta.article_body
        words = Counter(_WORD.findall(body.lower())) if body else None
        return words if words and sum(words.values()) >= 20 else None  # a teaser is no body

    @cached_property
    def has_article(self) -> bool:  # type: ignore[override]
        return bool(_ARTICLE(self._tree))


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
