"""The project's own Scrapy signal.

``site_policy(host, values)``: a per-site collection decision (robots.txt
verdict, sitemap cap hit) for the ``sites`` row of ``host``; the store
pipeline writes it with its next batch. Sent by the robots.txt middleware and
the spider, which have no item to carry it.
"""

site_policy = object()
