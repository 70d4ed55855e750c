"""Near-duplicate linking in near-linear time: union-find over LSH buckets.

Querying a MinHash LSH index returns every earlier member of a bucket, so
n templated copies of one page cost n²/2 similarity checks and keep n²/2
pairs. Here each bucket (one band of one signature) remembers, per cluster
already in it, only its ``PER_CLUSTER`` most recent members; an article is
checked against those and joins the cluster on the first member at or above
the threshold (union-find makes links transitive anyway). A bucket keeps at
most ``CLUSTERS_PER_BUCKET`` clusters (the most recent): that many distinct
non-duplicate clusters sharing a whole band is vanishingly rare, and the cap
keeps the worst case linear. Pairs are never materialised: only the pair
that made each link is kept (n - 1 at most), for the duplicate's reason.

Band sizes come from datasketch's ``MinHashLSH`` (its false-positive /
false-negative optimum for the threshold).
"""

from __future__ import annotations

import numpy as np

from wellness_archiver.analysis.similarity import similarity

PER_CLUSTER = 4
CLUSTERS_PER_BUCKET = 32


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)


class NearDuplicateLinker:
    """Feed signatures one at a time (``add``); links go into ``uf``."""

    def __init__(self, uf: UnionFind, threshold: float, num_perm: int):
        from datasketch import MinHashLSH

        # LSH only proposes candidates (each is checked against the threshold);
        # above ~0.95 datasketch would pick a single band, so cap its threshold.
        lsh = MinHashLSH(threshold=min(threshold, 0.9), num_perm=num_perm)
        self.ranges = [(i * lsh.r, (i + 1) * lsh.r) for i in range(lsh.b)]
        # band key -> the one article in it (most buckets of an archive), else {cluster root: members}
        self.buckets: list[dict[int, int | dict[int, list[int]]]] = [{} for _ in self.ranges]
        self.uf = uf
        self.threshold = threshold
        self.sigs: dict[int, np.ndarray] = {}
        self.links: dict[tuple[int, int], float] = {}  # (earlier, later) -> similarity, one per link
        self.checks = 0

    def add(self, i: int, sig: np.ndarray) -> None:
        uf, sigs = self.uf, self.sigs
        sigs[i] = sig
        # A 64-bit hash of the band stands for it (a collision only proposes a candidate, checked below).
        keys = [hash(sig[start:end].tobytes()) for start, end in self.ranges]
        for table, key in zip(self.buckets, keys):
            bucket = table.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, int):
                bucket = table[key] = {bucket: [bucket]}
            self._merge_stale(bucket)
            for root, members in bucket.items():
                if uf.find(root) == uf.find(i):
                    continue
                for j in reversed(members):
                    self.checks += 1
                    value = similarity(sig, sigs[j])
                    if value >= self.threshold:
                        uf.union(j, i)
                        self.links[(j, i)] = value
                        break
        root = uf.find(i)
        for table, key in zip(self.buckets, keys):
            bucket = table.get(key)
            if bucket is None:
                table[key] = i
                continue
            self._merge_stale(bucket)
            members = bucket.pop(root, [])  # re-inserted last: the most recent cluster
            members.append(i)
            bucket[root] = members[-PER_CLUSTER:]
            while len(bucket) > CLUSTERS_PER_BUCKET:
                del bucket[next(iter(bucket))]

    def _merge_stale(self, bucket: dict[int, list[int]]) -> None:
        """Clusters joined since they entered the bucket become one entry."""
        find = self.uf.find
        if all(find(root) == root for root in bucket):
            return
        merged: dict[int, list[int]] = {}
        for root, members in bucket.items():
            merged.setdefault(find(root), []).extend(members)
        bucket.clear()
        for root, members in merged.items():
            bucket[root] = sorted(members)[-PER_CLUSTER:]
