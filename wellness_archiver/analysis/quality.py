"""Language and quality signals of an article's text: cheap, pure, per article.

Filled for the articles that lack them by ``archive/quality.py`` (the
analysis step after crawls, re-extractions and imports). The fields, stored as ``articles`` columns:

``language_detected``, ``language_confidence``
    py3langid's language (ISO 639-1) and its normalised probability (0-1).
    ``articles.language`` stays what the page itself declares.
``sentence_count``
    Sentences of the text (split on ``.``, ``!``, ``?`` and line ends).
``link_share``
    Share of the text's characters that are link text (from the article's
    Markdown, where links are ``[text](url)``); NULL when no Markdown is kept.
``non_prose_share``
    Share of the text's words that sit in fragments: lines (list items
    included) of under six words, or of under twelve words that do not end
    like a sentence: menus, tag lists, link lists, headings. A list of
    full sentences is prose.
``quality_flags``
    JSON list of: ``too_short`` (under ``MIN_WORDS`` words), ``mostly_links``
    (``link_share`` over ``MAX_LINK_SHARE``), ``mostly_non_prose``
    (``non_prose_share`` over ``MAX_NON_PROSE_SHARE``).
"""

from __future__ import annotations

import json
import re
import threading

MIN_WORDS = 100
MAX_LINK_SHARE = 0.5
MAX_NON_PROSE_SHARE = 0.5
SHORT_LINE_WORDS = 6
UNPUNCTUATED_LINE_WORDS = 12
COLUMNS = ("language_detected", "language_confidence", "sentence_count", "link_share",
           "non_prose_share", "quality_flags")

_identifier = None
_identifier_lock = threading.Lock()  # a background thread may be loading it (jobs/analyse.py)
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")
_MD_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def identifier():
    """py3langid's identifier with normalised probabilities, loaded once per process."""
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, probability 0-1); (None, None) for text with no letters."""
    # 5,000 characters: the same language as 20,000 on all 1,473 wcxb-dev gold
    # texts over 200 characters, at a third of the cost (benchmarks/README.md)
    sample = text[:5000]
    if not any(ch.isalpha() for ch in sample):
        return None, None
    lang, prob = identifier().classify(sample)
    return lang, round(float(prob), 4)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def sentence_count(text: str) -> int:
    count = 0
    for line in text.splitlines():
        line = line.strip()
        if not _WORD.search(line):
            continue
        ends = len(_SENTENCE_END.findall(line))
        # A line with words but no closing punctuation (a heading, a list
        # item) still counts as one unit; trailing text after the last stop too.
        tail = _SENTENCE_END.split(line)[-1]
        count += ends + (1 if _WORD.search(tail) else 0)
    return count


def link_share(markdown: str | None, text: str) -> float | None:
    """Share of characters that are link text, from the Markdown rendering."""
    if not markdown:
        return None
    markdown = _MD_IMAGE.sub("", markdown)
    linked = sum(len(m.group(1).strip()) for m in _MD_LINK.finditer(markdown))
    total = len(_MD_LINK.sub(lambda m: m.group(1), markdown).strip()) or len(text) or 1
    return round(min(1.0, linked / total), 4)


def non_prose_share(text: str) -> float:
    total = fragments = 0
    for line in text.splitlines():
        line = _LIST_ITEM.sub("", line.strip())
        words = len(_WORD.findall(line))
        total += words
        if words < SHORT_LINE_WORDS or (words < UNPUNCTUATED_LINE_WORDS and not _SENTENCE_END.search(line)):
            fragments += words
    return round(fragments / total, 4) if total else 0.0


def assess(text: str, markdown: str | None = None, words: int | None = None) -> dict:
    """Every quality field for one article (see the module docstring)."""
    text = text or ""
    words = word_count(text) if words is None else words
    lang, confidence = detect_language(text)
    links = link_share(markdown, text)
    fragments = non_prose_share(text)
    flags = []
    if words < MIN_WORDS:
        flags.append("too_short")
    if links is not None and links > MAX_LINK_SHARE:
        flags.append("mostly_links")
    if fragments > MAX_NON_PROSE_SHARE:
        flags.append("mostly_non_prose")
    return {
        "language_detected": lang,
        "language_confidence": confidence,
        "sentence_count": sentence_count(text),
        "link_share": links,
        "non_prose_share": fragments,
        "quality_flags": json.dumps(flags),
    }

