"""Render a known article-body subtree in the gold text format ourselves.

Used as a recall guard: when trafilatura, run on the platform's own body
element, returns clearly less than the element holds, this rendering wins.
One line per block; list items prefixed "- "; media and captions skipped.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from wellness_archiver.extraction.cleaners import _INVISIBLE

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


# --- Markdown ---------------------------------------------------------------

_MD_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# trafilatura's XML vocabulary, mapped onto HTML's
_XML_TAGS = {"head": "h", "list": "ul", "item": "li", "quote": "blockquote", "lb": "br", "ref": "a",
             "row": "tr", "cell": "td"}
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_HI = {"#i": "*", "#b": "**", "#t": "`"}
_MD_SPECIAL = str.maketrans({"*": r"\*", "`": r"\`", "[": r"\[", "]": r"\]"})


def _key(text: str) -> str:
    return " ".join(_WORDS(text.casefold()))


def markdown_blocks(root) -> dict[str, list[str]]:
    """Markdown for each block of an HTML subtree or of trafilatura's XML body:
    {plain-text key: [markdown line, ...]} (a list: the same text may recur).
    Headings "## ", list items "- "/"1. ", quotes "> ", *em*, **strong**,
    absolute links as [text](url)."""
    walker = _MarkdownWalker()
    walker.walk(root)
    walker.flush()
    return walker.found


def _tag(el) -> str | None:
    """``el``'s tag in HTML terms (trafilatura's XML mapped), None to skip it."""
    tag = el.tag if isinstance(el.tag, str) else None
    if tag == "head" and el.get("rend"):  # trafilatura's heading, not HTML's <head>
        tag = "h"
    elif tag is None or tag in _SKIP or el.get("hidden") is not None:
        return None
    tag = _XML_TAGS.get(tag, tag)
    if tag == "h":
        tag = el.get("rend") if el.get("rend") in _MD_HEADINGS else "h2"
    if tag == "ul" and el.get("rend") == "ol":
        tag = "ol"
    return tag


def _item_prefix(el) -> str:
    parent = el.getparent()
    if parent is not None and (parent.tag == "ol" or parent.get("rend") == "ol"):
        return f"{sum(1 for sib in el.itersiblings(preceding=True) if sib.tag in ('li', 'item')) + 1}. "
    return "- "


class _MarkdownWalker:
    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}
        self.buf: list[str] = []
        self.plain: list[str] = []
        self.prefix = ""
        self.quote = 0

    def flush(self) -> None:
        text = " ".join("".join(self.buf).translate(_INVISIBLE).split())
        key = _key("".join(self.plain))
        if text and key:
            line = "> " * self.quote + self.prefix + text
            self.found.setdefault(key, []).append(line)
            self.prefix = ""
        self.buf.clear()
        self.plain.clear()

    def add(self, text: str | None) -> None:
        if text:
            self.buf.append(text.translate(_MD_SPECIAL))
            self.plain.append(text)

    def walk(self, el) -> None:
        tag = _tag(el)
        if tag is None:
            return
        block = tag in _BLOCKS or tag == "li" or tag in _MD_HEADINGS
        if block:
            self.flush()
        if tag in _MD_HEADINGS:
            self.prefix = "#" * _MD_HEADINGS[tag] + " "
        elif tag == "li":
            self.prefix = _item_prefix(el)
        elif tag == "blockquote":
            self.quote += 1
        mark = _EMPHASIS.get(tag) or (_HI.get(el.get("rend") or "") if tag == "hi" else None)
        href = el.get("href") or el.get("target") if tag == "a" else None
        link = href if href and href.startswith(("http://", "https://")) else None
        inline_start = len(self.buf)
        if tag == "br":
            self.buf.append(" ")
        self.add(el.text)
        for child in el:
            self.walk(child)
            self.add(child.tail)
        if not block and (mark or link):
            self._wrap(inline_start, mark, link)
        if block:
            self.flush()
            if tag == "blockquote":
                self.quote -= 1
            self.prefix = ""

    def _wrap(self, start: int, mark: str | None, link: str | None) -> None:
        """Emphasis and link syntax around the inline text added since ``start``."""
        inner = "".join(self.buf[start:])
        if not inner.strip():
            return
        core = inner.strip()
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()):]
        wrapped = f"{mark}{core}{mark}" if mark else core
        if link:
            wrapped = f"[{wrapped}]({link.replace(')', '%29').replace(' ', '%20')})"
        del self.buf[start:]
        self.buf.append(lead + wrapped + trail)


def _WORDS(text: str) -> list[str]:
    return _WORD_RE.findall(text)


import re as _re  # noqa: E402

_WORD_RE = _re.compile(r"\w+")
_LIST_LINE = _re.compile(r"^- ")


def to_markdown(lines: list[str], blocks: dict[str, list[str]]) -> str:
    """The article's text lines as Markdown: each line takes its block's
    Markdown when the rendered subtree has it, else stays plain text. Built
    from the final text lines, so it never holds chrome the text dropped."""
    pools = {k: list(v) for k, v in blocks.items()}
    out: list[str] = []
    kinds: list[str] = []
    for line in lines:
        is_item = line.startswith("- ")
        key = _key(line[2:] if is_item else line)
        pool = pools.get(key)
        if pool:
            md = pool.pop(0)
        else:
            md = ("- " + line[2:].translate(_MD_SPECIAL)) if is_item else line.translate(_MD_SPECIAL)
        bare = md.lstrip("> ")
        kind = "item" if _re.match(r"^(?:- |\d+\. )", bare) else "block"
        if md.startswith(">"):
            kind = "quote-" + kind
        if out:
            out.append("\n" if kind == kinds[-1] and kind.endswith("item") else "\n\n")
        out.append(md)
        kinds.append(kind)
    return "".join(out)
