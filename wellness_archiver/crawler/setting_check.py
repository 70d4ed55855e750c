"""Check ``-s NAME=VALUE`` overrides before the crawl starts.

Scrapy parses a setting where it is used, deep inside the crawl, so
``-s DOWNLOAD_DELAY=abc`` would end in a traceback. The type expected is
the default's (Scrapy's or ours); numbers accept any number (Scrapy reads
some integer defaults, such as DOWNLOAD_TIMEOUT, as floats).
"""

from __future__ import annotations

from scrapy.settings import Settings

from wellness_archiver.crawler import settings as project_settings


def check_overrides(settings: Settings, names) -> None:
    """Raise ValueError, naming the setting, for a value its type cannot take."""
    defaults = Settings()
    defaults.setmodule(project_settings, priority="project")
    for name in names:
        default, value = defaults.get(name), settings.get(name)
        if not isinstance(value, str):
            continue  # set from Python (the CLI's own flags): already typed
        try:
            if isinstance(default, bool):
                kind = "true/false"
                settings.getbool(name)
            elif isinstance(default, (int, float)):
                kind = "number"
                float(value)
            elif isinstance(default, dict):
                kind = "JSON object"
                settings.getdict(name)
        except ValueError:
            raise ValueError(f"-s {name}={value}: not a {kind} (default {default!r})") from None
