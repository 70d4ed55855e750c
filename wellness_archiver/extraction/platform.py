"""Stage 2: which blog platform produced the page.

Keyed on what the platform itself puts in every page (generator meta, its
asset hosts, its markup: the signals of platforms.REGISTRY), never on a
site's own hostname or name. The result selects platform rules in
metadata.py and core.py.
"""

from __future__ import annotations

from lxml.etree import XPath
from lxml.html import HtmlElement

from wellness_archiver.extraction.platforms import PLATFORMS, REGISTRY

__all__ = ["PLATFORMS", "detect_platform"]

# Compiled from the registry, in its order (first match wins).
_GENERATORS = tuple((needle, p.name) for p in REGISTRY for needle in p.generators)
_ASSETS = tuple((needle, p.name) for p in REGISTRY for needle in p.assets)


def _markup(p) -> str:
    return " or ".join(f"({c})" for c in (p.markup, p.markup_other) if c)


# Markup only the platform's templates produce (checked last: costs a scan).
# ("/descendant::*", here and below: the nodes of "//*", for less CPU.)
_MARKUP = tuple((p.name, XPath(f"/descendant::*[{_markup(p)}]")) for p in REGISTRY if p.markup or p.markup_other)
# All of them in one pass over the tree: most pages match none (generic),
# and then the separate scans are skipped.
_ANY_MARKUP = XPath("/descendant::*["
                    + " or ".join(f"({_markup(p)})" for p in REGISTRY if p.markup or p.markup_other) + "]")
# The same, split for a page whose attribute values are known (see
# metadata.attribute_values): the class/id/data-hook/rel values one of the
# markup rules needs, and the rules' other conditions, cheap to scan for.
_MARKUP_NEEDLES = tuple(dict.fromkeys(n for p in REGISTRY for n in p.markup_needles))
_OTHER_MARKUP = XPath("/descendant::*[" + " or ".join(f"({p.markup_other})" for p in REGISTRY if p.markup_other) + "]")
_GENERATOR = XPath('//meta[@name="generator" or @name="Generator"]/@content')
_ASSET_URLS = XPath("/descendant::script/@src|/descendant::link/@href")


def detect_platform(tree: HtmlElement, values: str | None = None) -> str:
    """Return one of PLATFORMS; "generic" when nothing platform-specific is seen.
    ``values``: metadata.attribute_values(tree), when the caller has it."""
    for content in _GENERATOR(tree):
        lowered = content.lower()
        for needle, name in _GENERATORS:
            if needle in lowered:
                return name
    urls = " ".join(_ASSET_URLS(tree)).lower()
    for needle, name in _ASSETS:
        if needle in urls:
            return name
    if values is not None:
        if not any(needle in values for needle in _MARKUP_NEEDLES) and not _OTHER_MARKUP(tree):
            return "generic"
    elif not _ANY_MARKUP(tree):
        return "generic"
    for name, xpath in _MARKUP:
        if xpath(tree):
            return name
    return "generic"
