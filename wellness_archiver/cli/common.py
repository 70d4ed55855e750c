"""What the commands share: options, opening the archive, and the one place
where the library's errors become one-line messages with a hint."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import click

from wellness_archiver.archive import errors
from wellness_archiver.archive.db import Archive
from wellness_archiver.jobs.campaign import CampaignError
from wellness_archiver.jobs.errors import PlanError

# How to fix each error, after its message; formatted with the exception's attributes.
HINTS: dict[type, str] = {
    errors.NoArchive: "run 'wellness-archiver crawl URL --db {path}' first",
    errors.NotAnArchive: "give an archive made by 'wellness-archiver crawl', or a new file name",
    errors.NewerArchive: "upgrade wellness-archiver to open it",
    errors.ArchiveLocked: "wait for it to finish (another crawl, reextract, import-warc or dedup?) "
                          "or write to another --db",
    errors.NoSuchRun: "see its runs with 'wellness-archiver stats {path}'",
    errors.NoSuchArticle: "list URLs with: sqlite3 {path} 'select url from articles'",
    errors.OutputExists: "choose another OUT, or pass --force to overwrite it",
    errors.OutputIsArchive: ", even with --force; choose another output file",  # (a hint may go on the sentence)
    errors.MissingDirectory: "create it first (mkdir -p {directory})",
    errors.StaleClusters: "run 'wellness-archiver dedup {path}' first",
    errors.UnknownFormat: "end OUT in {extensions}, or give --format ({formats})",
}
# A crawl that cannot start as asked (PlanError), by its kind.
PLAN_HINTS = {
    "no-run": "start one with 'crawl URL --db {db_path}'",
    "other-seeds": "resume it without URLs, or start a new crawl without --resume",
    "empty-frontier": "give this worker (or another) URLs to crawl",
}
# Errors the library raises for input the user can fix: one line, exit status 1.
EXPECTED = (errors.ArchiveError, CampaignError, ValueError, OSError)


def message(ex: BaseException) -> str:
    """The one line the user sees: what is wrong, then how to fix it when a hint says."""
    if isinstance(ex, PlanError):
        hint = PLAN_HINTS.get(ex.kind, "").format(**ex.data)
    else:
        hint = next((text for cls, text in HINTS.items() if isinstance(ex, cls)), "")
        values = {key: (", ".join(value) if isinstance(value, tuple) else value) for key, value in vars(ex).items()}
        hint = hint.format(**values)
    if not hint:
        return str(ex)
    return f"{ex}{hint}" if hint[0] in ",;" else f"{ex}: {hint}"


@contextmanager
def reported(*expected: type) -> Iterator[None]:
    """Turn the library's errors (``expected``, default :data:`EXPECTED`) into click's one-line errors."""
    try:
        yield
    except expected or EXPECTED as ex:
        usage = isinstance(ex, PlanError) and ex.usage  # the command line itself was wrong: exit status 2
        raise (click.UsageError if usage else click.ClickException)(message(ex)) from None


@contextmanager
def open_archive(db_path: str, *, write: bool = False, create: bool = False) -> Iterator[Archive]:
    """The archive, closed on the way out. Writers hold its writer lock until
    then (and fail at once when another process holds it); readers open it
    read-only and unmigrated, with a note when it lacks migrations."""
    with reported(errors.ArchiveError):
        archive = Archive(db_path, create=create, readonly=not write)
    try:
        if write:
            with reported(errors.ArchiveError):
                archive.ensure_writable()
        elif archive.pending:
            click.echo(f"note: {db_path} was made by an older wellness-archiver; read as it is, without its "
                       f"pending migrations ({', '.join(archive.pending)}), which any writing command (crawl, "
                       "dedup, reextract) applies", err=True)
        yield archive
    finally:
        archive.close()


def db_option(default: str = "archive.db"):
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), default=default, show_default=True,
                        help="SQLite archive file (created if missing)")


def existing_db_argument(fn):
    return click.argument("db_path", metavar="DB", type=click.Path(exists=True, dir_okay=False))(fn)


def json_option(help: str = "Print JSON instead of tables"):
    return click.option("--json", "as_json", is_flag=True, help=help)


def verbose_option(fn):
    return click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log instead of the progress line")(fn)


def workers_options(fn):
    """-j/--workers and --extract-timeout, as reextract and import-warc take them."""
    fn = click.option("--extract-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
                      help="Seconds one page may take in a worker (then recorded as 'extraction timeout'); "
                           "0 = no limit [default: WELLNESS_EXTRACT_TIMEOUT's, as in a crawl]")(fn)
    return click.option("-j", "--workers", type=click.IntRange(min=0), default=0,
                        help="Processes; 0 = one per core")(fn)


def parse_setting(ctx, param, values) -> dict:
    """-s NAME=VALUE, repeatable, as a dict."""
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}")
        settings[name.strip()] = setting
    return settings
