"""Row writes: pages, captures, articles (keeping replaced versions) and
sites, a batch in one transaction. A mixin of
:class:`~wellness_archiver.archive.db.Archive`; the batches themselves are
built by ``ingest.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from wellness_archiver.archive.rows import content_hash, host_of, in_chunks, utcnow
from wellness_archiver.archive.tombstones import screen

if TYPE_CHECKING:
    from sqlite_utils import Database


class WritesMixin:
    db: Database
    path: Path

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
            for chunk, marks in in_chunks(urls):
                self.db.execute(
                    f"update pages set status = 304, error = null, fetched_at = ?, crawl_run = ? "
                    f"where url in ({marks})",
                    [fetched_at, run_id, *chunk],
                )
                self.db.execute(
                    f"update articles set last_seen = ? where page_url in ({marks})", [fetched_at, *chunk]
                )

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
        for chunk, marks in in_chunks(urls):
            cursor = self.db.execute(
                "select url, first_seen, last_seen, content_hash, title from articles "
                f"where url in ({marks})",
                chunk,
            )
            columns = [d[0] for d in cursor.description]
            found.update((row[0], dict(zip(columns, row))) for row in cursor.fetchall())
        return found

    def _keep_versions(self, urls: list[str], run_id: int, now: str) -> None:
        for chunk, marks in in_chunks(urls):
            self.db.execute(
                "insert into article_versions (url, title, text, content_hash, extractor, capture_id, "
                "crawl_run, replaced_at, replaced_by_run) "
                "select url, title, text, content_hash, extractor, capture_id, crawl_run, ?, ? "
                f"from articles where url in ({marks})",
                [now, run_id, *chunk],
            )

    def _first_seen(self, table: str, pk: str, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk, marks in in_chunks(keys):
            found.update(
                self.db.execute(
                    f"select {pk}, first_seen from {table} where {pk} in ({marks})", chunk
                ).fetchall()
            )
        return found
