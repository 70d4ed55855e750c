"""Is an author value a person's (or organisation's) name? Reject what is not.

CMSs and themes put placeholders ("Admin", "Unknown"), the byline's own
label ("By"), "@handles", profile URLs, e-mail addresses, generated user
names (two digits or more) and dates where a name belongs; such a value
must not win over a real name found later in the precedence order.
"""

from __future__ import annotations

import re

_LABEL = re.compile(r"^(?:(?:written|posted|published|reviewed)\s+by|by|von|par|door|por|author|autor|auteur)"
                    r"\s*[:\-–—]?\s+", re.I)
_PLACEHOLDERS = {
    "by", "von", "unknown", "admin", "administrator", "author", "editor", "editors", "staff", "guest",
    "anonymous", "user", "webmaster", "root", "team", "none", "null", "n/a", "na", "default", "wordpress",
    "blogger", "site admin", "super user", "guest author", "unknown author", "posted by", "written by",
    "the author", "about the author", "username", "follow", "follow author", "share", "contributor",
}
# a date label caught with the name ("Updated January", "Published March 3")
_CALENDAR = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
             "february", "march", "april", "june", "july", "august", "september", "october", "november",
             "december", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "today", "yesterday"}
# a link's label caught in an author box ("View more posts", "See all articles")
_LINK_LABEL = re.compile(r"^(?:view|see|read|more|all|show|visit|follow)\b.*\b(?:posts?|articles?|stories|more|profile)$",
                         re.I)
_DATE_LABEL = re.compile(r"^(?:updated|published|posted|modified|last updated)\b", re.I)


def clean_author(value: str | None) -> str | None:
    """The name, without a leading "By"-style label; None when it is no name."""
    if not isinstance(value, str):
        return None
    name = " ".join(value.split()).strip(" ,;|·•-–—")
    while (stripped := _LABEL.sub("", name)) != name:
        name = stripped
    if not name or len(name) > 100 or name.casefold() in _PLACEHOLDERS:
        return None
    if _LINK_LABEL.match(name) or sum(c.isalpha() for c in name) < 2:
        return None  # a link's label; a count, a symbol or an initial alone ("1", "–", "C")
    if _DATE_LABEL.match(name) or all(w in _CALENDAR for w in name.casefold().replace(".", " ").split()):
        return None  # "Updated January", "Sun Dec": a date's words
    if "@" in name or "://" in name or name.startswith(("www.", "/")):
        return None  # e-mail, handle or profile link
    if sum(c.isdigit() for c in name) >= 2:
        return None  # a date or a generated user name
    # A forum user name ("longshot", "Mr_Enigmatic", "hayley.p") is kept: on a
    # forum it is the name as printed, and wcxb-dev's gold names such posts'
    # authors so (rejecting them cost 1.6 points of author accuracy there).
    return name
