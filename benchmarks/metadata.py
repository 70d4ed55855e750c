"""Title / author / date accuracy only (no text F1), ours vs. plain trafilatura.

    PYTHONPATH=. python benchmarks/metadata.py [--sets wcxb-dev,readability-dev] [--workers 2]
        [--limit N] [--fails FIELD] [--json out.json]

Scoring as each set's README says (benchmarks/devsets.py: title equal after
case-folding and whitespace collapse, author name tokens contained either way,
date by calendar day; only pages whose gold has the field count; readability-dev
only its readerable pages). Plain ``trafilatura.bare_extraction(with_metadata=True)``
does not change between runs of ours: its results are cached under /tmp.
``--fails title`` lists the pages ours gets wrong for that field (gold vs ours).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from devsets import LOADERS, author_ok, date_ok, title_ok  # noqa: E402

CACHE = Path("/tmp/metadata-plain-cache")
FIELDS = (("title", "title", title_ok), ("author", "author", author_ok), ("date", "published", date_ok))


def _ours(page: dict) -> tuple[dict | None, float]:
    from wellness_archiver.extraction import extract_with_reason

    start = time.process_time()
    article, _ = extract_with_reason(page["html"], page["url"])
    cpu = time.process_time() - start
    if article is None:
        return None, cpu
    return {"title": article.title, "author": article.author, "published": article.published}, cpu


def _plain(page: dict) -> tuple[dict | None, float]:
    import trafilatura

    doc = trafilatura.bare_extraction(page["html"], url=page["url"], with_metadata=True)
    return (None if doc is None else {"title": doc.title, "author": doc.author, "published": doc.date}), 0.0


def _scored(set_name: str, pages: list[dict]) -> list[dict]:
    return [p for p in pages if p.get("readerable", True)]


def _score(pages: list[dict], outs: list[dict | None]) -> dict:
    result = {}
    for field, key, ok in FIELDS:
        have = [(p, o) for p, o in zip(pages, outs) if p.get(field)]
        result[field] = (sum(1 for p, o in have if ok((o or {}).get(key), p[field])) / len(have), len(have))
    return result


def _plain_outputs(set_name: str, pages: list[dict], pool) -> list[dict | None]:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{set_name}.json"
    cached = json.loads(path.read_text()) if path.exists() else {}
    missing = [p for p in pages if p["id"] not in cached]
    if missing:
        for page, (out, _) in zip(missing, pool.map(_plain, missing, chunksize=4)):
            cached[page["id"]] = out
        path.write_text(json.dumps(cached))
    return [cached[p["id"]] for p in pages]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="wcxb-dev,readability-dev")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--fails", action="append", default=[], choices=[f for f, _, _ in FIELDS])
    ap.add_argument("--no-plain", action="store_true", help="skip plain trafilatura")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    report = {}
    with Pool(args.workers) as pool:
        for set_name in args.sets.split(","):
            pages = _scored(set_name, LOADERS[set_name](args.limit))
            results = pool.map(_ours, pages, chunksize=4)
            ours = [o for o, _ in results]
            cpu_ms = 1000 * sum(c for _, c in results) / max(len(pages), 1)
            entry = {"pages": len(pages), "cpu_ms_per_page": cpu_ms, "ours": _score(pages, ours)}
            if not args.no_plain:
                entry["plain trafilatura"] = _score(pages, _plain_outputs(set_name, pages, pool))
            report[set_name] = entry
            print(f"{set_name}: {len(pages)} pages, ours {cpu_ms:.1f} ms CPU/page (whole extraction)")
            for name in ("ours", "plain trafilatura"):
                if name in entry:
                    print(f"  {name:<18} " + "  ".join(
                        f"{f} {100 * v:.1f}% (of {n})" for f, (v, n) in entry[name].items()))
            for field in args.fails:
                key, ok = next((k, o) for f, k, o in FIELDS if f == field)
                print(f"  -- {field} failures")
                for page, out in zip(pages, ours):
                    if page.get(field) and not ok((out or {}).get(key), page[field]):
                        print(f"  {page['id']}\t{page[field]!r}\t{(out or {}).get(key)!r}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
