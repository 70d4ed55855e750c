"""Scrapy settings for wellness-archiver: polite defaults, the only copy of them.

Every project setting is prefixed ``ARCHIVE_`` or ``WELLNESS_``; its default
is written once, as a constant of this module (Scrapy reads the module as the
project settings; :data:`DEFAULTS` is the table of them). Components never
read a project setting themselves: :func:`read` parses the crawl's settings
once into a typed :class:`Config`, falling back to this table for a setting
missing from them (a component built from bare Scrapy settings gets the same
defaults as a crawl). Override any setting with ``-s NAME=VALUE`` on
``wellness-archiver crawl`` (or ``scrapy crawl blog``).
"""

from __future__ import annotations

import os
from dataclasses import make_dataclass
from typing import Any, Callable

from scrapy.settings.default_settings import DOWNLOADER_MIDDLEWARES_BASE as _scrapy_base

from wellness_archiver import __version__
from wellness_archiver.archive.lock import WAIT as _lock_wait  # where reading an archive finds it without Scrapy
from wellness_archiver.crawler.pool import EXTRACT_TIMEOUT as _extract_timeout  # where reextract finds it, likewise

BOT_NAME = "wellness_archiver"
SPIDER_MODULES = ["wellness_archiver.crawler.spiders"]
NEWSPIDER_MODULE = "wellness_archiver.crawler.spiders"


def user_agent(contact: str = "") -> str:
    """The User-Agent: the project, its version and the contact (WELLNESS_CONTACT)."""
    contact = f"; +{contact}" if contact else ""
    return f"wellness-archiver/{__version__} (research crawler{contact})"


# -- politeness -------------------------------------------------------------
# The User-Agent names the project, its version and WELLNESS_CONTACT; the
# spider builds it (see Config.user_agent) so a contact given on the command
# line reaches every request, including robots.txt.
USER_AGENT = user_agent()
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5

# -- limits -----------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # blog pages are < 1 MB; larger is a trap
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
# Depth is limited by WELLNESS_MAX_DEPTH, counted by the spider in links
# from a seed (Scrapy's own depth also counts robots.txt and sitemap hops,
# and its limit drops requests without a trace in the frontier).
DEPTH_LIMIT = 0
# Breadth-first: listing pages near the root are reached before deep chains.
DEPTH_PRIORITY = 1
# Queued requests wait on disk (a temporary directory next to the archive
# unless JOBDIR is given): a site's sitemaps can queue 50,000 URLs at once.
SCHEDULER = "wellness_archiver.crawler.scheduler.DiskQueueScheduler"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# -- protection -------------------------------------------------------------
# Tombstones (URLs and sites forgotten on request), SSRF guard (a resolver refusing private answers, plus middlewares giving the
# reason), robots.txt Crawl-delay, Retry-After on 429/503, redirect loops.
DOWNLOADER_MIDDLEWARES = {
    "wellness_archiver.crawler.middlewares.tombstones.TombstoneMiddleware": 30,
    "wellness_archiver.crawler.middlewares.ssrf.SSRFGuardMiddleware": 40,
    "wellness_archiver.crawler.middlewares.robots_delay.CrawlDelayMiddleware": 120,
    "wellness_archiver.crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    "wellness_archiver.crawler.middlewares.ssrf.SSRFRedirectGuardMiddleware": 605,
    "wellness_archiver.crawler.middlewares.redirect_loop.RedirectLoopMiddleware": 610,
}
# robots.txt failures read as RFC 9309 says (5xx/unreachable: disallow all),
# in place of Scrapy's own middleware (kept in _BASE so a custom
# DOWNLOADER_MIDDLEWARES cannot bring the lenient one back).
DOWNLOADER_MIDDLEWARES_BASE = {
    **_scrapy_base,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "wellness_archiver.crawler.middlewares.robots_policy.RobotsPolicyMiddleware": 100,
}
TWISTED_DNS_RESOLVER = "wellness_archiver.crawler.middlewares.ssrf_resolver.SSRFGuardResolver"
COOKIES_ENABLED = False  # blogs need no session; nothing personal is kept

# -- pipelines --------------------------------------------------------------
ITEM_PIPELINES = {
    "wellness_archiver.crawler.pipelines.extract.ExtractPipeline": 300,
    "wellness_archiver.crawler.pipelines.store.StorePipeline": 800,
}

# Outputs of one response processed at once. Scrapy starts this many asyncio
# tasks for every response (default 100, ~0.5 ms of the reactor's time each
# page); a page yields one item and a few requests, so a handful is plenty.
CONCURRENT_ITEMS = 8

# WELLNESS_FRONTIER turns the crawl into a worker of a shared Redis frontier.
ADDONS = {"wellness_archiver.crawler.frontier.addon.FrontierAddon": 0}

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's HTTP console runs code sent to it (hardening.py forces it off too)

# -- project settings ---------------------------------------------------------
ARCHIVE_DB = "archive.db"  # path of the SQLite archive
ARCHIVE_BATCH_SIZE = 50  # rows per write transaction
ARCHIVE_FLUSH_SECONDS = 2.0  # commit at least this often: what a crash can cost to refetch
ARCHIVE_MAX_SIZE_MB = 0.0  # stop the crawl (resumably) before the archive outgrows this; 0 = no cap
WELLNESS_CONTACT = ""  # e-mail or URL put in the User-Agent
WELLNESS_EXTRACT_WORKERS = 0  # extraction processes; 0 = one per core
WELLNESS_EXTRACT_TIMEOUT = _extract_timeout  # 30.0 (crawler/pool.py): seconds a page may take in a worker (then "extraction timeout"); 0 = no limit
WELLNESS_STOP_GRACE = 3.0  # after Ctrl-C, seconds to finish in-flight pages before stopping at once
WELLNESS_RUN_ARGUMENTS = {}  # recorded in crawl_runs.arguments by the CLI
WELLNESS_VERBOSE = False  # the CLI shows a progress line unless -v
WELLNESS_LOCK_WAIT = _lock_wait  # seconds to wait for a locked archive before giving up (5.0, archive/lock.py)
WELLNESS_REFRESH = False  # --refresh: refetch stored posts unconditionally
WELLNESS_IGNORE_TDM = False  # --ignore-tdm: rights holders' own archives only
WELLNESS_MAX_PAGES = 0  # --max-pages: page requests per site; 0 = no cap
WELLNESS_MAX_DEPTH = 50  # --max-depth: links from a seed (sitemap entries are 1); 0 = no cap
WELLNESS_RESUME_RUN = 0  # --resume: the crawl run to continue from its frontier
WELLNESS_SITEMAP_MAX_DEPTH = 3  # sitemap levels below robots.txt (index -> index -> sitemap)
WELLNESS_SITEMAP_MAX_COUNT = 500  # sitemaps fetched per site
WELLNESS_TRAP_LIMIT = 12  # distinct URLs per date-archive/calendar shape; 0 = off
WELLNESS_SSRF_GUARD = True  # refuse private, loopback and link-local addresses
WELLNESS_ALLOW_PRIVATE = False  # --allow-private: seeds on such addresses are allowed
WELLNESS_ALLOWED_ADDRESSES = []  # exact IPs always allowed
WELLNESS_TEST_HOSTS = {}  # tests only: {"blog.test": "127.0.0.1"}, answered without DNS
WELLNESS_MAX_CRAWL_DELAY = 30.0  # cap on robots.txt Crawl-delay, seconds
WELLNESS_RETRY_BACKOFF = 1.0  # first back-off on 429/503 without Retry-After, seconds
WELLNESS_MAX_RETRY_AFTER = 120.0  # a longer Retry-After gives up at once
WELLNESS_RENDER = "never"  # --render: never | auto (app shells only) | always, through scrapy-playwright
WELLNESS_CHROMIUM = "/usr/bin/chromium"  # the browser --render drives (never downloaded)
WELLNESS_FRONTIER = ""  # --frontier: redis://HOST:PORT/DB of a frontier shared by workers
WELLNESS_FRONTIER_LEASE = 60.0  # seconds a dead worker's requests stay leased before others take them
WELLNESS_FRONTIER_RUN = ""  # set from the frontier: the logical run id
WELLNESS_WORKER_ID = ""  # this worker's name in the frontier; default machine-pid-random


DEFAULTS: dict[str, Any] = {name: value for name, value in globals().items() if name.startswith(("ARCHIVE_", "WELLNESS_"))}
"""The project settings' defaults: the constants above, by name."""


def value(settings, name: str) -> Any:
    """``settings[name]`` read as the type of its default; the default when unset."""
    default = DEFAULTS[name]
    if settings.get(name) is None:
        return default.copy() if isinstance(default, (dict, list)) else default
    if isinstance(default, bool):
        return settings.getbool(name)
    if isinstance(default, int):
        return settings.getint(name)
    if isinstance(default, float):
        return settings.getfloat(name)
    if isinstance(default, dict):
        return settings.getdict(name)
    if isinstance(default, list):
        return settings.getlist(name)
    return str(settings.get(name))


def _non_negative(number):
    """A negative count or delay means none."""
    return number if number >= 0 else type(number)(0)


def _workers(count: int) -> int:
    return count if count > 0 else (os.cpu_count() or 1)  # 0: one per core


# How a setting is checked once read; the others are used as read.
_CONVERT: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(("ARCHIVE_FLUSH_SECONDS", "ARCHIVE_MAX_SIZE_MB", "WELLNESS_EXTRACT_TIMEOUT", "WELLNESS_STOP_GRACE",
                     "WELLNESS_MAX_PAGES", "WELLNESS_MAX_DEPTH", "WELLNESS_RESUME_RUN", "WELLNESS_SITEMAP_MAX_DEPTH",
                     "WELLNESS_SITEMAP_MAX_COUNT", "WELLNESS_TRAP_LIMIT"), _non_negative),
    "ARCHIVE_BATCH_SIZE": lambda size: max(1, size),
    "WELLNESS_CONTACT": str.strip,
    "WELLNESS_EXTRACT_WORKERS": _workers,
    "WELLNESS_RENDER": str.lower,
}


def field_name(setting: str) -> str:
    """The :class:`Config` attribute of a project setting: its name without the prefix, lower-cased."""
    return setting.split("_", 1)[1].lower()


# The typed settings: one field per entry of DEFAULTS (ARCHIVE_DB is
# ``Config.db``, WELLNESS_EXTRACT_WORKERS ``Config.extract_workers``), so a
# new setting is written once, as a constant above.
Config = make_dataclass(
    "Config", [(field_name(name), type(default)) for name, default in DEFAULTS.items()], frozen=True,
    namespace={"__doc__": "The project settings, parsed once by :func:`read`.",
               "user_agent": property(lambda self: user_agent(self.contact), doc="The User-Agent with this contact.")})


def read(settings) -> Config:
    """The project settings of ``settings`` (a Scrapy ``Settings``), typed, with the defaults of this module."""
    values = {}
    for name in DEFAULTS:
        raw = value(settings, name)
        convert = _CONVERT.get(name)
        values[field_name(name)] = convert(raw) if convert else raw
    return Config(**values)
