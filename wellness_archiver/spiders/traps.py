"""Spider-trap detection: calendars and date archives that never end.

A calendar links each month to the next, forever; every page is new to the
dupefilter. URLs are grouped by *shape* (digit runs replaced by ``#``); a
shape that looks like a date archive may yield at most ``limit`` distinct
URLs per site. Post URLs carry a slug, so each has a shape of its own and is
never capped.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

_DIGITS = re.compile(r"\d+")
_YEAR_MONTH = re.compile(r"/(19|20)\d\d/\d{1,2}(/\d{1,2})?/?$")
_DATE_WORDS = re.compile(r"calendar|events?|agenda|ical", re.I)
_DATE_KEYS = {"month", "year", "date", "day", "week", "ical", "tribe-bar-date", "eventdate", "calendar", "cal"}


def url_shape(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(sorted(f"{k}={_DIGITS.sub('#', v)}" for k, v in parse_qsl(parts.query, keep_blank_values=True)))
    return f"{parts.netloc}{_DIGITS.sub('#', parts.path)}?{query}"


def looks_like_date_archive(url: str) -> bool:
    parts = urlsplit(url)
    if _YEAR_MONTH.search(parts.path):
        return True
    if any(key.lower() in _DATE_KEYS for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
        return True
    return bool(_DATE_WORDS.search(parts.path) and _DIGITS.search(parts.path))


class TrapDetector:
    def __init__(self, limit: int):
        self.limit = limit
        self.counts: Counter[str] = Counter()

    def check(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else the reason it may not."""
        if not self.limit or not looks_like_date_archive(url):
            return None
        shape = url_shape(url)
        self.counts[shape] += 1
        if self.counts[shape] > self.limit:
            return f"trap: date archive or calendar beyond {self.limit} pages ({shape})"
        return None

    def first_refusal(self, url: str) -> bool:
        """True for the first refused URL of its shape (the one to record)."""
        return self.counts[url_shape(url)] == self.limit + 1
