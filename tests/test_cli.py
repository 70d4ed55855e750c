"""CLI behaviour that needs no crawl: help, errors, stats."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import COMMANDS, cli


@pytest.fixture
def runner():
    return CliRunner()


def test_every_command_has_help_with_an_example(runner):
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output, name


def test_stats_reports_counts(runner, tmp_path):
    path = tmp_path / "a.db"
    archive = Archive(path)
    run = archive.start_run(["http://b.example/"], {}, {})
    archive.save_batch(
        [{"url": "http://b.example/p/", "page_type": "post", "status": 200},
         {"url": "http://b.example/gone/", "page_type": "error", "status": 404, "error": "HTTP 404"}],
        [{"url": "http://b.example/p/", "text": "Rest is a skill.", "title": "Rest", "platform": "ghost",
          "site_name": "B", "tags": [], "page_url": "http://b.example/p/"}],
        run,
    )
    archive.close()
    result = runner.invoke(cli, ["stats", str(path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == 1 and data["failed_pages"] == 1
    assert data["errors"] == {"HTTP 404": 1}
    assert data["sites"] == [{"host": "b.example", "name": "B", "platform": "ghost", "articles": 1,
                              "robots_txt": None, "robots_txt_reason": None, "sitemap_limit": None}]
    result = runner.invoke(cli, ["stats", str(path)], catch_exceptions=False)
    assert "HTTP 404" in result.output and "b.example" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["stats", "nope.db"], "does not exist"),
        (["crawl", "ftp://example.org/", "--db", "x.db"], "not an http(s) URL"),
        (["crawl", "http://127.0.0.1:9/", "-s", "BROKEN"], "expected NAME=VALUE"),
    ],
)
def test_bad_input_is_one_clear_line_and_nonzero_exit(runner, tmp_path, args, message):
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(cli, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_stats_on_a_file_that_is_not_an_archive(runner, tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("not a database at all" * 50)
    result = runner.invoke(cli, ["stats", str(junk)])
    assert result.exit_code == 1
    assert "not a usable SQLite archive" in result.output


def test_extract_prints_text_markdown_and_json(runner, tmp_path):
    from wellness_archiver.demo_site.gold import gold_posts
    from wellness_archiver.demo_site.site import build_site, lookup

    base = "http://127.0.0.1:1"
    gold = next(g for g in gold_posts("wix", base) if g["title"] == "Healing within a Relationship")
    page = tmp_path / "post.html"
    page.write_bytes(lookup(build_site("wix", base), gold["url"][len(base):]).body)

    text = runner.invoke(cli, ["extract", str(page)], catch_exceptions=False)
    assert text.exit_code == 0 and text.output.rstrip("\n") == gold["text"]
    markdown = runner.invoke(cli, ["extract", str(page), "--format", "markdown"], catch_exceptions=False)
    assert "## What We Know" in markdown.output.splitlines()
    data = json.loads(runner.invoke(cli, ["extract", "-", "--format", "json", "--url", gold["url"]],
                                    input=page.read_bytes(), catch_exceptions=False).output)
    assert (data["title"], data["author"], data["published"], data["platform"]) == (
        gold["title"], gold["author"], gold["published"], "wix")

    empty = tmp_path / "empty.html"
    empty.write_text("")
    result = runner.invoke(cli, ["extract", str(empty)])
    assert result.exit_code == 1 and "empty document" in result.output


@pytest.mark.parametrize("args", [
    ["crawl", "http://127.0.0.1:9/", "--allow-private", "-s", "WELLNESS_LOCK_WAIT=0.2", "--db"],
    ["reextract"],
])
def test_writing_into_a_locked_archive_says_so(runner, tmp_path, args):
    import sqlite3

    path = tmp_path / "busy.db"
    Archive(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("begin immediate")  # as a running crawl's writer would
    try:
        result = runner.invoke(cli, [*args, str(path)])
    finally:
        holder.execute("rollback")
        holder.close()
    assert result.exit_code == 1
    assert "is locked by another process" in result.output and "Traceback" not in result.output
