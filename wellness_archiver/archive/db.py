"""The SQLite archive: the only code that knows table names.

Writes come in batches from the store pipeline; reads serve the CLI. Every
write of a batch happens in one transaction, so an interrupted run leaves the
archive as of its last committed batch, never half a batch.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import sqlite_utils

from .schema import ensure_schema


class ArchiveError(Exception):
    """A problem with the archive file the user can fix (message says how)."""


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


_WS = re.compile(r"\s+")


def content_hash(text: str) -> str:
    normalised = _WS.sub(" ", text).strip().lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class Archive:
    def __init__(self, path: str | Path, *, create: bool = True):
        path = Path(path)
        if not create and not path.exists():
            raise ArchiveError(
                f"No archive at {path}: run 'wellness-archiver crawl URL --db {path}' first"
            )
        if path.exists() and path.is_dir():
            raise ArchiveError(f"{path} is a directory, not an archive file")
        try:
            self.db = sqlite_utils.Database(path)
            ensure_schema(self.db)
        except sqlite3.DatabaseError as ex:
            raise ArchiveError(f"{path} is not a usable SQLite archive: {ex}") from ex
        self.path = path

    def close(self) -> None:
        self.db.close()

    # -- crawl runs --------------------------------------------------------

    def start_run(self, seeds: list[str], arguments: dict, versions: dict) -> int:
        table = self.db["crawl_runs"]
        table.insert(
            {
                "started_at": utcnow(),
                "status": "running",
                "seeds": json.dumps(seeds),
                "arguments": json.dumps(arguments, default=str),
                "versions": json.dumps(versions),
                "pages_fetched": 0,
                "posts_stored": 0,
                "errors": 0,
            }
        )
        return table.last_pk

    def finish_run(self, run_id: int, status: str, counts: dict) -> None:
        self.db["crawl_runs"].update(
            run_id, {"finished_at": utcnow(), "status": status, **counts}
        )

    def run(self, run_id: int) -> dict:
        return self.db["crawl_runs"].get(run_id)

    # -- writes ------------------------------------------------------------

    def save_batch(self, pages: Iterable[dict], articles: Iterable[dict], run_id: int) -> None:
        """Store pages (every fetched or failed URL) and extracted articles.

        ``pages``: dicts with the ``pages`` columns (``url`` required).
        ``articles``: Article dicts plus ``page_url``. Re-crawled URLs update
        their rows in place; ``first_seen`` keeps the first crawl's time.
        """
        pages, articles = list(pages), list(articles)
        now = utcnow()
        with self.db.atomic():
            self._save_sites(pages, articles, now)
            if pages:
                rows = [{**p, "host": host_of(p["url"]), "crawl_run": run_id} for p in pages]
                self.db["pages"].upsert_all(rows, pk="url", alter=True)
            if articles:
                self.db["articles"].upsert_all(
                    self._article_rows(articles, run_id, now), pk="url", alter=True
                )

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

    def _article_rows(self, articles: list[dict], run_id: int, now: str) -> list[dict]:
        first_seen = self._first_seen("articles", "url", [a["url"] for a in articles])
        rows = []
        for art in articles:
            row = {
                **art,
                "host": host_of(art["url"]),
                "tags": json.dumps(art.get("tags") or []),
                "content_hash": content_hash(art["text"]),
                "first_seen": first_seen.get(art["url"], now),
                "last_seen": now,
                "crawl_run": run_id,
            }
            rows.append(row)
        return rows

    def _first_seen(self, table: str, pk: str, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):  # SQLite's variable limit
            chunk = keys[start : start + 500]
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
            "sites": [
                dict(zip(("host", "name", "platform", "articles"), row))
                for row in q(
                    "select sites.host, sites.name, sites.platform, count(articles.url) "
                    "from sites left join articles on articles.host = sites.host "
                    "group by sites.host order by sites.host"
                )
            ],
            "page_types": dict(q("select page_type, count(*) from pages group by page_type order by 2 desc")),
            "errors": dict(
                q(
                    "select error, count(*) from pages where error is not null "
                    "group by error order by 2 desc limit 20"
                )
            ),
        }

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
