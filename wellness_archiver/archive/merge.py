"""Fold archive shards (one per frontier worker) into one archive.

Every shard is checked before anything is written: it must be an archive of
this schema or an older one (``_sqlite_migrations`` names only migrations we
know). Then each shard goes in, in one transaction:

- crawl runs: one per logical run (``frontier_run``; a run without one is
  known by its start time, seeds, arguments and kind), its workers listed;
- sites: first/last seen widened, names from the most recent;
- captures: all kept (the same url, time and sha256 only once), ids remapped;
- pages: one row per URL, the latest fetch;
- articles: one per URL; the most recently seen text is current, another text
  of the same URL goes to ``article_versions`` (once); FTS follows by trigger;
- article versions and the frontier of unfinished runs: copied once;
- duplicate clusters are not copied (they are per archive): run ``dedup``;
- tombstones (``forget``): those of every shard join OUT's first (what they
  cover already in OUT is forgotten there too), then no row of a forgotten URL
  or site is copied; each refused page is recorded as the crawl and
  import-warc do (page type ``blocked``, error ``forgotten on request: REASON``).
Other tables present in both (added by later features) are copied with
INSERT OR IGNORE, their ``crawl_run``/``capture_id`` remapped. Running a
merge again changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.errors import ArchiveError
from wellness_archiver.archive.schema import migrations
from wellness_archiver.archive.tombstones import Tombstones, forget, refusal

REQUIRED = ("crawl_runs", "pages", "articles", "sites")
HANDLED = {"crawl_runs", "sites", "captures", "pages", "articles", "article_versions", "frontier",
           "duplicate_clusters", "dedup_runs", "_sqlite_migrations"}
DEDUP_COLUMNS = ("cluster_id", "duplicate_of", "duplicate_reason")


def check_archive(path: Path) -> None:
    """Raise ArchiveError unless ``path`` is an archive this version can read."""
    if not path.is_file():
        raise ArchiveError(f"{path}: no such archive file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
            applied = ({row[0] for row in conn.execute(
                "select name from _sqlite_migrations where migration_set = ?", [migrations.name])}
                if "_sqlite_migrations" in tables else set())
        finally:
            conn.close()
    except sqlite3.DatabaseError as ex:
        raise ArchiveError(f"{path} is not a SQLite archive: {ex}") from None
    missing = [t for t in REQUIRED if t not in tables]
    if missing or not applied:
        raise ArchiveError(f"{path} is not a wellness-archiver archive (no {', '.join(missing) or 'migrations'})")
    newer = sorted(applied - {m.name for m in migrations._migrations})
    if newer:
        raise ArchiveError(f"{path} has a newer schema ({', '.join(newer)}): merge it with a newer wellness-archiver")


def merge(out: str | Path, shards: list[str | Path]) -> dict:
    """Merge ``shards`` into the archive ``out`` (created if missing); returns counts."""
    out = Path(out)
    paths = [Path(s) for s in shards]
    for path in paths:
        if out.exists() and path.resolve() == out.resolve():
            raise ArchiveError(f"{path} is the output archive: give another OUT")
        check_archive(path)
    if out.exists():
        check_archive(out)
    archive = Archive(out)
    counts: Counter = Counter()
    try:
        _union_tombstones(archive, paths, counts)
        stones = Tombstones.load(archive.db)
        for path in paths:
            src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            src.row_factory = sqlite3.Row
            try:
                with archive.db.atomic():
                    _Shard(archive, src, counts, stones).merge()
            finally:
                src.close()
        with archive.db.atomic():
            _finish(archive)
        if counts["tombstones"]:
            # As forget does: the bodies the new tombstones removed must not survive in free pages.
            archive.db.execute("vacuum")
            archive.db.execute("pragma wal_checkpoint(truncate)")
    finally:
        archive.close()
    counts["shards"] = len(paths)
    return dict(counts)


def _union_tombstones(archive: Archive, paths: list[Path], counts: Counter) -> None:
    """Add every shard's tombstones to OUT (before any shard's rows, so each one screens
    all shards), forgetting what they cover in OUT already; keeps their reason and date."""
    db = archive.db
    known = {(k, t) for k, t in db.execute("select kind, target from tombstones")}
    for path in paths:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if not src.execute("select 1 from sqlite_master where name = 'tombstones'").fetchone():
                continue
            rows = src.execute("select kind, target, reason, created_at from tombstones order by id").fetchall()
        finally:
            src.close()
        for kind, target, reason, created_at in rows:
            if (kind, target) in known:
                continue
            known.add((kind, target))
            urls, sites = ([target], []) if kind == "url" else ([], [target])
            done = forget(db, urls=urls, sites=sites, reason=reason, vacuum=False)
            db.execute("update tombstones set created_at = ? where kind = ? and target = ?",
                       [created_at, kind, done.tombstones[0]["target"]])
            db.conn.commit()
            counts["tombstones"] += 1
            counts["purged"] += done.articles


def _finish(archive: Archive) -> None:
    db = archive.db
    for (run_id,) in db.execute("select id from crawl_runs where coalesce(kind, 'crawl') = 'crawl'").fetchall():
        db["crawl_runs"].update(run_id, archive._crawl_counts(run_id))
    # A finished run's frontier is spent, as after a single crawl.
    db.execute("delete from frontier where crawl_run in (select id from crawl_runs where status = 'finished')")


class _Shard:
    def __init__(self, archive: Archive, src: sqlite3.Connection, counts: Counter, stones: Tombstones):
        self.stones = stones
        self.site_stones = Tombstones(("site", host, why) for host, why in stones.sites.items())
        self.db = archive.db
        self.conn = archive.db.conn
        self.src = src
        self.counts = counts
        self.runs: dict[int, int] = {}
        self.captures: dict[int, int] = {}

    def merge(self) -> None:
        src_tables = {r[0] for r in self.src.execute("select name from sqlite_master where type = 'table'")}
        self.merge_runs()
        self.merge_sites()
        if "captures" in src_tables:
            self.merge_captures()
        self.merge_pages()
        self.merge_articles()
        if "article_versions" in src_tables:
            self.merge_versions()
        if "frontier" in src_tables:
            self.merge_frontier()
        for table in sorted(src_tables - HANDLED):
            if not table.startswith(("articles_fts", "sqlite_")) and table != "tombstones" and self.db[table].exists():
                self.copy_other(table)

    def _forgotten(self, *urls: str | None) -> str | None:
        """The tombstone reason covering any of ``urls`` (a row not to copy), or None."""
        for url in urls:
            reason = self.stones.reason(url)
            if reason:
                self.counts["forgotten"] += 1
                return reason
        return None

    def _columns(self, table: str) -> list[str]:
        return list(self.db[table].columns_dict)

    def _row(self, table: str, row: sqlite3.Row, **changes) -> dict:
        columns = set(self._columns(table))
        data = {k: row[k] for k in row.keys() if k in columns}
        data.update(changes)
        return data

    def _insert(self, table: str, data: dict, verb: str = "insert") -> int:
        names = list(data)
        cursor = self.conn.execute(
            f"{verb} into [{table}] ({', '.join(f'[{n}]' for n in names)}) values ({', '.join('?' * len(names))})",
            [data[n] for n in names],
        )
        return cursor.lastrowid

    def _update(self, table: str, where: str, params: list, data: dict) -> None:
        if data:
            sets = ", ".join(f"[{n}] = ?" for n in data)
            self.conn.execute(f"update [{table}] set {sets} where {where}", [*data.values(), *params])

    # -- tables ---------------------------------------------------------------

    def merge_runs(self) -> None:
        for row in self.src.execute("select * from crawl_runs order by id"):
            keys = row.keys()
            frontier_run = row["frontier_run"] if "frontier_run" in keys else None
            if frontier_run:
                found = self.conn.execute("select * from crawl_runs where frontier_run = ?", [frontier_run]).fetchone()
            else:
                found = self.conn.execute(
                    "select * from crawl_runs where frontier_run is null and started_at is ? and seeds is ? "
                    "and arguments is ? and coalesce(kind, 'crawl') = ?",
                    [row["started_at"], row["seeds"], row["arguments"],
                     row["kind"] if "kind" in keys else "crawl"]).fetchone()
            if found is None:
                self.runs[row["id"]] = self._insert("crawl_runs", self._row("crawl_runs", row, id=None))
                self.counts["runs"] += 1
                continue
            cols = [d[0] for d in self.conn.execute("select * from crawl_runs limit 0").description]
            old = dict(zip(cols, found))
            self.runs[row["id"]] = old["id"]
            workers = set(filter(None, (old.get("worker") or "").split(",")))
            worker = row["worker"] if "worker" in keys else None
            first_time = bool(worker) and worker not in workers
            changes = {
                "started_at": min(filter(None, [old["started_at"], row["started_at"]]), default=None),
                "finished_at": max(filter(None, [old["finished_at"], row["finished_at"]]), default=None),
                # The shared frontier is done when any of its workers finished it.
                "status": "finished" if "finished" in (old["status"], row["status"]) else old["status"],
            }
            if worker:
                changes["worker"] = ",".join(sorted(workers | {worker}))
            if first_time and "limited" in keys:
                changes["limited"] = (old.get("limited") or 0) + (row["limited"] or 0) or None
            self._update("crawl_runs", "id = ?", [old["id"]], changes)

    def merge_sites(self) -> None:
        for row in self.src.execute("select * from sites"):
            if self.site_stones.reason(f"http://{row['host']}/"):
                continue
            old = self.conn.execute("select first_seen, last_seen from sites where host = ?", [row["host"]]).fetchone()
            if old is None:
                self._insert("sites", self._row("sites", row))
                continue
            changes = {"first_seen": min(filter(None, [old[0], row["first_seen"]]), default=None),
                       "last_seen": max(filter(None, [old[1], row["last_seen"]]), default=None)}
            if (row["last_seen"] or "") >= (old[1] or ""):
                changes.update({k: row[k] for k in ("name", "platform", "language") if row[k]})
            self._update("sites", "host = ?", [row["host"]], changes)

    def merge_captures(self) -> None:
        for row in self.src.execute("select * from captures order by id"):
            if self._forgotten(row["url"], row["final_url"] if "final_url" in row.keys() else None):
                continue
            found = self.conn.execute(
                "select id from captures where url = ? and fetched_at is ? and sha256 is ?",
                [row["url"], row["fetched_at"], row["sha256"]]).fetchone()
            if found:
                self.captures[row["id"]] = found[0]
                continue
            self.captures[row["id"]] = self._insert(
                "captures", self._row("captures", row, id=None, crawl_run=self.runs.get(row["crawl_run"])))
            self.counts["captures"] += 1

    def _remap(self, table: str, row: sqlite3.Row, **changes) -> dict:
        data = self._row(table, row, **changes)
        if "crawl_run" in data:
            data["crawl_run"] = self.runs.get(data["crawl_run"])
        if data.get("capture_id") is not None:
            data["capture_id"] = self.captures.get(data["capture_id"])
        return data

    def merge_pages(self) -> None:
        for row in self.src.execute("select * from pages"):
            old = self.conn.execute("select fetched_at from pages where url = ?", [row["url"]]).fetchone()
            reason = self._forgotten(row["url"], row["final_url"])
            if old is not None and (row["fetched_at"] or "") <= (old[0] or ""):
                continue  # ours is as recent
            data = self._remap("pages", row)
            if reason:  # the refusal, as tombstones.screen records it for a crawl or import-warc
                data.update(final_url=row["final_url"], status=None, content_type=None, page_type="blocked",
                            error=refusal(reason), capture_id=None)
                data = {k: (v if k in ("url", "final_url", "status", "content_type", "page_type", "fetched_at",
                                       "error", "depth", "referrer", "host", "crawl_run") else None)
                        for k, v in data.items()}
                self.counts["refused"] += 1
            self._insert("pages", data, verb="insert or replace")
            self.counts["pages"] += old is None

    def merge_articles(self) -> None:
        cols = self._columns("articles")
        for row in self.src.execute("select * from articles"):
            if self._forgotten(row["url"], row["canonical_url"], row["page_url"]):
                continue
            new = self._remap("articles", row, **{c: None for c in DEDUP_COLUMNS if c in cols})
            found = self.conn.execute("select * from articles where url = ?", [row["url"]]).fetchone()
            if found is None:
                self._insert("articles", new)
                self.counts["articles"] += 1
                continue
            old = dict(zip(cols, found))
            seen = {"first_seen": min(filter(None, [old["first_seen"], new["first_seen"]]), default=None),
                    "last_seen": max(filter(None, [old["last_seen"], new["last_seen"]]), default=None)}
            if (old["content_hash"], old["title"]) == (new["content_hash"], new["title"]):
                # Only when the dates widen: an UPDATE rewrites the FTS entry.
                if any(old[k] != v for k, v in seen.items()):
                    self._update("articles", "url = ?", [row["url"]], seen)
                continue
            if (new["last_seen"] or "") > (old["last_seen"] or ""):
                self._keep_version(old, replaced_by=new)
                # Replaced through an UPDATE, so the FTS triggers follow.
                self._update("articles", "url = ?", [row["url"]],
                             {k: v for k, v in {**new, **seen}.items() if k != "url"})
            else:
                self._keep_version(new, replaced_by=old)
                if any(old[k] != v for k, v in seen.items()):
                    self._update("articles", "url = ?", [row["url"]], seen)

    def _keep_version(self, version: dict, replaced_by: dict) -> None:
        exists = self.conn.execute(
            "select 1 from article_versions where url = ? and content_hash is ? and crawl_run is ? and title is ?",
            [version["url"], version["content_hash"], version["crawl_run"], version["title"]]).fetchone()
        if not exists:
            self._insert("article_versions", {
                **{k: version.get(k) for k in ("url", "title", "text", "content_hash", "extractor", "capture_id",
                                              "crawl_run")},
                "replaced_at": replaced_by["last_seen"], "replaced_by_run": replaced_by["crawl_run"]})
            self.counts["versions"] += 1

    def merge_versions(self) -> None:
        for row in self.src.execute("select * from article_versions order by id"):
            if self._forgotten(row["url"]):
                continue
            data = self._remap("article_versions", row, id=None)
            data["replaced_by_run"] = self.runs.get(data.get("replaced_by_run"))
            exists = self.conn.execute(
                "select 1 from article_versions where url = ? and content_hash is ? and crawl_run is ? "
                "and replaced_at is ?",
                [data["url"], data["content_hash"], data["crawl_run"], data["replaced_at"]]).fetchone()
            if not exists:
                self._insert("article_versions", data)
                self.counts["versions"] += 1

    def merge_frontier(self) -> None:
        for row in self.src.execute("select * from frontier"):
            if self._forgotten(row["url"]):
                continue
            data = self._remap("frontier", row)
            self._insert("frontier", data, verb="insert or ignore")
            if data.get("state") == "done":  # done anywhere is done
                self.conn.execute("update frontier set state = 'done' where crawl_run = ? and url = ?",
                                  [data["crawl_run"], data["url"]])

    def copy_other(self, table: str) -> None:
        for row in self.src.execute(f"select * from [{table}]"):
            if self._forgotten(*(row[k] for k in ("url", "page_url") if k in row.keys())):
                continue
            self._insert(table, self._remap(table, row), verb="insert or ignore")
