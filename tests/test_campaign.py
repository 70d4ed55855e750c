"""crawl --seeds FILE and crawl --campaign FILE.toml: real crawls of the fixture sites,
and validation errors that name the line and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawling import FAST_SETTINGS, crawl
from wellness_archiver.archive.db import Archive
from wellness_archiver.cli import cli

def runs(db_path: Path) -> list[dict]:
    archive = Archive(db_path, create=False)
    try:
        return list(archive.db["crawl_runs"].rows)
    finally:
        archive.close()


def hosts(db_path: Path) -> set[str]:
    archive = Archive(db_path, create=False)
    try:
        return {r[0] for r in archive.db.execute("select distinct host from pages where status = 200")}
    finally:
        archive.close()


def host(url: str) -> str:
    return url.split("://")[1]


def test_seeds_file_with_comments_plus_url_arguments(demo_sites, tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"# two fixture blogs\n\n{demo_sites.urls['ghost']}/   # the Ghost one\n"
                     f"   \n{demo_sites.urls['ghost']}/\n")
    db_path = tmp_path / "a.db"
    proc = crawl(db_path, demo_sites.urls["wix"], "--seeds", str(seeds), "--max-pages", "3", "--allow-private",
                 "--contact", "t@example.invalid", *FAST_SETTINGS, profile=())
    assert proc.returncode in (0, 3), proc.stdout + proc.stderr
    (run,) = runs(db_path)
    assert sorted(json.loads(run["seeds"])) == sorted([demo_sites.urls["ghost"] + "/", demo_sites.urls["wix"] + "/"])
    assert hosts(db_path) == {host(demo_sites.urls["ghost"]), host(demo_sites.urls["wix"])}
    assert run["campaign"] is None


def test_seeds_from_stdin(demo_sites, tmp_path):
    db_path = tmp_path / "b.db"
    proc = crawl(db_path, "--seeds", "-", "--max-pages", "2", "--allow-private", "--contact", "t@example.invalid",
                 *FAST_SETTINGS, profile=(), stdin=demo_sites.urls['blogger'].replace("://", "://someone:s3cr3t@") + "\n# done\n")
    assert proc.returncode in (0, 3), proc.stdout + proc.stderr
    # A file's seed loses its user:password@ as a command line's does, and says so.
    assert f"credentials removed from {demo_sites.urls['blogger']}" in proc.stderr
    assert json.loads(runs(db_path)[0]["seeds"]) == [demo_sites.urls["blogger"] + "/"]
    assert hosts(db_path) == {host(demo_sites.urls["blogger"])}


def test_campaign_file_is_crawled_recorded_and_in_the_datasheet(demo_sites, tmp_path):
    (tmp_path / "more.txt").write_text(f"{demo_sites.urls['custom']}\n")
    campaign = tmp_path / "grief.toml"
    campaign.write_text(f'''
name = "Grief blogs test"
description = "Two fixture blogs, capped, for the campaign test"
contact = "campaign@example.invalid"
seeds = ["{demo_sites.urls['squarespace']}"]
seeds_file = "more.txt"

[limits]
max_pages = 4
max_depth = 3

[options]
allow_private = true
render = "never"

[settings]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
CONCURRENT_REQUESTS_PER_DOMAIN = 8
WELLNESS_EXTRACT_WORKERS = 1
''')
    db_path = tmp_path / "c.db"
    proc = crawl(db_path, "--campaign", str(campaign), profile=())
    assert proc.returncode in (0, 3), proc.stdout + proc.stderr
    assert "Campaign 'Grief blogs test': 2 seed(s)" in proc.stdout
    assert "no --contact" not in proc.stderr  # the campaign's contact is used
    (run,) = runs(db_path)
    recorded = json.loads(run["campaign"])
    assert recorded["name"] == "Grief blogs test" and recorded["limits"] == {"max_pages": 4, "max_depth": 3}
    assert recorded["settings"]["DOWNLOAD_DELAY"] == 0 and recorded["seeds"] == 2
    arguments = json.loads(run["arguments"])
    assert arguments["contact"] == "campaign@example.invalid" and arguments["max_pages"] == 4
    assert arguments["render"] == "never" and arguments["allow_private"] is True
    assert hosts(db_path) == {host(demo_sites.urls["squarespace"]), host(demo_sites.urls["custom"])}
    archive = Archive(db_path, create=False)
    try:
        per_site = archive.db.execute("select host, count(*) from pages where page_type not in ('blocked', 'feed') "
                                      "and status is not null group by host").fetchall()
    finally:
        archive.close()
    assert all(count <= 4 for _, count in per_site), per_site
    sheet = CliRunner().invoke(cli, ["datasheet", str(db_path)]).output
    assert "### Campaigns" in sheet and "**Grief blogs test**" in sheet
    assert "Two fixture blogs, capped" in sheet and "max_pages 4" in sheet


@pytest.mark.parametrize("text, message", [
    ('name = "x"\nseeds = ["https://a.example/"]\n\n[limits]\nmax_pages = "ten"\n',
     "line 5, field limits.max_pages: expected a whole number of at least 1, got 'ten'"),
    ('name = "x"\nseeds = [\n  "https://a.example/",\n  "ftp://b.example/",\n]\n',
     "line 4, field seeds: not an http(s) URL: 'ftp://b.example/'"),
    ('name = "x"\nseed = ["https://a.example/"]\n', "line 2, field seed: unknown field"),
    ('seeds = ["https://a.example/"]\n', "line 1, field name: a campaign needs a name"),
    ('name = "x"\n[options]\nallow_private = "yes"\n', "line 3, field options.allow_private: expected true or false"),
    ('name = "x"\n[options]\nrender = "sometimes"\n',
     "line 3, field options.render: expected one of never, auto, always, got 'sometimes'"),
    ('name = "x"\n\n[settings]\ndownload_delay = 2\n', "line 4, field settings.download_delay: setting names"),
    ('name = "x"\nseeds_file = "missing.txt"\n', "line 2, field seeds_file: cannot read"),
    # a shared campaign file cannot weaken the crawl's protections or move the archive
    *[(f'name = "x"\n[settings]\nDOWNLOAD_DELAY = 1\n{key} = {value}\n',
       f"line 4, field settings.{key}: a campaign file may set only politeness and limit settings")
      for key, value in [("ARCHIVE_DB", '"/tmp/elsewhere.db"'), ("WELLNESS_SSRF_GUARD", "false"),
                         ("WELLNESS_ALLOWED_ADDRESSES", '["10.0.0.1"]'), ("ROBOTSTXT_OBEY", "false"),
                         ("WELLNESS_RESUME_RUN", "3"), ("DOWNLOAD_HANDLERS", '{http = "x.Handler"}'),
                         ("DOWNLOADER_MIDDLEWARES", "{}"), ("USER_AGENT", '"x"'), ("WELLNESS_TEST_HOSTS", "{}"),
                         ("TWISTED_DNS_RESOLVER", '"x.R"'), ("REMOTE_CONTROL_ENABLED", "true")]],
    ('name = "x"\nseeds = [1\n', "not valid TOML"),
])
def test_campaign_validation_errors_name_line_and_field(tmp_path, text, message):
    campaign = tmp_path / "bad.toml"
    campaign.write_text(text)
    result = CliRunner().invoke(cli, ["crawl", "--campaign", str(campaign), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1, result.output
    assert message in result.output and str(campaign) in result.output
    assert result.output.strip().count("\n") == 0  # one line
    assert not (tmp_path / "x.db").exists()  # nothing started


def test_seeds_file_errors_name_the_line(tmp_path):
    seeds = tmp_path / "seeds.txt"
    # Never a crawl of a real host: every file here fails before anything starts.
    for bad in ("mailto:me@example.org", "ftp://b.example/", "two words.example"):
        seeds.write_text(f"https://a.example/\n# fine\n{bad}\n")
        result = CliRunner().invoke(cli, ["crawl", "--seeds", str(seeds), "--db", str(tmp_path / "x.db")])
        assert result.exit_code == 1, result.output
        assert f"{seeds} line 3: not an http(s) URL: {bad!r}" in result.output
        assert not (tmp_path / "x.db").exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n")
    result = CliRunner().invoke(cli, ["crawl", "--seeds", str(empty), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "list no URL" in result.output
    result = CliRunner().invoke(cli, ["crawl", "--resume", "--seeds", str(seeds), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "leave out --seeds" in result.output
