"""The jobs' refusals the command line turns into one-line messages.

Apart from the jobs that raise them, so the command line can catch them
without importing those jobs (a crawl plan imports Scrapy's settings: about
a second for every command that never crawls).
"""

from __future__ import annotations


class PlanError(ValueError):
    """A crawl that cannot start as asked. ``kind`` says which refusal it is,
    ``usage`` whether the command line itself was wrong (exit status 2)."""

    def __init__(self, kind: str, message: str, *, usage: bool = False, **data):
        super().__init__(message)
        self.kind, self.usage, self.data = kind, usage, data
