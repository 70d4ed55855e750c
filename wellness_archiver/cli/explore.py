"""Looking into an archive: ``stats`` and ``history``."""

from __future__ import annotations

import json

import click

from wellness_archiver.cli import console as out
from wellness_archiver.cli.common import existing_db_argument, json_option, open_archive, reported
from wellness_archiver.jobs.reextract import history_diff


@click.command()
@existing_db_argument
@json_option()
def stats(db_path, as_json):
    """Counts of articles, pages, sites and errors in an archive.

    Example:

    \b
        wellness-archiver stats archive.db
    """
    with open_archive(db_path) as archive:
        data = archive.stats()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    out.stats_tables(data, db_path)


@click.command()
@existing_db_argument
@click.argument("url")
def history(db_path, url):
    """Show how an article's text changed between crawls and re-extractions.

    Prints a unified diff of each version against the next, oldest first.

    Example:

    \b
        wellness-archiver history archive.db https://example-therapy.blog/post/grief/
    """
    with open_archive(db_path) as archive, reported():
        lines = history_diff(archive, url)
        count = len(archive.article_history(url))
    if not lines:
        click.echo(f"{url}: one version only, never changed")
        return
    click.echo(f"{url}: {count} versions")
    out.diff_lines(lines)
