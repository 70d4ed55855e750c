"""The SQLite archive: the only code that knows table names.

Writes come in batches from the store pipeline; reads serve the CLI. Every
write of a batch happens in one transaction, so an interrupted run leaves the
archive as of its last committed batch, never half a batch.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import sqlite_utils
from sqlite_utils.utils import chunks

from wellness_archiver.archive import lock
from wellness_archiver.archive.errors import ArchiveError, ArchiveLocked, NoArchive, NoSuchArticle, NoSuchRun
from wellness_archiver.archive.opening import check_archive, connect_readonly
from wellness_archiver.archive.schema import ensure_schema
from wellness_archiver.archive.tombstones import screen




SITE_POLICY_COLUMNS = ("robots_txt", "robots_txt_reason", "sitemap_limit")  # m007


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def content_hash(text: str) -> str:
    # str.split() splits on exactly the whitespace r"\s+" matches, at a
    # third of the cost (it runs for every stored article, in the crawl's
    # main process).
    normalised = " ".join(text.split()).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class Archive:
    """The archive. ``readonly`` (read commands): opened with SQLite's
    ``mode=ro``, never migrated, ``pending`` lists the migrations it lacks.
    Otherwise the process holds the archive's writer lock (``lock.py``)
    until :meth:`close`: a second writer fails after ``lock_wait`` seconds."""

    def __init__(self, path: str | Path, *, create: bool = True, max_size_mb: float = 0.0,
                 readonly: bool = False, lock_wait: float = lock.WAIT):
        path = Path(path)
        self.path, self._lock = path, None
        if (not create or readonly) and not path.exists():
            raise NoArchive(path)
        if path.exists() and path.is_dir():
            raise ArchiveError(f"{path} is a directory, not an archive file")
        try:
            if readonly:
                self.db = connect_readonly(path)
                self.pending = check_archive(self.db, path, new_ok=False)
                return
            if path.exists():  # refuse a foreign or newer file before writing anything to it
                probe = connect_readonly(path)
                try:
                    check_archive(probe, path, new_ok=True)
                finally:
                    probe.close()
            self._lock = lock.acquire(path, lock_wait)
            self.db = sqlite_utils.Database(path)
            ensure_schema(self.db)
            self.pending = []
            if max_size_mb:
                # Writes past the cap fail as on a full disk (SQLITE_FULL).
                page_size = self.db.execute("pragma page_size").fetchone()[0]
                self.db.execute(f"pragma max_page_count = {max(1, int(max_size_mb * 2**20 / page_size))}")
        except sqlite3.DatabaseError as ex:
            self._release()
            raise ArchiveError(f"{path} is not a usable SQLite archive: {ex}") from ex
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        if self._lock is not None:
            lock.release(self._lock)
            self._lock = None

    def ensure_writable(self, wait: float = lock.WAIT) -> None:
        """Fail now, with the fix, when another process holds the write lock
        (a crawl still running): not minutes later, mid-crawl."""
        self.db.conn.execute(f"pragma busy_timeout = {int(wait * 1000)}")
        try:
            self.db.conn.execute("begin immediate")
            self.db.conn.execute("rollback")
        except sqlite3.OperationalError as ex:
            raise ArchiveLocked(self.path, str(ex)) from ex

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._release()

    # -- crawl runs --------------------------------------------------------

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

    def transaction(self):
        """One transaction around several writes (nested calls use savepoints)."""
        return self.db.atomic()

    def run(self, run_id: int) -> dict:
        return self.db["crawl_runs"].get(run_id)

    # -- writes ------------------------------------------------------------

    def save_batch(
        self,
        pages: Iterable[dict],
        articles: Iterable[dict],
        run_id: int,
        captures: Iterable[dict] = (),
        *,
        seen: bool = True,
    ) -> list[str]:
        """Store pages (every fetched or failed URL), captures and articles.

        ``pages``: dicts with the ``pages`` columns (``url`` required).
        ``captures``: the ``captures`` columns (``url`` = the page's URL); each
        gets an id, which its page and article rows link to.
        ``articles``: Article dicts plus ``page_url``. Re-crawled URLs update
        their rows in place; ``first_seen`` keeps the first crawl's time, and
        an article whose text or title changed keeps its old version in
        ``article_versions``. ``seen=False`` (re-extraction) leaves
        ``last_seen`` and the sites alone.

        Returns the URLs of the articles whose text or title changed.
        """
        # Forgotten URLs and sites (tombstones) become refusals, whoever the writer.
        pages, articles, captures, refused = screen(self.db, list(pages), list(articles), list(captures))
        now = utcnow()
        with self.db.atomic():
            if seen:
                self._save_sites(pages, articles, now)
            capture_ids = self._save_captures(captures, run_id)
            if pages or refused:
                rows = [{**p, "host": host_of(p["url"]), "crawl_run": run_id} for p in pages + refused]
                for row in rows:
                    if row["url"] in capture_ids:
                        row["capture_id"] = capture_ids[row["url"]]
                self.db["pages"].upsert_all(rows, pk="url", alter=True)
            changed: list[str] = []
            if articles:
                for art in articles:
                    if art.get("page_url") in capture_ids:
                        art["capture_id"] = capture_ids[art["page_url"]]
                rows, changed = self._article_rows(articles, run_id, now, seen)
                self.db["articles"].upsert_all(rows, pk="url", alter=True)
        return changed

    def mark_unchanged(self, urls: list[str], run_id: int, fetched_at: str) -> None:
        """Pages a re-crawl found unchanged (HTTP 304): refresh when they were
        seen, keep their capture and article as they are."""
        with self.db.atomic():
            for chunk in map(list, chunks(urls, 500)):
                marks = ",".join("?" * len(chunk))
                self.db.execute(
                    f"update pages set status = 304, error = null, fetched_at = ?, crawl_run = ? "
                    f"where url in ({marks})",
                    [fetched_at, run_id, *chunk],
                )
                self.db.execute(
                    f"update articles set last_seen = ? where page_url in ({marks})", [fetched_at, *chunk]
                )

    def revisit_state(self, hosts: Iterable[str]) -> dict[str, dict]:
        """For an incremental crawl: every stored post of ``hosts`` with when
        it was fetched and its validators (ETag, Last-Modified), from its
        latest capture."""
        hosts = list(hosts)
        if not hosts or not self.db["captures"].exists():
            return {}
        marks = ",".join("?" * len(hosts))
        state = {}
        for url, fetched_at, headers in self.db.execute(
            "select pages.url, captures.fetched_at, captures.headers from pages "
            "join captures on captures.id = pages.capture_id "
            f"where pages.page_type = 'post' and pages.host in ({marks})",
            hosts,
        ).fetchall():
            found = {k.lower(): v for k, v in json.loads(headers or "{}").items()}
            state[url] = {"fetched_at": fetched_at, "etag": found.get("etag"),
                          "last_modified": found.get("last-modified")}
        return state

    def _save_captures(self, captures: list[dict], run_id: int) -> dict[str, int]:
        ids: dict[str, int] = {}
        columns = ("url", "final_url", "fetched_at", "status", "content_type", "headers",
                   "body", "body_encoding", "length", "sha256", "noarchive", "crawl_run", "rendered")
        sql = f"insert into captures ({', '.join(columns)}) values ({', '.join('?' * len(columns))})"
        for capture in captures:
            row = {**capture, "crawl_run": capture.get("crawl_run", run_id)}
            cursor = self.db.execute(sql, [row.get(c) for c in columns])
            ids[capture["url"]] = cursor.lastrowid
        return ids

    def _save_sites(self, pages: list[dict], articles: list[dict], now: str) -> None:
        sites: dict[str, dict] = {}
        for page in pages:
            sites.setdefault(host_of(page["url"]), {"host": host_of(page["url"])})
        for art in articles:
            site = sites.setdefault(host_of(art["url"]), {"host": host_of(art["url"])})
            for column, key in (("name", "site_name"), ("platform", "platform"), ("language", "language")):
                if art.get(key):
                    site[column] = art[key]
        if not sites:
            return
        first_seen = self._first_seen("sites", "host", list(sites))
        for site in sites.values():
            site.update(last_seen=now, first_seen=first_seen.get(site["host"], now))
            # One upsert per site: rows of a batch share their columns in
            # sqlite-utils, so a site seen without its name would erase it.
            self.db["sites"].upsert(site, pk="host", alter=True)

    def save_site_policy(self, policies: dict[str, dict], now: str) -> None:
        """Per-site decisions (robots.txt verdict, sitemap caps), keyed by host."""
        first_seen = self._first_seen("sites", "host", list(policies))
        for host, values in policies.items():
            row = {"host": host, **values, "last_seen": now, "first_seen": first_seen.get(host) or now}
            self.db["sites"].upsert(row, pk="host", alter=True)

    def _article_rows(
        self, articles: list[dict], run_id: int, now: str, seen: bool = True
    ) -> tuple[list[dict], list[str]]:
        existing = self._existing_articles([a["url"] for a in articles])
        rows, changed, versions = [], [], []
        for art in articles:
            old = existing.get(art["url"])
            row = {
                **art,
                "host": host_of(art["url"]),
                "tags": json.dumps(art.get("tags") or []),
                "content_hash": content_hash(art["text"]),
                "first_seen": old["first_seen"] if old else now,
                "last_seen": now if seen or not old else old["last_seen"],
                "crawl_run": run_id,
            }
            if old and (old["content_hash"], old["title"]) != (row["content_hash"], row.get("title")):
                changed.append(art["url"])
                versions.append(old["url"])
            rows.append(row)
        if versions:
            self._keep_versions(versions, run_id, now)
        return rows, changed

    def _existing_articles(self, urls: list[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for chunk in map(list, chunks(urls, 500)):  # SQLite's variable limit
            marks = ",".join("?" * len(chunk))
            cursor = self.db.execute(
                "select url, first_seen, last_seen, content_hash, title from articles "
                f"where url in ({marks})",
                chunk,
            )
            columns = [d[0] for d in cursor.description]
            found.update((row[0], dict(zip(columns, row))) for row in cursor.fetchall())
        return found

    def _keep_versions(self, urls: list[str], run_id: int, now: str) -> None:
        for chunk in map(list, chunks(urls, 500)):
            marks = ",".join("?" * len(chunk))
            self.db.execute(
                "insert into article_versions (url, title, text, content_hash, extractor, capture_id, "
                "crawl_run, replaced_at, replaced_by_run) "
                "select url, title, text, content_hash, extractor, capture_id, crawl_run, ?, ? "
                f"from articles where url in ({marks})",
                [now, run_id, *chunk],
            )

    def _first_seen(self, table: str, pk: str, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in map(list, chunks(keys, 500)):  # SQLite's variable limit
            marks = ",".join("?" * len(chunk))
            found.update(
                self.db.execute(
                    f"select {pk}, first_seen from {table} where {pk} in ({marks})", chunk
                ).fetchall()
            )
        return found

    # -- reads -------------------------------------------------------------

    def stats(self) -> dict:
        q = lambda sql: self.db.execute(sql).fetchall()  # noqa: E731
        return {
            "articles": self.db["articles"].count,
            "pages": self.db["pages"].count,
            "failed_pages": q(
                "select count(*) from pages where error is not null and page_type != 'blocked'"
            )[0][0],
            "skipped_pages": q("select count(*) from pages where page_type = 'blocked'")[0][0],
            "crawl_runs": self.db["crawl_runs"].count,
            "sites": self._site_stats(),
            "page_types": dict(q("select page_type, count(*) from pages group by page_type order by 2 desc")),
            "errors": dict(
                q(
                    "select error, count(*) from pages where error is not null "
                    "group by error order by 2 desc limit 20"
                )
            ),
            "unfinished_run": self._unfinished_run(),
        }

    def _site_stats(self) -> list[dict]:
        # The per-site decisions of m007, when the archive has them.
        policy = [c for c in SITE_POLICY_COLUMNS if c in self.db["sites"].columns_dict]
        keys = ("host", "name", "platform", "articles", *policy)
        extra = "".join(f", sites.{c}" for c in policy)
        return [
            dict(zip(keys, row))
            for row in self.db.execute(
                f"select sites.host, sites.name, sites.platform, count(articles.url){extra} "
                "from sites left join articles on articles.host = sites.host "
                "group by sites.host order by sites.host"
            ).fetchall()
        ]

    def _unfinished_run(self) -> dict | None:
        """The last crawl run, when it did not finish: what --resume would continue."""
        if not self.db["frontier"].exists():  # an older archive, read without migrating: nothing to resume
            return None
        run, _ = self.resumable_run()
        if run is None:
            return None
        pending, done = self.db.execute(
            "select count(*) filter (where state = 'pending'), count(*) filter (where state = 'done') "
            "from frontier where crawl_run = ?",
            [run["id"]],
        ).fetchone()
        return {"id": run["id"], "status": run["status"], "pending": pending, "done": done}

    def error_reasons(self, run_id: int) -> dict[str, int]:
        rows = self.db.execute(
            "select error, count(*) from pages where crawl_run = ? and error is not null "
            "group by error order by 2 desc, 1",
            [run_id],
        ).fetchall()
        return dict(rows)

    def search(self, query: str, limit: int = 10) -> list[dict]:
        return list(self.db["articles"].search(query, columns=["url", "title"], limit=limit))

    def articles(self, host: str | None = None) -> list[dict]:
        where, args = ("host = ?", [host]) if host else (None, None)
        rows = self.db["articles"].rows_where(where, args, order_by="url")
        return [{**r, "tags": json.loads(r["tags"] or "[]")} for r in rows]

    def pages(self, host: str | None = None) -> list[dict]:
        where, args = ("host = ?", [host]) if host else (None, None)
        return list(self.db["pages"].rows_where(where, args, order_by="url"))

    # -- captures, re-extraction, history ------------------------------------

    def reextract_capture_ids(self, host: str | None = None) -> list[int]:
        """The latest capture with a body of every post page, oldest first."""
        sql = (
            "select c.id from captures c join pages p on p.url = c.url "
            "where p.page_type = 'post' and c.id in "
            "(select max(id) from captures where body is not null group by url)"
        )
        args: list = []
        if host:
            sql += " and p.host = ?"
            args.append(host.lower())
        return [row[0] for row in self.db.execute(sql + " order by c.id", args).fetchall()]

    def iter_captures(self, ids: list[int] | None = None, chunk: int = 50):
        """(id, target URL, page URL, compressed body, body encoding), a chunk at a time."""
        columns = "id, coalesce(final_url, url), url, body, body_encoding"
        if ids is None:
            last = 0
            while True:
                rows = self.db.execute(
                    f"select {columns} from captures where id > ? and body is not null order by id limit ?",
                    [last, chunk],
                ).fetchall()
                if not rows:
                    return
                yield from rows
                last = rows[-1][0]
        for part in map(list, chunks(ids, chunk)):
            marks = ",".join("?" * len(part))
            yield from self.db.execute(
                f"select {columns} from captures where id in ({marks}) order by id", part
            ).fetchall()

    def capture_pages(self, ids: list[int]) -> list[tuple[int, str]]:
        found = []
        for part in map(list, chunks(ids, 500)):
            marks = ",".join("?" * len(part))
            found += self.db.execute(f"select id, url from captures where id in ({marks})", part).fetchall()
        return found

    def capture(self, capture_id: int) -> dict:
        from wellness_archiver.archive.captures import decompress

        row = self.db["captures"].get(capture_id)
        return {**row, "body": decompress(row["body"], row["body_encoding"])}

    def article_urls(self, host: str | None = None) -> set[str]:
        where, args = ("where host = ?", [host.lower()]) if host else ("", [])
        return {r[0] for r in self.db.execute(f"select url from articles {where}", args).fetchall()}

    def article_history(self, url: str) -> list[dict]:
        """Every version of an article, oldest first; the last is the current one."""
        current = self.db.execute(
            "select title, text, extractor, crawl_run, last_seen from articles where url = ?", [url]
        ).fetchone()
        if current is None:
            raise NoSuchArticle(self.path, url)
        versions = [
            {"title": t, "text": x, "extractor": e, "crawl_run": r, "label": f"version {i + 1} (replaced {at})"}
            for i, (t, x, e, r, at) in enumerate(
                self.db.execute(
                    "select title, text, extractor, crawl_run, replaced_at from article_versions "
                    "where url = ? order by id",
                    [url],
                ).fetchall()
            )
        ]
        title, text, extractor, run, _ = current
        versions.append(
            {"title": title, "text": text, "extractor": extractor, "crawl_run": run,
             "label": f"version {len(versions) + 1} (current)"}
        )
        return versions
