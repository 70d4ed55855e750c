"""Stage 3: metadata from the page's own declarations.

Fixed precedence, field by field: JSON-LD (incl. @graph) > OpenGraph and
<meta> > the platform's visible markup > <title> > trafilatura's guesses
(filled in by core.py). Structured data is what the author's CMS meant; visible markup is
parsed text and comes later; trafilatura is a heuristic of last resort.
The publication date has one exception, shown_date.py's rule: the date the
page shows by its title wins over a declared one it disagrees with.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.dates import iso_date
from wellness_archiver.extraction.jsonld import image_url, keywords, read_jsonld
from wellness_archiver.extraction.names import clean_author
from wellness_archiver.extraction.platforms import REGISTRY
from wellness_archiver.extraction.titles import (clean_title, drop_short_suffix, headings, names_site, prefer_heading,
                                                  site_from_title)

__all__ = ["Metadata", "attribute_values", "headings", "may_match", "names_site", "normalise", "read_byline",
           "read_jsonld", "read_markup", "read_meta", "read_title_element", "settle_title"]


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    published_at: str | None = None  # the declared value the published day came from (time and zone, if any)
    updated: str | None = None
    site_name: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    categories: list[str] = field(default_factory=list)
    image: str | None = None
    views: int | None = None
    comment_count: int | None = None
    likes: int | None = None
    reading_minutes: int | None = None
    page_title: str | None = None  # the <title> element, to find the site name in
    article_body: str | None = None  # JSON-LD articleBody: a check on the extracted text, never the text
    byline: str | None = None  # a plain-text "By Jane Doe" line: the author after trafilatura's heuristics
    site_author: str | None = None  # a declared author that is the site's name: the last resort

    def fill(self, **values) -> None:
        """Set each field that is still empty (the precedence mechanism)."""
        if "author" in values:
            values["author"] = clean_author(values["author"])
        for name, value in values.items():
            if (value or value == 0 and not isinstance(value, str)) and getattr(self, name) in (None, "", []):
                setattr(self, name, value)


# --- <meta>, OpenGraph, <link>, <html lang> -------------------------------

_DUBLIN_CORE = re.compile(r"^(?:dc|dcterms)[:.]")
_METAS = XPath("//head//meta[@content]|//head//link[@rel][@href]|/html/@lang")


def read_meta(tree: HtmlElement, meta: Metadata) -> None:
    values: dict[str, str] = {}
    named: dict[str, str] = {}  # <meta name=...>: after <meta property=...> (RDFa's, OpenGraph's attribute)
    tags: list[str] = []
    sections: list[str] = []
    for node in _METAS(tree):
        if isinstance(node, str):  # the lang attribute
            values.setdefault("lang", node)
            continue
        if node.tag == "link":
            for rel in node.get("rel", "").lower().split():
                values.setdefault(f"link:{rel}", node.get("href", ""))
            continue
        attribute = "property" if node.get("property") else "name" if node.get("name") else "itemprop"
        content = (node.get("content") or "").strip()
        # RDFa allows several properties in one attribute: property="og:title twitter:title"
        for key in (node.get(attribute) or "").lower().split():
            key = _DUBLIN_CORE.sub("dc.", key)
            if key == "article:tag":
                tags.extend(keywords(content))
            elif key == "article:section":
                sections.extend(keywords(content))
            elif content:
                (named if attribute == "name" else values).setdefault(key, content)
    for key, content in named.items():
        values.setdefault(key, content)
    # Dublin Core first where a page declares it: a bibliographic record, not a share card
    author = values.get("dc.creator") or values.get("author") or values.get("article:author")
    for n in "1234":  # <meta name="twitter:label1" content="Written by"> + twitter:data1 (Yoast and others)
        if not author and _BY_LABEL.match(values.get(f"twitter:label{n}", "") + " "):
            author = values.get(f"twitter:data{n}")
    if author and author.startswith(("http://", "https://", "@")):
        author = None  # a profile link, not a name
    meta.fill(
        title=values.get("dc.title") or values.get("og:title") or values.get("twitter:title"),
        author=author,
        **_published(values.get("article:published_time") or values.get("og:published_time")
                       or values.get("datepublished") or values.get("dc.date") or values.get("date")
                       or values.get("published")),
        updated=iso_date(values.get("article:modified_time") or values.get("og:updated_time")
                         or values.get("datemodified")),
        site_name=values.get("og:site_name") or values.get("application-name"),
        tags=tags or keywords(values.get("keywords", "")),
        description=values.get("description") or values.get("og:description"),
        language=values.get("lang") or values.get("og:locale") or values.get("content-language"),
        canonical_url=values.get("link:canonical") or values.get("og:url"),
        categories=sections,
        image=image_url(values.get("og:image") or values.get("og:image:url") or values.get("twitter:image")
                   or values.get("image")),
    )
    page_local_day(tree, meta)


def _published(raw: str | None) -> dict:
    """published (the day) and published_at (the value itself), or nothing."""
    day = iso_date(raw)
    return {"published": day, "published_at": raw.strip()} if day else {}


# --- the day in the page's own time zone ----------------------------------
#
# A CMS often declares the publication instant in UTC ("2025-12-19T02:41:41+00:00")
# while the URL carries the day where it was written (/2025/12/18/). When the
# declared value is such a UTC time and the URL's day is the day before or
# after, the URL's day wins. (Converting to the zone of the page's own <time>
# elements was tried: wcxb-dev's gold keeps the UTC day as often as the local
# one, so it is not done.)

_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")


def _instant(value: str | None) -> datetime | None:
    if not value or len(value) < 16 or "T" not in value and " " not in value[10:11]:
        return None
    value = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    value = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value)  # +0500 -> +05:00
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


_TIMES = XPath("//time/@datetime", smart_strings=False)


def page_local_day(tree: HtmlElement, meta: Metadata) -> None:
    """A UTC instant declared (JSON-LD, <meta>) that a <time> of the page
    gives in its own zone ("2025-12-18T23:25:38+00:00" and
    "2025-12-19T04:25:38+05:00"): the page's local day, the one its readers see."""
    at = _instant(meta.published_at)
    if at is None or at.utcoffset() is None or at.utcoffset().total_seconds() != 0:
        return
    for value in _TIMES(tree)[:50]:
        local = _instant(value)
        if local is not None and local.utcoffset() and abs((local - at).total_seconds()) < 60:
            meta.published = local.date().isoformat()
            return


def local_day(url: str | None, meta: Metadata) -> None:
    """Move ``meta.published`` to the URL's day (see above)."""
    at = _instant(meta.published_at)
    if at is None or at.utcoffset() is None or at.utcoffset().total_seconds() != 0 or not meta.published:
        return
    if url and (m := _URL_DAY.search(urlsplit(url).path)):
        try:
            url_day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return
        if abs((url_day - date.fromisoformat(meta.published)).days) == 1:
            meta.published = url_day.isoformat()


# --- the platform's visible markup ----------------------------------------

def _x(expr: str) -> XPath:
    return XPath(expr, smart_strings=False)


# field -> XPath returning strings, per platform (platforms.REGISTRY); the
# "generic" rules apply on every platform. With each, the attribute values
# one of which must occur in the page (``attribute_values``) for it to match;
# a rule whose values are absent is not scanned for. None: no such condition.
_MARKUP: dict[str, dict[str, XPath]] = {
    p.name: {name: _x(xpath) for name, (xpath, _) in p.fields.items()} for p in REGISTRY if p.fields}
_NEEDLES: dict[str, dict[str, tuple[str, ...] | None]] = {
    p.name: {name: needles for name, (_, needles) in p.fields.items()} for p in REGISTRY if p.fields}
# "/descendant::*/@x", not "//@x": the same attributes, without libxml2's
# merge of each element's attributes into the result (a third less CPU)
_ATTRIBUTE_VALUES = XPath("/descendant::*/@class|/descendant::*/@id|/descendant::*/@data-hook"
                          "|/descendant::*/@itemprop|/descendant::*/@rel", smart_strings=False)


def attribute_values(tree: HtmlElement) -> str:
    """Every class, id, data-hook, itemprop and rel value of the page in one
    string: a cheap test that a scan for one of them would find nothing."""
    return "\x00".join(_ATTRIBUTE_VALUES(tree))


def may_match(values: str | None, needles: tuple[str, ...] | None) -> bool:
    return values is None or needles is None or any(n in values for n in needles)


def _first(strings: list[str]) -> str | None:
    for text in strings:
        if text := " ".join(text.split()):
            return text
    return None


def _strip_by(name: str | None) -> str | None:
    return re.sub(r"^(?:by|written by|posted by)\s+", "", name, flags=re.I) or None if name else None


# A schema.org Question in microdata (a Q&A page): the question's own
# dateCreated, the first in it; its answers' come later, each in its own item.
_QUESTION_DATE = _x('(//*[contains(@itemtype,"schema.org/Question")])[1]'
                    '//*[@itemprop="dateCreated"][1]/@datetime')


# Last of the markup: the first machine-readable <time> of the article (or
# <main>), outside comments, before htmldate's guess from the whole page.
_ARTICLE_TIME = _x('(//article//time[@datetime]|//main//time[@datetime])'
                   '[not(ancestor::*[contains(@class,"comment") or contains(@id,"comment")])][1]/@datetime')


def read_markup(tree: HtmlElement, platform: str, meta: Metadata, values: str | None = None) -> None:
    """``values``: ``attribute_values(tree)``, to skip rules that cannot match."""
    if not meta.published and may_match(values, ("dateCreated",)):
        meta.fill(**_published(_first(_QUESTION_DATE(tree))))
    _read_markup_fields(tree, platform, meta, values)
    if not meta.published:
        meta.fill(published=iso_date(_first(_ARTICLE_TIME(tree)[:1])))


def _read_markup_fields(tree: HtmlElement, platform: str, meta: Metadata, values: str | None) -> None:
    # (the generic rules run once: a second pass over them finds nothing new)
    for key in dict.fromkeys((platform, "generic")):
        rules, needles = _MARKUP.get(key, {}), _NEEDLES.get(key, {})
        found = {name: xpath(tree) for name, xpath in rules.items()
                 if not getattr(meta, name) and may_match(values, needles[name])}
        published = iso_date(_first(found.get("published", [])))
        updated = _first(found.get("updated", []))
        meta.fill(
            title=" ".join("".join(found.get("title", [])).split()) or None,
            author=_strip_by(_first(found.get("author", []))),
            published=published,
            updated=iso_date(updated.removeprefix("Updated:") if updated else None,
                             ref=published or meta.published),
            tags=[t for t in (" ".join(s.split()).lstrip("#") for s in found.get("tags", [])) if t],
            categories=list(dict.fromkeys(t for t in (" ".join(s.split()) for s in found.get("categories", [])) if t)),
        )


# --- a visible byline in plain text ---------------------------------------
#
# The last source for the author (after trafilatura's class-based heuristics):
# the first short element of the body whose text is "By Jane Doe" /
# "Written by Jane Doe | 3 May 2024", or a "Written by" / "Author" label
# element followed by the name in the next element. Outside navigation,
# footers, asides and comments; the name is capitalised words only.

_BY_LABEL = re.compile(r"(?:(?:written|posted|published|reviewed|words)\s+by|by|author|autor|auteur|von|par|door|por)"
                       r"\s*:?\s", re.I)
_NAME = r"(?:[A-Z][\w'’.\-]*|[A-Z]\.)(?:\s+(?:(?:de|da|del|van|von|der|la|le|bin|al)\s+)?(?:[A-Z][\w'’.\-]*|[A-Z]\.)){0,3}"
_NAME_AND = rf"{_NAME}(?:\s*(?:,|and|&)\s*{_NAME}){{0,2}}"
_BYLINE = re.compile(rf"^\s*(?i:(?:written|posted|published|words)\s+by|by)\s*:?\s+({_NAME_AND})"
                     r"(?:\s*$|\s*[|•·,–—\-]\s|\s+(?i:on|in|am|le|el|updated|published)\s|\s+\d)")
_LABEL_ONLY = re.compile(r"^\s*(?:(?:written|posted|published)\s+by|by|author)\s*:?\s*$", re.I)
_NAME_ONLY = re.compile(rf"^\s*({_NAME_AND})\s*$")
# (/descendant::, not //: the same nodes, without a merge per element: ~a third less CPU)
_BYLINE_TEXTS = XPath("/descendant::body/descendant::text()[string-length(normalize-space()) > 1]"
                      "[string-length(normalize-space()) < 80]")
# "By Clicking Submit, ..." and other sentences that start like a byline
_NOT_NAMES = {"clicking", "continuing", "signing", "using", "submitting", "subscribing", "creating", "entering",
              "checking", "registering", "joining", "category", "date", "topic", "the", "this", "our", "default"}
_CHROME_TAGS = {"nav", "footer", "aside", "header", "form", "script", "style", "noscript", "button", "select",
                "option", "label", "template"}
_CHROME_WORDS = ("comment", "footer", "sidebar", "related", "widget", "menu", "cookie", "review", "testimonial")


def _in_chrome(el: HtmlElement) -> bool:
    for node in (el, *el.iterancestors()):
        if node.tag in _CHROME_TAGS:
            return True
        attrs = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if any(w in attrs for w in _CHROME_WORDS):
            return True
    return False


def read_byline(tree: HtmlElement, limit: int = 4000) -> str | None:
    """The author of a "By Jane Doe" line (see above), or None."""
    for i, text in enumerate(_BYLINE_TEXTS(tree)):
        if i >= limit:
            break
        el = text.getparent()
        if el is None or not isinstance(el.tag, str):
            continue
        whole = " ".join(el.text_content().split())
        if len(whole) > 120:
            continue
        name = None
        if m := _BYLINE.match(whole):
            name = m[1]
        elif _LABEL_ONLY.match(whole):
            nxt = el.getnext()
            if nxt is None and el.getparent() is not None:  # <p><span>By</span></p><p>Name</p>
                nxt = el.getparent().getnext() if len(el.getparent()) == 1 else None
            if nxt is not None and (m := _NAME_ONLY.match(" ".join(nxt.text_content().split()))):
                name = m[1]
            elif el.tail and (m := _NAME_ONLY.match(el.tail)):
                name = m[1]
        if name and name.split()[0].casefold() in _NOT_NAMES:
            continue
        if name and not _in_chrome(el) and (name := clean_author(name)):
            return name
    return None


_TITLE = XPath("//head/title//text()|/html/title//text()", smart_strings=False)


def read_title_element(tree: HtmlElement, meta: Metadata) -> None:
    """<title> comes after the platform's heading: it usually carries the site name."""
    meta.page_title = " ".join("".join(_TITLE(tree)).split()) or None
    meta.fill(title=meta.page_title)


# --- final normalisation --------------------------------------------------

def settle_title(meta: Metadata, h1s: list[str] = (), url: str | None = None) -> None:
    # entities left escaped in JSON-LD or <meta> ("&#8211;", "&bull;") before splitting on separators
    meta.title = clean_title(html.unescape(meta.title) if meta.title else None, meta.site_name, h1s, url)
    meta.fill(site_name=site_from_title(meta.page_title, meta.title))


def normalise(meta: Metadata, url: str | None, h1s: list[str] = ()) -> None:
    settle_title(meta, h1s, url)
    # double-escaped entities in <meta> content ("&amp;#39;") arrive as "&#39;"
    meta.title = drop_short_suffix(prefer_heading(meta.title, h1s))
    if meta.title and "&" in meta.title:  # a heading's text may carry them too
        meta.title = html.unescape(meta.title)
    if meta.language:
        meta.language = meta.language.replace("_", "-").split("-")[0].strip().lower() or None
    if meta.canonical_url and url:
        meta.canonical_url = urljoin(url, meta.canonical_url)
    if meta.updated and meta.updated == meta.published:
        meta.updated = None  # CMSs set modified = published on unedited posts
    seen: set[str] = set()
    tags = []
    for tag in meta.tags:
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    meta.tags = tags
    meta.categories = list(dict.fromkeys(c.replace("&amp;", "&") for c in meta.categories))
    if meta.image and url:
        meta.image = urljoin(url, meta.image)
