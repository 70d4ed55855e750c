"""What a page's owner asked for: robots meta/X-Robots-Tag and TDMRep.

Parses the directives from the raw bytes of the head (no HTML parsing: the
spider's main process and the extraction workers both call it).

Decides, per page, whether it may be stored and whether its links may be
followed. TDMRep (W3C CG): a ``tdm-reservation: 1`` header or meta tag, or a
``/.well-known/tdmrep.json`` rule matching the path, reserves text-and-data
mining rights; ``--ignore-tdm`` (rights holders' own archives) overrides it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

# A tag runs to its ">" or the end of the head: a required ">" made "<meta " x
# 60,000 scan to the end from every tag (quadratic); this way it is one match.
_META = re.compile(rb"<meta\s[^>]*", re.IGNORECASE)
_META_NAME = re.compile(rb"""\bname\s*=\s*(?:["']\s*)?(robots|wellness-archiver|tdm-reservation)\b""", re.IGNORECASE)
_META_CONTENT = re.compile(rb"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.IGNORECASE)


def _directives(value: str) -> set[str]:
    # "noarchive, nosnippet" or "googlebot: noarchive" (a bot-specific line
    # is honoured too: a site that asks any archive not to keep it is heard).
    words = set()
    for part in re.split(r"[,;]", value.lower()):
        part = part.strip()
        if ":" in part and not part.startswith(("unavailable_after", "max-")):
            part = part.split(":", 1)[1].strip()
        if part:
            words.add(part)
    return words


def robots_directives(body: bytes | None, headers: dict | None = None) -> set[str]:
    """Directives of X-Robots-Tag headers and ``<meta name="robots">`` tags
    (also TDMRep's ``tdm-reservation``, as ``tdm-reservation=VALUE``)."""
    found: set[str] = set()
    for name, value in (headers or {}).items():
        if not value:
            continue
        if name.lower() == "x-robots-tag":
            found |= _directives(str(value))
        elif name.lower() == "tdm-reservation":
            found.add(f"tdm-reservation={str(value).strip()}")
    if not body:
        return found
    end = _HEAD_END.search(body)
    head = body[: end.start()] if end else body
    for tag in _META.findall(head):
        name = _META_NAME.search(tag)
        content = _META_CONTENT.search(tag)
        if not name or not content:
            continue
        value = next(g for g in content.groups() if g is not None).decode("latin-1")
        if name.group(1).lower() == b"tdm-reservation":
            found.add(f"tdm-reservation={value.strip()}")
        else:
            found |= _directives(value)
    return found


def is_noarchive(body: bytes | None, headers: dict | None = None) -> bool:
    """True when X-Robots-Tag or a ``<meta name="robots">`` says noarchive."""
    return "noarchive" in robots_directives(body, headers)


def page_refusal(directives: set[str], tdm_reserved: bool, ignore_tdm: bool) -> str | None:
    """Why a fetched page must not be stored, or None."""
    if not ignore_tdm:
        if tdm_reserved or "tdm-reservation=1" in directives:
            return "TDM rights reserved (TDMRep)"
        if "noai" in directives:
            return "noai (robots meta or X-Robots-Tag)"
    if "noindex" in directives or "none" in directives:
        return "noindex (robots meta or X-Robots-Tag)"
    return None


def may_follow(directives: set[str]) -> bool:
    return not ({"nofollow", "none"} & directives)


class PathPattern:
    """A TDMRep ``location`` (``*`` = any run of characters), matched against
    the whole path as Protego matches robots.txt rules: the parts between the
    stars are found left to right with ``str.find``, never backtracking. A
    regex (``.*`` per star) took seconds for ``/*a*a*a*a*a*a*a*a*b`` against a
    60-character path; this is O(path x pattern) at worst.

    Protego's own matcher is private API, hence this small copy of its idea.
    """

    def __init__(self, location: str):
        self.parts = re.sub(r"\*+", "*", location).split("*")

    def fullmatch(self, path: str) -> bool:
        first, *middle, last = self.parts if len(self.parts) > 1 else (self.parts[0], None)
        if last is None:
            return path == first
        if not path.startswith(first) or len(path) < len(first) + len(last):
            return False
        pos, end = len(first), len(path) - len(last)
        for part in middle:
            found = path.find(part, pos, end)
            if found < 0:
                return False
            pos = found + len(part)
        return path.endswith(last)


class TDMRepRules:
    """The ``/.well-known/tdmrep.json`` rules of each host."""

    def __init__(self):
        self.rules: dict[str, list[tuple[PathPattern, bool]]] = {}

    def load(self, host: str, text: str) -> int:
        try:
            entries = json.loads(text)
        except ValueError:
            return 0
        rules = []
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or "location" not in entry:
                continue
            rules.append((PathPattern(str(entry["location"])), str(entry.get("tdm-reservation", 0)) == "1"))
        self.rules[host] = rules
        return len(rules)

    def reserved(self, url: str) -> bool:
        parts = urlsplit(url)
        path = parts.path or "/"
        for pattern, reserved in self.rules.get(parts.netloc.lower(), []):
            if pattern.fullmatch(path):
                return reserved  # the first matching rule decides
        return False


__all__ = ["PathPattern", "TDMRepRules", "is_noarchive", "may_follow", "page_refusal", "robots_directives"]
