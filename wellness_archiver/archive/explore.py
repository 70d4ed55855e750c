"""Datasette configuration for an archive file."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path


def datasette_metadata(db_path: str | Path) -> dict:
    """Datasette 0.65 metadata: the packaged template under this file's name."""
    template = json.loads(
        resources.files("wellness_archiver.archive").joinpath("datasette-metadata.json").read_text("utf-8")
    )
    tables = template.pop("tables")
    return {**template, "databases": {Path(db_path).stem: {"tables": tables}}}
