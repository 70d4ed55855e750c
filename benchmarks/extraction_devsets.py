"""Ours vs. each single candidate on the three real-page sets (called by extraction.py --devsets).

For each set, ours (the full pipeline with the selector) and plain
``trafilatura.extract`` run in one loop, alternating order page by page, with
their CPU time; the single candidates' outputs come from
``benchmarks/candidate_cache.py``'s cache when it holds the set (else they are
computed here). Scoring: benchmarks/devsets.py (each set's README).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import trafilatura

from devsets import LOADERS, score_pages
from wellness_archiver.extraction import extract_with_reason

CACHE = Path("/tmp/extraction-cache")
SINGLES = ("trafilatura", "trafilatura-precision", "trafilatura-recall", "readability")


def _ours(page):
    article, _ = extract_with_reason(page["html"], page["url"])
    if article is None:
        return None
    return {"text": article.text, "title": article.title, "author": article.author,
            "published": article.published, "candidate": article.extractor_candidate}


def _plain(page):
    doc = trafilatura.bare_extraction(page["html"], url=page["url"], with_metadata=True)
    if doc is None:
        return None
    return {"text": trafilatura.extract(page["html"], url=page["url"]) or "", "title": doc.title,
            "author": doc.author, "published": doc.date}


def _singles(set_name, pages, cache: Path):
    path = cache / f"{set_name}.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []
    by_id = {r["id"]: r for r in rows}
    if all(p["id"] in by_id for p in pages):
        return {n: [{"text": by_id[p["id"]]["texts"].get(n)} for p in pages] for n in SINGLES}
    sys.path.insert(0, str(Path(__file__).parent))
    from candidate_cache import run_page

    rows = [run_page(p) for p in pages]
    return {n: [{"text": r["texts"].get(n)} for r in rows] for n in SINGLES}


def _base(page):
    trafilatura.extract(page["html"], url=page["url"])


def run(limit: int | None = None, cache: Path = CACHE, sets=tuple(LOADERS), singles: bool = True) -> dict:
    result = {}
    for set_name in sets:
        pages = LOADERS[set_name](limit)
        outs = {"ours": [], "trafilatura 2.3.1 (plain)": []}
        # the baseline, plain text extraction alone (no metadata), is
        # timed in the same loop: each page's three calls in rotating order, so
        # a change of the machine's load during the run falls on all of them
        fns = {"ours": _ours, "trafilatura 2.3.1 (plain)": _plain, "base": _base}
        cpu = dict.fromkeys(fns, 0.0)
        names = list(fns)
        # once per process, not per page (as in a crawl's long-lived workers):
        # imports' lazy parts and dateparser's locale data, loaded on first use
        for fn in fns.values():
            fn(pages[0])
        for i, page in enumerate(pages):
            for name in names[i % 3:] + names[:i % 3]:
                start = time.process_time()
                out = fns[name](page)
                cpu[name] += time.process_time() - start
                if name in outs:
                    outs[name].append(out)
        base = cpu["base"]
        for name, texts in (_singles(set_name, pages, cache) if singles else {}).items():
            outs[name] = texts
        entry = {name: score_pages(set_name, pages, o) for name, o in outs.items()}
        entry["cpu_ms_per_page"] = {"ours": 1000 * cpu["ours"] / len(pages),
                                    "trafilatura.extract": 1000 * base / len(pages)}
        entry["cpu_ratio"] = cpu["ours"] / base if base else None
        chosen = {}
        for o in outs["ours"]:
            chosen[(o or {}).get("candidate") or "none"] = chosen.get((o or {}).get("candidate") or "none", 0) + 1
        entry["chosen"] = chosen
        result[set_name] = entry
        print(f"{set_name}: {len(pages)} pages, CPU ours/trafilatura.extract {entry['cpu_ratio']:.2f}"
              f" ({entry['cpu_ms_per_page']['ours']:.1f} / {entry['cpu_ms_per_page']['trafilatura.extract']:.1f}"
              f" ms/page); chosen {chosen}")
        for name in outs:
            print(f"  {name:<28} " + " ".join(f"{k} {v:.3f}" for k, v in entry[name].items() if k != "pages"))
    return result
