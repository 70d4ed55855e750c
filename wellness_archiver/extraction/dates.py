"""Date strings as blogs write them -> ISO "YYYY-MM-DD".

ISO, numeric and English/German/French/Spanish month-name dates are read by
the regexes below (most dates: microseconds each). A short string they miss
that still has a year and a word ("3 de marzo de 2023", "12 ottobre 2021")
goes to dateparser, absolute dates only, in a few languages: it costs
milliseconds a string (and ~0.5 s to load a language the first time), so it
sees only those candidates, through one cached parser. Every result is a
real calendar day between 1990 and 2100: 2023-02-31 is no date.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "januar", "janvier", "enero"),
            ("february", "feb", "februar", "février", "febrero"),
            ("march", "mar", "märz", "mars", "marzo"),
            ("april", "apr", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juni", "juin", "junio"),
            ("july", "jul", "juli", "juillet", "julio"),
            ("august", "aug", "août", "agosto"),
            ("september", "sep", "sept", "septembre", "septiembre"),
            ("october", "oct", "oktober", "octobre", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "dezember", "décembre", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"([^\W\d_]{3,10})\.?"
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY_NUM = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")  # 30.01.2023
_MDY = re.compile(_MONTH + r"\s+(\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?", re.I)


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # 2023-02-31, month 13
        return None


def iso_date(value: str | None, ref: str | None = None, fallback: bool = True) -> str | None:
    """Parse ISO, numeric and month-name dates; ``ref`` (an ISO date) supplies
    the year for "Feb 8"-style dates: the first such date on or after ``ref``.
    ``fallback=False``: not dateparser (for many short texts, most no date)."""
    if not value:
        return None
    value = value.strip()
    if m := _ISO.search(value):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY_NUM.search(value):
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    for regex, month_group, day_group in ((_MDY, 1, 2), (_DMY, 2, 1)):
        for m in regex.finditer(value):
            month = _MONTHS.get(m[month_group].lower())
            if not month:
                continue
            day = int(m[day_group])
            if m[3]:
                return _valid(int(m[3]), month, day)
            if ref and (refdate := iso_date(ref)):
                year = int(refdate[:4])
                if (month, day) < (int(refdate[5:7]), int(refdate[8:10])):
                    year += 1
                return _valid(year, month, day)
            return None
    return _parsed(value) if fallback else None


# What dateparser is asked about: short, with a year and a word.
_MAX_PARSED = 40
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_WORD = re.compile(r"[^\W\d_]{3,}")
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
_SETTINGS = {
    "PARSERS": ["absolute-time"],  # never "2 days ago": the result must not depend on today
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _parsed(value: str) -> str | None:
    if len(value) > _MAX_PARSED or not _YEAR.search(value) or not _WORD.search(value):
        return None
    return _dateparser_date(value)


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser  # ~0.4 s to import: only when a date needs it

    return DateDataParser(languages=list(LANGUAGES), settings=_SETTINGS)


@lru_cache(maxsize=2048)
def _dateparser_date(value: str) -> str | None:
    try:
        data = _parser().get_date_data(value)
    except Exception:  # dateparser's own bugs must not lose the page
        return None
    found = data.date_obj
    return _valid(found.year, found.month, found.day) if found is not None and data.period == "day" else None
