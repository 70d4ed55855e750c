"""Takedowns that stick: forget a post or a whole site, and keep it forgotten.

``forget`` removes every trace of the content (articles and their FTS
entries, earlier versions, raw captures, pages, duplicate-cluster
memberships, frontier rows), leaves a tombstone (URL or host, date, reason)
and rewrites the file (``VACUUM``, WAL truncated) so no removed body survives
in free pages. Every writer honours the tombstones: the crawl refuses the
request (``TombstoneMiddleware``) and :meth:`Archive.save_batch` screens
whatever a crawl, ``import-warc`` or a future ``merge`` hands it, recording
a refusal with the reason instead, as for robots.txt.

``is_forgotten(db, url)`` is the small public check for any other writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urlsplit

from wellness_archiver.archive.sqlite import Database

from wellness_archiver.archive.rows import in_chunks, utcnow
from wellness_archiver.reasons import FORGOTTEN
from wellness_archiver.urls import clean_url, host_key

DEFAULT_REASON = "removal requested"


def refusal(reason: str) -> str:
    """The pages.error of a refused URL (starts with FORGOTTEN: a policy refusal, not a failure)."""
    return f"{FORGOTTEN}: {reason}"


def url_key(url: str) -> str:
    """The form URLs are compared in: the crawler's cleaning (trackers, sessions, sorted query)
    with a lower-case scheme and host."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(clean_url(url))
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def site_key(host: str) -> str:
    """A host as given (``example.blog``, ``www.Bücher.test:8080`` or a URL): punycode, lower case, without www."""
    return host_key(host)


class Tombstones:
    """The archive's tombstones, loaded once, answering per URL."""

    def __init__(self, rows: Iterable[tuple[str, str, str]] = ()):
        self.urls: dict[str, str] = {}
        self.sites: dict[str, str] = {}
        for kind, target, reason in rows:
            (self.urls if kind == "url" else self.sites)[target] = reason or DEFAULT_REASON

    @classmethod
    def load(cls, db: Database) -> "Tombstones":
        if not db["tombstones"].exists():
            return cls()
        return cls(db.execute("select kind, target, reason from tombstones").fetchall())

    def __bool__(self) -> bool:
        return bool(self.urls or self.sites)

    def reason(self, url: str | None) -> str | None:
        """Why ``url`` is forgotten, or None. A site tombstone without a port covers every port."""
        if not url or not self:
            return None
        if self.sites:
            host = site_key(urlsplit(url).netloc)
            found = self.sites.get(host) or self.sites.get(host.rsplit(":", 1)[0])
            if found:
                return found
        return self.urls.get(url_key(url)) if self.urls else None


def is_forgotten(db: Database, url: str) -> str | None:
    """The reason ``url`` was forgotten (its tombstone's), or None."""
    return Tombstones.load(db).reason(url)


def counts(db: Database) -> dict:
    """Tombstones by kind, for exports and the datasheet (the targets themselves are not published)."""
    found = {"urls": 0, "sites": 0}
    if db["tombstones"].exists():
        for kind, n in db.execute("select kind, count(*) from tombstones group by kind"):
            found["urls" if kind == "url" else "sites"] = n
    return found


def screen(db: Database, pages: list[dict], articles: list[dict], captures: list[dict]):
    """Split a batch about to be stored: what may be stored, and refusal rows
    for the pages a tombstone covers (their captures and articles dropped)."""
    stones = Tombstones.load(db)
    if not stones:
        return pages, articles, captures, []
    kept, refused = [], []
    for page in pages:
        reason = stones.reason(page["url"]) or stones.reason(page.get("final_url"))
        if reason is None:
            kept.append(page)
        else:
            refused.append({"url": page["url"], "final_url": page.get("final_url"), "status": None,
                            "content_type": None, "page_type": "blocked", "fetched_at": page.get("fetched_at"),
                            "error": refusal(reason), "depth": page.get("depth"), "referrer": page.get("referrer")})
    gone = {page["url"] for page in refused}
    articles = [a for a in articles if a.get("page_url") not in gone
                and not any(stones.reason(a.get(k)) for k in ("url", "canonical_url", "page_url"))]
    captures = [c for c in captures if c["url"] not in gone
                and not (stones.reason(c["url"]) or stones.reason(c.get("final_url")))]
    return kept, articles, captures, refused


@dataclass
class ForgetResult:
    tombstones: list[dict] = field(default_factory=list)  # written now (kind, target, reason)
    articles: int = 0
    versions: int = 0
    captures: int = 0
    pages: int = 0
    frontier: int = 0
    clusters: int = 0  # duplicate clusters dissolved because a member went
    bytes_before: int = 0
    bytes_after: int = 0


def _host_patterns(host: str) -> list[str]:
    """LIKE patterns a URL on ``host`` matches (a superset: rows are checked exactly after)."""
    bare = site_key(host)
    return [f"%://{prefix}{end}" for prefix in (bare, "www." + bare) for end in ("/%", "", "?%", ":%")]


def _matching(db: Database, table: str, columns: tuple[str, ...], stones: Tombstones, key: str) -> list:
    """Keys of the rows of ``table`` any of whose ``columns`` a tombstone covers.

    SQL narrows the rows to the tombstones' hosts (a LIKE scan, in C), then
    each candidate is checked exactly: a takedown stays fast on a large archive."""
    found: dict = {}  # ordered, without repeats
    select = ", ".join((key, *columns))
    for host in {urlsplit(url).netloc for url in stones.urls} | set(stones.sites):
        patterns = _host_patterns(host)
        where = " or ".join(f"{column} like ?" for column in columns for _ in patterns)
        for row in db.execute(f"select {select} from {table} where {where}", patterns * len(columns)):
            if any(stones.reason(value) for value in row[1:]):
                found[row[0]] = True
    return list(found)


def forget(db: Database, urls: Iterable[str] = (), sites: Iterable[str] = (), reason: str | None = None,
           vacuum: bool = True) -> ForgetResult:
    """Tombstone ``urls`` and ``sites`` and remove everything stored of them."""
    reason = (reason or "").strip() or DEFAULT_REASON
    now = utcnow()
    new = [{"kind": "url", "target": url_key(u), "reason": reason, "created_at": now} for u in urls]
    new += [{"kind": "site", "target": site_key(h), "reason": reason, "created_at": now} for h in sites]
    for stone in new:
        if not stone["target"] or stone["target"].endswith("://"):
            raise ValueError(f"nothing to forget in {stone['target']!r}")
    only = Tombstones((s["kind"], s["target"], reason) for s in new)  # remove what these cover
    path = db.execute("pragma database_list").fetchone()[2]
    result = ForgetResult(tombstones=new, bytes_before=_size(path))
    # Deleted pages are zeroed, not just unlinked (belt and braces with VACUUM).
    db.execute("pragma secure_delete = on")
    with db.conn:
        for stone in new:
            db.execute("insert into tombstones (kind, target, reason, created_at) values (?, ?, ?, ?) "
                       "on conflict (kind, target) do update set reason = excluded.reason, "
                       "created_at = excluded.created_at",
                       [stone["kind"], stone["target"], stone["reason"], stone["created_at"]])
        articles = _matching(db, "articles", ("url", "canonical_url", "page_url"), only, "url")
        pages = _matching(db, "pages", ("url", "final_url"), only, "url")
        captures = set(_matching(db, "captures", ("url", "final_url"), only, "id"))
        for column, table, keys in (("capture_id", "pages", pages), ("capture_id", "articles", articles)):
            captures.update(r[0] for r in _in(db, f"select {column} from {table} where url in ({{}})", keys)
                            if r[0] is not None)
        clusters = {r[0] for r in _in(db, "select cluster_id from articles where url in ({})", articles)
                    if r[0] is not None}
        result.versions = _delete(db, "delete from article_versions where url in ({})", articles)
        result.articles = _delete(db, "delete from articles where url in ({})", articles)  # FTS by trigger
        if db["dedup_signatures"].exists():  # MinHash values of the text: no reason to keep them either
            _delete(db, "delete from dedup_signatures where url in ({})", articles)
        result.captures = _delete(db, "delete from captures where id in ({})", sorted(captures))
        result.pages = _delete(db, "delete from pages where url in ({})", pages)
        result.frontier = _delete(db, "delete from frontier where url in ({})",
                                  _matching(db, "frontier", ("url",), only, "url"))
        if clusters:
            # The rest of a cluster loses its canonical or a sibling: dissolve it (dedup rebuilds).
            result.clusters = _delete(db, "delete from duplicate_clusters where id in ({})", sorted(clusters))
            _delete(db, "update articles set cluster_id = null, duplicate_of = null, duplicate_reason = null "
                        "where cluster_id in ({})", sorted(clusters))
        for stone in new:
            if stone["kind"] == "site":
                db.execute("delete from sites where host = ? or host like ? or host = ?",
                           [stone["target"], stone["target"] + ":%", "www." + stone["target"]])
    if result.articles:
        # Deleted rows leave their tokens in older FTS segments until a merge: rebuild the index.
        db.execute("insert into articles_fts (articles_fts) values ('rebuild')")
        db.conn.commit()
    if vacuum:
        db.execute("vacuum")
        db.execute("pragma wal_checkpoint(truncate)")
    result.bytes_after = _size(path)
    return result


def _in(db: Database, sql: str, keys: list) -> list:
    rows = []
    for chunk, marks in in_chunks(keys):
        rows += db.execute(sql.format(marks), chunk).fetchall()
    return rows


def _delete(db: Database, sql: str, keys: list) -> int:
    total = 0
    for chunk, marks in in_chunks(keys):
        total += db.execute(sql.format(marks), chunk).rowcount
    return total


def _size(path: str) -> int:
    import os

    return sum(os.path.getsize(p) for p in (path, path + "-wal") if p and os.path.exists(p))
