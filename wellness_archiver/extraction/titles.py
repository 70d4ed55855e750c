"""Titles as pages declare them, made into the article's title: the site's
name taken off a declared title, the site name read off ``<title>``, the
page's own ``<h1>`` preferred to an SEO variant (``headings`` reads them off
the page; the rest are string functions). The precedence is README's
"Metadata precedence"."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•:»]\s+")
_TRAILING_SEPARATOR = re.compile(r"\s+[|\-–—·•:»]\s+$")


_KEY = re.compile(r"[\W_]+")
_DOMAIN = re.compile(r"^(?:[\w-]+\.)+(?:com|org|net|edu|gov|io|co|info|dev|app|[a-z]{2})$", re.I)


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
    if not prefix and _DOMAIN.match(part):  # "Post - example.org": a site by its domain name
        return True
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
    # the heading that starts the title first: "Post | Site" is the usual order,
    # and a site's logo <h1> ("V8", "Project docs") then matches the end
    folded = title.casefold()
    for heading in headings:
        if folded.startswith(heading.casefold()) and _TITLE_SEPARATORS.match(title[len(heading):]):
            return title[: len(heading)]
    for heading in headings:
        if folded.endswith(heading.casefold()) and _TITLE_SEPARATORS.search(title[: -len(heading)] + " "):
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


_TITLE_WORD = re.compile(r"\w+")


_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-", "—": "-"})


def _typography(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHY).casefold().split())


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
    if _typography(heading) == _typography(title):
        return title  # the same words, typeset otherwise ("quotes" and “quotes”): as declared
    if len(heading) > len(title) and heading.casefold().endswith(title.casefold()) and \
            heading[: -len(title)].rstrip().endswith((":", "|", "-", "–", "—", "·", "•", "»")):
        return title  # a label before the title ("Thread: Post", "Recipe - Post"): no rewording
    if (len(heading) <= 300 and len(title) > len(heading) and title.casefold().startswith(heading.casefold())
            and _CONTINUATION.match(title[len(heading):])):
        return heading
    words = set(_TITLE_WORD.findall(heading.casefold()))
    if len(heading.split()) < 2 or title.startswith(heading) or len(heading) > 300:
        return title
    shared = words & set(_TITLE_WORD.findall(title.casefold()))
    return heading if len(shared) >= 0.5 * len(words) else title


_LAST_SEPARATOR = re.compile(r"\s+[|\-–—·•»]\s+")


def drop_short_suffix(title: str | None) -> str | None:
    """The last resort of suffix removal, after the named site and the
    headings: a short last part (four words at most: "Post | Opinion",
    "Post - Top 19 Companies", "Post – My website") after a title of three
    words or more is a site's, section's or tagline's, not the post's."""
    if not title:
        return title
    separators = list(_LAST_SEPARATOR.finditer(title))
    if not separators:
        return title
    head, tail = title[: separators[-1].start()], title[separators[-1].end():]
    return head if len(tail.split()) <= 4 and len(head.split()) >= 3 else title


# --- the page's <h1> headings --------------------------------------------

_H1 = XPath("//h1", smart_strings=False)


_PERMALINK = re.compile(r"\s*[¶#§🔗]\s*$")  # a heading's anchor link glyph (Sphinx, docs themes)


_BREAKS = {"br", "div", "p", "li"}  # a line break inside a heading: "Data Analytics<br>Agency"


def _heading_text(h: HtmlElement) -> str:
    parts: list[str] = []

    def walk(el: HtmlElement) -> None:
        if el.tag in _BREAKS and el is not h:
            parts.append(" ")
        if isinstance(el.tag, str) and el.tag not in ("script", "style"):
            parts.append(el.text or "")
            for child in el:
                walk(child)
        if el is not h:
            parts.append(el.tail or "")

    walk(h)
    return " ".join("".join(parts).split())


_HOME_PATH = re.compile(r"^/?(?:index\.\w+)?$")


def _is_logo(h: HtmlElement, text: str) -> bool:
    """The site's logo as an <h1>: the whole heading a link to a site's home
    page ("/", "https://example.org/", "index.html")."""
    links = h.findall(".//a")
    if len(links) != 1 or " ".join(links[0].text_content().split()) != text:
        return False
    href = (links[0].get("href") or "").strip()
    parts = urlsplit(href)
    return bool(href) and bool(_HOME_PATH.match(parts.path)) and not parts.query and not href.startswith("#")


def headings(tree: HtmlElement) -> list[str]:
    """The page's first <h1> texts, less logo headings and anchor glyphs."""
    found = []
    for h in _H1(tree)[:3]:
        text = _PERMALINK.sub("", _heading_text(h))
        if text and not _is_logo(h, text):
            found.append(text)
    return found
