"""Run every single extractor on every devset page once and cache the outputs.

    python benchmarks/candidate_cache.py [--sets wcxb-dev,...] [--limit N] [--out DIR] [--workers N]

Writes ``DIR/<set>.jsonl`` (default /tmp/extraction-cache): per page the text
of each candidate and the CPU seconds it took, so the selector can be
trained and tuned (benchmarks/train_selector.py) without re-extracting.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import trafilatura  # noqa: E402

from devsets import LOADERS  # noqa: E402
from wellness_archiver.extraction import candidates as cand  # noqa: E402
from wellness_archiver.extraction import extract_with_reason  # noqa: E402
from wellness_archiver.extraction.core import parse_page  # noqa: E402

OUT = Path("/tmp/extraction-cache")


def _timed(fn, *args):
    start = time.process_time()
    try:
        out = fn(*args)
    except Exception as exc:  # a candidate failing is data too
        out = None
        print(f"  {fn.__name__} raised {type(exc).__name__}", file=sys.stderr)
    return out, time.process_time() - start


def run_page(page: dict) -> dict:
    html, url = page["html"], page["url"]
    texts, cpu = {}, {}
    texts["plain"], cpu["plain"] = _timed(lambda h, u: trafilatura.extract(h, url=u), html, url)
    article, cpu["ours"] = _timed(lambda h, u: extract_with_reason(h, u)[0], html, url)
    texts["ours"] = article.text if article is not None else None
    meta = {k: getattr(article, k) for k in ("title", "author", "published")} if article is not None else {}
    tree, cpu["parse"] = _timed(lambda h: parse_page(h)[0], html)
    if tree is not None:
        for name, fn in cand.SINGLE.items():
            lines, cpu[name] = _timed(fn, tree, url)
            texts[name] = "\n".join(lines) if lines is not None else None
    return {"id": page["id"], "texts": texts, "cpu": cpu, "meta": meta}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default=",".join(LOADERS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.sets.split(","):
        pages = LOADERS[name](args.limit)
        with Pool(args.workers) as pool, (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for i, row in enumerate(pool.imap(run_page, pages, chunksize=4)):
                fh.write(json.dumps(row) + "\n")
                if i % 100 == 0:
                    print(f"{name}: {i}/{len(pages)}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
