"""Export benchmark: peak RSS and articles/s of each export format on a large archive.

    python benchmarks/export.py [--articles 50000] [--formats jsonl,parquet,csv,txt] [--no-dedup]

1. builds (or reuses, from benchmarks/out/export/n<N>.db) an archive of N
   synthetic articles (10 sites, 150-900 words of generated prose each, with
   language/quality fields and 2% near-duplicates) with sqlite-utils
   ``insert_all``; same N and seed, same archive;
2. runs ``wellness-archiver export`` for each format as a child process,
   sampled every 0.05 s with psutil, twice: one site (~N/10 articles) and the
   whole archive. Constant memory means the two peaks are about equal;
3. runs ``wellness-archiver dedup`` on the whole archive (crawls run it at
   their end), unless --no-dedup;
4. prints a table and writes benchmarks/out/export-result.json.

Nothing is contacted over the network.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

try:
    import psutil
except ImportError:  # psutil is in the project's [test] extra
    sys.exit("export.py needs psutil: pip install psutil  (or pip install -e '.[test]')")

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out" / "export"
SEED = 4
SITES = 10
WORDS = (
    "anxiety calm breath body mind worry sleep rest therapy therapist client feeling thought pattern habit "
    "practice notice gentle pause moment week morning evening support friend family partner grief loss change "
    "stress nervous system safety trust boundary kindness self compassion shame fear anger joy hope skill "
    "routine walk journal write list small step slowly often sometimes usually really important helpful "
    "difficult hard easy common normal human people person everyone nobody something nothing because while"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + rng.choice(".....?!")


def article_text(rng: random.Random) -> str:
    target = rng.randint(150, 900)
    paragraphs, count = [], 0
    while count < target:
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        count += len(para.split())
        paragraphs.append(para)
    return "\n".join(paragraphs)


def build_archive(path: Path, n: int) -> None:
    sys.path.insert(0, str(BENCH.parent))
    from wellness_archiver.archive.db import Archive, content_hash

    rng = random.Random(SEED)
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    archive = Archive(tmp)
    run_id = archive.start_run([f"https://site{i}.example/" for i in range(SITES)], {}, {"benchmark": "export"},)
    archive.db["sites"].insert_all(
        [{"host": f"site{i}.example", "name": f"Site {i}", "platform": "wordpress", "language": "en"}
         for i in range(SITES)], pk="host")
    start = time.perf_counter()

    def rows():
        previous = ""
        for i in range(n):
            text = article_text(rng)
            if previous and rng.random() < 0.02:  # a near-duplicate of the previous article
                text = previous + "\nThis article first appeared elsewhere and is republished with permission."
            previous = text
            site = i % SITES
            year = 2015 + i % 10
            yield {
                "url": f"https://site{site}.example/{year}/post-{i}/", "host": f"site{site}.example",
                "canonical_url": f"https://site{site}.example/{year}/post-{i}/",
                "title": sentence(rng)[:60], "author": f"Author {i % 37}", "published": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "site_name": f"Site {site}", "tags": json.dumps(["therapy", WORDS[i % len(WORDS)]]),
                "description": sentence(rng), "language": "en", "platform": "wordpress",
                "word_count": len(text.split()), "text": text, "content_hash": content_hash(text),
                "first_seen": "2026-01-01T00:00:00+00:00", "last_seen": "2026-01-01T00:00:00+00:00",
                "crawl_run": run_id, "page_url": f"https://site{site}.example/{year}/post-{i}/",
                "extractor": "wellness-extract/0.1.0+trafilatura/2.3.1", "language_detected": "en",
                "language_confidence": 0.99, "sentence_count": text.count(".") + text.count("?") + text.count("!"),
                "link_share": 0.0, "non_prose_share": 0.0, "quality_flags": "[]",
            }

    archive.db["articles"].insert_all(rows(), batch_size=1000)
    archive.finish_run(run_id, "finished", {"posts_stored": n})
    archive.close()
    tmp.rename(path)
    print(f"built {path} ({n:,} articles, {path.stat().st_size / 2**20:,.0f} MiB) in {time.perf_counter() - start:.0f} s")


def measure(cmd: list[str]) -> dict:
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.decode()}{err.decode()}")
    return {"seconds": round(time.perf_counter() - start, 2), "peak_rss_mib": round(peak / 2**20, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--formats", default="jsonl,parquet,csv,txt")
    parser.add_argument("--no-dedup", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"n{args.articles}.db"
    if not db.exists():
        build_archive(db, args.articles)
    cli = [sys.executable, "-m", "wellness_archiver"]
    results: dict = {"articles": args.articles, "archive_mib": round(db.stat().st_size / 2**20), "exports": {}}
    one_site = args.articles // SITES + (1 if args.articles % SITES else 0)
    print(f"{'format':8} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'peak RSS MiB':>13} {'file MiB':>9}")
    for fmt in args.formats.split(","):
        ext = {"jsonl": "jsonl", "parquet": "parquet", "csv": "csv", "txt": "txt"}[fmt]
        for label, extra, count in (("one site", ["--site", "site0.example"], one_site),
                                    ("all", [], args.articles)):
            out = OUT / f"corpus-{label.replace(' ', '-')}.{ext}"
            m = measure(cli + ["export", str(db), str(out), "--format", fmt, "--force", *extra])
            m.update(articles=count, articles_per_s=round(count / m["seconds"]),
                     file_mib=round(out.stat().st_size / 2**20, 1))
            results["exports"].setdefault(fmt, {})[label] = m
            print(f"{fmt:8} {count:>9,} {m['seconds']:>8} {m['articles_per_s']:>11,} {m['peak_rss_mib']:>13} "
                  f"{m['file_mib']:>9}")
            out.unlink()
    if not args.no_dedup:
        m = measure(cli + ["dedup", str(db), "--threshold", "0.85"])
        m["articles_per_s"] = round(args.articles / m["seconds"])
        results["dedup"] = m
        print(f"dedup    {args.articles:>9,} {m['seconds']:>8} {m['articles_per_s']:>11,} {m['peak_rss_mib']:>13}")
    (OUT.parent / "export-result.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
