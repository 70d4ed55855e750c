import pytest

from wellness_archiver.demo_site.server import DemoSites


@pytest.fixture(scope="session")
def demo_sites():
    """All six demo sites, served on 127.0.0.1 for the whole test session."""
    with DemoSites() as sites:
        yield sites


# `crawl` exits 3 (partial) when some pages failed: every fixture site has a
# dead link and most a 500 page, so a full crawl of one is partial.
PARTIAL = 3
