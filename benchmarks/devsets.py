"""The three real-page development sets: loaders and scorers (each set's README).

* wcxb-dev: word F1 per page against ``main_content``, mean over pages
  (articles reported apart); title/author/date against the gold fields.
* readability-dev: word F1 against the visible text of ``expected.html``, mean
  over readerable pages; title/author/date against ``expected-metadata.json``.
* trafilatura-eval: "with"/"without" snippet counts over all pages.

Metadata rules (readability-dev's README, used for both sets): title equal
after case-folding and whitespace collapse; author when the gold name's tokens
are contained in the extracted author or the reverse (a leading "By" dropped);
date when the calendar day matches. Only pages whose gold has the field count.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import lxml.html

DEVSETS = Path("/work/shared/devset")
_WORD = re.compile(r"\w+")


def words(text: str | None) -> Counter:
    return Counter(_WORD.findall((text or "").lower()))


def word_f1(got: str | None, want: str | None) -> float:
    a, b = words(got), words(want)
    common = sum((a & b).values())
    if not common:
        return 1.0 if not a and not b else 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def load_wcxb(limit: int | None = None, root: Path = DEVSETS / "wcxb-dev") -> list[dict]:
    pages = []
    for gt in sorted((root / "ground-truth").glob("*.json")):
        record = json.loads(gt.read_text(encoding="utf-8"))
        html = root / "html" / f"{gt.stem}.html.gz"
        if not html.exists():
            continue
        truth = record["ground_truth"]
        pages.append({
            "id": gt.stem, "url": record.get("url"), "html": gzip.decompress(html.read_bytes()),
            "type": record.get("_internal", {}).get("page_type", {}).get("primary"),
            "text": truth.get("main_content") or "", "title": truth.get("title"),
            "author": truth.get("author"), "date": truth.get("publish_date"),
        })
        if limit and len(pages) >= limit:
            break
    return pages


def load_readability(limit: int | None = None, root: Path = DEVSETS / "readability-dev") -> list[dict]:
    pages = []
    for page in sorted((root / "pages").iterdir()):
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        expected = gzip.decompress((page / "expected.html.gz").read_bytes())
        pages.append({
            "id": page.name, "url": "http://fakehost/test/page.html",
            "html": gzip.decompress((page / "source.html.gz").read_bytes()),
            "readerable": meta.get("readerable", True),
            "text": lxml.html.fromstring(expected.decode("utf-8")).text_content(),
            "title": meta.get("title"), "author": meta.get("byline"), "date": meta.get("publishedTime"),
        })
        if limit and len(pages) >= limit:
            break
    return pages


def load_trafilatura_eval(limit: int | None = None, root: Path = DEVSETS / "trafilatura-eval") -> list[dict]:
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in data.items():
        path = root / "html" / (item["file"] + ".gz")
        if not path.exists():
            path = root / "html" / item["file"]
            if not path.exists():
                continue
        raw = path.read_bytes()
        pages.append({"id": item["file"], "url": url,
                      "html": gzip.decompress(raw) if path.suffix == ".gz" else raw,
                      "with": item["with"], "without": item["without"]})
        if limit and len(pages) >= limit:
            break
    return pages


LOADERS = {"wcxb-dev": load_wcxb, "readability-dev": load_readability, "trafilatura-eval": load_trafilatura_eval}


# --- metadata -------------------------------------------------------------


def _fold(s: str | None) -> str:
    return " ".join((s or "").casefold().split())


def title_ok(got: str | None, want: str) -> bool:
    return _fold(got) == _fold(want)


def _names(s: str | None) -> list[str]:
    toks = _WORD.findall(_fold(s))
    return toks[1:] if toks[:1] == ["by"] else toks


def author_ok(got: str | None, want: str) -> bool:
    a, b = _names(got), _names(want)
    if not a or not b:
        return False
    return set(b) <= set(a) or set(a) <= set(b)


def date_ok(got: str | None, want: str) -> bool:
    return bool(got) and got[:10] == want[:10]


# --- scoring --------------------------------------------------------------


def score_pages(set_name: str, pages: list[dict], outputs: list[dict | None]) -> dict:
    """``outputs``: per page None or {"text", and optionally "title", "author", "published"}."""
    if set_name == "trafilatura-eval":
        tp = fn = fp = 0
        for page, out in zip(pages, outputs):
            text = (out or {}).get("text") or ""
            for s in page["with"]:
                tp, fn = (tp + 1, fn) if text and s in text else (tp, fn + 1)
            fp += sum(1 for s in page["without"] if text and s in text)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"f1": f1, "precision": precision, "recall": recall, "pages": len(pages)}
    scored = [(p, o) for p, o in zip(pages, outputs) if p.get("readerable", True)]
    f1s = [word_f1((o or {}).get("text"), p["text"]) for p, o in scored]
    result = {"f1": sum(f1s) / max(len(f1s), 1), "pages": len(f1s)}
    if set_name == "wcxb-dev":
        arts = [f for f, (p, _) in zip(f1s, scored) if p["type"] == "article"]
        result["articles"] = sum(arts) / max(len(arts), 1)
    for field, key, ok in (("title", "title", title_ok), ("author", "author", author_ok),
                           ("date", "published", date_ok)):
        have = [(p, o) for p, o in scored if p.get(field)]
        if have and any(o and key in o for _, o in have):
            result[field] = sum(1 for p, o in have if ok((o or {}).get(key), p[field])) / len(have)
    return result
