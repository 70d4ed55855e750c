"""Metadata for archive databases, from the packaged datasette-metadata.json."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _template() -> dict:
    path = resources.files("wellness_archiver.archive").joinpath("datasette-metadata.json")
    return json.loads(path.read_text("utf-8"))


def instance_metadata() -> dict:
    return {k: v for k, v in _template().items() if k != "tables"}


def archive_metadata() -> dict:
    """One archive database's metadata (a fresh copy: Datasette merges other
    metadata into what hooks return). Canned queries come from their own hook."""
    return {"tables": copy.deepcopy(_template()["tables"])}
