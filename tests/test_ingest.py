"""archive/ingest.py: the one batch writer and run lifecycle, on a real SQLite file."""

from __future__ import annotations

import pytest

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.ingest import Batch, RunWriter, write_batch

CAPTURE = {"body": None, "body_encoding": None, "length": 4, "sha256": "0" * 64, "noarchive": 1}
ARTICLE = {"url": "https://b.test/p/1", "title": "One", "text": "Some text of the first post.", "tags": []}


@pytest.fixture
def archive(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    yield archive
    archive.close()


def add_post(batch: Batch, url: str = ARTICLE["url"], article: dict | None = ARTICLE) -> None:
    batch.add_page(url, final_url=url, status=200, content_type="text/html", page_type="post",
                   fetched_at="2026-01-01T00:00:00+00:00", headers={"Content-Type": "text/html"},
                   capture=CAPTURE, article=article)


def runs(archive):
    return archive.db.execute("select kind, status, pages_fetched, posts_stored, errors from crawl_runs").fetchall()


def test_run_finishes_when_the_block_ends(archive, tmp_path):
    counts = {"pages_fetched": 1, "posts_stored": 1, "errors": 0}
    with RunWriter(archive, kind="import-warc", seeds=["x.warc"], counts=counts, batch_size=10) as run:
        add_post(run.batch)
        run.maybe_flush()  # under the batch size: nothing written yet
        assert archive.db["pages"].count == 0
    assert runs(archive) == [("import-warc", "finished", 1, 1, 0)]  # the last batch written on the way out
    reopened = Archive(tmp_path / "archive.db", readonly=True)
    try:
        page = reopened.db["pages"].get(ARTICLE["url"])
        capture = reopened.db["captures"].get(page["capture_id"])
        article = reopened.db["articles"].get(ARTICLE["url"])
    finally:
        reopened.close()
    assert (page["crawl_run"], page["page_type"], capture["headers"]) == (1, "post", '{"Content-Type": "text/html"}')
    assert (article["page_url"], article["capture_id"]) == (ARTICLE["url"], page["capture_id"])


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_run_fails_on_any_exception_and_keeps_the_committed_batches(archive, error):
    with pytest.raises(type(error)):
        with RunWriter(archive, kind="reextract", batch_size=1, counts={"posts_stored": 1, "errors": 0}) as run:
            add_post(run.batch)
            run.maybe_flush()  # written: one batch, one transaction
            add_post(run.batch, "https://b.test/p/2", {**ARTICLE, "url": "https://b.test/p/2"})
            raise error
    assert runs(archive) == [("reextract", "failed", 0, 1, 0)]
    assert [p["url"] for p in archive.pages()] == [ARTICLE["url"]]  # the unwritten batch is not


def test_crawl_counts_come_from_the_rows(archive):
    run = RunWriter(archive, seeds=["https://b.test/"])
    run_id = run.start()
    batch = Batch()
    add_post(batch)
    batch.add_page("https://b.test/missing", final_url=None, status=404, content_type=None, page_type="error",
                   fetched_at=None, error="HTTP 404")
    batch.found.append({"url": "https://b.test/p/3", "depth": 1})
    batch.done += ["https://b.test/p/1", "https://b.test/missing"]
    run.write(batch)
    done, pending = archive.frontier(run_id)
    assert set(done) == {"https://b.test/p/1", "https://b.test/missing"}
    assert [p["url"] for p in pending] == ["https://b.test/p/3"]
    run.finish("interrupted")
    assert runs(archive) == [("crawl", "interrupted", 2, 1, 1)]
    RunWriter(archive).start(resume=run_id)
    assert runs(archive)[0][1] == "running"


def test_write_batch_reports_changed_articles(archive):
    run_id = archive.start_run([], {}, {})
    first = Batch()
    add_post(first)
    assert write_batch(archive, run_id, first) == []
    again = Batch(articles=[{**ARTICLE, "text": "Another text.", "page_url": ARTICLE["url"]}])
    assert write_batch(archive, run_id, again, seen=False) == [ARTICLE["url"]]
    assert Batch().empty() and not again.empty()
