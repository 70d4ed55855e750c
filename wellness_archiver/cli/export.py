"""Getting a corpus out: ``export`` (JSONL, Parquet, CSV, text, WARC) and ``datasheet``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from wellness_archiver.archive.datasheet import datasheet as build_datasheet
from wellness_archiver.archive.export import FORMATS, atomic_path, manifest_path_for
from wellness_archiver.archive.outputs import refuse_archive_output
from wellness_archiver.cli import console as out
from wellness_archiver.cli.common import existing_db_argument, json_option, open_archive, reported
from wellness_archiver.jobs import analyse, corpus


@click.command()
@existing_db_argument
@click.argument("out_path", metavar="OUT", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format; warc writes the raw captures as WARC 1.1 [default: by OUT's extension]")
@click.option("--site", "sites", multiple=True, help="Only this host (repeatable)")
@click.option("--since", help="Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)")
@click.option("--until", help="Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)")
@click.option("--lang", "languages", multiple=True, help="Only this language code, e.g. en (repeatable)")
@click.option("--min-words", type=click.IntRange(min=1), help="Only articles with at least this many words")
@click.option("--no-duplicates", is_flag=True, help="Leave out duplicate articles (keeps one of each)")
@click.option("--platform", "platforms", multiple=True, help="Only this platform, e.g. wordpress (repeatable)")
@click.option("--redact-pii", is_flag=True,
              help="Replace e-mail addresses and phone numbers by [EMAIL] and [PHONE] (crisis lines are kept)")
@click.option("--force", is_flag=True, help="Overwrite OUT and OUT.manifest.json if they exist")
@json_option("Print a JSON summary (paths, counts, sha256)")
def export(db_path, out_path, fmt, redact_pii, force, as_json, **filters):
    """Export articles (or raw captures as WARC) with OUT.manifest.json beside OUT.

    The format follows OUT's extension (.jsonl, .parquet, .csv, .txt,
    .warc; .gz compresses all but .parquet) unless --format is given.

    Streams in constant memory; OUT appears only once complete. The manifest
    gives counts per site, language and year, crawl dates, tool and extractor
    versions, the filters used and the sha256 of OUT.

    Example:

    \b
        wellness-archiver export archive.db corpus.jsonl --lang en --min-words 200
        wellness-archiver export archive.db corpus.parquet --no-duplicates
        wellness-archiver export archive.db shareable.jsonl.gz --redact-pii
        wellness-archiver export archive.db captures.warc.gz
    """
    filters = corpus.export_filters(**filters)
    with reported():
        fmt = corpus.export_plan(db_path, out_path, fmt, filters, redact_pii, force)  # before any work
    if filters.no_duplicates:  # the one write of an export, before the archive is opened read-only
        with open_archive(db_path, write=True) as archive:
            analyse.refresh_if_stale(archive, on_stale=lambda: out.err_console.print(
                "Duplicate clusters missing or out of date: recomputing them first"))
    with open_archive(db_path) as archive, reported(), out.progress() as progress:
        task = progress.add_task(f"exporting {fmt}", total=None)
        manifest = corpus.run_export(archive, out_path, fmt, filters, force, redact_pii,
                                     on_total=lambda n: progress.update(task, total=n),
                                     tick=lambda: progress.advance(task))
    if as_json:
        click.echo(json.dumps({"out": str(out_path), "manifest": str(manifest_path_for(out_path)), "format": fmt,
                               "compression": manifest["compression"], **manifest["files"][0],
                               "pii_redaction": manifest["pii_redaction"]}, indent=2))
        return
    out.export_summary(manifest, fmt, out_path, manifest_path_for(out_path))


@click.command()
@existing_db_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists")
def datasheet(db_path, output, force):
    """Write a Markdown datasheet of the archive, for a paper's appendix.

    Sources and platforms with counts, date range, language mix, quality
    flags, duplicates, robots.txt/noarchive decisions, failures by reason,
    crawl runs with their tool and extractor versions.

    Example:

    \b
        wellness-archiver datasheet archive.db -o DATASHEET.md
    """
    if output:
        with reported():
            refuse_archive_output(output, db_path)  # even with --force
    if output and Path(output).exists() and not force:
        raise click.ClickException(f"{output} already exists: choose another -o FILE, or pass --force to overwrite it")
    if output and not Path(output).parent.is_dir():
        raise click.ClickException(f"Directory {Path(output).parent} does not exist: create it first")
    with open_archive(db_path) as archive:
        text = build_datasheet(archive)
    if not output:
        click.echo(text, nl=False)
        return
    with atomic_path(Path(output)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    out.console.print(f"Wrote the datasheet to {output}")
