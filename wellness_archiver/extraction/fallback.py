"""Stage 4d: a fragment taken for the main text, replaced by the page's own text.

On pages that are not a single post (a forum thread, a product grid, a
listing of articles, a shop's category page) every candidate extractor can
latch onto one small block: a promotion bar, a search box's help, one card,
the opening post's first line. The sign is the same each time: the chosen
text is short and holds only a small share of the words the page shows
outside its header, footer, navigation and sidebars. The page's visible text
(``render_blocks`` of the body, those regions left out) is then the better
answer: it is the thread, the grid or the listing itself.

The page is re-parsed for this (the pipeline's tree has been cut by then),
only when the chosen text is short: a few percent of pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.blocks import render_blocks
from wellness_archiver.extraction.consent import remove_consent
from wellness_archiver.extraction.metadata import attribute_values

# the chosen text must be this short (words) ...
MAX_WORDS = 100
# ... and hold at most this share of the page text's words ...
MAX_SHARE = 0.1
# ... which must itself be substantial
MIN_PAGE_WORDS = 100

_WORD = re.compile(r"\w+")
_MAIN = XPath("//main|//*[@role='main']")
_REGIONS = XPath("//header|//footer|//nav|//aside"
                 "|//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']")


def page_lines(tree: HtmlElement) -> list[str]:
    """The page's visible text, one line a block, without its header, footer,
    navigation and sidebars (a region that holds the page's ``<main>`` stays)."""
    body = tree.find("body")
    if body is None:
        return []
    keep = set()  # each <main> and its ancestors
    for main in _MAIN(tree):
        keep.add(main)
        for above in main.iterancestors():
            if above in keep:  # walked from another <main>: linear even for nested ones
                break
            keep.add(above)
    for el in _REGIONS(tree):
        parent = el.getparent()
        if parent is None or el.tag == "body" or el in keep:
            continue
        parent.remove(el)
    return render_blocks(body)


def _words(lines: list[str]) -> Counter:
    return Counter(w for line in lines for w in _WORD.findall(line.casefold()))


def prefer_page_text(lines: list[str], reparse: Callable[[], HtmlElement | None]) -> list[str] | None:
    """The page's text (``page_lines``) when ``lines`` look like a fragment of
    it, else None. ``reparse``: the page, freshly parsed (called only when
    ``lines`` are short)."""
    chosen = _words(lines)
    size = sum(chosen.values())
    if not size or size > MAX_WORDS:
        return None
    tree = reparse()
    if tree is None:
        return None
    remove_consent(tree, attribute_values(tree))  # as for every candidate (consent.py)
    page = page_lines(tree)
    shown = _words(page)
    total = sum(shown.values())
    if total < MIN_PAGE_WORDS or sum((chosen & shown).values()) > MAX_SHARE * total:
        return None
    return page
