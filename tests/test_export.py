"""Exports: read back what was written (JSON lines, Parquet, CSV, text), the
manifest, the filters, and no overwriting without --force."""

from __future__ import annotations

import csv
import hashlib
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import cli


@pytest.fixture(scope="module")
def crawled(demo_archives, tmp_path_factory):
    """A copy of two blogs crawled in one run (test_forget and test_warc use the same crawl):
    ``export --no-duplicates`` writes the archive's duplicate clusters."""
    db_path = demo_archives.copy(("ghost", "wix"), tmp_path_factory.mktemp("export") / "archive.db")
    archive = Archive(db_path, create=False)
    articles = {a["url"]: a for a in archive.articles()}
    archive.close()
    assert len(articles) == 18
    return db_path, articles


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def check_manifest(out, n, fmt):
    manifest = json.loads((out.parent / f"{out.name}.manifest.json").read_text())
    assert manifest["format"] == fmt
    assert manifest["counts"]["articles"] == n
    assert sum(manifest["counts"]["by_site"].values()) == n
    assert sum(manifest["counts"]["by_year"].values()) == n
    (file,) = manifest["files"]
    assert file["path"] == out.name and file["articles"] == n
    assert file["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["crawl_runs"][0]["kind"] == "crawl" and manifest["crawl_runs"][0]["started_at"]
    assert "scrapy" in manifest["versions"] and manifest["extractors"]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp files left
    return manifest


def test_jsonl_round_trip(crawled, tmp_path):
    db_path, articles = crawled
    out = tmp_path / "corpus.jsonl"
    result = run("export", db_path, out)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["url"]: r["text"] for r in rows} == {u: a["text"] for u, a in articles.items()}
    assert all(isinstance(r["tags"], list) for r in rows)
    assert rows[0]["tags"] == articles[rows[0]["url"]]["tags"]
    # the selector's choice is stored by the crawl and exported (issue 12)
    assert {r["extractor_candidate"] for r in rows} == {"platform"}
    assert {a["extractor_candidate"] for a in articles.values()} == {"platform"}
    check_manifest(out, 18, "jsonl")


def test_parquet_round_trip(crawled, tmp_path, monkeypatch):
    from wellness_archiver.archive import export as export_module

    monkeypatch.setattr(export_module, "PARQUET_BATCH", 5)  # several row groups
    db_path, articles = crawled
    out = tmp_path / "corpus.parquet"
    assert run("export", db_path, out, "--format", "parquet").exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 18
    assert pq.ParquetFile(out).num_row_groups == 4
    rows = table.to_pylist()
    assert {r["url"]: r["text"] for r in rows} == {u: a["text"] for u, a in articles.items()}
    assert {r["url"]: r["tags"] for r in rows} == {u: a["tags"] for u, a in articles.items()}
    check_manifest(out, 18, "parquet")


def test_csv_and_txt(crawled, tmp_path):
    db_path, articles = crawled
    out = tmp_path / "corpus.csv"
    assert run("export", db_path, out, "--format", "csv").exit_code == 0
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["url"]: r["text"] for r in rows} == {u: a["text"] for u, a in articles.items()}
    assert json.loads(rows[0]["tags"]) == articles[rows[0]["url"]]["tags"]
    txt = tmp_path / "t" / "corpus.txt"
    txt.parent.mkdir()
    assert run("export", db_path, txt, "--format", "txt").exit_code == 0
    docs = txt.read_text().split("\n\f\n")
    assert len(docs) == 18
    title, url, blank, *text = docs[0].rstrip("\n").split("\n")
    assert articles[url]["title"] == title and "\n".join(text) == articles[url]["text"]


def test_filters(crawled, tmp_path, demo_sites):
    db_path, articles = crawled
    host = demo_sites.urls["ghost"].split("//")[1]
    out = tmp_path / "ghost.jsonl"
    result = run("export", db_path, out, "--site", host, "--min-words", "50", "--platform", "ghost")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    expected = [a for a in articles.values() if a["host"] == host and a["word_count"] >= 50]
    assert len(rows) == len(expected) > 0
    manifest = json.loads((tmp_path / "ghost.jsonl.manifest.json").read_text())
    assert manifest["filters"] == {"sites": [host], "min_words": 50, "platforms": ["ghost"]}

    dates = sorted(a["published"][:10] for a in articles.values() if a["published"])
    since, until = dates[3], dates[-4]
    out = tmp_path / "dated.jsonl"
    assert run("export", db_path, out, "--since", since, "--until", until, "--force").exit_code == 0
    got = [json.loads(line)["published"][:10] for line in out.read_text().splitlines()]
    assert got and all(since <= d <= until for d in got)
    assert len(got) == sum(since <= d <= until for d in dates)

    langs = {a["language"] for a in articles.values() if a["language"]}
    if langs:
        lang = sorted(langs)[0]
        out = tmp_path / "lang.jsonl"
        assert run("export", db_path, out, "--lang", lang, "--force").exit_code == 0
        assert len(out.read_text().splitlines()) == sum(a["language"] == lang for a in articles.values())

    out = tmp_path / "unique.jsonl"
    assert run("export", db_path, out, "--no-duplicates", "--force").exit_code == 0
    hashes = [json.loads(line)["content_hash"] for line in out.read_text().splitlines()]
    assert len(hashes) == len(set(hashes)) == len({a["content_hash"] for a in articles.values()})


def test_refuses_existing_output_and_bad_input(crawled, tmp_path):
    db_path, _ = crawled
    out = tmp_path / "corpus.jsonl"
    out.write_text("precious\n")
    result = run("export", db_path, out)
    assert result.exit_code == 1
    assert f"{out} already exists" in result.output and "--force" in result.output
    assert out.read_text() == "precious\n" and not (tmp_path / "corpus.jsonl.manifest.json").exists()
    assert run("export", db_path, out, "--force").exit_code == 0
    assert out.read_text() != "precious\n"

    bad_date = run("export", db_path, tmp_path / "x.jsonl", "--since", "last week")
    assert bad_date.exit_code == 1 and "is not a date" in bad_date.output
    warc_filter = run("export", db_path, tmp_path / "x.warc.gz", "--format", "warc", "--lang", "en")
    assert warc_filter.exit_code == 1 and "cannot apply to --format warc" in warc_filter.output
    missing = run("export", tmp_path / "nope.db", tmp_path / "x.jsonl")
    assert missing.exit_code == 2 and "does not exist" in missing.output
    no_dir = run("export", db_path, tmp_path / "no" / "such" / "x.jsonl")
    assert no_dir.exit_code == 1 and "does not exist: create it first" in no_dir.output
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "x.warc.gz").exists()


@pytest.mark.parametrize("fmt, loader", [("jsonl", "json"), ("parquet", "parquet")])
def test_hugging_face_datasets_loads_the_export_unchanged(crawled, tmp_path, monkeypatch, fmt, loader):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # local files only: never the hub
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    db_path, articles = crawled
    out = tmp_path / f"corpus.{fmt}"
    assert run("export", db_path, out, "--format", fmt).exit_code == 0
    ds = datasets.load_dataset(loader, data_files=str(out), split="train", cache_dir=str(tmp_path / "hf"))
    assert ds.num_rows == len(articles)
    rows = {row["url"]: row for row in ds}
    assert {url: row["text"] for url, row in rows.items()} == {u: a["text"] for u, a in articles.items()}
    assert {url: row["title"] for url, row in rows.items()} == {u: a["title"] for u, a in articles.items()}
