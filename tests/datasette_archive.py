"""A small real archive for the Datasette tests: the Wix fixture blog's posts
(with raw captures), a duplicate, repeated chrome lines, a failure, a policy
refusal, and one hostile article whose every field carries script payloads."""

from __future__ import annotations

from pathlib import Path

from wellness_archiver.crawler.workers import build_capture
from wellness_archiver.archive.db import Archive
from wellness_archiver.jobs.analyse import refresh
from wellness_archiver.demo_site.gold import gold_posts
from wellness_archiver.demo_site.site import build_site, lookup
from wellness_archiver.extraction import extract

BASE = "http://127.0.0.1:8765"
SEED_URL = BASE + "/post/healing-within-a-relationship"
SEED_TITLE = "Healing within a Relationship"
EVIL_URL = "http://127.0.0.1:8766/evil-post"
LEAK_LINE = "Subscribe to our newsletter for weekly wellness tips"

EVIL_TITLE = 'Evil <script>window.__pwned="title"</script><img src=x onerror="window.__pwned=\'title-img\'">'
EVIL_TEXT = (
    "Opening paragraph about hostile markup in a therapy blog.\n"
    "<script>window.__pwned='text'</script> <img src=x onerror=\"window.__pwned='text-img'\">\n"
    "<style>body { display: none !important; }</style> Closing paragraph."
)
EVIL_MARKDOWN = """# Hostile heading <script>window.__pwned='md-heading'</script>

Opening paragraph about hostile markup in a therapy blog.

A [javascript link](javascript:window.__pwned='md-link') and a [safe link](https://example.org/safe)
and a [data link](data:text/html,<script>alert(1)</script>) and a [relative link](/-/metadata).

<img src=x onerror="window.__pwned='md-img'">

<style>body { display: none !important; }</style>

<a href="javascript:window.__pwned='raw-a'" onclick="window.__pwned='raw-onclick'">raw anchor</a>

![picture](javascript:window.__pwned='md-image')

<svg onload="window.__pwned='svg'"><script>window.__pwned='svg-script'</script></svg>

Closing paragraph.
"""


def build_archive(path: Path) -> Path:
    pages = build_site("wix", BASE)
    archive = Archive(path)
    run = archive.start_run([BASE + "/"], {"urls": [BASE + "/"]}, {"wellness_archiver": "0.1.0"})
    articles, page_rows, captures = [], [], []
    for gold in gold_posts("wix", BASE):
        body = lookup(pages, gold["url"][len(BASE):]).body
        art = extract(body, gold["url"]).as_dict()
        # Chrome that extraction missed: one line repeated in every post of the site.
        art["text"] += "\n" + LEAK_LINE
        articles.append({**art, "url": gold["url"], "page_url": gold["url"]})
        page_rows.append({"url": gold["url"], "page_type": "post", "status": 200})
        captures.append({**build_capture(body, {}), "url": gold["url"], "final_url": gold["url"], "status": 200})
    seed = next(a for a in articles if a["url"] == SEED_URL)
    mirror = BASE.replace("8765", "8767") + "/copy-of-healing"
    articles.append({**seed, "url": mirror, "page_url": mirror, "published": "2024-06-01"})
    page_rows.append({"url": mirror, "page_type": "post", "status": 200})
    articles.append({
        "url": EVIL_URL, "page_url": EVIL_URL, "title": EVIL_TITLE, "text": EVIL_TEXT, "markdown": EVIL_MARKDOWN,
        "author": "<script>window.__pwned='author'</script>Mallory", "published": "2019-11-05",
        "description": "<img src=x onerror=\"window.__pwned='description'\">", "tags": ["<b onmouseover=alert(1)>x</b>"],
        "word_count": 40, "platform": "generic", "language": "en",
    })
    page_rows += [
        {"url": EVIL_URL, "page_type": "post", "status": 200},
        {"url": BASE + "/gone", "page_type": "error", "status": 404, "error": "HTTP 404"},
        {"url": BASE + "/private/", "page_type": "blocked", "error": "robots.txt disallowed"},
    ]
    archive.save_batch(page_rows, articles, run, captures)
    archive.finish_run(run, "finished")
    refresh(archive)
    archive.close()
    return path
