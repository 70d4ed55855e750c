"""WARC 1.1 out of the stored captures, and WARC/ARC files into the archive.

Export: one ``warcinfo`` record, then a ``request`` + ``response`` pair per
capture with a body (noarchive pages have none, so they are never written).
Import: the records are read and checked here; jobs/import_warc.py runs
them through the crawl's own steps. A file is checked completely before
anything is written, so a truncated or corrupt WARC imports nothing.
"""

from __future__ import annotations

import contextlib
import io
import json
import zlib
from datetime import datetime, timezone
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit


from wellness_archiver.archive.captures import decompress
from wellness_archiver.archive.db import Archive, ArchiveError
from wellness_archiver.archive.rows import in_chunks

# Headers describing the transfer, not the stored (decoded) body.
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def _warc_date(iso: str | None) -> str:
    if not iso:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _capture_query(filters) -> tuple[str, list]:
    sql = "from captures c left join pages p on p.url = c.url where c.body is not null"
    args: list = []
    if filters is not None and filters.sites:
        sql += f" and p.host in ({','.join('?' * len(filters.sites))})"
        args += [s.lower() for s in filters.sites]
    return sql, args


def count_warc_captures(archive: Archive, filters=None) -> int:
    sql, args = _capture_query(filters)
    return archive.db.execute(f"select count(*) {sql}", args).fetchone()[0]


def write_warc(
    archive: Archive, path: Path, filters=None, tick: Callable[[], None] = lambda: None,
    versions: dict | None = None, gzip: bool | None = None,
) -> dict:
    """Write the captures as WARC 1.1 to ``path``; gzip per record unless the
    name does not end in .gz (the final name decides; pass ``gzip``)."""
    from warcio.warcwriter import WARCWriter

    from wellness_archiver import __version__

    sql, args = _capture_query(filters)
    ids = [r[0] for r in archive.db.execute(f"select c.id {sql} order by c.id", args).fetchall()]
    gzip = str(path).endswith(".gz") if gzip is None else gzip
    written = {"captures": 0, "records": 0}
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip, warc_version="1.1")
        info = {
            "software": f"wellness-archiver/{__version__}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": archive.path.name,
            "description": "Raw HTML captures of wellness blogs, from a wellness-archiver SQLite archive",
            "versions": json.dumps(versions or {}),
        }
        writer.write_record(writer.create_warcinfo_record(Path(path).name, info))
        written["records"] += 1
        for part, marks in in_chunks(ids, 50):
            rows = archive.db.execute(
                "select id, url, final_url, fetched_at, status, content_type, headers, body, body_encoding "
                f"from captures where id in ({marks}) order by id",
                part,
            ).fetchall()
            for row in rows:
                _write_capture(writer, row)
                written["captures"] += 1
                written["records"] += 2
                tick()
    return written


def _write_capture(writer, row: tuple) -> None:
    """One capture as a WARC request/response pair."""
    from warcio.statusandheaders import StatusAndHeaders

    from wellness_archiver import __version__

    _cid, url, final_url, fetched_at, status, content_type, headers, body, encoding = row
    body = decompress(body, encoding)
    target = final_url or url
    status = status or 200
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    header_list = [
        (name, str(value))
        for name, value in (json.loads(headers) if headers else {}).items()
        if name.lower() not in _TRANSFER_HEADERS
    ]
    if not any(name.lower() == "content-type" for name, _ in header_list):
        header_list.append(("Content-Type", content_type or "text/html"))
    header_list.append(("Content-Length", str(len(body))))
    http_headers = StatusAndHeaders(f"{status} {phrase}", header_list, protocol="HTTP/1.1")
    date = _warc_date(fetched_at)
    response = writer.create_warc_record(
        target, "response", payload=BytesIO(body), length=len(body), http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    parts = urlsplit(target)
    request_headers = StatusAndHeaders(
        f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
        [("Host", parts.netloc), ("User-Agent", f"wellness-archiver/{__version__} (research crawler)")],
        is_http_request=True,
    )
    request = writer.create_warc_record(
        target, "request", http_headers=request_headers, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_request_response_pair(request, response)


# -- import -------------------------------------------------------------------


def _open_records(path: Path):
    from warcio.archiveiterator import ArchiveIterator

    f = open(path, "rb")
    return f, ArchiveIterator(f, arc2warc=True)


def check_warc(path: Path) -> int:
    """Read every record of a WARC/ARC file to the end; the number of HTML
    responses. Raises ArchiveError for a corrupt or truncated file."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"No WARC file at {path}: check the path")
    start = _first_bytes(path)
    if not start.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        raise ArchiveError(
            f"{path} is not a readable WARC/ARC file (it starts with {start[:20]!r}, not 'WARC/' or an ARC "
            "header); nothing was imported: give a .warc, .warc.gz, .arc or .arc.gz file"
        )
    count = records = end = 0
    noise = io.StringIO()  # warcio writes decompression errors to stderr itself
    try:
        f, iterator = _open_records(path)
        with f, contextlib.redirect_stderr(noise):
            for record in iterator:
                records += 1
                if record.rec_type is None or record.length is None:
                    raise ValueError("record header is incomplete (no type or Content-Length)")
                raw = record.raw_stream
                while raw.read(1 << 16):
                    pass
                if getattr(raw, "limit", 0) > 0:
                    raise ValueError(f"record ends {raw.limit} bytes early")
                end = iterator.get_record_offset() + iterator.get_record_length()
                if _is_html_response(record):
                    count += 1
            # warcio stops quietly at a record cut inside its header: any
            # bytes after the last complete record but blank lines mean a
            # truncated file.
            f.seek(end)
            tail = f.read(1 << 16)
            if tail.strip(b"\r\n"):
                records += 1
                raise ValueError(f"{path.stat().st_size - end} bytes after the last complete record")
    except ArchiveError:
        raise
    except Exception as ex:
        first = noise.getvalue().strip().splitlines()[:1]
        detail = f"{type(ex).__name__}: {ex}" + (f"; {first[0]}" if first else "")
        raise ArchiveError(
            f"{path} is not a readable WARC/ARC file (record {records + 1}: {detail}); "
            "nothing was imported: re-download or re-create it"
        ) from None
    if records == 0:
        raise ArchiveError(f"{path} holds no WARC records: is it a WARC file?")
    return count


def _first_bytes(path: Path, n: int = 64) -> bytes:
    with open(path, "rb") as f:
        head = f.read(4096)
    if head[:2] == b"\x1f\x8b":
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, n)
        except zlib.error:
            return b""
    return head[:n]


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return "html" in content_type


def iter_html_responses(path: Path) -> Iterator[tuple[str, str, int, dict, bytes]]:
    """(url, fetched_at ISO, status, headers, decoded body) per HTML response."""
    f, iterator = _open_records(path)
    with f:
        for record in iterator:
            if not _is_html_response(record):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date") or ""
            status = int(record.http_headers.get_statuscode() or 0)
            headers = {}
            for name, value in record.http_headers.headers:
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
            body = record.content_stream().read()  # de-chunked, content-decoded
            fetched_at = date.replace("Z", "+00:00") if date else None
            yield url, fetched_at, status, headers, body
