"""The selector's training and evaluation data, from ``candidate_cache.py``'s cache.

Per page: the page signals, the first candidate and the alternates as the
pipeline saw them (raw lines: the selector's input), and each candidate's
score as our pipeline would print it if chosen (cleaned text, each set's
scorer): word F1 on wcxb-dev and readability-dev, per-page snippet counts on
trafilatura-eval (its figure is micro-averaged over the set).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from devsets import LOADERS, word_f1
from wellness_archiver.extraction import selector as sel

CACHE = Path("/tmp/extraction-cache")
SINGLE_NAMES = ("trafilatura", "trafilatura-precision", "trafilatura-recall", "readability")


def _snippets(text: str | None, page: dict) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives), as score_pages counts them."""
    text = text or ""
    tp = sum(1 for s in page["with"] if text and s in text)
    fp = sum(1 for s in page["without"] if text and s in text)
    return tp, fp, len(page["with"]) - tp


def _score(set_name: str, page: dict, text: str | None):
    if set_name == "trafilatura-eval":
        return _snippets(text, page)
    return word_f1(text, page["text"])


def page_score(counts) -> float:
    """One page's value: F1, or for snippet counts 2tp / (2tp + fp + fn)."""
    if not isinstance(counts, tuple):
        return counts
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _signals(d: dict) -> sel.PageSignals:
    return sel.PageSignals(prose_words=d["prose_words"],
                           jsonld_body=Counter(d["jsonld_body"]) if d["jsonld_body"] else None,
                           has_article=d["has_article"], platform_root=d["platform_root"])


def load_rows(set_name: str, cache: Path = CACHE) -> list[dict]:
    """Every scored page of the set; ``first`` is None when the page never
    reached the selector (rejected before: its score is ``fixed``)."""
    cached = {}
    for line in (cache / f"{set_name}.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        cached[row["id"]] = row
    rows = []
    for page in LOADERS[set_name]():
        if not page.get("readerable", True) or page["id"] not in cached:
            continue
        row = cached[page["id"]]
        out = {"set": set_name, "id": page["id"], "type": page.get("type"), "first": None,
               "fixed": _score(set_name, page, row["texts"].get("ours"))}
        pipe = row.get("pipeline")
        if pipe:
            cands = {name: sel.Candidate(name, lines) for name, lines in pipe["lines"].items()}
            out.update(signals=_signals(pipe["signals"]), first=cands.pop(pipe["first"]), alts=cands,
                       scores={name: _score(set_name, page, pipe["clean"].get(name))
                               for name in set(pipe["clean"]) | set(SINGLE_NAMES)},
                       cpu=row["cpu"])
            out["f1"] = {name: page_score(s) for name, s in out["scores"].items()}
        rows.append(out)
    return rows


def set_figure(set_name: str, rows: list[dict], picks: list[str | None]) -> dict:
    """The set's figure when each row prints its pick's text (None: the fixed outcome)."""
    values = [r["fixed"] if p is None else r["scores"].get(p, r["fixed"]) for r, p in zip(rows, picks)]
    if set_name == "trafilatura-eval":
        tp, fp, fn = (sum(v[i] for v in values) for i in range(3))
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        return {"f1": 2 * precision * recall / max(precision + recall, 1e-9)}
    figure = {"f1": sum(values) / max(len(values), 1)}
    arts = [v for v, r in zip(values, rows) if r["type"] == "article"]
    if arts:
        figure["articles"] = sum(arts) / len(arts)
    return figure


def single_picks(rows: list[dict], name: str) -> list[str | None]:
    """Each page printing the candidate ``name`` (empty when that extractor found nothing)."""
    return [None if r["first"] is None else name for r in rows]
