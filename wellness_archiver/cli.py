"""The ``wellness-archiver`` command line: thin commands over the modules."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from wellness_archiver import __version__
from wellness_archiver.archive.db import Archive, ArchiveError

console = Console(soft_wrap=True)  # paths stay on one line, copy-pasteable
err_console = Console(stderr=True)

# Settings the demo uses: the fixture web is local, so no need to wait.
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def db_option(default: str = "archive.db"):
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=default,
        show_default=True,
        help="SQLite archive file (created if missing)",
    )


def existing_db_argument(fn):
    return click.argument("db_path", metavar="DB", type=click.Path(exists=True, dir_okay=False))(fn)


def parse_setting(ctx, param, values) -> dict:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}")
        settings[name.strip()] = setting
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wellness-archiver")
def cli():
    """Crawl wellness, therapy and mental-health blogs into a clean,
    searchable SQLite archive."""


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@db_option()
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after fetching this many pages")
@click.option("--contact", default="", help="E-mail or URL of the person running the crawl, put in the User-Agent")
@click.option("-s", "--set", "overrides", multiple=True, callback=parse_setting, metavar="NAME=VALUE",
              help="Override a Scrapy or project setting (repeatable)")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log instead of the progress line")
def crawl(urls, db_path, max_pages, contact, overrides, verbose):
    """Crawl the blogs at URLS and store every post in the archive.

    Example:

    \b
        wellness-archiver crawl https://example-therapy.blog/ --db archive.db --contact me@example.org
    """
    if not contact:
        err_console.print("[yellow]warning:[/] no --contact given: site owners cannot reach you about this crawl")
    arguments = {"urls": list(urls), "db": db_path, "max_pages": max_pages, "contact": contact, "set": overrides}
    _crawl(list(urls), db_path, arguments, contact=contact, max_pages=max_pages or 0,
           overrides=overrides, verbose=verbose)


def _crawl(urls, db_path, arguments, **options):
    from wellness_archiver.runner import build_settings, run_crawl

    try:
        from wellness_archiver.spiders.blog import BlogSpider

        for url in urls:
            BlogSpider._normalise_seed(url)
        settings = build_settings(db_path, arguments=arguments, **options)
        summary = run_crawl(urls, settings, console=err_console)
    except (ArchiveError, ValueError) as ex:
        raise click.ClickException(str(ex))
    _print_summary(summary, db_path)
    if summary.status != "finished":
        sys.exit(1)
    return summary


def _print_summary(summary, db_path):
    table = Table(title=f"Crawl run {summary.run_id}: {summary.status}", show_header=False)
    table.add_row("pages fetched", str(summary.pages))
    table.add_row("posts stored", str(summary.posts))
    table.add_row("failed pages", str(summary.errors))
    for reason, count in summary.error_reasons.items():
        table.add_row(f"  {reason}", str(count))
    table.add_row("skipped (robots.txt)", str(summary.blocked))
    table.add_row("archive", str(db_path))
    console.print(table)


@cli.command()
@db_option(default="demo.db")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log instead of the progress line")
def demo(db_path, verbose):
    """Serve the bundled fixture blogs on 127.0.0.1 and crawl them.

    Needs no network: six blogs (Wix, WordPress, Squarespace, Blogger, Ghost
    and a custom site) are served locally and crawled into DB.

    Example:

    \b
        wellness-archiver demo --db demo.db
    """
    from wellness_archiver.demo_site.server import DemoSites

    with DemoSites() as sites:
        urls = list(sites.urls.values())
        console.print(f"Serving {len(urls)} demo blogs on 127.0.0.1; crawling them into {db_path}")
        arguments = {"demo": True, "urls": urls, "db": db_path}
        _crawl(urls, db_path, arguments, contact="demo@wellness-archiver.invalid",
               overrides=DEMO_SETTINGS, verbose=verbose)
    console.print(f"Explore it:  wellness-archiver serve {db_path}")
    console.print(f"Summary:     wellness-archiver stats {db_path}")


@cli.command()
@existing_db_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port (0 picks a free one)")
def serve(db_path, host, port):
    """Explore an archive in Datasette: search, facets, sorted articles.

    Example:

    \b
        wellness-archiver serve archive.db --port 8001
    """
    from datasette.cli import serve as datasette_serve

    from wellness_archiver.archive.explore import datasette_metadata

    try:
        Archive(db_path, create=False).close()  # migrate old archives first
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(datasette_metadata(db_path), f)
    datasette_serve.main(
        [db_path, "--metadata", f.name, "--host", host, "--port", str(port), "--setting", "facet_time_limit_ms", "500"],
        standalone_mode=True,
    )


@cli.command()
@click.argument("source", metavar="FILE|URL|-")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output: the article text, Markdown, or every field as JSON")
@click.option("--url", help="The page's URL, when SOURCE is a file or stdin (resolves relative links)")
def extract(source, fmt, url):
    """Extract the article from one page, to check extraction by hand.

    SOURCE is a saved HTML file, an http(s) URL (fetched once), or - for stdin.

    Example:

    \b
        wellness-archiver extract saved-post.html --format json
        curl -s https://example.blog/post/ | wellness-archiver extract - --url https://example.blog/post/
    """
    from wellness_archiver.extraction import extract_with_reason

    html, url = _read_source(source, url)
    article, reason = extract_with_reason(html, url)
    if article is None:
        raise click.ClickException(f"no article extracted from {source}: {reason}")
    if fmt == "json":
        click.echo(json.dumps(article.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(article.markdown)
    else:
        click.echo(article.text)


def _read_source(source: str, url: str | None) -> tuple[bytes, str | None]:
    if source == "-":
        return sys.stdin.buffer.read(), url
    if source.startswith(("http://", "https://")):
        import urllib.error
        import urllib.request

        from wellness_archiver.settings import Config

        request = urllib.request.Request(source, headers={"User-Agent": Config().user_agent})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read(), response.geturl()
        except (urllib.error.URLError, OSError) as ex:
            raise click.ClickException(f"could not fetch {source}: {ex}")
    path = Path(source)
    if not path.is_file():
        raise click.ClickException(f"{source}: no such file (give a file, an http(s) URL, or - for stdin)")
    return path.read_bytes(), url


@cli.command()
@existing_db_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables")
def stats(db_path, as_json):
    """Counts of articles, pages, sites and errors in an archive.

    Example:

    \b
        wellness-archiver stats archive.db
    """
    try:
        archive = Archive(db_path, create=False)
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    data = archive.stats()
    archive.close()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    totals = Table(title=f"{Path(db_path).name}", show_header=False)
    for key in ("articles", "pages", "failed_pages", "skipped_pages", "crawl_runs"):
        totals.add_row(key.replace("_", " "), str(data[key]))
    console.print(totals)
    sites = Table("host", "name", "platform", "articles", title="sites")
    for site in data["sites"]:
        sites.add_row(site["host"], site["name"] or "", site["platform"] or "", str(site["articles"]))
    console.print(sites)
    if data["errors"]:
        errors = Table("reason", "pages", title="failed pages")
        for reason, count in data["errors"].items():
            errors.add_row(reason, str(count))
        console.print(errors)
