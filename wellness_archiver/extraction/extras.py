"""Comments and engagement figures, read from the page before chrome removal.

Comments come from the platforms' comment markup (WordPress ``ol.comment-list``,
Blogger ``#comments``, Wix ``[data-hook=comment]``, Disqus-less generic
``.comment`` items); they are kept apart from the article text. Engagement
figures ("25 views", "0 comments", "3 min read", "12 likes") become ints.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.dates import iso_date


def _cls(name: str) -> str:
    return f"contains(concat(' ',normalize-space(@class),' '),' {name} ')"


# One element per comment. Replies nested inside a comment are their own items.
_ITEM_CANDIDATES = XPath("/descendant::*[@data-hook='comment' or contains(@class,'comment')]")
_ITEM_TOKENS = {"comment", "comment-item", "gh-comment"}
_AUTHOR = XPath(
    f".//*[@data-hook='author-name']|.//*[{_cls('fn')}]|.//cite|.//*[{_cls('comment-author')}]"
    f"|.//*[@itemprop='author']|.//*[{_cls('comment-author-name')}]|.//*[{_cls('user')}]|.//*[{_cls('author')}]"
)
_DATE = XPath(
    ".//*[@data-hook='timestamp']/@title|.//time/@datetime"
    f"|.//*[{_cls('comment-date')}]|.//*[{_cls('datetime')}]|.//*[{_cls('comment-metadata')}]"
    f"|.//*[{_cls('comment-time')}]|.//*[{_cls('date')}]|.//abbr/@title"
)
_TEXT = XPath(
    f".//*[@data-hook='comment-content']|.//*[{_cls('comment-content')}]|.//*[{_cls('comment-text')}]"
    f"|.//*[{_cls('comment-body-text')}]|.//*[@itemprop='text']"
)
_PARAS = XPath(".//p")


def _own(el: HtmlElement, item: HtmlElement, items: set) -> bool:
    """``el`` belongs to ``item`` itself, not to a reply nested inside it."""
    for anc in el.iterancestors():
        if anc is item:
            return True
        if anc in items:
            return False
    return True


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def read_comments(tree: HtmlElement) -> list[dict]:
    """[{author, published, text}] in page order; [] when the page has none."""
    items = [el for el in _ITEM_CANDIDATES(tree)
             if el.get("data-hook") == "comment" or not _ITEM_TOKENS.isdisjoint((el.get("class") or "").split())]
    if not items:
        return []
    item_set = set(items)
    comments = []
    for item in items:
        texts = [el for el in _TEXT(item) if _own(el, item, item_set)]
        if not texts:
            texts = [el for el in _PARAS(item) if _own(el, item, item_set)]
        text = _text(texts[0]) if texts else ""
        if not text or len(text) > 20_000:
            continue
        author = next((a for a in (_text(el) for el in _AUTHOR(item) if _own(el, item, item_set)) if a), None)
        if author:
            author = re.sub(r"\s+(?:says|said|wrote):?$", "", author, flags=re.I).strip() or None
        published = None
        for value in _DATE(item):
            if not isinstance(value, str):
                if not _own(value, item, item_set):
                    continue
                value = _text(value)
            if published := iso_date(value):
                break
        comments.append({"author": author, "published": published, "text": text})
    return comments


# --- engagement figures ---------------------------------------------------

# (/descendant::, not //: the same nodes, without libxml2's merge per element)
_COUNTER_TEXT = XPath(
    "/descendant::body/descendant::text()"
    "[contains(.,'view') or contains(.,'View') or contains(.,'omment') or contains(.,'ike')"
    " or contains(.,'min') or contains(.,'read')]"
    "[not(ancestor::script or ancestor::style)]",
    smart_strings=True,
)
_NUMBER = r"(\d[\d,.]*\s*[kKmM]?)"
_PATTERNS = (
    ("views", re.compile(rf"^{_NUMBER}\s*(?:views?|reads?)$", re.I)),
    ("comment_count", re.compile(rf"^{_NUMBER}\s*(?:comments?|responses?|replies):?$", re.I)),
    ("comment_count", re.compile(rf"^(?:comments?|responses?)\s*\(\s*{_NUMBER}\s*\)$", re.I)),
    ("likes", re.compile(rf"^{_NUMBER}\s*(?:likes?|hearts?|claps?)$", re.I)),
    ("reading_minutes", re.compile(rf"^(?:reading time:?\s*)?{_NUMBER}\s*(?:min(?:ute)?s?\.?)(?:\s*read)?$",
                                   re.I)),
)
# Counters of other posts: related/recent widgets, sidebars, listing cards.
_ELSEWHERE = re.compile(
    r"^(?:[\w]+[-_])?(?:related[\w-]*|recent[\w-]*|sidebar[\w-]*|widget-area|more-posts|read-next|read-more(?:-wrap)?"
    r"|post-list(?:-item)?|post-card|post-feed|archive-post)$", re.I)


def _number(raw: str) -> int | None:
    raw = raw.strip().replace(" ", "")
    scale = 1
    if raw[-1:] in "kK":
        scale, raw = 1000, raw[:-1]
    elif raw[-1:] in "mM":
        scale, raw = 1_000_000, raw[:-1]
    raw = raw.replace(",", "")
    try:
        return int(float(raw) * scale) if scale > 1 or "." not in raw else int(raw.replace(".", ""))
    except ValueError:
        return None


def _elsewhere(node) -> bool:
    el = node.getparent()
    for anc in [el, *el.iterancestors()] if el is not None else []:
        if anc.tag in ("aside", "nav", "footer") and anc.getparent() is not None and anc.getparent().tag == "body":
            return True
        label = f"{anc.get('class') or ''} {anc.get('id') or ''} {anc.get('data-hook') or ''}"
        if any(_ELSEWHERE.match(token) for token in label.split()):
            return True
        if anc.tag == "aside":
            return True
    return False


def _longer_than(el: HtmlElement, limit: int) -> bool:
    """Whether ``el``'s text, whitespace runs collapsed, is surely over
    ``limit`` characters: its non-space characters alone are, counted only
    until they are (a node's parent may be the page's largest container)."""
    seen = 0
    for chunk in el.itertext():
        seen += len("".join(chunk.split()))
        if seen > limit:
            return True
    return False


def read_engagement(tree: HtmlElement) -> dict:
    """{views, comment_count, likes, reading_minutes}: the first figure of each
    kind the page shows outside widgets about other posts."""
    found: dict = {}
    for node in _COUNTER_TEXT(tree):
        text = " ".join(node.split())
        if not text or len(text) > 40:
            continue
        parent = node.getparent()
        if not any(ch.isdigit() for ch in text) and parent is not None and isinstance(parent.tag, str):
            if _longer_than(parent, 40):  # before reading all of a large parent's text
                continue
            text = " ".join(parent.text_content().split())  # "<b>25</b> views"
            if len(text) > 40:
                continue
        for name, regex in _PATTERNS:
            if name in found:
                continue
            if (m := regex.match(text)) and not _elsewhere(node):
                value = _number(m[1])
                if value is not None:
                    found[name] = value
                break
            if name in found:
                break
    return found
