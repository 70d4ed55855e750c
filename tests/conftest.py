"""Fixtures shared by the whole suite, and how the suite is spread over xdist workers.

The suite runs on four workers (``-n 4 --dist loadgroup`` in pyproject.toml).
Each test module is one xdist group, so its module-scoped fixtures (most are
crawls) are built once, on one worker; the tests that read the shared
``demo_archives`` form a group per set of archives, so each is crawled once in
all. The groups known to be long are started first (``LONG``), so the four
workers end together.
"""

from __future__ import annotations

import gc
import os

import pytest

from archives import DemoArchives
from crawling import PARTIAL  # noqa: F401 - modules import it from here
from zygote import SHARED, ZYGOTE, enabled
from wellness_archiver.demo_site.server import DemoSites


@pytest.fixture(scope="session")
def demo_sites():
    """All six demo sites, served on 127.0.0.1 for the whole test session."""
    with DemoSites() as sites:
        yield sites


@pytest.fixture(scope="session")
def demo_archives(demo_sites, tmp_path_factory):
    """Archives of the demo sites crawled once a session (``archives.DemoArchives``):
    ``demo_archives["ghost"].path``. Read them only; write to ``demo_archives.copy(...)``."""
    return DemoArchives(demo_sites, tmp_path_factory.mktemp("demo-archives"))


@pytest.fixture(autouse=True)
def _shared_archives_stay_unchanged(request):
    """After each test that used ``demo_archives``: no shared archive changed by a byte."""
    yield
    if "demo_archives" in request.fixturenames:
        changed = request.getfixturevalue("demo_archives").changed()
        assert not changed, (f"the shared archive(s) {[str(p) for p in changed]} changed: tests read "
                             "demo_archives; to write, take demo_archives.copy(keys, tmp_path / 'x.db')")


# -- Scheduling -------------------------------------------------------------------------

# Modules whose tests are independent and long: each test is its own unit of
# work, so the workers share them.
SPLIT = {"test_extraction_fuzz.py"}

# Seconds the long groups took on a 2-core machine (a timeline of the whole
# suite, 2026-12-08; only their order matters): these start first, longest
# first, and the short rest fill in after them in collection order, so the
# workers end together.
LONG = {
    "test_resume": 67,  # ten SIGKILLs of a crawl of slow sites (the same crawl uninterrupted alongside)
    "test_frontier": 62,
    "test_faults": 29,
    "test_crawl_safety": 23,
    "test_poison": 23,
    "demo_archives": 23,  # the shared one-site crawls and the modules that read them
    # The fuzz properties' halves: started with the long groups, so that
    # short tests, not these, fill the last seconds on every worker.
    "test_extraction_fuzz.py::test_mutated_pages": 15,
    "test_render": 15,
    "test_demo": 14,
    "test_extract_limits": 13,
    "test_site_policy": 13,
    "demo_archives_pair": 12,
    "test_extraction_fuzz.py::test_generated_pages": 10,
    "test_render_budget": 10,
    "test_crawl_state": 10,
    "test_cli": 10,
    "test_browser": 9,
    "test_classify": 8,
    "test_zygote": 8,
    "test_warc": 8,
    "test_datasette_plugin": 7,
    "test_middlewares": 7,
    "test_extract_fetch": 6,
    "test_dedup": 6,
    "test_extraction_fuzz.py::test_junk_and_edge_inputs": 5,
}


# The readers of demo_archives in one group per set of archives they read, so
# each crawl is made on one worker (were they spread, both workers would crawl:
# still right, only slower): the one-site archives, and the ghost+wix one.
PAIR_READERS = {"test_export", "test_forget", "test_warc"}


def _group(item) -> str | None:
    if "demo_archives" in item.fixturenames:
        return "demo_archives_pair" if item.path.stem in PAIR_READERS else "demo_archives"
    if item.path.name in SPLIT:
        return None
    return item.path.stem


def pytest_configure(config):
    if enabled() and not hasattr(config, "workerinput"):
        # One command server for the run, its imports made while the workers
        # start; its socket reaches them in their environment (tests/zygote.py).
        os.environ[SHARED] = ZYGOTE.start()
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    keys = {}
    for item in items:
        group = _group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        keys[item] = group or f"{item.path.name}::{item.originalname}"
    first = {}
    for index, item in enumerate(items):
        first.setdefault(keys[item], index)
    # Longest first; each group stays together and in collection order, so a
    # module's fixtures are set up once.
    items.sort(key=lambda item: (-LONG.get(keys[item], 0), first[keys[item]]))


def pytest_collection_finish(session):
    """Move what collection built (every module, class and function of the
    package, Scrapy, Datasette, hypothesis...) out of the collector's reach:
    it lives to the end anyway, and each full collection during the run, and
    pytest's five at the end, would walk it again (about 1 s of CPU a worker)."""
    gc.collect()
    gc.freeze()
