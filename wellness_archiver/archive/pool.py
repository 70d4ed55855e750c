"""Run a function over many inputs in worker processes, a bounded number at a time.

Used by re-extraction and WARC import: all cores, constant memory (at most
``4 x workers`` inputs in flight), results yielded as they complete.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable, Iterable, Iterator


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def imap_unordered(
    fn: Callable, argument_tuples: Iterable[tuple], workers: int = 0, initializer: Callable | None = None
) -> Iterator:
    """``fn(*args)`` for each tuple, in a process pool; results in completion order."""
    workers = workers or default_workers()
    # forkserver: never fork the parent's threads (rich's refresh thread,
    # the reactor) into the workers.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer) as pool:
        pending = set()
        for args in argument_tuples:
            pending.add(pool.submit(fn, *args))
            if len(pending) >= workers * 4:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
