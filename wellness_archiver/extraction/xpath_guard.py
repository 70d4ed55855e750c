"""XPaths whose regex tests skip the elements lacking the attribute: same matches, less CPU.

lxml runs an XPath's EXSLT ``re:test()`` in Python, one call per element
reaching it, also for an element without the attribute tested: it then tests
the empty string. ``re:test(@class, 'p')`` is rewritten as ``((@class) and
re:test(@class, 'p'))``, which C decides alone on such elements; only when
``p`` cannot match the empty string (with or without flags), so the result is
the same on every element. Tests on anything but attributes are left as they are.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from lxml.etree import XPath

REGEXP_NS = "http://exslt.org/regular-expressions"
# re:test(@a, 'pattern') or re:test(@a|@b, 'pattern'), and either with flags ('i')
_RE_TEST = re.compile(r"re:test\((@[\w-]+(?:\s*\|\s*@[\w-]+)*)\s*,\s*'([^']*)'(?:\s*,\s*'[a-z]*')?\s*\)")


def _guard(match: re.Match) -> str:
    try:
        matches_empty = re.search(match[2], "") is not None
    except re.error:
        return match[0]
    return match[0] if matches_empty else f"(({match[1]}) and {match[0]})"


def guard_regex_tests(path: str) -> str:
    """``path`` with each attribute regex test that cannot match "" guarded by the attribute's presence."""
    return _RE_TEST.sub(_guard, path)


def guarded(xpaths: list[XPath]) -> list[XPath]:
    """The same expressions, in the same order, with their regex tests guarded."""
    return [XPath(guard_regex_tests(x.path), namespaces={"re": REGEXP_NS}) for x in xpaths]


class GuardedXPath:
    """Called like ``xpath``: its guarded twin while ``active`` is set, else ``xpath`` itself."""

    def __init__(self, xpath: XPath, active: ContextVar) -> None:
        self.original, self.guarded, self.active = xpath, guarded([xpath])[0], active
        self.path = xpath.path

    def __call__(self, *args, **kwargs):
        return (self.guarded if self.active.get() else self.original)(*args, **kwargs)
