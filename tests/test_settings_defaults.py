"""Every setting's default is written once, in crawler/settings.py.

Each component built from bare Scrapy settings (none of the project's) gets
the defaults of that table, and no module of the crawler or the jobs keeps a
copy: no ``DEFAULT_*`` constant standing for a setting, no fallback literal in
a ``settings.get*(NAME, fallback)`` call, no project setting read anywhere
but through ``settings.read``.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from wellness_archiver.crawler import settings as project_settings
from wellness_archiver.crawler.settings import DEFAULTS, read

PACKAGE = Path(project_settings.__file__).parent.parent
SCANNED = [PACKAGE / "crawler", PACKAGE / "jobs"]
# DEFAULT_* names that are no setting's default (checked below to stay so).
NOT_SETTINGS = {"DEFAULT_EXTRACTOR"}  # the extraction function's dotted path, for reextract's --extractor
GETTERS = {"get", "getint", "getfloat", "getbool", "getlist", "getdict", "getwithbase"}


def bare_crawler(**settings):
    return get_crawler(settings_dict=settings)


def test_the_table_is_the_modules_constants():
    names = {n for n in vars(project_settings) if n.startswith(("ARCHIVE_", "WELLNESS_"))}
    assert set(DEFAULTS) == names
    assert all(DEFAULTS[n] is getattr(project_settings, n) for n in names)


def test_read_of_bare_settings_is_the_table():
    config = read(Settings())
    assert config.db == DEFAULTS["ARCHIVE_DB"]
    assert config.batch_size == DEFAULTS["ARCHIVE_BATCH_SIZE"]
    assert config.max_depth == DEFAULTS["WELLNESS_MAX_DEPTH"]
    assert config.trap_limit == DEFAULTS["WELLNESS_TRAP_LIMIT"]
    assert config.ssrf_guard is DEFAULTS["WELLNESS_SSRF_GUARD"] is True
    assert config.lock_wait == DEFAULTS["WELLNESS_LOCK_WAIT"]
    assert config.extract_workers == (DEFAULTS["WELLNESS_EXTRACT_WORKERS"] or os.cpu_count() or 1)
    # and a value given wins, typed as its default
    config = read(Settings({"ARCHIVE_BATCH_SIZE": "7", "WELLNESS_SSRF_GUARD": "false", "WELLNESS_RENDER": "AUTO"}))
    assert (config.batch_size, config.ssrf_guard, config.render) == (7, False, "auto")
    # checked once read: a negative count or delay is none, a batch at least one row
    config = read(Settings({"ARCHIVE_BATCH_SIZE": "0", "WELLNESS_STOP_GRACE": "-2", "WELLNESS_MAX_PAGES": "-5",
                            "WELLNESS_CONTACT": "  me@example.org "}))
    assert (config.batch_size, config.stop_grace, config.max_pages, config.contact) == (1, 0.0, 0, "me@example.org")
    assert isinstance(config.stop_grace, float)


def test_pipelines_get_the_tables_defaults():
    from wellness_archiver.crawler.pipelines.extract import ExtractPipeline
    from wellness_archiver.crawler.pipelines.store import StorePipeline

    store = StorePipeline.from_crawler(bare_crawler())
    try:
        assert store.config == read(Settings())
        assert store.config.flush_seconds == DEFAULTS["ARCHIVE_FLUSH_SECONDS"]
    finally:
        store.writer.shutdown()
    extract = ExtractPipeline.from_crawler(bare_crawler())
    assert extract.timeout == DEFAULTS["WELLNESS_EXTRACT_TIMEOUT"]
    assert ExtractPipeline.from_crawler(bare_crawler(WELLNESS_EXTRACT_TIMEOUT=5)).timeout == 5


def test_middlewares_get_the_tables_defaults():
    from wellness_archiver.crawler.middlewares.retry_after import RetryAfterMiddleware
    from wellness_archiver.crawler.middlewares.robots_delay import CrawlDelayMiddleware
    from wellness_archiver.crawler.middlewares.ssrf import SSRFGuardMiddleware

    retry = RetryAfterMiddleware.from_crawler(bare_crawler())
    assert retry.backoff == DEFAULTS["WELLNESS_RETRY_BACKOFF"]
    assert retry.max_retry_after == DEFAULTS["WELLNESS_MAX_RETRY_AFTER"]
    delay = CrawlDelayMiddleware.from_crawler(bare_crawler(ROBOTSTXT_OBEY=True))
    assert delay.max_delay == DEFAULTS["WELLNESS_MAX_CRAWL_DELAY"]
    guard = SSRFGuardMiddleware.from_crawler(bare_crawler())  # on by default: not NotConfigured
    assert guard.policy.allow_private is DEFAULTS["WELLNESS_ALLOW_PRIVATE"]
    assert guard.policy.allowed == set(DEFAULTS["WELLNESS_ALLOWED_ADDRESSES"])


def test_resolver_gets_the_tables_defaults():
    from wellness_archiver.crawler.middlewares.ssrf_resolver import SSRFGuardResolver

    class Reactor:
        nameResolver = None

    resolver = SSRFGuardResolver.from_crawler(bare_crawler(), Reactor())
    assert resolver.enabled is DEFAULTS["WELLNESS_SSRF_GUARD"]
    assert resolver.test_hosts == DEFAULTS["WELLNESS_TEST_HOSTS"]


def test_shared_politeness_gets_the_tables_defaults(monkeypatch):
    pytest.importorskip("redis")
    from wellness_archiver.crawler.frontier import keys
    from wellness_archiver.crawler.frontier.polite import SharedPolitenessMiddleware

    class Server:  # no Redis: only its scripts are registered at build time
        def register_script(self, script):
            return script

    monkeypatch.setattr(keys, "connect", lambda url: Server())
    mw = SharedPolitenessMiddleware(bare_crawler(WELLNESS_FRONTIER="redis://127.0.0.1:1/0"))
    assert (mw.backoff, mw.max_retry_after) == (DEFAULTS["WELLNESS_RETRY_BACKOFF"], DEFAULTS["WELLNESS_MAX_RETRY_AFTER"])


def test_spider_gets_the_tables_defaults():
    from wellness_archiver.crawler.spiders.blog import BlogSpider
    from wellness_archiver.crawler.state import CrawlState

    crawler = bare_crawler()
    crawler.spidercls = BlogSpider
    spider = BlogSpider.from_crawler(crawler, urls="https://blog.example/", state=CrawlState())
    assert spider.traps.limit == DEFAULTS["WELLNESS_TRAP_LIMIT"]
    assert (spider.max_pages, spider.max_depth) == (DEFAULTS["WELLNESS_MAX_PAGES"], DEFAULTS["WELLNESS_MAX_DEPTH"])
    assert spider.sitemap_caps.max_depth == DEFAULTS["WELLNESS_SITEMAP_MAX_DEPTH"]
    assert spider.sitemap_caps.max_count == DEFAULTS["WELLNESS_SITEMAP_MAX_COUNT"]
    assert spider.render == DEFAULTS["WELLNESS_RENDER"]
    assert spider.ignore_tdm is DEFAULTS["WELLNESS_IGNORE_TDM"]


# -- no second copy of a default ---------------------------------------------------


def copies(source: str, path: str = "<module>") -> list[str]:
    """Where ``source`` keeps a default of its own or reads a project setting itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id.startswith("DEFAULT_") and target.id not in NOT_SETTINGS:
                    found.append(f"{path}:{node.lineno}: constant {target.id}")
        name = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in GETTERS:
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                name = node.args[0].value
                if name.isupper() and (len(node.args) > 1 or node.keywords):
                    found.append(f"{path}:{node.lineno}: fallback for {name}")
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                name = node.slice.value
        if name and name in DEFAULTS:
            found.append(f"{path}:{node.lineno}: reads {name} (use settings.read)")
    return found


def test_the_check_finds_copies():
    sample = (
        "DEFAULT_BACKOFF = 1.0\n"
        "x = settings.getfloat('DOWNLOAD_TIMEOUT', 30)\n"
        "y = crawler.settings.get('WELLNESS_FRONTIER')\n"
        "z = settings['ARCHIVE_DB']\n"
    )
    assert len(copies(sample)) == 4
    assert copies("settings.set('ARCHIVE_DB', path)\nw = settings.getint('DOWNLOAD_MAXSIZE')\n") == []


def test_no_default_is_written_twice():
    found = []
    for root in SCANNED:
        for path in sorted(root.rglob("*.py")):
            if path == Path(project_settings.__file__):
                continue
            found += copies(path.read_text("utf-8"), str(path.relative_to(PACKAGE)))
    assert found == []
    for name in NOT_SETTINGS:  # the exceptions stay what they claim: no setting's default
        assert not any(name[len("DEFAULT_"):] in setting for setting in DEFAULTS)
