"""Export format by OUT's extension, manifests named after their output (so
exports share a folder), --json summaries, and progress drawn only on a
terminal (export, import-warc, dedup)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import pty
import select
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.export import EXTENSIONS
from wellness_archiver.cli import cli


@pytest.fixture(scope="module")
def crawled(demo_archives):
    db_path = demo_archives["wordpress"].path
    archive = Archive(db_path, create=False)
    articles = {a["url"]: a["text"] for a in archive.articles()}
    captures = archive.db.execute("select count(*) from captures where body is not null").fetchone()[0]
    archive.close()
    assert len(articles) >= 5 and captures >= len(articles)
    return db_path, articles, captures


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def read_back(path) -> dict[str, str] | int:
    """url -> text of an article export; the number of response records of a WARC."""
    name = path.name
    if ".warc" in name:
        with open(path, "rb") as f:
            return sum(r.rec_type == "response" for r in ArchiveIterator(f))
    if name.endswith(".parquet"):
        return {r["url"]: r["text"] for r in pq.read_table(path).to_pylist()}
    raw = path.read_bytes()
    if name.endswith(".gz"):
        assert raw[:2] == b"\x1f\x8b"
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8")
    if ".jsonl" in name:
        return {row["url"]: row["text"] for row in map(json.loads, text.splitlines())}
    if ".csv" in name:
        return {row["url"]: row["text"] for row in csv.DictReader(io.StringIO(text, newline=""))}
    docs = [doc.rstrip("\n").split("\n", 3) for doc in text.split("\n\f\n")]
    return {url: body for _, url, _, body in docs}


def test_every_format_by_extension_in_one_folder(crawled, tmp_path):
    db_path, articles, captures = crawled
    expected_format = {".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".parquet": "parquet", ".csv": "csv",
                       ".csv.gz": "csv", ".txt": "txt", ".txt.gz": "txt", ".warc": "warc", ".warc.gz": "warc"}
    assert EXTENSIONS == expected_format
    first_manifest = None
    for ext, fmt in expected_format.items():
        out = tmp_path / f"corpus{ext}"
        result = run("export", db_path, out)  # no --format
        assert result.exit_code == 0, result.output
        manifest_path = tmp_path / f"corpus{ext}.manifest.json"
        assert f"Manifest:  {manifest_path}" in result.output
        manifest = json.loads(manifest_path.read_text())
        assert manifest["format"] == fmt and manifest["compression"] == ("gzip" if ext.endswith(".gz") else None)
        (file,) = manifest["files"]
        assert file["path"] == out.name and file["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
        assert read_back(out) == (captures if fmt == "warc" else articles)
        if first_manifest is None:
            first_manifest = (manifest_path, manifest_path.read_bytes())
    # Eighteen files side by side, none overwritten by a later export.
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"corpus{e}" for e in expected_format] + [f"corpus{e}.manifest.json" for e in expected_format])
    assert first_manifest[0].read_bytes() == first_manifest[1]
    assert not (tmp_path / "manifest.json").exists()


def test_gzip_exports_are_reproducible(crawled, tmp_path):
    db_path, _, _ = crawled
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    assert run("export", db_path, a).exit_code == 0 and run("export", db_path, b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()  # no timestamp in the gzip header


def test_unknown_extension_is_a_clear_error_and_format_overrides(crawled, tmp_path):
    db_path, articles, _ = crawled
    for name in ("corpus.json", "corpus", "corpus.parquet.zip", ".jsonl"):
        result = run("export", db_path, tmp_path / name)
        assert result.exit_code == 1, result.output
        assert f"cannot tell the export format from {name!r}" in result.output and "--format" in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
    assert "cannot tell the export format" in run("export", db_path, tmp_path / "corpus.parquet.gz").output
    parquet_gz = run("export", db_path, tmp_path / "corpus.parquet.gz", "--format", "parquet")
    assert parquet_gz.exit_code == 1 and "Parquet is compressed already" in parquet_gz.output
    assert list(tmp_path.iterdir()) == []
    # --format wins over the extension.
    out = tmp_path / "corpus.data"
    assert run("export", db_path, out, "--format", "jsonl").exit_code == 0
    assert len(out.read_text().splitlines()) == len(articles)
    assert json.loads((tmp_path / "corpus.data.manifest.json").read_text())["format"] == "jsonl"


def test_json_summaries_of_export_and_import_warc(crawled, tmp_path):
    db_path, articles, captures = crawled
    out = tmp_path / "corpus.jsonl.gz"
    result = run("export", db_path, out, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["out"] == str(out) and summary["manifest"] == str(tmp_path / "corpus.jsonl.gz.manifest.json")
    assert summary["format"] == "jsonl" and summary["compression"] == "gzip"
    assert summary["articles"] == len(articles) and summary["bytes"] == out.stat().st_size
    assert summary["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()

    warc = tmp_path / "captures.warc.gz"
    assert json.loads(run("export", db_path, warc, "--json").output)["captures"] == captures
    fresh = tmp_path / "fresh.db"
    result = run("import-warc", fresh, warc, "-j", "1", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["files"] == [str(warc)] and summary["responses"] == captures
    assert summary["articles"] == len(articles) and summary["errors"] == 0 and summary["run_id"] == 1
    assert summary["duplicates"] == 0


def run_on_terminal(cmd: list[str]) -> tuple[int, str, str]:
    """Run cmd with stderr on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        assert ready, "no output and no end within 120 s"
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    out = proc.stdout.read().decode()
    return proc.wait(timeout=60), out, seen.decode("utf-8", "replace")


def test_progress_on_a_terminal_only(crawled, tmp_path):
    db_path, articles, captures = crawled
    warc = tmp_path / "captures.warc"
    base = [sys.executable, "-m", "wellness_archiver"]
    commands = [
        (["export", str(db_path), str(tmp_path / "corpus.csv")], "exporting csv"),
        (["export", str(db_path), str(warc)], "exporting warc"),
        (["import-warc", str(tmp_path / "fresh.db"), str(warc), "-j", "1"], "importing"),
        (["dedup", str(tmp_path / "fresh.db")], "hashing articles"),
    ]
    for args, label in commands:
        code, out, terminal = run_on_terminal(base + args)
        assert code == 0, out + terminal
        assert label in terminal, terminal  # the progress bar was drawn on the terminal
        assert label not in out  # never on stdout
    # The same commands with stderr not a terminal (in-process, output captured): not a byte of progress.
    for args, label in commands:
        args = [a.replace("corpus.csv", "again.csv").replace("captures.warc", "again.warc")
                .replace("fresh.db", "fresh2.db") for a in args]
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.stderr == "" and label not in result.stdout
