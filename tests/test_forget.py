"""forget: a post and a site removed for good, and kept out of later crawls and WARC imports.

Real crawls of the fixture sites into a real SQLite file; the removed text is
looked for in the file's bytes (and its -wal), not only through SQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawling import PARTIAL, crawl
from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.tombstones import Tombstones, is_forgotten, url_key
from wellness_archiver.cli import cli

# From the body of one Ghost post (late in it: listing excerpts never show it).
PHRASE = "a deeply learned belief that needing help is a form of failure"
POST_TITLE = "Why Men Don't Ask for Help (and How to Start)"


def file_bytes(db_path: Path) -> bytes:
    wal = Path(str(db_path) + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def query(db_path: Path, sql: str, args=()) -> list:
    archive = Archive(db_path, create=False)
    try:
        return archive.db.execute(sql, list(args)).fetchall()
    finally:
        archive.close()


@pytest.fixture(scope="module")
def crawled(demo_archives, tmp_path_factory):
    """A private copy of two blogs crawled in one run (the archive test_export and test_warc read): forget writes."""
    base = tmp_path_factory.mktemp("forget")
    db_path = demo_archives.copy(("ghost", "wix"), base / "archive.db")
    warc = base / "earlier.warc.gz"
    result = CliRunner().invoke(cli, ["export", str(db_path), str(warc), "--format", "warc"])
    assert result.exit_code == 0, result.output
    return db_path, warc


def test_forget_a_post_and_a_site_then_nothing_comes_back(demo_sites, crawled):
    db_path, warc = crawled
    (post_url,) = [r[0] for r in query(db_path, "select url from articles where title = ?", [POST_TITLE])]
    wix_host = demo_sites.urls["wix"].split("://")[1]
    wix_text = query(db_path, "select text from articles where host = ? order by url limit 1", [wix_host])[0][0]
    wix_phrase = " ".join(wix_text.split()[10:22])
    assert query(db_path, "select count(*) from articles where host = ?", [wix_host])[0][0] == 9
    # Both texts are in the file before (sanity: the byte search can find them).
    before = file_bytes(db_path)
    assert PHRASE.encode() in before and wix_phrase.encode() in before

    result = CliRunner().invoke(cli, ["forget", str(db_path), "--url", post_url, "--reason", "author's request"])
    assert result.exit_code == 0, result.output
    assert "Removed:   1 articles" in result.output and "VACUUM" in result.output
    result = CliRunner().invoke(cli, ["forget", str(db_path), "--site", wix_host, "--reason", "site owner asked"])
    assert result.exit_code == 0, result.output
    assert "Removed:   9 articles" in result.output

    def gone():
        assert query(db_path, "select count(*) from articles where url = ? or host = ?", [post_url, wix_host]) == [(0,)]
        assert query(db_path, "select count(*) from articles_fts where articles_fts match ?", ['"learned belief"']) == [(0,)]
        assert query(db_path, "select count(*) from captures where url = ? or url like ?",
                     [post_url, f"%{wix_host}%"]) == [(0,)]
        data = file_bytes(db_path)
        assert PHRASE.encode() not in data and wix_phrase.encode() not in data

    gone()
    assert query(db_path, "select count(*) from pages where host = ?", [wix_host]) == [(0,)]
    assert query(db_path, "select count(*) from sites where host = ?", [wix_host]) == [(0,)]
    assert query(db_path, "select kind, reason from tombstones order by id") == [
        ("url", "author's request"), ("site", "site owner asked")]
    archive = Archive(db_path, create=False)
    try:
        assert is_forgotten(archive.db, post_url) == "author's request"
        assert is_forgotten(archive.db, demo_sites.urls["wix"] + "/anything?utm_source=x") == "site owner asked"
        assert is_forgotten(archive.db, demo_sites.urls["ghost"] + "/") is None
    finally:
        archive.close()

    # A re-crawl that refetches everything: the forgotten site is not even asked.
    asked_before = len(demo_sites.requests["wix"])
    proc = crawl(db_path, demo_sites.urls["ghost"], demo_sites.urls["wix"], "--refresh")
    assert proc.returncode in (0, PARTIAL), proc.stdout + proc.stderr
    assert len(demo_sites.requests["wix"]) == asked_before
    assert "forgotten on request" in proc.stdout
    gone()
    refusals = dict(query(db_path, "select url, error from pages where page_type = 'blocked' and error like 'forgotten%'"))
    assert refusals[post_url] == "forgotten on request: author's request"
    assert refusals[demo_sites.urls["wix"] + "/"] == "forgotten on request: site owner asked"
    assert query(db_path, "select count(*) from articles where host = ?",
                 [demo_sites.urls["ghost"].split("://")[1]])[0][0] == 8

    # An import of a WARC recorded before the takedown brings nothing back either.
    result = CliRunner().invoke(cli, ["import-warc", str(db_path), str(warc)])
    assert result.exit_code == 0, result.output
    gone()
    run = query(db_path, "select max(id) from crawl_runs where kind = 'import-warc'")[0][0]
    refused = query(db_path, "select count(*) from pages where crawl_run = ? and error like 'forgotten on request:%'",
                    [run])[0][0]
    assert refused >= 10  # the post and every wix page it held

    # The datasheet and exports count tombstones, and leave the content out.
    result = CliRunner().invoke(cli, ["datasheet", str(db_path)])
    assert "Removed on request (tombstones): 1 URL(s), 1 site(s)" in result.output
    assert wix_host not in result.output.split("## Crawl runs")[0]
    (db_path.parent / "out").mkdir()
    out = db_path.parent / "out" / "corpus.jsonl"
    result = CliRunner().invoke(cli, ["export", str(db_path), str(out)])
    assert result.exit_code == 0, result.output
    assert PHRASE not in out.read_text() and wix_host not in out.read_text()
    manifests = [json.loads(p.read_text()) for p in out.parent.glob("*manifest.json")]
    assert any(m.get("tombstones") == {"urls": 1, "sites": 1} for m in manifests)


def test_tombstone_matching():
    stones = Tombstones([("url", url_key("https://Blog.example/post/a/?utm_source=x"), "asked"),
                         ("site", "other.example", "site asked"), ("site", "127.0.0.1:8080", "port only")])
    assert stones.reason("https://blog.example/post/a/") == "asked"
    assert stones.reason("https://blog.example/post/a/#comments") == "asked"
    assert stones.reason("https://blog.example/post/b/") is None
    assert stones.reason("https://www.other.example:8443/x") == "site asked"
    assert stones.reason("http://127.0.0.1:8080/") == "port only"
    assert stones.reason("http://127.0.0.1:8081/") is None
    assert Tombstones().reason("https://blog.example/") is None


def test_forget_needs_a_target(tmp_path):
    db_path = tmp_path / "a.db"
    Archive(db_path).close()
    result = CliRunner().invoke(cli, ["forget", str(db_path)])
    assert result.exit_code == 2 and "--url URL or --site HOST" in result.output


def test_resume_honours_tombstones(demo_sites, tmp_path):
    """A crawl stopped half-way (a full archive), a site and a post forgotten, then --resume:
    the forgotten site gets no request, the post is refused and recorded, the rest completes."""
    from wellness_archiver.demo_site.gold import gold_posts

    db_path = tmp_path / "archive.db"
    urls = [demo_sites.urls["wordpress"], demo_sites.urls["blogger"]]
    first = crawl(db_path, *urls, "-s", "ARCHIVE_MAX_SIZE_MB=0.5", "-s", "ARCHIVE_BATCH_SIZE=2",
                  "-s", "ARCHIVE_FLUSH_SECONDS=0.3")
    assert first.returncode == PARTIAL and "crawl --resume" in first.stdout, first.stdout + first.stderr
    # A post the first crawl did not store (which ones it did depends on timing):
    # the resumed crawl is the one to refuse it.
    wordpress = {g["url"] for g in gold_posts("wordpress", demo_sites.urls["wordpress"])}
    unstored = sorted(wordpress - {url for (url,) in query(db_path, "select url from articles")})
    assert unstored, "the first crawl was to stop half-way"
    post = unstored[0]
    blogger = demo_sites.urls["blogger"].split("://")[1]
    for args in (["--site", blogger], ["--url", post]):
        result = CliRunner().invoke(cli, ["forget", str(db_path), *args, "--reason", "takedown 7"])
        assert result.exit_code == 0, result.output
    assert query(db_path, "select count(*) from frontier where url like ? or url = ?", [f"%{blogger}%", post]) == [(0,)]
    asked_before = len(demo_sites.requests["blogger"])
    second = crawl(db_path, "--resume", "-s", "ARCHIVE_MAX_SIZE_MB=0", profile=())
    # PARTIAL when the site's dead link fell to this crawl rather than the first (timing)
    assert second.returncode in (0, PARTIAL), second.stdout + second.stderr
    assert len(demo_sites.requests["blogger"]) == asked_before
    stored = {url for (url,) in query(db_path, "select url from articles")}
    assert stored == wordpress - {post}
    assert query(db_path, "select error from pages where url = ?", [post]) == [("forgotten on request: takedown 7",)]
    assert query(db_path, "select status from crawl_runs") == [("finished",)]


def test_forget_export_and_reextract_take_an_idn_host_as_typed(tmp_path):
    # The crawler stores hosts in punycode (bücher.test -> xn--bcher-kva.test); users type the Unicode form.
    db_path = tmp_path / "idn.db"
    url = "https://www.xn--bcher-kva.test/p/"
    archive = Archive(db_path)
    run = archive.start_run(["https://www.xn--bcher-kva.test/"], {}, {})
    archive.save_batch([{"url": url, "page_type": "post", "status": 200}],
                       [{"url": url, "text": "Bücher über Ruhe. " * 40, "title": "Ruhe", "tags": [], "page_url": url}],
                       run)
    archive.finish_run(run, "finished")
    archive.close()
    out = tmp_path / "site.jsonl"
    result = CliRunner().invoke(cli, ["export", str(db_path), str(out), "--site", "WWW.Bücher.test"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["url"] for line in out.read_text().splitlines()] == [url]
    result = CliRunner().invoke(cli, ["reextract", str(db_path), "--site", "www.bücher.test"])
    assert "for site www.xn--bcher-kva.test" in result.output  # converted (no captures stored here)

    result = CliRunner().invoke(cli, ["forget", str(db_path), "--site", "bücher.test"])
    assert result.exit_code == 0, result.output
    assert "Removed:   1 articles" in result.output
    assert query(db_path, "select count(*) from articles") == [(0,)]
    assert query(db_path, "select kind, target from tombstones") == [("site", "xn--bcher-kva.test")]
    assert is_forgotten(Archive(db_path, create=False, readonly=True).db, "https://xn--bcher-kva.test/q/")
