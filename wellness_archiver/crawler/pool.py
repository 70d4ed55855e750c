"""The extraction worker pool, shared by the crawl, re-extraction and WARC import.

Pebble's pool, not concurrent.futures': it kills and replaces the one worker
whose page overran the time limit (WELLNESS_EXTRACT_TIMEOUT) or died, and
fails only that page's future, so a hostile page is recorded with its reason
instead of hanging the run. Its workers ignore SIGINT, so Ctrl-C reaches the
command, not the page being extracted.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, CancelledError, TimeoutError as FutureTimeout, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from pebble import ProcessExpired, ProcessPool

# A page's worker overran the limit or died: the page's fault, not the run's.
PAGE_FAILURES = (FutureTimeout, ProcessExpired, CancelledError, BrokenProcessPool)


# Inputs in flight per worker in imap_unordered. With 4, the workers of a
# re-extraction waited on the main process (which writes the results) about a
# third of the time: 600 captures took 7.7-8.7 s, with 16 6.8 s (32: the same).
# 16 pages of ~150 KB a worker is still a few MB.
IN_FLIGHT = 16

# Seconds one page may take in a worker (WELLNESS_EXTRACT_TIMEOUT's default,
# kept here: re-extraction and WARC import read it without loading Scrapy).
EXTRACT_TIMEOUT = 30.0


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def extraction_pool(workers: int = 0, warm: tuple[str, ...] = ()) -> ProcessPool:
    """Worker processes that import the extraction stack, and the modules
    ``warm``, once (warm_up)."""
    from wellness_archiver.crawler.workers import warm_up

    # forkserver: never fork the parent's threads (the reactor, rich's
    # refresh thread) into the workers. It preloads nothing, so it stays small.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([])
    pool = ProcessPool(workers or default_workers(), initializer=warm_up, initargs=tuple(warm), context=context)
    # Pebble starts its workers at the first task: start them (and their
    # second-long warm-up) now, while the caller is still getting pages.
    pool.schedule(os.getpid)
    return pool


def failure_reason(ex: BaseException, timeout: float) -> str:
    """What is recorded for a page whose extraction failed with ``ex`` (one of PAGE_FAILURES)."""
    if isinstance(ex, FutureTimeout):
        return f"extraction timeout (over {timeout:g} s)"
    return f"extraction worker crashed (exit code {getattr(ex, 'exitcode', '?')})"[:300]


def imap_unordered(fn: Callable, argument_tuples: Iterable[tuple], workers: int = 0,
                   timeout: float = 0.0, warm: tuple[str, ...] = ()) -> Iterator[tuple[tuple, object, str | None]]:
    """``(args, fn(*args), None)`` for each tuple, in completion order, or
    ``(args, None, reason)`` when that call failed: over ``timeout`` seconds
    (0 = no limit), its worker died, or it raised. At most ``IN_FLIGHT x
    workers`` inputs in flight: constant memory."""
    workers = workers or default_workers()
    pool = extraction_pool(workers, warm)
    pending: dict = {}

    def results(done):
        for future in done:
            args = pending.pop(future)
            try:
                yield args, future.result(), None
            except PAGE_FAILURES as ex:
                yield args, None, failure_reason(ex, timeout)
            except Exception as ex:  # one bad input never stops the run
                yield args, None, f"extraction error: {type(ex).__name__}: {ex}"[:300]

    try:
        for args in argument_tuples:
            pending[pool.schedule(fn, args, timeout=timeout or None)] = args
            if len(pending) >= workers * IN_FLIGHT:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                yield from results(done)
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            yield from results(done)
    finally:
        pool.stop()  # nothing left to do, or an error or Ctrl-C: the workers go
        pool.join()
