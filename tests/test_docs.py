"""The README documents every command, every option of each command (in that
command's own section) and every project setting."""

import re
from pathlib import Path

import click
import pytest

from wellness_archiver.cli import COMMANDS, cli
from wellness_archiver.crawler import settings

README = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
HEADING = re.compile(r"^### `wellness-archiver ([a-z-]+)", re.M)


def sections() -> dict[str, str]:
    """Each command's README section: from its ### heading to the next heading of level 2 or 3."""
    found = {}
    for match in HEADING.finditer(README):
        end = re.compile(r"^#{2,3} ", re.M).search(README, match.end())
        found[match.group(1)] = README[match.start():end.start() if end else len(README)]
    return found


def options() -> list[tuple[str, str]]:
    ctx = click.Context(cli)
    return [(name, opt) for name in sorted(COMMANDS) for param in cli.get_command(ctx, name).params
            if isinstance(param, click.Option) for opt in param.opts + param.secondary_opts]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_commands_are_documented(command):
    assert command in sections(), f"no '### `wellness-archiver {command}' section in README.md"


@pytest.mark.parametrize("command, option", options())
def test_options_are_documented_in_their_commands_section(command, option):
    assert f"`{option}" in sections().get(command, ""), f"{command} {option} missing from its README section"


@pytest.mark.parametrize("name", [n for n in vars(settings) if n.startswith(("WELLNESS_", "ARCHIVE_"))])
def test_project_settings_are_documented(name):
    assert f"`{name}`" in README
