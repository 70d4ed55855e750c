"""The single extractors the selector chooses between, each on the page's one parsed tree.

Each takes the parsed page (never modified: trafilatura copies it itself, and
readability-lxml works on the copy its HTML cleaner makes first, for every
pass: ``Document._parse``) and returns the main text as lines, or None when
it found nothing.
"""

from __future__ import annotations

from copy import copy
from functools import lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement, fragment_fromstring
from readability import Document as _Readability
from readability.readability import REGEXES, Unparseable, clean, html_cleaner

from wellness_archiver.extraction.blocks import render_blocks
from wellness_archiver.extraction.trafilatura_compat import text_document


def trafilatura_lines(tree: HtmlElement, url: str | None, *, precision: bool = False,
                      recall: bool = False) -> list[str] | None:
    doc = text_document(tree, url, precision=precision, recall=recall)
    text = (doc.text or "") if doc is not None else ""
    return text.splitlines() or None


# readability-lxml's cleaner minus the rewriting of javascript: links
_TEXT_CLEANER = copy(html_cleaner)
_TEXT_CLEANER.javascript = False

# readability-lxml turns a <div> into a <p> unless its children, serialised,
# match divToPElementsRe, ``<(a|blockquote|dl|div|img|ol|p|pre|table|ul)``
# (any case), that is unless a descendant's tag starts with one of those
# names (the serialisation escapes "<" in text and attribute values; the
# scripts and styles it would not escape are dropped before). It serialises
# again at every level of nested <div>s; here one pass over the tree finds
# the elements holding such a descendant.
_BLOCK_TAGS = ("a", "blockquote", "dl", "div", "img", "ol", "p", "table", "ul")  # "pre" starts with "p"


def _holding_blocks(root: HtmlElement) -> set[HtmlElement]:
    holding: set[HtmlElement] = set()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower().startswith(_BLOCK_TAGS):
            for parent in el.iterancestors():
                if parent in holding:
                    break
                holding.add(parent)
    return holding


# The elements whose class and id are not both missing or empty: the only
# ones the library's remove_unlikely_candidates tests ("{class} {id}" of
# fewer than 2 characters is skipped), in its order (document order).
_NAMED = XPath("descendant::*[@class != '' or @id != '']")
_UNLIKELY, _MAYBE = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]


@lru_cache(maxsize=4096)
def _unlikely(label: str) -> bool:
    """The library's test of "{class} {id}" (case-blind regexes: labels repeat, on a page and across pages)."""
    return bool(_UNLIKELY.search(label)) and not _MAYBE.search(label)


class _TextReadability(_Readability):
    """readability-lxml for the text alone.

    Its parse cleans javascript: links out of every link attribute and makes
    every link absolute (a third of its time): attribute values that its
    scoring never reads but for an <iframe>'s src (the video test in
    ``sanitize``), and that render_blocks never prints. Here only the
    iframes' links get both steps; the rest of the cleaning is the library's
    own. Overrides ``Document._parse``: were it renamed, the original would
    run, same text."""

    def _parse(self, input):
        doc = _TEXT_CLEANER.clean_html(input)
        iframes = list(doc.iter("iframe"))
        for frame in iframes:
            frame.rewrite_links(html_cleaner._remove_javascript_link, resolve_base_href=False)
        doc.resolve_base_href(handle_failures=self.handle_failures)  # as the original: <base> first
        if self.url:
            for frame in iframes:
                frame.make_links_absolute(self.url, resolve_base_href=False, handle_failures=self.handle_failures)
        return doc

    def remove_unlikely_candidates(self):
        """The library's, testing only the elements it does not skip (``_NAMED``, found in C)."""
        for elem in _NAMED(self.html):
            if _unlikely("{} {}".format(elem.get("class", ""), elem.get("id", ""))) and elem.tag not in ("html", "body"):
                elem.drop_tree()

    def get_link_density(self, elem):
        """The library's, each text's cleaned length computed once a page
        (its three regex passes over a container's whole text were a quarter
        of its time: the same links and containers are measured for the
        parent and the grandparent of each paragraph, and on each pass)."""
        link_length = sum(self._text_length(a) for a in elem.findall(".//a"))
        return float(link_length) / max(self._text_length(elem), 1)

    def _text_length(self, elem) -> int:  # readability.readability.text_length
        text = elem.text_content() or ""
        lengths = self.__dict__.setdefault("_lengths", {})
        if text not in lengths:
            lengths[text] = len(clean(text))
        return lengths[text]

    def transform_misused_divs_into_paragraphs(self):
        """The library's, with its block test (serialising each <div>'s
        children and matching divToPElementsRe) by ``_holding_blocks``."""
        holding = _holding_blocks(self.html)
        for elem in self.tags(self.html, "div"):
            if elem not in holding:
                elem.tag = "p"
        for elem in self.tags(self.html, "div"):
            if elem.text and elem.text.strip():
                p = fragment_fromstring("<p/>")
                p.text = elem.text
                elem.text = None
                elem.insert(0, p)
            for pos, child in reversed(list(enumerate(elem))):
                if child.tail and child.tail.strip():
                    p = fragment_fromstring("<p/>")
                    p.text = child.tail
                    child.tail = None
                    elem.insert(pos + 1, p)
                if child.tag == "br":
                    child.drop_tree()


def readability_lines(tree: HtmlElement, url: str | None) -> list[str] | None:
    try:
        summary = _TextReadability(tree, url=url).summary(html_partial=True)
    except Unparseable:
        return None
    try:
        root = fragment_fromstring(summary, create_parent="div")
    except Exception:  # lxml rejects an empty or odd summary
        return None
    return render_blocks(root) or None


def _default(tree, url):
    return trafilatura_lines(tree, url)


def _precision(tree, url):
    return trafilatura_lines(tree, url, precision=True)


def _recall(tree, url):
    return trafilatura_lines(tree, url, recall=True)


# name -> function(tree, url); the names are stored with each article
SINGLE = {
    "trafilatura": _default,
    "trafilatura-precision": _precision,
    "trafilatura-recall": _recall,
    "readability": readability_lines,
}
