"""Crawled archives of the demo sites, shared by a whole test session.

``DemoArchives`` crawls each set of demo sites once per session (per xdist
worker), on first use, with the fast test settings, and hands out the
archive's path. The tests that get an archive this way only read it: the
conftest checks after each of them that no byte of a shared archive changed.
A test that writes takes a private copy (``copy``).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from crawling import PARTIAL, crawl


@dataclass(frozen=True)
class Crawled:
    """One crawl of some demo sites into an archive: its path and the finished process."""

    path: Path
    proc: subprocess.CompletedProcess
    keys: tuple[str, ...]


def digest(path: Path) -> str:
    """sha256 of an archive's database file and of its WAL, if that holds anything.

    (A read-only reader of a WAL-mode database leaves an empty WAL behind: no change.)
    """
    h = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        h.update(b"wal")
        h.update(wal.read_bytes())
    return h.hexdigest()


class DemoArchives:
    """``archives["ghost"]`` or ``archives["wordpress", "ghost"]``: one crawl of those
    demo sites (all in one run, seeds in that order), made once."""

    def __init__(self, sites, root: Path):
        self.sites = sites
        self.root = root
        self._crawled: dict[tuple[str, ...], Crawled] = {}
        self._digests: dict[Path, str] = {}

    def __getitem__(self, keys: str | tuple[str, ...]) -> Crawled:
        keys = (keys,) if isinstance(keys, str) else tuple(keys)
        if keys not in self._crawled:
            db_path = self.root / "-".join(keys) / "archive.db"
            db_path.parent.mkdir(parents=True)
            proc = crawl(db_path, *(self.sites.urls[k] for k in keys))
            assert proc.returncode == PARTIAL, proc.stdout + proc.stderr
            self._crawled[keys] = Crawled(db_path, proc, keys)
            self._digests[db_path] = digest(db_path)
        return self._crawled[keys]

    def copy(self, keys: str | tuple[str, ...], dest: Path) -> Path:
        """A private, writable copy of the archive of ``keys`` at ``dest`` (a file path)."""
        source = self[keys].path
        dest.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{dest}{suffix}")
        return dest

    def changed(self) -> list[Path]:
        """The shared archives whose bytes are not what their crawl left."""
        return [path for path, want in self._digests.items() if digest(path) != want]


# -- Archives built from code ------------------------------------------------------------

OLD_ARCHIVE_URL = "http://b.example/p/"


def make_old_archive(path, stop_before: str):
    """A real archive as an older version left it: migrations applied only up to ``stop_before``."""
    from sqlite_utils import Database

    from wellness_archiver.archive.schema import migrations

    db = Database(path)
    migrations.apply(db, stop_before=stop_before)
    db["crawl_runs"].insert({"id": 1, "started_at": "2023-05-01T00:00:00", "status": "finished", "seeds": "[]"})
    db["sites"].insert({"host": "b.example", "name": "B"})
    db["pages"].insert({"url": OLD_ARCHIVE_URL, "host": "b.example", "page_type": "post", "status": 200,
                        "crawl_run": 1})
    db["articles"].insert({"url": OLD_ARCHIVE_URL, "host": "b.example", "title": "Rest",
                           "text": "Rest is a skill. " * 40, "published": "2023-04-01", "word_count": 160,
                           "platform": "ghost"})
    db.close()
    return path
