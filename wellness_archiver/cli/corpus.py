"""Working on the corpus in place: ``dedup``, ``reextract``, ``import-warc``, ``forget``."""

from __future__ import annotations

import json

import click

from wellness_archiver.cli import console as out
from wellness_archiver.cli.common import (existing_db_argument, json_option, open_archive, reported,
                                          workers_options)
from wellness_archiver.jobs import analyse, corpus


def duplicates_after(db_path: str, quiet: bool = False):
    """Recompute the duplicate clusters after the archive changed; a failure
    here never fails the command, it says how to retry."""
    try:
        result = analyse.refresh_duplicates(db_path)
    except Exception as ex:  # the command's own work succeeded
        out.warn(f"duplicate clusters not updated ({ex}): run 'wellness-archiver dedup {db_path}'")
        return None
    if not quiet:
        out.duplicates_line(result, db_path)
    return result


@click.command()
@existing_db_argument
@click.option("-t", "--threshold", type=click.FloatRange(0, 1, min_open=True), default=None,
              help="Jaccard similarity of near-duplicates, 0-1 [default: the last run's, else 0.85]")
@json_option("Print the clusters as JSON")
def dedup(db_path, threshold, as_json):
    """Recompute the duplicate clusters across all sites.

    Same text, near-duplicates (MinHash LSH on word 5-shingles, Jaccard >=
    THRESHOLD), URL variants (tracking parameters, AMP, print) and
    rel=canonical links make one cluster; every member but the canonical
    one (earliest published) gets duplicate_of. Nothing is deleted; export
    --no-duplicates leaves them out. Also fills language and quality
    fields missing from older archives. Crawls run it at their end.

    Example:

    \b
        wellness-archiver dedup archive.db --threshold 0.9
    """
    with open_archive(db_path, write=True) as archive, reported(), out.progress() as progress:
        task = progress.add_task("hashing articles", total=None)
        result, found = analyse.recompute(archive, threshold, on_total=lambda n: progress.update(task, total=n),
                                         tick=lambda n: progress.advance(task, n))
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    out.dedup_summary(result, found, db_path)


@click.command()
@existing_db_argument
@click.option("--site", "host", help="Only this site's host (e.g. example-therapy.blog)")
@click.option("--extractor", default=None, metavar="MODULE:FUNCTION",
              help="Extraction function taking (body, url) and returning (Article|None, reason) "
                   "[default: the built-in extractor]")
@workers_options
def reextract(db_path, host, extractor, workers, extract_timeout):
    """Extract every post again from its stored capture, with no network.

    Articles whose text or title changes keep their old version (see
    'wellness-archiver history'). Runs on all cores.

    Example:

    \b
        wellness-archiver reextract archive.db --site example-therapy.blog
    """
    host = corpus.site(host)
    with reported(ValueError):
        extractor = corpus.checked_extractor(extractor)
    with open_archive(db_path, write=True) as archive, reported(), out.progress() as progress:
        task = progress.add_task("re-extracting", total=None)
        result = corpus.run_reextract(archive, host, extractor, workers, extract_timeout,
                                      on_total=lambda n: progress.update(task, total=n),
                                      on_progress=lambda n: progress.advance(task, n))
    if result.articles:
        duplicates_after(db_path, quiet=True)
    if not result.captures:
        where = f" for site {host}" if host else ""
        raise click.ClickException(
            f"No stored captures of posts{where} in {db_path}: crawl first "
            "(captures are kept since wellness-archiver 0.2), or check --site"
        )
    out.reextract_summary(result, db_path)


@click.command(name="import-warc")
@click.argument("db_path", metavar="DB", type=click.Path(dir_okay=False))
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@workers_options
@json_option("Print a JSON summary (run id, counts)")
def import_warc(db_path, files, workers, extract_timeout, as_json):
    """Import WARC or ARC files (wget --warc-file, Common Crawl, our own export).

    Every HTML response is classified, kept as a capture and, when it is a
    post, extracted into the archive, as a crawl would. Each file is checked
    to the end first: a corrupt or truncated file imports nothing.

    Example:

    \b
        wellness-archiver import-warc archive.db crawl.warc.gz
    """
    with reported():
        total = corpus.check_warcs(files)  # every file, before the archive is touched
    with open_archive(db_path, write=True, create=True) as archive, reported(), out.progress() as progress:
        task = progress.add_task("importing", total=total)
        counts = corpus.import_files(archive, db_path, list(files), workers, extract_timeout,
                                     tick=lambda: progress.advance(task))
    dups = duplicates_after(db_path, quiet=True) if counts["articles"] else None
    if as_json:
        click.echo(json.dumps({"files": list(files), **counts,
                               "duplicates": dups.duplicates if dups else None}, indent=2))
        return
    out.console.print(
        f"Imported {counts['responses']} HTML responses from {len(files)} file(s): "
        f"{counts['articles']} articles, {counts['errors']} failed pages (run {counts['run_id']})"
    )


@click.command()
@existing_db_argument
@click.option("--url", "urls", multiple=True, help="Forget this post URL (repeatable)")
@click.option("--site", "sites", multiple=True, help="Forget this whole site, by host (repeatable)")
@click.option("--reason", default=None, help="Why, kept in the tombstone [default: removal requested]")
def forget(db_path, urls, sites, reason):
    """Remove a post or a site for good, and keep it out of later crawls and imports.

    Deletes its articles (and their search entries), earlier versions, raw
    captures, pages, duplicate-cluster memberships and frontier rows, writes
    a tombstone (URL or host, date, reason) that crawls, --resume and
    import-warc honour, then VACUUMs the file so no removed text remains in it.

    Example:

    \b
        wellness-archiver forget archive.db --url https://example.blog/post/grief/ --reason "author's request"
        wellness-archiver forget archive.db --site example.blog
    """
    if not urls and not sites:
        raise click.UsageError("give at least one --url URL or --site HOST to forget")
    with open_archive(db_path, write=True) as archive, reported():
        result, had_clusters = corpus.forget(archive, urls, sites, reason)
    out.forget_summary(result, db_path)
    if result.clusters and had_clusters:
        duplicates_after(db_path, quiet=True)
