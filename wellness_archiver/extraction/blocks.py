"""Render a known article-body subtree in the gold text format ourselves.

Used as a recall guard: when trafilatura, run on the platform's own body
element, returns clearly less than the element holds, this rendering wins.
One line per block; list items prefixed "- "; media and captions skipped.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .cleaners import _INVISIBLE

_SKIP = {
    "script", "style", "noscript", "svg", "figure", "figcaption", "img", "picture",
    "video", "audio", "iframe", "button", "form", "input", "select", "textarea",
    "template", "object", "embed", "canvas", "map", "nav", "aside", "head",
}
_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt",
    "div", "section", "article", "header", "footer", "main", "ul", "ol", "dl", "table",
    "tr", "td", "th", "address", "details", "summary", "hr", "br", "center",
}


def render_blocks(root: HtmlElement) -> list[str]:
    lines: list[str] = []
    buf: list[str] = []
    prefix = [""]

    def flush() -> None:
        text = " ".join("".join(buf).translate(_INVISIBLE).split())
        if text:
            lines.append(prefix[0] + text)
            prefix[0] = ""
        buf.clear()

    def walk(el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP or el.get("hidden") is not None:
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag == "li":
            prefix[0] = "- "
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()
            if tag == "li":
                prefix[0] = ""

    walk(root)
    flush()
    return lines
