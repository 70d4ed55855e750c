"""What a crawl starts from, read from the archive before it: a plain value.

The spider reads it and never opens the archive itself. The jobs layer loads
it (``jobs/crawl_state.py``) and passes it as the spider argument ``state=``;
under a bare ``scrapy crawl blog`` the store pipeline, which owns the archive
connection, loads it when it opens and sends it with the ``crawl_state``
signal (crawler/signals.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wellness_archiver.archive.db import Archive
from wellness_archiver.archive.tombstones import Tombstones
from wellness_archiver.urls import host_key, normalise_seed


@dataclass
class CrawlState:
    # Incremental crawl: stored post URL -> {"fetched_at", "etag", "last_modified"}
    # (revisited conditionally, or skipped when the sitemap's lastmod is older).
    revisit: dict[str, dict] = field(default_factory=dict)
    # --resume: the run's frontier, URLs done (-> kind) and rows still pending.
    done: dict[str, str | None] = field(default_factory=dict)
    pending: list[dict] = field(default_factory=list)
    # URLs and sites forgotten on request, refused by TombstoneMiddleware.
    tombstones: Tombstones = field(default_factory=Tombstones)

    @classmethod
    def from_archive(cls, archive: Archive, hosts: Iterable[str], *, refresh: bool = False,
                     resume_run: int = 0) -> "CrawlState":
        """The state of a crawl of ``hosts`` (see :func:`site_hosts`) from an open archive.

        ``refresh`` (--refresh): no revisit state, every post is fetched again.
        ``resume_run`` (--resume): that run's frontier.
        """
        state = cls(tombstones=Tombstones.load(archive.db))
        if not refresh:
            state.revisit = archive.revisit_state(hosts)
        if resume_run:
            state.done, state.pending = archive.frontier(resume_run)
        return state


def site_hosts(seeds: Iterable[str]) -> set[str]:
    """The sites a crawl of ``seeds`` stays on, as the archive keys them (``pages.host``)."""
    return {host_key(urlsplit(normalise_seed(url)).netloc) for url in seeds}
