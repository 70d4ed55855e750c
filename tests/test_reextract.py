"""Re-extraction from stored captures: no HTTP request, old versions kept, history diff."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from wellness_archiver.analysis.quality import COLUMNS, assess
from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import cli

MARK = "Re-extracted with the changed option."


def changed_extract(body, url):
    """The built-in extractor with one changed option: a closing line appended.

    Runs in the re-extraction worker processes (imported by name).
    """
    from wellness_archiver.extraction import extract_with_reason

    article, reason = extract_with_reason(body, url)
    if article is not None:
        article.text = f"{article.text}\n{MARK}"
    return article, reason


@pytest.fixture
def crawled(demo_archives, tmp_path):
    """A private copy of the crawled ghost blog: re-extraction writes to it."""
    return demo_archives.copy("ghost", tmp_path / "archive.db")


def texts(db_path):
    archive = Archive(db_path, create=False)
    try:
        return {a["url"]: a for a in archive.articles()}
    finally:
        archive.close()


def test_reextract_changed_extractor_without_network(crawled, demo_sites):
    # analysed first: the quality fields of the old texts are filled
    assert CliRunner().invoke(cli, ["dedup", str(crawled)], catch_exceptions=False).exit_code == 0
    before = texts(crawled)
    assert len(before) == 9
    requests_before = {key: len(log) for key, log in demo_sites.requests.items()}
    result = CliRunner().invoke(
        cli, ["reextract", str(crawled), "--extractor", f"{__name__}:changed_extract", "--workers", "2"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert {key: len(log) for key, log in demo_sites.requests.items()} == requests_before  # no HTTP
    assert "changed (old version kept)" in result.output
    after = texts(crawled)
    assert set(after) == set(before)
    for url, article in after.items():
        assert article["text"] == f"{before[url]['text']}\n{MARK}"
        assert article["extractor"] == f"{__name__}:changed_extract"
        assert article["first_seen"] == before[url]["first_seen"]
        assert article["last_seen"] == before[url]["last_seen"]  # nothing was fetched
        assert article["capture_id"] == before[url]["capture_id"]
        # the quality fields are the new text's, not the old one's
        assert {k: article[k] for k in COLUMNS} == assess(article["text"], article["markdown"], article["word_count"])
    archive = Archive(crawled, create=False)
    versions = list(archive.db["article_versions"].rows)
    runs = archive.db.execute("select id, kind, status from crawl_runs order by id").fetchall()
    archive.close()
    assert runs == [(1, "crawl", "finished"), (2, "reextract", "finished")]
    assert len(versions) == 9
    for version in versions:
        assert version["text"] == before[version["url"]]["text"]
        assert version["crawl_run"] == 1 and version["replaced_by_run"] == 2

    url = sorted(after)[0]
    shown = CliRunner().invoke(cli, ["history", str(crawled), url], catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    assert "2 versions" in shown.output
    assert f"+{MARK}" in shown.output
    assert "--- version 1" in shown.output and "+++ version 2 (current)" in shown.output

    # Running the built-in extractor again restores the text: a second version is kept.
    again = CliRunner().invoke(cli, ["reextract", str(crawled)], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert {u: a["text"] for u, a in texts(crawled).items()} == {u: a["text"] for u, a in before.items()}
    shown = CliRunner().invoke(cli, ["history", str(crawled), url], catch_exceptions=False)
    assert "3 versions" in shown.output and f"-{MARK}" in shown.output


def test_reextract_unchanged_and_site_filter(crawled, demo_sites):
    host = demo_sites.urls["ghost"].split("//")[1]
    result = CliRunner().invoke(cli, ["reextract", str(crawled), "--site", host], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "captures re-extracted" in result.output
    archive = Archive(crawled, create=False)
    assert archive.db["article_versions"].count == 0  # same extractor, same text
    archive.close()
    other = CliRunner().invoke(cli, ["reextract", str(crawled), "--site", "nowhere.example"])
    assert other.exit_code == 1 and "No stored captures of posts for site nowhere.example" in other.output


def test_reextract_and_history_errors(crawled, tmp_path):
    bad = CliRunner().invoke(cli, ["reextract", str(crawled), "--extractor", "no_such_module:fn"])
    assert bad.exit_code == 1 and "cannot load extractor" in bad.output and "Traceback" not in bad.output
    missing = CliRunner().invoke(cli, ["history", str(crawled), "http://nowhere.example/post/"])
    assert missing.exit_code == 1 and "No article with URL http://nowhere.example/post/" in missing.output
    url = sorted(texts(crawled))[0]
    one = CliRunner().invoke(cli, ["history", str(crawled), url])
    assert one.exit_code == 0 and "one version only" in one.output


def test_preload_loads_the_language_model_and_datasketch():
    """The background load that reextract starts with its workers: in a fresh
    interpreter, py3langid's model and datasketch are there once it ends, and
    a detection made meanwhile waits for the one model rather than loading a second."""
    code = ("import sys\nfrom wellness_archiver.jobs import analyse\nfrom wellness_archiver.analysis import quality\n"
            "assert 'datasketch' not in sys.modules and quality._identifier is None\n"
            "thread = analyse.preload()\nlang = quality.detect_language('Breathing exercises help with anxiety.')\n"
            "loaded = quality._identifier\nthread.join()\n"
            "print(lang[0], 'datasketch' in sys.modules, quality._identifier is loaded)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["en", "True", "True"]
