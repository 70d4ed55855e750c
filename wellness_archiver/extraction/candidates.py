"""The single extractors the selector chooses between, each on the page's one parsed tree.

Each takes the parsed page (never modified: trafilatura copies it itself, and
readability-lxml works on the copy its HTML cleaner makes first, for every
pass: ``Document._parse``) and returns the main text as lines, or None when
it found nothing.
"""

from __future__ import annotations

from copy import copy

from lxml.html import HtmlElement
from readability import Document as _Readability
from readability.readability import Unparseable, html_cleaner

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


def readability_lines(tree: HtmlElement, url: str | None) -> list[str] | None:
    try:
        summary = _TextReadability(tree, url=url).summary(html_partial=True)
    except Unparseable:
        return None
    from lxml.html import fragment_fromstring

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
