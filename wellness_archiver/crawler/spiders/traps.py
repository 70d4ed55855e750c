"""Spider-trap detection: calendars, endless pagination, session tokens.

A calendar links each month to the next, forever; so does a listing whose
"next page" never runs out (the same posts again, or none); a site that puts
a fresh session or tracking token in every link (under a name ``clean_url``
does not know) makes each visit's URLs new. Every such page is new to the
dupefilter. URLs are grouped by *shape* (digit runs replaced by ``#``, token
values by ``*``); a shape that looks like a date archive or carries a token
may yield at most ``limit`` distinct URLs per site, and a shape whose pages
brought nothing but the next page of that shape ``limit`` times in a row is
not followed further. Post URLs carry a slug, so each has a shape of its own
and is never capped.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

_DIGITS = re.compile(r"\d+")
_YEAR_MONTH = re.compile(r"/(19|20)\d\d/\d{1,2}(/\d{1,2})?/?$")
_DATE_WORDS = re.compile(r"calendar|events?|agenda|ical", re.I)
# A query value that is an opaque id (a session or visit token, not a slug
# or a page number): 16+ hex digits (UUIDs included), or 20+ letters and
# digits mixed.
_TOKEN = re.compile(r"^(?=.*\d)(?=.*[a-zA-Z])(?:[0-9a-fA-F-]{16,}|[A-Za-z0-9]{20,})$")
_DATE_KEYS = {"month", "year", "date", "day", "week", "ical", "tribe-bar-date", "eventdate", "calendar", "cal"}


def url_shape(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(sorted(f"{k}={'*' if _TOKEN.match(v) else _DIGITS.sub('#', v)}"
                            for k, v in parse_qsl(parts.query, keep_blank_values=True)))
    return f"{parts.netloc}{_DIGITS.sub('#', parts.path)}?{query}"


def looks_like_date_archive(url: str) -> bool:
    parts = urlsplit(url)
    if _YEAR_MONTH.search(parts.path):
        return True
    if any(key.lower() in _DATE_KEYS for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
        return True
    return bool(_DATE_WORDS.search(parts.path) and _DIGITS.search(parts.path))


def has_token(url: str) -> bool:
    return any(_TOKEN.match(value) for _, value in parse_qsl(urlsplit(url).query))


class TrapDetector:
    def __init__(self, limit: int):
        self.limit = limit
        self.counts: Counter[str] = Counter()
        # Pages in a row, per shape, whose only new links were the next page
        # of the same shape: pagination that goes on after the posts ran out.
        self.empty_runs: Counter[str] = Counter()
        self.recorded: set[str] = set()

    def check(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else the reason it may not."""
        if not self.limit:
            return None
        shape = url_shape(url)
        if looks_like_date_archive(url):
            kind = "date archive or calendar"
        elif has_token(url):
            kind = "session or token URLs"
        elif self.empty_runs[shape] >= self.limit:
            return f"trap: pagination with nothing new for {self.limit} pages ({shape})"
        else:
            return None
        self.counts[shape] += 1
        if self.counts[shape] > self.limit:
            return f"trap: {kind} beyond {self.limit} pages ({shape})"
        return None

    def note_links(self, url: str, new_links: list[str]) -> None:
        """Record what a page brought: only more of its own shape, or more."""
        shape = url_shape(url)
        if new_links and all(url_shape(link) == shape for link in new_links):
            self.empty_runs[shape] += 1
        elif new_links:
            self.empty_runs[shape] = 0

    def first_refusal(self, url: str) -> bool:
        """True for the first refused URL of its shape (the one to record)."""
        shape = url_shape(url)
        if shape in self.recorded:
            return False
        self.recorded.add(shape)
        return True
