"""Dedup at scale: templated near-duplicates are linked through LSH buckets
with work linear in the number of articles (never every pair), and stored
MinHash signatures spare unchanged articles a second hashing."""

from __future__ import annotations

import random
import sqlite3

from wellness_archiver.archive.db import Archive, content_hash
from wellness_archiver.analysis.similarity import shingles
from wellness_archiver.archive.dedup import clusters, dedup
from wellness_archiver.analysis.lsh_union import CLUSTERS_PER_BUCKET, PER_CLUSTER, NearDuplicateLinker, UnionFind

BOILERPLATE = " ".join(f"policy{i} shipping returns kindness rest" for i in range(60))


def templated(rng: random.Random, i: int) -> str:
    return (f"The calm{i} kit costs {rng.randint(19, 99)} dollars and comes with a {rng.choice(['mask', 'cup'])}. "
            + BOILERPLATE)


def build(path, texts: list[str]) -> Archive:
    archive = Archive(path)
    run_id = archive.start_run([], {}, {})
    archive.save_batch([], [{"url": f"https://shop.example/p/{i:05d}/", "text": text, "title": f"Kit {i}",
                             "published": "2024-01-01", "tags": [], "page_url": f"https://shop.example/p/{i:05d}/"}
                            for i, text in enumerate(texts)], run_id)
    return archive


def test_linker_work_is_linear_on_one_big_template():
    from datasketch import MinHash

    rng = random.Random(1)
    n = 1500
    sigs = MinHash.bulk([shingles(templated(rng, i)) for i in range(n)], num_perm=128)
    uf = UnionFind(n)
    linker = NearDuplicateLinker(uf, 0.85, 128)
    for i, m in enumerate(sigs):
        linker.add(i, m.hashvalues)
    assert len({uf.find(i) for i in range(n)}) == 1  # one cluster, as every pair is a near-duplicate
    bands = len(linker.ranges)
    # Pairwise LSH would check n(n-1)/2 = 1,124,250 pairs; here at most a few per band per article.
    assert linker.checks <= n * bands * PER_CLUSTER
    assert linker.checks < 5 * n
    assert len(linker.links) == n - 1  # one pair kept per link, never all pairs
    for bucket_table in linker.buckets:
        for bucket in bucket_table.values():
            if isinstance(bucket, dict):
                assert len(bucket) <= CLUSTERS_PER_BUCKET and all(len(m) <= PER_CLUSTER for m in bucket.values())


def test_linker_keeps_dissimilar_texts_apart_and_chains_near_ones():
    from datasketch import MinHash

    words = [f"w{i}" for i in range(400)]
    a = " ".join(words)
    b = " ".join(words[:380] + [f"x{i}" for i in range(20)])  # near a
    c = " ".join(f"other{i}" for i in range(400))  # unrelated
    sigs = MinHash.bulk([shingles(t) for t in (a, b, c)], num_perm=128)
    uf = UnionFind(3)
    linker = NearDuplicateLinker(uf, 0.85, 128)
    for i, m in enumerate(sigs):
        linker.add(i, m.hashvalues)
    assert uf.find(0) == uf.find(1) and uf.find(2) == 2
    assert list(linker.links) == [(0, 1)] and linker.links[(0, 1)] >= 0.85


def test_crowded_bucket_is_capped():
    """Many unrelated clusters sharing a band: the bucket keeps only the latest
    CLUSTERS_PER_BUCKET of them, so no article checks more than that many."""
    import numpy as np

    n = 200
    uf = UnionFind(n)
    linker = NearDuplicateLinker(uf, 0.85, 128)
    start, end = linker.ranges[0]
    for i in range(n):
        sig = np.arange(128, dtype=np.uint32) + np.uint32(1000 * (i + 1))
        sig[start:end] = 7  # the same first band, nothing else in common
        linker.add(i, sig)
    assert len({uf.find(i) for i in range(n)}) == n  # none linked: similarity ~0.1
    (bucket,) = [b for b in linker.buckets[0].values()]
    assert len(bucket) == CLUSTERS_PER_BUCKET and sorted(bucket) == list(range(n - CLUSTERS_PER_BUCKET, n))
    assert linker.checks <= n * CLUSTERS_PER_BUCKET * PER_CLUSTER
    assert all(isinstance(b, int) for table in linker.buckets[1:] for b in table.values())


def test_dedup_of_templated_archive_is_one_cluster_and_reuses_signatures(tmp_path):
    rng = random.Random(2)
    n = 400
    texts = [templated(rng, i) for i in range(n)] + ["A different post about sleep and rest. " * 40, "tiny"]
    archive = build(tmp_path / "a.db", texts)
    try:
        first = dedup(archive)
        assert (first.articles, first.clusters, first.duplicates) == (n + 2, 1, n - 1)
        assert first.hashed == n + 2 and first.reused == 0 and first.run_id == 1
        (cluster,) = clusters(archive)
        assert cluster["size"] == n and cluster["canonical_url"] == "https://shop.example/p/00000/"
        assert archive.db["dedup_signatures"].count == n + 2
        stored = archive.db.execute(
            "select length(signature) from dedup_signatures where url = 'https://shop.example/p/00001/'").fetchone()
        assert stored[0] == 128 * 4  # 32-bit hash values

        again = dedup(archive)  # nothing changed: nothing hashed again, same clusters
        assert again.hashed == 0 and again.reused == n + 2
        assert (again.clusters, again.duplicates, again.run_id) == (1, n - 1, 2)

        # A changed text is hashed again; a removed article's signature goes.
        new_text = "Now an essay on grief, nothing like the shop. " * 30
        archive.db.execute("update articles set text = ?, content_hash = ? where url = ?",
                           [new_text, content_hash(new_text), "https://shop.example/p/00005/"])
        archive.db.execute("delete from articles where url = 'https://shop.example/p/00007/'")
        archive.db.conn.commit()
        third = dedup(archive)
        assert third.hashed == 1 and third.reused == n
        assert (third.clusters, third.duplicates) == (1, n - 3)
        assert archive.db["dedup_signatures"].count == n + 1
        # Other hashing parameters never reuse a signature made with different ones.
        fourth = dedup(archive, shingle_size=4)
        assert fourth.hashed == n + 1 and fourth.reused == 0
    finally:
        archive.close()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
