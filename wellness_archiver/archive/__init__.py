"""The archive: SQLite only (schema and migrations, writes, queries, exports,
WARC reading and writing, the datasheet, tombstones, the Datasette metadata)."""
