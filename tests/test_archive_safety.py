"""No command destroys an archive; read commands never write; only real archives are opened.

Real SQLite files throughout, the CLI invoked as a user would.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat

import pytest
from click.testing import CliRunner

from archives import OLD_ARCHIVE_URL, make_old_archive
from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import cli

URL = OLD_ARCHIVE_URL  # the post of both the current and the old archive


def make_archive(path):
    archive = Archive(path)
    run = archive.start_run(["http://b.example/"], {}, {})
    archive.save_batch(
        [{"url": URL, "page_type": "post", "status": 200}],
        [{"url": URL, "text": "Rest is a skill. " * 40, "title": "Rest", "platform": "ghost",
          "site_name": "B", "tags": [], "page_url": URL, "published": "2023-04-01"}],
        run,
    )
    archive.finish_run(run, "finished")
    archive.close()
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def archive_path(tmp_path):
    return make_archive(tmp_path / "a.db")


# -- finding 2: an output path that is the archive ----------------------------


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink", "wal", "shm", "manifest"])
@pytest.mark.parametrize("command", ["export", "datasheet"])
def test_no_output_path_may_overwrite_the_archive(tmp_path, monkeypatch, how, command):
    name = "corpus.jsonl.manifest.json" if how == "manifest" else "a.db"  # export's manifest: OUT.manifest.json
    db = make_archive(tmp_path / name)
    before = digest(db)
    monkeypatch.chdir(tmp_path)
    out = {"same": db, "relative": f"./sub/../{name}", "symlink": tmp_path / "link.jsonl",
           "hardlink": tmp_path / "hard.jsonl", "wal": f"{db}-wal", "shm": f"{db}-shm",
           "manifest": tmp_path / "corpus.jsonl"}[how]
    (tmp_path / "sub").mkdir()
    if how == "symlink":
        os.symlink(db, out)
    if how == "hardlink":
        os.link(db, out)
    if how == "manifest" and command == "datasheet":
        out = db  # datasheet writes no manifest: its own name again
    args = ["export", db, out, "--force"] if command == "export" else ["datasheet", db, "-o", out, "--force"]
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    assert "refusing to overwrite it, even with --force" in result.output
    assert "Traceback" not in result.output
    assert digest(db) == before
    assert Archive(db, readonly=True).db["articles"].count == 1


def test_exports_beside_the_archive_still_work(archive_path, tmp_path):
    result = invoke("export", archive_path, tmp_path / "corpus.jsonl")
    assert result.exit_code == 0, result.output
    result = invoke("datasheet", archive_path, "-o", tmp_path / "DATASHEET.md")
    assert result.exit_code == 0, result.output


# -- finding 9: read-only, not an archive, newer archive ----------------------


def test_read_commands_open_read_only_and_never_write(archive_path, tmp_path):
    before = digest(archive_path)
    folder = archive_path.parent
    os.chmod(archive_path, 0o444)
    os.chmod(folder, 0o555)  # as on a read-only mount: no -wal/-shm can be made (for non-root users)
    out = tmp_path.parent / f"{tmp_path.name}-out"
    out.mkdir()
    try:
        for args in (["stats", archive_path, "--json"], ["export", archive_path, out / "c.jsonl"],
                     ["history", archive_path, URL], ["datasheet", archive_path]):
            result = invoke(*args)
            assert result.exit_code == 0, (args, result.output)
        assert json.loads(invoke("stats", archive_path, "--json").output)["articles"] == 1
        # Read-only for real, whoever runs it (root ignores file modes): SQLite refuses writes.
        archive = Archive(archive_path, create=False, readonly=True)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            archive.db.execute("delete from articles")
        archive.close()
    finally:
        os.chmod(folder, 0o755)
        os.chmod(archive_path, 0o644)
    assert digest(archive_path) == before
    # SQLite may leave an empty -wal and its -shm index beside a WAL file it read: nothing written.
    assert {p.name for p in folder.iterdir()} <= {"a.db", "a.db-wal", "a.db-shm"}
    wal = folder / "a.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


READ_COMMANDS = [["stats"], ["export", "{out}"], ["history", "{db}", URL], ["datasheet"], ["serve", "--port", "0"]]


def _args(command, db, out):
    name, *rest = command
    rest = [db if a == "{db}" else out if a == "{out}" else a for a in rest]
    if name == "history":
        return [name, *rest]
    return [name, db, *rest]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=[c[0] for c in READ_COMMANDS])
def test_read_commands_refuse_an_unrelated_sqlite_file_and_leave_it_alone(tmp_path, command):
    other = tmp_path / "notes.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (id integer primary key, body text)")
    conn.execute("insert into notes (body) values ('mine')")
    conn.commit()
    conn.close()
    before = digest(other)
    result = invoke(*_args(command, other, tmp_path / "out.jsonl"))
    assert result.exit_code == 1, result.output
    assert "is not a wellness-archiver archive" in result.output and "Traceback" not in result.output
    assert digest(other) == before
    conn = sqlite3.connect(other)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert [n for (n,) in conn.execute("select name from sqlite_master where type = 'table'")] == ["notes"]
    conn.close()
    assert not (tmp_path / "out.jsonl").exists()


def test_writers_refuse_an_unrelated_sqlite_file_too(tmp_path):
    other = tmp_path / "notes.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (body text)")
    conn.close()
    before = digest(other)
    for args in (["dedup", other], ["reextract", other]):
        result = invoke(*args)
        assert result.exit_code == 1 and "is not a wellness-archiver archive" in result.output, result.output
    assert digest(other) == before


def test_an_empty_file_is_not_an_archive_for_readers(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = invoke("stats", empty)
    assert result.exit_code == 1 and "not a wellness-archiver archive (an empty SQLite file)" in result.output
    assert "give an archive made by 'wellness-archiver crawl', or a new file name" in result.output
    assert empty.stat().st_size == 0


def test_an_archive_from_a_newer_version_is_refused(archive_path):
    conn = sqlite3.connect(archive_path)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values ('wellness_archiver', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = digest(archive_path)
    for args in (["stats", archive_path], ["export", archive_path, archive_path.parent / "o.jsonl"],
                 ["dedup", archive_path], ["crawl", "http://127.0.0.1:9/", "--db", archive_path]):
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "made by a newer version of wellness-archiver (unknown migration m999_from_the_future): " \
            "upgrade wellness-archiver to open it" in result.output
    assert digest(archive_path) == before


def test_an_older_archive_is_read_without_migrating_and_says_so(archive_path):
    conn = sqlite3.connect(archive_path)
    conn.execute("delete from _sqlite_migrations where name = 'm005_frontier'")  # as if made before m005
    conn.commit()
    conn.close()
    before = digest(archive_path)
    result = invoke("stats", archive_path, "--json")
    assert result.exit_code == 0, result.output
    assert "pending migrations (m005_frontier)" in result.stderr
    assert json.loads(result.stdout)["articles"] == 1
    assert digest(archive_path) == before


def test_stats_reads_an_archive_from_before_the_frontier_without_migrating_it(archive_path):
    conn = sqlite3.connect(archive_path)
    conn.execute("drop table frontier")
    conn.execute("delete from _sqlite_migrations where name = 'm005_frontier'")
    conn.commit()
    conn.close()
    before = digest(archive_path)
    result = invoke("stats", archive_path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unfinished_run"] is None
    assert digest(archive_path) == before


def test_serve_opens_a_read_only_archive(archive_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    before = digest(archive_path)
    os.chmod(archive_path, 0o444)
    os.chmod(archive_path.parent, 0o555)
    proc = subprocess.Popen([sys.executable, "-m", "wellness_archiver", "serve", str(archive_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, rows = time.monotonic() + 60, None
        while rows is None and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/a/articles.json?_shape=array", timeout=5) as r:
                    rows = json.load(r)
            except OSError:
                time.sleep(0.2)
        assert rows is not None and [row["url"] for row in rows] == [URL]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        os.chmod(archive_path.parent, 0o755)
        os.chmod(archive_path, 0o644)
    assert digest(archive_path) == before


def test_the_datasheet_reads_an_archive_from_before_m007_and_m011_without_migrating_it(tmp_path):
    db = make_old_archive(tmp_path / "old.db", "m007_site_policy")  # no rendered, campaign, tombstones, robots_txt
    before = digest(db)
    result = invoke("datasheet", db)
    assert result.exit_code == 0, result.output
    assert "| articles | 1 |" in result.stdout
    assert "rendered in a headless browser" not in result.stdout  # no such column: the row is left out
    assert digest(db) == before
