"""Exports: JSON lines, Parquet, CSV, plain text, WARC, with a manifest.

The format follows OUT's extension unless given (``format_for``); text
formats and WARC are gzip-compressed when OUT ends in ``.gz``. The manifest
is named after OUT (``corpus.parquet.manifest.json``), so several exports
share a folder.

Rows stream from one SQLite cursor and are written as they come (Parquet in
row groups of ``PARQUET_BATCH``), so memory stays constant whatever the
archive's size. Every file is written under a temporary name and renamed
when complete: an interrupted export leaves nothing half-written.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

from wellness_archiver.archive.db import Archive, ArchiveError, utcnow
from wellness_archiver.archive.errors import MissingDirectory, OutputExists, StaleClusters, UnknownFormat
from wellness_archiver.archive.outputs import refuse_archive_output, temp_part
from wellness_archiver.archive.tombstones import counts as tombstone_counts

FORMATS = ("jsonl", "parquet", "csv", "txt", "warc")
# OUT's extension -> format, when --format is not given.
EXTENSIONS = {
    ".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".parquet": "parquet", ".csv": "csv", ".csv.gz": "csv",
    ".txt": "txt", ".txt.gz": "txt", ".warc": "warc", ".warc.gz": "warc",
}
PARQUET_BATCH = 2000
COLUMNS = (
    "url", "canonical_url", "host", "site_name", "platform", "title", "author", "published", "updated",
    "language", "tags", "description", "word_count", "text", "content_hash", "first_seen", "last_seen",
    "crawl_run", "capture_id", "extractor", "extractor_candidate",
    # language and quality (quality.py), duplicate clusters (dedup.py)
    "language_detected", "language_confidence", "sentence_count", "quality_flags", "cluster_id", "duplicate_of",
)
INT_COLUMNS = {"word_count", "crawl_run", "capture_id", "sentence_count", "cluster_id"}
FLOAT_COLUMNS = {"language_confidence"}
LIST_COLUMNS = {"tags", "quality_flags"}


@dataclass
class Filters:
    sites: tuple[str, ...] = ()
    since: str | None = None  # published on or after (YYYY[-MM[-DD]])
    until: str | None = None  # published on or before
    languages: tuple[str, ...] = ()
    min_words: int | None = None
    no_duplicates: bool = False
    platforms: tuple[str, ...] = ()

    def used(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v not in ((), None, False)}

    def article_only(self) -> list[str]:
        """Filters that select articles (not meaningful for captures)."""
        used = self.used()
        return [flag for key, flag, _ in FILTERS if flag and key in used]


def _one_of(column: str):
    """``lower(column) in (...)``, case-insensitive, for a repeatable filter."""
    return lambda values: (f"lower({column}) in ({','.join('?' * len(values))})", [v.lower() for v in values])


# Each filter: (Filters field, its CLI flag when it selects articles (not
# captures), value -> (SQL condition, arguments)). Conditions are and-ed in this order.
FILTERS = (
    ("sites", None, _one_of("host")),
    ("since", "--since", lambda v: ("published >= ?", [v])),
    # '2024' or '2024-06' include the whole year or month.
    ("until", "--until", lambda v: ("substr(published, 1, ?) <= ?", [len(v), v])),
    ("languages", "--lang", _one_of("language")),
    ("min_words", "--min-words", lambda v: ("word_count >= ?", [v])),
    # The clusters of the last dedup: keep each one's canonical member.
    ("no_duplicates", "--no-duplicates", lambda v: ("duplicate_of is null", [])),
    ("platforms", "--platform", _one_of("platform")),
)


def where_clause(filters: Filters, db=None) -> tuple[str, list]:
    clauses, args = [], []
    for key, _flag, condition in FILTERS:
        value = getattr(filters, key)
        if value:
            clause, values = condition(value)
            clauses.append(clause)
            args += values
    return (" where " + " and ".join(clauses)) if clauses else "", args


def count_articles(archive: Archive, filters: Filters) -> int:
    where, args = where_clause(filters, archive.db)
    return archive.db.execute(f"select count(*) from articles{where}", args).fetchone()[0]


def iter_articles(archive: Archive, filters: Filters) -> Iterator[dict]:
    """Filtered articles, oldest URL first, one at a time (a streaming cursor)."""
    where, args = where_clause(filters, archive.db)
    present = archive.db["articles"].columns_dict
    columns = [c for c in COLUMNS if c in present]
    cursor = archive.db.conn.execute(f"select {', '.join(columns)} from articles{where} order by url", args)
    for row in cursor:
        record = dict(zip(columns, row))
        for column in LIST_COLUMNS:
            record[column] = json.loads(record.get(column) or "[]")
        yield {c: record.get(c) for c in COLUMNS}


# Written under a temporary name beside OUT, renamed when complete (outputs.py).
atomic_path = temp_part


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Counts:
    def __init__(self):
        self.total = 0
        self.site, self.language, self.year, self.extractor = Counter(), Counter(), Counter(), Counter()

    def add(self, row: dict) -> None:
        self.total += 1
        self.site[row.get("host") or "unknown"] += 1
        self.language[row.get("language") or "unknown"] += 1
        self.year[(row.get("published") or "")[:4] or "unknown"] += 1
        self.extractor[row.get("extractor") or "unknown"] += 1


def format_for(out: str | Path) -> str:
    """The export format OUT's extension names; ArchiveError for any other."""
    name = Path(out).name.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(ext) and len(name) > len(ext):
            return EXTENSIONS[ext]
    raise UnknownFormat(Path(out).name, EXTENSIONS, FORMATS)


def manifest_path_for(out: str | Path) -> Path:
    """The manifest of an export: OUT's name plus ``.manifest.json``, beside it."""
    out = Path(out)
    return out.parent / f"{out.name}.manifest.json"


@contextmanager
def _open_text(path: Path, gz: bool, newline: str | None = None) -> Iterator[io.TextIOBase]:
    """A text file, gzip-compressed when ``gz`` (with no timestamp, so equal exports have equal bytes)."""
    if not gz:
        with open(path, "w", encoding="utf-8", newline=newline) as f:
            yield f
        return
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed, \
            io.TextIOWrapper(packed, encoding="utf-8", newline=newline) as f:
        yield f


def _write_jsonl(path: Path, rows, counts: _Counts, tick, gz: bool = False) -> None:
    with _open_text(path, gz) as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts.add(row)
            tick()


def _write_csv(path: Path, rows, counts: _Counts, tick, gz: bool = False) -> None:
    with _open_text(path, gz, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **{c: json.dumps(row[c], ensure_ascii=False) for c in LIST_COLUMNS}})
            counts.add(row)
            tick()


def _write_txt(path: Path, rows, counts: _Counts, tick, gz: bool = False) -> None:
    # One article after another: title, URL, blank line, text; articles
    # are separated by a line holding a form feed (\f) only.
    with _open_text(path, gz) as f:
        for i, row in enumerate(rows):
            if i:
                f.write("\n\f\n")
            f.write(f"{row['title'] or ''}\n{row['url']}\n\n{row['text'] or ''}\n")
            counts.add(row)
            tick()


def parquet_schema():
    import pyarrow as pa

    fields = []
    for column in COLUMNS:
        if column in LIST_COLUMNS:
            fields.append(pa.field(column, pa.list_(pa.string())))
        elif column in INT_COLUMNS:
            fields.append(pa.field(column, pa.int64()))
        elif column in FLOAT_COLUMNS:
            fields.append(pa.field(column, pa.float64()))
        else:
            fields.append(pa.field(column, pa.string()))
    return pa.schema(fields)


def _write_parquet(path: Path, rows, counts: _Counts, tick, gz: bool = False) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            counts.add(row)
            tick()
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        if batch or counts.total == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "txt": _write_txt, "parquet": _write_parquet}


def check_outputs(out: Path, force: bool, archive_path: str | Path | None = None) -> Path:
    """The manifest path; raises ArchiveError when an output exists (unless force)
    or is the archive or one of its files (even with force)."""
    manifest = manifest_path_for(out)
    if not out.parent.is_dir():
        raise MissingDirectory(out.parent)
    for path in (out, manifest):
        if archive_path is not None:
            refuse_archive_output(path, archive_path)
        if path.exists() and not force:
            raise OutputExists(path)
        if path.is_dir():
            raise ArchiveError(f"{path} is a directory: give a file name for OUT")
    return manifest


def export(
    archive: Archive,
    out: str | Path,
    fmt: str | None = None,
    filters: Filters | None = None,
    force: bool = False,
    on_total: Callable[[int], None] | None = None,
    tick: Callable[[], None] = lambda: None,
    versions: dict | None = None,
    redact_pii: bool = False,
) -> dict:
    """Write OUT in ``fmt`` (default: by OUT's extension) plus OUT.manifest.json
    beside it; returns the manifest.

    ``redact_pii``: replace e-mail addresses and phone numbers in title,
    description and text by ``[EMAIL]``/``[PHONE]`` (crisis lines kept; see
    ``pii.py``). ``filters.no_duplicates`` needs up-to-date clusters
    (``dedup.dedup``); stale ones raise ArchiveError.
    """
    out = Path(out)
    filters = filters or Filters()
    fmt = fmt or format_for(out)
    gz = out.name.lower().endswith(".gz")
    _check_request(archive, out, fmt, gz, filters, redact_pii)
    manifest_path = check_outputs(out, force, archive.path)
    redactor = None
    if redact_pii:
        from wellness_archiver.analysis.pii import Redactor

        redactor = Redactor()
    counts = _Counts()
    if fmt == "warc":
        from wellness_archiver.archive.warc import count_warc_captures, write_warc

        if on_total:
            on_total(count_warc_captures(archive, filters))
        with atomic_path(out) as tmp:
            records = write_warc(archive, tmp, filters, tick=tick, versions=versions,
                                 gzip=gz)
        file_counts = {"captures": records["captures"], "records": records["records"]}
    else:
        if on_total:
            on_total(count_articles(archive, filters))
        rows = iter_articles(archive, filters)
        if redactor:
            rows = map(redactor.article, rows)
        with atomic_path(out) as tmp:
            WRITERS[fmt](tmp, rows, counts, tick, gz=gz)
        file_counts = {"articles": counts.total}
    manifest = _manifest(archive, out, fmt, gz, filters, counts, file_counts, redactor, versions)
    with atomic_path(manifest_path) as tmp:
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _check_request(archive: Archive, out: Path, fmt: str, gz: bool, filters: Filters, redact_pii: bool) -> None:
    """Refuse, before any work, what cannot be written."""
    if fmt not in FORMATS:
        raise ArchiveError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if redact_pii and fmt == "warc":
        raise ArchiveError("PII redaction cannot apply to WARC: raw captures are kept byte for byte")
    if filters.no_duplicates:
        from wellness_archiver.archive.dedup import is_stale

        if is_stale(archive):
            raise StaleClusters(archive.path)
    if gz and fmt == "parquet":
        raise ArchiveError("Parquet is compressed already (zstd): drop the .gz from OUT")


def _manifest(archive: Archive, out: Path, fmt: str, gz: bool, filters: Filters, counts: _Counts,
              file_counts: dict, redactor, versions: dict | None) -> dict:
    return {
        "tool": "wellness-archiver",
        "created_at": utcnow(),
        "archive": archive.path.name,
        "format": fmt,
        "compression": "gzip" if gz else None,
        "filters": filters.used(),
        "files": [{"path": out.name, "bytes": out.stat().st_size, "sha256": sha256_file(out), **file_counts}],
        "counts": {
            "articles": counts.total,
            "by_site": dict(counts.site.most_common()),
            "by_language": dict(counts.language.most_common()),
            "by_year": dict(sorted(counts.year.items())),
        },
        "extractors": dict(counts.extractor.most_common()),
        "pii_redaction": redactor.summary() if redactor else None,
        "deduplication": _dedup_summary(archive) if filters.no_duplicates else None,
        "versions": versions or {},
        "tombstones": tombstone_counts(archive.db),  # forgotten URLs and sites, none of them exported
        "crawl_runs": [
            dict(zip(("id", "kind", "started_at", "finished_at", "status"), row))
            for row in archive.db.execute(
                "select id, kind, started_at, finished_at, status from crawl_runs order by id"
            ).fetchall()
        ],
    }


def _dedup_summary(archive: Archive) -> dict | None:
    from wellness_archiver.archive.dedup import last_dedup

    last = last_dedup(archive)
    if last is None:
        return None
    return {k: last[k] for k in ("computed_at", "threshold", "shingle_size", "num_perm", "clusters", "duplicates")}
