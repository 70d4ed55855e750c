"""Pages too large for trafilatura's super-linear passes, extracted in bounded pieces.

Some of trafilatura's XPaths take time quadratic in the number of paragraphs
(libxml2 merges the text nodes of each ``<p>`` of ``//p//text()`` into the
result, checking each against every node already found): a 2 MB post of
~15,000 paragraphs took 1 s, 8 MB 13 s. On a page over ``MAX_PARAGRAPHS``
(no development-set page has more than ~1,600) the main text is taken from the
element that directly holds most of the paragraphs (or the platform's body
element), and trafilatura runs on consecutive runs of its children of at most
``CHUNK_PARAGRAPHS`` paragraphs each, so each call's cost is bounded and the
total grows linearly with the page. The other candidates are not computed.

One element with thousands of inline children (a code listing of highlighted
tokens, a word cloud) is another trap: trafilatura strips the inline tags,
which leaves thousands of adjacent text nodes, and lxml builds each text
result of an XPath over them in time that grows with all of them (a 200 KB
paragraph of 10,000 ``<span>`` took 20 s). ``flatten_wide`` merges such
childless inline children into their parent's text first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from lxml.etree import XPath
from lxml.html import HtmlElement

MAX_PARAGRAPHS = 3000
CHUNK_PARAGRAPHS = 500
MAX_CHILDREN = 3000
_COUNT_P = XPath("count(.//p)")
_WIDE = XPath(f"/descendant::*[count(*) > {MAX_CHILDREN}]")
# inline formatting tags trafilatura strips (not links: its link-density tests read them)
_INLINE = frozenset({"span", "b", "i", "em", "strong", "font", "small", "big", "u", "s", "mark", "abbr",
                     "cite", "code", "sub", "sup", "ins", "del", "q", "var", "kbd", "samp", "tt", "bdi", "bdo"})


def paragraph_count(el: HtmlElement) -> int:
    return int(_COUNT_P(el))


def is_large(tree: HtmlElement) -> bool:
    return paragraph_count(tree) > MAX_PARAGRAPHS


def main_container(tree: HtmlElement) -> HtmlElement | None:
    """The element with the most ``<p>`` children: the article's body on a long post."""
    parents = Counter(p.getparent() for p in tree.iter("p"))
    parents.pop(None, None)
    return parents.most_common(1)[0][0] if parents else None


def chunks(el: HtmlElement, limit: int = CHUNK_PARAGRAPHS) -> Iterator[list[HtmlElement]]:
    """Consecutive runs of ``el``'s children holding at most ``limit``
    paragraphs each (a run may be one child over the limit only when that
    child has no children to split it by)."""
    group: list[HtmlElement] = []
    count = 0
    for child in el:
        n = paragraph_count(child) + (child.tag == "p")
        if n > limit and len(child):
            if group:
                yield group
                group, count = [], 0
            yield from chunks(child, limit)
            continue
        if group and count + n > limit:
            yield group
            group, count = [], 0
        group.append(child)
        count += n
    if group:
        yield group


def flatten_wide(tree: HtmlElement) -> int:
    """Merge the childless inline children of every element with over
    ``MAX_CHILDREN`` children into its text; returns how many were merged."""
    merged = 0
    for el in _WIDE(tree):
        texts: list[str] = [el.text or ""]  # the text run being built, before the next kept child
        holder = None  # the kept child whose tail the run becomes (None: el.text)
        for child in list(el):
            if child.tag in _INLINE and not len(child):
                texts += (child.text or "", child.tail or "")
                el.remove(child)
                merged += 1
                continue
            _set_run(el, holder, texts)
            holder, texts = child, [child.tail or ""]
        _set_run(el, holder, texts)
    return merged


def _set_run(el: HtmlElement, holder: HtmlElement | None, texts: list[str]) -> None:
    text = "".join(texts) or None
    if holder is None:
        el.text = text
    else:
        holder.tail = text
