"""Scan time of the crawl's raw-byte scans on hostile input: the old regexes
against the current code, at two sizes, in one run.

Doubling the input doubles a linear scan's time (ratio ~2) and quadruples a
quadratic one's (ratio ~4). The old patterns are the ones replaced in the
spider (href scan), classify (JSON-LD @type), captures (<meta>) and the TDMRep
matcher; sizes are kept small so the old code finishes (60,000 repeats took
it ~55 s, ~13 s and ~9 s; the TDMRep rule ~52 s per URL at 60 characters).

    python benchmarks/hostile_scans.py
"""

from __future__ import annotations

import re
import time

from wellness_archiver.crawler.spiders.links import raw_hrefs
from wellness_archiver.crawler.spiders.policy import robots_directives
from wellness_archiver.crawler.spiders.classify import _TYPE_KEY_BYTES
from wellness_archiver.crawler.spiders.policy import PathPattern

OLD_A_HREF = re.compile(rb"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
OLD_TYPE_KEY = re.compile(rb'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
OLD_META = re.compile(rb"<meta\s[^>]*>", re.I)
RULE = "/*a*a*a*a*a*a*a*a*b"
OLD_RULE = re.compile(re.escape(RULE).replace(r"\*", ".*"))

CASES = [
    # name, unit, old scan, new scan, sizes (repeats)
    ("href scan, '<a ' x N", b"<a ", OLD_A_HREF.findall, lambda b: list(raw_hrefs(b)), (4_000, 8_000)),
    ("JSON-LD @type, '\"@type\":[' x N", b'"@type":[', OLD_TYPE_KEY.findall, _TYPE_KEY_BYTES.findall, (4_000, 8_000)),
    ("<meta> scan, '<meta ' x N", b"<meta ", OLD_META.findall, robots_directives, (4_000, 8_000)),
]


def timed(fn, arg) -> float:
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start


def main() -> None:
    print(f"{'scan':34} {'size':>9} {'old s':>9} {'new s':>9}")
    for name, unit, old, new, sizes in CASES:
        rows = [(n, timed(old, unit * n), timed(new, unit * n)) for n in sizes]
        for n, t_old, t_new in rows:
            print(f"{name:34} {len(unit) * n:>9,} {t_old:>9.4f} {t_new:>9.4f}")
        print(f"{'  ratio for 2x input':34} {'':>9} {rows[1][1] / rows[0][1]:>9.1f} {rows[1][2] / max(rows[0][2], 1e-9):>9.1f}")
        big = unit * 60_000
        print(f"{'  new, 60,000 repeats':34} {len(big):>9,} {'':>9} {timed(new, big):>9.4f}")
    for length in (18, 22):
        path = "/" + "a" * length
        t_old = timed(OLD_RULE.fullmatch, path)
        t_new = timed(PathPattern(RULE).fullmatch, path)
        print(f"{'TDMRep rule, /' + 'a' * 3 + '... path':34} {length:>9} {t_old:>9.4f} {t_new:>9.6f}")
    print(f"{'  new, 60- and 200,000-char paths':34} {'':>9} {'':>9} "
          f"{timed(PathPattern(RULE).fullmatch, '/' + 'a' * 60):>9.6f} {timed(PathPattern(RULE).fullmatch, '/' + 'a' * 200_000):.6f}")


if __name__ == "__main__":
    main()
