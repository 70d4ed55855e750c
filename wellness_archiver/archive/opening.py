"""Opening an archive: read-only for read commands, and only a real archive.

Read commands (stats, export, history, datasheet, serve) never write: they
open with SQLite's ``mode=ro``, so a 0444 file or a read-only mount works and
nothing is migrated behind the user's back. A file that is not one of our
archives (no ``wellness_archiver`` migrations recorded) is refused before
anything is written to it, and so is an archive made by a newer version
(a migration this version does not know).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wellness_archiver.archive.sqlite import sqlite_utils

from wellness_archiver.archive.errors import NewerArchive, NotAnArchive
from wellness_archiver.archive.schema import migrations


def connect_readonly(path: Path) -> sqlite_utils.Database:
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.OperationalError as ex:
        if "unable to open" not in str(ex):
            conn.close()
            raise
        # A WAL archive on a read-only mount, without its -shm file (which
        # cannot be created there): nobody can be writing it, so it can be
        # read as immutable.
        conn.close()
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
    return sqlite_utils.Database(conn)


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def check_archive(db: sqlite_utils.Database, path: Path, *, new_ok: bool) -> list[str]:
    """Refuse what is not an archive of this version; returns the pending migrations' names.

    ``new_ok``: an empty database is fine (a writer creates the schema in it).
    """
    applied = applied_migrations(db)
    if not applied:
        tables = [name for (name,) in db.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
        if tables or not new_ok:
            what = f"an SQLite file with {len(tables)} other table(s)" if tables else "an empty SQLite file"
            raise NotAnArchive(path, what)
        return [m.name for m in migrations.pending(db)]
    known = {m.name for m in migrations.pending(sqlite_utils.Database(memory=True))}  # every registered one
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise NewerArchive(path, unknown)
    return [m.name for m in migrations.pending(db)]
