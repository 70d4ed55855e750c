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
  templated copies of one page cost linear time and memory (``lsh_union.py``);
  signatures are kept between runs (``signatures.py``).

Each cluster keeps one **canonical** member: within a set of URL variants
the URL that the others' ``rel=canonical`` names (else the one without
tracking/AMP/print parts); between the rest, the earliest published, then
the first seen, then the shortest URL. The others get ``duplicate_of`` (the
canonical URL) and a ``duplicate_reason``; every member gets ``cluster_id``.
Nothing is ever deleted. Recomputing replaces all clusters, and touches only
the article rows whose cluster changed (each row update re-indexes FTS).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from wellness_archiver.archive.db import Archive, utcnow

DEFAULT_THRESHOLD = 0.85
SHINGLE_SIZE = 5
NUM_PERM = 128
CHUNK = 500

# Query parameters whose value makes an AMP or print rendering of the same page.
_VARIANT_PARAMS = {
    "print": None, "printable": None, "amp": None, "m": None,
    "output": {"amp", "print", "printable"}, "outputtype": {"amp"}, "format": {"amp", "print"},
    "view": {"print", "amp"},
}
_VARIANT_PATH = re.compile(r"/(?:amp|print)/?$|\.amp(?=\.html?$|$)")
_WORD = re.compile(r"\w+")


def _tracking_params() -> set[str]:
    from wellness_archiver.urls import IGNORED_PARAMS

    return {p.lower() for p in IGNORED_PARAMS} | {"utm_reader", "utm_name", "_hsenc", "_hsmi", "yclid", "twclid"}


_TRACKING = _tracking_params()


def _is_noise(name: str, value: str) -> bool:
    name = name.lower()
    if name in _TRACKING or name.startswith("utm_"):
        return True
    if name in _VARIANT_PARAMS:
        allowed = _VARIANT_PARAMS[name]
        return allowed is None or value.lower() in allowed
    return False


def normalise_url(url: str) -> str:
    """The URL with tracking parameters, AMP/print variants, scheme, ``www.``
    and the trailing slash set aside: equal for URLs of one article."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = re.sub(r"^(?:www|amp|m)\.", "", host)
    if parts.port:
        host += f":{parts.port}"
    path = _VARIANT_PATH.sub("/", parts.path or "/")
    path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_noise(k, v))
    return f"//{host}{path}" + (f"?{urlencode(query)}" if query else "")


def is_variant(url: str) -> bool:
    """True when the URL has tracking parameters or an AMP/print marker."""
    parts = urlsplit(url.strip())
    if any(_is_noise(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)):
        return True
    return bool(_VARIANT_PATH.search(parts.path or "")) or (parts.hostname or "").startswith("amp.")


def shingles(text: str, size: int = SHINGLE_SIZE) -> list[bytes]:
    words = _WORD.findall((text or "").lower())
    if len(words) < size:
        return [" ".join(words).encode()] if words else []
    return list({" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)})


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


def dedup(
    archive: Archive,
    threshold: float = DEFAULT_THRESHOLD,
    shingle_size: int = SHINGLE_SIZE,
    num_perm: int = NUM_PERM,
    tick: Callable[[int], None] = lambda n: None,
    on_total: Callable[[int], None] | None = None,
) -> DedupResult:
    """Recompute every duplicate cluster of the archive (see the module docstring)."""
    from wellness_archiver.analysis.lsh_union import NearDuplicateLinker, UnionFind, similarity as _similarity
    from wellness_archiver.archive.signatures import SignatureCache

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    db = archive.db
    total = db["articles"].count
    if on_total:
        on_total(total)
    urls, canon, hashes, published, first_seen = [], [], [], [], []
    sigs: list = []  # the MinHash hash values of each article; None when too short to compare
    uf = UnionFind(total)
    linker = NearDuplicateLinker(uf, threshold, num_perm)
    by_hash: dict[str, int] = {}
    cache = SignatureCache(db, shingle_size, num_perm)
    for rows, row_sigs in cache.scan(CHUNK):
        for row, sig in zip(rows, row_sigs):
            i = len(urls)
            url, canonical_url, chash, pub, seen = row
            urls.append(url)
            canon.append(canonical_url)
            hashes.append(chash)
            published.append(pub)
            first_seen.append(seen)
            if chash in by_hash:
                uf.union(by_hash[chash], i)
            else:
                by_hash[chash] = i
            sigs.append(sig)
            if sig is not None:
                linker.add(i, sig)
        tick(len(rows))
    near = linker.links
    n = len(urls)

    # URL variants and rel=canonical.
    norm = [normalise_url(u) for u in urls]
    by_norm: dict[str, int] = {}
    url_group = UnionFind(n)
    for i, key in enumerate(norm):
        if key in by_norm:
            uf.union(by_norm[key], i)
            url_group.union(by_norm[key], i)
        else:
            by_norm[key] = i
    named: set[int] = set()  # articles another one's rel=canonical names
    canonical_link: dict[int, int] = {}
    for i, target in enumerate(canon):
        if target:
            j = by_norm.get(normalise_url(target))
            if j is not None and norm[j] != norm[i]:
                uf.union(i, j)
                url_group.union(i, j)
                canonical_link[i] = j
                named.add(j)
            elif j is not None and j != i and target == urls[j]:
                named.add(j)

    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    clusters = [m for m in members.values() if len(m) > 1]

    def date_key(i: int):
        return (published[i] or "~", first_seen[i] or "~", len(urls[i]), urls[i])

    assignments: dict[str, tuple[int, str | None, str | None]] = {}
    cluster_rows, by_reason = [], {}
    ordered = []
    for group in clusters:
        # The representative of each set of URL variants, then the earliest.
        groups: dict[int, list[int]] = {}
        for i in group:
            groups.setdefault(url_group.find(i), []).append(i)
        reps = [min(g, key=lambda i: (i not in named, is_variant(urls[i]), date_key(i))) for g in groups.values()]
        canonical = min(reps, key=date_key)
        ordered.append((urls[canonical], canonical, group))
    ordered.sort()
    for cluster_id, (_, canonical, group) in enumerate(ordered, start=1):
        reasons = set()
        for i in group:
            if i == canonical:
                assignments[urls[i]] = (cluster_id, None, None)
                continue
            if norm[i] == norm[canonical]:
                reason = "URL variant"
            elif url_group.find(i) == url_group.find(canonical):
                reason = "rel=canonical"
            elif hashes[i] == hashes[canonical]:
                reason = "same text"
            else:
                similarity = near.get((min(i, canonical), max(i, canonical)))
                if similarity is None and sigs[i] is not None and sigs[canonical] is not None:
                    similarity = _similarity(sigs[i], sigs[canonical])
                reason = "near-duplicate" + (f" (Jaccard ~{similarity:.2f})" if similarity is not None else "")
            reasons.add(reason.split(" (")[0])
            by_reason[reason.split(" (")[0]] = by_reason.get(reason.split(" (")[0], 0) + 1
            assignments[urls[i]] = (cluster_id, urls[canonical], reason)
        cluster_rows.append({"id": cluster_id, "canonical_url": urls[canonical], "size": len(group),
                             "reasons": json.dumps(sorted(reasons))})

    duplicates = sum(1 for a in assignments.values() if a[1])
    after_run = db.execute("select max(id) from crawl_runs").fetchone()[0]
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
        run_id = db["dedup_runs"].insert(
            {"computed_at": utcnow(), "threshold": threshold, "shingle_size": shingle_size, "num_perm": num_perm,
             "articles": n, "clusters": len(cluster_rows), "duplicates": duplicates, "after_run": after_run}
        ).last_pk  # of the Table insert returns: a fresh db[...] has none
        cache.save()
        db.execute("delete from duplicate_clusters")
        if cluster_rows:
            db["duplicate_clusters"].insert_all({**row, "dedup_run": run_id} for row in cluster_rows)
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


def refresh(archive: Archive, threshold: float | None = None, **options) -> DedupResult:
    """Fill missing quality fields, then recompute the clusters with
    ``threshold`` (default: the last dedup's, else 0.85). Run after crawls,
    re-extractions and WARC imports."""
    from wellness_archiver.analysis.quality import fill_missing

    fill_missing(archive)
    if threshold is None:
        last = last_dedup(archive)
        threshold = last["threshold"] if last else DEFAULT_THRESHOLD
    return dedup(archive, threshold, **options)
