"""Text similarity against gold records, shared by the extraction and crawl tests."""

from __future__ import annotations

import re
from collections import Counter


def token_f1(got: str, want: str) -> float:
    """F1 over multisets of lower-cased word tokens."""
    a, b = Counter(re.findall(r"\w+", got.lower())), Counter(re.findall(r"\w+", want.lower()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)
