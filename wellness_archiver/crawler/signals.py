"""The project's own Scrapy signals, sent and received with ``crawler.signals``.

``site_policy(host, values)``
    A per-site collection decision (robots.txt verdict, sitemap cap hit) for
    the ``sites`` row of ``host``; the store pipeline writes it with its next
    batch. Sent by the robots.txt middleware and the spider, which have no
    item to carry it.
``pages_stored(urls)``
    The pages just committed to the archive (sent by the store pipeline): a
    shared frontier drops their leases.
``crawl_state(state)``
    The :class:`~wellness_archiver.crawler.state.CrawlState` a crawl starts
    from, sent by the store pipeline (which owns the archive connection) when
    it opens and the spider was given none (a bare ``scrapy crawl blog``);
    the jobs layer passes it to the spider as ``state=`` instead.
``crawl_aborted()``
    Stop now, keeping the archive consistent (a second Ctrl-C, or the grace
    period over): the store commits what it holds and marks the run
    ``interrupted``, extraction workers are killed.
"""

site_policy = object()
pages_stored = object()
crawl_state = object()
crawl_aborted = object()
