"""Scrapy add-on: ``-s WELLNESS_FRONTIER=redis://...`` makes the crawl a frontier worker.

An add-on (not the CLI) does it, so ``scrapy crawl`` and Scrapyd schedules
(``-d setting=WELLNESS_FRONTIER=...``) get the same worker as ``crawl --frontier``.
"""

from __future__ import annotations

from wellness_archiver.crawler.settings import read


class FrontierAddon:
    def update_settings(self, settings) -> None:
        url = read(settings).frontier
        if url:
            from wellness_archiver.crawler.frontier.keys import configure_worker  # redis is imported only by workers

            configure_worker(settings, url)
