"""Choosing the main text among several extractors' candidates, per page.

Two small models, trained offline by ``benchmarks/train_selector.py`` on the
wcxb-dev set and shipped as ``selector_model.json`` (gradient-boosted
regression trees, evaluated here in plain Python):

* ``doubt``: from the first candidate alone (and the page), how much a
  second opinion is expected to gain. Only above a threshold are the other
  candidates computed at all: most pages pay for one extractor.
* ``quality``: each other candidate's expected word F1 gain over the first
  (model ``target`` "gain"; older models: each candidate's expected F1), from
  its own text, its agreement with the other candidates, the first one and
  the page's JSON-LD ``articleBody``. The highest wins; the first candidate
  keeps the page unless another is expected to beat it by ``margin``.

The features are about text shape and agreement only (lengths, overlaps,
punctuation, line lengths, link-free prose on the page): nothing names a site.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("selector_model.json")
_WORD = re.compile(r"\w+")
_END = tuple(".!?:;\"'”»)…。！？")
TRUSTED_WORDS = 20
# A cost-aware gate: the other candidates' CPU grows with the page, so on a
# page of more than LARGE_PAGE bytes they are computed only when the expected
# gain is LARGE_FACTOR times the model's threshold. Read off the devsets (most
# of their pages are over 100 kB: wcxb-dev 969 of 1,497, 84% of its CPU): the
# pages it shuts (doubt 0.020-0.040; wcxb-dev 112, trafilatura-eval 34,
# readability-dev 3) had their output changed by the second opinion on 15:
# shut, 6 score better, 4 worse, 5 the same; each half of each set as good.
LARGE_PAGE = 100_000
LARGE_FACTOR = 2.0
CANDIDATE_NAMES = ("platform", "trafilatura", "trafilatura-precision", "trafilatura-recall", "readability")


@dataclass
class Candidate:
    name: str
    lines: list[str]
    score: float | None = None  # the quality model's expected F1
    counts: Counter = field(default_factory=Counter, repr=False)
    words: int = 0
    _line_set: set[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.counts = Counter(_WORD.findall("\n".join(self.lines).lower()))
        self.words = sum(self.counts.values())

    @property
    def line_set(self) -> set[str]:
        if self._line_set is None:
            self._line_set = {" ".join(line.split()).casefold() for line in self.lines if line.strip()}
        return self._line_set

    def first_words(self, n: int = 12) -> str:
        return " ".join(" ".join(self.lines).split()[:n])


@dataclass
class PageSignals:
    """What the page says about its own main text, read once from the tree."""
    prose_words: int = 0  # words inside <p> elements
    jsonld_body: Counter | None = None  # JSON-LD articleBody words, when declared
    has_article: bool = False
    platform_root: bool = False  # the platform's own body element was found
    page_bytes: int = 0  # the page's size as given to the extractor


def _log(n: float) -> float:
    return math.log1p(max(n, 0))


def _overlap(a: Counter, b: Counter) -> float:
    """Share of a's words also in b (multiset)."""
    total = sum(a.values())
    return sum((a & b).values()) / total if total else 0.0


def _shape(c: Candidate) -> list[float]:
    lines = [line for line in c.lines if line.strip()]
    n = max(len(lines), 1)
    per_line = [len(line.split()) for line in lines] or [0]
    text = " ".join(lines)
    return [
        _log(c.words),
        _log(len(lines)),
        sum(per_line) / n,
        sum(1 for w in per_line if w < 5) / n,  # short lines: menus, teasers, widgets
        sum(1 for line in lines if line.rstrip().endswith(_END)) / n,  # sentences end with punctuation
        sum(text.count(p) for p in ".,;!?。，") / max(c.words, 1),
        len(set(lines)) / n,  # repeated lines
    ]


def _page(page: PageSignals, first: Candidate) -> list[float]:
    body = page.jsonld_body
    return [
        _log(page.prose_words),
        first.words / max(page.prose_words, 1),
        float(page.has_article),
        float(page.platform_root),
        float(body is not None),
        _overlap(body, first.counts) if body else -1.0,  # declared body found in the text
        sum(body.values()) / max(first.words, 1) if body else -1.0,
    ]


def doubt_features(page: PageSignals, first: Candidate) -> list[float]:
    return _page(page, first) + _shape(first)


def quality_features(page: PageSignals, cand: Candidate, others: list[Candidate]) -> list[float]:
    """``others``: the other candidates, the first candidate first when ``cand`` is not it."""
    body = page.jsonld_body
    agree_in = [_overlap(cand.counts, o.counts) for o in others] or [1.0]
    agree_out = [_overlap(o.counts, cand.counts) for o in others] or [1.0]
    ratios = [cand.words / max(o.words, 1) for o in others] or [1.0]
    onehot = [float(cand.name == name) for name in CANDIDATE_NAMES]
    return onehot + _page(page, cand) + _shape(cand) + [
        sum(agree_in) / len(agree_in), min(agree_in),  # its words confirmed by the others
        sum(agree_out) / len(agree_out), min(agree_out),  # the others' words it also has
        _log(sum(ratios) / len(ratios)), _log(max(ratios)), _log(min(ratios)),
        _overlap(cand.counts, body) if body else -1.0,  # its words in the declared body
    ] + _agreement(cand, others) + _against_first(cand, others[0] if others else cand)


def _against_first(cand: Candidate, first: Candidate) -> list[float]:
    """The candidate next to the one it would replace."""
    return [_overlap(cand.counts, first.counts), _overlap(first.counts, cand.counts),
            _log(cand.words) - _log(first.words)] + _shape(first)


def _agreement(cand: Candidate, others: list[Candidate]) -> list[float]:
    """Agreement by vocabulary and by whole lines, which word counts miss: a
    candidate repeating a paragraph, or adding lines no other one has."""
    vocab = set(cand.counts)
    seen = set().union(*(o.counts for o in others)) if others else vocab
    lines = set().union(*(o.line_set for o in others)) if others else cand.line_set
    sizes = [len(line.split()) for line in cand.lines if line.strip()]
    shared = sum(n for line, n in zip((ln for ln in cand.lines if ln.strip()), sizes)
                 if " ".join(line.split()).casefold() in lines)
    counts = sorted(o.words for o in others + [cand])
    return [
        len(vocab & seen) / max(len(vocab), 1),  # its distinct words that another candidate has
        shared / max(sum(sizes), 1),  # its words in lines another candidate has verbatim
        1 - len(cand.line_set) / max(len(sizes), 1),  # repeated lines
        counts.index(cand.words) / max(len(counts) - 1, 1),  # its length's rank among the candidates
        float(len(others)),
    ]


# --- the shipped models -----------------------------------------------------


def predict(trees: list[dict], base: float, rate: float, x: list[float]) -> float:
    """A gradient-boosted ensemble: base + rate * sum of tree outputs."""
    total = base
    for tree in trees:
        node = 0
        feature, threshold, left, right, value = (tree[k] for k in ("f", "t", "l", "r", "v"))
        while left[node] != -1:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        total += rate * value[node]
    return total


@lru_cache(maxsize=1)
def load_model(path: str = str(MODEL_PATH)) -> dict | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class Choice:
    chosen: Candidate
    candidates: list[Candidate]
    doubt: float | None
    reason: str


def choose(page: PageSignals, first: Candidate, more, model: dict | None = None) -> Choice:
    """``more()``: the other candidates, computed only when the first is doubtful."""
    model = model if model is not None else load_model()
    if not model:
        return Choice(first, [first], None, "no selector model: first candidate kept")
    if page.platform_root and first.words >= TRUSTED_WORDS:
        # the platform's own body element, holding the page's prose: the generated
        # platform set (exact gold) shows no candidate beats it
        return Choice(first, [first], None, "the platform's own article-body element: kept")
    doubt = predict(model["doubt"]["trees"], model["doubt"]["base"], model["doubt"]["rate"],
                    doubt_features(page, first))
    large = page.page_bytes > LARGE_PAGE
    threshold = model["doubt_threshold"] * (LARGE_FACTOR if large else 1.0)
    if doubt <= threshold:
        size = f" (a page over {LARGE_PAGE // 1000} kB)" if large else ""
        return Choice(first, [first], doubt, f"expected gain from a second opinion {doubt:.3f} <= {threshold:.3f}"
                                             f"{size}: {first.name} kept without computing others")
    cands = [first] + [c for c in more() if c.words]
    q = model["quality"]
    gain = model.get("target") == "gain"  # scores: expected F1 gain over the first candidate
    for cand in cands:
        if gain and cand is first:
            cand.score = 0.0
            continue
        others = [o for o in cands if o is not cand]
        cand.score = predict(q["trees"], q["base"], q["rate"], quality_features(page, cand, others))
    best = max(cands, key=lambda c: c.score)
    if best is not first and best.score - first.score < model["margin"]:
        return Choice(first, cands, doubt, f"expected gain {doubt:.3f}; {best.name} scores {best.score:.3f} but"
                                           f" not {model['margin']:.2f} above {first.name}: {first.name} kept")
    if best is first:
        return Choice(first, cands, doubt, f"expected gain {doubt:.3f}; {first.name} scores highest")
    return Choice(best, cands, doubt, f"expected gain {doubt:.3f}; {best.name} scores {best.score:.3f},"
                                      f" {first.name} {first.score:.3f}")
