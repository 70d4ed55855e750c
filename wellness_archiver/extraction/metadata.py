"""Stage 3: metadata from the page's own declarations.

Fixed precedence, field by field: JSON-LD (incl. @graph) > OpenGraph and
<meta> > the platform's visible markup > <title> > trafilatura's guesses
(filled in by core.py). Structured data is what the author's CMS meant; visible markup is
parsed text and comes later; trafilatura is a heuristic of last resort.
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

_METAS = XPath("//head//meta[@content]|//head//link[@rel][@href]|/html/@lang")


def read_meta(tree: HtmlElement, meta: Metadata) -> None:
    values: dict[str, str] = {}
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
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = (node.get("content") or "").strip()
        if key == "article:tag":
            tags.extend(keywords(content))
        elif key == "article:section":
            sections.extend(keywords(content))
        elif key and content:
            values.setdefault(key, content)
    author = values.get("author") or values.get("article:author") or values.get("dc.creator")
    for n in "1234":  # <meta name="twitter:label1" content="Written by"> + twitter:data1 (Yoast and others)
        if not author and _BY_LABEL.match(values.get(f"twitter:label{n}", "") + " "):
            author = values.get(f"twitter:data{n}")
    if author and author.startswith(("http://", "https://", "@")):
        author = None  # a profile link, not a name
    meta.fill(
        title=values.get("og:title") or values.get("twitter:title"),
        author=author,
        **_published(values.get("article:published_time") or values.get("datepublished") or values.get("dc.date")),
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
_ATTRIBUTE_VALUES = XPath("//@class|//@id|//@data-hook|//@itemprop|//@rel", smart_strings=False)


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


def read_markup(tree: HtmlElement, platform: str, meta: Metadata, values: str | None = None) -> None:
    """``values``: ``attribute_values(tree)``, to skip rules that cannot match."""
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
_BYLINE_TEXTS = XPath("//body//text()[string-length(normalize-space()) > 1]"
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

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•:»]\s+")
_TRAILING_SEPARATOR = re.compile(r"\s+[|\-–—·•:»]\s+$")


_KEY = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())


def _host_key(url: str | None) -> str:
    """The host without "www." and its last label: "blog.rust-lang.org" -> "blogrustlang"."""
    host = urlsplit(url).hostname or "" if url else ""
    labels = host.removeprefix("www.").split(".")
    return _key("".join(labels[:-1] if len(labels) > 1 else labels))


def _names_site(part: str, site_name: str | None, host: str, prefix: bool = False) -> bool:
    """Is this part of a <title> the site's name? Equal to the declared site
    name up to case, spaces and punctuation, or its start ("The Nutrition
    Source" of "The Nutrition Source - Harvard Chan School"), or its
    initials ("WFA"), or the host name's ("Blue Collar Electricians" on
    bluecollarelectricians.com, "Rust Blog" on blog.rust-lang.org). A
    prefix only when it is the declared site name itself: product and home
    pages start with the brand ("Brand - Product")."""
    key = _key(part)
    if len(key) < 2 or len(part.split()) > 6:
        return False
    if prefix:  # "Brand - Product" keeps the brand unless it is the declared name itself
        return bool(site_name) and part.casefold() == " ".join(site_name.split()).casefold()
    if site_name and (site := _key(site_name)):
        if key == site or len(key) >= 4 and (site.startswith(key) or key.startswith(site)):
            return True
        words = re.findall(r"\w+", site_name)
        if len(words) >= 2 and part.isupper() and key == "".join(w[0] for w in words).casefold():
            return True
    if host and len(key) >= 3:
        if key in host or len(host) >= 4 and host in key:
            return True
        words = [_key(w) for w in part.split()]
        if len(words) >= 2 and all(w and w in host for w in words):
            return True
    return False


def names_site(author: str | None, site_name: str | None, url: str | None) -> bool:
    """Is this author value the site's (publisher's) own name?"""
    if not author or not site_name and not url:
        return False
    key = _key(author)
    return bool(key) and (site_name is not None and key == _key(site_name) or key == _host_key(url))


def clean_title(title: str | None, site_name: str | None, headings: list[str] = (),
                url: str | None = None) -> str | None:
    """Drop a " - Site Name" / " | Site Name" suffix (or such a prefix), the
    site named as ``_names_site`` says (twice at most: "Post - Site - Site").
    With no such part, a part equal to the page's <h1> marks the title."""
    if not title:
        return None
    title = " ".join(title.split())
    host = _host_key(url)
    if site_name and _TITLE_SEPARATORS.search(site := " ".join(site_name.split())):
        # a site name with a separator of its own ("Gym Co | Gyms Near You") is matched whole
        head = title[: -len(site)] if title.casefold().endswith(site.casefold()) else ""
        if head and (m := _TRAILING_SEPARATOR.search(head)) and m.start() > 0:
            title = head[: m.start()]
    for _ in range(2):
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            return title
        if _names_site(parts[-1], site_name, host):
            title = _TITLE_SEPARATORS.split(title[::-1], maxsplit=1)[-1][::-1]
        elif _names_site(parts[0], site_name, host, prefix=True):
            title = _TITLE_SEPARATORS.split(title, maxsplit=1)[-1]
        else:
            break
    if len(_TITLE_SEPARATORS.split(title)) < 2:
        return title
    folded = title.casefold()
    for heading in headings:
        head = heading.casefold()
        if folded.startswith(head) and _TITLE_SEPARATORS.match(title[len(heading):]):
            return title[: len(heading)]
        if folded.endswith(head) and _TITLE_SEPARATORS.search(title[: -len(heading)] + " "):
            return title[-len(heading):]
    return title


def site_from_title(page_title: str | None, title: str | None) -> str | None:
    """<title> minus the post title ("Blog Name: Post Title", "Post | Blog"):
    the site name, when nothing declared one."""
    if not page_title or not title or page_title == title:
        return None
    if page_title.startswith(title):
        rest = page_title[len(title):]
    elif page_title.endswith(title):
        rest = page_title[: -len(title)]
    else:
        return None
    # the join must be a separator, not the middle of a word
    if not (_JOIN_AFTER.match(rest) if page_title.startswith(title) else _JOIN_BEFORE.search(rest)):
        return None
    rest = rest.strip(" |-–—·•:»")
    return rest if 0 < len(rest) <= 80 else None


_JOIN_AFTER = re.compile(r"\s*[|\-–—·•:»]\s")
_JOIN_BEFORE = re.compile(r"\s?[|\-–—·•:»]\s*$")


_H1 = XPath("//h1", smart_strings=False)


def headings(tree: HtmlElement) -> list[str]:
    return [text for h in _H1(tree)[:3] if (text := " ".join(h.text_content().split()))]


def settle_title(meta: Metadata, h1s: list[str] = (), url: str | None = None) -> None:
    # entities left escaped in JSON-LD or <meta> ("&#8211;", "&bull;") before splitting on separators
    meta.title = clean_title(html.unescape(meta.title) if meta.title else None, meta.site_name, h1s, url)
    meta.fill(site_name=site_from_title(meta.page_title, meta.title))


_TITLE_WORD = re.compile(r"\w+")


_CONTINUATION = re.compile(r"^(?:,\s|\s+\(|\s+[^\W_])")  # more words, not a separator


def prefer_heading(title: str | None, h1s: list[str]) -> str | None:
    """The page's one <h1> when it is a rewording of the declared title: the
    visible headline is the article's title, the declared one is often an SEO
    variant. Also the heading the declared title extends with more words
    ("Headlamps" of "Headlamps for Camping, Hiking & Running", "Best Camping
    Hammocks of 2026" of "..., Tested & Reviewed"); not one it extends after a
    separator ("Post [Site]", "Post _Section_Site": site parts, settled
    before, and kept when they name no known site). Not a one-word logo
    heading that the title does not extend."""
    if len(h1s) != 1 or not title:
        return title
    heading = h1s[0]
    if (len(heading) <= 300 and len(title) > len(heading) and title.casefold().startswith(heading.casefold())
            and _CONTINUATION.match(title[len(heading):])):
        return heading
    words = set(_TITLE_WORD.findall(heading.casefold()))
    if len(heading.split()) < 2 or title.startswith(heading) or len(heading) > 300:
        return title
    shared = words & set(_TITLE_WORD.findall(title.casefold()))
    return heading if len(shared) >= 0.5 * len(words) else title


def normalise(meta: Metadata, url: str | None, h1s: list[str] = ()) -> None:
    settle_title(meta, h1s, url)
    # double-escaped entities in <meta> content ("&amp;#39;") arrive as "&#39;"
    meta.title = prefer_heading(meta.title, h1s)
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
