"""Crawl-side safety: one writer at a time, --resume RUN_ID, credentials, odd input, killed exports.

Real crawls in subprocesses against servers on 127.0.0.1.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawling import NO_DELAY, popen, wa, wa_cmd
from faultserver import FaultServer, html, post_html

from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import cli
from wellness_archiver.demo_site.server import DemoSites

LONG_LINK = "/x?q=" + "a" * 10_000


def query(db, sql, args=()):
    if not Path(db).exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def invoke(*args):
    """``wellness-archiver ARGS`` run in this process (CliRunner): for the commands that
    never crawl, when what matters is only that another process than the writer runs them."""
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def small_blog():
    home = ("<html><head><title>Blog</title></head><body><a href='/post/'>A post</a>"
            f"<a href='{LONG_LINK}'>endless</a></body></html>")
    return {"/": lambda h: html(home), "/post/": lambda h: html(post_html("A quiet post")),
            "/robots.txt": lambda h: html("User-agent: *\nAllow: /\n", content_type="text/plain")}


# -- finding 9: credentials in a seed; finding 10: a 10,000-character link -----


def test_seed_credentials_are_never_stored_and_long_links_are_recorded(tmp_path):
    db = tmp_path / "a.db"
    with FaultServer(routes=small_blog(), crawl_delay=None) as server:
        seed = f"http://someone:s3cr3t-pw@127.0.0.1:{server.port}/"
        proc = wa("crawl", seed, "--db", db, "--allow-private", *NO_DELAY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "credentials removed from http://127.0.0.1:" in proc.stderr
    assert query(db, "select count(*) from articles") == [(1,)]
    for path in Path(tmp_path).iterdir():  # the archive and anything beside it
        assert b"s3cr3t" not in path.read_bytes() and b"someone" not in path.read_bytes(), path.name
    [(url, page_type, error)] = query(db, "select url, page_type, error from pages where url like '%/x?q=%'")
    assert len(url) > 10_000 and page_type == "blocked"
    assert error == f"URL too long ({len(url):,} characters, over URLLENGTH_LIMIT 2,083)"


def test_links_and_seeds_lose_their_credentials():
    from wellness_archiver.urls import normalise_seed
    from wellness_archiver.urls import clean_url

    assert clean_url("http://u:p@ss@b.example/x?utm_source=y") == "http://b.example/x"
    assert normalise_seed("https://u:pw@b.example") == "https://b.example/"
    assert normalise_seed("b.example:8080") == "https://b.example:8080/"


# -- finding 10: one-line errors -------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["crawl", "--resume", "--db", "{tmp}/missing.db"], "No archive at"),
    (["crawl", "http://127.0.0.1:9/", "--db", "{tmp}/a.db", "-s", "DOWNLOAD_DELAY=abc"],
     "-s DOWNLOAD_DELAY=abc: not a number"),
    (["crawl", "http://127.0.0.1:9/", "--db", "{tmp}/a.db", "-s", "ROBOTSTXT_OBEY=maybe"],
     "-s ROBOTSTXT_OBEY=maybe: not a true/false"),
    (["crawl", "http://127.0.0.1:99999/", "--db", "{tmp}/a.db"], "the port must be 0-65535"),
    (["crawl", "javascript:alert(1)", "--db", "{tmp}/a.db"], "not an http(s) URL: 'javascript:alert(1)'"),
    (["crawl", "http://u:pw@127.0.0.1:99999/", "--db", "{tmp}/a.db"], "'http://127.0.0.1:99999/'"),
    (["export", "{db}", "{tmp}/o.jsonl", "--since", "2023-13-45"], "--since '2023-13-45' is not a date"),
    (["export", "{db}", "{tmp}/o.jsonl", "--until", "2023-02-30"], "--until '2023-02-30' is not a date"),
    (["crawl", "--resume", "9", "--db", "{db}"], "has no crawl run 9"),
])
def test_bad_input_is_one_line_not_a_traceback(tmp_path, args, message):
    db = tmp_path / "x.db"
    Archive(db).close()
    args = [a.replace("{tmp}", str(tmp_path)).replace("{db}", str(db)) for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "o.jsonl").exists()
    assert "pw" not in result.output


def test_a_real_date_filter_still_works(tmp_path):
    db = tmp_path / "x.db"
    Archive(db).close()
    result = CliRunner().invoke(cli, ["export", str(db), str(tmp_path / "o.jsonl"), "--since", "2024-02-29"])
    assert result.exit_code == 0, result.output


# -- finding 7: --resume picks the latest unfinished run, or RUN_ID --------------


def test_resume_continues_the_latest_unfinished_run_not_the_latest_run(tmp_path):
    db = tmp_path / "a.db"
    with FaultServer(routes=small_blog(), crawl_delay=None) as server:
        archive = Archive(db)
        arguments = {"allow_private": True, "set": {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}}
        killed = archive.start_run([server.url("/")], arguments, {})  # as left by kill -9: still 'running'
        with archive.transaction():
            archive.frontier_update(killed, [{"url": server.url("/"), "depth": 0}], [])
        later = archive.start_run(["http://other.example/"], {}, {})
        archive.finish_run(later, "finished")
        archive.close()
        assert query(db, "select id, status from crawl_runs") == [(killed, "running"), (later, "finished")]
        stats = json.loads(wa("stats", db, "--json").stdout)
        assert stats["unfinished_run"]["id"] == killed
        proc = wa("crawl", "--resume", "--db", db)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f"Resuming crawl run {killed} of 1 site(s)" in proc.stdout
        assert query(db, "select status, resumed from crawl_runs where id = ?", [killed]) == [("finished", 1)]
        assert query(db, "select count(*) from articles where crawl_run = ?", [killed]) == [(1,)]
        # Nothing left to resume: the command says so before it would start a crawl (so in this process).
        done = invoke("crawl", "--resume", later, "--db", db)
        assert done.exit_code == 0 and f"Nothing to resume: crawl run {later} finished" in done.stdout, done.output
        done = invoke("crawl", "--resume", "--db", db)
        assert done.exit_code == 0 and f"Nothing to resume: crawl run {later} finished" in done.stdout, done.output


# -- finding 7: one writer for the whole crawl -----------------------------------


def slow_blog(posts: int = 80, seconds: float = 0.5):
    """A blog whose posts each take ``seconds``: a crawl of posts x seconds."""
    home = "<html><body>" + "".join(f"<a href='/post/{i}/'>post {i}</a>" for i in range(posts)) + "</body></html>"

    def post(handler):
        time.sleep(seconds)
        return html(post_html(f"Slow post {handler.path}"))

    routes = {"/": lambda h: html(home),
              "/robots.txt": lambda h: html("User-agent: *\nAllow: /\n", content_type="text/plain")}
    return routes, {"/post/": post}


def test_a_second_writer_is_refused_while_a_crawl_runs(tmp_path):
    db = tmp_path / "a.db"
    routes, prefixes = slow_blog(posts=400, seconds=1.0)  # minutes of crawl; killed once checked
    with FaultServer(routes=routes, prefixes=prefixes, crawl_delay=None) as server:
        first = popen(
            wa_cmd("crawl", server.url("/"), "--db", db, "--allow-private", *NO_DELAY, "-s", "ARCHIVE_FLUSH_SECONDS=0.2",
                   "-s", "ARCHIVE_BATCH_SIZE=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while (query(db, "select count(*) from pages") or [(0,)])[0][0] < 2 and time.monotonic() < deadline:
                assert first.poll() is None
                time.sleep(0.05)
            # Between the first crawl's batches SQLite's own lock is free: only the writer lock stops these.
            second = wa("crawl", server.url("/"), "--allow-private", "-s", "WELLNESS_LOCK_WAIT=0.5", "--db", db,
                        timeout=120)
            assert second.returncode == 1, (second.stdout, second.stderr)
            assert "is locked by another process" in second.stderr and "Traceback" not in second.stderr
            for cmd in (["dedup", db], ["reextract", db]):  # run in this process: another one than the crawl's
                refused = invoke(*cmd)
                assert refused.exit_code == 1, (cmd, refused.output)
                assert "is locked by another process" in refused.stderr and isinstance(refused.exception, SystemExit)
            assert first.poll() is None, "the first crawl ended while the others tried: test inconclusive"
            assert query(db, "select count(*) from crawl_runs") == [(1,)]
        finally:
            first.send_signal(signal.SIGKILL)  # the kernel drops its lock with it
            first.wait(timeout=30)
    assert invoke("dedup", db).exit_code == 0  # free again
    assert not Path(f"{db}.lock").exists()  # and removed by the writer that held it last


def test_a_killed_writer_leaves_no_lock_behind(tmp_path):
    db = tmp_path / "a.db"
    Archive(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from wellness_archiver.archive.db import Archive; "
         f"a = Archive({str(db)!r}); print('holding', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert "is locked by another process" in invoke("dedup", db).stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert invoke("dedup", db).exit_code == 0


# -- finding 10: no .part files left by a killed export ---------------------------


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_exports_temporary_file_does_not_stay(tmp_path, sig):
    db = tmp_path / "a.db"
    Archive(db).close()
    out = tmp_path / "corpus.jsonl"
    writer = subprocess.Popen(
        [sys.executable, "-c", "import time; from pathlib import Path; "
         "from wellness_archiver.archive.export import atomic_path\n"
         f"with atomic_path(Path({str(out)!r})) as tmp:\n"
         "    tmp.write_text('half an export'); print('writing', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    parts = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert len(parts) == 1 and parts[0].name.startswith(".corpus.jsonl.")
    writer.send_signal(sig)
    writer.wait(timeout=30)
    if sig == signal.SIGTERM:  # unwinds: removed at once
        assert not parts[0].exists()
        return
    assert parts[0].exists()  # SIGKILL: nothing can run, so the next export to OUT removes it
    result = CliRunner().invoke(cli, ["export", str(db), str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")) == [
        "corpus.jsonl", "corpus.jsonl.manifest.json"]
