"""Runs of the archive (crawls, re-extractions, WARC imports) and the
crawl frontier that lets a killed crawl resume: the ``crawl_runs`` and
``frontier`` tables. A mixin of :class:`~wellness_archiver.archive.db.Archive`."""

from __future__ import annotations

import json
import platform
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from wellness_archiver import __version__
from wellness_archiver.archive.errors import NoSuchRun
from wellness_archiver.archive.rows import utcnow

if TYPE_CHECKING:
    from sqlite_utils import Database


def tool_versions() -> dict:
    """The versions a run records (``crawl_runs.versions``). From package
    metadata: importing trafilatura or Scrapy here would load them into
    every command that starts a run."""
    return {
        "wellness_archiver": __version__,
        **{name: version(name) for name in ("scrapy", "trafilatura", "sqlite-utils", "lxml")},
        "python": platform.python_version(),
    }


class RunsMixin:
    db: Database
    path: Path

    def start_run(self, seeds: list[str], arguments: dict, versions: dict, kind: str = "crawl") -> int:
        """A new run: ``kind`` is crawl, reextract or import-warc."""
        table = self.db["crawl_runs"]
        table.insert(
            {
                "kind": kind,
                "started_at": utcnow(),
                "status": "running",
                "seeds": json.dumps(seeds),
                "arguments": json.dumps(arguments, default=str),
                "campaign": json.dumps(arguments["campaign"], default=str) if arguments.get("campaign") else None,
                "versions": json.dumps(versions),
                "pages_fetched": 0,
                "posts_stored": 0,
                "errors": 0,
            }
        )
        return table.last_pk

    def finish_run(self, run_id: int, status: str, counts: dict | None = None) -> None:
        """Close a run. Without ``counts`` (crawls), they are counted from the
        rows the run stored, so they stay right across kills and resumes. A
        finished crawl's frontier is spent and dropped."""
        if counts is None:
            counts = self._crawl_counts(run_id)
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, {"finished_at": utcnow(), "status": status, **counts})
            if status == "finished":
                self.db.execute("delete from frontier where crawl_run = ?", [run_id])

    def _crawl_counts(self, run_id: int) -> dict:
        fetched, errors = self.db.execute(
            "select count(*), count(error) from pages where crawl_run = ? and page_type != 'blocked'", [run_id]
        ).fetchone()
        posts = self.db.execute("select count(*) from articles where crawl_run = ?", [run_id]).fetchone()[0]
        return {"pages_fetched": fetched, "posts_stored": posts, "errors": errors}

    def add_limited(self, run_id: int, count: int) -> None:
        """URLs a crawl left unfetched because of --max-pages / --max-depth."""
        self.db.execute("update crawl_runs set limited = coalesce(limited, 0) + ? where id = ?", [count, run_id])
        self.db.conn.commit()

    def resumable_run(self, run_id: int | None = None) -> tuple[dict | None, dict | None]:
        """(the run --resume continues, or None when it finished; the run looked at).

        Without ``run_id``: the latest crawl run that did not finish (a newer
        finished crawl does not orphan a killed one), else the latest run."""
        if run_id is not None:
            run = next(self.db["crawl_runs"].rows_where("id = ? and kind = 'crawl'", [run_id]), None)
            if run is None:
                raise NoSuchRun(self.path, run_id)
            return (None if run["status"] == "finished" else run), run
        unfinished = next(self.db["crawl_runs"].rows_where(
            "kind = 'crawl' and status != 'finished'", order_by="id desc", limit=1), None)
        if unfinished is not None:
            return unfinished, unfinished
        return None, next(self.db["crawl_runs"].rows_where("kind = 'crawl'", order_by="id desc", limit=1), None)

    def resume_run(self, run_id: int) -> None:
        self.db.execute(
            "update crawl_runs set status = 'running', finished_at = null, "
            "resumed = coalesce(resumed, 0) + 1 where id = ?",
            [run_id],
        )
        self.db.conn.commit()

    # -- the crawl frontier ---------------------------------------------------

    def frontier_update(self, run_id: int, found: Iterable[dict], done: Iterable[str]) -> None:
        """Record URLs found (pending, unless already known) and URLs done.

        Call inside the transaction that stores the pages they came from: a
        page is marked done together with the links found on it, so a crash
        can lose neither."""
        self.db.conn.executemany(
            "insert or ignore into frontier (crawl_run, url, kind, depth, referrer, state) "
            "values (?, ?, ?, ?, ?, 'pending')",
            [(run_id, f["url"], f.get("kind", "page"), f.get("depth"), f.get("referrer")) for f in found],
        )
        self.db.conn.executemany(
            "insert into frontier (crawl_run, url, state) values (?, ?, 'done') "
            "on conflict (crawl_run, url) do update set state = 'done'",
            [(run_id, url) for url in done],
        )

    def frontier(self, run_id: int) -> tuple[dict[str, str | None], list[dict]]:
        """({URL done: its kind}, pending rows in discovery order) of a run's frontier."""
        done: dict[str, str | None] = {}
        pending: list[dict] = []
        for url, kind, depth, referrer, state in self.db.execute(
            "select url, kind, depth, referrer, state from frontier where crawl_run = ? order by rowid", [run_id]
        ):
            if state == "done":
                done[url] = kind
            else:
                pending.append({"url": url, "kind": kind or "page", "depth": depth or 0, "referrer": referrer})
        return done, pending

    def run(self, run_id: int) -> dict:
        return self.db["crawl_runs"].get(run_id)
