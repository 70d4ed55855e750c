"""Seed lists and campaign files: a crawl written down, so it can be re-run and cited.

A seeds file has one URL per line; blank lines and ``#`` comments (a whole
line, or after a space) are ignored. A campaign file is TOML::

    name = "UK therapy blogs 2026"
    description = "Practitioner blogs on grief and anxiety"
    contact = "me@example.org"
    seeds = ["https://example-therapy.blog/"]
    seeds_file = "blogs.txt"            # relative to the campaign file

    [limits]
    max_pages = 500
    max_depth = 10

    [options]
    allow_private = false
    ignore_tdm = false
    refresh = false
    render = "auto"                     # never | auto | always

    [settings]                          # politeness and limits only (CAMPAIGN_SETTINGS)
    DOWNLOAD_DELAY = 2

Every error names the file, the line and the field, in one line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from wellness_archiver.urls import normalise_seed

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

FIELDS = {"name", "description", "contact", "seeds", "seeds_file", "limits", "options", "settings"}
LIMITS = ("max_pages", "max_depth")
OPTIONS = ("allow_private", "ignore_tdm", "refresh", "render")
RENDER_MODES = ("never", "auto", "always")  # as crawl --render
SETTING_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
# What a campaign file may set: politeness and limits only. A shared file must
# not move the archive, turn the SSRF guard or robots.txt off, resume another
# run, change the identity sent, or load code (handlers, middlewares...): those
# stay with whoever runs the crawl (-s on the command line).
CAMPAIGN_SETTINGS = frozenset({
    "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "CONCURRENT_REQUESTS_PER_IP", "DOWNLOAD_DELAY",
    "RANDOMIZE_DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE", "REDIRECT_MAX_TIMES",
    "RETRY_TIMES", "ARCHIVE_BATCH_SIZE", "ARCHIVE_FLUSH_SECONDS", "ARCHIVE_MAX_SIZE_MB", "WELLNESS_EXTRACT_WORKERS",
    "WELLNESS_EXTRACT_TIMEOUT", "WELLNESS_MAX_PAGES", "WELLNESS_MAX_DEPTH", "WELLNESS_SITEMAP_MAX_DEPTH",
    "WELLNESS_SITEMAP_MAX_COUNT", "WELLNESS_TRAP_LIMIT", "WELLNESS_MAX_CRAWL_DELAY", "WELLNESS_RETRY_BACKOFF",
    "WELLNESS_MAX_RETRY_AFTER",
})
TABLE_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_.\"-]+?)\s*\]\s*(#.*)?$")
INLINE_COMMENT = re.compile(r"\s+#.*$")


class CampaignError(ValueError):
    """A seeds or campaign file that cannot be used; the message names where."""


def _add_seed(seeds: dict[str, str], url: str) -> None:
    """Check ``url`` (ValueError) and add it as given unless its normalised form is in ``seeds``.

    Kept as given: the CLI normalises every seed in one place and warns about
    any user:password@ it removes, from a file as from the command line."""
    seeds.setdefault(normalise_seed(url), url.strip())


def read_seeds(stream: IO[str], name: str | None = None) -> list[str]:
    """The URLs of a seeds file (or stdin), normalised, in order, without repeats."""
    name = name or getattr(stream, "name", "seeds")
    seeds: dict[str, str] = {}
    for number, line in enumerate(stream, 1):
        line = INLINE_COMMENT.sub("", line).strip()
        if not line or line.startswith("#"):
            continue
        try:
            _add_seed(seeds, line)
        except ValueError as ex:
            raise CampaignError(f"{name} line {number}: {ex}") from None
    return list(seeds.values())


@dataclass
class Campaign:
    path: Path
    name: str
    description: str = ""
    contact: str = ""
    seeds: list[str] = field(default_factory=list)
    seeds_file: str | None = None
    limits: dict[str, int] = field(default_factory=dict)
    options: dict[str, bool] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""

    def record(self) -> dict:
        """What a crawl run keeps of its campaign (crawl_runs.campaign)."""
        return {"name": self.name, "description": self.description, "file": self.path.name,
                "sha256": self.sha256, "contact": self.contact, "seeds": len(self.seeds),
                "seeds_file": self.seeds_file, "limits": self.limits, "options": self.options,
                "settings": self.settings}


def _line_of(text: str, table: str | None, key: str | None = None, value: str | None = None) -> int:
    """The line of ``key`` (or of a string ``value``) in ``table`` (None: the top level), best effort:
    tomllib keeps no positions."""
    current, header_line = None, 0
    for number, line in enumerate(text.splitlines(), 1):
        header = TABLE_HEADER.match(line)
        if header:
            current = header.group(1).strip('"')
            if current == table and key is None and value is None:
                return number
            header_line = number if current == table else header_line
            continue
        if value is not None:
            if repr(value)[1:-1] in line or f'"{value}"' in line:
                return number
            continue
        if key is None:
            continue
        if current == table and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
        if current is None and table and re.match(rf"\s*{re.escape(table)}\s*\.\s*{re.escape(key)}\s*=", line):
            return number
    return header_line or 1


def load_campaign(path: str | Path) -> Campaign:
    """Read and check a campaign file; seeds_file is read too, relative to it."""
    path = Path(path)
    raw, text, data = _read_toml(path)

    def fail(message: str, table: str | None = None, key: str | None = None, value: str | None = None):
        where = f"{table}.{key}" if table and key else (key or table)
        raise CampaignError(f"{path} line {_line_of(text, table, key, value)}, field {where}: {message}")

    for key in data:
        if key not in FIELDS:
            fail(f"unknown field (expected one of: {', '.join(sorted(FIELDS))})", key=key)
    for key in ("name", "description", "contact", "seeds_file"):
        if key in data and not isinstance(data[key], str):
            fail(f"expected a string, got {type(data[key]).__name__}", key=key)
    name = (data.get("name") or "").strip()
    if not name:
        fail("a campaign needs a name (name = \"...\")", key="name")
    seeds = _campaign_seeds(path, text, data, fail)
    tables = _checked_tables(data, fail)
    return Campaign(path=path, name=name, description=(data.get("description") or "").strip(),
                    contact=(data.get("contact") or "").strip(), seeds=seeds, seeds_file=data.get("seeds_file"),
                    limits=dict(tables["limits"]), options=dict(tables["options"]),
                    settings=dict(tables["settings"]), sha256=hashlib.sha256(raw).hexdigest())


def _read_toml(path: Path) -> tuple[bytes, str, dict]:
    """(the file's bytes, its text, the TOML it holds)."""
    try:
        raw = path.read_bytes()
    except OSError as ex:
        raise CampaignError(f"cannot read campaign file {path}: {ex.strerror or ex}") from None
    try:
        text = raw.decode("utf-8")
        return raw, text, tomllib.loads(text)
    except UnicodeDecodeError as ex:
        raise CampaignError(f"{path}: not UTF-8 text ({ex.reason} at byte {ex.start})") from None
    except tomllib.TOMLDecodeError as ex:
        raise CampaignError(f"{path}: not valid TOML: {ex}") from None


def _campaign_seeds(path: Path, text: str, data: dict, fail) -> list[str]:
    """The seeds of ``seeds`` then of ``seeds_file``, normalised, each once."""
    seeds_value = data.get("seeds", [])
    if not isinstance(seeds_value, list):
        fail(f"expected a list of URLs, got {type(seeds_value).__name__}", key="seeds")
    found: dict[str, str] = {}
    for seed in seeds_value:
        if not isinstance(seed, str):
            fail(f"expected a URL string, got {type(seed).__name__} {seed!r}", key="seeds")
        try:
            _add_seed(found, seed)
        except ValueError as ex:
            raise CampaignError(f"{path} line {_line_of(text, None, value=seed)}, field seeds: {ex}") from None
    if data.get("seeds_file"):
        seeds_path = path.parent / data["seeds_file"]
        try:
            with open(seeds_path, encoding="utf-8") as stream:
                for seed in read_seeds(stream, str(seeds_path)):
                    _add_seed(found, seed)
        except OSError as ex:
            fail(f"cannot read {seeds_path}: {ex.strerror or ex}", key="seeds_file")
    return list(found.values())


def _checked_tables(data: dict, fail) -> dict[str, dict]:
    """The [limits], [options] and [settings] tables, each key and value checked."""
    tables = {}
    for table in ("limits", "options", "settings"):
        tables[table] = data.get(table, {})
        if not isinstance(tables[table], dict):
            fail(f"expected a table ([{table}]), got {type(tables[table]).__name__}", key=table)
    for key, value in tables["limits"].items():
        if key not in LIMITS:
            fail(f"unknown limit (expected one of: {', '.join(LIMITS)})", "limits", key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            fail(f"expected a whole number of at least 1, got {value!r}", "limits", key)
    for key, value in tables["options"].items():
        if key not in OPTIONS:
            fail(f"unknown option (expected one of: {', '.join(OPTIONS)})", "options", key)
        if key == "render":
            if value not in RENDER_MODES:
                fail(f"expected one of {', '.join(RENDER_MODES)}, got {value!r}", "options", key)
        elif not isinstance(value, bool):
            fail(f"expected true or false, got {value!r}", "options", key)
    for key in tables["settings"]:
        if not SETTING_NAME.fullmatch(key):
            fail("setting names are upper case, as in Scrapy (e.g. DOWNLOAD_DELAY)", "settings", key)
        if key not in CAMPAIGN_SETTINGS:
            fail("a campaign file may set only politeness and limit settings (see README); "
                 "give this one with -s on the command line", "settings", key)
    return tables


def plan(urls: list[str], seeds_stream: IO[str] | None, campaign_path: str | None, given: dict) -> tuple:
    """Seeds and options of a crawl from its URLs, ``--seeds`` and ``--campaign``.

    ``given``: the command line's contact, max_pages, max_depth, the OPTIONS
    flags and ``set`` (-s overrides); what it gives wins over the campaign.
    Returns (seeds as given, checked and without repeats; options; campaign record or None)."""
    campaign = load_campaign(campaign_path) if campaign_path else None
    found: dict[str, str] = {}
    try:
        for url in [*(campaign.seeds if campaign else []),
                    *(read_seeds(seeds_stream) if seeds_stream is not None else []), *urls]:
            _add_seed(found, url)
    except ValueError as ex:
        raise CampaignError(str(ex)) from None
    seeds = list(found.values())  # as given: the CLI normalises them (and warns about credentials)
    options = dict(given)
    if campaign:
        options["contact"] = given.get("contact") or campaign.contact
        for key in LIMITS:
            options[key] = given.get(key) or campaign.limits.get(key)
        for key in OPTIONS:
            value = given.get(key) or campaign.options.get(key)
            options[key] = value if key == "render" else bool(value)
        options["set"] = {**campaign.settings, **(given.get("set") or {})}
    return seeds, options, campaign.record() if campaign else None
