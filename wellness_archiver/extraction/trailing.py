"""Stage 4c: chrome sections after the article, cut with everything below them.

Templates close a post with sections that are never the post: the author
box ("About the author" over a bio), a list of sources the site appends, "Follow us" / "Share this post"
bars, "Explore more" / "Up next" teasers and pagination ("Show more",
"Previous page"). Such a heading in the second half of the text starts the
page's closing chrome: it and all lines after it are dropped. Nothing is
keyed on a site, only on the template wording.

A bio line without such a heading stays: whether an author's bio belongs to
the article is a convention (some gold standards keep it, others drop it).
"""

from __future__ import annotations

import re

# a heading on its own line (casefolded), with an optional colon
_SECTION = re.compile(
    r"(?:about the (?:author|authors|writer|contributor)|meet the author|written by|author bio"
    r"|über (?:den autor|die autorin|die autor\*innen)|zum autor|zur autorin|zur person"
    r"|à propos de l'auteur|sobre (?:el|la) autora?"
    r"|article sources|follow (?:us|me)|folgen sie uns|explore more|up next|show more|load more|previous page"
    r"|share(?: this)?(?: (?:article|post|story|page))?|teilen|diesen (?:artikel|beitrag) teilen)"
    r"\s*[:.!]?\W*"
)
_MAX_HEADING_WORDS = 6
# the section must start in the text's second half: earlier, it is more likely a part of the post
_MIN_POSITION = 0.5


def cut_trailing(lines: list[str]) -> list[str]:
    """``lines`` without the closing chrome section, if it has one."""
    counts = [len(line.split()) for line in lines]
    total = sum(counts)
    seen = 0
    for i, line in enumerate(lines):
        if seen >= _MIN_POSITION * total and counts[i] <= _MAX_HEADING_WORDS \
                and _SECTION.fullmatch(line.strip().casefold()):
            return lines[:i]
        seen += counts[i]
    return lines
