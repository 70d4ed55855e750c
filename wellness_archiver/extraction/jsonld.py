"""JSON-LD: the page's schema.org declarations, read into Metadata.

The first source in metadata.py's precedence: the article node(s) (Article,
BlogPosting, NewsArticle, ...; or the first WebPage when there is none),
their @graph and mainEntity children, @id references, and the WebSite node
for the site name.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.dates import iso_date

if TYPE_CHECKING:
    from wellness_archiver.extraction.metadata import Metadata

__all__ = ["image_url", "keywords", "read_jsonld"]

_JSONLD = XPath('//script[@type="application/ld+json"]/text()')
_POSTING = re.compile(r"(Article|Posting|Report|^Question)$")  # a QAPage's mainEntity: the question


def _types(node: dict) -> list[str]:
    kind = node.get("@type", [])
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


# Some CMSs wrap JSON-LD in an HTML comment or a (commented) CDATA section.
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)"
                       r"|(?://\s*\]\]>|/\*\s*\]\]>\s*\*/|\]\]>|-->)\s*$")


def _jsonld_nodes(tree: HtmlElement) -> list[dict]:
    nodes: list[dict] = []
    for raw in _JSONLD(tree):
        raw = _WRAPPERS.sub("", raw).strip()
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                nodes.append(node)
                stack.extend(v for k, v in node.items() if k in ("@graph", "mainEntity"))
    return nodes


def _name(value, index: dict[str, dict]) -> str | None:
    """A person/organisation name from a string, a node, an @id reference or a list."""
    if isinstance(value, list):
        names = [n for n in (_name(v, index) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        if "name" not in value and value.get("@id") in index:
            value = index[value["@id"]]
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def keywords(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip() for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def image_url(value) -> str | None:
    """An image URL from a string, an ImageObject or a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip().startswith(("http", "/")) else None


def _count(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


_DURATION = re.compile(r"^P(?:T)?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$", re.I)


def _minutes(value) -> int | None:
    if not isinstance(value, str) or not (m := _DURATION.match(value.strip())) or not any(m.groups()):
        return None
    return int(m[1] or 0) * 60 + int(m[2] or 0) + (1 if int(m[3] or 0) >= 30 else 0) or None


_INTERACTIONS = (("comment", "comment_count"), ("like", "likes"), ("view", "views"), ("watch", "views"),
                 ("read", "views"))


def _interactions(value) -> dict:
    """schema.org interactionStatistic: InteractionCounter nodes -> counts."""
    found: dict = {}
    for node in value if isinstance(value, list) else [value]:
        if not isinstance(node, dict):
            continue
        kind = node.get("interactionType")
        if isinstance(kind, dict):
            kind = kind.get("@type")
        count = _count(node.get("userInteractionCount"))
        if not isinstance(kind, str) or count is None:
            continue
        kind = kind.rsplit("/", 1)[-1].lower()
        for needle, name in _INTERACTIONS:
            if needle in kind:
                found.setdefault(name, count)
                break
    return found


def read_jsonld(tree: HtmlElement, meta: Metadata) -> None:
    nodes = _jsonld_nodes(tree)
    if not nodes:
        return
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    posts = [n for n in nodes if any(_POSTING.search(t) for t in _types(n))]
    pages = [n for n in nodes if any(t.endswith("WebPage") for t in _types(n))]
    for node in posts or pages[:1]:
        declared = str(node.get("datePublished") or node.get("dateCreated") or "").strip()
        published = iso_date(declared)
        # commentCount wins over an interactionStatistic comment counter (both may be set)
        counts = {"comment_count": _count(node.get("commentCount"))}
        counts.update((k, v) for k, v in _interactions(node.get("interactionStatistic")).items()
                      if counts.get(k) is None)
        meta.fill(
            title=node.get("headline") if isinstance(node.get("headline"), str) else None,
            author=_name(node.get("author") or node.get("creator"), index),
            published=published,
            published_at=declared if published and not meta.published else None,
            updated=iso_date(str(node.get("dateModified") or "")),
            site_name=_name(node.get("publisher"), index) if posts else None,
            tags=keywords(node.get("keywords", [])),
            description=node.get("description") if isinstance(node.get("description"), str) else None,
            language=node.get("inLanguage") if isinstance(node.get("inLanguage"), str) else None,
            categories=keywords(node.get("articleSection", [])),
            image=image_url(node.get("image")),
            reading_minutes=_minutes(node.get("timeRequired")),
            article_body=node.get("articleBody") if isinstance(node.get("articleBody"), str) else None,
            **counts,
        )
    for node in nodes:
        if "WebSite" in _types(node):
            meta.fill(site_name=_name(node, index))
