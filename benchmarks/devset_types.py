"""wcxb-dev by page type: word F1, precision and recall of ours, plain trafilatura and each candidate.

    python benchmarks/devset_types.py [--cache DIR] [--rerun-below WORDS]

Reads ``candidate_cache.py``'s cache (DIR/wcxb-dev.jsonl): per page ours,
plain ``trafilatura.extract`` and every candidate as our pipeline would print
it. Prints the mean F1 / precision / recall per type (``_internal.page_type``)
and the F1 points lost per type, split by the weaker side (precision or
recall). ``--rerun-below WORDS``: ours re-extracted with the current code on
the pages whose cached text has 1 to WORDS words (for a rule that touches
only short texts: its exact effect without rebuilding the cache).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devsets import LOADERS, words  # noqa: E402
from wellness_archiver.extraction import extract_with_reason  # noqa: E402

NAMES = ("ours", "plain", "trafilatura", "trafilatura-precision", "trafilatura-recall", "readability", "platform")
_WORD = re.compile(r"\w+")


def prf(got: str | None, want: str | None) -> tuple[float, float, float]:
    """(F1, precision, recall) of the word bags, as devsets.word_f1 counts them."""
    a, b = words(got), words(want)
    common = sum((a & b).values())
    if not common:
        return (1.0, 1.0, 1.0) if not a and not b else (0.0, 0.0 if a else 1.0, 0.0)
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r), p, r


def _texts(row: dict, page: dict, rerun_below: int | None) -> dict:
    texts = {"ours": row["texts"].get("ours"), "plain": row["texts"].get("plain")}
    texts.update((row.get("pipeline") or {}).get("clean", {}))
    if rerun_below and 0 < len(_WORD.findall(texts["ours"] or "")) <= rerun_below:
        article, _ = extract_with_reason(page["html"], page["url"])
        texts["ours"] = article.text if article is not None else None
    return texts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=Path("/tmp/extraction-cache"))
    parser.add_argument("--rerun-below", type=int, default=None)
    args = parser.parse_args(argv)
    rows = {r["id"]: r for r in map(json.loads, (args.cache / "wcxb-dev.jsonl").open(encoding="utf-8"))}
    sums: dict = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0, 0.0, 0]))
    lost: dict = defaultdict(float)
    for page in LOADERS["wcxb-dev"]():
        if page["id"] not in rows:
            continue
        texts = _texts(rows[page["id"]], page, args.rerun_below)
        for name in NAMES:
            if name not in texts:
                continue
            f1, p, r = prf(texts[name], page["text"])
            for kind in (page["type"], "all"):
                acc = sums[kind][name]
                acc[0], acc[1], acc[2], acc[3] = acc[0] + f1, acc[1] + p, acc[2] + r, acc[3] + 1
            if name == "ours":
                lost[(page["type"], "precision" if p < r else "recall")] += 1 - f1
    for kind, by_name in sorted(sums.items(), key=lambda kv: -kv[1]["ours"][3]):
        print(f"{kind} ({by_name['ours'][3]} pages)")
        for name, (f1, p, r, n) in by_name.items():
            print(f"  {name:<24} F1 {f1 / n:.3f}  P {p / n:.3f}  R {r / n:.3f}  ({n} pages)")
    print("F1 points lost (sum of 1 - F1), by type and weaker side:")
    for (kind, side), points in sorted(lost.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:<14} {side:<9} {points:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
