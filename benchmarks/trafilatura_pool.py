"""Plain ``trafilatura.extract`` over an archive's stored captures, 2 processes.

    python benchmarks/trafilatura_pool.py ARCHIVE.db [--workers 2] [--out FILE]

The baseline of reextract.py: the same pages as ``wellness-archiver
reextract`` (the latest capture with a body of every post page), read from
the archive with sqlite3, decompressed and extracted with
``trafilatura.extract(html, url=..., with_metadata=True, output_format="json")``
in a plain ``multiprocessing.Pool`` (the platform default start method, fork
on Linux, after trafilatura is imported, as a short script would). Nothing is written back. Prints one JSON line:
pages, documents extracted, seconds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sqlite3
import sys
import time

import trafilatura
import zstandard

POST_CAPTURES = (
    "select c.id, coalesce(c.final_url, c.url), c.body, c.body_encoding "
    "from captures c join pages p on p.url = c.url "
    "where p.page_type = 'post' and c.id in "
    "(select max(id) from captures where body is not null group by url) order by c.id"
)

_dctx = None


def extract_one(row: tuple) -> bool:
    global _dctx
    _id, url, body, encoding = row
    if encoding == "zstd":
        if _dctx is None:
            _dctx = zstandard.ZstdDecompressor()
        body = _dctx.decompress(body)
    out = trafilatura.extract(body, url=url, with_metadata=True, output_format="json")
    return out is not None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    rows = con.execute(POST_CAPTURES).fetchall()
    con.close()
    with multiprocessing.Pool(args.workers) as pool:
        docs = sum(pool.imap_unordered(extract_one, rows, chunksize=4))
    print(json.dumps({"pages": len(rows), "docs": docs, "seconds": round(time.perf_counter() - t0, 3)}))
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
