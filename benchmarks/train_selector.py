"""Train the candidate selector and write wellness_archiver/extraction/selector_model.json.

    python benchmarks/candidate_cache.py                       # once: every candidate, as the pipeline sees it
    python benchmarks/train_selector.py [--cache DIR] [--train wcxb-dev,readability-dev]
                                        [--folds 5] [--budget 0.2] [--dry-run]

Needs scikit-learn (``pip install -e '.[train]'``), at training time only: the
shipped model is a JSON file of regression trees that selector.py evaluates
itself.

Honest figures: the training sets are split in ``--folds`` folds by a hash of
(set, page id); each fold's pages are chosen by models fitted on the other
folds ("out-of-fold"), and the sets not trained on (``--eval``) are chosen
by the final model, fitted on all training pages, which never saw them.
The in-sample figure (final model on its own training pages) is printed too.
readability-dev's pages weigh ``--weight`` times a wcxb-dev page: it has 74
pages to wcxb-dev's 1,497, and a figure of its own to meet.

The doubt threshold is the lowest that keeps the share of pages computing the
other candidates within ``--budget`` (the CPU target); the margin is the one
scoring best on the training pages.
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

from selector_data import CACHE, SINGLE_NAMES, load_rows, set_figure, single_picks  # noqa: E402
from wellness_archiver.extraction import selector as sel  # noqa: E402
from wellness_archiver.extraction.signals import ALTERNATES  # noqa: E402

MARGINS = (0.0, 0.01, 0.02, 0.03, 0.05, 0.08)


def fold_of(row: dict, folds: int) -> int:
    return int(hashlib.sha256(f"{row['set']}/{row['id']}".encode()).hexdigest()[:8], 16) % folds


USED = list(ALTERNATES)  # --alternates: try another list before changing signals.ALTERNATES


def _cands(row: dict) -> list[sel.Candidate]:
    return [row["first"]] + [c for n, c in row["alts"].items() if n in USED and c.words]


def export(model, n_features: int) -> dict:
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append({"f": t.feature.tolist(), "t": [round(x, 6) for x in t.threshold.tolist()],
                      "l": t.children_left.tolist(), "r": t.children_right.tolist(),
                      "v": [round(x, 6) for x in t.value[:, 0, 0].tolist()]})
    return {"trees": trees, "base": float(model.init_.constant_[0][0]), "rate": model.learning_rate,
            "features": n_features}


TREES = [80]


def _fit(x, y, w):
    from sklearn.ensemble import GradientBoostingRegressor

    return GradientBoostingRegressor(n_estimators=TREES[0], max_depth=3, learning_rate=0.1, subsample=0.8,
                                     min_samples_leaf=8, random_state=0).fit(x, y, sample_weight=w)


def fit_model(train: list[dict], budget: float, weights: dict[str, float]) -> dict:
    """Doubt and quality models, threshold and margin, from the training rows."""
    xd, yd, wd, xq, yq, wq = [], [], [], [], [], []
    for r in train:
        cands, w = _cands(r), weights.get(r["set"], 1.0)
        first = r["f1"][r["first"].name]
        xd.append(sel.doubt_features(r["signals"], r["first"]))
        yd.append(max(r["f1"][c.name] for c in cands) - first)
        wd.append(w)
        for c in cands[1:]:  # the gain of each other candidate over the first
            xq.append(sel.quality_features(r["signals"], c, [o for o in cands if o is not c]))
            yq.append(r["f1"][c.name] - first)
            wq.append(w)
    model = {"doubt": export(_fit(xd, yd, wd), len(xd[0])), "quality": export(_fit(xq, yq, wq), len(xq[0])),
             "doubt_threshold": 0.0, "margin": 0.0, "target": "gain"}
    predicted = sorted((sel.predict(model["doubt"]["trees"], model["doubt"]["base"], model["doubt"]["rate"], x)
                        for x in xd), reverse=True)
    model["doubt_threshold"] = predicted[min(int(budget * len(predicted)), len(predicted) - 1)]
    best = None
    for margin in MARGINS:
        model["margin"] = margin
        score = sum(weights.get(r["set"], 1.0) * r["f1"][p] for r, (p, _) in zip(train, choices(train, model)))
        if best is None or score > best[0]:
            best = (score, margin)
    model["margin"] = best[1]
    return model


def choices(rows: list[dict], model: dict) -> list[tuple[str | None, bool]]:
    """Per row: (the chosen candidate's name, whether the others were computed)."""
    out = []
    for r in rows:
        if r["first"] is None:
            out.append((None, False))
            continue
        alts = _cands(r)[1:]
        choice = sel.choose(r["signals"], r["first"], lambda alts=alts: alts, model)
        out.append((choice.chosen.name, len(choice.candidates) > 1))
    return out


def figures(set_name: str, rows: list[dict], picks: list[tuple[str | None, bool]]) -> dict:
    scored = [(r, p) for r, p in zip(rows, picks) if r["first"] is not None]
    fig = {"selected": set_figure(set_name, rows, [p for p, _ in picks]),
           "first": set_figure(set_name, rows, [r["first"] and r["first"].name for r in rows]),
           "oracle": set_figure(set_name, rows, [r["first"] and max(_cands(r), key=lambda c: r["f1"][c.name]).name
                                                 for r in rows]),
           "doubtful_share": sum(1 for _, (_, d) in scored if d) / max(len(scored), 1)}
    for name in SINGLE_NAMES:
        fig[name] = set_figure(set_name, rows, single_picks(rows, name))
    return fig


def show(label: str, fig: dict) -> None:
    parts = [f"{k} {v:.3f}" if isinstance(v, float) else
             f"{k} {v['f1']:.4f}" + (f"/{v['articles']:.4f}" if "articles" in v else "") for k, v in fig.items()]
    print(f"{label:34} " + ", ".join(parts))


def out_of_fold(rows: list[dict], folds: int, budget: float, weights) -> list:
    picks = [None] * len(rows)
    for k in range(folds):
        train = [r for r in rows if r["first"] is not None and fold_of(r, folds) != k]
        model = fit_model(train, budget, weights)
        for i, (r, p) in enumerate(zip(rows, choices(rows, model))):
            if fold_of(r, folds) == k:
                picks[i] = p
    return picks


def cpu_ratio(rows: list[dict], picks) -> float:
    """Estimated CPU of ours / plain ``trafilatura.extract``, from the cached
    timings: our pipeline without alternates, plus the alternates wherever
    the doubt gate opened."""
    ours = plain = 0.0
    for r, (_, doubtful) in zip(rows, picks):
        if r["first"] is None:
            continue
        ours += r["cpu"]["ours-alternates"] + (sum(r["cpu"].get(n, 0.0) for n in USED if n != r["first"].name)
                                               if doubtful else 0.0)
        plain += r["cpu"]["plain"]
    return ours / max(plain, 1e-9)


def report_shipped(cache: Path) -> None:
    """The shipped model on every cached set (no training)."""
    model = sel.load_model()
    for name in ("wcxb-dev", "readability-dev", "trafilatura-eval"):
        if (cache / f"{name}.jsonl").exists():
            rows = load_rows(name, cache)
            picks = choices(rows, model)
            show(name, figures(name, rows, picks))
            print(f"{'':34} estimated CPU ours/trafilatura.extract {cpu_ratio(rows, picks):.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--train", default="wcxb-dev,readability-dev")
    parser.add_argument("--eval", default="trafilatura-eval", help="cached sets never trained on")
    parser.add_argument("--folds", type=int, default=5, help="0: no out-of-fold figures")
    parser.add_argument("--budget", type=float, default=0.2, help="largest share of pages computing others")
    parser.add_argument("--weight", type=float, default=5.0, help="weight of a readability-dev page")
    parser.add_argument("--alternates", default=",".join(ALTERNATES))
    parser.add_argument("--trees", type=int, default=80)
    parser.add_argument("--report", action="store_true", help="only report the shipped model's figures")
    parser.add_argument("--dry-run", action="store_true", help="report, do not write the model")
    args = parser.parse_args(argv)
    weights = {"readability-dev": args.weight}
    USED[:] = args.alternates.split(",")
    TREES[0] = args.trees
    if args.report:
        report_shipped(args.cache)
        return 0

    data = {name: load_rows(name, args.cache) for name in args.train.split(",")}
    everything = [r for rows in data.values() for r in rows]
    if args.folds:
        oof = out_of_fold(everything, args.folds, args.budget, weights)
        for name, rows in data.items():
            show(f"{name} out-of-fold", figures(name, rows, [p for r, p in zip(everything, oof) if r["set"] == name]))
    model = fit_model([r for r in everything if r["first"] is not None], args.budget, weights)
    model["trained_on"] = ", ".join(f"{name} ({len(rows)} pages)" for name, rows in data.items())
    print(f"doubt threshold {model['doubt_threshold']:.4f}, margin {model['margin']}")
    for name, rows in data.items():
        show(f"{name} in-sample", figures(name, rows, choices(rows, model)))
    for name in filter(None, args.eval.split(",")):
        if (args.cache / f"{name}.jsonl").exists():
            rows = load_rows(name, args.cache)
            show(f"{name} held out", figures(name, rows, choices(rows, model)))
    if not args.dry_run:
        sel.MODEL_PATH.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {sel.MODEL_PATH} ({sel.MODEL_PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
