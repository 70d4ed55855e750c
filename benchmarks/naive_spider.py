"""The naive baseline the real crawler is measured against.

    scrapy runspider benchmarks/naive_spider.py \
        -a site=http://127.0.0.1:PORT -a db=benchmarks/out/naive.db \
        -s CONCURRENT_REQUESTS=32 ...

This is the design most people write first, kept deliberately plain:

* discovery through robots.txt -> sitemap index -> post sitemaps
  (Scrapy's SitemapSpider), the same posts the real crawler must find;
* ``trafilatura.extract(...)`` called inline in the spider callback, i.e. on
  the Twisted reactor thread, so downloading stalls while each page is parsed;
* one ``INSERT`` + ``COMMIT`` per article with the stdlib ``sqlite3`` module,
  default journal mode and synchronous setting, also on the reactor thread.

Nothing here is tuned, on purpose: it is the yardstick. Fetch settings
(concurrency, robots, delays, logging) come from the command line so that
``crawl.py`` passes the very same ones to both runs.
"""

from __future__ import annotations

import json
import sqlite3

import trafilatura
from scrapy.spiders import SitemapSpider

# Post permalinks look like /YYYY/MM/DD/slug/ (WordPress "day and name").
POST_URL = r"/\d{4}/\d{2}/\d{2}/[^/]+/$"

SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    url TEXT PRIMARY KEY,
    title TEXT,
    author TEXT,
    date TEXT,
    description TEXT,
    categories TEXT,
    tags TEXT,
    text TEXT,
    word_count INTEGER,
    fetched_status INTEGER,
    raw_json TEXT
)
"""


class NaiveSpider(SitemapSpider):
    name = "naive"
    # Only post URLs get a callback; sitemaps whose entries match no rule
    # (pages, categories) are still fetched but yield nothing.
    sitemap_rules = [(POST_URL, "parse_post")]

    def __init__(self, site: str, db: str, *args, **kwargs):
        self.sitemap_urls = [site.rstrip("/") + "/robots.txt"]
        super().__init__(*args, **kwargs)
        self.db_path = db
        self.conn = sqlite3.connect(db)
        self.conn.execute(SCHEMA)
        self.conn.commit()
        self.stored = 0

    def parse_post(self, response):
        # Extraction inline, in the callback: the naive part.
        raw = trafilatura.extract(
            response.text,
            url=response.url,
            with_metadata=True,
            output_format="json",
        )
        if raw is None:
            self.logger.warning("no article extracted from %s", response.url)
            return
        doc = json.loads(raw)
        # One row, one transaction: the other naive part.
        self.conn.execute(
            "INSERT OR REPLACE INTO posts (url, title, author, date, description,"
            " categories, tags, text, word_count, fetched_status, raw_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                response.url,
                doc.get("title"),
                doc.get("author"),
                doc.get("date"),
                doc.get("excerpt"),
                doc.get("categories"),
                doc.get("tags"),
                doc.get("text"),
                len((doc.get("text") or "").split()),
                response.status,
                raw,
            ),
        )
        self.conn.commit()
        self.stored += 1

    def closed(self, reason):
        self.logger.info("naive spider stored %d posts (%s)", self.stored, reason)
        self.conn.close()


def main(argv: list[str] | None = None) -> int:
    """Run without a Scrapy project: ``python naive_spider.py --site URL --db PATH [-s K=V ...]``.

    ``crawl.py`` uses this entry point rather than ``scrapy runspider``
    because the repository's scrapy.cfg would otherwise load the project's
    settings (pipelines, extensions) into the baseline; here the baseline
    gets Scrapy's defaults plus exactly the ``-s`` fetch settings given.
    """
    import argparse

    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    ap = argparse.ArgumentParser(description="naive crawl baseline")
    ap.add_argument("--site", required=True, help="site origin, e.g. http://127.0.0.1:8080")
    ap.add_argument("--db", required=True, help="SQLite file to write (table 'posts')")
    ap.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                    help="Scrapy setting override, repeatable")
    args = ap.parse_args(argv)

    settings = Settings()
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            ap.error(f"-s expects NAME=VALUE, got {item!r}")
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    process.crawl(NaiveSpider, site=args.site, db=args.db)
    process.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
