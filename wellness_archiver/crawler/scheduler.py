"""Scrapy's scheduler with its requests queued on disk, JOBDIR or not.

A site's sitemaps list every post at once: 50,000 URLs are queued within the
first minute of the crawl, and as Request objects in Scrapy's memory queue
they cost ~3 KB each (the object, its meta and headers dicts, its URL) until
each is fetched. Scrapy's disk queues (used under ``JOBDIR``) keep a queued
request as a pickled record in a file instead, so the crawl's memory no
longer grows with the size of the site.

With ``-s JOBDIR=...`` this is Scrapy's scheduler unchanged (its queue
persists there). Without it, the queue goes to a private temporary directory
next to the archive (not /tmp, which may be RAM), removed when the crawl
closes. That directory only holds the queue: resuming a crawl is the
archive's frontier (``--resume``), which records every URL found with its
page. Only the queue moves to disk: the dupefilter's fingerprints stay in
memory (~100 bytes a URL), and a request that cannot be pickled falls back to
the memory queue (Scrapy's ``scheduler/unserializable`` stat), so nothing is
dropped. A crawl stopped at once (a second Ctrl-C, or the stop grace over:
the reactor stops before the scheduler closes) removes it at exit; one that
was killed leaves it behind, and the next crawl next to that archive removes
it (the directory is named after its process).
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile

from scrapy.core.scheduler import Scheduler
from scrapy.utils.job import job_dir
from scrapy.utils.misc import build_from_crawler, load_object

from wellness_archiver.archive.outputs import pid_alive
from wellness_archiver.crawler.settings import read

logger = logging.getLogger(__name__)
PREFIX = ".wellness-queue-"


def remove_stale(parent: str) -> None:
    """Remove the queue directories of crawls that were killed (their process is gone)."""
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        pid = name[len(PREFIX):].split("-", 1)[0]
        if name.startswith(PREFIX) and pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)


def queue_parent(settings) -> str:
    """Where the temporary queue directory goes: the archive's directory, if it exists."""
    db = read(settings).db
    parent = os.path.dirname(os.path.abspath(db)) if db else ""
    return parent if parent and os.path.isdir(parent) and os.access(parent, os.W_OK) else tempfile.gettempdir()


class DiskQueueScheduler(Scheduler):
    """Scrapy's scheduler; without JOBDIR, its disk queues in a temporary directory."""

    temp_dir: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        jobdir = job_dir(settings)
        temp_dir = None
        if not jobdir:
            parent = queue_parent(settings)
            remove_stale(parent)
            temp_dir = jobdir = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent)
        scheduler = cls(
            dupefilter=build_from_crawler(load_object(settings["DUPEFILTER_CLASS"]), crawler),
            jobdir=jobdir,
            dqclass=load_object(settings["SCHEDULER_DISK_QUEUE"]),
            mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
            logunser=settings.getbool("SCHEDULER_DEBUG"),
            stats=crawler.stats,
            pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]),
            crawler=crawler,
        )
        scheduler.temp_dir = temp_dir
        if temp_dir is not None:
            atexit.register(shutil.rmtree, temp_dir, ignore_errors=True)
        return scheduler

    def close(self, reason: str):
        try:
            return super().close(reason)
        finally:
            if self.temp_dir is not None:
                # Requests still queued (a stopped crawl) are in the archive's
                # frontier: --resume requests them again.
                shutil.rmtree(self.temp_dir, ignore_errors=True)
                self.temp_dir = None
