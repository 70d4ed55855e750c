"""The ``wellness-archiver`` command line: thin commands over the modules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from wellness_archiver import __version__
from wellness_archiver.archive.errors import ArchiveError


def Archive(*args, **kwargs):  # noqa: N802 - stands in for the class
    """The archive, imported when a command needs it: sqlite-utils (and
    pandas, which it loads when installed) stay out of the extraction
    workers, which import this module as their parent's ``__main__``."""
    from wellness_archiver.archive.db import Archive as _Archive

    return _Archive(*args, **kwargs)

console = Console(soft_wrap=True)  # paths stay on one line, copy-pasteable
err_console = Console(stderr=True)

# Settings the demo uses: the fixture web is local, so no need to wait.
DEMO_SETTINGS = {
    "WELLNESS_ALLOW_PRIVATE": True,
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


# Exit codes of crawl (click itself exits 2 on a usage error).
EXIT_SUCCESS, EXIT_FAILURE, EXIT_PARTIAL = 0, 1, 3


@cli.command()
@click.argument("urls", nargs=-1)
@db_option()
@click.option("--max-pages", type=click.IntRange(min=1), help="Fetch at most this many pages per site")
@click.option("--max-depth", type=click.IntRange(min=1),
              help="Follow links at most this many hops from a seed (sitemap entries are 1) [default: 50]")
@click.option("--contact", default="", help="E-mail or URL of the person running the crawl, put in the User-Agent")
@click.option("--allow-private", is_flag=True,
              help="Allow seeds on loopback/private addresses (your own test sites), exactly their host:port; "
                   "redirects and links to other private addresses or ports stay refused")
@click.option("--refresh", is_flag=True,
              help="Refetch stored posts unconditionally (default: only new or changed ones)")
@click.option("--ignore-tdm", is_flag=True,
              help="Ignore TDMRep reservations and noai (only for rights holders' own archives; recorded)")
@click.option("--resume", is_flag=False, flag_value="latest", default=None, metavar="[RUN_ID]",
              help="Continue the archive's latest unfinished crawl run (or run RUN_ID) where it stopped "
                   "(killed, crashed, interrupted), with its seeds and options")
@click.option("--analyse", is_flag=True,
              help="After the crawl, fill language and quality fields and recompute duplicate clusters "
                   "(the same as 'wellness-archiver dedup DB')")
@click.option("-s", "--set", "overrides", multiple=True, callback=parse_setting, metavar="NAME=VALUE",
              help="Override a Scrapy or project setting (repeatable)")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log instead of the progress line")
@click.option("--seeds", "seeds_file", type=click.File("r", encoding="utf-8"), metavar="FILE",
              help="Also crawl the URLs in FILE, one a line (# comments; - for stdin)")
@click.option("--render", type=click.Choice(["never", "auto", "always"]), default=None,
              help="Render pages in headless chromium: auto = only app shells whose text a script builds "
                   "[default: never]")
@click.option("--campaign", "campaign_file", type=click.Path(dir_okay=False), metavar="FILE.toml",
              help="A campaign file: name, description, contact, seeds, limits, options, settings "
                   "(command-line options win)")
@click.option("--frontier", metavar="redis://HOST:PORT/DB",
              help="Be one worker of a crawl shared through this Redis frontier; --db is this worker's shard")
def crawl(urls, db_path, max_pages, max_depth, contact, allow_private, refresh, ignore_tdm, resume, analyse,
          overrides, verbose, seeds_file, campaign_file, render, frontier):
    """Crawl the blogs at URLS and store every post in the archive.

    Exit status: 0 when every page was fetched and stored, 3 when some pages
    failed or the crawl was interrupted (partial), 1 when nothing could be
    crawled.

    Example:

    \b
        wellness-archiver crawl https://example-therapy.blog/ --db archive.db --contact me@example.org
        wellness-archiver crawl --resume --db archive.db
        wellness-archiver crawl --resume 3 --db archive.db
    """
    resume_run, campaign = 0, None
    if resume is not None and resume != "latest" and not resume.isdigit():
        urls, resume = (resume, *urls), "latest"  # 'crawl --resume URL': a URL, not a run id
    if resume is not None and (seeds_file or campaign_file):
        raise click.UsageError("--resume continues the last run with its own seeds and campaign: "
                               "leave out --seeds and --campaign")
    if seeds_file or campaign_file:
        from wellness_archiver.jobs.campaign import CampaignError, plan

        given = {"contact": contact, "max_pages": max_pages, "max_depth": max_depth, "allow_private": allow_private,
                 "refresh": refresh, "ignore_tdm": ignore_tdm, "render": render, "set": overrides}
        try:
            urls, given, campaign = plan(list(urls), seeds_file, campaign_file, given)
        except CampaignError as ex:
            raise click.ClickException(str(ex))
        contact, max_pages, max_depth, overrides = (given[k] for k in ("contact", "max_pages", "max_depth", "set"))
        allow_private, refresh, ignore_tdm, render = (given[k] for k in ("allow_private", "refresh", "ignore_tdm",
                                                                         "render"))
        if not urls:
            raise click.UsageError("the seeds file and campaign list no URL to crawl")
        if campaign:
            console.print(f"Campaign {campaign['name']!r}: {len(urls)} seed(s)")
    if resume is not None:
        run = _resumable_run(db_path, urls, None if resume == "latest" else int(resume))
        if run is None:
            return
        resume_run, arguments = run["id"], json.loads(run["arguments"] or "{}")
        urls = json.loads(run["seeds"])
        # The run goes on as it started: same caps, contact and settings.
        max_pages, max_depth, contact = arguments.get("max_pages"), arguments.get("max_depth"), arguments.get("contact")
        allow_private, refresh, ignore_tdm = (arguments.get(k) for k in ("allow_private", "refresh", "ignore_tdm"))
        render = arguments.get("render")
        overrides = {**(arguments.get("set") or {}), **overrides}
        frontier = frontier or arguments.get("frontier")
        console.print(f"Resuming crawl run {resume_run} of {len(urls)} site(s)")
    if frontier:
        urls = _frontier_seeds(frontier, urls)
    elif not urls and not resume:
        raise click.UsageError("give at least one URL to crawl, or --resume")
    urls = _seeds(urls)
    if not contact:
        err_console.print("[yellow]warning:[/] no --contact given: site owners cannot reach you about this crawl")
    arguments = {"urls": list(urls), "db": db_path, "max_pages": max_pages, "max_depth": max_depth,
                 "contact": contact, "allow_private": allow_private, "refresh": refresh, "ignore_tdm": ignore_tdm,
                 "render": render, "set": overrides, "frontier": frontier,
                 **({"campaign": campaign} if campaign else {})}
    flags = {"WELLNESS_ALLOW_PRIVATE": allow_private, "WELLNESS_REFRESH": refresh, "WELLNESS_IGNORE_TDM": ignore_tdm,
             "WELLNESS_MAX_PAGES": max_pages, "WELLNESS_MAX_DEPTH": max_depth, "WELLNESS_RESUME_RUN": resume_run,
             "WELLNESS_RENDER": render, "WELLNESS_FRONTIER": frontier}
    overrides = {**{name: value for name, value in flags.items() if value}, **overrides}
    summary = _crawl(list(urls), db_path, arguments, analyse=analyse, contact=contact, overrides=overrides,
                     verbose=verbose)
    sys.exit(_exit_code(summary))


def _frontier_seeds(url, urls) -> list[str]:
    """Join the frontier's run: the seeds given here are added to it, and a
    worker given none crawls the run's."""
    from wellness_archiver.crawler.frontier import FrontierError, join_run
    from wellness_archiver.crawler.frontier.keys import connect
    from wellness_archiver.urls import normalise_seed

    try:
        seeds = [normalise_seed(u) for u in urls]
        run_id, seeds = join_run(connect(url), seeds)
    except (FrontierError, ValueError) as ex:
        raise click.ClickException(str(ex))
    if not seeds:
        raise click.UsageError(f"the frontier {url} has no seeds yet: give this worker (or another) URLs to crawl")
    console.print(f"Worker of frontier run {run_id} ({len(seeds)} seed(s))")
    return seeds


def _seeds(urls) -> list[str]:
    """The seeds as crawled and recorded: http(s) only, without user:password@ (said so)."""
    from wellness_archiver.urls import has_userinfo, normalise_seed, without_userinfo

    try:
        seeds = list(dict.fromkeys(normalise_seed(url) for url in urls))
    except ValueError as ex:
        raise click.ClickException(str(ex))
    for url in filter(has_userinfo, urls):
        click.echo(f"warning: credentials removed from {without_userinfo(url.strip())}: "
                   "user:password@ in a URL is never sent nor stored", err=True)
    return seeds


def _resumable_run(db_path, urls, run_id: int | None = None) -> dict | None:
    """The run --resume continues, or None (said why) when it finished."""
    try:
        archive = Archive(db_path, create=False)
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    try:
        run, latest = archive.resumable_run(run_id)
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    finally:
        archive.close()
    if latest is None:
        raise click.ClickException(f"{db_path} has no crawl run to resume: start one with 'crawl URL --db {db_path}'")
    if run is None:
        console.print(f"Nothing to resume: crawl run {latest['id']} finished at {latest['finished_at']}")
        return None
    from wellness_archiver.urls import normalise_seed

    seeds = json.loads(run["seeds"])
    try:
        given = {normalise_seed(url) for url in urls}
    except ValueError as ex:
        raise click.ClickException(str(ex))
    if given and given != set(seeds):
        raise click.ClickException(
            f"crawl run {run['id']} crawls {', '.join(seeds)}: resume it without URLs, "
            "or start a new crawl without --resume"
        )
    return run


def _exit_code(summary) -> int:
    if summary.status == "interrupted":  # Ctrl-C: resumable, whatever it had fetched
        return EXIT_PARTIAL
    if summary.pages - summary.errors <= 0:  # not one page could be fetched
        return EXIT_FAILURE
    if summary.status != "finished" or summary.errors:
        return EXIT_PARTIAL
    return EXIT_SUCCESS


def _crawl(urls, db_path, arguments, analyse: bool = False, **options):
    from wellness_archiver.jobs.crawl import build_settings, run_crawl

    try:  # the seeds were normalised by _seeds
        settings = build_settings(db_path, arguments=arguments, **options)
        summary = run_crawl(urls, settings, console=err_console)
    except (ArchiveError, ValueError) as ex:
        raise click.ClickException(str(ex))
    _print_summary(summary, db_path)
    if summary.run_id and analyse:
        _refresh_duplicates(db_path)
    elif summary.run_id:
        console.print(f"Analyse it:  wellness-archiver dedup {db_path}   (language, quality flags, duplicates)")
    if summary.problem:
        err_console.print(f"[red]error:[/] {summary.problem}")
    if summary.status != "finished":
        console.print(f"Continue it: wellness-archiver crawl --resume {summary.run_id or ''} --db {db_path}".replace("  ", " "))
    return summary


def _refresh_duplicates(db_path, quiet: bool = False):
    """Recompute the duplicate clusters after the archive changed (cheap:
    about 1 ms per article); a failure here never fails the command."""
    from wellness_archiver.jobs.analyse import refresh

    try:
        archive = Archive(db_path, create=False)
        try:
            result = refresh(archive)
        finally:
            archive.close()
    except Exception as ex:  # the crawl itself succeeded: say how to retry
        err_console.print(f"[yellow]warning:[/] duplicate clusters not updated ({ex}): "
                          f"run 'wellness-archiver dedup {db_path}'")
        return None
    if not quiet:
        console.print(f"Duplicates:  {result.duplicates} articles in {result.clusters} clusters "
                      f"(threshold {result.threshold}; recompute: wellness-archiver dedup {db_path})")
    return result


def _print_summary(summary, db_path):
    table = Table(title=f"Crawl run {summary.run_id}: {summary.status}", show_header=False)
    table.add_row("pages fetched", str(summary.pages))
    table.add_row("posts stored", str(summary.posts))
    table.add_row("failed pages", str(summary.errors))
    for reason, count in summary.error_reasons.items():
        table.add_row(f"  {reason}", str(count))
    table.add_row("skipped by policy", str(summary.blocked))
    for reason, count in list(summary.blocked_reasons.items())[:5]:
        table.add_row(f"  {reason}", str(count))
    if summary.limited:
        table.add_row("not fetched (--max-pages/--max-depth)", str(summary.limited))
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
        summary = _crawl(urls, db_path, arguments, analyse=True, contact="demo@wellness-archiver.invalid",
                         overrides=DEMO_SETTINGS, verbose=verbose)
    if _exit_code(summary) == EXIT_FAILURE:
        sys.exit(EXIT_FAILURE)
    console.print(f"Explore it:  wellness-archiver serve {db_path}")
    console.print(f"Summary:     wellness-archiver stats {db_path}")


@cli.command(context_settings={"ignore_unknown_options": True})
@existing_db_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Port (0 picks a free one)")
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED, metavar="[DATASETTE OPTIONS]...")
def serve(db_path, host, port, datasette_args):
    """Explore an archive in Datasette: articles, ranked search, QA queries.

    The research UI is the package's Datasette plugin, so plain
    `datasette DB` shows the same; other options go to `datasette serve`.

    Example:

    \b
        wellness-archiver serve archive.db --port 8001
        wellness-archiver serve archive.db --setting sql_time_limit_ms 5000 --open
    """
    from datasette.cli import serve as datasette_serve

    _open_archive(db_path).close()  # an archive of this version, or a clear refusal
    datasette_serve.main(
        [db_path, "--host", host, "--port", str(port), "--setting", "facet_time_limit_ms", "500", *datasette_args],
        standalone_mode=True,
    )


@cli.command()
@click.argument("source", metavar="FILE|URL|-")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Output: the article text, Markdown, or every field as JSON")
@click.option("--url", help="The page's URL, when SOURCE is a file or stdin (resolves relative links)")
@click.option("--allow-private", is_flag=True,
              help="Allow a URL on a loopback/private address (exactly its host:port; redirects elsewhere refused)")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds for the whole fetch of a URL, redirects included")
@click.option("--explain", is_flag=True,
              help="Show each candidate extractor's output (length, score, first words) and why one was picked")
def extract(source, fmt, url, allow_private, timeout, explain):
    """Extract the article from one page, to check extraction by hand.

    SOURCE is a saved HTML file, an http(s) URL (fetched once), or - for stdin.

    Example:

    \b
        wellness-archiver extract saved-post.html --format json
        curl -s https://example.blog/post/ | wellness-archiver extract - --url https://example.blog/post/
    """
    from wellness_archiver.extraction import extract_explained

    html, url = _read_source(source, url, allow_private, timeout)
    article, reason, choice = extract_explained(html, url)
    if explain:
        from wellness_archiver.extraction.explain import explanation

        click.echo(explanation(choice), err=True)
    if article is None:
        raise click.ClickException(f"no article extracted from {source}: {reason}")
    if fmt == "json":
        click.echo(json.dumps(article.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(article.markdown)
    else:
        click.echo(article.text)


def _read_source(source: str, url: str | None, allow_private: bool = False,
                 timeout: float = 30.0) -> tuple[bytes, str | None]:
    if source == "-":
        return sys.stdin.buffer.read(), url
    if source.startswith(("http://", "https://")):
        # The crawl's downloader: SSRF guard, DOWNLOAD_MAXSIZE, one deadline.
        from wellness_archiver.crawler.fetch import FetchError, fetch

        try:
            return fetch(source, allow_private=allow_private, timeout=timeout)
        except (FetchError, ValueError) as ex:
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
    archive = _open_archive(db_path)
    data = archive.stats()
    archive.close()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    totals = Table(title=f"{Path(db_path).name}", show_header=False)
    for key in ("articles", "pages", "failed_pages", "skipped_pages", "crawl_runs"):
        totals.add_row(key.replace("_", " "), str(data[key]))
    console.print(totals)
    sites = Table("host", "name", "platform", "articles", "robots.txt", "sitemap limit", title="sites")
    for site in data["sites"]:
        robots = f"{site.get('robots_txt') or ''} ({site.get('robots_txt_reason')})" if site.get("robots_txt") else ""
        sites.add_row(site["host"], site["name"] or "", site["platform"] or "", str(site["articles"]), robots,
                      site.get("sitemap_limit") or "")
    console.print(sites)
    if data["errors"]:
        errors = Table("reason", "pages", title="failed pages")
        for reason, count in data["errors"].items():
            errors.add_row(reason, str(count))
        console.print(errors)
    if data["unfinished_run"]:
        run = data["unfinished_run"]
        console.print(f"Crawl run {run['id']} did not finish ({run['status']}): {run['done']} URLs done, "
                      f"{run['pending']} pending. Continue it: wellness-archiver crawl --resume {run['id']} --db {db_path}")


@cli.command()
@click.argument("url", metavar="redis://HOST:PORT/DB")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables")
def frontier(url, as_json):
    """The shared queue of a multi-worker crawl: pending, leased, done, per host, workers.

    Example:

    \b
        wellness-archiver frontier redis://10.0.0.5:6379/0
    """
    from wellness_archiver.crawler.frontier import FrontierError, frontier_status
    from wellness_archiver.crawler.frontier.keys import connect
    from wellness_archiver.crawler.frontier.report import status_tables

    try:
        data = frontier_status(connect(url))
    except FrontierError as ex:
        raise click.ClickException(str(ex))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for table in status_tables(data):
        console.print(table)


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False))
def merge(out, shards):
    """Fold archive shards (one per frontier worker) into the archive OUT.

    Example:

    \b
        wellness-archiver merge campaign.db shard-*.db
    """
    from wellness_archiver.archive.merge import merge as merge_archives

    try:
        counts = merge_archives(out, list(shards))
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    console.print(f"Merged {counts['shards']} shard(s) into {out}: {counts.get('articles', 0)} new articles, "
                  f"{counts.get('pages', 0)} new pages, {counts.get('versions', 0)} older versions kept, "
                  f"{counts.get('runs', 0)} new crawl runs. Duplicates: wellness-archiver dedup {out}")
    if counts.get("tombstones") or counts.get("forgotten"):
        console.print(f"Tombstones: {counts.get('tombstones', 0)} new from the shards ({counts.get('purged', 0)} "
                      f"articles forgotten in {out}); {counts.get('forgotten', 0)} forgotten rows not copied, "
                      f"{counts.get('refused', 0)} pages recorded as refusals")


# -- research archive: re-extraction, history, exports, WARC (issue 4) --------


def _open_archive(db_path, write: bool = False):
    """Writers hold the archive's writer lock until close; readers open it read-only, unmigrated."""
    try:
        archive = Archive(db_path, create=False, readonly=not write)
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    if write:
        try:
            archive.ensure_writable()
        except ArchiveError as ex:
            archive.close()
            raise click.ClickException(str(ex))
    elif archive.pending:
        click.echo(f"note: {db_path} was made by an older wellness-archiver; read as it is, without its "
                   f"pending migrations ({', '.join(archive.pending)}), which any writing command (crawl, dedup, "
                   "reextract) applies", err=True)
    return archive


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err_console, transient=True, disable=not err_console.is_terminal,
    )


@cli.command()
@existing_db_argument
@click.option("--site", "host", help="Only this site's host (e.g. example-therapy.blog)")
@click.option("--extractor", default=None, metavar="MODULE:FUNCTION",
              help="Extraction function taking (body, url) and returning (Article|None, reason) "
                   "[default: the built-in extractor]")
@click.option("-j", "--workers", type=click.IntRange(min=0), default=0, help="Processes; 0 = one per core")
@click.option("--extract-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Seconds one page may take in a worker (then recorded as 'extraction timeout'); "
                   "0 = no limit [default: WELLNESS_EXTRACT_TIMEOUT's, as in a crawl]")
def reextract(db_path, host, extractor, workers, extract_timeout):
    """Extract every post again from its stored capture, with no network.

    Articles whose text or title changes keep their old version (see
    'wellness-archiver history'). Runs on all cores.

    Example:

    \b
        wellness-archiver reextract archive.db --site example-therapy.blog
    """
    from wellness_archiver.jobs.reextract import reextract as run_reextract
    from wellness_archiver.crawler.workers import DEFAULT_EXTRACTOR, load_extractor
    from wellness_archiver.crawler.pipelines.store import tool_versions

    from wellness_archiver.urls import host_key

    host = host_key(host, strip_www=False) if host else host  # hosts are stored in punycode
    extractor = extractor or DEFAULT_EXTRACTOR
    try:
        load_extractor(extractor)
    except Exception as ex:
        raise click.ClickException(f"cannot load extractor {extractor!r}: {ex} (give MODULE:FUNCTION)")
    archive = _open_archive(db_path, write=True)
    try:
        with _progress() as progress:
            task = progress.add_task("re-extracting", total=None)
            result = run_reextract(
                archive, host, extractor, workers,
                on_total=lambda n: progress.update(task, total=n),
                on_progress=lambda n: progress.advance(task, n),
                versions=tool_versions(), timeout=extract_timeout,
            )
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    finally:
        archive.close()
    if result.articles:
        _refresh_duplicates(db_path, quiet=True)
    if not result.captures:
        where = f" for site {host}" if host else ""
        raise click.ClickException(
            f"No stored captures of posts{where} in {db_path}: crawl first "
            "(captures are kept since wellness-archiver 0.2), or check --site"
        )
    table = Table(title=f"Re-extraction run {result.run_id}", show_header=False)
    table.add_row("captures re-extracted", str(result.captures))
    table.add_row("articles written", str(result.articles))
    table.add_row("changed (old version kept)", str(len(result.changed)))
    table.add_row("new articles", str(len(result.new)))
    table.add_row("no article now (old kept)", str(len(result.failed)))
    console.print(table)
    for url in result.changed[:20]:
        console.print(f"  changed: {url}")
    if len(result.changed) > 20:
        console.print(f"  ... and {len(result.changed) - 20} more")
    if result.changed:
        console.print(f"See a diff:  wellness-archiver history {db_path} {result.changed[0]}")


@cli.command()
@existing_db_argument
@click.argument("url")
def history(db_path, url):
    """Show how an article's text changed between crawls and re-extractions.

    Prints a unified diff of each version against the next, oldest first.

    Example:

    \b
        wellness-archiver history archive.db https://example-therapy.blog/post/grief/
    """
    from wellness_archiver.jobs.reextract import history_diff

    archive = _open_archive(db_path)
    try:
        lines = history_diff(archive, url)
        count = len(archive.article_history(url))
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    finally:
        archive.close()
    if not lines:
        click.echo(f"{url}: one version only, never changed")
        return
    click.echo(f"{url}: {count} versions")
    for line in lines:
        color = "green" if line.startswith("+") and not line.startswith("+++") else (
            "red" if line.startswith("-") and not line.startswith("---") else (
                "cyan" if line.startswith("@@") else None))
        click.secho(line, fg=color)


EXPORT_FORMATS = ("jsonl", "parquet", "csv", "txt", "warc")


@cli.command()
@existing_db_argument
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
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
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary (paths, counts, sha256)")
def export(db_path, out, fmt, sites, since, until, languages, min_words, no_duplicates, platforms, redact_pii,
           force, as_json):
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
    from wellness_archiver.archive.export import Filters, export as run_export, format_for, manifest_path_for
    from wellness_archiver.archive.outputs import refuse_archive_output
    from wellness_archiver.crawler.pipelines.store import tool_versions

    try:
        refuse_archive_output(Path(out), db_path)  # first: the archive itself is never a valid OUT
        fmt = fmt or format_for(out)
    except ArchiveError as ex:
        raise click.ClickException(str(ex))

    for name, value in (("--since", since), ("--until", until)):
        if value and not _is_date_prefix(value):
            raise click.ClickException(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    from wellness_archiver.urls import host_key

    sites = tuple(host_key(site, strip_www=False) for site in sites)  # hosts are stored in punycode
    filters = Filters(sites, since, until, tuple(languages), min_words, no_duplicates, tuple(platforms))
    if fmt == "warc" and filters.article_only():
        raise click.ClickException(
            f"{', '.join(filters.article_only())} select articles and cannot apply to --format warc "
            "(raw captures); use only --site with warc"
        )
    if fmt == "warc" and redact_pii:
        raise click.ClickException("--redact-pii cannot apply to --format warc (raw captures are kept byte for "
                                   "byte); leave it out, or export jsonl, parquet, csv or txt")
    from wellness_archiver.archive.export import check_outputs

    try:
        check_outputs(Path(out), force, db_path)  # before any work
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    if no_duplicates:  # the one write of an export, before the archive is opened read-only
        from wellness_archiver.archive.dedup import is_stale
        from wellness_archiver.jobs.analyse import refresh

        archive = _open_archive(db_path, write=True)
        try:
            if is_stale(archive):
                err_console.print("Duplicate clusters missing or out of date: recomputing them first")
                refresh(archive)
        finally:
            archive.close()
    archive = _open_archive(db_path)
    try:
        with _progress() as progress:
            task = progress.add_task(f"exporting {fmt}", total=None)
            manifest = run_export(
                archive, out, fmt, filters, force,
                on_total=lambda n: progress.update(task, total=n),
                tick=lambda: progress.advance(task),
                versions=tool_versions(),
                redact_pii=redact_pii,
            )
    except (ArchiveError, OSError) as ex:
        raise click.ClickException(str(ex))
    finally:
        archive.close()
    file = manifest["files"][0]
    if as_json:
        click.echo(json.dumps({"out": str(out), "manifest": str(manifest_path_for(out)), "format": fmt,
                               "compression": manifest["compression"], **file,
                               "pii_redaction": manifest["pii_redaction"]}, indent=2))
        return
    what = f"{file['captures']} captures" if fmt == "warc" else f"{file['articles']} articles"
    console.print(f"Wrote {what} to {out} ({file['bytes']:,} bytes, sha256 {file['sha256'][:12]}...)")
    console.print(f"Manifest:  {manifest_path_for(out)}")
    if manifest.get("pii_redaction"):
        r = manifest["pii_redaction"]
        console.print(f"Redacted:  {r['emails_replaced']} e-mail addresses, {r['phones_replaced']} phone numbers "
                      f"({r['crisis_lines_kept']} crisis-line numbers kept)")


def _is_date_prefix(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real date (not 2023-13-45)."""
    from datetime import datetime

    for form in ("%Y", "%Y-%m", "%Y-%m-%d"):
        try:
            datetime.strptime(value, form)
        except ValueError:
            continue
        return len(value) == {"%Y": 4, "%Y-%m": 7, "%Y-%m-%d": 10}[form]  # zero-padded, as stored
    return False


@cli.command(name="import-warc")
@click.argument("db_path", metavar="DB", type=click.Path(dir_okay=False))
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-j", "--workers", type=click.IntRange(min=0), default=0, help="Processes; 0 = one per core")
@click.option("--extract-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Seconds one page may take in a worker (then recorded as 'extraction timeout'); "
                   "0 = no limit [default: WELLNESS_EXTRACT_TIMEOUT's, as in a crawl]")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary (run id, counts)")
def import_warc(db_path, files, workers, extract_timeout, as_json):
    """Import WARC or ARC files (wget --warc-file, Common Crawl, our own export).

    Every HTML response is classified, kept as a capture and, when it is a
    post, extracted into the archive, as a crawl would. Each file is checked
    to the end first: a corrupt or truncated file imports nothing.

    Example:

    \b
        wellness-archiver import-warc archive.db crawl.warc.gz
    """
    from wellness_archiver.archive.warc import check_warc
    from wellness_archiver.jobs.import_warc import import_warcs
    from wellness_archiver.crawler.pipelines.store import tool_versions

    try:
        total = sum(check_warc(Path(file)) for file in files)  # every file, before the archive is touched
        archive = Archive(db_path)
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    try:
        archive.ensure_writable()
    except ArchiveError as ex:
        archive.close()
        raise click.ClickException(str(ex))
    try:
        with _progress() as progress:
            task = progress.add_task("importing", total=total)
            counts = import_warcs(
                archive, files, workers, check=False, timeout=extract_timeout,
                tick=lambda: progress.advance(task),
                versions=tool_versions(),
                arguments={"command": "import-warc", "files": list(files), "db": db_path},
            )
    except ArchiveError as ex:
        raise click.ClickException(str(ex))
    finally:
        archive.close()
    dups = _refresh_duplicates(db_path, quiet=True) if counts["articles"] else None
    if as_json:
        click.echo(json.dumps({"files": list(files), **counts,
                               "duplicates": dups.duplicates if dups else None}, indent=2))
        return
    console.print(
        f"Imported {counts['responses']} HTML responses from {len(files)} file(s): "
        f"{counts['articles']} articles, {counts['errors']} failed pages (run {counts['run_id']})"
    )


@cli.command()
@existing_db_argument
@click.option("-t", "--threshold", type=click.FloatRange(0, 1, min_open=True), default=None,
              help="Jaccard similarity of near-duplicates, 0-1 [default: the last run's, else 0.85]")
@click.option("--json", "as_json", is_flag=True, help="Print the clusters as JSON")
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
    from wellness_archiver.archive.dedup import clusters
    from wellness_archiver.jobs.analyse import refresh

    archive = _open_archive(db_path, write=True)
    try:
        with _progress() as progress:
            task = progress.add_task("hashing articles", total=None)
            result = refresh(archive, threshold, on_total=lambda n: progress.update(task, total=n),
                             tick=lambda n: progress.advance(task, n))
        found = clusters(archive)
    except (ArchiveError, ValueError) as ex:
        raise click.ClickException(str(ex))
    finally:
        archive.close()
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    table = Table(title=f"Duplicates (threshold {result.threshold})", show_header=False)
    table.add_row("articles", str(result.articles))
    table.add_row("clusters", str(result.clusters))
    table.add_row("marked duplicate (kept)", str(result.duplicates))
    for reason, count in sorted(result.by_reason.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  {reason}", str(count))
    console.print(table)
    for cluster in found[:10]:
        console.print(f"  cluster {cluster['id']}: {cluster['canonical_url']} (+{cluster['size'] - 1})")
    if len(found) > 10:
        console.print(f"  ... and {len(found) - 10} more: wellness-archiver dedup {db_path} --json")


@cli.command()
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
    from wellness_archiver.archive.datasheet import datasheet as build_datasheet
    from wellness_archiver.archive.export import atomic_path

    if output:
        from wellness_archiver.archive.outputs import refuse_archive_output

        try:
            refuse_archive_output(output, db_path)  # even with --force
        except ArchiveError as ex:
            raise click.ClickException(str(ex))
    if output and Path(output).exists() and not force:
        raise click.ClickException(f"{output} already exists: choose another -o FILE, or pass --force to overwrite it")
    if output and not Path(output).parent.is_dir():
        raise click.ClickException(f"Directory {Path(output).parent} does not exist: create it first")
    archive = _open_archive(db_path)
    try:
        text = build_datasheet(archive)
    finally:
        archive.close()
    if not output:
        click.echo(text, nl=False)
        return
    with atomic_path(Path(output)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    console.print(f"Wrote the datasheet to {output}")


@cli.command()
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
    from wellness_archiver.archive.dedup import last_dedup
    from wellness_archiver.archive.tombstones import forget as run_forget

    if not urls and not sites:
        raise click.UsageError("give at least one --url URL or --site HOST to forget")
    archive = _open_archive(db_path, write=True)
    try:
        had_clusters = last_dedup(archive) is not None
        result = run_forget(archive.db, urls, sites, reason)
    except (ValueError, ArchiveError) as ex:
        raise click.ClickException(str(ex))
    finally:
        archive.close()
    for stone in result.tombstones:
        console.print(f"Tombstone: {stone['kind']} {stone['target']} ({stone['reason']})")
    console.print(f"Removed:   {result.articles} articles, {result.versions} earlier versions, {result.captures} "
                  f"raw captures, {result.pages} pages, {result.frontier} frontier rows, "
                  f"{result.clusters} duplicate clusters dissolved")
    console.print(f"VACUUM:    rewrote {db_path} without the removed bodies "
                  f"({result.bytes_before:,} -> {result.bytes_after:,} bytes)")
    if result.clusters and had_clusters:
        _refresh_duplicates(db_path, quiet=True)
