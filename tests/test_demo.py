"""``wellness-archiver demo``: the bundled blogs served and crawled, offline."""

import subprocess
import sys

from wellness_archiver.archive.db import Archive
from wellness_archiver.demo_site.gold import gold_posts
from wellness_archiver.demo_site.site import SITE_KEYS


def test_demo_crawls_every_bundled_post(tmp_path):
    db_path = tmp_path / "demo.db"
    proc = subprocess.run(
        [sys.executable, "-m", "wellness_archiver", "demo", "--db", str(db_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "posts stored" in proc.stdout and f"wellness-archiver serve {db_path}" in proc.stdout
    archive = Archive(db_path, create=False)
    try:
        stats = archive.stats()
        titles = {a["title"] for a in archive.articles()}
    finally:
        archive.close()
    expected = {g["title"] for key in SITE_KEYS for g in gold_posts(key, "http://127.0.0.1:1")}
    assert stats["articles"] == len(expected) == 54
    assert titles == expected
    assert {s["platform"] for s in stats["sites"]} >= {"wix", "wordpress", "squarespace", "blogger", "ghost"}
