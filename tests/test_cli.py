"""CLI behaviour that needs no crawl: help, errors, stats."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from wellness_archiver.archive import errors
from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import COMMANDS, cli
from wellness_archiver.cli.common import message, reported
from wellness_archiver.jobs.crawl_plan import PlanError


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
def test_bad_input_is_one_clear_line_and_nonzero_exit(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)  # a relative --db lands here
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


# -- the package: lazy commands, the static table, error hints, sizes (issue 11) --

CLI_DIR = Path(__file__).resolve().parents[1] / "wellness_archiver" / "cli"
OWN_JOBS = [CLI_DIR.parent / "jobs" / name for name in ("crawl_plan.py", "corpus.py")]


def test_root_help_imports_no_command_module():
    """--help lists the commands from COMMANDS: not one command module (nor the
    archive, nor Scrapy) is imported, in a fresh interpreter."""
    code = ("import sys\nfrom click.testing import CliRunner\nfrom wellness_archiver.cli import cli\n"
            "result = CliRunner().invoke(cli, ['--help'])\nassert result.exit_code == 0, result.output\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('wellness_archiver.cli.') "
            "or m.split('.')[0] in ('scrapy', 'sqlite_utils', 'datasette', 'rich'))))\nprint(result.output)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(CLI_DIR.parents[1])})
    assert result.returncode == 0, result.stderr
    loaded, _, help_text = result.stdout.partition("\n")
    assert loaded == ""
    assert all(name in help_text for name in COMMANDS)


def test_the_corpus_and_explore_commands_import_no_scrapy():
    """export, import-warc, reextract, dedup, stats...: none crawls, so none loads
    Scrapy (about a second of every such command's start), in a fresh interpreter."""
    code = ("import sys, wellness_archiver.cli.corpus, wellness_archiver.cli.explore, wellness_archiver.cli.export\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(CLI_DIR.parents[1])})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_reextract_and_import_warc_run_without_scrapy(tmp_path):
    """Running them (not only importing them) loads no Scrapy either: their
    default extraction time limit is read from the pool, not the crawl's settings."""
    db = tmp_path / "a.db"
    code = ("import sys\nfrom click.testing import CliRunner\nfrom wellness_archiver.cli import cli\n"
            f"from wellness_archiver.archive.db import Archive\nArchive({str(db)!r}).close()\n"
            f"r = CliRunner().invoke(cli, ['reextract', {str(db)!r}])\n"
            "assert r.exit_code == 1 and 'No stored captures' in r.output, r.output\n"
            f"r = CliRunner().invoke(cli, ['import-warc', {str(db)!r}, {str(tmp_path / 'none.warc')!r}])\n"
            "assert r.exit_code != 0, r.output\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(CLI_DIR.parents[1])})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_matches_each_command(name):
    """The table's short help is the command's own (the first sentence of its docstring)."""
    ctx = click.Context(cli)
    command = cli.get_command(ctx, name)
    assert command.name == name
    assert COMMANDS[name][1] == command.get_short_help_str(limit=1000)


def test_an_unknown_command_is_a_usage_error(runner):
    result = runner.invoke(cli, ["crawll"])
    assert result.exit_code == 2 and "No such command 'crawll'" in result.output


@pytest.mark.parametrize("error, line", [
    (errors.NoArchive("a.db"), "No archive at a.db: run 'wellness-archiver crawl URL --db a.db' first"),
    (errors.ArchiveLocked("a.db", "a.db.lock is held"), "a.db is locked by another process (a.db.lock is held): "
                                                        "wait for it to finish"),
    (errors.NoSuchRun("a.db", 9), "a.db has no crawl run 9: see its runs with 'wellness-archiver stats a.db'"),
    (errors.OutputExists("o.jsonl"), "o.jsonl already exists: choose another OUT, or pass --force"),
    (errors.OutputIsArchive("a.db", "a.db", "the archive"), "refusing to overwrite it, even with --force; choose"),
    (errors.UnknownFormat("o.x", [".jsonl", ".csv"], ["jsonl", "csv"]), "end OUT in .jsonl, .csv, or give --format "
                                                                        "(jsonl, csv)"),
    (errors.StaleClusters("a.db"), "out of date: run 'wellness-archiver dedup a.db' first"),
    (errors.NoSuchArticle("a.db", "http://b.example/p/"), "No article with URL http://b.example/p/ in a.db: list"),
    (errors.MissingDirectory("out"), "Directory out does not exist: create it first (mkdir -p out)"),
    (PlanError("no-run", "a.db has no crawl run to resume", db_path="a.db"), "start one with 'crawl URL --db a.db'"),
    (ValueError("not an http(s) URL: 'ftp://x/'"), "not an http(s) URL"),
])
def test_errors_become_one_line_with_a_hint(error, line):
    text = message(error)
    assert line in text and "\n" not in text
    assert "--" not in str(error) or isinstance(error, ValueError)  # the library's own words name no option


def test_plan_usage_errors_exit_2():
    with pytest.raises(click.UsageError):
        with reported():
            raise PlanError("empty-frontier", "the frontier redis://x has no seeds yet", usage=True, url="redis://x")


def _sizes(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node, node.end_lineno - node.lineno + 1


@pytest.mark.parametrize("path", [*sorted(CLI_DIR.glob("*.py")), *OWN_JOBS], ids=lambda p: p.name)
def test_modules_and_functions_stay_small(path):
    assert len(path.read_text("utf-8").splitlines()) <= 400
    long = [(node.name, lines) for node, lines in _sizes(path) if lines > 60]
    assert not long


@pytest.mark.parametrize("path", [*sorted(CLI_DIR.glob("*.py")), *OWN_JOBS], ids=lambda p: p.name)
def test_no_imports_inside_functions(path):
    """All imports at the top; the lazy loading of commands uses importlib."""
    inner = [f"{node.name}:{inner.lineno}" for node, _ in _sizes(path) for inner in ast.walk(node)
             if isinstance(inner, (ast.Import, ast.ImportFrom))]
    assert not inner


def test_extract_fetches_through_the_crawls_downloader_only():
    """No second HTTP client in the CLI: ``extract URL`` uses crawler.fetch (the SSRF guard's
    resolver and middlewares, tested on their decisions in test_extract_fetch.py)."""
    imported = {alias.name if isinstance(node, ast.Import) else node.module
                for path in CLI_DIR.glob("*.py") for node in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    assert not {name for name in imported if name and name.split(".")[0] in ("urllib", "http", "requests", "httpx")}
    assert "wellness_archiver.crawler.fetch" in imported
