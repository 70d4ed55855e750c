"""Run every single extractor on every devset page once and cache the outputs.

    python benchmarks/candidate_cache.py [--sets wcxb-dev,...] [--limit N] [--out DIR] [--workers N]

Writes ``DIR/<set>.jsonl`` (default /tmp/extraction-cache): per page the text
of each candidate and the CPU seconds it took, so the selector can be
trained and tuned (benchmarks/train_selector.py) without re-extracting.

The candidates are captured inside our pipeline, as the selector sees them:
on the same tree, after the same steps (``pipeline``: the page signals, the
first candidate and every alternate's raw lines), and each one also as our
pipeline would print it if chosen (``clean``: hashtag runs and chrome lines
removed, None under the minimum word count), which is what the selector
is scored on.
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
from wellness_archiver.extraction import core  # noqa: E402
from wellness_archiver.extraction.cleaners import clean_lines, split_hashtags  # noqa: E402
from wellness_archiver.extraction.core import parse_page  # noqa: E402
from wellness_archiver.extraction.signals import ALTERNATES  # noqa: E402

OUT = Path("/tmp/extraction-cache")


def _timed(fn, *args):
    start = time.process_time()
    try:
        out = fn(*args)
    except Exception as exc:  # a candidate failing is data too
        out = None
        print(f"  {fn.__name__} raised {type(exc).__name__}", file=sys.stderr)
    return out, time.process_time() - start


class _Capture:
    """Hooks core's selector call and line cleaning: records the page signals,
    the first candidate and every single extractor's lines on the pipeline's
    own tree (the real selector still decides, among its usual alternates)."""

    def __init__(self):
        self.seen, self.cpu, self.clean_args = None, {}, None
        self._choose, self._clean = core.choose, core.clean_lines

    def __enter__(self):
        core.choose, core.clean_lines, self._others = self.choose, self.clean, core.other_candidates
        core.other_candidates = self.others
        return self

    def __exit__(self, *exc):
        core.choose, core.clean_lines, core.other_candidates = self._choose, self._clean, self._others

    def others(self, tree, url, first):
        found = []
        for name, fn in cand.SINGLE.items():
            if name == first:
                continue
            lines, self.cpu[name] = _timed(fn, tree, url)
            if lines:
                found.append(core.Candidate(name, lines))
        return found

    def choose(self, signals, first, more, model=None):
        signals.prose_words  # read now, as the tree is: the pipeline reads page signals lazily
        alts = more()
        self.seen = (signals, first, alts)
        usual = [c for c in alts if c.name in ALTERNATES]
        return self._choose(signals, first, lambda: usual, model)

    def clean(self, lines, *, drop, edge):
        self.clean_args = (drop, edge)
        return self._clean(lines, drop=drop, edge=edge)


def printed(lines: list[str], drop, edge) -> str | None:
    """The text our pipeline stores when these lines are chosen."""
    lines = clean_lines(split_hashtags(list(lines))[0], drop=drop, edge=edge)
    body = "\n".join(lines)
    return body if len(core._COUNTED.findall(body)) >= core.MIN_WORDS else None


def run_page(page: dict) -> dict:
    html, url = page["html"], page["url"]
    texts, cpu = {}, {}
    texts["plain"], cpu["plain"] = _timed(lambda h, u: trafilatura.extract(h, url=u), html, url)
    with _Capture() as cap:
        article, cpu["ours+all"] = _timed(lambda h, u: extract_with_reason(h, u)[0], html, url)
    texts["ours"] = article.text if article is not None else None
    meta = {k: getattr(article, k) for k in ("title", "author", "published")} if article is not None else {}
    meta["candidate"] = article.extractor_candidate if article is not None else None
    row = {"id": page["id"], "texts": texts, "cpu": cpu, "meta": meta}
    if cap.seen is None:  # rejected before the selector
        return row
    signals, first, alts = cap.seen
    cpu.update(cap.cpu)
    cpu["ours-alternates"] = cpu["ours+all"] - sum(cap.cpu.values())
    drop, edge = cap.clean_args or (set(), set())
    row["pipeline"] = {
        "signals": {"prose_words": signals.prose_words, "jsonld_body": dict(signals.jsonld_body or {}) or None,
                    "has_article": signals.has_article, "platform_root": signals.platform_root},
        "first": first.name,
        "lines": {c.name: c.lines for c in [first] + alts},
        "clean": {c.name: printed(c.lines, drop, edge) for c in [first] + alts},
    }
    for c in [first] + alts:
        texts[c.name] = "\n".join(c.lines)
    return row


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
