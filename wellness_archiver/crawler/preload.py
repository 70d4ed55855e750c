"""Scrapy's HTTP/1.1 download handler, imported without the stack walks of its deprecation shims.

Importing it imports ``scrapy.core.downloader.tls`` and ``.contextfactory``,
which create three deprecated aliases (``create_deprecated_class``); each
calls ``inspect.stack()``, which looks up the source of every frame on the
stack: imported ~50 frames deep, as Scrapy's spider loader imports our
spider modules (spiders/render_handler.py subclasses the handler), the
three calls cost ~0.4 s of CPU, a third of a crawl's start. They use only the caller's frame (``inspect.stack()[1][0]``),
so while the handler is imported ``inspect.stack`` skips the source lookups.
"""

from __future__ import annotations

import inspect
import sys
import threading

HANDLER = "scrapy.core.downloader.handlers.http11"
_lock = threading.Lock()


def _frames_only(context: int = 1) -> list[inspect.FrameInfo]:
    """``inspect.stack()`` without the source lookups (no code context), the caller's frame first."""
    frames, frame = [], sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        frames.append(inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None))
        frame = frame.f_back
    return frames


def preload_download_handler() -> None:
    """Import the HTTP/1.1 download handler now, cheaply (a no-op once imported)."""
    if HANDLER in sys.modules:
        return
    import importlib

    with _lock:
        real, inspect.stack = inspect.stack, _frames_only
        try:
            importlib.import_module(HANDLER)
        finally:
            inspect.stack = real
