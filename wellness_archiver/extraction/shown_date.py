"""The date a page shows by its title (its byline's date), and how it ranks
against the declared ones.

``shown_date``: the first short text with a date (a byline line: "Jan 5,
2025", "By Ann Lee | 5 Jan 2025 · 3 min read") among the first texts after
the page's first non-empty <h1>, then among the few just above it, read by
dates.iso_date (its regexes only: dateparser costs milliseconds a text).
Long texts are prose, not a byline: a date inside a sentence ("enrolment
opened on December 17 2025") is no answer. A date the page labels
as an update, a revision, a review or a member's join date is a last resort:
any other date there comes first.

``settle_published``, run after JSON-LD, <meta> and the platform's markup
have been read (metadata.py), before trafilatura's (htmldate's) guess:

1. A shown date that is not labelled an update wins over a declared
   publication date it disagrees with: sites re-date rewritten evergreen
   posts on the page and leave the CMS's first-draft ``datePublished``;
   readers, and citations, go by the date shown.
2. ...unless it is the declared modification date (a page showing only its
   last edit, unlabelled, keeps its declared publication date) or the
   declared day with day and month swapped (09.10.2024 written US-style).
3. A date labelled as an update counts only when the page declares none:
   it is then the only date the page gives, and better than htmldate's
   guess from the whole page.

Measured on wcxb-dev (benchmarks/metadata.py): the rules are from its
failures, grouped by kind, not from any one site.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.dates import iso_date

if TYPE_CHECKING:
    from wellness_archiver.extraction.metadata import Metadata

__all__ = ["settle_published", "shown_date"]

_TEXTS_AFTER_TITLE = 15  # a byline sits right under the title; further down is the post itself
_TEXTS_BEFORE_TITLE = 3  # or just above it ("March 1, 2024" over the <h1>)
_MAX_LINE = 48  # characters: "Updated Dec 18, 2025 · 12 min read" is a byline line, a sentence is not
_TITLE = XPath("(//h1[normalize-space()])[1]")
_NOT_SHOWN = {"script", "style", "noscript", "template"}
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:d-none|hidden)(?:\s|$)|sr-only|visually-hidden")
_NOT_PUBLISHED = re.compile(r"updated|modified|edited|revised|reviewed|joined|member since|last active", re.I)
_DIGIT = re.compile(r"\d")


def _shown(el: HtmlElement) -> bool:
    """Not a script, not hidden by attribute or by the usual utility classes (Bootstrap's d-none, ...)."""
    return (isinstance(el.tag, str) and el.tag not in _NOT_SHOWN and el.get("hidden") is None
            and "none" not in (el.get("style") or "").replace(" ", "").partition("display:")[2][:4]
            and not _HIDDEN_CLASS.search(el.get("class") or ""))


def _inside(el: HtmlElement, reverse: bool = False):
    """The texts inside ``el`` (not its tail), in document order or reversed."""
    if not _shown(el):
        return
    if not reverse:
        yield el.text
    for child in reversed(el) if reverse else el:
        if reverse:
            yield child.tail
        yield from _inside(child, reverse)
        if not reverse:
            yield child.tail
    if reverse:
        yield el.text


def _around(el: HtmlElement, reverse: bool = False):
    """The texts after ``el`` in document order (``reverse``: before it, nearest first)."""
    while el is not None:
        if not reverse:
            yield el.tail
        for sibling in el.itersiblings(preceding=reverse):
            if reverse:
                yield sibling.tail
            yield from _inside(sibling, reverse)
            if not reverse:
                yield sibling.tail
        el = el.getparent()
        if reverse and el is not None:
            yield el.text


def _lines(texts, count: int) -> list[str]:
    found = []
    for text in texts:
        if text and (text := " ".join(text.split())):
            found.append(text)
            if len(found) == count:
                break
    return found


def shown_date(tree: HtmlElement) -> tuple[str | None, bool]:
    """(the ISO day of the page's byline date, whether it is labelled as an
    update or the like), or (None, False)."""
    title = _TITLE(tree)
    if not title:
        return None, False
    after = _lines(_around(title[0]), _TEXTS_AFTER_TITLE)
    before = _lines(_around(title[0], reverse=True), _TEXTS_BEFORE_TITLE + 1)  # nearest first
    # (text, the text before it in the page): under the title first, then above it, nearest first
    lines = list(zip(after, [before[0] if before else "", *after]))
    lines += zip(before[:_TEXTS_BEFORE_TITLE], before[1:] + [""])
    update = None
    for text, previous in lines:
        if len(text) <= _MAX_LINE and _DIGIT.search(text) and (day := iso_date(text, fallback=False)):
            if not _NOT_PUBLISHED.search(previous + " " + text):
                return day, False
            update = update or day  # "Updated: Jan 2, 2026" beside "Dec 22, 2022": the latter
    return (update, True) if update else (None, False)


def _swapped(a: str, b: str | None) -> bool:
    """The same ISO day with month and day swapped (a numeric date read the other way)."""
    return b is not None and a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


def settle_published(tree: HtmlElement, meta: Metadata) -> None:
    """The shown date against the declared ones (the rules above)."""
    day, update = shown_date(tree)
    if day is None or day == meta.published:
        return
    if update:
        meta.fill(published=day)
    elif day != meta.updated and not _swapped(day, meta.published):
        meta.published, meta.published_at = day, None
