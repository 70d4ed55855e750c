"""Scrapy's RobotsTxtMiddleware, with every request waiting for robots.txt obeying it.

While a host's robots.txt is downloading, Scrapy keeps a Deferred in its
parser map, and each request for that host awaits that same Deferred
(``maybe_deferred_to_future``). With the asyncio reactor that adds one
callback per waiter, and each callback returns None: the first waiter gets
the parser, every later one gets None, which means "no robots.txt", so
it is fetched even if disallowed (Scrapy 2.19). Requests for a host whose
robots.txt is still on its way are common when many start at once: seeds on
one host, a resumed frontier, a worker joining a shared frontier. Here each
waiter gets its own Deferred, fed from the shared one without changing it.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred = Deferred()

            def feed(result):
                waiter.callback(result)
                return result  # unchanged for the next waiter

            pending.addBoth(feed)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)
