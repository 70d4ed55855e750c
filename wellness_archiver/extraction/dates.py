"""Date strings as blogs write them -> ISO "YYYY-MM-DD"."""

from __future__ import annotations

import re

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
    if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def iso_date(value: str | None, ref: str | None = None) -> str | None:
    """Parse ISO, numeric and month-name dates; ``ref`` (an ISO date) supplies
    the year for "Feb 8"-style dates: the first such date on or after ``ref``."""
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
    return None
