"""robots.txt as RFC 9309 reads it, not as "any failure means crawl everything".

Scrapy's RobotsTxtMiddleware parses whatever body robots.txt answers with
(a 503 page or a 404 page alike) and allows everything when the fetch fails.
RFC 9309 (2.3.1) says:

- 2xx: obey the rules;
- 4xx ("unavailable"): the crawler may access everything;
- 5xx, or unreachable (timeout, refused, DNS, reset): disallow everything;
- redirects: follow at least five, to any host; more than that counts as
  unavailable.

429 is treated as 5xx (a server asking to slow down is not saying "no file").
The robots.txt request is marked ``allow_offsite`` so a redirect to another
host (``www.`` to the apex) is followed instead of being dropped silently by
the offsite filter; the SSRF guard still checks every hop. Each site's
decision is sent with the ``site_policy`` signal (to ``sites.robots_txt`` and
``sites.robots_txt_reason``) and every refused page is recorded with its
reason: ``robots.txt disallowed: all (robots.txt HTTP 503)``, a policy
refusal, or, when the site did not answer at all, a failure with its cause
first: ``connection refused (robots.txt unreachable: all disallowed)``.

A disallowed site is asked again on the next crawl, not within this one:
its pages are refused at once, so a later retry would find nothing left to
fetch, and holding them instead would hold downloader slots every other
site needs.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from wellness_archiver.crawler import signals as project_signals
from wellness_archiver.crawler.spiders.failures import ROBOTS_DISALLOWED, ROBOTS_UNREACHABLE, describe_failure

logger = logging.getLogger(__name__)

OBEYED, ALLOW_ALL, DISALLOW_ALL = "obeyed", "allow all", "disallow all"
UNREACHABLE = "unreachable: "


def robots_decision(status: int | None, error: str | None = None) -> tuple[str, str]:
    """RFC 9309's verdict on a robots.txt fetch: (decision, reason).

    >>> robots_decision(503)
    ('disallow all', 'HTTP 503')
    >>> robots_decision(None, "timeout")
    ('disallow all', 'unreachable: timeout')
    """
    if error is not None:
        if error.startswith("max redirections") or error.startswith("redirect loop"):
            return ALLOW_ALL, f"unavailable: {error}"  # RFC 9309 2.3.1.2
        return DISALLOW_ALL, f"{UNREACHABLE}{error}"
    assert status is not None
    if 200 <= status < 300:
        return OBEYED, f"HTTP {status}"
    if status == 429 or status >= 500:
        return DISALLOW_ALL, f"HTTP {status}"
    if 400 <= status < 500:
        return ALLOW_ALL, f"HTTP {status}"
    return DISALLOW_ALL, f"HTTP {status}"  # a 3xx left unfollowed, 1xx: no answer


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware with RFC 9309's failure rules and a recorded decision."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.decisions: dict[str, tuple[str, str]] = {}  # netloc -> (decision, reason)

    def process_request_2(self, rp, request: Request) -> None:
        decision, reason = self.decisions.get(urlparse_cached(request).netloc, (OBEYED, ""))
        if decision == DISALLOW_ALL:
            self._stats.inc_value("robotstxt/forbidden")
            if reason.startswith(UNREACHABLE):  # the site is down: a failure, with its cause first
                raise IgnoreRequest(f"{reason[len(UNREACHABLE):]} ({ROBOTS_UNREACHABLE}: all disallowed)")
            raise IgnoreRequest(f"{ROBOTS_DISALLOWED}: all (robots.txt {reason})")
        super().process_request_2(rp, request)

    async def robot_parser(self, request: Request):
        # Scrapy's own, but the robots.txt request may leave the site
        # (allow_offsite) and its failures are judged by robots_decision.
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robotsreq = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True, "allow_offsite": True},
                callback=NO_CALLBACK,
            )
            try:
                resp = await self.crawler.engine.download_async(robotsreq)
            except Exception as e:  # noqa: BLE001 - every failure is a decision
                self._decide(netloc, *robots_decision(None, describe_failure(Failure(e))))
                self._robots_error(e, netloc)
            else:
                await self._judge(resp, netloc, request, robotsreq.url)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            # Scrapy awaits the shared Deferred itself: with the asyncio
            # reactor only its first waiter gets the parser and every later
            # one None ("no robots.txt": fetched even if disallowed). Common
            # when many requests for a host start at once (seeds on one host,
            # a resumed frontier, a worker joining a shared frontier), so each
            # waiter gets its own Deferred, fed from the shared one unchanged.
            waiter: Deferred = Deferred()

            def feed(result):
                waiter.callback(result)
                return result

            parser.addBoth(feed)
            return await maybe_deferred_to_future(waiter)
        return parser

    async def _judge(self, response: Response, netloc: str, request: Request, robots_url: str) -> None:
        decision, reason = robots_decision(response.status)
        if response.url != robots_url:
            reason += f" from {response.url}"
        self._decide(netloc, decision, reason)
        if decision == OBEYED:
            await self._parse_robots(response, netloc, request)
        elif decision == ALLOW_ALL:
            await self._parse_robots(response.replace(body=b""), netloc, request)
        else:
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._robots_error(IgnoreRequest(reason), netloc)

    def _decide(self, netloc: str, decision: str, reason: str) -> None:
        # Set before the waiting requests resume (they read it at once).
        self.decisions[netloc] = (decision, reason)
        # Info, not a warning: the refused pages and the summary say it.
        logger.info("robots.txt of %s: %s (%s)", netloc, decision, reason)
        self.crawler.signals.send_catch_log(
            signal=project_signals.site_policy, host=netloc.lower(),
            values={"robots_txt": decision, "robots_txt_reason": reason},
        )
