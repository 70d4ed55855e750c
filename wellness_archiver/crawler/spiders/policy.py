"""What a page's owner asked for: robots meta/X-Robots-Tag and TDMRep.

Decides, per page, whether it may be stored and whether its links may be
followed. TDMRep (W3C CG): a ``tdm-reservation: 1`` header or meta tag, or a
``/.well-known/tdmrep.json`` rule matching the path, reserves text-and-data
mining rights; ``--ignore-tdm`` (rights holders' own archives) overrides it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from wellness_archiver.archive.captures import robots_directives


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


__all__ = ["PathPattern", "TDMRepRules", "may_follow", "page_refusal", "robots_directives"]
