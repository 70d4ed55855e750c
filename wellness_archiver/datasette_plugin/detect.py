"""Which of Datasette's databases are wellness-archiver archives."""

from __future__ import annotations

import sqlite3

_seen: dict[str, bool] = {}


def is_archive(datasette, database: str | None) -> bool:
    """True for a file database with the archive's tables (cached per path:
    Datasette asks for metadata many times per request)."""
    if not database or database not in datasette.databases:
        return False
    path = datasette.databases[database].path
    if not path:
        return False
    if path not in _seen:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                names = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
            finally:
                conn.close()
        except sqlite3.Error:
            names = set()
        _seen[path] = {"articles", "pages", "crawl_runs"} <= names
    return _seen[path]


def archive_names(datasette) -> list[str]:
    return [name for name in datasette.databases if is_archive(datasette, name)]
