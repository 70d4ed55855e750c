"""A behaviour snapshot of the extractor: record it, then compare a later code version against it.

    python benchmarks/extraction_snapshot.py record OUT.json [--step 4]
    python benchmarks/extraction_snapshot.py compare OUT.json

Runs ``extract_with_reason`` on a fixed sample of the three development sets
in /work/shared/devset (every ``--step``-th page of wcxb-dev, readability-dev
and trafilatura-eval, in the loaders' sorted order: benchmarks/devsets.py)
and keeps, per page, the text, title, author, published date and the reason
when there is no article. ``compare`` runs the current code on the pages the
snapshot names and prints each field that differs; exit status 1 when any
does. The package imported is the one on ``sys.path``: run it with
``PYTHONPATH=/path/to/checkout`` to snapshot that checkout's code.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devsets import LOADERS  # noqa: E402

FIELDS = ("text", "title", "author", "published", "reason")


def _pages(step: int):
    for set_name, load in LOADERS.items():
        for page in load()[::step]:
            yield set_name, page


def _run(page) -> dict:
    from wellness_archiver.extraction import extract_with_reason

    article, reason = extract_with_reason(page["html"], page["url"])
    if article is None:
        return {"text": None, "title": None, "author": None, "published": None, "reason": reason}
    return {"text": article.text, "title": article.title, "author": article.author,
            "published": article.published, "reason": None}


def record(out: Path, step: int) -> int:
    import wellness_archiver.extraction as extraction

    pages, cpu = {}, 0.0
    for set_name, page in _pages(step):
        start = time.process_time()
        pages[f"{set_name}/{page['id']}"] = _run(page)
        cpu += time.process_time() - start
    out.write_text(json.dumps({"step": step, "package": extraction.__file__, "pages": pages},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"recorded {len(pages)} pages from {extraction.__file__} in {cpu:.1f} s CPU -> {out}")
    return 0


def _describe(field: str, old, new) -> str:
    if field != "text" or old is None or new is None:
        return f"  {field}: {old!r} -> {new!r}"
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return "  text:\n" + "\n".join(f"    {line[:160]}" for line in list(diff)[2:12])


def compare(snapshot: Path) -> int:
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    want = data["pages"]
    changed = 0
    seen = 0
    for set_name, page in _pages(data["step"]):
        key = f"{set_name}/{page['id']}"
        if key not in want:
            continue
        seen += 1
        got = _run(page)
        diffs = [f for f in FIELDS if got.get(f) != want[key].get(f)]
        if diffs:
            changed += 1
            print(key)
            for f in diffs:
                print(_describe(f, want[key].get(f), got.get(f)))
    missing = len(want) - seen
    print(f"{seen} pages compared, {changed} differ" + (f", {missing} missing from the sets" if missing else ""))
    return 1 if changed or missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("record", "compare"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--step", type=int, default=4, help="record every STEP-th page of each set")
    args = parser.parse_args(argv)
    return record(args.out, args.step) if args.mode == "record" else compare(args.out)


if __name__ == "__main__":
    raise SystemExit(main())
