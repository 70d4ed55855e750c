"""What a crawl will do, decided before it starts: seeds and options from the
command line, a seeds file, a campaign, or the run ``--resume`` continues.

No click here: every refusal is a :class:`PlanError` (or the archive's own
error) with the data to word it; the CLI words it and picks the exit status.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import IO

from wellness_archiver.archive.db import Archive
from wellness_archiver.crawler.frontier import join_run
from wellness_archiver.crawler.frontier.keys import connect
from wellness_archiver.jobs.campaign import plan as campaign_plan
from wellness_archiver.jobs.errors import PlanError  # noqa: F401 - raised here, imported from here too
from wellness_archiver.urls import has_userinfo, normalise_seed, without_userinfo

# The options a run records and a resumed run goes on with (the campaign's ``given`` keys).
RECORDED = ("contact", "max_pages", "max_depth", "allow_private", "refresh", "ignore_tdm", "render")


@dataclass
class CrawlOptions:
    """A crawl's seeds and options, as the command line (or a campaign, or a resumed run) gives them."""

    urls: list[str] = field(default_factory=list)
    contact: str = ""
    max_pages: int | None = None
    max_depth: int | None = None
    allow_private: bool = False
    refresh: bool = False
    ignore_tdm: bool = False
    render: str | None = None
    overrides: dict = field(default_factory=dict)  # -s NAME=VALUE
    frontier: str | None = None
    resume_run: int = 0
    campaign: dict | None = None

    def given(self) -> dict:
        """The options as jobs.campaign.plan takes and returns them."""
        return {**{key: getattr(self, key) for key in RECORDED}, "set": self.overrides}

    def arguments(self, db_path: str) -> dict:
        """What the crawl run records, and what --resume reads back."""
        return {"urls": list(self.urls), "db": db_path, **self.given(), "frontier": self.frontier,
                **({"campaign": self.campaign} if self.campaign else {})}

    def settings(self) -> dict:
        """The settings the options set, under the -s overrides (which win)."""
        flags = {"WELLNESS_ALLOW_PRIVATE": self.allow_private, "WELLNESS_REFRESH": self.refresh,
                 "WELLNESS_IGNORE_TDM": self.ignore_tdm, "WELLNESS_MAX_PAGES": self.max_pages,
                 "WELLNESS_MAX_DEPTH": self.max_depth, "WELLNESS_RESUME_RUN": self.resume_run,
                 "WELLNESS_RENDER": self.render, "WELLNESS_FRONTIER": self.frontier}
        return {**{name: value for name, value in flags.items() if value}, **self.overrides}


def split_resume(resume: str | None, urls: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """``crawl --resume URL``: the value is a URL, not a run id; --resume then means the latest run."""
    if resume is not None and resume != "latest" and not resume.isdigit():
        return "latest", [resume, *urls]
    return resume, list(urls)


def with_campaign(options: CrawlOptions, seeds_file: IO[str] | None, campaign_file: str | None) -> CrawlOptions:
    """Add a seeds file's and a campaign's seeds and options (the command line's win).
    Raises jobs.campaign.CampaignError for a bad file, PlanError when no seed is left."""
    urls, given, campaign = campaign_plan(list(options.urls), seeds_file, campaign_file, options.given())
    if not urls:
        raise PlanError("no-seeds-in-files", "the seeds file and campaign list no URL to crawl", usage=True)
    recorded = {key: given[key] for key in RECORDED}
    return dataclasses.replace(options, urls=urls, overrides=given["set"], campaign=campaign, **recorded)


def resumable_run(db_path: str, urls: list[str], run_id: int | None = None) -> tuple[dict | None, dict]:
    """(the run --resume continues, or None when it finished; the run looked at).

    Raises PlanError when the archive has no crawl run, or when ``urls`` are
    not the run's seeds; the archive's errors (no file, no run RUN_ID) pass."""
    archive = Archive(db_path, create=False)
    try:
        run, latest = archive.resumable_run(run_id)
    finally:
        archive.close()
    if latest is None:
        raise PlanError("no-run", f"{db_path} has no crawl run to resume", db_path=db_path)
    if run is None:
        return None, latest
    seeds = json.loads(run["seeds"])
    given = {normalise_seed(url) for url in urls}  # ValueError for a bad URL
    if given and given != set(seeds):
        raise PlanError("other-seeds", f"crawl run {run['id']} crawls {', '.join(seeds)}",
                        run_id=run["id"], seeds=seeds)
    return run, latest


def resumed(options: CrawlOptions, run: dict) -> CrawlOptions:
    """The run goes on as it started: its seeds, caps, contact and settings (-s given now win)."""
    arguments = json.loads(run["arguments"] or "{}")
    recorded = {key: arguments.get(key) for key in RECORDED}
    recorded["contact"] = recorded["contact"] or ""
    return dataclasses.replace(
        options, urls=json.loads(run["seeds"]), resume_run=run["id"],
        overrides={**(arguments.get("set") or {}), **options.overrides},
        frontier=options.frontier or arguments.get("frontier"), **recorded,
    )


def frontier_seeds(url: str, urls: list[str]) -> tuple[int, list[str]]:
    """Join the frontier's run: the seeds given here are added to it, and a
    worker given none crawls the run's. Raises FrontierError, ValueError, PlanError."""
    run_id, seeds = join_run(connect(url), [normalise_seed(u) for u in urls])
    if not seeds:
        raise PlanError("empty-frontier", f"the frontier {url} has no seeds yet", usage=True, url=url)
    return run_id, seeds


def checked_seeds(urls: list[str]) -> tuple[list[str], list[str]]:
    """(the seeds as crawled and recorded: http(s) only, without user:password@, without repeats;
    the given URLs that had credentials, shown without them). ValueError for a URL that is not http(s)."""
    seeds = list(dict.fromkeys(normalise_seed(url) for url in urls))
    return seeds, [without_userinfo(url.strip()) for url in urls if has_userinfo(url)]
