"""The SQLite archive: the only code that knows table names.

Writes come in batches (``ingest.py``); reads serve the CLI. Every write of a
batch happens in one transaction, so an interrupted run leaves the archive
as of its last committed batch, never half a batch. :class:`Archive` opens
the file and holds the writer lock; its methods come by concern from
``runs.py`` (runs and the crawl frontier), ``writes.py`` (row writes) and
``queries.py`` (reads).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wellness_archiver.archive.sqlite import sqlite_utils

from wellness_archiver.archive import lock
from wellness_archiver.archive.errors import ArchiveError, ArchiveLocked, NoArchive
from wellness_archiver.archive.opening import check_archive, connect_readonly
from wellness_archiver.archive.queries import SITE_POLICY_COLUMNS, QueriesMixin
from wellness_archiver.archive.rows import content_hash, host_of, utcnow
from wellness_archiver.archive.runs import RunsMixin
from wellness_archiver.archive.schema import ensure_schema
from wellness_archiver.archive.writes import WritesMixin

__all__ = ["Archive", "ArchiveError", "SITE_POLICY_COLUMNS", "content_hash", "host_of", "utcnow"]


class Archive(RunsMixin, WritesMixin, QueriesMixin):
    """The archive. ``readonly`` (read commands): opened with SQLite's
    ``mode=ro``, never migrated, ``pending`` lists the migrations it lacks.
    Otherwise the process holds the archive's writer lock (``lock.py``)
    until :meth:`close`: a second writer fails after ``lock_wait`` seconds."""

    def __init__(self, path: str | Path, *, create: bool = True, max_size_mb: float = 0.0,
                 readonly: bool = False, lock_wait: float = lock.WAIT):
        path = Path(path)
        self.path, self._lock = path, None
        if (not create or readonly) and not path.exists():
            raise NoArchive(path)
        if path.exists() and path.is_dir():
            raise ArchiveError(f"{path} is a directory, not an archive file")
        try:
            if readonly:
                self.db = connect_readonly(path)
                self.pending = check_archive(self.db, path, new_ok=False)
                return
            if path.exists():  # refuse a foreign or newer file before writing anything to it
                probe = connect_readonly(path)
                try:
                    check_archive(probe, path, new_ok=True)
                finally:
                    probe.close()
            self._lock = lock.acquire(path, lock_wait)
            self.db = sqlite_utils.Database(path)
            ensure_schema(self.db)
            self.pending = []
            if max_size_mb:
                # Writes past the cap fail as on a full disk (SQLITE_FULL).
                page_size = self.db.execute("pragma page_size").fetchone()[0]
                self.db.execute(f"pragma max_page_count = {max(1, int(max_size_mb * 2**20 / page_size))}")
        except sqlite3.DatabaseError as ex:
            self._release()
            raise ArchiveError(f"{path} is not a usable SQLite archive: {ex}") from ex
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        if self._lock is not None:
            lock.release(self._lock)
            self._lock = None

    def ensure_writable(self, wait: float = lock.WAIT) -> None:
        """Fail now, with the fix, when another process holds the write lock
        (a crawl still running): not minutes later, mid-crawl."""
        self.db.conn.execute(f"pragma busy_timeout = {int(wait * 1000)}")
        try:
            self.db.conn.execute("begin immediate")
            self.db.conn.execute("rollback")
        except sqlite3.OperationalError as ex:
            raise ArchiveLocked(self.path, str(ex)) from ex

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._release()

    def transaction(self):
        """One transaction around several writes (nested calls use savepoints)."""
        return self.db.atomic()
