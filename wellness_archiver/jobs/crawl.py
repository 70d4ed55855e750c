"""Run a crawl in this process, with live progress; used by the CLI.

Kept out of cli.py so the CLI stays a thin layer of argument parsing, and so
tests and scripts can start a crawl without click.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from wellness_archiver.crawler import settings as default_settings
from wellness_archiver.crawler.settings import read
from wellness_archiver.archive.db import Archive
from wellness_archiver.crawler.setting_check import check_overrides
from wellness_archiver.crawler.state import CrawlState
from wellness_archiver.jobs.crawl_state import load_crawl_state
from wellness_archiver.jobs.interrupt import Interrupter
from wellness_archiver.crawler.spiders.blog import BlogSpider
from wellness_archiver.reasons import is_blocked

REFRESH_SECONDS = 0.5


@dataclass
class CrawlSummary:
    run_id: int | None
    status: str
    pages: int
    posts: int
    errors: int
    blocked: int = 0  # not fetched or not stored by policy (robots.txt, reservations, traps, SSRF)
    blocked_reasons: dict[str, int] = field(default_factory=dict)
    error_reasons: dict[str, int] = field(default_factory=dict)
    limited: int = 0  # URLs left unfetched by --max-pages / --max-depth
    problem: str | None = None  # why the crawl stopped early, when it did (archive write failed: ...)


def build_settings(db_path: str, *, contact: str = "", overrides: dict | None = None,
                   arguments: dict | None = None, verbose: bool = False) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("ARCHIVE_DB", str(db_path), priority="cmdline")
    settings.set("WELLNESS_CONTACT", contact or "", priority="cmdline")
    settings.set("WELLNESS_RUN_ARGUMENTS", arguments or {}, priority="cmdline")
    settings.set("WELLNESS_VERBOSE", verbose, priority="cmdline")
    if not verbose:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    check_overrides(settings, overrides or {})
    return settings


def _progress_line(stats: dict) -> Text:
    fetched = stats.get("response_received_count", 0)
    return Text.assemble(
        ("crawling ", "bold"),
        f"pages fetched {fetched}  ",
        ("posts stored ", "green"), f"{stats.get('wellness/posts_stored', 0)}  ",
        ("errors ", "red"), f"{stats.get('wellness/errors', 0)}  ",
        ("queued ", "dim"), f"{stats.get('scheduler/enqueued', 0) - stats.get('scheduler/dequeued', 0)}",
    )


def run_crawl(seeds: list[str], settings: Settings, console: Console | None = None) -> CrawlSummary:
    """Crawl ``seeds`` into the archive named by ``settings['ARCHIVE_DB']``."""
    console = console or Console(stderr=True)
    # Fail fast on an unusable or locked file; the open archive holds the
    # writer lock until the crawl is over (a second writer is refused).
    config = read(settings)
    held = Archive(config.db, lock_wait=config.lock_wait)
    try:
        held.ensure_writable(config.lock_wait)
        state = load_crawl_state(held, seeds, config)  # the spider opens no archive: it is given this
        return _run_crawl(seeds, settings, console, state)
    finally:
        held.close()


def _run_crawl(seeds: list[str], settings: Settings, console: Console, state: CrawlState) -> CrawlSummary:
    config = read(settings)
    process = AsyncCrawlerProcess(settings)
    if not config.verbose:
        # Given-up retries are expected failures: the archive and the closing
        # summary report them, so keep them off the progress display.
        # Likewise an unreachable robots.txt: the page it guards is recorded.
        for name in ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    crawler = process.create_crawler(BlogSpider)
    process.crawl(crawler, urls=seeds, state=state)

    live = Live(Text("starting…"), console=console, refresh_per_second=4, transient=True)
    from twisted.internet import task

    def refresh():
        if getattr(crawler, "_stats", None) is not None:  # set once the crawl starts
            live.update(_progress_line(crawler.stats.get_stats()))

    ticker = task.LoopingCall(refresh)
    # Our Ctrl-C handling, not Scrapy's (whose graceful stop waits for every
    # download and extraction in flight): see interrupt.py.
    interrupter = Interrupter(crawler, config.stop_grace)
    interrupter.install()
    with live:
        ticker.start(REFRESH_SECONDS)
        try:
            process.start(install_signal_handlers=False)
        finally:
            interrupter.uninstall()
            if ticker.running:
                ticker.stop()

    stats = crawler.stats.get_stats()
    run_id = stats.get("wellness/crawl_run")
    archive = Archive(config.db)
    try:
        run = archive.run(run_id) if run_id else {}
        reasons = archive.error_reasons(run_id) if run_id else {}
    finally:
        archive.close()
    blocked = {reason: reasons.pop(reason) for reason in list(reasons) if is_blocked(reason)}
    return CrawlSummary(
        run_id=run_id,
        status=run.get("status") or stats.get("finish_reason", "unknown"),
        pages=run.get("pages_fetched") or 0,
        posts=run.get("posts_stored") or 0,
        errors=run.get("errors") or 0,
        blocked=sum(blocked.values()),
        blocked_reasons=blocked,
        error_reasons=reasons,
        limited=run.get("limited") or 0,
        problem=stats.get("wellness/write_error"),
    )
