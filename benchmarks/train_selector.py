"""Train the candidate selector on wcxb-dev and write wellness_archiver/extraction/selector_model.json.

    python benchmarks/candidate_cache.py --sets wcxb-dev      # once: every candidate's output, cached
    python benchmarks/train_selector.py [--cache DIR] [--holdout 0.3] [--budget 0.35] [--dry-run]

Needs scikit-learn (``pip install -e '.[train]'``), at training time only: the
shipped model is a JSON file of regression trees that selector.py evaluates
itself. Pages are split by a hash of their id: the models are fitted on the
training part and every figure printed for "held-out" comes from pages they
never saw. The doubt threshold is the lowest that keeps the share of pages
computing the other candidates within ``--budget`` (the CPU target), and the
margin the one that scores best on the training pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from devsets import LOADERS, word_f1  # noqa: E402
from wellness_archiver.extraction import selector as sel  # noqa: E402
from wellness_archiver.extraction.core import _content_root, parse_page  # noqa: E402
from wellness_archiver.extraction.metadata import Metadata, attribute_values, read_jsonld  # noqa: E402
from wellness_archiver.extraction.platform import detect_platform  # noqa: E402
from wellness_archiver.extraction.signals import ALTERNATES, page_signals  # noqa: E402

CACHE = Path("/tmp/extraction-cache")


def held_out(page_id: str, share: float) -> bool:
    return int(hashlib.sha256(page_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def page_rows(set_name: str, cache: Path) -> list[dict]:
    """Per page: signals, the first candidate, the alternates, and each one's F1."""
    rows = [json.loads(line) for line in (cache / f"{set_name}.jsonl").open(encoding="utf-8")]
    pages = LOADERS[set_name](len(rows))
    out = []
    for page, row in zip(pages, rows):
        assert page["id"] == row["id"], (page["id"], row["id"])
        tree, _ = parse_page(page["html"])
        if tree is None:
            continue
        meta = Metadata()
        read_jsonld(tree, meta)
        values = attribute_values(tree)
        root = _content_root(tree, detect_platform(tree, values), values)
        signals = page_signals(tree, meta, root is not None)
        texts = row["texts"]
        first = sel.Candidate("platform" if root is not None else "trafilatura",
                              (texts.get("ours") or "").splitlines())
        alts = [sel.Candidate(n, texts[n].splitlines()) for n in ALTERNATES
                if n != first.name and texts.get(n)]
        gold = page.get("text") if page.get("readerable", True) else None
        out.append({"id": page["id"], "page": page, "signals": signals, "first": first, "alts": alts,
                    "f1": {c.name: word_f1("\n".join(c.lines), gold) for c in [first] + alts} if gold else {}})
    return out


def export(model, n_features: int) -> dict:
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append({"f": t.feature.tolist(), "t": [round(x, 6) for x in t.threshold.tolist()],
                      "l": t.children_left.tolist(), "r": t.children_right.tolist(),
                      "v": [round(x, 6) for x in t.value[:, 0, 0].tolist()]})
    return {"trees": trees, "base": float(model.init_.constant_[0][0]), "rate": model.learning_rate,
            "features": n_features}


def fit(x, y):
    from sklearn.ensemble import GradientBoostingRegressor

    return GradientBoostingRegressor(n_estimators=60, max_depth=3, learning_rate=0.1, subsample=0.8,
                                     min_samples_leaf=10, random_state=0).fit(x, y)


def run_choice(rows, model):
    """Per page: (chosen name, its F1, whether others were computed)."""
    result = []
    for row in rows:
        alts = [sel.Candidate(c.name, c.lines) for c in row["alts"]]
        choice = sel.choose(row["signals"], sel.Candidate(row["first"].name, row["first"].lines),
                            lambda alts=alts: alts, model)
        result.append((choice.chosen.name, row["f1"][choice.chosen.name], len(choice.candidates) > 1))
    return result


def report(label: str, rows, model) -> dict:
    picks = run_choice(rows, model)
    n = max(len(rows), 1)
    figures = {"pages": len(rows), "selected": sum(f for _, f, _ in picks) / n,
               "first": sum(r["f1"][r["first"].name] for r in rows) / n,
               "oracle": sum(max(r["f1"].values()) for r in rows) / n,
               "doubtful_share": sum(1 for *_, d in picks if d) / n}
    for name in ALTERNATES:
        figures[name] = sum(r["f1"].get(name, r["f1"][r["first"].name]) for r in rows) / n
    arts = [(r, p) for r, p in zip(rows, picks) if r["page"].get("type") == "article"]
    if arts:
        figures["selected_articles"] = sum(p[1] for _, p in arts) / len(arts)
        figures["first_articles"] = sum(r["f1"][r["first"].name] for r, _ in arts) / len(arts)
    print(label, {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()})
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--holdout", type=float, default=0.3)
    parser.add_argument("--budget", type=float, default=0.35, help="largest share of pages computing others")
    parser.add_argument("--dry-run", action="store_true", help="report, do not write the model")
    parser.add_argument("--eval", default="readability-dev", help="other cached sets to report on")
    args = parser.parse_args(argv)

    rows = [r for r in page_rows("wcxb-dev", args.cache) if r["f1"]]
    train = [r for r in rows if not held_out(r["id"], args.holdout)]
    test = [r for r in rows if held_out(r["id"], args.holdout)]
    print(f"wcxb-dev: {len(train)} training pages, {len(test)} held out")

    # doubt: the gain the best alternate would bring, from the first candidate alone
    xd = [sel.doubt_features(r["signals"], r["first"]) for r in train]
    yd = [max(r["f1"].values()) - r["f1"][r["first"].name] for r in train]
    doubt = fit(xd, yd)
    # quality: each candidate's F1, from its text and its agreement with the others
    xq, yq = [], []
    for r in train:
        cands = [r["first"]] + r["alts"]
        for c in cands:
            xq.append(sel.quality_features(r["signals"], c, [o for o in cands if o is not c]))
            yq.append(r["f1"][c.name])
    quality = fit(xq, yq)

    model = {"doubt": export(doubt, len(xd[0])), "quality": export(quality, len(xq[0])),
             "doubt_threshold": 0.0, "margin": 0.0,
             "trained_on": f"wcxb-dev, {len(train)} pages (sha256(id) >= {args.holdout} of the range)"}
    # threshold: the budget's quantile of the predicted doubt on the training pages
    predicted = sorted((sel.predict(model["doubt"]["trees"], model["doubt"]["base"], model["doubt"]["rate"], x)
                        for x in xd), reverse=True)
    model["doubt_threshold"] = predicted[min(int(args.budget * len(predicted)), len(predicted) - 1)]
    best = None
    for margin in (0.0, 0.01, 0.02, 0.03, 0.05, 0.08):
        model["margin"] = margin
        score = sum(f for _, f, _ in run_choice(train, model))
        if best is None or score > best[0]:
            best = (score, margin)
    model["margin"] = best[1]
    print(f"doubt threshold {model['doubt_threshold']:.4f}, margin {model['margin']}")
    report("train", train, model)
    report("held-out", test, model)
    for name in filter(None, args.eval.split(",")):
        if (args.cache / f"{name}.jsonl").exists():
            report(name, [r for r in page_rows(name, args.cache) if r["f1"]], model)
    if not args.dry_run:
        sel.MODEL_PATH.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {sel.MODEL_PATH} ({sel.MODEL_PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
