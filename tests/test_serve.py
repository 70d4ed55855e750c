"""``wellness-archiver serve``: Datasette over a real archive, over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from datasette.app import Datasette

from wellness_archiver.archive.db import Archive
from wellness_archiver.demo_site.gold import gold_posts
from wellness_archiver.demo_site.site import build_site, lookup
from wellness_archiver.extraction import extract

BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    """An archive holding the Wix fixture blog's posts, built without a crawl."""
    path = tmp_path_factory.mktemp("serve") / "blogs.db"
    pages = build_site("wix", BASE)
    archive = Archive(path)
    run = archive.start_run([BASE + "/"], {}, {})
    articles, page_rows = [], []
    for gold in gold_posts("wix", BASE):
        body = lookup(pages, gold["url"][len(BASE):]).body
        art = extract(body, gold["url"]).as_dict()
        articles.append({**art, "url": gold["url"], "page_url": gold["url"]})
        page_rows.append({"url": gold["url"], "page_type": "post", "status": 200})
    archive.save_batch(page_rows, articles, run)
    archive.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def wait_for_json(proc, url: str):
    deadline = time.monotonic() + 30
    while True:
        try:
            return get_json(url)
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.3)


def test_serve_search_finds_the_seed_article_over_http(archive_path, tmp_path):
    port = free_port()
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    # Extra options go through to Datasette; TMPDIR shows nothing is left behind.
    proc = subprocess.Popen(
        [sys.executable, "-m", "wellness_archiver", "serve", str(archive_path), "--port", str(port),
         "--setting", "default_page_size", "7"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(tmpdir)},
    )
    try:
        data = wait_for_json(proc, f"http://127.0.0.1:{port}/blogs/articles.json?_search=therapeutic+relationship&_shape=objects")
        titles = [row["title"] for row in data["rows"]]
        assert "Healing within a Relationship" in titles
        assert get_json(f"http://127.0.0.1:{port}/-/settings.json")["default_page_size"] == 7
        ranked = get_json(f"http://127.0.0.1:{port}/blogs/search.json?q=therapeutic+relationship&_shape=objects")
        assert ranked["rows"][0]["title"] == "Healing within a <mark>Relationship</mark>"
    finally:
        proc.terminate()
        proc.wait(10)
    assert list(tmpdir.iterdir()) == []


def test_plain_datasette_shows_the_research_ui(archive_path):
    """`datasette archive.db`, no wellness-archiver command: the installed plugin does it all."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(archive_path), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        plugins = wait_for_json(proc, f"http://127.0.0.1:{port}/-/plugins.json")
        assert "wellness-archiver" in [p["name"] for p in plugins]
        database = get_json(f"http://127.0.0.1:{port}/blogs.json")
        assert {"search", "chrome_leaks", "failures", "duplicates", "articles_per_month", "policy",
                "crawl_runs"} <= {q["name"] for q in database["queries"]}
        assert "_sqlite_migrations" in [t["name"] for t in database["tables"] if t["hidden"]]
    finally:
        proc.terminate()
        proc.wait(10)


async def test_metadata_gives_facets_sort_and_search(archive_path):
    ds = Datasette([str(archive_path)])
    response = await ds.client.get("/blogs/articles.json?_shape=objects&_extra=facet_results")
    assert response.status_code == 200
    data = response.json()
    facets = data["facet_results"]
    assert {"host", "platform", "language_detected"} <= set(facets)
    published = [row["published"] for row in data["rows"]]
    assert published == sorted(published, reverse=True)
    html = (await ds.client.get("/blogs/articles")).text
    assert 'name="_search"' in html  # the FTS search box
    assert "One row per blog post" in html  # table description from the metadata
