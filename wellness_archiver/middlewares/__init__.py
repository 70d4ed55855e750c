"""Downloader middlewares (and a DNS resolver) for polite, safe crawling.

- :mod:`.ssrf`: refuse requests to loopback, private, link-local and other
  non-public addresses (``SSRFGuardMiddleware`` + ``SSRFGuardResolver``).
- :mod:`.robots_delay`: apply robots.txt ``Crawl-delay`` to the host's
  download slot (``CrawlDelayMiddleware``).
- :mod:`.retry_after`: 429/503 honour ``Retry-After`` with back-off
  (``RetryAfterMiddleware``).
"""
