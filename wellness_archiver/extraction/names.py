"""Is an author value a person's (or organisation's) name? Reject what is not.

CMSs and themes put placeholders ("Admin", "Unknown"), the byline's own
label ("By"), user handles, profile URLs, e-mail addresses and dates where a
name belongs; such a value must not win over a real name found later in the
precedence order.
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
_DATE_LABEL = re.compile(r"^(?:updated|published|posted|modified|last updated)\b", re.I)
_HANDLE = re.compile(r"^[\w.\-]+$")


def clean_author(value: str | None) -> str | None:
    """The name, without a leading "By"-style label; None when it is no name."""
    if not isinstance(value, str):
        return None
    name = " ".join(value.split()).strip(" ,;|·•-–—")
    while (stripped := _LABEL.sub("", name)) != name:
        name = stripped
    if not name or len(name) > 100 or name.casefold() in _PLACEHOLDERS:
        return None
    if _DATE_LABEL.match(name):
        return None
    if "@" in name or "://" in name or name.startswith(("www.", "/")):
        return None  # e-mail, handle or profile link
    if sum(c.isdigit() for c in name) >= 2:
        return None  # a date or a generated user name
    if " " not in name and _HANDLE.match(name) and (name.islower() or "_" in name or "." in name):
        return None  # a user handle ("jdoe", "jane_doe"), not a name as printed
    return name
