"""Dedup benchmark: time and peak RSS of ``wellness-archiver dedup`` on templated near-duplicates.

    python benchmarks/dedup.py [--sizes 2000,8000,20000] [--templates 1] [--baseline DIR]

1. builds (or reuses, from benchmarks/out/dedup/n<N>-t<T>.db) an archive of N
   posts made from T page templates (a shop of near-identical product posts):
   ~530 words of fixed template text with a product name, a price and a
   feature filled in, so every pair of posts of one template is a
   near-duplicate (estimated Jaccard ~0.85-0.95 on word 5-shingles): the worst
   case for a pairwise dedup;
2. runs ``wellness-archiver dedup`` on it as a child process, sampled every
   0.05 s with psutil (peak RSS of the process tree; CPU seconds from
   getrusage, less sensitive than wall time to a busy machine), twice: ``cold`` (no
   stored signatures) and ``warm`` (signatures kept by the cold run);
3. with ``--baseline DIR`` (a checkout of another version, e.g. /work/main),
   also runs that version's dedup (cold) on a copy of each archive up to
   ``--baseline-max`` posts, for a ratio measured in the same run;
4. prints a table and writes benchmarks/out/dedup-result.json.

Nothing is contacted over the network.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

try:
    import psutil
except ImportError:  # psutil is in the project's [test] extra
    sys.exit("dedup.py needs psutil: pip install psutil  (or pip install -e '.[test]')")

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out" / "dedup"
SEED = 10
NAMES = ("calm", "rest", "ease", "still", "glow", "root", "tide", "bloom", "drift", "haven", "pause", "breath")
FEATURES = (
    "lavender and cedar", "a ten minute timer", "a soft cotton cover", "a guided audio track", "recycled glass",
    "a weighted base", "an eye mask", "a travel pouch", "unscented wax", "a printed journal", "bamboo fibre",
    "a warm amber light", "a quiet fan", "a breathing card", "a linen bag", "a gentle chime",
)
TEMPLATE_WORDS = (
    "our {name} kit is made for evenings when the mind will not settle it comes with {f1} and is designed to "
    "help you build a small routine that signals to your body that the day is over many of our customers use "
    "it after work before dinner or just before bed the idea is simple give yourself ten quiet minutes notice "
    "your breath and let the thoughts of the day pass without chasing them therapists often suggest that a "
    "routine works best when it is small and repeated every day rather than big and rare the kit includes "
    "{f2} which many people find grounding and a short guide written with a licensed counsellor that explains "
    "three easy practices for slowing down the guide is not therapy and does not replace professional support "
    "if you are struggling please talk to your doctor or a counsellor the price is {price} including delivery "
    "and every order comes with {f3} we pack each kit by hand in our small workshop and ship within two working "
    "days returns are free within thirty days if the kit is not right for you reviews from customers say the "
    "{name} kit helped them sleep earlier feel less tense in the evening and look forward to a quiet moment "
    "that belongs to them alone we hope it does the same for you and that your evenings become a little kinder "
    "every week with a little practice and patience with yourself"
)
POLICY = (
    "about our shop we are a small team of two people who started making evening kits after years of working in "
    "community mental health services we believe that small daily habits matter and that rest is a skill anyone "
    "can practise we source our materials from suppliers we have visited ourselves and we pay fair prices for "
    "them every kit is checked twice before it leaves the workshop delivery usually takes three to five working "
    "days within the country and up to two weeks abroad you will receive an email with a tracking link as soon "
    "as your parcel is on its way if anything arrives damaged please write to us and we will send a replacement "
    "at no cost returns are accepted within thirty days of delivery as long as the kit is unused and in its "
    "original packaging refunds are made to the original payment method within five working days of receiving "
    "the return we do not share your details with anyone and we only use your email address to send order "
    "updates unless you ask to join our monthly letter which you can leave at any time with one click our "
    "products are not medical devices and the guides that come with them are for general wellbeing only if you "
    "are in crisis please contact your local emergency number or a crisis line straight away thank you for "
    "supporting a small independent workshop and for making a little time for yourself"
)


def template_text(rng: random.Random, template: int) -> str:
    words = TEMPLATE_WORDS.split()
    rng_t = random.Random(template)  # each template reorders a few of its sentences' words
    for _ in range(template * 20):
        a, b = rng_t.randrange(len(words)), rng_t.randrange(len(words))
        words[a], words[b] = words[b], words[a]
    feature = rng.choice(FEATURES)
    text = " ".join(words).format(name=rng.choice(NAMES) + str(rng.randint(1, 999)), f1=feature, f2="{f2}",
                                  f3="{f3}", price=f"${rng.randint(19, 99)}")
    return text.replace("{f2}", "a printed guide").replace("{f3}", "a thank you card") + "\n" + POLICY


def build_archive(path: Path, n: int, templates: int) -> None:
    sys.path.insert(0, str(BENCH.parent))
    from wellness_archiver.archive.db import Archive, content_hash

    rng = random.Random(SEED)
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    archive = Archive(tmp)
    run_id = archive.start_run(["https://shop.example/"], {}, {"benchmark": "dedup"})
    archive.db["sites"].insert_all([{"host": "shop.example", "name": "Shop", "platform": "wordpress"}], pk="host")

    def rows():
        for i in range(n):
            text = template_text(rng, i % templates)
            url = f"https://shop.example/product/p-{i}/"
            yield {"url": url, "host": "shop.example", "canonical_url": url, "title": f"Kit {i}",
                   "published": f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}", "language": "en",
                   "word_count": len(text.split()), "text": text, "content_hash": content_hash(text),
                   "first_seen": "2026-01-01T00:00:00+00:00", "last_seen": "2026-01-01T00:00:00+00:00",
                   "crawl_run": run_id, "page_url": url, "tags": "[]", "language_detected": "en",
                   "language_confidence": 0.99, "sentence_count": 10, "link_share": 0.0, "non_prose_share": 0.0,
                   "quality_flags": "[]"}

    archive.db["articles"].insert_all(rows(), batch_size=1000)
    archive.finish_run(run_id, "finished", {"posts_stored": n})
    archive.close()
    tmp.rename(path)


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], cwd: Path | None = None) -> dict:
    """Wall and CPU seconds (CPU time is less sensitive to a busy machine) and peak RSS of cmd."""
    start, cpu = time.perf_counter(), cpu_of_children()
    # python -m puts the working directory first on sys.path: it picks the version measured
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd or BENCH.parent,
                        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})  # leave the other checkout untouched
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
    return {"seconds": round(time.perf_counter() - start, 2), "cpu_seconds": round(cpu_of_children() - cpu, 2),
            "peak_rss_mib": round(peak / 2**20, 1)}


def clusters_of(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*), coalesce(sum(size - 1), 0) from duplicate_clusters").fetchone()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,8000,20000")
    parser.add_argument("--templates", type=int, default=1, help="page templates (clusters expected)")
    parser.add_argument("--baseline", type=Path, help="checkout of another version to compare with")
    parser.add_argument("--baseline-max", type=int, default=2000, help="largest archive given to --baseline")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "wellness_archiver", "dedup"]
    results: dict = {"templates": args.templates, "cpus": os.cpu_count(),
                     "load_before": [round(x, 2) for x in os.getloadavg()], "runs": {}}
    print(f"{'posts':>7} {'run':9} {'seconds':>8} {'CPU s':>7} {'peak RSS MiB':>13} {'clusters':>9} "
          f"{'duplicates':>11}")
    for n in (int(s) for s in args.sizes.split(",")):
        db = OUT / f"n{n}-t{args.templates}.db"
        if not db.exists():
            build_archive(db, n, args.templates)
        work = OUT / "work.db"
        runs = [("cold", None), ("warm", None)]
        if args.baseline and n <= args.baseline_max:
            runs.append(("baseline", args.baseline.resolve()))
        for label, cwd in runs:
            if label != "warm":  # warm reuses the signatures the cold run stored
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{work}{suffix}").unlink(missing_ok=True)
                shutil.copy(db, work)
            m = measure(cli + [str(work), "--threshold", "0.85"], cwd=cwd)
            m["clusters"], m["duplicates"] = clusters_of(work)
            results["runs"].setdefault(str(n), {})[label] = m
            print(f"{n:>7,} {label:9} {m['seconds']:>8} {m['cpu_seconds']:>7} {m['peak_rss_mib']:>13} {m['clusters']:>9} "
                  f"{m['duplicates']:>11,}", flush=True)
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    (OUT.parent / "dedup-result.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
