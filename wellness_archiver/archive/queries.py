"""Reads for the CLI, re-extraction and incremental crawls. A mixin of
:class:`~wellness_archiver.archive.db.Archive`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from wellness_archiver.archive.errors import NoSuchArticle
from wellness_archiver.archive.rows import in_chunks

SITE_POLICY_COLUMNS = ("robots_txt", "robots_txt_reason", "sitemap_limit")  # m007

if TYPE_CHECKING:
    from sqlite_utils import Database


class QueriesMixin:
    db: Database
    path: Path

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
        for part, marks in in_chunks(ids, chunk):
            yield from self.db.execute(
                f"select {columns} from captures where id in ({marks}) order by id", part
            ).fetchall()

    def capture_pages(self, ids: list[int]) -> list[tuple[int, str]]:
        found = []
        for part, marks in in_chunks(ids):
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
