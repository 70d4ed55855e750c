"""The archive's schema, as idempotent sqlite-utils migrations.

Each migration runs once per database and is recorded in
``_sqlite_migrations``; append new ones, never edit applied ones.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("wellness_archiver")

FTS_COLUMNS = {"articles": ["title", "text"]}


@migrations()
def m001_initial(db: Database) -> None:
    db["crawl_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | finished | partial | failed | interrupted
            "seeds": str,  # JSON list
            "arguments": str,  # JSON object: the command-line options
            "versions": str,  # JSON object: tool and library versions
            "pages_fetched": int,
            "posts_stored": int,
            "errors": int,
        },
        pk="id",
    )
    db["sites"].create(
        {
            "host": str,
            "name": str,
            "platform": str,
            "language": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="host",
    )
    db["pages"].create(
        {
            "url": str,
            "final_url": str,
            "host": str,
            "status": int,
            "content_type": str,
            "page_type": str,  # post | listing | page | feed | other | error
            "fetched_at": str,
            "error": str,  # why the page failed or yielded no article
            "depth": int,
            "referrer": str,
            "crawl_run": int,
        },
        pk="url",
        foreign_keys=[("host", "sites", "host"), ("crawl_run", "crawl_runs", "id")],
    )
    db["articles"].create(
        {
            "url": str,
            "canonical_url": str,
            "host": str,
            "title": str,
            "author": str,
            "published": str,
            "updated": str,
            "site_name": str,
            "tags": str,  # JSON list
            "description": str,
            "language": str,
            "platform": str,
            "word_count": int,
            "text": str,
            "content_hash": str,  # sha256 of the whitespace-normalised text
            "first_seen": str,
            "last_seen": str,
            "crawl_run": int,
            "page_url": str,
        },
        pk="url",
        foreign_keys=[
            ("host", "sites", "host"),
            ("crawl_run", "crawl_runs", "id"),
            ("page_url", "pages", "url"),
        ],
    )
    db["pages"].create_index(["host"])
    db["pages"].create_index(["crawl_run"])
    db["articles"].create_index(["host"])
    db["articles"].create_index(["published"])
    db["articles"].create_index(["content_hash"])
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize="porter")


def ensure_schema(db: Database) -> None:
    """Create or migrate the schema; safe to call on every open."""
    db.enable_wal()
    migrations.apply(db)
