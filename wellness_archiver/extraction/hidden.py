"""Elements a browser does not show, by their own markup.

The pipeline drops only ``never_shown`` ones before any candidate reads the
page (core.py): on wcxb-dev, hidden containers are the text as often as not.
``drop_hidden`` with its default drops them all, as readable.py does on its
own copy of the page, with the test Mozilla's Readability makes before
scoring: a ``hidden``
attribute, ``aria-hidden="true"``, or an inline ``display: none`` /
``visibility: hidden``. trafilatura drops some of these itself, but not
always (its over-pruning guard puts them back when they hold much of the
page), and readability-lxml never does: a collapsed menu, a modal's text or
a paragraph kept for screen readers alone ends up in the article.

Kept all the same: a hidden element holding most of the page's text (a page
hidden whole until its scripts run, an anti-flicker wrapper, still has an
article), and a hidden element with a sibling of the same tag and class,
shown or not (tabs, slides, a gallery's or a recipe's steps: content the
page shows one at a time, which the reader pages through).
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.etree import XPath
from lxml.html import HtmlElement

# the candidates' attributes, found in C along the attribute axis (a test on
# every element's @style cost as much again): in document order
_MARKS = XPath("//body//@style|//body//@hidden|//body//@aria-hidden")
_NEVER_SHOWN_MARKS = XPath("//body//@style|//body//@hidden")  # never_shown reads no aria-hidden
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)",
                           re.I)
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
# a hidden element holding more than this share of the body's text is kept
MOST_OF_THE_PAGE = 0.8


def hidden(el: HtmlElement) -> bool:
    """Hidden by its own markup."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = el.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


def never_shown(el: HtmlElement) -> bool:
    """A paragraph or heading hidden by ``display: none``, ``visibility:
    hidden`` or ``hidden``: a page's alternative copy, which no click shows.
    Not ``aria-hidden`` (hidden from screen readers only: sighted readers see
    it), nor a hidden container (accordion answers, tabs, content streamed in
    and moved by script: on wcxb-dev these are the text as often as not; a
    hidden popup's removal changes trafilatura's choice of container)."""
    return el.tag in _PARAGRAPHS and (el.get("hidden") is not None
                                      or _HIDDEN_STYLE.search(el.get("style") or "") is not None)


def _marked(tree: HtmlElement, marks: XPath = _MARKS) -> list[HtmlElement]:
    """The elements with a ``hidden`` or ``aria-hidden`` attribute or a style
    naming "none" or "hidden" (in any case), in document order."""
    out, seen = [], set()
    for mark in marks(tree):
        el = mark.getparent()
        if el in seen or (mark.attrname == "style" and "none" not in (low := mark.lower()) and "hidden" not in low):
            continue
        seen.add(el)
        out.append(el)
    return out


def drop_hidden(tree: HtmlElement, *, shown_later: bool = True) -> int:
    """Removes the hidden elements below <body> in place (their tails stay);
    returns how many. ``shown_later=False``: only what a reader never sees
    (see ``never_shown``)."""
    marked, test = (_marked(tree), hidden) if shown_later else (_marked(tree, _NEVER_SHOWN_MARKS), never_shown)
    found = [el for el in marked if test(el)]  # never_shown implies hidden
    if not found:
        return 0
    # siblings alike (tag and class): tabs, slides, a gallery's or a recipe's
    # steps that the page shows one at a time, which are the text
    parents = {el.getparent() for el in found if el.get("class")}
    alike = Counter((parent, sib.tag, sib.get("class"))
                    for parent in parents for sib in parent.iterchildren() if sib.get("class"))
    body = tree.find("body") if tree.tag == "html" else tree
    root = body if body is not None else tree
    sizes = _text_sizes(root)
    total = sizes[root]
    dropped: set = set()
    below: dict = {}
    for el in found:  # in document order: an element's hidden ancestor comes first
        if _below_one(el, dropped, below):
            continue  # gone with it
        if el.get("class") and alike[el.getparent(), el.tag, el.get("class")] >= 2:
            continue
        size = sizes.get(el, 0)
        if size and size > MOST_OF_THE_PAGE * total:
            continue
        dropped.add(el)
    for el in dropped:
        el.drop_tree()
    return len(dropped)


def _text_sizes(root: HtmlElement) -> dict:
    """``len(el.text_content())`` of every element below ``root``, in one
    pass from the leaves up (each element's own call: quadratic when hidden
    elements nest)."""
    sizes: dict = {}
    for el in reversed(list(root.iter())):
        own = len(el.text or "") if isinstance(el.tag, str) else 0  # a comment's text is not text
        sizes[el] = own + sum(sizes[child] + len(child.tail or "") for child in el)
    return sizes


def _below_one(el: HtmlElement, dropped: set, below: dict) -> bool:
    """Whether an ancestor of ``el`` is in ``dropped``. ``below`` remembers the
    answer for every ancestor walked, so each is walked once a page (an
    element dropped later is never an ancestor of one walked before it:
    ``found`` is in document order)."""
    walked, node, answer = [], el.getparent(), False
    while node is not None:
        if node in below:
            answer = below[node]
            break
        if node in dropped:
            answer = True
            break
        walked.append(node)
        node = node.getparent()
    for node in walked:
        below[node] = answer
    return answer
