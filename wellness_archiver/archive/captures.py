"""Raw capture bodies as stored: zstd-compressed (``body_encoding``).

Cheap to import (zstandard): the extraction workers compress, so the crawl's
main process never does (``crawler/workers.py`` builds the capture columns).
"""

from __future__ import annotations

import zstandard

BODY_ENCODING = "zstd"
ZSTD_LEVEL = 3  # ~400 MB/s on HTML, 5-8x smaller; higher levels cost CPU per page

# Thread- and process-local compressors: zstandard objects are not shareable.
_compressor: zstandard.ZstdCompressor | None = None
_decompressor: zstandard.ZstdDecompressor | None = None


def compress(body: bytes) -> bytes:
    global _compressor
    if _compressor is None:
        _compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    return _compressor.compress(body)


def decompress(data: bytes | None, encoding: str | None = BODY_ENCODING) -> bytes | None:
    if data is None:
        return None
    if encoding in (None, "", "identity"):
        return bytes(data)
    if encoding != BODY_ENCODING:
        raise ValueError(f"unknown body encoding {encoding!r}")
    global _decompressor
    if _decompressor is None:
        _decompressor = zstandard.ZstdDecompressor()
    return _decompressor.decompress(data)
