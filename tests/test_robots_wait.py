"""Every request that waits for a host's robots.txt obeys it.

Scrapy 2.19's RobotsTxtMiddleware gave the parser to the first waiter only
and None ("no robots.txt") to the others; see middlewares/robots_policy.py.
"""

from __future__ import annotations


from crawling import FAST_2, crawl
from wellness_archiver.archive.db import Archive
from wellness_archiver.demo_site.server import DemoSites


def test_requests_waiting_together_for_robots_txt_all_obey_it(tmp_path):
    db_path = tmp_path / "archive.db"
    # Slow answers: robots.txt is still downloading when every seed reaches it.
    with DemoSites(("blogger",), delay=0.3) as sites:
        disallowed = [sites.url("blogger", f"/search/label/{tag}") for tag in ("grief", "sleep", "teens", "adhd")]
        proc = crawl(db_path, *disallowed, "--max-pages", "1", profile=FAST_2, timeout=120)
        requested = [path for path, _ in sites.requests["blogger"]]
    assert proc.returncode in (0, 1, 3), proc.stderr
    assert not [path for path in requested if path.startswith("/search")], requested
    archive = Archive(db_path, create=False)
    pages = {p["url"]: (p["page_type"], p["error"]) for p in archive.pages()}
    archive.close()
    for url in disallowed:
        assert pages[url] == ("blocked", "robots.txt disallowed")
