"""MinHash signatures of the articles, kept in ``dedup_signatures``.

Shingling and hashing is most of a dedup's work; an article whose
``content_hash`` and hashing parameters are those of its stored signature is
not hashed again (its text is not even read). A signature is 512 bytes
(128 32-bit values). Shingling and hashing themselves are
``analysis/similarity.py``.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from wellness_archiver.analysis.similarity import comparable, shingles, signature_scheme, signatures

_ROWS = """
select a.url, a.canonical_url, a.content_hash, a.published, a.first_seen, s.signature,
       s.url is not null and s.content_hash is a.content_hash and s.params = :params as hit,
       case when s.url is not null and s.content_hash is a.content_hash and s.params = :params
            then null else a.text end
from articles a left join dedup_signatures s on s.url = a.url
order by a.url
"""


class SignatureCache:
    def __init__(self, db, shingle_size: int, num_perm: int):
        self.dtype, scheme = signature_scheme(num_perm)  # the scheme and dtype this datasketch uses
        self.params = f"shingles={shingle_size} {scheme}"
        self.db, self.shingle_size, self.num_perm = db, shingle_size, num_perm
        self.fresh: list[tuple] = []  # (url, content_hash, signature bytes | None) to store
        self.hits = 0

    def scan(self, chunk: int) -> Iterator[tuple[list[tuple], list[np.ndarray | None]]]:
        """Batches of (url, canonical_url, content_hash, published, first_seen) rows, by URL,
        with each one's signature (None when its text is too short to compare)."""
        cursor = self.db.conn.execute(_ROWS, {"params": self.params})
        while True:
            rows = cursor.fetchmany(chunk)
            if not rows:
                return
            sigs: list[np.ndarray | None] = [None] * len(rows)
            todo, todo_shingles = [], []
            for k, row in enumerate(rows):
                if row[6]:
                    self.hits += 1
                    sigs[k] = None if row[5] is None else np.frombuffer(row[5], dtype=self.dtype)
                    continue
                found = shingles(row[7], self.shingle_size)
                if comparable(found):
                    todo.append(k)
                    todo_shingles.append(found)
                else:
                    self.fresh.append((row[0], row[2], None))
            for k, sig in zip(todo, signatures(todo_shingles, self.num_perm)):
                sigs[k] = sig
                self.fresh.append((rows[k][0], rows[k][2], sig.tobytes()))
            yield [row[:5] for row in rows], sigs

    def save(self) -> None:
        """Store the signatures computed by ``scan``; forget those of articles no longer there.
        Call inside the dedup's transaction."""
        self.db.conn.executemany(
            "insert or replace into dedup_signatures (url, content_hash, params, signature) values (?, ?, ?, ?)",
            [(url, chash, self.params, sig) for url, chash, sig in self.fresh],
        )
        self.db.execute("delete from dedup_signatures where url not in (select url from articles)")
        self.fresh.clear()
