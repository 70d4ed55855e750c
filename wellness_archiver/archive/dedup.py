"""Duplicate clusters across all sites: URL variants, same text, near-duplicates.

Three things link two articles into one cluster (union-find, so links chain):

- **URL variants**: the same URL once tracking parameters (``utm_*``,
  ``fbclid``, ...), AMP and print variants (``/amp/``, ``?amp=1``,
  ``?print=1``, ``?output=amp``...), scheme, ``www.``/``amp.`` and the
  trailing slash are set aside; or an article whose ``canonical_url`` (its
  ``rel=canonical``) names another article's URL.
- **Same text**: equal ``content_hash`` (sha256 of the whitespace-normalised,
  lower-cased text).
- **Near-duplicates**: MinHash LSH (datasketch) on word shingles, kept when
  the estimated Jaccard similarity is at least the threshold (default 0.85).
  Linked by union-find over the LSH buckets, never pair by pair, so 20,000
  templated copies of one page cost linear time and memory
  (``analysis/lsh_union.py``; shingles and MinHash: ``analysis/similarity.py``);
  signatures are kept between runs (``signatures.py``). URL keys: ``urls.py``.

Each cluster keeps one **canonical** member: within a set of URL variants
the URL that the others' ``rel=canonical`` names (else the one without
tracking/AMP/print parts); between the rest, the earliest published, then
the first seen, then the shortest URL. The others get ``duplicate_of`` (the
canonical URL) and a ``duplicate_reason``; every member gets ``cluster_id``.
Nothing is ever deleted. Recomputing replaces all clusters, and touches only
the article rows whose cluster changed (each row update re-indexes FTS).

The analysis step after crawls, re-extractions and imports (quality, then
these clusters) is ``jobs/analyse.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from wellness_archiver.analysis.lsh_union import NearDuplicateLinker, UnionFind
from wellness_archiver.analysis.similarity import NUM_PERM, SHINGLE_SIZE, similarity
from wellness_archiver.archive.db import Archive, utcnow
from wellness_archiver.archive.signatures import SignatureCache
from wellness_archiver.urls import is_variant, normalise_url

DEFAULT_THRESHOLD = 0.85
CHUNK = 500


@dataclass
class DedupResult:
    run_id: int
    articles: int
    clusters: int
    duplicates: int
    threshold: float
    by_reason: dict[str, int]
    hashed: int = 0  # articles whose MinHash signature was computed
    reused: int = 0  # articles whose stored signature was still valid


@dataclass
class _Scan:
    """The articles, by index in URL order, and the links found between them."""
    uf: UnionFind
    linker: NearDuplicateLinker
    urls: list[str] = field(default_factory=list)
    canon: list[str | None] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    published: list[str | None] = field(default_factory=list)
    first_seen: list[str | None] = field(default_factory=list)
    sigs: list = field(default_factory=list)  # MinHash hash values; None when too short to compare
    norm: list[str] = field(default_factory=list)  # urls.normalise_url of each URL
    url_group: UnionFind | None = None  # URL variants and rel=canonical links only
    named: set[int] = field(default_factory=set)  # articles another one's rel=canonical names

    def date_key(self, i: int):
        return (self.published[i] or "~", self.first_seen[i] or "~", len(self.urls[i]), self.urls[i])


def _scan(cache: SignatureCache, total: int, threshold: float, num_perm: int,
          tick: Callable[[int], None]) -> _Scan:
    """Every article with its signature; same text and near-duplicates linked."""
    uf = UnionFind(total)
    scan = _Scan(uf, NearDuplicateLinker(uf, threshold, num_perm))
    by_hash: dict[str, int] = {}
    for rows, row_sigs in cache.scan(CHUNK):
        for (url, canonical_url, chash, pub, seen), sig in zip(rows, row_sigs):
            i = len(scan.urls)
            scan.urls.append(url)
            scan.canon.append(canonical_url)
            scan.hashes.append(chash)
            scan.published.append(pub)
            scan.first_seen.append(seen)
            if chash in by_hash:
                uf.union(by_hash[chash], i)
            else:
                by_hash[chash] = i
            scan.sigs.append(sig)
            if sig is not None:
                scan.linker.add(i, sig)
        tick(len(rows))
    return scan


def _link_urls(scan: _Scan) -> None:
    """URL variants and rel=canonical links."""
    uf, urls = scan.uf, scan.urls
    scan.norm = norm = [normalise_url(u) for u in urls]
    by_norm: dict[str, int] = {}
    scan.url_group = url_group = UnionFind(len(urls))
    for i, key in enumerate(norm):
        if key in by_norm:
            uf.union(by_norm[key], i)
            url_group.union(by_norm[key], i)
        else:
            by_norm[key] = i
    for i, target in enumerate(scan.canon):
        if target:
            j = by_norm.get(normalise_url(target))
            if j is not None and norm[j] != norm[i]:
                uf.union(i, j)
                url_group.union(i, j)
                scan.named.add(j)
            elif j is not None and j != i and target == urls[j]:
                scan.named.add(j)


def _ordered_clusters(scan: _Scan) -> list[tuple[str, int, list[int]]]:
    """(canonical URL, canonical index, members) of each cluster of two or more, by canonical URL."""
    members: dict[int, list[int]] = {}
    for i in range(len(scan.urls)):
        members.setdefault(scan.uf.find(i), []).append(i)
    ordered = []
    for group in (m for m in members.values() if len(m) > 1):
        # The representative of each set of URL variants, then the earliest.
        groups: dict[int, list[int]] = {}
        for i in group:
            groups.setdefault(scan.url_group.find(i), []).append(i)
        reps = [min(g, key=lambda i: (i not in scan.named, is_variant(scan.urls[i]), scan.date_key(i)))
                for g in groups.values()]
        canonical = min(reps, key=scan.date_key)
        ordered.append((scan.urls[canonical], canonical, group))
    ordered.sort()
    return ordered


def _reason(scan: _Scan, i: int, canonical: int) -> str:
    """Why article ``i`` is a duplicate of the cluster's canonical one."""
    if scan.norm[i] == scan.norm[canonical]:
        return "URL variant"
    if scan.url_group.find(i) == scan.url_group.find(canonical):
        return "rel=canonical"
    if scan.hashes[i] == scan.hashes[canonical]:
        return "same text"
    value = scan.linker.links.get((min(i, canonical), max(i, canonical)))
    if value is None and scan.sigs[i] is not None and scan.sigs[canonical] is not None:
        value = similarity(scan.sigs[i], scan.sigs[canonical])
    return "near-duplicate" + (f" (Jaccard ~{value:.2f})" if value is not None else "")


def _assign(scan: _Scan) -> tuple[dict[str, tuple], list[dict], dict[str, int]]:
    """({URL: (cluster id, duplicate_of, reason)}, cluster rows, {reason: duplicates})."""
    assignments: dict[str, tuple[int, str | None, str | None]] = {}
    cluster_rows, by_reason = [], {}
    for cluster_id, (canonical_url, canonical, group) in enumerate(_ordered_clusters(scan), start=1):
        reasons = set()
        for i in group:
            if i == canonical:
                assignments[scan.urls[i]] = (cluster_id, None, None)
                continue
            reason = _reason(scan, i, canonical)
            kind = reason.split(" (")[0]
            reasons.add(kind)
            by_reason[kind] = by_reason.get(kind, 0) + 1
            assignments[scan.urls[i]] = (cluster_id, canonical_url, reason)
        cluster_rows.append({"id": cluster_id, "canonical_url": canonical_url, "size": len(group),
                             "reasons": json.dumps(sorted(reasons))})
    return assignments, cluster_rows, by_reason


def _store(db, assignments: dict[str, tuple], cluster_rows: list[dict], run: dict, cache: SignatureCache) -> int:
    """Write the clusters (only the article rows that change) and the dedup run; its id."""
    with db.atomic():
        current = {
            url: (cid, dup, why)
            for url, cid, dup, why in db.execute(
                "select url, cluster_id, duplicate_of, duplicate_reason from articles where cluster_id is not null"
            ).fetchall()
        }
        changes = [
            {"url": url, "cid": new[0], "dup": new[1], "why": new[2]}
            for url, new in assignments.items()
            if current.get(url) != new
        ] + [{"url": url, "cid": None, "dup": None, "why": None} for url in current if url not in assignments]
        db.conn.executemany(
            "update articles set cluster_id = :cid, duplicate_of = :dup, duplicate_reason = :why where url = :url",
            changes,
        )
        run_id = db["dedup_runs"].insert(run).last_pk  # of the Table insert returns: a fresh db[...] has none
        cache.save()
        db.execute("delete from duplicate_clusters")
        if cluster_rows:
            db["duplicate_clusters"].insert_all({**row, "dedup_run": run_id} for row in cluster_rows)
    return run_id


def dedup(
    archive: Archive,
    threshold: float = DEFAULT_THRESHOLD,
    shingle_size: int = SHINGLE_SIZE,
    num_perm: int = NUM_PERM,
    tick: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] | None = None,
) -> DedupResult:
    """Recompute every duplicate cluster of the archive (see the module docstring)."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    db = archive.db
    total = db["articles"].count
    if on_total:
        on_total(total)
    cache = SignatureCache(db, shingle_size, num_perm)
    scan = _scan(cache, total, threshold, num_perm, tick)
    _link_urls(scan)
    assignments, cluster_rows, by_reason = _assign(scan)
    n = len(scan.urls)
    duplicates = sum(1 for a in assignments.values() if a[1])
    after_run = db.execute("select max(id) from crawl_runs").fetchone()[0]
    run = {"computed_at": utcnow(), "threshold": threshold, "shingle_size": shingle_size, "num_perm": num_perm,
           "articles": n, "clusters": len(cluster_rows), "duplicates": duplicates, "after_run": after_run}
    run_id = _store(db, assignments, cluster_rows, run, cache)
    return DedupResult(run_id, n, len(cluster_rows), duplicates, threshold, by_reason,
                       hashed=n - cache.hits, reused=cache.hits)


def last_dedup(archive: Archive) -> dict | None:
    rows = list(archive.db["dedup_runs"].rows_where(order_by="id desc", limit=1))
    return rows[0] if rows else None


def is_stale(archive: Archive) -> bool:
    """True when articles may have changed since the last dedup (or none ran)."""
    last = last_dedup(archive)
    if last is None:
        return True
    latest = archive.db.execute("select max(id) from crawl_runs").fetchone()[0]
    return (latest or 0) > (last["after_run"] or 0) or archive.db["articles"].count != last["articles"]


def clusters(archive: Archive) -> list[dict]:
    """Every cluster: {id, canonical_url, size, reasons, members: [url, ...]} (members sorted)."""
    out = []
    for row in archive.db["duplicate_clusters"].rows_where(order_by="id"):
        members = [r[0] for r in archive.db.execute(
            "select url from articles where cluster_id = ? order by url", [row["id"]]).fetchall()]
        out.append({**row, "reasons": json.loads(row["reasons"] or "[]"), "members": members})
    return out
