"""Raw captures: every fetched HTML body kept (zstd + sha256), noarchive honoured,
articles linked to their capture and extractor; old versions kept."""

from __future__ import annotations

import hashlib
import json

import pytest

from wellness_archiver.archive.captures import decompress
from wellness_archiver.crawler.spiders.policy import is_noarchive
from wellness_archiver.crawler.workers import build_capture
from wellness_archiver.archive.db import Archive


@pytest.fixture(scope="module")
def crawled(demo_archives):
    return demo_archives["wordpress"].path


@pytest.mark.parametrize(
    "body, headers, expected",
    [
        (b'<html><head><meta name="robots" content="noarchive"></head><body>x</body></html>', None, True),
        (b"<html><head><META NAME='ROBOTS' CONTENT='noindex, NoArchive'></head></html>", None, True),
        (b'<head><meta content="noarchive" name="robots"/></head>', None, True),
        (b'<head><meta name="wellness-archiver" content="noarchive"></head>', None, True),
        (b"<html><body>x</body></html>", {"X-Robots-Tag": "noarchive"}, True),
        (b"<html><body>x</body></html>", {"x-robots-tag": "googlebot: noarchive, nosnippet"}, True),
        (b'<head><meta name="robots" content="index, follow"></head>', {"X-Robots-Tag": "nosnippet"}, False),
        (b'<head><meta name="description" content="noarchive tips"></head>', None, False),
        # a meta tag in the body text is not a directive
        (b'<head></head><body><pre>&lt;meta name="robots" content="noarchive"&gt;</pre></body>', None, False),
        (b"", None, False),
    ],
)
def test_noarchive_detection(body, headers, expected):
    assert is_noarchive(body, headers) is expected


def test_a_pages_worker_arguments_never_load_scrapy_in_the_worker():
    """What the crawl sends an extraction worker for a page (body, URL, headers
    of the page's record) unpickles without importing Scrapy or Twisted: they
    would cost every worker ~20 MB."""
    import pickle
    import subprocess
    import sys

    from scrapy.http import HtmlResponse, Request

    from wellness_archiver.crawler.items import POST
    from wellness_archiver.crawler.spiders.records import page_record

    url = "http://blog.test/a-post/"
    response = HtmlResponse(url, body=b"<html><head></head><body><p>Hi</p></body></html>",
                            headers={"Content-Type": "text/html", "X-Robots-Tag": "noarchive"},
                            request=Request(url))
    item = page_record(response, POST)
    assert is_noarchive(item.body, item.headers)  # still read whatever the header's case
    payload = pickle.dumps((item.body, url, True, item.headers))
    code = ("import pickle, sys; pickle.loads(sys.stdin.buffer.read()); "
            "print(sorted(m for m in ('scrapy', 'twisted') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], input=payload, capture_output=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.decode().strip() == "[]", proc.stderr


def test_build_capture_compresses_and_hashes():
    body = b"<html><head><title>t</title></head><body>" + b"<p>calm breathing</p>" * 500 + b"</body></html>"
    capture = build_capture(body, {"Content-Type": "text/html"})
    assert capture["sha256"] == hashlib.sha256(body).hexdigest()
    assert capture["length"] == len(body) and capture["noarchive"] == 0
    assert len(capture["body"]) < len(body) / 5
    assert decompress(capture["body"], capture["body_encoding"]) == body


def test_noarchive_capture_keeps_no_body(tmp_path):
    body = b'<html><head><meta name="robots" content="noarchive"></head><body>private</body></html>'
    capture = build_capture(body, None)
    assert capture["body"] is None and capture["noarchive"] == 1
    assert capture["sha256"] == hashlib.sha256(body).hexdigest()
    archive = Archive(tmp_path / "a.db")
    run = archive.start_run([], {}, {})
    url = "http://blog.example/private/"
    archive.save_batch([{"url": url, "page_type": "page", "status": 200}], [], run,
                       [{"url": url, "final_url": url, "status": 200, **capture}])
    row = next(archive.db["captures"].rows)
    assert row["body"] is None and row["noarchive"] == 1
    assert archive.db["pages"].get(url)["capture_id"] == row["id"]
    archive.close()


def test_every_html_page_of_a_crawl_is_captured(crawled):
    archive = Archive(crawled, create=False)
    try:
        pages = {p["url"]: p for p in archive.pages()}
        html_pages = [p for p in pages.values() if p["page_type"] in ("post", "listing", "page")]
        assert html_pages
        captures = list(archive.db["captures"].rows)
        assert len(captures) == len(html_pages)
        for page in html_pages:
            assert page["capture_id"], page["url"]
        run = archive.db.execute("select id, kind from crawl_runs").fetchall()
        assert run == [(1, "crawl")]
        for row in captures:
            assert row["crawl_run"] == 1 and row["status"] == 200
            assert row["body_encoding"] == "zstd" and row["noarchive"] == 0
            body = decompress(row["body"], row["body_encoding"])
            assert len(body) == row["length"]
            assert hashlib.sha256(body).hexdigest() == row["sha256"]
            assert b"<html" in body.lower()
            if row["headers"] is not None:  # filled once the spider passes response headers
                assert isinstance(json.loads(row["headers"]), dict)
        articles = archive.articles()
        assert len(articles) == 9
        from wellness_archiver.extraction import EXTRACTOR_VERSION

        for art in articles:
            assert art["extractor"] == EXTRACTOR_VERSION
            capture = archive.db["captures"].get(art["capture_id"])
            assert capture["url"] == art["page_url"]
            assert pages[art["page_url"]]["page_type"] == "post"
    finally:
        archive.close()


def test_changed_text_keeps_the_old_version(tmp_path):
    archive = Archive(tmp_path / "a.db")
    url = "http://blog.example/grief/"
    art = {"url": url, "page_url": url, "title": "Grief", "text": "First words about grief " * 10,
           "extractor": "x/1"}
    run1 = archive.start_run([url], {}, {})
    archive.save_batch([{"url": url}], [art], run1)
    run2 = archive.start_run([url], {}, {})
    assert archive.save_batch([{"url": url}], [dict(art)], run2) == []  # unchanged: no version
    assert archive.db["article_versions"].count == 0
    run3 = archive.start_run([url], {}, {})
    changed = archive.save_batch([{"url": url}], [{**art, "text": "Revised words about loss " * 10}], run3)
    assert changed == [url]
    versions = list(archive.db["article_versions"].rows)
    assert len(versions) == 1
    assert versions[0]["text"].startswith("First words") and versions[0]["crawl_run"] == run2
    assert versions[0]["replaced_by_run"] == run3 and versions[0]["extractor"] == "x/1"
    assert archive.db["articles"].get(url)["text"].startswith("Revised")
    assert [v["text"][:5] for v in archive.article_history(url)] == ["First", "Revis"]
    archive.close()
