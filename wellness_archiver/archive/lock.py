"""One writer per archive, for the whole of a command.

SQLite's own lock lasts one transaction, so two crawls could interleave
their batches in one archive. Every writer (crawl, reextract, import-warc,
dedup...) holds an exclusive ``flock`` on ``ARCHIVE.lock`` for as long as it
has the archive open; a second writer gets a clear error instead. The kernel
drops the lock when its process dies, however it dies, so a killed crawl
never leaves a stale lock. A separate file, not the archive itself: closing
any other descriptor of the database file would drop SQLite's own (POSIX)
locks on it.

Re-entrant within a process (the crawl opens the archive from several
places): a count per lock file, released when the last holder lets go.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

from wellness_archiver.archive.errors import ArchiveLocked

_held: dict[str, list] = {}  # lock path -> [fd, holders]
_guard = threading.Lock()


WAIT = 5.0  # seconds a writer waits for the lock by default (settings.WELLNESS_LOCK_WAIT is this)


def lock_path(db_path: str | Path) -> Path:
    db_path = Path(os.path.realpath(db_path))
    return db_path.with_name(db_path.name + ".lock")


def acquire(db_path: str | Path, wait: float = WAIT) -> str:
    """Take (or share, in this process) the archive's writer lock; returns its key for :func:`release`."""
    key = str(lock_path(db_path))
    with _guard:
        if key in _held:
            _held[key][1] += 1
            return key
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            fd = os.open(key, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise ArchiveLocked(db_path, f"{Path(key).name} is held") from None
                time.sleep(0.05)
                continue
            # The holder before us may have removed the file after we opened
            # it: a lock on an unlinked file guards nothing, so start again.
            try:
                same = os.stat(key).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                _held[key] = [fd, 1]
                return key
            os.close(fd)


def release(key: str) -> None:
    with _guard:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _held[key]
        try:
            os.unlink(key)  # while still locked: no one can be holding this inode after us
        except OSError:
            pass
        os.close(entry[0])


def held(db_path: str | Path) -> bool:
    """True when this process holds the archive's writer lock."""
    return str(lock_path(db_path)) in _held
