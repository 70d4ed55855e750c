"""Ctrl-C (SIGINT, or SIGTERM) stops a crawl within seconds, a second one at once.

Scrapy's own handlers stop gracefully: they wait for every download in flight
(up to DOWNLOAD_TIMEOUT, 30 s) and every page in extraction (up to
WELLNESS_EXTRACT_TIMEOUT). Here the first signal starts that graceful stop
and gives it WELLNESS_STOP_GRACE seconds; then, or at a second signal, the
crawl is aborted: the crawl_aborted signal (crawler/signals.py) makes the store commit what
it holds and mark the run ``interrupted``, extraction workers are killed, and
the reactor stops. Pages still in flight are not done in the frontier, so
``--resume`` fetches them again: nothing is lost, nothing is half-written.
"""

from __future__ import annotations

import logging
import signal
import threading

from scrapy.utils.defer import deferred_from_coro

from wellness_archiver.crawler import signals as project_signals

logger = logging.getLogger(__name__)


class Interrupter:
    def __init__(self, crawler, grace: float):
        self.crawler = crawler
        self.grace = max(0.0, grace)
        self.received = 0
        self.aborted = False
        self.previous: dict = {}  # the handlers ours replaced

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may set signal handlers
        self.previous = {signum: signal.signal(signum, self._on_signal) for signum in (signal.SIGINT, signal.SIGTERM)}

    def uninstall(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def _on_signal(self, signum: int, _frame) -> None:
        # A signal handler may interrupt anything: only hand work to the reactor.
        from twisted.internet import reactor

        self.received += 1
        reactor.callFromThread(self.stop if self.received == 1 else self.abort)

    def stop(self) -> None:
        from twisted.internet import reactor

        logger.warning("interrupted: stopping within %g s (press Ctrl-C again to stop at once)", self.grace)
        if self.crawler.crawling:
            deferred_from_coro(self.crawler.stop_async())
        reactor.callLater(self.grace, self.abort)

    def abort(self) -> None:
        from twisted.internet import reactor

        if self.aborted:
            return
        self.aborted = True
        self.crawler.signals.send_catch_log(signal=project_signals.crawl_aborted)
        if reactor.running:
            reactor.stop()
