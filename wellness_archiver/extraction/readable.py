"""readability-lxml for the text alone, closer to Mozilla's Readability.

readability-lxml (0.8.4) keeps its scoring from an old Readability: each
paragraph scores only its parent and grandparent, the best-scored element wins
with its like-scored siblings, and its retry without the "unlikely" removal
runs only when the result's *markup* is under 250 characters. On long pages
whose paragraphs sit in several wrappers it keeps one wrapper's paragraphs (the
last few paragraphs of an article split by ads); when the "unlikely" removal
dropped the article's container (a layout class naming a sidebar), it keeps a
skip link. The changes of ``MozillaReadability`` (candidates.py's
readability_mozilla_lines), as in Mozilla's Readability (whose output is the
readability devset's gold):

* the best element gives way to an ancestor holding three of the five best
  candidates of a close score, or to a better-scored ancestor, and an only
  child to its parent;
* a result under 500 characters of text is retried without the "unlikely"
  removal, and the longer text kept;
* elements hidden by their markup (``hidden``, ``aria-hidden="true"``, an
  inline ``display: none`` or ``visibility: hidden``) are never text.
"""

from __future__ import annotations

from copy import copy
from functools import lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement, fragment_fromstring
from readability import Document
from readability.readability import REGEXES, clean, html_cleaner

from wellness_archiver.extraction.hidden import drop_hidden

# readability-lxml's cleaner minus the rewriting of javascript: links, and
# keeping inline styles (read for hidden elements; never printed)
_TEXT_CLEANER = copy(html_cleaner)
_TEXT_CLEANER.javascript = False
_TEXT_CLEANER.inline_style = False

# an ancestor shared by this many of the best candidates scoring within
# CLOSE_SCORE of the best is the article
SHARED_BY = 3
CLOSE_SCORE = 0.75
RETRY_CHARS = 500
_CHROME_TAGS = {"header", "footer", "nav", "aside", "form"}

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


class TextReadability(Document):
    """readability-lxml for the text alone: the library's own choice of the
    article, for less CPU.

    Its parse cleans javascript: links out of every link attribute and makes
    every link absolute (a third of its time): attribute values that its
    scoring never reads but for an <iframe>'s src (the video test in
    ``sanitize``), and that render_blocks never prints. Here only the
    iframes' links get both steps; the rest of the cleaning is the library's
    own. Overrides ``Document._parse``, and, for speed with the same output,
    ``remove_unlikely_candidates`` (skipped with ``strip_unlikely=False``),
    ``get_link_density`` and ``transform_misused_divs_into_paragraphs``:
    were they renamed, the originals would run."""

    def __init__(self, input, *, url: str | None = None, strip_unlikely: bool = True) -> None:
        super().__init__(input, url=url)
        self.strip_unlikely = strip_unlikely

    def _parse(self, input):
        doc = _TEXT_CLEANER.clean_html(input)  # a copy: the caller's tree stays as it was
        self._clean(doc)
        iframes = list(doc.iter("iframe"))
        for frame in iframes:
            frame.rewrite_links(html_cleaner._remove_javascript_link, resolve_base_href=False)
        doc.resolve_base_href(handle_failures=self.handle_failures)  # as the original: <base> first
        if self.url:
            for frame in iframes:
                frame.make_links_absolute(self.url, resolve_base_href=False, handle_failures=self.handle_failures)
        return doc

    def _clean(self, doc: HtmlElement) -> None:
        """A subclass's own cleaning of the parsed copy (MozillaReadability)."""

    def remove_unlikely_candidates(self):
        """The library's, testing only the elements it does not skip (``_NAMED``, found in C)."""
        if not self.strip_unlikely:
            return
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


class MozillaReadability(TextReadability):
    """TextReadability with Mozilla Readability's choice of the article
    element and its removal of hidden elements (module docstring)."""

    def _clean(self, doc: HtmlElement) -> None:
        drop_hidden(doc)

    def _kept(self, el: HtmlElement, candidates: dict) -> bool:
        """An ancestor the best element may give way to: not chrome by its tag,
        class or id, nor scored so low that ``sanitize`` would drop it whole."""
        score = candidates[el]["content_score"] if el in candidates else 0
        return el.tag not in _CHROME_TAGS and self.class_weight(el) >= 0 and self.class_weight(el) + score >= 0

    def select_best_candidate(self, candidates):
        if not candidates:
            return super().select_best_candidate(candidates)
        ranked = sorted(candidates.values(), key=lambda c: c["content_score"], reverse=True)
        best = ranked[0]["elem"]
        shared = _shared_ancestor(best, ranked)
        if shared is not None and self._kept(shared, candidates):
            best = shared
        else:
            best = _better_ancestor(best, candidates)
        parent = best.getparent()
        while (parent is not None and parent.tag not in ("body", "html") and len(parent) == 1
               and self._kept(parent, candidates)):
            best, parent = parent, parent.getparent()
        if best not in candidates:
            candidates[best] = self.score_node(best)
        return candidates[best]


def _shared_ancestor(best: HtmlElement, ranked: list[dict]) -> HtmlElement | None:
    """The nearest ancestor of ``best`` holding SHARED_BY of the next best
    candidates that score within CLOSE_SCORE of it (an article in pieces)."""
    top = ranked[0]["content_score"]
    if top <= 0:
        return None
    close = [c["elem"] for c in ranked[1:5] if c["content_score"] / top >= CLOSE_SCORE]
    if len(close) < SHARED_BY:
        return None
    lineages = [set(el.iterancestors()) for el in close]
    for parent in best.iterancestors():
        if parent.tag in ("body", "html"):
            return None
        if sum(parent in lineage for lineage in lineages) >= SHARED_BY:
            return parent
    return None


def _better_ancestor(best: HtmlElement, candidates: dict) -> HtmlElement:
    """Up from ``best`` while the ancestors keep a third of its score: the
    first one scoring above the last is the article."""
    last = candidates[best]["content_score"]
    threshold = last / 3
    for parent in best.iterancestors():
        if parent.tag in ("body", "html"):
            break
        if parent not in candidates:
            continue
        score = candidates[parent]["content_score"]
        if score < threshold:
            break
        if score > last:
            return parent
        last = score
    return best
