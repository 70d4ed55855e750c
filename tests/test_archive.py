"""The archive on a real SQLite file: schema, idempotent writes, FTS."""

import hashlib
import json
import subprocess
import sys

import pytest
import sqlite_utils

from wellness_archiver.archive.db import Archive, ArchiveError, content_hash
from wellness_archiver.archive.errors import NoArchive


def article(url, text="Grief is not a problem to be solved.", **extra):
    return {
        "url": url,
        "canonical_url": url,
        "title": "Living with grief",
        "author": "Maya Ortiz",
        "published": "2024-03-01",
        "updated": None,
        "site_name": "Quiet Mind Notes",
        "tags": ["grief", "loss"],
        "description": "On grief.",
        "language": "en",
        "platform": "ghost",
        "word_count": len(text.split()),
        "text": text,
        **extra,
    }


@pytest.fixture
def archive(tmp_path):
    a = Archive(tmp_path / "archive.db")
    yield a
    a.close()


def test_schema_is_idempotent_and_uses_wal(tmp_path):
    path = tmp_path / "a.db"
    Archive(path).close()
    Archive(path).close()  # migrations already applied: no error, no change
    db = sqlite_utils.Database(path)
    assert {"crawl_runs", "pages", "articles", "sites", "articles_fts"} <= set(db.table_names())
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    names = [r["name"] for r in db["_sqlite_migrations"].rows]
    assert names[:3] == ["m001_initial", "m002_captures", "m003_article_versions"]
    assert len(names) == len(set(names))


def test_recrawl_updates_rows_without_duplicating(archive):
    url = "http://blog.example/living-with-grief/"
    run1 = archive.start_run([url], {}, {})
    archive.save_batch([{"url": url, "page_type": "post", "status": 200}], [{**article(url), "page_url": url}], run1)
    first = archive.db["articles"].get(url)
    run2 = archive.start_run([url], {}, {})
    archive.save_batch(
        [{"url": url, "page_type": "post", "status": 200}],
        [{**article(url, text="Grief changes shape over time."), "page_url": url}],
        run2,
    )
    assert archive.db["articles"].count == 1
    assert archive.db["pages"].count == 1
    row = archive.db["articles"].get(url)
    assert row["first_seen"] == first["first_seen"]
    assert row["crawl_run"] == run2
    assert row["text"] == "Grief changes shape over time."
    assert row["content_hash"] == content_hash("grief   changes shape over time.")
    assert json.loads(row["tags"]) == ["grief", "loss"]
    assert archive.db["sites"].get("blog.example")["platform"] == "ghost"


def test_full_text_search_follows_updates(archive):
    url = "http://blog.example/a/"
    run = archive.start_run([url], {}, {})
    archive.save_batch([], [{**article(url, text="The therapeutic relationship heals."), "page_url": url}], run)
    assert [r["url"] for r in archive.search("therapeutic relationship")] == [url]
    archive.save_batch([], [{**article(url, text="Sleep hygiene basics."), "page_url": url}], run)
    assert archive.search("therapeutic relationship") == []
    assert [r["url"] for r in archive.search("sleep")] == [url]


def test_failed_pages_keep_their_reason(archive):
    run = archive.start_run(["http://blog.example/"], {}, {})
    archive.save_batch(
        [
            {"url": "http://blog.example/gone/", "page_type": "error", "status": 404, "error": "HTTP 404"},
            {"url": "http://blog.example/x/", "page_type": "error", "status": 500, "error": "HTTP 500"},
        ],
        [],
        run,
    )
    assert archive.error_reasons(run) == {"HTTP 404": 1, "HTTP 500": 1}
    archive.finish_run(run, "finished", {"pages_fetched": 2, "posts_stored": 0, "errors": 2})
    assert archive.run(run)["status"] == "finished"
    assert archive.stats()["failed_pages"] == 2


def test_unusable_files_give_clear_errors(tmp_path):
    with pytest.raises(NoArchive, match="No archive at") as missing:  # the CLI adds how to make one
        Archive(tmp_path / "missing.db", create=False)
    assert missing.value.path == tmp_path / "missing.db"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match="not a usable SQLite archive"):
        Archive(junk)
    with pytest.raises(ArchiveError, match="is a directory"):
        Archive(tmp_path)


def test_mixed_batches_never_erase_known_values(archive):
    a, b = "http://a.example/post/", "http://b.example/post/"
    run = archive.start_run([a, b], {}, {})
    archive.save_batch([{"url": a, "page_type": "post"}], [{**article(a), "page_url": a}], run)
    first = archive.db["articles"].get(a)["first_seen"]
    # A batch mixing a known and a new article, and a site seen only through
    # a page without an article: nothing known may be overwritten with NULL.
    archive.save_batch(
        [{"url": "http://a.example/about/", "page_type": "page"}],
        [{**article(a), "page_url": a}, {**article(b), "page_url": b}],
        run,
    )
    archive.save_batch([{"url": "http://a.example/contact/", "page_type": "page"}], [], run)
    assert archive.db["articles"].get(a)["first_seen"] == first
    assert archive.db["articles"].get(b)["first_seen"]
    site = archive.db["sites"].get("a.example")
    assert (site["name"], site["platform"], site["language"]) == ("Quiet Mind Notes", "ghost", "en")


def test_content_hash_is_stable_across_whitespace_and_releases():
    # Archives written by earlier releases hashed the text collapsed with
    # r"\s+"; a re-crawl must find the same hash, or every article would
    # count as changed. Every Unicode whitespace character is covered.
    spaces = "".join(chr(i) for i in range(0x3001) if chr(i).isspace())
    text = f"  Grief{spaces}changes\u00a0shape\n\tover time.{spaces}"
    assert content_hash(text) == hashlib.sha256(b"grief changes shape over time.").hexdigest()
    assert content_hash(text) == content_hash("grief changes shape over time.")


def test_batches_larger_than_sqlites_variable_chunks(archive):
    # 1201 rows: the "url in (...)" look-ups go 500 at a time (capture reads
    # 50 by default); every chunk, including the short last one, must count.
    urls = [f"http://blog.example/post-{n:04d}/" for n in range(1201)]
    pages = [{"url": u, "page_type": "post", "status": 200} for u in urls]
    captures = [{"url": u, "body": f"<p>{u}</p>".encode(), "fetched_at": "2024-03-01T00:00:00+00:00"} for u in urls]
    run1 = archive.start_run(urls[:1], {}, {})
    assert archive.save_batch(pages, [{**article(u), "page_url": u} for u in urls], run1, captures) == []  # all new
    first_seen = {r["url"]: r["first_seen"] for r in archive.db["articles"].rows}
    run2 = archive.start_run(urls[:1], {}, {})
    changed = archive.save_batch(pages, [{**article(u, text="New text."), "page_url": u} for u in urls], run2)
    assert changed == urls
    assert archive.db["article_versions"].count == 1201
    assert {r["url"]: r["first_seen"] for r in archive.db["articles"].rows} == first_seen
    archive.mark_unchanged(urls, run2, "2024-04-01T00:00:00+00:00")
    assert {r["status"] for r in archive.db["pages"].rows} == {304}
    ids = [r["id"] for r in archive.db["captures"].rows]
    assert len(ids) == 1201
    assert sorted(archive.capture_pages(ids)) == sorted(zip(ids, urls))
    assert [row[0] for row in archive.iter_captures(ids)] == sorted(ids)


def test_the_archive_loads_sqlite_utils_without_pandas_or_numpy():
    """sqlite-utils would import pandas (~0.5 s, 65 MB a process) and numpy
    (13 MB); the archive loads it without, and both stay importable afterwards."""
    pytest.importorskip("pandas")
    code = ("import sys, wellness_archiver.archive.db, sqlite_utils.db as d; "
            "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules and d.pd is None and d.np is None; "
            "import pandas, numpy; print(pandas.__name__, numpy.__name__)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "pandas numpy", proc.stderr
