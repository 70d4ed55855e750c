"""extraction/dates.py: date strings as blogs write them -> ISO dates, strictly."""

from __future__ import annotations

import time

import pytest

from wellness_archiver.extraction import dates
from wellness_archiver.extraction.dates import iso_date


@pytest.mark.parametrize("value, want", [
    # ISO and numeric
    ("2023-02-01", "2023-02-01"),
    ("2023-02-01T08:00:00+00:00", "2023-02-01"),
    ("2023/2/1", "2023-02-01"),
    ("30.01.2023", "2023-01-30"),
    # month names, English, German, French, Spanish
    ("February 1, 2023", "2023-02-01"),
    ("Feb 1st, 2023", "2023-02-01"),
    ("1 February 2023", "2023-02-01"),
    ("1st of February, 2023", "2023-02-01"),
    ("Veröffentlicht am 3. März 2021", "2021-03-03"),
    ("12 janvier 2022", "2022-01-12"),
    ("Posted on Monday, March 6, 2023", "2023-03-06"),
    # a month name with Spanish/Portuguese "de", and other languages: dateparser
    ("3 de marzo de 2023", "2023-03-03"),
    ("12 de outubro de 2020", "2020-10-12"),
    ("12 ottobre 2021", "2021-10-12"),
    # not a date
    (None, None),
    ("", None),
    ("hello world", None),
    ("Feb 8", None),  # no year and no reference date
    ("2023", None),
    ("Posted in 2023 by Ann", None),
])
def test_dates(value, want):
    assert iso_date(value) == want


@pytest.mark.parametrize("value", ["2023-02-31", "2023-13-01", "31.02.2023", "February 30, 2023", "1989-05-01",
                                   "2101-01-01", "29 de febrero de 2023", "2023-04-31T10:00:00Z"])
def test_impossible_days_are_rejected(value):
    assert iso_date(value) is None


def test_a_year_less_date_takes_its_year_from_the_reference():
    assert iso_date("Updated Feb 8", ref="2023-02-01") == "2023-02-08"
    assert iso_date("Jan 3", ref="2023-02-01") == "2024-01-03"  # the first such day on or after ref
    assert iso_date("Feb 29", ref="2023-02-01") is None  # 2023 has none


def test_relative_dates_are_not_dates():
    assert iso_date("2 days ago, 2023") is None
    assert iso_date("yesterday") is None


def test_only_short_candidates_reach_dateparser_and_the_parser_is_reused(monkeypatch):
    calls = []
    real = dates._dateparser_date.__wrapped__

    def counting(value):
        calls.append(value)
        return real(value)

    monkeypatch.setattr(dates, "_dateparser_date", counting)
    assert iso_date("2023-03-03") == "2023-03-03"
    assert iso_date("March 3, 2023") == "2023-03-03"
    assert iso_date("x" * 50 + " 2023") is None  # too long to be a date
    assert iso_date("no year here") is None
    assert calls == []
    assert iso_date("3 de marzo de 2023") == "2023-03-03"
    assert calls == ["3 de marzo de 2023"]
    assert dates._parser() is dates._parser()


def test_dateparser_is_fast_once_warm():
    iso_date("4 de marzo de 2023")  # loads the language
    start = time.process_time()
    for day in range(1, 21):
        assert iso_date(f"{day} de abril de 2022 ") == f"2022-04-{day:02d}"
    assert (time.process_time() - start) / 20 < 0.05  # seconds a string; measured ~5 ms
