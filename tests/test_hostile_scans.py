"""Every scan of raw page bytes on the crawl's main thread is linear on hostile input.

A small page of one tag opening repeated (``<a `` x 60,000, 180 KB) made
regular expressions scan to the end of the page from every repeat: about a
minute of CPU on the reactor thread, during which the crawl (and Ctrl-C) froze.
Each case here is at least 180 KB; a linear scan takes milliseconds, so the
ceiling (2 s) only fails a super-linear one.
"""

from __future__ import annotations

import time

import pytest
from protego import Protego

from wellness_archiver.crawler.spiders.policy import robots_directives
from wellness_archiver.extraction.decode import decode_html
from wellness_archiver.crawler.spiders.links import DENY_RE, raw_hrefs
from wellness_archiver.crawler.spiders.classify import _TYPE_KEY, declared_post, head_of
from wellness_archiver.crawler.spiders.policy import PathPattern, TDMRepRules
from wellness_archiver.crawler.spiders.render import app_shell_marker
from wellness_archiver.crawler.spiders.traps import TrapDetector
from wellness_archiver.urls import clean_url

CEILING = 2.0  # seconds; a linear scan of these inputs takes a few ms
REPEATS = 60_000


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - start
    assert elapsed < CEILING, f"{fn.__name__} took {elapsed:.1f} s"
    return result


def hostile(unit: bytes) -> bytes:
    """``unit`` repeated 60,000 times, and to at least 180 KB."""
    return unit * max(REPEATS, -(-180_000 // len(unit)))


HREF_CASES = [b"<a ", b"<A\t", b"<a href=", b'<a href="', b"<a href='", b"<a x=", b"<a href ", b"<a hre"]


@pytest.mark.parametrize("unit", HREF_CASES)
def test_href_scan_is_linear(unit):
    timed(lambda body: list(raw_hrefs(body)), hostile(unit))
    timed(lambda body: list(raw_hrefs(body)), b"<a href=" + b" " * 200_000)


def test_href_scan_still_reads_hrefs():
    body = b"""<p><a class=x href="/one">1</a><A HREF='/two'>2</A><a href=/three>3</a><a name=x>no</a><abbr href="/no">"""
    assert [next(filter(None, g)) for g in raw_hrefs(body)] == [b"/one", b"/two", b"/three"]


@pytest.mark.parametrize("unit", [b'"@type":[', b'"@type":"', b'"@type" :', b'"@type":["x",', b'"@type'])
def test_json_ld_type_scan_is_linear(unit):
    body = b"<html><head><title>t</title></head><body>" + hostile(unit)
    head = head_of(body, "utf-8")
    assert timed(declared_post, head, body) is False
    timed(_TYPE_KEY.findall, body.decode())


def test_json_ld_type_scan_still_reads_types():
    head = head_of(b"<head></head>", "utf-8")
    assert declared_post(head, b'<script>{"@type": ["WebPage", "BlogPosting"]}</script>')
    assert not declared_post(head, b'<script>{"@type":"BlogPosting"} {"@type": "ItemList"}</script>')


@pytest.mark.parametrize("unit", [b"<meta ", b"<meta name=", b'<meta name="robots" content="', b"<meta content=",
                                  b"</head ", b"<meta name=robots content="])
def test_meta_scan_is_linear(unit):
    timed(robots_directives, hostile(unit))
    timed(robots_directives, b'<meta name="' + b" " * 200_000)


def test_meta_scan_still_reads_directives():
    body = b'<head><meta name="robots" content="noarchive, nofollow"><meta name=tdm-reservation content=1></head>'
    assert robots_directives(body) == {"noarchive", "nofollow", "tdm-reservation=1"}
    assert robots_directives(b"<head><meta name='robots' content='noindex'") == {"noindex"}  # unclosed tag


@pytest.mark.parametrize("unit", [b"<", b"<p", b"\xe9<"])
def test_charset_detection_is_linear(unit):
    timed(decode_html, hostile(unit), "text/html")


def test_tdmrep_wildcards_are_linear():
    rules = TDMRepRules()
    rules.load("blog.test", '[{"location": "/*a*a*a*a*a*a*a*a*b", "tdm-reservation": 1}]')
    for length in (54, 60, 2_000, 200_000):
        assert timed(rules.reserved, "http://blog.test/" + "a" * length) is False
    assert rules.reserved("http://blog.test/" + "a" * 60 + "b")


@pytest.mark.parametrize("location,path,expected", [
    ("/reserved/*", "/reserved/post/", True), ("/reserved/*", "/reserved", False), ("/*", "/", True),
    ("/a*b*c", "/abc", True), ("/a*b*c", "/a-c-b", False), ("/a*ab", "/ab", False), ("/a*ab", "/aab", True),
    ("/post", "/post", True), ("/post", "/post/", False), ("*.pdf", "/x/y.pdf", True), ("/**x", "/yx", True),
])
def test_tdmrep_wildcards_match_the_whole_path(location, path, expected):
    assert PathPattern(location).fullmatch(path) is expected


def test_robots_wildcards_are_linear():
    # robots.txt rules go through Protego (Scrapy's parser), which never backtracks.
    robots = Protego.parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*b\n")
    assert timed(robots.can_fetch, "http://blog.test/" + "a" * 200_000, "wellness-archiver") is True
    assert robots.can_fetch("http://blog.test/" + "a" * 60 + "b", "wellness-archiver") is False


def test_url_scans_are_linear():
    url = "http://blog.test/" + "/2024/1" * 30_000 + "?" + "a1" * 100_000
    timed(DENY_RE.search, url)
    timed(clean_url, url)
    timed(TrapDetector(12).check, url)
    timed(clean_url, "http://blog.test/" + ";jsessionid=" * 20_000)


SHELL_CASES = [b"<div ", b"<div id=", b"<div id=app", b"<script ", b"<script>", b"<style ", b"<style>",
               b"<template>", b"<noscript ", b"<noscript>", b"<!--", b"<", b"<body ", b"<div id=app>"]


@pytest.mark.parametrize("unit", SHELL_CASES)
def test_app_shell_scan_is_linear(unit):
    # --render auto runs this on every page, on the reactor thread
    timed(app_shell_marker, hostile(unit))
    timed(app_shell_marker, b'<body><div id="app"></div><script src=/a.js></script>' + hostile(unit))
    timed(app_shell_marker, b"<body><script>" + hostile(unit) + b"</script>")


def test_app_shell_scan_still_spots_shells():
    assert app_shell_marker(b'<body><DIV class=x ID="root" ></div >\n<script src="/a.js"></script>') == \
        "empty app mount point"
    assert app_shell_marker(b"<body><noscript>You need to turn on JavaScript</noscript>") == \
        "noscript asks for JavaScript"
    assert app_shell_marker(b"<body><style>" + b"p{} " * 100 + b"</style><script>" + b"x=1;" * 600
                            + b"</script><!-- a comment --></body>") == "near-empty body with scripts"
    assert app_shell_marker(b'<body><div id="approved"></div><script src=/a.js></script>') \
        == "near-empty body with scripts"
    assert app_shell_marker(b'<body><div id="app"></div>' + b"word " * 61) is None
