"""urls.py: the one owner of URL rules. ``normalise_url`` is the key of the
article a URL shows (duplicate clusters); ``clean_url`` the URL to fetch."""

import pytest

from wellness_archiver.urls import clean_url, is_variant, normalise_url


@pytest.mark.parametrize("url, key", [
    ("https://www.b.org/p/x/?utm_source=a&fbclid=1", "//b.org/p/x"),
    ("http://b.org/p/x", "//b.org/p/x"),
    ("https://amp.b.org/p/x?output=amp", "//b.org/p/x"),
    ("https://b.org/p/x/amp/", "//b.org/p/x"),
    ("https://b.org/p/x.amp", "//b.org/p/x"),
    ("https://b.org/p/x.amp.html", "//b.org/p/x.html"),  # the AMP rendering of x.html
    ("https://m.b.org/p/x?print=1", "//b.org/p/x"),
    ("https://B.org:8080/p/x?z=2&a=1", "//b.org:8080/p/x?a=1&z=2"),
    ("https://b.org/p/x?page=2&utm_medium=mail", "//b.org/p/x?page=2"),
    ("https://b.org/p/x?format=json", "//b.org/p/x?format=json"),  # not an AMP/print value: kept
    ("https://b.org/", "//b.org/"),
    ("  https://b.org  ", "//b.org/"),
])
def test_normalise_url_keys(url, key):
    assert normalise_url(url) == key


def test_normalise_url_tells_pages_apart():
    assert normalise_url("https://b.org/p/x?page=2") != normalise_url("https://b.org/p/x")
    assert normalise_url("https://b.org/p/x") != normalise_url("https://b.org/p/y")
    assert normalise_url("https://b.org/p/x") != normalise_url("https://c.org/p/x")


@pytest.mark.parametrize("url, variant", [
    ("https://b.org/p/x", False),
    ("https://b.org/p/x?page=2", False),
    ("https://b.org/p/x?utm_source=a", True),
    ("https://b.org/p/x/amp/", True),
    ("https://b.org/p/x/print", True),
    ("https://amp.b.org/p/x", True),
    ("https://b.org/p/x?view=print", True),
])
def test_is_variant(url, variant):
    assert is_variant(url) is variant


def test_every_tracker_clean_url_drops_is_noise_for_normalise_url():
    from wellness_archiver.urls import IGNORED_PARAMS

    for name in IGNORED_PARAMS:
        assert normalise_url(f"https://b.org/p?{name}=1") == "//b.org/p", name
        assert clean_url(f"https://b.org/p?{name}=1") == "https://b.org/p", name
