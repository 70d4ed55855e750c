"""jobs/crawl_plan.py: a crawl's seeds and options decided before it starts, without click."""

from __future__ import annotations

import io

import pytest

from wellness_archiver.archive import errors
from wellness_archiver.archive.db import Archive
from wellness_archiver.jobs.campaign import CampaignError
from wellness_archiver.jobs.crawl_plan import (CrawlOptions, PlanError, checked_seeds, resumable_run, resumed,
                                               split_resume, with_campaign)


def _archive(tmp_path, runs):
    """An archive with crawl runs: (seeds, arguments, status) each; returns its path."""
    path = tmp_path / "a.db"
    archive = Archive(path)
    for seeds, arguments, status in runs:
        run_id = archive.start_run(seeds, arguments, {})
        if status:
            archive.finish_run(run_id, status)
    archive.close()
    return str(path)


def test_resume_url_is_a_seed_not_a_run_id():
    assert split_resume("https://b.example/", ("https://c.example/",)) == (
        "latest", ["https://b.example/", "https://c.example/"])
    assert split_resume("3", ()) == ("3", [])
    assert split_resume(None, ("x.example",)) == (None, ["x.example"])


def test_a_resumed_run_goes_on_with_its_own_options(tmp_path):
    arguments = {"max_pages": 5, "max_depth": 2, "contact": "me@example.org", "allow_private": True,
                 "render": "auto", "set": {"DOWNLOAD_DELAY": "1", "RETRY_TIMES": "1"}, "frontier": None}
    db = _archive(tmp_path, [(["https://b.example/"], arguments, None)])
    run, latest = resumable_run(db, [])
    assert run["id"] == latest["id"] == 1
    options = resumed(CrawlOptions(overrides={"DOWNLOAD_DELAY": "3"}), run)
    assert options.urls == ["https://b.example/"] and options.resume_run == 1
    assert (options.max_pages, options.max_depth, options.contact, options.render) == (5, 2, "me@example.org", "auto")
    assert options.overrides == {"DOWNLOAD_DELAY": "3", "RETRY_TIMES": "1"}  # given now wins
    settings = options.settings()
    assert settings["WELLNESS_RESUME_RUN"] == 1 and settings["WELLNESS_ALLOW_PRIVATE"] is True
    assert "WELLNESS_REFRESH" not in settings  # unset flags are left to the defaults
    assert options.arguments(db)["urls"] == ["https://b.example/"]


def test_a_finished_run_leaves_nothing_to_resume(tmp_path):
    db = _archive(tmp_path, [(["https://b.example/"], {}, "finished")])
    run, latest = resumable_run(db, [])
    assert run is None and latest["id"] == 1


def test_resume_refusals_carry_their_data(tmp_path):
    with pytest.raises(errors.NoArchive) as missing:
        resumable_run(str(tmp_path / "none.db"), [])
    assert missing.value.path.name == "none.db"
    empty = _archive(tmp_path, [])
    with pytest.raises(PlanError) as no_run:
        resumable_run(empty, [])
    assert no_run.value.kind == "no-run" and no_run.value.data == {"db_path": empty}
    (tmp_path / "other").mkdir()
    db = _archive(tmp_path / "other", [(["https://b.example/"], {}, None)])
    with pytest.raises(PlanError) as other:
        resumable_run(db, ["https://c.example/"])
    assert other.value.kind == "other-seeds" and other.value.data["seeds"] == ["https://b.example/"]
    with pytest.raises(errors.NoSuchRun) as no_such:
        resumable_run(db, [], run_id=9)
    assert no_such.value.run_id == 9


def test_seeds_are_checked_and_credentials_removed():
    seeds, stripped = checked_seeds(["example.blog", "https://user:pw@b.example/", "https://example.blog/"])
    assert seeds == ["https://example.blog/", "https://b.example/"]
    assert stripped == ["https://b.example/"] and "pw" not in " ".join(seeds + stripped)
    with pytest.raises(ValueError, match="not an http"):
        checked_seeds(["ftp://example.org/"])


def test_a_campaign_fills_what_the_command_line_leaves_out(tmp_path):
    campaign = tmp_path / "c.toml"
    campaign.write_text('name = "t"\ncontact = "c@example.org"\nseeds = ["https://b.example/"]\n'
                        "[limits]\nmax_pages = 7\n", encoding="utf-8")
    options = with_campaign(CrawlOptions(urls=[], max_depth=3), io.StringIO("https://c.example/\n"), str(campaign))
    assert options.urls == ["https://b.example/", "https://c.example/"]
    assert (options.contact, options.max_pages, options.max_depth) == ("c@example.org", 7, 3)
    assert options.campaign["name"] == "t"


def test_files_without_seeds_are_a_usage_error(tmp_path):
    with pytest.raises(PlanError) as ex:
        with_campaign(CrawlOptions(), io.StringIO("# nothing\n"), None)
    assert ex.value.usage and ex.value.kind == "no-seeds-in-files"
    with pytest.raises(CampaignError):
        with_campaign(CrawlOptions(), io.StringIO("ftp://x/\n"), None)
