"""Downloader middlewares (and a DNS resolver) for polite, safe crawling.

- :mod:`.ssrf`, :mod:`.ssrf_policy`, :mod:`.ssrf_resolver`: refuse requests to loopback, private, link-local and other
  non-public addresses (``SSRFGuardMiddleware`` + ``SSRFGuardResolver``).
- :mod:`.robots_policy`: robots.txt failures as RFC 9309 reads them (5xx or
  unreachable: disallow all; 4xx: allow all), redirects to another host
  followed, the decision recorded per site (``RobotsPolicyMiddleware``).
- :mod:`.robots_delay`: apply robots.txt ``Crawl-delay`` to the host's
  download slot (``CrawlDelayMiddleware``).
- :mod:`.retry_after`: 429/503 honour ``Retry-After`` with back-off
  (``RetryAfterMiddleware``).
"""
