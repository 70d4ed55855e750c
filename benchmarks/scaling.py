"""Extraction time against page size: a linear pass keeps CPU seconds per MB flat.

    python benchmarks/scaling.py                       # every shape at 1, 2, 4 and 8 MB
    python benchmarks/scaling.py --shapes paragraphs --sizes 1,2,4,8,16

Shapes of one huge generated article page (each a single post):

* paragraphs: many paragraphs of prose in one <article> (a long post);
* giant: one paragraph holding all the prose;
* tiny: one paragraph of thousands of one-word <span> elements (a code listing);
* links: a block of thousands of links after a short paragraph (a tag cloud);
* divs: the prose in <div>s, no <p> at all;
* deep: the paragraphs under 250 nested <div>s.

For each size: CPU seconds of ``extract_with_reason`` (one call, after a
warm-up), seconds per MB, and the ratio to the previous size's time (2.0 per
doubling is linear, 4.0 quadratic). The package imported is the one on
``sys.path`` (``PYTHONPATH=/path/to/checkout`` measures that checkout).
"""

from __future__ import annotations

import argparse
import time

SENTENCE = ("Therapy is a slow conversation about what hurts and what helps. Each week the client and the "
            "therapist notice patterns, name feelings and try small experiments between sessions. ")
HEAD = ('<!doctype html><html><head><meta charset="utf-8"><title>A very long post</title>'
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-03-01T10:00:00Z"></head>'
        "<body><header><a href='/'>A blog</a></header><main><article><h1>A very long post</h1>")
TAIL = "</article></main><footer>A footer</footer></body></html>"


def _repeat(size: int, item) -> str:
    out, total, n = [], 0, 0
    while total < size:
        piece = item(n)
        out.append(piece)
        total += len(piece)
        n += 1
    return "".join(out)


SHAPES = {
    "paragraphs": lambda size: HEAD + _repeat(size, lambda n: f"<p>{SENTENCE}({n})</p>") + TAIL,
    "giant": lambda size: HEAD + "<p>" + SENTENCE * (size // len(SENTENCE) + 1) + "</p>" + TAIL,
    "tiny": lambda size: HEAD + "<p>" + _repeat(size, lambda n: f"<span>w{n}</span> ") + "</p>" + TAIL,
    "links": lambda size: (HEAD + f"<p>{SENTENCE * 3}</p><div>"
                           + _repeat(size, lambda n: f"<a href='/t/{n}/'>w{n}</a> ") + "</div>" + TAIL),
    "divs": lambda size: HEAD + _repeat(size, lambda n: f"<div class='x'>{SENTENCE}({n})</div>") + TAIL,
    "deep": lambda size: (HEAD + "<div>" * 250 + _repeat(size, lambda n: f"<p>{SENTENCE}({n})</p>")
                          + "</div>" * 250 + TAIL),
}


def measure(shape: str, megabytes: float) -> tuple[float, str]:
    from wellness_archiver.extraction import extract_with_reason

    html = SHAPES[shape](int(megabytes * 1_000_000)).encode()
    start = time.process_time()
    article, reason = extract_with_reason(html, "http://blog.test/long/")
    spent = time.process_time() - start
    return spent, reason or f"{article.word_count} words ({article.extractor_candidate})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated: " + ", ".join(SHAPES))
    parser.add_argument("--sizes", default="1,2,4,8", help="MB, comma-separated")
    args = parser.parse_args()
    from wellness_archiver.extraction import extract_with_reason

    extract_with_reason(SHAPES["paragraphs"](20_000), "http://blog.test/warm/")  # imports, lazy setup
    print(f"{'shape':<11} {'MB':>5} {'CPU s':>8} {'s/MB':>6} {'x prev':>7}  result")
    for shape in args.shapes.split(","):
        previous = None
        for megabytes in (float(x) for x in args.sizes.split(",")):
            spent, result = measure(shape, megabytes)
            ratio = f"{spent / previous:.2f}" if previous else ""
            print(f"{shape:<11} {megabytes:>5g} {spent:>8.2f} {spent / megabytes:>6.2f} {ratio:>7}  {result}",
                  flush=True)
            previous = spent
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
