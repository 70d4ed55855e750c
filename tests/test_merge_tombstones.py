"""merge honours tombstones: a shard's forgotten post never reaches OUT, whichever side holds the tombstone.

A real crawl of the Ghost fixture site is the shard; the post's text is looked
for in OUT's bytes (and its -wal), not only through SQL.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.merge import merge
from wellness_archiver.archive.tombstones import forget
from wellness_archiver.cli import cli

PHRASE = "a deeply learned belief that needing help is a form of failure"
POST_TITLE = "Why Men Don't Ask for Help (and How to Start)"


def file_bytes(path: Path) -> bytes:
    wal = Path(str(path) + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def rows(path: Path, sql: str, args=()) -> list:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, list(args)).fetchall()
    finally:
        conn.close()


def dump(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' "
                                             "and name not like 'articles_fts%' and name not like 'sqlite_%'")]
        return {t: sorted(map(repr, conn.execute(f"select * from [{t}]"))) for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def shard(demo_archives):
    path = demo_archives["ghost"].path
    (post_url,) = [r[0] for r in rows(path, "select url from articles where title = ?", [POST_TITLE])]
    assert PHRASE.encode() in file_bytes(path)  # the byte search can find it
    return path, post_url


def check_forgotten(out: Path, post_url: str, reason: str) -> None:
    assert rows(out, "select count(*) from articles where url = ?", [post_url]) == [(0,)]
    assert rows(out, "select count(*) from captures where url = ?", [post_url]) == [(0,)]
    assert rows(out, "select count(*) from article_versions where url = ?", [post_url]) == [(0,)]
    assert rows(out, "select count(*) from articles_fts where articles_fts match ?", ['"learned belief"']) == [(0,)]
    assert rows(out, "select page_type, error, capture_id from pages where url = ?", [post_url]) == [
        ("blocked", f"forgotten on request: {reason}", None)]
    assert PHRASE.encode() not in file_bytes(out)
    # The rest of the blog did come through.
    assert rows(out, "select count(*) from articles")[0][0] >= 5


def test_out_tombstone_keeps_a_shard_post_out(shard, tmp_path):
    shard_path, post_url = shard
    out = tmp_path / "out.db"
    archive = Archive(out)
    try:
        forget(archive.db, urls=[post_url], reason="author's request")
    finally:
        archive.close()
    result = CliRunner().invoke(cli, ["merge", str(out), str(shard_path)])
    assert result.exit_code == 0, result.output
    assert "pages recorded as refusals" in result.output and "1 pages recorded" in result.output
    check_forgotten(out, post_url, "author's request")
    before = dump(out)
    counts = merge(out, [shard_path])  # again: nothing changes, still refused
    assert dump(out) == before and counts["forgotten"] >= 2
    check_forgotten(out, post_url, "author's request")


def test_shard_tombstone_joins_out_and_forgets_there_too(shard, tmp_path):
    shard_path, post_url = shard
    # OUT already holds the post (an earlier merge); a second shard carries its tombstone.
    out = tmp_path / "out.db"
    assert merge(out, [shard_path])["articles"] >= 5
    assert PHRASE.encode() in file_bytes(out)
    forgetting = tmp_path / "forgetting.db"
    shutil.copy(shard_path, forgetting)
    archive = Archive(forgetting)
    try:
        forget(archive.db, urls=[post_url], reason="takedown 42")
        created = archive.db.execute("select created_at from tombstones").fetchone()[0]
    finally:
        archive.close()

    counts = merge(out, [shard_path, forgetting])
    assert counts["tombstones"] == 1 and counts["purged"] == 1 and counts["refused"] >= 1
    assert rows(out, "select kind, reason, created_at from tombstones") == [("url", "takedown 42", created)]
    check_forgotten(out, post_url, "takedown 42")
    before = dump(out)
    merge(out, [shard_path, forgetting])
    assert dump(out) == before
    check_forgotten(out, post_url, "takedown 42")


def test_unfinished_runs_frontier_rows_of_a_forgotten_url_are_not_copied(shard, tmp_path):
    shard_path, post_url = shard
    unfinished = tmp_path / "unfinished.db"
    shutil.copy(shard_path, unfinished)
    conn = sqlite3.connect(unfinished)
    with conn:  # an interrupted run whose queue still holds the post and another page
        conn.execute("update crawl_runs set status = 'interrupted'")
        run = conn.execute("select max(id) from crawl_runs").fetchone()[0]
        conn.executemany("insert or replace into frontier (crawl_run, url, kind, depth, state) "
                         "values (?, ?, 'page', 1, 'pending')", [(run, post_url), (run, post_url + "other/")])
    conn.close()
    out = tmp_path / "out.db"
    archive = Archive(out)
    try:
        forget(archive.db, urls=[post_url], reason="author's request")
    finally:
        archive.close()
    merge(out, [unfinished])
    assert rows(out, "select url from frontier where url like ?", [post_url + "%"]) == [(post_url + "other/",)]
    check_forgotten(out, post_url, "author's request")


def test_site_tombstone_in_a_shard_refuses_the_whole_site(demo_sites, shard, tmp_path):
    shard_path, _ = shard
    host = demo_sites.urls["ghost"].split("://")[1]
    stones = tmp_path / "stones.db"
    archive = Archive(stones)
    try:
        forget(archive.db, sites=[host], reason="site owner asked")
    finally:
        archive.close()
    out = tmp_path / "out.db"
    counts = merge(out, [shard_path, stones])
    assert counts.get("articles", 0) == 0 and counts["refused"] >= 5
    assert rows(out, "select count(*) from articles") == [(0,)]
    assert rows(out, "select count(*) from captures") == [(0,)]
    assert rows(out, "select count(*) from sites where host = ?", [host]) == [(0,)]
    assert rows(out, "select count(*) from pages where page_type != 'blocked' or error != ?",
                ["forgotten on request: site owner asked"]) == [(0,)]
    assert PHRASE.encode() not in file_bytes(out)
