"""Every use of trafilatura's non-public API, in one place.

The rest of the package calls trafilatura only through this module:
``text_document`` (the public ``bare_extraction`` with our fixed settings,
never ``deduplicate=True``: its cache is process-global) and
``page_metadata`` (trafilatura's ``extract_metadata``, step for step, minus
the fields we already have). ``page_metadata`` and the author mirror below
use internals that any trafilatura release may change: each is listed in
``RELIED_ON``, and tests/test_trafilatura_compat.py checks that the installed
version still has them, with the same parameters, and still behaves as
relied on. pyproject.toml pins trafilatura to the minor version checked.
"""

from __future__ import annotations

import hashlib
import re
import sys
from contextvars import ContextVar
from functools import lru_cache

import trafilatura
from htmldate import core as _hcore
from htmldate import extractors as _hextractors
from justext import core as _jcore
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura import core as _tcore
from trafilatura import external as _texternal
from trafilatura import htmlprocessing as _thtml
from trafilatura import main_extractor as _tmain
from trafilatura import metadata as _tmeta
from trafilatura import xpaths as _txpaths
from trafilatura.json_metadata import normalize_authors
from trafilatura.settings import Document, set_date_params
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from wellness_archiver.extraction.dates import LANGUAGES
from wellness_archiver.extraction.xpath_guard import GuardedXPath, guarded

VERSION = trafilatura.__version__
# trafilatura's pruning XPaths that text_document runs with their regex tests guarded
PRUNE_LISTS = ("OVERALL_DISCARD_XPATH", "RAW_TREE_PRUNE_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH",
               "REMOVE_COMMENTS_XPATH", "PRECISION_DISCARD_XPATH")

# (module, attribute, parameter names, or None for a non-callable) of each
# non-public name used here. Document is bare_extraction's return type: only
# its field names are relied on (``DOCUMENT_FIELDS``).
RELIED_ON = (
    ("trafilatura.metadata", "examine_meta", ("tree",)),
    ("trafilatura.metadata", "extract_meta_json", ("tree", "metadata")),
    ("trafilatura.metadata", "extract_title", ("tree",)),
    ("trafilatura.metadata", "extract_author", ("tree",)),
    ("trafilatura.metadata", "extract_url", ("tree", "default_url")),
    ("trafilatura.metadata", "extract_sitename", ("tree",)),
    ("trafilatura.metadata", "find_date", None),  # htmldate's, re-exported: keyword arguments only
    ("trafilatura.metadata", "META_URL", None),
    ("trafilatura.json_metadata", "normalize_authors", ("current_authors", "author_string")),
    ("trafilatura.settings", "set_date_params", ("extensive",)),
    ("trafilatura.settings", "Document", None),
    ("trafilatura.xpaths", "AUTHOR_XPATHS", None),
    ("trafilatura.xpaths", "AUTHOR_DISCARD_XPATHS", None),
    ("htmldate.extractors", "get_external_parser", ()),  # replaced below: the date languages
    ("htmldate.core", "search_page", ("htmlstring", "options")),  # wrapped below: page_metadata skips it
    ("trafilatura.external", "JT_STOPLIST", None),  # the stoplist try_justext passes: its identity
    ("justext.core", "define_stoplist", ("stoplist",)),  # wrapped below: looked up once in text_document
    # wrapped below, in the three modules calling it: text_document's pruning XPaths guarded
    *((m, "prune_unwanted_nodes", ("tree", "nodelist", "with_backup"))
      for m in ("trafilatura.htmlprocessing", "trafilatura.core", "trafilatura.main_extractor", "trafilatura.external")),
    *(("trafilatura.xpaths", name, None) for name in PRUNE_LISTS),
    ("trafilatura.baseline", "BASIC_CLEAN_XPATH", None),  # guarded too, inside text_document
)
# Fields of Document read or set here and in core.py.
DOCUMENT_FIELDS = ("title", "author", "url", "sitename", "date", "description", "language", "text", "body")

__all__ = ["AUTHOR_MIRRORED", "DOCUMENT_FIELDS", "Document", "RELIED_ON", "VERSION", "page_metadata",
           "text_document"]


# --- htmldate's dateparser, in the languages we read ----------------------
#
# htmldate's extensive search hands the date-like texts its own patterns miss
# to dateparser, through one parser built with no languages: dateparser then
# detects the language of every text over all its ~200 locales, loading each
# the first time (0.1-2 s a call; ~20% of our whole extraction CPU on
# wcxb-dev). The same parser, same settings, restricted to dates.LANGUAGES:
# htmldate's answer was the same on all 782 dated wcxb-dev pages, at a third
# of find_date's CPU. Process-wide: htmldate has no parameter for it.

_HTMLDATE_DATEPARSER_SETTINGS = {  # htmldate 1.11's get_external_parser, verbatim
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


@lru_cache(maxsize=1)
def _htmldate_parser():
    from dateparser import DateDataParser  # ~0.4 s to import: only when htmldate needs it

    return DateDataParser(languages=list(LANGUAGES), settings=dict(_HTMLDATE_DATEPARSER_SETTINGS))


HTMLDATE_OWN_PARSER = _hextractors.get_external_parser  # kept for the test of the settings copied
_hextractors.get_external_parser = _htmldate_parser


# --- htmldate's last resort, not for page_metadata -------------------------
#
# When no date is in the page's markup, its <title>/<h1>, <time> elements or
# free-text segments, find_date's last step (search_page) runs a dozen regexes
# and a dateparser pass over the whole serialised page: about 40% of
# find_date's CPU on wcxb-dev, for answers that are mostly a copyright year
# read as 1 January (256 of the 368 pages it answered; right on 1 of the 10
# that have a gold date). page_metadata sets _PAGE_SEARCH off around its own
# call; any other caller of htmldate (trafilatura's own metadata) is unchanged.

_PAGE_SEARCH = ContextVar("htmldate_page_search", default=True)
HTMLDATE_SEARCH_PAGE = _hcore.search_page


def _search_page(htmlstring, options):
    return HTMLDATE_SEARCH_PAGE(htmlstring, options) if _PAGE_SEARCH.get() else None


_hcore.search_page = _search_page


def _find_date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's find_date as trafilatura calls it, without the whole-page regex search."""
    token = _PAGE_SEARCH.set(False)
    try:
        return _tmeta.find_date(tree, **set_date_params(True), url=url)
    finally:
        _PAGE_SEARCH.reset(token)


# --- justext's stoplist, looked up once -----------------------------------
# trafilatura's justext fallback hands its tuple of all justext stoplists
# (JT_STOPLIST, ~154k words) to classify_paragraphs, whose define_stoplist is
# an lru_cache keyed on it: each call hashes the whole tuple again (~3.3 ms).
# Inside text_document (_OWN_CALL) the set is looked up by the tuple's
# identity: the same frozenset, from justext's function. Other callers (plain
# trafilatura.extract) are unchanged.

_OWN_CALL = ContextVar("trafilatura_own_call", default=False)
JUSTEXT_DEFINE_STOPLIST = _jcore.define_stoplist
_stopwords: list = []  # [(JT_STOPLIST, its set)] once looked up


def _define_stoplist(stoplist):
    if stoplist is None or stoplist is not _texternal.JT_STOPLIST or not _OWN_CALL.get():
        return JUSTEXT_DEFINE_STOPLIST(stoplist)
    if not _stopwords or _stopwords[0][0] is not stoplist:
        _stopwords[:] = [(stoplist, JUSTEXT_DEFINE_STOPLIST(stoplist))]
    return _stopwords[0][1]


# trafilatura.meta.reset_caches calls define_stoplist.cache_clear()
_define_stoplist.cache_clear = lambda: (_stopwords.clear(), JUSTEXT_DEFINE_STOPLIST.cache_clear())  # type: ignore
_jcore.define_stoplist = _define_stoplist


# --- trafilatura's pruning, its regex tests guarded ------------------------
# Its pruning XPaths (OVERALL_DISCARD_XPATH: ~1.4 ms a call) and basic_cleaning's
# test id and class with re:test(), which lxml runs in Python for every element
# reached, with or without the attribute: guarded inside text_document (xpath_guard.py).

TRAFILATURA_PRUNE = _thtml.prune_unwanted_nodes
_GUARDED = {id(xpaths): (xpaths, guarded(xpaths)) for xpaths in (getattr(_txpaths, n) for n in PRUNE_LISTS)}


def _prune_unwanted_nodes(tree, nodelist, with_backup=False):
    if _OWN_CALL.get() and (pair := _GUARDED.get(id(nodelist))) is not None and pair[0] is nodelist:
        nodelist = pair[1]
    return TRAFILATURA_PRUNE(tree, nodelist, with_backup)


for _module in (_tcore, _tmain, _texternal):
    _module.prune_unwanted_nodes = _prune_unwanted_nodes
_tbaseline = sys.modules["trafilatura.baseline"]  # the package exports a function of that name
_tbaseline.BASIC_CLEAN_XPATH = GuardedXPath(_tbaseline.BASIC_CLEAN_XPATH, _OWN_CALL)


def text_document(tree: HtmlElement, url: str | None, *, recall: bool = False,
                  precision: bool = False) -> Document | None:
    """trafilatura's main text of ``tree`` (``.text``, ``.body``), no metadata."""
    token = _OWN_CALL.set(True)
    try:
        return _bare_extraction(tree, url, recall=recall, precision=precision)
    finally:
        _OWN_CALL.reset(token)


def _bare_extraction(tree: HtmlElement, url: str | None, *, recall: bool, precision: bool) -> Document | None:
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_images=False,
        include_tables=True,
        include_links=False,
        include_formatting=False,
        favor_precision=precision,
        favor_recall=recall,
        deduplicate=False,
        output_format="python",  # fills Document.text in trafilatura's txt rendering
    )


def page_metadata(tree: HtmlElement, url: str | None, *, title: bool = True, author: bool = True,
                  date: bool = True, site_name: bool = True, not_author=None, values: str | None = None) -> Document:
    """trafilatura's ``extract_metadata`` (the same steps, in the same order),
    minus what would be thrown away: the fields whose flag is False are left
    None (the author heuristics copy the whole tree, htmldate is the single
    largest cost), and categories, tags and licence (never used); the date
    comes without htmldate's last resort, its regex search of the whole page.
    ``not_author(value)`` true: a declared author that is no answer (the
    site's own name), so the author heuristics run as if none were declared.
    ``values``: the page's class, id, itemprop and rel values joined
    (metadata.attribute_values), to skip the author walk when no rule can match.
    Only reads the tree, like the original. Raises what the original raises."""
    doc = _tmeta.examine_meta(tree)
    if doc.author and " " not in doc.author:
        doc.author = None
    try:
        doc = _tmeta.extract_meta_json(tree, doc)
    except Exception:  # as trafilatura: bugs in its JSON metadata code
        pass
    if not title:
        doc.title = None
    elif not doc.title:
        doc.title = _tmeta.extract_title(tree)
    if not author or doc.author and not_author is not None and not_author(doc.author):
        doc.author = None
    if author and not doc.author:
        doc.author = _extract_author(tree, values)
    if not doc.url:
        doc.url = _tmeta.extract_url(tree, url)
    doc.date = _find_date(tree, doc.url) if date else None
    doc.sitename = _site_name(tree, doc) if site_name else None
    doc.clean_and_trim()
    return doc


def _site_name(tree: HtmlElement, doc: Document) -> str | None:
    sitename = doc.sitename or _tmeta.extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
        return sitename
    if doc.url and (match := _tmeta.META_URL.match(doc.url)):
        return match[1]
    return None


# --- trafilatura's extract_author, without its whole-tree copy ------------
#
# extract_author deep-copies the page, prunes comment/sidebar/date elements
# from the copy, then runs three XPaths whose re:test() calls go back into
# Python for every element (~7 ms a page). The same rules in one walk over the
# page, skipping what the pruning would delete and joining the text of a
# deleted element's tail onto the text before it, as the pruning does. Used
# only while trafilatura's XPaths are the ones this mirrors.

_AUTHOR_RULES_SHA = "25bd9dc701d833cf3cf1eccf12c4f97299053490f81b81f498fa621ab0b3719a"
AUTHOR_MIRRORED = hashlib.sha256(
    "\x00".join(x.path for x in AUTHOR_XPATHS + AUTHOR_DISCARD_XPATHS).encode()).hexdigest() == _AUTHOR_RULES_SHA
_DISCARD_TAGS = {"a", "div", "section", "span"}
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile("^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
                            "|article-(?:share|support)|print|category|meta-date|meta-reviewer")
_AUTHOR1_TAGS = {"a", "address", "div", "link", "p", "span", "strong"}
_AUTHOR1_CLASS = re.compile("author-?name|AuthorName|authorName")
_AUTHOR2_TAGS = {"a", "div", "h3", "h4", "p", "span"}
_AUTHOR2_ID = re.compile("author|zuozhe|bianji|xiaobian")
_AUTHOR2_CLASS = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_AUTHOR3_ID = re.compile("[Aa]uthor")
_AUTHOR3_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# A value one of the three rules needs, case aside (each rule's attribute
# values are substrings of these); and what no joined value shows: an <author>
# element, a <rel> child (rule 1's rel='me'), data-testid and data-component.
_AUTHOR_NEEDLES = ("author", "byl", "bbl", "username", "zuozhe", "bianji", "xiaobian", "channel-name", "submitted-by",
                   "posted-by", "journalist-name", "screenname", "writer")
_AUTHOR_EXTRA = XPath("//author|//rel|//@data-testid|//@data-component")


def _may_name_author(tree: HtmlElement, values: str) -> bool:
    """False when no element can match an author rule: ``values`` (the page's
    class, id, itemprop and rel values) hold no needle, nor do the rest."""
    if _has_needle(values):
        return True
    return any(not isinstance(x, str) or _has_needle(x) for x in _AUTHOR_EXTRA(tree))


def _has_needle(text: str) -> bool:
    lowered = text.lower()  # a case-blind regex over the page's values costs ten times as much
    return any(needle in lowered for needle in _AUTHOR_NEEDLES)


class _Unsure(Exception):
    """A case the mirror does not cover: use trafilatura's own function."""


def _discarded(el: HtmlElement) -> bool:
    tag = el.tag
    if tag in ("time", "figure"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    ident, cls = el.get("id"), el.get("class")
    return (ident == "comments" or cls in ("comments", "title", "date")
            or _DISCARD_ID.search(ident or "") is not None or _DISCARD_CLASS.search(cls or "") is not None
            or "Figure" in (el.get("data-component") or ""))


def _author_rule(el: HtmlElement) -> int:
    """1, 2 or 3: the first of trafilatura's AUTHOR_XPATHS ``el`` matches; 0: none."""
    tag = el.tag
    cls, ident, itemprop = el.get("class"), el.get("id"), el.get("itemprop")
    if tag == "author":
        return 1
    if tag in _AUTHOR1_TAGS:
        if el.find("rel") is not None:
            raise _Unsure  # rel='me' compares a child element's string value
        if (el.get("rel") == "author" or ident == "author" or cls == "author" or itemprop == "author name"
                or el.get("data-testid") in ("AuthorCard", "AuthorURL") or _AUTHOR1_CLASS.search(cls or "")):
            return 1
    if tag in _AUTHOR2_TAGS and (
            cls in ("byline", "username", "byl", "BBL") or "author" in (itemprop or "")
            or _AUTHOR2_ID.search(ident or "") or _AUTHOR2_CLASS.search(cls or "")):
        return 2
    if ("Byline" in (el.get("data-component") or "") or "author" in (itemprop or "")
            or _AUTHOR3_ID.search(ident or "") or _AUTHOR3_CLASS.search(cls or "")):
        return 3
    return 0


def _pruned_chunks(el: HtmlElement, out: list[str]) -> None:
    """itertext() of ``el`` in the pruned copy: a deleted child's tail joins
    the text before it (the previous sibling's tail or the parent's text)."""
    pending = el.text or ""
    for child in el:
        if not isinstance(child.tag, str):
            raise _Unsure
        if _discarded(child):
            pending += child.tail or ""
            continue
        if pending:
            out.append(pending)
        _pruned_chunks(child, out)
        pending = child.tail or ""
    if pending:
        out.append(pending)


def _extract_author(tree: HtmlElement, values: str | None = None) -> str | None:
    if not AUTHOR_MIRRORED:
        return _tmeta.extract_author(tree)
    if values is not None and not _may_name_author(tree, values):
        return None
    try:
        # the first XPath's first usable match, in document order, is the
        # answer: the walk stops there; the other two rules' matches wait
        later: list[list[HtmlElement]] = [[], []]
        stack = [tree]
        while stack:
            el = stack.pop()
            if not isinstance(el.tag, str):
                raise _Unsure
            if el is not tree and _discarded(el):
                continue
            rule = _author_rule(el)
            if rule == 1 and (content := _author_content(el)):
                return normalize_authors(None, content)
            if rule > 1:
                later[rule - 2].append(el)
            stack.extend(reversed(el))
        for elements in later:
            for el in elements:
                if content := _author_content(el):
                    return normalize_authors(None, content)
        return None
    except _Unsure:
        return _tmeta.extract_author(tree)


def _author_content(el: HtmlElement) -> str | None:
    """The element's text in the pruned copy, when extract_metainfo would take it."""
    chunks: list[str] = []
    _pruned_chunks(el, chunks)
    content = " ".join(" ".join(chunks).split())
    return content if content and 2 < len(content) < 120 else None
