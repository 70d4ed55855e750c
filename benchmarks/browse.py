"""Datasette benchmark: do the canned queries and the article page scale
linearly with the archive?

    python benchmarks/browse.py [--articles 5000,20000]

Builds (or reuses) the export benchmark's synthetic archives
(benchmarks/out/export/n<N>.db, see export.py), then times each canned query
and an article page through Datasette's test client, in one process, with no
query time limit; best of 3. Prints milliseconds per size and the ratio of
the largest to the smallest size next to the ratio of their article counts:
linear queries grow by about the same factor. Nothing is contacted over the
network.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from export import OUT, build_archive  # noqa: E402

PATHS = {
    "search": "/{db}/search.json?q=therapy+grief&_size=max",
    "search prefix": "/{db}/search.json?q=therap*+kind*",
    "chrome_leaks": "/{db}/chrome_leaks.json",
    "failures": "/{db}/failures.json",
    "duplicates": "/{db}/duplicates.json",
    "articles_per_month": "/{db}/articles_per_month.json",
    "policy": "/{db}/policy.json",
    "crawl_runs": "/{db}/crawl_runs.json",
    "article_list year facet": "/{db}/article_list.json?_facet=year&_facet=month",
    "article page": "/{db}/articles/{url}",
}


async def time_paths(path: Path) -> dict[str, float]:
    from datasette.app import Datasette
    from datasette.utils import tilde_encode

    from wellness_archiver.archive.db import Archive

    Archive(path).close()  # migrate (article_list)
    ds = Datasette([str(path)], settings={"sql_time_limit_ms": 600_000, "facet_time_limit_ms": 600_000})
    db = path.stem
    url = (await ds.get_database(db).execute("select url from articles limit 1")).first()[0]
    results = {}
    for name, template in PATHS.items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            response = await ds.client.get(template.format(db=db, url=tilde_encode(url)))
            best = min(best, time.perf_counter() - start)
            assert response.status_code == 200, (name, response.status_code, response.text[:300])
        results[name] = best * 1000
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="5000,20000", help="comma-separated archive sizes")
    sizes = [int(n) for n in parser.parse_args().articles.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    timings = {}
    for n in sizes:
        path = OUT / f"n{n}.db"
        if not path.exists():
            build_archive(path, n)
        timings[n] = asyncio.run(time_paths(path))
    small, large = sizes[0], sizes[-1]
    print(f"{'ms':<26}" + "".join(f"{n:>10,}" for n in sizes) + f"{'ratio':>8}  (articles x{large / small:.1f})")
    for name in PATHS:
        row = "".join(f"{timings[n][name]:>10.1f}" for n in sizes)
        print(f"{name:<26}{row}{timings[large][name] / timings[small][name]:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
