"""The single extractors the selector chooses between, each on the page's one parsed tree.

Each takes the parsed page (never modified: trafilatura copies it itself, and
readability-lxml works on the copy its HTML cleaner makes first, for every
pass: ``Document._parse``) and returns the main text as lines, or None when
it found nothing.
"""

from __future__ import annotations

from lxml.html import HtmlElement, fragment_fromstring
from readability.readability import Unparseable

from wellness_archiver.extraction.blocks import render_blocks
from wellness_archiver.extraction.readable import RETRY_CHARS, MozillaReadability, TextReadability
from wellness_archiver.extraction.trafilatura_compat import text_document


def trafilatura_lines(tree: HtmlElement, url: str | None, *, precision: bool = False,
                      recall: bool = False) -> list[str] | None:
    doc = text_document(tree, url, precision=precision, recall=recall)
    text = (doc.text or "") if doc is not None else ""
    return text.splitlines() or None


def readability_lines(tree: HtmlElement, url: str | None) -> list[str] | None:
    """readability-lxml's own choice of the article (the link steps skipped:
    readable.py). Not the pipeline's candidate any more (readability_mozilla_lines
    is: 0.912 -> 0.973 alone on readability-dev); kept as the library's
    reference, which the tests compare readable.py with."""
    return _readability_pass(TextReadability, tree, url, strip_unlikely=True) or None


def readability_mozilla_lines(tree: HtmlElement, url: str | None) -> list[str] | None:
    """readable.py's MozillaReadability (Mozilla Readability's choice of the
    article element, hidden elements dropped); under RETRY_CHARS of text,
    again without its "unlikely" removal, and the longer text kept (as
    Mozilla's Readability retries)."""
    lines = _readability_pass(MozillaReadability, tree, url, strip_unlikely=True)
    if sum(map(len, lines)) < RETRY_CHARS:
        lenient = _readability_pass(MozillaReadability, tree, url, strip_unlikely=False)
        if sum(map(len, lenient)) > sum(map(len, lines)):
            lines = lenient
    return lines or None


def _readability_pass(kind: type[TextReadability], tree: HtmlElement, url: str | None, *,
                      strip_unlikely: bool) -> list[str]:
    try:
        summary = kind(tree, url=url, strip_unlikely=strip_unlikely).summary(html_partial=True)
    except Unparseable:
        return []
    try:
        root = fragment_fromstring(summary, create_parent="div")
    except Exception:  # lxml rejects an empty or odd summary
        return []
    return render_blocks(root)


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
    "readability": readability_mozilla_lines,  # the stored name, as for readability_lines before
}
