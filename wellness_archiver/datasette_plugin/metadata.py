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


def archive_metadata(name: str, path: str) -> dict:
    """One archive database's metadata (a fresh copy: Datasette merges other
    metadata into what hooks return). Canned queries come from their own hook."""
    return {"description_html": DATABASE_HTML.replace("{db}", path), "tables": copy.deepcopy(_template()["tables"])}


DATABASE_HTML = (
    'Blog posts crawled into a research corpus. Browse <a href="{db}/article_list">article_list</a> '
    '(title, site, author, dates, words, tags; year and month facets) and click a title to read the '
    'article; search with the ranked <a href="{db}/search">search</a> query; check the corpus with '
    '<a href="{db}/chrome_leaks">chrome_leaks</a>, <a href="{db}/failures">failures</a>, '
    '<a href="{db}/duplicates">duplicates</a>, <a href="{db}/articles_per_month">articles_per_month</a>, '
    '<a href="{db}/policy">policy</a> and <a href="{db}/crawl_runs">crawl_runs</a>.'
)
