"""Crawling: ``crawl``, ``demo``, and the multi-worker ``frontier`` and ``merge``."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from wellness_archiver.archive.merge import merge as merge_archives
from wellness_archiver.cli import console as out, load
from wellness_archiver.cli.common import db_option, json_option, parse_setting, reported, verbose_option
from wellness_archiver.crawler.frontier import FrontierError, frontier_status
from wellness_archiver.crawler.frontier.keys import connect
from wellness_archiver.demo_site.server import DemoSites
from wellness_archiver.jobs import crawl_plan
from wellness_archiver.jobs.crawl import build_settings, run_crawl

# --analyse's step, imported only then: its module brings in the analysis stack (NumPy
# among it), a tenth of a second of CPU that every crawl process paid at start-up.
ANALYSE = "wellness_archiver.cli.corpus:duplicates_after"

# Exit codes of crawl (click itself exits 2 on a usage error).
EXIT_SUCCESS, EXIT_FAILURE, EXIT_PARTIAL = 0, 1, 3

# Settings the demo uses: the fixture web is local, so no need to wait.
DEMO_SETTINGS = {
    "WELLNESS_ALLOW_PRIVATE": True,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


@click.command()
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
@verbose_option
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
def crawl(urls, db_path, resume, analyse, verbose, seeds_file, campaign_file, **given):
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
    resume, urls = crawl_plan.split_resume(resume, urls)
    if resume is not None and (seeds_file or campaign_file):
        raise click.UsageError("--resume continues the last run with its own seeds and campaign: "
                               "leave out --seeds and --campaign")
    options = crawl_plan.CrawlOptions(urls=urls, **given)
    if seeds_file or campaign_file:
        with reported():
            options = crawl_plan.with_campaign(options, seeds_file, campaign_file)
        if options.campaign:
            out.console.print(f"Campaign {options.campaign['name']!r}: {len(options.urls)} seed(s)")
    if resume is not None:
        options = _resumed(options, db_path, None if resume == "latest" else int(resume))
        if options is None:
            return
    options = _seeded(options, resume)
    if not options.contact:
        out.warn("no --contact given: site owners cannot reach you about this crawl")
    summary = _crawl(options.urls, db_path, options.arguments(db_path), analyse=analyse, contact=options.contact,
                     overrides=options.settings(), verbose=verbose)
    sys.exit(exit_code(summary))


def _resumed(options, db_path: str, run_id: int | None):
    """The options of the run --resume continues, or None (said why) when it finished."""
    with reported():
        run, latest = crawl_plan.resumable_run(db_path, options.urls, run_id)
    if run is None:
        out.console.print(f"Nothing to resume: crawl run {latest['id']} finished at {latest['finished_at']}")
        return None
    options = crawl_plan.resumed(options, run)
    out.console.print(f"Resuming crawl run {options.resume_run} of {len(options.urls)} site(s)")
    return options


def _seeded(options, resume):
    """The options with their seeds checked (and the frontier's joined): http(s) only, no credentials."""
    urls = options.urls
    if options.frontier:
        with reported(FrontierError, ValueError):
            run_id, urls = crawl_plan.frontier_seeds(options.frontier, urls)
        out.console.print(f"Worker of frontier run {run_id} ({len(urls)} seed(s))")
    elif not urls and not resume:
        raise click.UsageError("give at least one URL to crawl, or --resume")
    with reported(ValueError):
        seeds, stripped = crawl_plan.checked_seeds(urls)
    for url in stripped:
        click.echo(f"warning: credentials removed from {url}: user:password@ in a URL is never sent nor stored",
                   err=True)
    return dataclasses.replace(options, urls=seeds)


def exit_code(summary) -> int:
    if summary.status == "interrupted":  # Ctrl-C: resumable, whatever it had fetched
        return EXIT_PARTIAL
    if summary.pages - summary.errors <= 0:  # not one page could be fetched
        return EXIT_FAILURE
    if summary.status != "finished" or summary.errors:
        return EXIT_PARTIAL
    return EXIT_SUCCESS


def _crawl(urls, db_path, arguments, analyse: bool = False, **options):
    with reported():  # the seeds were checked by _seeded
        settings = build_settings(db_path, arguments=arguments, **options)
        summary = run_crawl(urls, settings, console=out.err_console)
    out.crawl_summary(summary, db_path)
    if summary.run_id and analyse:
        load(ANALYSE)(db_path)
    elif summary.run_id:
        out.console.print(f"Analyse it:  wellness-archiver dedup {db_path}   (language, quality flags, duplicates)")
    if summary.problem:
        out.error(summary.problem)
    if summary.status != "finished":
        out.console.print(f"Continue it: wellness-archiver crawl --resume {summary.run_id or ''} "
                          f"--db {db_path}".replace("  ", " "))
    return summary


@click.command()
@db_option(default="demo.db")
@verbose_option
def demo(db_path, verbose):
    """Serve the bundled fixture blogs on 127.0.0.1 and crawl them.

    Needs no network: six blogs (Wix, WordPress, Squarespace, Blogger, Ghost
    and a custom site) are served locally and crawled into DB.

    Example:

    \b
        wellness-archiver demo --db demo.db
    """
    with DemoSites() as sites:
        urls = list(sites.urls.values())
        out.console.print(f"Serving {len(urls)} demo blogs on 127.0.0.1; crawling them into {db_path}")
        arguments = {"demo": True, "urls": urls, "db": db_path}
        summary = _crawl(urls, db_path, arguments, analyse=True, contact="demo@wellness-archiver.invalid",
                         overrides=DEMO_SETTINGS, verbose=verbose)
    if exit_code(summary) == EXIT_FAILURE:
        sys.exit(EXIT_FAILURE)
    out.console.print(f"Explore it:  wellness-archiver serve {db_path}")
    out.console.print(f"Summary:     wellness-archiver stats {db_path}")


@click.command()
@click.argument("url", metavar="redis://HOST:PORT/DB")
@json_option()
def frontier(url, as_json):
    """The shared queue of a multi-worker crawl: pending, leased, done, per host, workers.

    Example:

    \b
        wellness-archiver frontier redis://10.0.0.5:6379/0
    """
    with reported(FrontierError):
        data = frontier_status(connect(url))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    out.frontier_tables(data)


@click.command()
@click.argument("out_path", metavar="OUT", type=click.Path(dir_okay=False))
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False))
def merge(out_path, shards):
    """Fold archive shards (one per frontier worker) into the archive OUT.

    Example:

    \b
        wellness-archiver merge campaign.db shard-*.db
    """
    with reported():
        counts = merge_archives(out_path, list(shards))
    out.merge_summary(counts, out_path)
