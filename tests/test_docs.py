"""The README documents every command, every crawl option and every project setting."""

from pathlib import Path

import pytest

from wellness_archiver.crawler import settings
from wellness_archiver.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text("utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_commands_are_documented(command):
    assert f"### `wellness-archiver {command}" in README


@pytest.mark.parametrize("option", [o for p in cli.commands["crawl"].params for o in p.opts if o.startswith("--")])
def test_crawl_options_are_documented(option):
    assert f"`{option}" in README


@pytest.mark.parametrize("name", [n for n in vars(settings) if n.startswith(("WELLNESS_", "ARCHIVE_"))])
def test_project_settings_are_documented(name):
    assert f"`{name}`" in README
