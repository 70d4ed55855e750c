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
    found: dict[str, list[str]] = {}
    buf: list[str] = []
    plain: list[str] = []
    state = {"prefix": "", "quote": 0}

    def flush() -> None:
        text = " ".join("".join(buf).translate(_INVISIBLE).split())
        key = _key("".join(plain))
        if text and key:
            line = "> " * state["quote"] + state["prefix"] + text
            found.setdefault(key, []).append(line)
            state["prefix"] = ""
        buf.clear()
        plain.clear()

    def add(text: str | None) -> None:
        if text:
            buf.append(text.translate(_MD_SPECIAL))
            plain.append(text)

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag == "head" and el.get("rend"):  # trafilatura's heading, not HTML's <head>
            tag = "h"
        elif tag is None or tag in _SKIP or el.get("hidden") is not None:
            return
        tag = _XML_TAGS.get(tag, tag)
        if tag == "h":
            tag = el.get("rend") if el.get("rend") in _MD_HEADINGS else "h2"
        if tag == "ul" and el.get("rend") == "ol":
            tag = "ol"
        block = tag in _BLOCKS or tag == "li" or tag in _MD_HEADINGS
        if block:
            flush()
        if tag in _MD_HEADINGS:
            state["prefix"] = "#" * _MD_HEADINGS[tag] + " "
        elif tag == "li":
            parent = el.getparent()
            ordered = parent is not None and (parent.tag == "ol" or parent.get("rend") == "ol")
            if ordered:
                number = sum(1 for sib in el.itersiblings(preceding=True) if sib.tag in ("li", "item")) + 1
                state["prefix"] = f"{number}. "
            else:
                state["prefix"] = "- "
        elif tag == "blockquote":
            state["quote"] += 1
        mark = _EMPHASIS.get(tag) or (_HI.get(el.get("rend") or "") if tag == "hi" else None)
        href = el.get("href") or el.get("target") if tag == "a" else None
        link = href if href and href.startswith(("http://", "https://")) else None
        inline_start = len(buf)
        if tag == "br":
            buf.append(" ")
        add(el.text)
        for child in el:
            walk(child)
            add(child.tail)
        if not block and (mark or link):
            inner = "".join(buf[inline_start:])
            if inner.strip():
                core = inner.strip()
                lead = inner[: len(inner) - len(inner.lstrip())]
                trail = inner[len(inner.rstrip()):]
                wrapped = f"{mark}{core}{mark}" if mark else core
                if link:
                    wrapped = f"[{wrapped}]({link.replace(')', '%29').replace(' ', '%20')})"
                del buf[inline_start:]
                buf.append(lead + wrapped + trail)
        if block:
            flush()
            if tag == "blockquote":
                state["quote"] -= 1
            state["prefix"] = ""

    walk(root)
    flush()
    return found


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
