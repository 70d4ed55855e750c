"""Settings a crawl keeps whatever the user sets with ``-s``.

- Scrapy's remote-control extensions stay off: the telnet console and Scrapy
  2.19's RemoteControl (an HTTP server on localhost that runs Python code sent
  to it, on by default). Their extensions are also dropped from
  EXTENSIONS_BASE, so they are not even imported (RemoteControl loads
  aiohttp's web server: ~0.25 s of every crawl's start).
- The per-host concurrency cap is enforced by our own middleware (see
  middlewares/host_cap.py), put in DOWNLOADER_MIDDLEWARES_BASE so that a
  user's DOWNLOADER_MIDDLEWARES cannot drop it by accident.
"""

from __future__ import annotations

HOST_CAP = "wellness_archiver.crawler.middlewares.host_cap.HostConcurrencyMiddleware"
HOST_CAP_ORDER = 950  # after every built-in middleware: nearest the download handler
FORCED = 50  # above "cmdline" (40): -s cannot turn these back on
CONSOLES = ("TELNETCONSOLE_ENABLED", "REMOTE_CONTROL_ENABLED")
CONSOLE_EXTENSIONS = ("scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl")


def harden(settings) -> None:
    for name in CONSOLES:
        settings.set(name, False, priority=FORCED)
    extensions = dict(settings.getdict("EXTENSIONS_BASE"))
    for name in CONSOLE_EXTENSIONS:
        extensions.pop(name, None)
    settings.set("EXTENSIONS_BASE", extensions, priority=FORCED)
    base = dict(settings.getdict("DOWNLOADER_MIDDLEWARES_BASE"))
    base[HOST_CAP] = HOST_CAP_ORDER
    settings.set("DOWNLOADER_MIDDLEWARES_BASE", base, priority=FORCED)
