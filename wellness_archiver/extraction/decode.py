"""Stage 1: bytes -> str.

Order of trust: byte-order mark, then strict UTF-8 (a non-ASCII byte sequence
that happens to be valid UTF-8 is almost never another charset, while
mis-declared ``<meta charset>`` is common), then the charset the page or HTTP
declares, then cp1252 when the result looks like Western text, then statistical
detection (unreliable on short Western pages, hence last), then cp1252 with replacement.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts the same
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: labels that browsers decode as windows-1252.
_AS_CP1252 = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "ascii", "us-ascii", "iso-8859-15"}
_DETECT_BYTES = 20_000  # enough for detection, bounded cost on huge pages


def _normalise(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes, content_type: str | None = None) -> str | None:
    """Charset from an HTTP Content-Type value, else from <meta> in the first 4 KB."""
    found = http_content_type_encoding(content_type) if content_type else None
    return _normalise(found or html_body_declared_encoding(data[:4096]))


# Non-ASCII characters typical of Western text; cp1252 misreading CJK bytes
# yields mostly other symbols (ƒ, ‚, Ž, ...).
_WESTERN = set("‘’“”–—…€•™©®°£«»¿¡·§¶ ") | {chr(c) for c in range(0xC0, 0x100)} - {"×", "÷"}


def _plausible_cp1252(data: bytes) -> bool:
    try:
        text = data[:_DETECT_BYTES].decode("cp1252")
    except UnicodeDecodeError:
        return False
    odd = [ch for ch in text if ord(ch) > 127]
    if not odd or sum(ch in _WESTERN for ch in odd) < 0.9 * len(odd):
        return False
    # Western languages use accented letters sparingly; cp1251 (Cyrillic)
    # misread as cp1252 is all accented letters.
    letters = sum(ch.isalpha() for ch in text)
    return sum(ch.isalpha() for ch in odd) < 0.3 * max(letters, 1)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 pages with a few stray bytes (a pasted cp1252 quote): decoding them
    as the declared single-byte charset would garble every other character."""
    text = data[:_DETECT_BYTES * 5].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 127) - bad
    return multibyte >= 10 and bad <= 0.1 * multibyte


def _detect(data: bytes) -> str | None:
    sample = data[:_DETECT_BYTES]
    # Markup is ASCII and dilutes the statistics: detect on the text between tags.
    # No ">" required: "<" x N with none would scan to the end from each "<".
    text_only = re.sub(rb"<[^>]*>?", b" ", sample)
    best = from_bytes(text_only if len(text_only.strip()) > 20 else sample).best()
    return _normalise(best.encoding) if best else None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML document; never raises."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    text = _try(data, declared_encoding(data, content_type))
    if text is None and _plausible_cp1252(data):
        text = data.decode("cp1252")
    if text is None:
        text = _try(data, _detect(data))
    return text if text is not None else data.decode("cp1252", errors="replace")


def _try(data: bytes, label: str | None) -> str | None:
    # UTF-8 already failed strictly; a UTF-16/32 label without BOM is a lie.
    if not label or label.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    try:
        return data.decode(label)
    except (UnicodeDecodeError, LookupError):
        return None
