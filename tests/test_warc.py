"""WARC: export the captures as WARC 1.1, read them back with warcio, import
them into a fresh archive; corrupt or truncated files are refused."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import cli


@pytest.fixture(scope="module")
def exported(demo_archives, tmp_path_factory):
    """Two blogs crawled in one run (the archive test_export and test_forget also read), exported."""
    db_path = demo_archives["ghost", "wix"].path
    out = tmp_path_factory.mktemp("warc") / "captures.warc.gz"
    result = CliRunner().invoke(cli, ["export", str(db_path), str(out), "--format", "warc"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db_path, out


def articles(db_path):
    archive = Archive(db_path, create=False)
    try:
        return {a["url"]: a for a in archive.articles()}, archive.db["captures"].count
    finally:
        archive.close()


def test_warcio_reads_every_record(exported):
    db_path, out = exported
    _, captures = articles(db_path)
    types = []
    with open(out, "rb") as f:
        for record in ArchiveIterator(f):
            assert record.rec_headers.protocol == "WARC/1.1"
            types.append(record.rec_type)
            if record.rec_type == "response":
                assert record.http_headers.get_statuscode() == "200"
                body = record.content_stream().read()
                assert b"<html" in body.lower()
                assert int(record.http_headers.get_header("Content-Length")) == len(body)
            if record.rec_type == "request":
                assert record.http_headers.protocol == "GET"
    assert types[0] == "warcinfo"
    assert types.count("response") == types.count("request") == captures
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(out)], capture_output=True, text=True)
    if "No module named" not in check.stderr:
        assert check.returncode == 0, check.stdout + check.stderr
    gzip.open(out).read()  # valid gzip (one member per record)


def test_round_trip_into_a_fresh_archive(exported, tmp_path):
    db_path, out = exported
    fresh = tmp_path / "fresh.db"
    result = CliRunner().invoke(cli, ["import-warc", str(fresh), str(out), "--workers", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    original, captures = articles(db_path)
    imported, imported_captures = articles(fresh)
    assert imported_captures == captures
    assert len(imported) == len(original) == 18
    assert {u: a["text"] for u, a in imported.items()} == {u: a["text"] for u, a in original.items()}
    assert {u: a["title"] for u, a in imported.items()} == {u: a["title"] for u, a in original.items()}
    archive = Archive(fresh, create=False)
    assert archive.db.execute("select kind, status from crawl_runs").fetchall() == [("import-warc", "finished")]
    archive.close()
    # importing again updates, never duplicates
    again = CliRunner().invoke(cli, ["import-warc", str(fresh), str(out)], catch_exceptions=False)
    assert again.exit_code == 0
    assert len(articles(fresh)[0]) == 18


def test_corrupt_and_truncated_warcs_import_nothing(exported, tmp_path):
    _, out = exported
    data = out.read_bytes()
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(data[: len(data) // 2])
    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(data[: len(data) // 3] + b"\x00" * 64 + data[len(data) // 3 + 64 :])
    plain = tmp_path / "plain-truncated.warc"
    plain.write_bytes(gzip.decompress(data)[:30000])
    # Cut inside a record's header block (warcio stops there without a word)
    # and inside its payload.
    whole = gzip.decompress(data)
    second = whole.index(b"WARC/1.1", 10)
    in_header = tmp_path / "cut-in-header.warc"
    in_header.write_bytes(whole[: second + 60])
    in_payload = tmp_path / "cut-in-payload.warc"
    in_payload.write_bytes(whole[: whole.index(b"\r\n\r\n", second) + 100])
    garbage = tmp_path / "garbage.warc"
    garbage.write_text("this is not a WARC file\n")
    for bad in (truncated, corrupt, plain, in_header, in_payload, garbage):
        db_path = tmp_path / f"{bad.stem}.db"
        result = CliRunner().invoke(cli, ["import-warc", str(db_path), str(out), str(bad)])
        assert result.exit_code == 1, (bad, result.output)
        assert f"{bad} is not a readable WARC/ARC file" in result.output, result.output
        assert "nothing was imported" in result.output
        assert "Traceback" not in result.output
        assert not db_path.exists()  # checked before the archive is created
    missing = CliRunner().invoke(cli, ["import-warc", str(tmp_path / "m.db"), str(tmp_path / "missing.warc")])
    assert missing.exit_code == 1 and "No WARC file at" in missing.output


@pytest.mark.skipif(shutil.which("wget") is None, reason="needs wget (apt-get install -y wget)")
def test_wget_warc_imports_and_dedup_collapses_url_variants(tmp_path):
    """A WARC made by ``wget --warc-file`` against the WordPress fixture blog:
    wget also fetches ?replytocom= and ?share= links, which import as extra
    articles; the dedup run by import-warc marks them duplicates of their
    post, so --no-duplicates exports exactly the blog's posts."""
    from wellness_archiver.demo_site.gold import gold_posts
    from wellness_archiver.demo_site.server import DemoSites

    with DemoSites(("wordpress",)) as sites:
        base = sites.urls["wordpress"]
        proc = subprocess.run(
            ["wget", "--warc-file=site", "--recursive", "--level=3", "--no-verbose", "--delete-after",
             "--no-directories", "--reject-regex", r"\.(jpe?g|png|gif|webp|svg|css|js)$", "-e", "robots=on",
             base + "/"],
            capture_output=True, text=True, timeout=120, cwd=tmp_path,
        )
    assert (tmp_path / "site.warc.gz").exists(), proc.stderr[-2000:]  # wget exits 8 for the fixture's 404s
    db_path = tmp_path / "wget.db"
    result = CliRunner().invoke(cli, ["import-warc", str(db_path), str(tmp_path / "site.warc.gz")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    gold = {g["url"]: g for g in gold_posts("wordpress", base)}
    got, _ = articles(db_path)
    assert set(gold) <= set(got) and len(got) > len(gold)  # comment/share permalinks too
    out = tmp_path / "posts.jsonl"
    assert CliRunner().invoke(cli, ["export", str(db_path), str(out), "--no-duplicates"]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["url"] for r in rows} == set(gold)
    assert all(r["title"] == gold[r["url"]]["title"] for r in rows)
